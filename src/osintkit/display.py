"""Showing results in Jupyter and in briefs: one escaping path for data.

Every piece of data that reaches HTML goes through :func:`render_table`
(escaped cells, no links made from data) or is drawn into an image
(:class:`Chart`). RELIABILITY.md rule 4.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

import pandas as pd
from matplotlib.figure import Figure

__all__ = ["Chart", "HtmlFragment", "render_table"]


@dataclass(frozen=True)
class HtmlFragment:
    """HTML that Jupyter displays as is; build it only with :func:`render_table`.

    Attributes
    ----------
    html : str
        The markup, with every piece of data escaped.
    text : str
        Plain-text form for consoles and ``text/plain`` outputs.
    """

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def render_table(
    frame: pd.DataFrame,
    *,
    empty: str = "(none)",
    index: bool = False,
) -> HtmlFragment:
    """Show a table with every cell and header escaped.

    Text from sources (``<script>``, ``javascript:`` URLs, quotes) is shown as
    text, never as markup; URLs are not turned into links.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table to show.
    empty : str
        Sentence shown instead of an empty table.
    index : bool
        Show the index as the first column.

    Returns
    -------
    HtmlFragment
        Displays as HTML in Jupyter and in the brief.

    Examples
    --------
    >>> table = render_table(pd.DataFrame({"name": ["<img src=x onerror=alert(1)>"]}))
    >>> "&lt;img src=x onerror=alert(1)&gt;" in table.html, "<img" in table.html
    (True, False)
    >>> render_table(pd.DataFrame(), empty="No problems found.").html
    '<p class="osintkit-empty">No problems found.</p>'
    """
    if frame.empty:
        return HtmlFragment(f'<p class="osintkit-empty">{escape(empty)}</p>', empty)
    html = frame.to_html(
        escape=True,
        index=index,
        na_rep="",
        border=0,
        classes="osintkit-table",
        render_links=False,
    )
    return HtmlFragment(html, frame.to_string(index=index))


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure that Jupyter shows as a PNG, whatever the backend.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure, to adjust or save.
    alt : str
        Text alternative, written into the brief as the image's ``alt``.
    """

    figure: Figure
    alt: str = ""

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        buffer = io.BytesIO()
        # no "Software" text chunk: the same chart gives the same bytes
        self.figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue(), {"alt": self.alt}
