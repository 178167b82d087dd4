"""Tests for osintkit.plots.actors: breakdowns and the actor network."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import osintkit as ok
from osintkit import paths
from osintkit.plots import (
    actor_pairs,
    count_breakdown,
    network_layout,
    plot_actor_network,
    plot_breakdown,
)
from osintkit.plots.style import SIDE_COLOURS
from osintkit.plots.text import unsafe_strings
from osintkit.selection import with_source_columns

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "$\\frac{1}{0}$",
    "</script>",
    "\u202eevil",
]

ACTORS = pd.DataFrame(
    {
        "actor_id": ["lsr", "rdk", "ru-mod", "fsb", "civilians", "hur"],
        "name": ["Legion", "Corps", "MoD", "FSB", "Civilians", "HUR"],
        "side": [
            "pro_ukraine",
            "pro_ukraine",
            "russia",
            "russia",
            "civilian",
            "ukraine",
        ],
    }
)
BREAKDOWNS = ["side", "actor", "claim_type", "week", "oblast"]


@pytest.fixture(scope="module")
def sample() -> ok.Dataset:
    return ok.load_dataset(paths.SAMPLE_DATASET)


@pytest.fixture(scope="module")
def sample_claims(sample: ok.Dataset) -> pd.DataFrame:
    return with_source_columns(sample["claims"], sample["sources"])


# --------------------------------------------------------------------------
# breakdowns


def test_count_breakdown_side_and_week() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3", "c4"],
            "source_side": ["russia", "russia", "ukraine", None],
            "incident_id": ["I1", "I2", "I1", None],
            # Tue and Sun of one ISO week, Mon of the next, and an undated claim
            "reported_date": pd.to_datetime(
                ["2024-03-12", "2024-03-17", "2024-03-18", None]
            ),
            "event_date_start": pd.to_datetime([None] * 4),
        }
    )
    sides = count_breakdown(claims, "side")
    assert sides.values.tolist() == [
        ["russia", 2, 2],
        ["(blank)", 1, 0],  # no incident: counts for no incident
        ["ukraine", 1, 1],
    ]
    weeks = count_breakdown(claims, "week")
    assert weeks["week"].tolist() == ["2024-03-11", "2024-03-18", "(undated)"]
    assert weeks["claims"].tolist() == [2, 1, 1]


def test_count_breakdown_list_columns_count_each_item() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2"],
            "admin1_codes": ["RU-BEL;RU-KRS", "RU-BEL"],  # c1 names two oblasts
            "actor_ids": ["lsr;ghost", None],  # ghost is not in the reference
        }
    )
    oblasts = count_breakdown(claims, "oblast")
    assert oblasts.values.tolist() == [["RU-BEL", 2, 0], ["RU-KRS", 1, 0]]
    actors = count_breakdown(claims, "actor", actors=ACTORS)
    assert actors[["actor", "name", "actor_side"]].values.tolist() == [
        ["(blank)", "(blank)", "unknown"],
        ["ghost", "ghost", "unknown"],
        ["lsr", "Legion", "pro_ukraine"],
    ]


@pytest.mark.parametrize("by", BREAKDOWNS)
def test_count_breakdown_sample_counts_every_claim(
    sample_claims: pd.DataFrame, by: str
) -> None:
    table = count_breakdown(sample_claims, by, actors=None)  # type: ignore[arg-type]
    if by in {"side", "claim_type", "week"}:  # one key per claim
        assert table["claims"].sum() == len(sample_claims)
    else:
        assert table["claims"].sum() >= len(sample_claims)
    assert (table["incidents"] <= sample_claims["incident_id"].nunique()).all()


def test_count_breakdown_rejects_unknown_key() -> None:
    with pytest.raises(ValueError, match="by must be one of"):
        count_breakdown(pd.DataFrame({"claim_id": []}), "colour")  # type: ignore[arg-type]


def test_plot_breakdown_colours_bars_by_side(sample_claims: pd.DataFrame) -> None:
    figure = plot_breakdown(sample_claims, "side", backend="plotly")
    claims, incidents = figure.data
    table = count_breakdown(sample_claims, "side")
    assert list(claims.x) == table["claims"].tolist()
    assert list(incidents.x) == table["incidents"].tolist()
    assert list(claims.marker.color) == [SIDE_COLOURS[s] for s in table["side"]]
    assert unsafe_strings(figure) == []


@pytest.mark.parametrize("by", BREAKDOWNS)
def test_plot_breakdown_both_backends(sample: ok.Dataset, sample_claims, by) -> None:
    actors = sample.reference["actors"]
    figure = plot_breakdown(sample_claims, by, actors=actors)
    assert isinstance(figure, Figure)
    table = count_breakdown(sample_claims, by, actors=actors)
    assert len(figure.axes[0].patches) == 2 * len(table)
    plotly = plot_breakdown(sample_claims, by, actors=actors, backend="plotly")
    assert len(plotly.data[0].y) == len(table)


@pytest.mark.parametrize("backend", ["matplotlib", "plotly"])
def test_plot_breakdown_empty_says_so(backend: str) -> None:
    empty = pd.DataFrame({"claim_id": [], "source_side": []})
    figure = plot_breakdown(empty, "side", backend=backend)  # type: ignore[call-overload]
    assert "No claims" in _texts(figure)


# --------------------------------------------------------------------------
# actor network


def pairs_of(claims: pd.DataFrame) -> list[tuple[str, str]]:
    table = actor_pairs(claims, actors=ACTORS)
    return list(zip(table["actor_a"], table["actor_b"], strict=True))


def test_actor_pairs_same_incident_opposing_camps() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3", "c4"],
            "incident_id": ["I1", "I1", "I1", "I2"],
            "actor_ids": [
                "lsr",  # pro-Ukrainian ...
                "ru-mod;civilians",  # ... against Russian; civilians are not paired
                "rdk",  # same camp as lsr: lsr-rdk is no pair
                "fsb",  # another incident: never paired with I1's actors
            ],
        }
    )
    table = actor_pairs(claims, actors=ACTORS)
    assert pairs_of(claims) == [("lsr", "ru-mod"), ("rdk", "ru-mod")]
    assert table["claim_ids"].tolist() == ["c1;c2", "c2;c3"]
    assert table["incident_ids"].tolist() == ["I1", "I1"]


def test_actor_pairs_unassigned_claims_are_their_own_incident() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3"],
            "incident_id": [None, None, ""],
            "actor_ids": ["lsr", "ru-mod", "hur;fsb"],  # only c3 names both camps
        }
    )
    assert pairs_of(claims) == [("fsb", "hur")]


def test_actor_pairs_subject_side_gives_unnamed_opponent() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3"],
            "incident_id": ["I1", "I2", "I3"],
            "actor_ids": ["lsr", "lsr", "ru-mod"],
            # lsr counts Russian losses: a pair; lsr counting its own camp's
            # losses is not; civilian figures never pair
            "subject_side": ["russia", "ukraine", "civilian"],
        }
    )
    table = actor_pairs(claims, actors=ACTORS)
    assert pairs_of(claims) == [("lsr", "side:russia")]
    assert table.loc[0, "name_b"] == "Russia (unnamed)"


def test_actor_pairs_and_layout_do_not_depend_on_row_order(
    sample: ok.Dataset,
) -> None:
    claims = sample["claims"]
    actors = sample.reference["actors"]
    shuffled = claims.sample(frac=1.0, random_state=3)
    first = actor_pairs(claims, actors=actors)
    second = actor_pairs(shuffled, actors=actors)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(network_layout(first), network_layout(second))
    assert len(first) > 0


def test_network_layout_is_a_circle_grouped_by_camp(sample: ok.Dataset) -> None:
    layout = network_layout(
        actor_pairs(sample["claims"], actors=sample.reference["actors"])
    )
    radius = (layout["x"] ** 2 + layout["y"] ** 2) ** 0.5
    assert radius.round(9).eq(1.0).all()
    camps = layout["side"].map(lambda s: "ru" if "russia" in s else "ua").tolist()
    assert camps == sorted(camps, key=lambda c: c != "ru")  # each camp one arc


def test_plot_actor_network_both_backends(sample: ok.Dataset) -> None:
    actors = sample.reference["actors"]
    pairs = actor_pairs(sample["claims"], actors=actors)
    nodes = network_layout(pairs)
    figure = plot_actor_network(sample["claims"], actors=actors, backend="plotly")
    node_traces = [t for t in figure.data if t.meta == "nodes"]
    assert sum(len(t.x) for t in node_traces) == len(nodes)
    assert {t.marker.color for t in node_traces} == {
        SIDE_COLOURS[s] for s in nodes["side"]
    }
    edges = [t for t in figure.data if t.meta == "edges"]
    assert sum(len(t.x) for t in edges) == 3 * len(pairs)
    assert unsafe_strings(figure) == []
    static = plot_actor_network(sample["claims"], actors=actors)
    assert len(static.axes[0].lines) == len(pairs)


@pytest.mark.parametrize("backend", ["matplotlib", "plotly"])
def test_plot_actor_network_without_pairs_says_so(backend: str) -> None:
    claims = pd.DataFrame({"claim_id": ["c1"], "actor_ids": ["lsr"]})
    figure = plot_actor_network(claims, actors=ACTORS, backend=backend)  # type: ignore[call-overload]
    assert "No actors of opposing sides" in _texts(figure)


# --------------------------------------------------------------------------
# hostile text (RELIABILITY rule 4)


def _texts(figure: Figure | go.Figure) -> str:
    if isinstance(figure, go.Figure):
        return " ".join(a.text for a in figure.layout.annotations)
    return " ".join(t.get_text() for t in figure.findobj(Text))


def test_actor_plots_hostile_text_is_inert() -> None:
    n = len(HOSTILE)
    actors = pd.DataFrame(
        {
            "actor_id": [f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)],
            "name": HOSTILE + HOSTILE,
            "side": ["russia"] * n + ["pro_ukraine"] * n,
        }
    )
    claims = pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(n)],
            "incident_id": HOSTILE,
            "actor_ids": [f"a{i};b{i}" for i in range(n)],
            "claim_type": HOSTILE,
            "admin1_codes": HOSTILE,
            "source_side": HOSTILE,
            "reported_date": pd.to_datetime(["2024-03-12"] * n),
        }
    )
    figures = [
        plot_actor_network(claims, actors=actors, title=HOSTILE[0], backend="plotly"),
        *(
            plot_breakdown(
                claims, by, actors=actors, title=HOSTILE[1], backend="plotly"
            )  # type: ignore[arg-type]
            for by in BREAKDOWNS
        ),
    ]
    for figure in figures:
        assert unsafe_strings(figure) == []
        html = figure.to_html(include_plotlyjs=False, full_html=False)
        for bad in ("<script>alert", "<img", "\u202e", "href="):
            assert bad not in html
    static = [
        plot_actor_network(claims, actors=actors, title=HOSTILE[3]),
        *(
            plot_breakdown(claims, by, actors=actors, title=HOSTILE[3])
            for by in BREAKDOWNS
        ),  # type: ignore[arg-type]
    ]
    for figure in static:
        figure.savefig(io.BytesIO(), format="png", dpi=30)
        for text in figure.findobj(Text):
            content = text.get_text()
            assert content.count("$") == content.count(r"\$")
