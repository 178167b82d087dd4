"""Empty figures, titles and notes for every backend.

Every public plot takes ``backend="matplotlib"`` (a
:class:`matplotlib.figure.Figure` built without pyplot, ready for
``savefig`` or a brief), ``backend="plotly"`` (a
:class:`plotly.graph_objects.Figure` for notebooks and the explorer) or
``backend="plotly-json"`` (the same figure as plain data, see
:mod:`osintkit.plots.spec`). Titles and notes are plain text: they are
escaped here like any text from data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from osintkit.plots.spec import PlotlyFrame, PlotlySpec, Trace, scatter
from osintkit.plots.style import StatusStyle, side_colour, side_label, sort_sides
from osintkit.plots.text import html_text, matplotlib_text, mpl_text

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = [
    "BACKENDS",
    "Backend",
    "add_note",
    "check_backend",
    "empty_figure",
    "new_figure",
    "new_plotly_figure",
    "side_legend_handles",
    "status_marker",
    "status_range_lines",
]

#: The kinds of figure a plot can return: a matplotlib figure, a plotly
#: figure, or the plotly figure as plain data (see :mod:`osintkit.plots.spec`).
Backend = Literal["matplotlib", "plotly", "plotly-json"]
BACKENDS: tuple[str, ...] = ("matplotlib", "plotly", "plotly-json")


def check_backend(backend: str) -> None:
    """Raise ``ValueError`` for a backend other than matplotlib or plotly.

    Examples
    --------
    >>> check_backend("plotly")
    >>> check_backend("bokeh")
    Traceback (most recent call last):
    ...
    ValueError: backend must be 'matplotlib', 'plotly' or 'plotly-json', not 'bokeh'
    """
    if backend not in BACKENDS:
        raise ValueError(
            f"backend must be 'matplotlib', 'plotly' or 'plotly-json', not {backend!r}"
        )


def new_figure(width: float = 10.0, height: float = 6.0) -> Figure:
    """Return an empty matplotlib figure, built without pyplot.

    Examples
    --------
    >>> new_figure(8, 4).get_size_inches().tolist()
    [8.0, 4.0]
    """
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def new_plotly_figure(title: str | None = None, *, height: int = 500) -> PlotlyFrame:
    """Return the layout of a plotly figure to build on, with an escaped title.

    Examples
    --------
    >>> new_plotly_figure("<b>x</b>").layout["title"]["text"]
    '&lt;b&gt;x&lt;/b&gt;'
    """
    return PlotlyFrame(title, height=height)


def add_note(figure: Figure | PlotlyFrame, note: str) -> None:
    r"""Write a plain-text note under a figure (a credit, what was left out).

    Parameters
    ----------
    figure : matplotlib.figure.Figure or PlotlyFrame
        The figure to annotate, changed in place.
    note : str
        Text, escaped for the backend; ``\n`` starts a new line.
    """
    if not note:
        return
    if isinstance(figure, PlotlyFrame):
        parts = note.split("\n")
        lines = "<br>".join(html_text(line) for line in parts)
        bottom = figure.layout.get("margin", {}).get("b") or 0
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
    message: str,
    *,
    title: str | None = None,
    note: str = "",
    backend: Backend = "matplotlib",
) -> Figure | go.Figure | PlotlySpec:
    """Return a figure that says there is nothing to show, and why.

    Parameters
    ----------
    message : str
        What is missing (``"No claims in this period."``).
    title : str, optional
        Figure title.
    note : str
        Plain-text note under the figure (see :func:`add_note`).
    backend : {"matplotlib", "plotly", "plotly-json"}
        Kind of figure.

    Returns
    -------
    matplotlib.figure.Figure, plotly.graph_objects.Figure or PlotlySpec
        A figure with the message in the middle and no axes.

    Examples
    --------
    >>> empty_figure("No claims.", backend="plotly").layout.annotations[0].text
    'No claims.'
    """
    check_backend(backend)
    if backend != "matplotlib":
        frame = new_plotly_figure(title, height=300)
        frame.add_annotation(
            text=html_text(message),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16},
        )
        frame.update_xaxes(visible=False)
        frame.update_yaxes(visible=False)
        add_note(frame, note)
        return frame.finish([], backend)
    with matplotlib_text():
        figure = new_figure(6, 2.5)
        axes = figure.add_subplot()
        axes.text(0.5, 0.5, mpl_text(message), ha="center", va="center", fontsize=12)
        axes.set_axis_off()
        if title:
            axes.set_title(mpl_text(title, max_chars=120))
    add_note(figure, note)
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
