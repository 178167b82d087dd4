r"""Make text from data inert in plots (RELIABILITY rule 4).

Every piece of text that comes from a table (a summary, a source name, a place,
a URL, an incident title) reaches a figure through one of two functions:

- :func:`html_text` for plotly, which renders a subset of HTML (``<b>``,
  ``<br>``, ``<a href>``) in titles, labels, legends and hover text, and
  typesets ``$...$`` as LaTeX when MathJax is on the page. The text is
  HTML-escaped with :func:`html.escape` and ``$`` becomes ``&#36;`` (plotly
  decodes entities back to characters when it draws, as plain text);
- :func:`mpl_text` for matplotlib, where ``$...$`` would start mathtext:
  every ``$`` is escaped as ``\$``, which matplotlib draws as a dollar sign.
  Build matplotlib figures inside :func:`matplotlib_text` so that a user's
  ``text.usetex`` setting cannot hand data to LaTeX either.

Both first pass the text through :func:`plain_text`, which makes bidi controls
(U+202E and friends) and other control characters visible as ``[U+202E]``, so
a right-to-left override cannot reorder what follows it, and can shorten
long cells. URLs are shown as text and never made into links, so a
``javascript:`` URL stays harmless. The stored data is never changed.
"""

from __future__ import annotations

import contextlib
import html
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "hover_html",
    "html_text",
    "matplotlib_text",
    "mpl_text",
    "plain_text",
    "unsafe_strings",
]

#: Bidi embeddings, overrides, isolates and marks, and control characters
#: other than tab and newline.
_HIDDEN = re.compile(
    "[\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(value != value)  # pandas NA, NaT
    except (TypeError, ValueError):
        return False


def plain_text(value: object, *, max_chars: int | None = None) -> str:
    """Return ``value`` as text with hidden characters shown and length capped.

    Parameters
    ----------
    value : object
        A cell; missing values (``None``, ``NaN``, ``NA``, ``NaT``) give ``""``.
    max_chars : int, optional
        Longer text is cut to this many characters, ending in ``…``.

    Returns
    -------
    str
        The text, with each bidi or control character replaced by
        ``[U+XXXX]``.

    Examples
    --------
    >>> plain_text("\u202eonikteT")
    '[U+202E]onikteT'
    >>> plain_text(float("nan")), plain_text("abcdef", max_chars=4)
    ('', 'abc…')
    """
    if _is_missing(value):
        return ""
    text = _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", str(value))
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(max_chars - 1, 0)] + "…"
    return text


def html_text(value: object, *, max_chars: int | None = None) -> str:
    r"""Return text from data that plotly shows as text, never as markup.

    Parameters
    ----------
    value : object
        A cell (see :func:`plain_text`).
    max_chars : int, optional
        Cut the text (before escaping, so no entity is split).

    Returns
    -------
    str
        HTML-escaped text (``<`` ``>`` ``&`` ``"`` ``'``), with ``$`` as
        ``&#36;`` so that plotly never starts LaTeX.

    Examples
    --------
    >>> html_text("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> html_text("$\\frac{1}{0}$")
    '&#36;\\frac{1}{0}&#36;'
    """
    escaped = html.escape(plain_text(value, max_chars=max_chars), quote=True)
    return escaped.replace("$", "&#36;")


def mpl_text(value: object, *, max_chars: int | None = None) -> str:
    r"""Return text from data that matplotlib draws as text, never as mathtext.

    Parameters
    ----------
    value : object
        A cell (see :func:`plain_text`).
    max_chars : int, optional
        Cut the text to this many characters.

    Returns
    -------
    str
        The text with every ``$`` escaped as ``\$``.

    Examples
    --------
    >>> print(mpl_text("$\\frac{1}{0}$ and 5 $"))
    \$\frac{1}{0}\$ and 5 \$
    """
    return plain_text(value, max_chars=max_chars).replace("$", r"\$")


def hover_html(fields: Iterable[tuple[str, object]], *, max_chars: int = 300) -> str:
    """Return plotly hover text: one escaped ``label: value`` per line.

    Parameters
    ----------
    fields : iterable of (str, object)
        Labels (the kit's own words) and values (data). Pairs whose value is
        missing or empty are left out.
    max_chars : int
        Cap on each value's length.

    Returns
    -------
    str
        Lines joined by ``<br>``, labels in ``<b>``; everything else escaped.

    Examples
    --------
    >>> hover_html([("source", "<b>x</b>"), ("url", None)])
    '<b>source</b>: &lt;b&gt;x&lt;/b&gt;'
    """
    lines = []
    for label, value in fields:
        text = html_text(value, max_chars=max_chars)
        if text:
            lines.append(f"<b>{html_text(label)}</b>: {text}")
    return "<br>".join(lines)


@contextlib.contextmanager
def matplotlib_text() -> Iterator[None]:
    """Build a matplotlib figure with LaTeX switched off for its text.

    Text objects take ``text.usetex`` from ``rcParams`` when they are made; a
    user who turned it on would otherwise send data to LaTeX.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with matplotlib_text():
    ...     mpl.rcParams["text.usetex"]
    False
    """
    import matplotlib as mpl

    with mpl.rc_context({"text.usetex": False}):
        yield


#: Markup the kit itself writes into plotly text: bold labels and line breaks.
_OWN_MARKUP = re.compile(r"<(?:b|/b|br)>")
#: Characters that must not reach plotly text from data.
_UNSAFE = re.compile("[<>$\u202a-\u202e\u2066-\u2069]")


def unsafe_strings(figure: Any) -> list[str]:
    """List the strings of a plotly figure that plotly could render as more than text.

    A string is unsafe when, after removing the kit's own ``<b>``, ``</b>``
    and ``<br>``, it still holds ``<``, ``>``, ``$`` or a bidi control. The
    layout's template (plotly's own) is not checked.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure or dict
        A figure, or its ``to_plotly_json()``.

    Returns
    -------
    list of str
        The unsafe strings, empty when every piece of text is inert.

    Examples
    --------
    >>> unsafe_strings({"data": [{"name": "<b>x</b>", "text": ["$x$"]}]})
    ['$x$']
    """
    document = figure if isinstance(figure, dict) else figure.to_plotly_json()
    document = {
        "data": document.get("data", []),
        "layout": {
            k: v for k, v in document.get("layout", {}).items() if k != "template"
        },
    }
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if _UNSAFE.search(_OWN_MARKUP.sub("", value)):
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif hasattr(value, "tolist"):
            walk(value.tolist())

    walk(document)
    return found
