"""Who claims what, about whom: breakdowns and the actor network.

Two views, each a table function (backend-neutral, tested on its own) and a
plot function:

- :func:`count_breakdown` / :func:`plot_breakdown`: claims and incidents per
  side of the source, actor, claim type, week or oblast;
- :func:`actor_pairs` / :func:`plot_actor_network`: which actors the claims
  put on opposing sides of the same incident.

Figures for one quantity, source by source, are in :mod:`osintkit.plots.ranges`.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import TYPE_CHECKING, Literal, cast, overload

import numpy as np
import pandas as pd

from osintkit.plots.columns import (
    SOURCE_COLUMNS_HINT,
    column,
    require_columns,
    split_ids,
)
from osintkit.plots.figures import (
    Backend,
    add_note,
    check_backend,
    empty_figure,
    new_figure,
    new_plotly_figure,
    side_legend_handles,
)
from osintkit.plots.spec import PlotlySpec, Trace, bar, scatter
from osintkit.plots.style import (
    CAMPS,
    INCIDENT_COLOUR,
    side_colour,
    side_label,
    sort_sides,
)
from osintkit.plots.text import hover_html, html_text, matplotlib_text, mpl_text
from osintkit.selection import claim_days

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from matplotlib.figure import Figure

__all__ = [
    "BREAKDOWNS",
    "actor_pairs",
    "count_breakdown",
    "plot_actor_network",
    "plot_breakdown",
]

#: What :func:`count_breakdown` can count by, and the claims column it reads.
BREAKDOWNS: dict[str, str] = {
    "side": "source_side",
    "actor": "actor_ids",
    "claim_type": "claim_type",
    "week": "reported_date",
    "oblast": "admin1_codes",
}

BLANK = "(blank)"
UNDATED = "(undated)"
_NEUTRAL = "#6b6b6b"


# --------------------------------------------------------------------------
# breakdowns


def _keys(claims: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per (claim, key): list columns give a row per item."""
    base = pd.DataFrame(
        {
            "claim_id": claims["claim_id"].astype("str").to_numpy(),
            "incident_id": column(claims, "incident_id").to_numpy(),
        }
    )
    if by == "side":
        values = column(claims, "source_side").to_numpy()
    elif by == "claim_type":
        values = column(claims, "claim_type").to_numpy()
    elif by == "week":
        days = claim_days(
            claims.assign(
                reported_date=column(claims, "reported_date"),
                event_date_start=column(claims, "event_date_start"),
            )
        )
        monday = days.dt.normalize() - pd.to_timedelta(days.dt.day_of_week, unit="D")
        values = monday.dt.strftime("%Y-%m-%d").fillna(UNDATED).to_numpy()
    else:
        name = BREAKDOWNS[by]
        lists = column(claims, name).map(split_ids).to_numpy()
        base = base.assign(key=lists).explode("key")
        return base.assign(key=base["key"].fillna(BLANK).astype("str"))
    key = pd.Series(values, dtype="object").fillna(BLANK).astype("str")
    return base.assign(key=key.replace("", BLANK).to_numpy())


