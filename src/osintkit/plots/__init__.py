"""Plots of claims and incidents, in matplotlib or plotly, fully offline.

Every plot takes DataFrames and returns a figure; none loads data (except the
bundled oblast boundaries). Pass ``backend="matplotlib"`` (default: a
:class:`matplotlib.figure.Figure` built without pyplot) or
``backend="plotly"`` (a :class:`plotly.graph_objects.Figure`)::

    import osintkit as ok
    from osintkit import plots
    from osintkit.selection import select_claims, with_source_columns

    ds = ok.load_dataset("data/kursk-belgorod-2024-03")
    claims = with_source_columns(select_claims(ds["claims"]), ds["sources"])
    plots.plot_timeline(claims, incidents=ds["incidents"])
    plots.plot_breakdown(claims, "actor", actors=ds.reference["actors"])
    plots.plot_actor_network(claims, actors=ds.reference["actors"])
    plots.plot_ranges(claims, quantity="killed", incident_id="INC-0001")
    plots.plot_map(claims, places=ds.reference["places"], incidents=ds["incidents"])

Colours follow the side of the source, marker shapes the claim type, fill and
line style the claim's status (:mod:`osintkit.plots.style`). Text from data
is escaped for plotly's HTML and kept out of matplotlib's mathtext
(:mod:`osintkit.plots.text`). Each plot has a table function behind it
(:func:`timeline_marks`, :func:`count_breakdown`, :func:`actor_pairs`,
:func:`quantity_ranges`, :func:`locate_claims`) that says what is drawn.
"""

from osintkit.plots.actors import (
    actor_pairs,
    count_breakdown,
    network_layout,
    plot_actor_network,
    plot_breakdown,
)
from osintkit.plots.boundaries import (
    BORDER_FRAME,
    OverlayError,
    load_boundaries,
    read_overlay,
)
from osintkit.plots.figures import Backend, empty_figure
from osintkit.plots.maps import locate_claims, locate_incidents, plot_map
from osintkit.plots.ranges import plot_ranges, quantity_ranges
from osintkit.plots.style import SIDE_COLOURS
from osintkit.plots.text import html_text, mpl_text
from osintkit.plots.timeline import plot_timeline, timeline_marks

__all__ = [
    "BORDER_FRAME",
    "SIDE_COLOURS",
    "Backend",
    "OverlayError",
    "actor_pairs",
    "count_breakdown",
    "empty_figure",
    "html_text",
    "load_boundaries",
    "locate_claims",
    "locate_incidents",
    "mpl_text",
    "network_layout",
    "plot_actor_network",
    "plot_breakdown",
    "plot_map",
    "plot_ranges",
    "plot_timeline",
    "quantity_ranges",
    "read_overlay",
    "timeline_marks",
]
