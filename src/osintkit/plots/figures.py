"""Empty figures, titles and notes for both backends.

Every public plot takes ``backend="matplotlib"`` (a
:class:`matplotlib.figure.Figure` built without pyplot, ready for
``savefig`` or a brief) or ``backend="plotly"`` (a
:class:`plotly.graph_objects.Figure` for notebooks and the explorer). Titles
and notes are plain text: they are escaped here like any text from data.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import plotly.graph_objects as go

from osintkit.plots.style import StatusStyle, side_colour, side_label, sort_sides
from osintkit.plots.text import html_text, matplotlib_text, mpl_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = [
    "BACKENDS",
    "Backend",
    "Trace",
    "add_note",
    "bar",
    "check_backend",
    "empty_figure",
    "new_figure",
    "new_plotly_figure",
    "scatter",
    "side_legend_handles",
    "status_marker",
    "status_range_lines",
    "with_traces",
]

#: The two kinds of figure a plot can return.
Backend = Literal["matplotlib", "plotly"]
BACKENDS: tuple[str, ...] = ("matplotlib", "plotly")

#: Plotly layout shared by every figure: a template that ships with plotly.
PLOTLY_TEMPLATE = "plotly_white"


#: A plotly trace as plain data: ``{"type": "scatter", "x": [...], ...}``.
Trace = dict[str, Any]

#: Trace types the kit draws; the template keeps their defaults only.
_TRACE_TYPES = ("scatter", "bar")


@functools.cache
def _kit_template() -> dict[str, Any]:
    """:data:`PLOTLY_TEMPLATE`'s layout and the defaults of the kit's traces.

    Read from the JSON file plotly ships the template in: ``pio.templates``
    would first build (and validate) the whole template as graph objects.
    """
    import plotly

    shipped = (
        Path(plotly.__file__).parent
        / "package_data"
        / "templates"
        / f"{PLOTLY_TEMPLATE}.json"
    )
    if shipped.is_file():
        template = json.loads(shipped.read_text(encoding="utf-8"))
    else:  # a plotly that keeps its templates elsewhere
        import plotly.io as pio

        template = pio.templates[PLOTLY_TEMPLATE].to_plotly_json()
    return {
        "layout": template["layout"],
        "data": {kind: template["data"][kind] for kind in _TRACE_TYPES},
    }


def check_backend(backend: str) -> None:
    """Raise ``ValueError`` for a backend other than matplotlib or plotly.

    Examples
    --------
    >>> check_backend("plotly")
    >>> check_backend("bokeh")
    Traceback (most recent call last):
    ...
    ValueError: backend must be 'matplotlib' or 'plotly', not 'bokeh'
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be 'matplotlib' or 'plotly', not {backend!r}")


def new_figure(width: float = 10.0, height: float = 6.0) -> Figure:
    """Return an empty matplotlib figure, built without pyplot.

    Examples
    --------
    >>> new_figure(8, 4).get_size_inches().tolist()
    [8.0, 4.0]
    """
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def new_plotly_figure(title: str | None = None, *, height: int = 500) -> go.Figure:
    """Return an empty plotly figure with the kit's template and an escaped title.

    The figure is a frame to build on: plotly's checks are off until
    :func:`with_traces` adds the traces and switches them back on.

    Examples
    --------
    >>> new_plotly_figure("<b>x</b>").layout.title.text
    '&lt;b&gt;x&lt;/b&gt;'
    """
    # The template is given to the constructor (set afterwards, plotly would
    # first copy its default template), and only the parts of it the kit's
    # traces use: plotly deep-copies a template into every figure.
    layout: dict[str, Any] = {
        "template": _kit_template(),
        "height": height,
        "margin": {"b": 90},
    }
    if title:
        layout["title"] = {"text": html_text(title, max_chars=120)}
    return go.Figure(layout=layout, _validate=False)


def scatter(**properties: Any) -> Trace:
    """Return a plotly scatter trace as plain data, leaving out ``None`` values.

    Examples
    --------
    >>> scatter(x=[1], y=[2], mode="markers", line=None)
    {'type': 'scatter', 'x': [1], 'y': [2], 'mode': 'markers'}
    """
    return _trace("scatter", properties)


def bar(**properties: Any) -> Trace:
    """Return a plotly bar trace as plain data, leaving out ``None`` values.

    Examples
    --------
    >>> bar(x=[3], y=["a"], orientation="h")
    {'type': 'bar', 'x': [3], 'y': ['a'], 'orientation': 'h'}
    """
    return _trace("bar", properties)


def _trace(kind: str, properties: dict[str, Any]) -> Trace:
    return {"type": kind} | {k: v for k, v in properties.items() if v is not None}


def with_traces(frame: go.Figure, traces: Iterable[Trace]) -> go.Figure:
    """Return the finished figure: ``frame``'s layout with ``traces`` drawn on it.

    Plotly checks every value it is given, list element by list element,
    and checks a trace again when it is added to a figure; for the kit's
    charts that was most of a brief's plotting time. The traces the kit
    builds are checked once, by the test suite (every plot is rebuilt there
    with plotly's checks on); here they go into the figure unchecked, and
    checking is then switched back on, so that a user's later changes to the
    figure, its layout or its traces are validated as usual.

    Parameters
    ----------
    frame : plotly.graph_objects.Figure
        Figure holding the layout (title, axes, notes); its traces, if any,
        are kept first.
    traces : iterable of dict
        Traces built with :func:`scatter` and :func:`bar`, in drawing order.

    Returns
    -------
    plotly.graph_objects.Figure
        A new figure.

    Examples
    --------
    >>> figure = with_traces(new_plotly_figure("t"), [scatter(x=[1], y=[2])])
    >>> figure.data[0].x, figure.layout.title.text
    ((1,), 't')
    >>> try:
    ...     figure.update_layout(titel="x")
    ... except ValueError as error:
    ...     print(str(error).splitlines()[0])
    Invalid property specified for object of type plotly.graph_objs.Layout: 'titel'
    """
    data = [trace.to_plotly_json() for trace in frame.data] + list(traces)
    figure = go.Figure(data=data, layout=frame.layout, _validate=False)
    # the switch plotly itself flips while it applies a trusted template
    figure._validate = True
    figure.layout._validate = True
    for trace in figure.data:
        trace._validate = True
    return figure