def count_breakdown(
    claims: pd.DataFrame,
    by: Literal["side", "actor", "claim_type", "week", "oblast"],
    *,
    actors: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Count claims and incidents per side, actor, claim type, week or oblast.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims (``claim_id``; ``source_side`` for ``by="side"``, see
        :func:`osintkit.selection.with_source_columns`). ``incident_id``
        is used when present.
    by : {"side", "actor", "claim_type", "week", "oblast"}
        ``side``: side of the claim's source; ``actor``: each actor in
        ``actor_ids``; ``week``: the Monday of the week the claim counts for
        (its ``reported_date``, else its event start, as in
        :func:`osintkit.selection.claim_days`); ``oblast``: each code in
        ``admin1_codes``. A claim naming two actors or oblasts counts once
        for each, so the column may sum to more than the number of claims.
    actors : pandas.DataFrame, optional
        Reference actors (``actor_id``, ``name``, ``side``), to name actors.

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``claims`` and ``incidents`` (distinct ``incident_id``
        of those claims; unassigned claims count for none), plus ``name`` and
        ``actor_side`` for ``by="actor"``. Blank values count as
        ``(blank)``, undated claims' week as ``(undated)``. Weeks are in date
        order; other keys most claims first, ties by key.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["c1", "c2", "c3"], "incident_id": ["I1", "I1", None],
    ...     "actor_ids": ["lsr;rdk", "lsr", None]})
    >>> table = count_breakdown(claims, "actor")
    >>> table[["actor", "claims", "incidents"]].values.tolist()
    [['lsr', 2, 1], ['(blank)', 1, 0], ['rdk', 1, 1]]
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}, not {by!r}")
    require_columns(claims, ["claim_id"], "claims")
    if by == "side":
        require_columns(claims, ["source_side"], "claims", SOURCE_COLUMNS_HINT)
    keys = _keys(claims, by)
    grouped = keys.groupby("key", sort=True)
    table = pd.DataFrame(
        {
            "claims": grouped["claim_id"].nunique(),
            "incidents": grouped["incident_id"].nunique(),
        }
    ).rename_axis(by)
    table = table.reset_index().astype({"claims": "int64", "incidents": "int64"})
    if by == "week":
        table = table.sort_values(by, key=lambda s: s == UNDATED, kind="stable")
    else:
        table = table.sort_values(
            ["claims", by], ascending=[False, True], kind="stable"
        )
    table = table.reset_index(drop=True)
    if by == "actor":
        names, sides = _actor_lookup(actors)
        actor = table["actor"].astype("str")
        table.insert(1, "name", actor.map(lambda a: names.get(a, a)))
        table.insert(2, "actor_side", actor.map(lambda a: sides.get(a, "unknown")))
    return table


def _actor_lookup(actors: pd.DataFrame | None) -> tuple[dict[str, str], dict[str, str]]:
    if actors is None or actors.empty:
        return {}, {}
    ids = actors["actor_id"].astype("str")
    names = dict(
        zip(ids, column(actors, "name").fillna(ids).astype("str"), strict=True)
    )
    sides = dict(
        zip(ids, column(actors, "side").fillna("unknown").astype("str"), strict=True)
    )
    return names, sides


def _bar_colours(table: pd.DataFrame, by: str) -> list[str]:
    if by == "side":
        return [side_colour(side) for side in table[by]]
    if by == "actor":
        return [side_colour(side) for side in table["actor_side"]]
    return [_NEUTRAL] * len(table)


