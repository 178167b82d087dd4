"""Plotly figures as plain data: a layout frame, traces, and the finished figure.

The kit's plotly charts are built as plain dicts (the JSON plotly.js draws)
and only then, once, turned into a :class:`plotly.graph_objects.Figure`.
Plotly's graph objects check every value they are given, list element by
list element, check a trace again when it is added to a figure, and copy the
data several times; for the weekly brief's charts that was most of the
plotting time. The traces the kit builds are checked once, by the test suite
(``tests/unit/test_plots_plotly_valid.py`` rebuilds every figure with
plotly's checks on).

``backend="plotly"`` gives a figure whose checks are switched back on, so a
user's later changes are validated as usual; ``backend="plotly-json"`` gives
the :class:`PlotlySpec` itself, which :class:`osintkit.display.
InteractiveChart` shows without building graph objects at all (what the
brief does) and ``plotly.graph_objects.Figure(spec)`` turns into a figure.
"""

from __future__ import annotations

import base64
import functools
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from osintkit.plots.text import html_text

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "PLOTLY_TEMPLATE",
    "PlotlyFrame",
    "PlotlySpec",
    "Trace",
    "bar",
    "json_ready",
    "kit_template",
    "scatter",
]

#: Plotly layout shared by every figure: a template that ships with plotly.
PLOTLY_TEMPLATE = "plotly_white"

#: A plotly trace as plain data: ``{"type": "scatter", "x": [...], ...}``.
Trace = dict[str, Any]

#: Trace types the kit draws; the template keeps their defaults only.
_TRACE_TYPES = ("scatter", "bar")


def kit_template() -> dict[str, Any]:
    """:data:`PLOTLY_TEMPLATE`'s layout and the defaults of the kit's traces.

    A new copy each time (a figure may change its own). Only the trace types
    the kit draws are kept: a figure carries its template, and plotly copies
    it into every figure.
    """
    return json.loads(_kit_template_json())


@functools.cache
def _kit_template_json() -> str:
    # Read from the JSON file plotly ships the template in: pio.templates
    # would first build (and validate) the whole template as graph objects.
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
    return json.dumps(
        {
            "layout": template["layout"],
            "data": {kind: template["data"][kind] for kind in _TRACE_TYPES},
        }
    )


class PlotlySpec(dict[str, Any]):
    """A finished plotly figure as plain data: ``{"data": [...], "layout": {...}}``.

    Examples
    --------
    >>> spec = PlotlyFrame("t").finish([scatter(x=[1], y=[2])], "plotly-json")
    >>> spec["data"][0]["type"], spec["layout"]["title"]["text"]
    ('scatter', 't')
    """


#: Layout properties whose parts the plots set as ``name_part`` (plotly's
#: "magic underscores"); other names keep their underscore (``plot_bgcolor``).
_COMPOUND = frozenset({"title", "font", "legend", "margin", "hoverlabel", "line"})


def _expand(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Expand plotly's "magic underscores": ``title_text`` to ``title.text``.

    ``None`` values are left out (plotly reads them as "not set").

    Examples
    --------
    >>> _expand({"title_text": "x", "range": None, "plot_bgcolor": "#fff"})
    {'title': {'text': 'x'}, 'plot_bgcolor': '#fff'}
    """
    expanded: dict[str, Any] = {}
    for key, value in properties.items():
        if value is None:
            continue
        head, _, rest = key.partition("_")
        if rest and head in _COMPOUND:
            _merge(expanded, {head: _expand({rest: value})})
        else:
            expanded[key] = value
    return expanded


def _merge(target: dict[str, Any], update: Mapping[str, Any]) -> None:
    """Merge ``update`` into ``target`` as ``Figure.update_layout`` does."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) else value


class PlotlyFrame:
    """A figure's layout under construction, with the figure methods plots use.

    Parameters
    ----------
    title : str, optional
        Plain text, escaped here.
    height : int
        Height in pixels.

    Examples
    --------
    >>> frame = PlotlyFrame("<b>x</b>", height=300)
    >>> frame.update_xaxes(title_text="day", visible=False)
    >>> frame.layout["title"]["text"], frame.layout["xaxis"]
    ('&lt;b&gt;x&lt;/b&gt;', {'title': {'text': 'day'}, 'visible': False})
    """

    def __init__(self, title: str | None = None, *, height: int = 500) -> None:
        self.layout: dict[str, Any] = {
            "template": kit_template(),
            "height": height,
            "margin": {"b": 90},
        }
        if title:
            self.layout["title"] = {"text": html_text(title, max_chars=120)}

    def update_layout(self, **properties: Any) -> None:
        """Merge properties into the layout (``Figure.update_layout``)."""
        _merge(self.layout, _expand(properties))

    def update_xaxes(self, **properties: Any) -> None:
        """Merge properties into the x axis (``Figure.update_xaxes``)."""
        _merge(self.layout.setdefault("xaxis", {}), _expand(properties))

    def update_yaxes(self, **properties: Any) -> None:
        """Merge properties into the y axis (``Figure.update_yaxes``)."""
        _merge(self.layout.setdefault("yaxis", {}), _expand(properties))

    def add_annotation(self, **properties: Any) -> None:
        """Add an annotation (``Figure.add_annotation``)."""
        self.layout.setdefault("annotations", []).append(_expand(properties))

    def finish(self, traces: Iterable[Trace], backend: str) -> go.Figure | PlotlySpec:
        """Return the figure: this layout with ``traces`` drawn on it.

        ``"plotly-json"`` gives the :class:`PlotlySpec`; ``"plotly"`` a
        :class:`plotly.graph_objects.Figure`, built without plotly's checks
        (see the module's description), which are then switched back on.

        Parameters
        ----------
        traces : iterable of dict
            Traces built with :func:`scatter` and :func:`bar`, in drawing
            order.
        backend : {"plotly", "plotly-json"}
            Which of the two to return.

        Examples
        --------
        >>> figure = PlotlyFrame("t").finish([scatter(x=[1], y=[2])], "plotly")
        >>> figure.data[0].x, figure.layout.title.text
        ((1,), 't')
        >>> try:
        ...     figure.update_layout(titel="x")
        ... except ValueError as error:
        ...     print(str(error).splitlines()[0])
        Invalid property specified for object of type plotly.graph_objs.Layout: 'titel'
        """
        spec = PlotlySpec(data=list(traces), layout=self.layout)
        if backend == "plotly-json":
            return spec
        import plotly.graph_objects as go

        figure = go.Figure(spec, _validate=False)
        # the switch plotly itself flips while it applies a trusted template
        figure._validate = True
        figure.layout._validate = True
        for trace in figure.data:
            trace._validate = True
        return figure


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


def json_ready(value: Any) -> Any:
    """Return ``value`` with numpy values made JSON data, as plotly sends them.

    A float or integer array becomes plotly.js's typed-array form
    (``{"dtype": "f8", "bdata": <base64>}``, NaN kept as a gap), any other
    array a list; numpy scalars become Python numbers, a NaN ``None``.

    Examples
    --------
    >>> json_ready({"x": np.array([1.5, np.nan]), "n": np.int64(3), "y": [np.nan]})
    {'x': {'dtype': 'f8', 'bdata': 'AAAAAAAA+D8AAAAAAAD4fw=='}, 'n': 3, 'y': [None]}
    """
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and value.size:
            data = value.astype("<f8").tobytes()
            return {"dtype": "f8", "bdata": base64.b64encode(data).decode("ascii")}
        return json_ready(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