def add_note(figure: Figure | go.Figure, note: str) -> None:
    r"""Write a plain-text note under a figure (a credit, what was left out).

    Parameters
    ----------
    figure : matplotlib.figure.Figure or plotly.graph_objects.Figure
        The figure to annotate, changed in place.
    note : str
        Text, escaped for the backend; ``\n`` starts a new line.
    """
    if not note:
        return
    if isinstance(figure, go.Figure):
        parts = note.split("\n")
        lines = "<br>".join(html_text(line) for line in parts)
        bottom = figure.layout.margin.b or 0
        figure.update_layout(margin={"b": max(bottom, 75 + 15 * len(parts))})
        figure.add_annotation(
            text=lines,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-60,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": 10, "color": "#555555"},
        )
        return
    with matplotlib_text():
        # a supxlabel, unlike figure.text, gets room from constrained layout
        figure.supxlabel(mpl_text(note), x=0.01, ha="left", fontsize=7, color="#555555")


def empty_figure(
    message: str, *, title: str | None = None, backend: Backend = "matplotlib"
) -> Figure | go.Figure:
    """Return a figure that says there is nothing to show, and why.

    Parameters
    ----------
    message : str
        What is missing (``"No claims in this period."``).
    title : str, optional
        Figure title.
    backend : {"matplotlib", "plotly"}
        Kind of figure.

    Returns
    -------
    matplotlib.figure.Figure or plotly.graph_objects.Figure
        A figure with the message in the middle and no axes.

    Examples
    --------
    >>> empty_figure("No claims.", backend="plotly").layout.annotations[0].text
    'No claims.'
    """
    check_backend(backend)
    if backend == "plotly":
        figure = new_plotly_figure(title, height=300)
        figure.add_annotation(
            text=html_text(message),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16},
        )
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        return with_traces(figure, [])
    with matplotlib_text():
        figure = new_figure(6, 2.5)
        axes = figure.add_subplot()
        axes.text(0.5, 0.5, mpl_text(message), ha="center", va="center", fontsize=12)
        axes.set_axis_off()
        if title:
            axes.set_title(mpl_text(title, max_chars=120))
    return figure


def side_legend_handles(
    sides: Iterable[object], *, prefix: str = "", max_chars: int = 40
) -> list[Line2D]:
    """Return matplotlib legend handles: a dot in each side's colour.

    Parameters
    ----------
    sides : iterable
        Sides to list, in any order and with repeats; they are listed once
        each, in the kit's side order (see :func:`~osintkit.plots.style.sort_sides`).
    prefix : str
        Text before each side's label (``"claims: "``).
    max_chars : int
        Cut each label to this many characters.

    Examples
    --------
    >>> [h.get_label() for h in side_legend_handles(["ukraine", "russia", "russia"])]
    ['Russia', 'Ukraine']
    """
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            color=side_colour(side),
            label=mpl_text(prefix + side_label(side), max_chars=max_chars),
        )
        for side in sort_sides(sides)
    ]


def status_marker(
    symbols: Sequence[str], colour: str, style: StatusStyle
) -> dict[str, Any]:
    """Return a plotly marker for claims of one side and status.

    Parameters
    ----------
    symbols : sequence of str
        Plotly symbol of each point (``-open`` already added for a hollow
        status).
    colour : str
        The side's colour.
    style : StatusStyle
        The status's style: its outline colour and width.

    Examples
    --------
    >>> from osintkit.plots.style import STATUS_STYLES
    >>> status_marker(["circle"], "#d62728", STATUS_STYLES["assessed"])["line"]
    {'color': '#000000', 'width': 1.5}
    """
    return {
        "symbol": symbols,
        "color": colour,
        "size": 11,
        "line": {"color": style.edge_colour or colour, "width": style.edge_width},
    }


def status_range_lines(
    xs: Sequence[object],
    ys: Sequence[object],
    *,
    side: object,
    style: StatusStyle,
    name: str | None = None,
) -> Trace:
    """Return the plotly range lines (low to high, first to last day) of one group.

    Parameters
    ----------
    xs, ys : sequence
        Line ends, each line followed by ``None`` to break it from the next.
    side : object
        Side of the source: the lines' colour and legend group (they
        toggle with the side's legend entry).
    style : StatusStyle
        The status's style: the lines' dash and opacity.
    name : str, optional
        Trace name (escaped by the caller).

    Examples
    --------
    >>> from osintkit.plots.style import STATUS_STYLES
    >>> trace = status_range_lines([1, 2, None], [0, 0, None], side="russia",
    ...     style=STATUS_STYLES["claimed"])
    >>> trace["meta"], trace["line"]["dash"], trace["legendgroup"]
    ('ranges', 'dash', 'side:russia')
    """
    return scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": side_colour(side), "dash": style.dash, "width": 3},
        opacity=style.alpha,
        hoverinfo="skip",
        showlegend=False,
        legendgroup=f"side:{html_text(side)}",
        name=name,
        meta="ranges",
    )
