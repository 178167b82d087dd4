"""Showing results in Jupyter and in briefs: one escaping path for data.

Every piece of data that reaches HTML goes through :func:`render_table`
(escaped cells, no links made from data) or is drawn into an image
(:class:`Chart`), or is a plotly figure whose text the :mod:`osintkit.plots`
functions escaped (:class:`InteractiveChart`). RELIABILITY.md rule 4.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PLOTLY_CONFIG",
    "PLOTLY_MIMETYPE",
    "Chart",
    "HtmlFragment",
    "InteractiveChart",
    "render_table",
    "render_text",
    "safe_link",
]

_HTTP_URL = re.compile(r"^https?://", re.IGNORECASE)


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
    links: Sequence[str] = (),
) -> HtmlFragment:
    """Show a table with every cell and header escaped.

    Text from sources (``<script>``, ``javascript:`` URLs, quotes) is shown as
    text, never as markup. Only the columns named in ``links`` become links,
    and only for ``http`` and ``https`` URLs (see :func:`safe_link`).

    Parameters
    ----------
    frame : pandas.DataFrame
        Table to show.
    empty : str
        Sentence shown instead of an empty table.
    index : bool
        Show the index as the first column.
    links : sequence of str
        Columns holding URLs to show as links.

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
    >>> urls = pd.DataFrame(
    ...     {"url": ["https://example.org/a?b=1&c=2", "javascript:alert(1)"]}
    ... )
    >>> print(render_table(urls, links=["url"]).html)  # doctest: +NORMALIZE_WHITESPACE
    <table class="osintkit-table"><thead><tr><th>url</th></tr></thead><tbody>
    <tr><td><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">https://example.org/a?b=1&amp;c=2</a></td></tr>
    <tr><td>javascript:alert(1)</td></tr>
    </tbody></table>
    """
    if frame.empty:
        return HtmlFragment(f'<p class="osintkit-empty">{escape(empty)}</p>', empty)
    shown = frame.reset_index() if index else frame
    link_columns = {shown.columns.get_loc(name) for name in links if name in shown}
    head = "".join(f"<th>{escape(str(name))}</th>" for name in shown.columns)
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = []
        for position, value in enumerate(values):
            text = _cell_text(value)
            cell = safe_link(text) if position in link_columns else escape(text)
            cells.append(f"<td>{cell}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    html = (
        f'<table class="osintkit-table"><thead><tr>{head}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )
    return HtmlFragment(html, frame.to_string(index=index))


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    return str(value)


def safe_link(url: str) -> str:
    """Return an escaped link for an ``http(s)`` URL, or the escaped text.

    Parameters
    ----------
    url : str
        A URL as a source gave it.

    Returns
    -------
    str
        HTML: an ``<a>`` that sends no referrer when the URL is ``http`` or
        ``https`` and has a host; otherwise the text, escaped and inert.

    Examples
    --------
    >>> safe_link("javascript:alert(1)")
    'javascript:alert(1)'
    >>> safe_link('https://x.org/"onmouseover=alert(1)')
    '<a href="https://x.org/&quot;onmouseover=alert(1)" rel="noopener noreferrer nofollow">https://x.org/&quot;onmouseover=alert(1)</a>'
    """
    text = url.strip()
    parts = urlsplit(text) if _HTTP_URL.match(text) else None
    if parts is None or not parts.netloc or any(ch.isspace() for ch in text):
        return escape(url)
    return (
        f'<a href="{escape(text)}" rel="noopener noreferrer nofollow">'
        f"{escape(text)}</a>"
    )


def render_text(text: str, *, tag: str = "p") -> HtmlFragment:
    """Show one paragraph of text (which may come from data) escaped.

    Parameters
    ----------
    text : str
        The text.
    tag : {"p", "h3", "h4"}
        The element to wrap it in.

    Returns
    -------
    HtmlFragment

    Examples
    --------
    >>> render_text("<b>7 tanks</b>").html
    '<p class="osintkit-text">&lt;b&gt;7 tanks&lt;/b&gt;</p>'
    """
    if tag not in {"p", "h3", "h4"}:
        raise ValueError(f"tag must be p, h3 or h4, not {tag!r}")
    return HtmlFragment(f'<{tag} class="osintkit-text">{escape(text)}</{tag}>', text)


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


#: MIME type of a plotly figure in a notebook output (JupyterLab renders it with
#: the jupyterlab-plotly extension; the brief turns it into an inline chart).
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"


@dataclass(frozen=True)
class InteractiveChart:
    """A plotly figure shown the same way in JupyterLab, papermill and the brief.

    Plotly's own display depends on the renderer it guesses for the frontend;
    this always emits the figure as :data:`PLOTLY_MIMETYPE` (data, layout and
    config as JSON, with no script and no URL), which JupyterLab renders
    interactively and :func:`osintkit.brief.render_brief_html` draws with the
    inlined plotly.js. Text from data must already be escaped in the figure
    (the :mod:`osintkit.plots` functions do this).

    Attributes
    ----------
    figure : plotly.graph_objects.Figure or osintkit.plots.spec.PlotlySpec
        The figure, to adjust or save; or the same figure as plain data
        (``backend="plotly-json"``), which is shown without building plotly's
        graph objects.
    alt : str
        Plain-text description (the ``text/plain`` output).
    """

    figure: Any
    alt: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        """Return the figure as plain JSON data: ``data``, ``layout``, ``config``.

        Returns
        -------
        dict
            What the plotly MIME renderer and ``Plotly.newPlot`` take.
        """
        if isinstance(self.figure, Mapping):  # backend="plotly-json"
            from osintkit.plots.spec import json_ready

            spec = json_ready(
                {"data": self.figure["data"], "layout": self.figure["layout"]}
            )
        else:
            import plotly.io as pio

            spec = json.loads(pio.to_json(self.figure, validate=False))
        spec["config"] = dict(PLOTLY_CONFIG)
        return spec

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> dict[str, Any]:
        return {
            PLOTLY_MIMETYPE: self.to_json_dict(),
            "text/plain": self.alt or "interactive chart",
        }

    def __repr__(self) -> str:
        return self.alt or "interactive chart"


#: Plotly options for every interactive chart: no plotly logo or "edit in
#: Chart Studio" link (which would send the data to a server), no MathJax.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "typesetMath": False,
}