@overload
def plot_breakdown(
    claims: pd.DataFrame,
    by: Literal["side", "actor", "claim_type", "week", "oblast"],
    *,
    actors: pd.DataFrame | None = ...,
    title: str | None = ...,
    backend: Literal["matplotlib"] = ...,
) -> Figure: ...
@overload
def plot_breakdown(
    claims: pd.DataFrame,
    by: Literal["side", "actor", "claim_type", "week", "oblast"],
    *,
    actors: pd.DataFrame | None = ...,
    title: str | None = ...,
    backend: Literal["plotly"],
) -> go.Figure: ...
@overload
def plot_breakdown(
    claims: pd.DataFrame,
    by: Literal["side", "actor", "claim_type", "week", "oblast"],
    *,
    actors: pd.DataFrame | None = ...,
    title: str | None = ...,
    backend: Literal["plotly-json"],
) -> PlotlySpec: ...
def plot_breakdown(
    claims: pd.DataFrame,
    by: Literal["side", "actor", "claim_type", "week", "oblast"],
    *,
    actors: pd.DataFrame | None = None,
    title: str | None = None,
    backend: Backend = "matplotlib",
) -> Figure | go.Figure | PlotlySpec:
    """Bar chart of :func:`count_breakdown`: claims and incidents per key.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims (see :func:`count_breakdown`).
    by : {"side", "actor", "claim_type", "week", "oblast"}
        What to count by.
    actors : pandas.DataFrame, optional
        Reference actors, to name actors and colour them by side.
    title : str, optional
        Figure title; by default "Claims and incidents by <by>".
    backend : {"matplotlib", "plotly", "plotly-json"}
        Kind of figure.

    Returns
    -------
    matplotlib.figure.Figure, plotly.graph_objects.Figure or PlotlySpec
        Horizontal bars: claims (coloured by side where ``by`` has one) and
        incidents (grey); with no claims, a figure that says so.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2"],
    ...     "source_side": ["russia", "ukraine"], "incident_id": ["I1", "I1"]})
    >>> figure = plot_breakdown(claims, "side", backend="plotly")
    >>> [trace.name for trace in figure.data]
    ['claims', 'incidents']
    """
    check_backend(backend)
    title = (
        title
        if title is not None
        else f"Claims and incidents by {by.replace('_', ' ')}"
    )
    if claims.empty:
        return empty_figure("No claims to count.", title=title, backend=backend)
    table = count_breakdown(claims, by, actors=actors)
    labels_raw = table["name"] if by == "actor" else table[by]
    if by == "side":
        labels_raw = table[by].map(side_label)
    colours = _bar_colours(table, by)
    note = (
        "A claim naming several actors or oblasts counts once for each. "
        "Incidents: distinct incident_id among the claims "
        "(unassigned claims count for none)."
    )
    if backend != "matplotlib":
        labels = [html_text(v, max_chars=40) for v in labels_raw]
        frame = new_plotly_figure(title, height=max(320, 24 * len(table) + 200))
        traces = [
            bar(
                orientation="h",
                y=labels,
                x=table["claims"].tolist(),
                name="claims",
                marker={"color": colours},
                hovertext=[
                    hover_html([(by, label), ("claims", n)])
                    for label, n in zip(labels_raw, table["claims"], strict=True)
                ],
                hoverinfo="text",
            ),
            bar(
                orientation="h",
                y=labels,
                x=table["incidents"].tolist(),
                name="incidents",
                marker={"color": INCIDENT_COLOUR, "pattern": {"shape": "/"}},
                hovertext=[
                    hover_html([(by, label), ("incidents", n)])
                    for label, n in zip(labels_raw, table["incidents"], strict=True)
                ],
                hoverinfo="text",
            ),
        ]
        frame.update_layout(barmode="group")
        frame.update_yaxes(autorange="reversed", type="category")
        frame.update_xaxes(title_text="count", rangemode="tozero")
        add_note(frame, note)
        return frame.finish(traces, backend)
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    with matplotlib_text():
        figure = new_figure(8, max(3.0, 0.32 * len(table) + 1.8))
        axes = figure.add_subplot()
        y = np.arange(len(table))
        axes.barh(y - 0.2, table["claims"], height=0.4, color=colours, label="claims")
        axes.barh(
            y + 0.2,
            table["incidents"],
            height=0.4,
            color=INCIDENT_COLOUR,
            hatch="//",
            alpha=0.6,
            label="incidents",
        )
        axes.set_yticks(y, labels=[mpl_text(v, max_chars=40) for v in labels_raw])
        axes.set_ylim(len(table) - 0.5, -0.5)
        axes.set_xlabel("count")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(
            handles=[
                Patch(
                    color=colours[0] if by not in {"side", "actor"} else _NEUTRAL,
                    label="claims"
                    if by not in {"side", "actor"}
                    else "claims (colour: side)",
                ),
                Patch(
                    facecolor=INCIDENT_COLOUR, hatch="//", alpha=0.6, label="incidents"
                ),
            ],
            fontsize=8,
            frameon=False,
            loc="lower right",
        )
        axes.set_title(mpl_text(title, max_chars=120))
    add_note(figure, note)
    return figure


# --------------------------------------------------------------------------
# actor network


def _unnamed(side: str) -> str:
    return f"side:{side}"


