"""The interactive explorer: filters, and a table, timeline and map that follow them.

:class:`Explorer` is what ``notebooks/70_explore.ipynb`` shows in JupyterLab:
a date-range slider; side, actor, oblast and claim-type lists; a minimum
reliability grade; and, under them, the selected claims as a table, a
timeline and a map, redrawn together whenever a filter changes. The same
selection can be exported (CSV, CSV for Excel, XLSX or GeoJSON) with the
button at the bottom, through :func:`osintkit.export.export_claims`, so what
the user sees is what they export.

The filters are one :class:`osintkit.selection.ClaimFilter`, the same value
``osintkit export`` builds from its options.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from osintkit import paths
from osintkit.dataset import Dataset
from osintkit.display import InteractiveChart, render_table, render_text
from osintkit.errors import OsintkitError, ParameterError
from osintkit.export import export_claims
from osintkit.plots import plot_map, plot_timeline
from osintkit.selection import (
    ClaimFilter,
    claim_days,
    filter_claims,
    list_filter_choices,
)

__all__ = ["EXPORT_FORMATS", "TABLE_COLUMNS", "Explorer"]

#: Columns of the explorer's table, in order.
TABLE_COLUMNS = (
    "claim_id",
    "claim_day",
    "source_name",
    "source_reliability",
    "source_side",
    "claim_type",
    "status",
    "place_raw",
    "value_text",
    "summary",
    "url",
)
#: Formats the export button offers (the ``--format`` values of ``osintkit export``).
EXPORT_FORMATS = ("xlsx", "csv-excel", "csv", "geojson")
_SUFFIX = {"xlsx": ".xlsx", "csv-excel": ".csv", "csv": ".csv", "geojson": ".geojson"}
_GRADES = (
    ("any grade", ""),
    ("A only", "A"),
    ("A to B", "B"),
    ("A to C", "C"),
    ("A to D", "D"),
    ("A to E", "E"),
)
_TABLE_ROWS = 200


class Explorer:
    """Filter a dataset's claims and see them as a table, a timeline and a map.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.
    start, end : str or datetime.date, optional
        First and last day the slider starts at (default: the whole range).
    regions, actors : sequence of str
        Oblast codes and actor ids selected at the start.
    export_dir : str or pathlib.Path, optional
        Folder the export button writes to (default ``outputs/exports``).

    Examples
    --------
    >>> import osintkit as ok
    >>> explorer = Explorer(ok.load_dataset(MINI), start="2024-03-12")
    >>> explorer.claim_filter().start
    datetime.date(2024, 3, 12)
    >>> explorer.sides.value = ("russia",)
    >>> sorted(set(explorer.selected()["source_side"]))
    ['russia']
    """

    def __init__(
        self,
        dataset: Dataset,
        *,
        start: str | date | None = None,
        end: str | date | None = None,
        regions: Sequence[str] = (),
        actors: Sequence[str] = (),
        export_dir: str | Path | None = None,
    ) -> None:
        self.dataset = dataset
        self.export_dir = (
            Path(export_dir) if export_dir else paths.OUTPUT_DIR / "exports"
        )
        self.choices = list_filter_choices(dataset)
        self.days = _days(dataset["claims"])
        layout = widgets.Layout(width="auto")
        wide = {"description_width": "initial"}
        day_options: list[tuple[str, date | None]] = [
            (day.isoformat(), day) for day in self.days
        ]
        self.dates = widgets.SelectionRangeSlider(
            options=day_options or [("no dated claims", None)],
            index=_day_index(self.days, start, end),
            description="Days",
            continuous_update=False,
            layout=widgets.Layout(width="80%"),
            style=wide,
            disabled=len(self.days) < 2,
        )
        self.undated = widgets.Checkbox(
            value=False,
            description="also undated claims (then the days are ignored)",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        claims = dataset["claims"]
        self.sides = _multi("Source side", self.choices["sides"], (), layout)
        self.actors = _multi(
            "Actor",
            _present(claims["actor_ids"], actors, self.choices["actors"]),
            actors,
            layout,
            labels=_actor_names(dataset),
        )
        self.regions = _multi(
            "Oblast",
            _present(claims["admin1_codes"], regions, self.choices["regions"]),
            regions,
            layout,
        )
        self.claim_types = _multi("Claim type", self.choices["claim_types"], (), layout)
        self.min_reliability = widgets.Dropdown(
            options=_GRADES, value="", description="Grades"
        )
        self.summary = widgets.HTML()
        self.table = widgets.Output()
        self.timeline = widgets.Output()
        self.map = widgets.Output()
        self.export_format = widgets.Dropdown(
            options=EXPORT_FORMATS, value="xlsx", description="Export as"
        )
        self.export_button = widgets.Button(
            description="Export selection", icon="download", button_style="primary"
        )
        self.export_status = widgets.HTML()
        for control in self._controls():
            control.observe(self._on_change, names="value")
        self.export_button.on_click(self._on_export)
        self.widget = widgets.VBox(
            [
                self.dates,
                self.undated,
                widgets.HBox([self.sides, self.actors, self.regions, self.claim_types]),
                self.min_reliability,
                self.summary,
                widgets.Tab(
                    children=[self.table, self.timeline, self.map],
                    titles=("Claims", "Timeline", "Map"),
                ),
                widgets.HBox([self.export_format, self.export_button]),
                self.export_status,
            ]
        )
        self.update()

    def _controls(self) -> list[widgets.Widget]:
        return [
            self.dates,
            self.undated,
            self.sides,
            self.actors,
            self.regions,
            self.claim_types,
            self.min_reliability,
        ]

    def claim_filter(self) -> ClaimFilter:
        """Return the filter the widgets currently set.

        Returns
        -------
        ClaimFilter
        """
        start = end = None
        if not self.undated.value and self.days:
            start, end = self.dates.value
        return ClaimFilter(
            start=start,
            end=end,
            regions=self.regions.value,
            sides=self.sides.value,
            actors=self.actors.value,
            claim_types=self.claim_types.value,
            min_reliability=self.min_reliability.value or None,
        )

    def selected(self) -> pd.DataFrame:
        """Return the claims the widgets select, with their sources.

        Returns
        -------
        pandas.DataFrame
            As :func:`osintkit.selection.filter_claims`.
        """
        return filter_claims(self.dataset, self.claim_filter(), choices=self.choices)

    def update(self) -> None:
        """Redraw the summary, table, timeline and map for the current filters."""
        claim_filter = self.claim_filter()
        claims = filter_claims(self.dataset, claim_filter, choices=self.choices)
        self.summary.value = render_text(
            f"{len(claims)} of {len(self.dataset['claims'])} claims from "
            f"{claims['source_id'].nunique()} sources. {claim_filter.describe()}"
        ).html
        shown = claims[[name for name in TABLE_COLUMNS if name in claims]].assign(
            summary=claims["summary"].map(_shorten)
        )
        _show(
            self.table,
            render_table(
                shown.head(_TABLE_ROWS),
                links=["url"],
                empty="No claim matches these filters.",
            ),
        )
        _show(
            self.timeline,
            InteractiveChart(
                plot_timeline(claims, backend="plotly"), alt="timeline of claims"
            ),
        )
        reference = self.dataset.reference
        places = reference["places"] if reference and "places" in reference else None
        _show(
            self.map,
            InteractiveChart(
                plot_map(claims, places=places, backend="plotly"), alt="map of claims"
            ),
        )

    def export(self, out: str | Path | None = None, fmt: str | None = None) -> Path:
        """Export the current selection, as the button does.

        Parameters
        ----------
        out : str or pathlib.Path, optional
            Target file (default ``<export_dir>/selection<suffix>``).
        fmt : str, optional
            One of :data:`EXPORT_FORMATS` (default: the dropdown's value).

        Returns
        -------
        pathlib.Path
            The file written.
        """
        fmt = fmt or self.export_format.value
        target = Path(out) if out else self.export_dir / f"selection{_SUFFIX[fmt]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        export_claims(self.dataset, self.claim_filter(), fmt, target)
        return target

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.update()

    def _on_export(self, _button: widgets.Button) -> None:
        try:
            written = self.export()
        except OsintkitError as exc:
            self.export_status.value = render_table(
                pd.DataFrame({"export failed": [str(exc)]})
            ).html
            return
        self.export_status.value = render_table(
            pd.DataFrame({"exported to": [str(written)]})
        ).html

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.widget._repr_mimebundle_(**kwargs)


def _days(claims: pd.DataFrame) -> list[date]:
    days = claim_days(claims).dropna()
    if days.empty:
        return []
    first, last = days.min().date(), days.max().date()
    return [day.date() for day in pd.date_range(first, last, freq="D")]


def _day_index(
    days: list[date], start: str | date | None, end: str | date | None
) -> tuple[int, int]:
    if not days:
        return (0, 0)
    first = 0
    last = len(days) - 1
    if start is not None:
        wanted = pd.Timestamp(start).date()
        first = next((i for i, day in enumerate(days) if day >= wanted), last)
    if end is not None:
        wanted = pd.Timestamp(end).date()
        last = max((i for i, day in enumerate(days) if day <= wanted), default=first)
    return (min(first, last), max(first, last))


def _shorten(text: object, limit: int = 100) -> str:
    text = "" if text is None or text is pd.NA else str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _present(
    joined: pd.Series, wanted: Sequence[str], known: Sequence[str]
) -> list[str]:
    """Values named in the claims (``;``-joined cells), plus any asked for."""
    present = {
        value
        for cell in joined.dropna().astype(str)
        for value in cell.split(";")
        if value
    }
    return sorted(present | {value for value in wanted if value in known})


def _actor_names(dataset: Dataset) -> dict[str, str]:
    reference = dataset.reference
    if reference is None or "actors" not in reference:
        return {}
    actors = reference["actors"]
    return dict(zip(actors["actor_id"], actors["name"], strict=True))


def _multi(
    label: str,
    options: Sequence[str],
    value: Sequence[str],
    layout: widgets.Layout,
    *,
    labels: dict[str, str] | None = None,
) -> widgets.SelectMultiple:
    unknown = [v for v in value if v not in options]
    if unknown:
        raise ParameterError(
            f"{label.lower()} {', '.join(map(repr, unknown))} is not in this dataset; "
            f"choose from: {', '.join(options) or 'none'}"
        )
    chosen = tuple(value)
    shown = [(labels.get(o, o) if labels else o, o) for o in options]
    return widgets.SelectMultiple(
        options=shown,
        value=chosen,
        description=label,
        rows=6,
        layout=layout,
        style={"description_width": "initial"},
    )


def _show(output: widgets.Output, content: Any) -> None:
    # Set the outputs directly (not `with output: display(...)`), which works
    # the same with and without a kernel, so tests see what a user sees.
    output.outputs = ()
    output.append_display_data(content)
