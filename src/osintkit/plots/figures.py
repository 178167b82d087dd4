"""Empty figures, titles and notes for both backends.

Every public plot takes ``backend="matplotlib"`` (a
:class:`matplotlib.figure.Figure` built without pyplot, ready for
``savefig`` or a brief) or ``backend="plotly"`` (a
:class:`plotly.graph_objects.Figure` for notebooks and the explorer). Titles
and notes are plain text: they are escaped here like any text from data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import plotly.graph_objects as go

from osintkit.plots.text import html_text, matplotlib_text, mpl_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BACKENDS",
    "Backend",
    "add_note",
    "check_backend",
    "empty_figure",
    "new_figure",
    "new_plotly_figure",
]

#: The two kinds of figure a plot can return.
Backend = Literal["matplotlib", "plotly"]
BACKENDS: tuple[str, ...] = ("matplotlib", "plotly")

#: Plotly layout shared by every figure: a template that ships with plotly.
PLOTLY_TEMPLATE = "plotly_white"


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

    Examples
    --------
    >>> new_plotly_figure("<b>x</b>").layout.title.text
    '&lt;b&gt;x&lt;/b&gt;'
    """
    figure = go.Figure()
    figure.update_layout(
        template=PLOTLY_TEMPLATE,
        title={"text": html_text(title, max_chars=120)} if title else None,
        height=height,
        margin={"b": 90},
    )
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
        return figure
    with matplotlib_text():
        figure = new_figure(6, 2.5)
        axes = figure.add_subplot()
        axes.text(0.5, 0.5, mpl_text(message), ha="center", va="center", fontsize=12)
        axes.set_axis_off()
        if title:
            axes.set_title(mpl_text(title, max_chars=120))
    return figure