def actor_pairs(claims: pd.DataFrame, *, actors: pd.DataFrame) -> pd.DataFrame:
    """List the actors that claims put on opposing sides of the same incident.

    The rule (explainable, not a finding that they fought):

    1. The camps are Russia (``russia``, ``pro_russia``) and Ukraine
       (``ukraine``, ``pro_ukraine``), by each actor's ``side`` in the
       reference; civilian, independent and unknown actors are not paired.
    2. **Same incident**: every actor named in the ``actor_ids`` of any claim
       of an incident is present in it (a claim without ``incident_id`` is an
       incident of its own). Each two present actors of opposing camps make a
       pair.
    3. **Subject side**: a claim whose figure counts one camp's people or
       equipment (``subject_side``) and whose ``actor_ids`` name actors of the
       other camp pairs each of them with an unnamed actor for that side,
       ``side:<subject_side>`` (e.g. the LSR claims to have destroyed a
       Russian vehicle: ``lsr`` and ``side:russia``).

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``claim_id`` and ``actor_ids`` (``incident_id`` and
        ``subject_side`` used when present).
    actors : pandas.DataFrame
        Reference actors with ``actor_id``, ``name`` and ``side``.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``actor_a``, ``actor_b`` (``actor_a < actor_b``),
        ``name_a``, ``name_b``, ``side_a``, ``side_b``, ``incidents`` (how
        many incidents support the pair), ``claims`` (how many claims name
        one of the two there), ``incident_ids`` and ``claim_ids``
        (``;``-joined, sorted). Sorted by ``incidents`` (most first), then
        the actor ids.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["lsr", "ru-mod", "civilians"],
    ...     "name": ["Legion", "MoD", "Civilians"],
    ...     "side": ["pro_ukraine", "russia", "civilian"]})
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2", "c3"],
    ...     "incident_id": ["I1", "I1", "I2"],
    ...     "actor_ids": ["lsr", "ru-mod;civilians", "lsr"],
    ...     "subject_side": [None, None, "russia"]})
    >>> actor_pairs(claims, actors=actors)[["actor_a", "actor_b", "incident_ids"]]
      actor_a      actor_b incident_ids
    0     lsr       ru-mod           I1
    1     lsr  side:russia           I2
    """
    require_columns(claims, ["claim_id"], "claims")
    require_columns(actors, ["actor_id", "side"], "actors")
    names, sides = _actor_lookup(actors)
    claim_ids = claims["claim_id"].astype("str")
    incidents = column(claims, "incident_id").astype("object")
    incidents = incidents.where(
        incidents.notna() & (incidents != ""), "claim:" + claim_ids
    )
    subject = column(claims, "subject_side").fillna("").astype("str")
    support: dict[tuple[str, str], dict[str, set[str]]] = {}

    def add(a: str, b: str, incident: str, supporting: set[str]) -> None:
        key = (a, b) if a < b else (b, a)
        entry = support.setdefault(key, {"incidents": set(), "claims": set()})
        entry["incidents"].add(incident)
        entry["claims"] |= supporting

    frame = pd.DataFrame(
        {
            "claim_id": claim_ids.to_numpy(),
            "incident": incidents.to_numpy(),
            "actors": column(claims, "actor_ids").map(split_ids).to_numpy(),
            "subject": subject.to_numpy(),
        }
    )
    for incident, group in frame.groupby("incident", sort=True):
        named: dict[str, set[str]] = {}
        for claim_id, actor_list in zip(
            group["claim_id"], group["actors"], strict=True
        ):
            for actor in actor_list:
                if CAMPS.get(sides.get(actor, "unknown")):
                    named.setdefault(actor, set()).add(claim_id)
        for a, b in combinations(sorted(named), 2):
            if CAMPS[sides[a]] != CAMPS[sides[b]]:
                add(a, b, str(incident), named[a] | named[b])
        for claim_id, actor_list, side in zip(
            group["claim_id"], group["actors"], group["subject"], strict=True
        ):
            camp = CAMPS.get(side)
            if camp is None:
                continue
            for actor in actor_list:
                actor_camp = CAMPS.get(sides.get(actor, "unknown"))
                if actor_camp is not None and actor_camp != camp:
                    add(actor, _unnamed(side), str(incident), {claim_id})
    rows = []
    for (a, b), entry in support.items():
        rows.append(
            {
                "actor_a": a,
                "actor_b": b,
                "name_a": _node_name(a, names),
                "name_b": _node_name(b, names),
                "side_a": _node_side(a, sides),
                "side_b": _node_side(b, sides),
                "incidents": len(entry["incidents"]),
                "claims": len(entry["claims"]),
                "incident_ids": ";".join(
                    sorted(i.removeprefix("claim:") for i in entry["incidents"])
                ),
                "claim_ids": ";".join(sorted(entry["claims"])),
            }
        )
    columns = [
        "actor_a",
        "actor_b",
        "name_a",
        "name_b",
        "side_a",
        "side_b",
        "incidents",
        "claims",
        "incident_ids",
        "claim_ids",
    ]
    table = pd.DataFrame(rows, columns=columns)
    table = table.astype({"incidents": "int64", "claims": "int64"})
    return table.sort_values(
        ["incidents", "actor_a", "actor_b"],
        ascending=[False, True, True],
        kind="stable",
    ).reset_index(drop=True)


def _node_name(node: str, names: dict[str, str]) -> str:
    if node.startswith("side:"):
        return f"{side_label(node.removeprefix('side:'))} (unnamed)"
    return names.get(node, node)


def _node_side(node: str, sides: dict[str, str]) -> str:
    if node.startswith("side:"):
        return node.removeprefix("side:")
    return sides.get(node, "unknown")


def network_layout(pairs: pd.DataFrame) -> pd.DataFrame:
    """Place the actors of :func:`actor_pairs` on a circle, deterministically.

    Actors are ordered by side (Russia, pro-Russian, Ukraine, pro-Ukrainian,
    ...) then name, and spaced evenly clockwise from the top, so each camp
    holds one arc of the circle.

    Returns
    -------
    pandas.DataFrame
        ``node``, ``name``, ``side``, ``degree``, ``x``, ``y``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"actor_a": ["a"], "actor_b": ["b"],
    ...     "name_a": ["A"], "name_b": ["B"], "side_a": ["russia"],
    ...     "side_b": ["ukraine"], "incidents": [1]})
    >>> network_layout(pairs)[["node", "x", "y"]].round(3).values.tolist()
    [['a', 0.0, 1.0], ['b', 0.0, -1.0]]
    """
    ends = pd.concat(
        [
            pairs[["actor_a", "name_a", "side_a"]].set_axis(
                ["node", "name", "side"], axis=1
            ),
            pairs[["actor_b", "name_b", "side_b"]].set_axis(
                ["node", "name", "side"], axis=1
            ),
        ]
    )
    degree = ends.groupby("node").size()
    nodes = ends.drop_duplicates("node")
    rank = {side: i for i, side in enumerate(sort_sides(nodes["side"]))}
    nodes = nodes.assign(order=nodes["side"].map(rank)).sort_values(
        ["order", "name", "node"], kind="stable"
    )
    n = len(nodes)
    angle = math.pi / 2 - 2 * math.pi * np.arange(n) / max(n, 1)
    return pd.DataFrame(
        {
            "node": nodes["node"].to_numpy(),
            "name": nodes["name"].to_numpy(),
            "side": nodes["side"].to_numpy(),
            "degree": nodes["node"].map(degree).to_numpy(),
            "x": np.cos(angle) + 0.0,
            "y": np.sin(angle) + 0.0,
        }
    )


@overload
def plot_actor_network(
    claims: pd.DataFrame,
    *,
    actors: pd.DataFrame,
    title: str | None = ...,
    backend: Literal["matplotlib"] = ...,
) -> Figure: ...
@overload
def plot_actor_network(
    claims: pd.DataFrame,
    *,
    actors: pd.DataFrame,
    title: str | None = ...,
    backend: Literal["plotly"],
) -> go.Figure: ...
@overload
def plot_actor_network(
    claims: pd.DataFrame,
    *,
    actors: pd.DataFrame,
    title: str | None = ...,
    backend: Literal["plotly-json"],
) -> PlotlySpec: ...
def plot_actor_network(
    claims: pd.DataFrame,
    *,
    actors: pd.DataFrame,
    title: str | None = "Actors reported on opposing sides of the same incident",
    backend: Backend = "matplotlib",
) -> Figure | go.Figure | PlotlySpec:
    """Draw :func:`actor_pairs` as a network on a circle.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``actor_ids`` (see :func:`actor_pairs` for the rule).
    actors : pandas.DataFrame
        Reference actors (names and sides).
    title : str, optional
        Figure title.
    backend : {"matplotlib", "plotly", "plotly-json"}
        Kind of figure.

    Returns
    -------
    matplotlib.figure.Figure, plotly.graph_objects.Figure or PlotlySpec
        Nodes coloured by side, edges as wide as the number of incidents
        supporting them; with no pair, a figure that says so.
    """
    check_backend(backend)
    pairs = actor_pairs(claims, actors=actors)
    if pairs.empty:
        return empty_figure(
            "No actors of opposing sides are named in the same incident.",
            title=title,
            backend=backend,
        )
    nodes = network_layout(pairs).set_index("node")
    note = (
        "Pairs: actors of opposing camps named in claims of one incident, or named "
        "in a claim whose figure counts the other side (an unnamed node). "
        "Line width: number of incidents."
    )
    if backend != "matplotlib":
        return _plotly_network(pairs, nodes, title, note, backend)
    with matplotlib_text():
        figure = new_figure(9, 8)
        axes = figure.add_subplot()
        at = _positions(nodes)
        for a, b, incidents in zip(
            pairs["actor_a"], pairs["actor_b"], pairs["incidents"], strict=True
        ):
            (ax, ay), (bx, by) = at[a], at[b]
            axes.plot(
                [ax, bx],
                [ay, by],
                color="#888888",
                linewidth=0.8 + 1.2 * int(incidents),
                alpha=0.7,
                zorder=1,
            )
        for side, group in nodes.groupby("side", sort=False):
            axes.scatter(
                group["x"],
                group["y"],
                s=80 + 40 * group["degree"],
                color=side_colour(side),
                edgecolors="white",
                zorder=2,
            )
        for _, node in nodes.iterrows():
            axes.annotate(
                mpl_text(node["name"], max_chars=45),
                (node["x"], node["y"]),
                xytext=(node["x"] * 14, node["y"] * 14),
                textcoords="offset points",
                ha="left"
                if node["x"] > 0.01
                else ("right" if node["x"] < -0.01 else "center"),
                va="bottom"
                if node["y"] > 0.01
                else ("top" if node["y"] < -0.01 else "center"),
                fontsize=8,
            )
        axes.set_xlim(-2.2, 2.2)
        axes.set_ylim(-1.5, 1.5)
        axes.set_aspect("equal")
        axes.set_axis_off()
        axes.legend(
            handles=side_legend_handles(nodes["side"]),
            loc="lower left",
            fontsize=8,
            frameon=False,
        )
        if title:
            axes.set_title(mpl_text(title, max_chars=120))
    add_note(figure, note)
    return figure


def _positions(nodes: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y) of :func:`network_layout` (indexed by node)."""
    return {
        str(node): (float(x), float(y))
        for node, x, y in zip(nodes.index, nodes["x"], nodes["y"], strict=True)
    }


def _plotly_network(
    pairs: pd.DataFrame,
    nodes: pd.DataFrame,
    title: str | None,
    note: str,
    backend: Backend,
) -> go.Figure | PlotlySpec:
    figure = new_plotly_figure(title, height=700)
    traces: list[Trace] = []
    at = _positions(nodes)
    for incidents, group in pairs.groupby("incidents", sort=True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for _, pair in group.iterrows():
            (ax, ay), (bx, by) = at[pair["actor_a"]], at[pair["actor_b"]]
            xs += [ax, bx, None]
            ys += [ay, by, None]
        traces.append(
            scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={
                    "color": "#888888",
                    "width": 0.8 + 1.2 * float(cast(int, incidents)),
                },
                opacity=0.7,
                hoverinfo="skip",
                showlegend=False,
                meta="edges",
            )
        )
    ends = zip(pairs["actor_a"], pairs["actor_b"], strict=True)
    middles = [((at[a][0] + at[b][0]) / 2, (at[a][1] + at[b][1]) / 2) for a, b in ends]
    traces.append(
        scatter(
            x=[x for x, _ in middles],
            y=[y for _, y in middles],
            mode="markers",
            marker={"size": 6, "color": "#888888", "opacity": 0.4},
            hovertext=[
                hover_html(
                    [
                        ("pair", f"{p['name_a']} — {p['name_b']}"),
                        ("incidents", p["incident_ids"]),
                        ("claims", p["claim_ids"]),
                    ]
                )
                for _, p in pairs.iterrows()
            ],
            hoverinfo="text",
            showlegend=False,
            meta="edge-hover",
        )
    )
    for side in sort_sides(nodes["side"]):
        group = nodes[nodes["side"] == side]
        traces.append(
            scatter(
                x=group["x"].tolist(),
                y=group["y"].tolist(),
                mode="markers+text",
                marker={
                    "size": (10 + 4 * group["degree"]).tolist(),
                    "color": side_colour(side),
                    "line": {"color": "white", "width": 1},
                },
                text=[html_text(name, max_chars=45) for name in group["name"]],
                textposition=[
                    (
                        "middle right"
                        if x > 0.01
                        else "middle left"
                        if x < -0.01
                        else "top center"
                        if y > 0
                        else "bottom center"
                    )
                    for x, y in zip(group["x"], group["y"], strict=True)
                ],
                hovertext=[
                    hover_html(
                        [("actor", name), ("side", side_label(side)), ("pairs", d)]
                    )
                    for name, d in zip(group["name"], group["degree"], strict=True)
                ],
                hoverinfo="text",
                name=html_text(side_label(side), max_chars=40),
                meta="nodes",
            )
        )
    figure.update_xaxes(visible=False, range=[-2.0, 2.0])
    figure.update_yaxes(visible=False, range=[-1.4, 1.4], scaleanchor="x", scaleratio=1)
    add_note(figure, note)
    return figure.finish(traces, backend)
