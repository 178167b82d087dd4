"""Colours, marker shapes and line styles shared by every plot, in both backends.

One table per visual channel, so that a side, a claim type or a status looks the
same in the timeline, the actor charts, the map, matplotlib and plotly:

- colour: the side of the source (:data:`SIDE_COLOURS`);
- marker shape: the claim type (:data:`CLAIM_TYPE_MARKERS`);
- fill and line style: the claim's status (:data:`STATUS_STYLES`): hollow and
  dashed while only claimed, filled once corroborated, outlined in black when
  assessed or verified, faded and dotted when refuted.

Everything here is a constant or a pure lookup, so colours are stable from one
run to the next and do not depend on the order of the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from osintkit.selection import UNKNOWN_SOURCE

__all__ = [
    "CAMPS",
    "CLAIM_TYPE_MARKERS",
    "CREDIT_NATURAL_EARTH",
    "INCIDENT_COLOUR",
    "OTHER_COLOUR",
    "SIDE_COLOURS",
    "SIDE_LABELS",
    "STATUS_STYLES",
    "Marker",
    "StatusStyle",
    "claim_marker",
    "side_colour",
    "side_label",
    "sort_sides",
    "status_style",
]

#: One colour per side in every chart (Russia red, Ukraine blue, others grey
#: or green). Copied from ``osintkit.brief``; this table is the one to use.
SIDE_COLOURS: dict[str, str] = {
    "russia": "#b2182b",
    "pro_russia": "#ef8a62",
    "ukraine": "#2166ac",
    "pro_ukraine": "#67a9cf",
    "independent": "#4d4d4d",
    "civilian": "#1b7837",
    "unknown": "#bababa",
    UNKNOWN_SOURCE: "#e0e0e0",
}

#: Colour of a side missing from :data:`SIDE_COLOURS` (never a cycling default,
#: so a new value looks the same in every chart).
OTHER_COLOUR = "#8c6d31"

#: Readable names of the sides, for legends.
SIDE_LABELS: dict[str, str] = {
    "russia": "Russia",
    "pro_russia": "pro-Russian",
    "ukraine": "Ukraine",
    "pro_ukraine": "pro-Ukrainian",
    "independent": "independent",
    "civilian": "civilian",
    "unknown": "unknown",
    UNKNOWN_SOURCE: UNKNOWN_SOURCE,
}

#: The two warring camps: a side and its ``pro_`` side fight on the same side.
CAMPS: dict[str, str] = {
    "russia": "russia",
    "pro_russia": "russia",
    "ukraine": "ukraine",
    "pro_ukraine": "ukraine",
}

#: Colour of incidents (curator groupings), which have no side.
INCIDENT_COLOUR = "#7f7f7f"

#: Credit line every map carries (Natural Earth asks for it, not requires it).
CREDIT_NATURAL_EARTH = "Boundaries: Made with Natural Earth (public domain)"


@dataclass(frozen=True)
class Marker:
    """One marker shape, named for both backends.

    Attributes
    ----------
    matplotlib : str or tuple
        A matplotlib marker (``"o"``, or ``(sides, style, angle)``).
    plotly : str
        The plotly symbol of the same shape (filled; add ``-open`` for hollow).
    """

    matplotlib: Any
    plotly: str


#: Marker shape of each claim type (the ``claim_type`` enum of
#: ``claims.csv``); all shapes can be filled or hollow in both backends.
CLAIM_TYPE_MARKERS: dict[str, Marker] = {
    "territorial_control": Marker("s", "square"),
    "attack_repelled": Marker("D", "diamond"),
    "fighting_ongoing": Marker("o", "circle"),
    "enemy_casualties": Marker("X", "x"),
    "own_casualties": Marker("P", "cross"),
    "civilian_casualties": Marker("*", "star"),
    "equipment_losses": Marker("h", "hexagon"),
    "prisoners_taken": Marker("8", "octagon"),
    "retreat": Marker("v", "triangle-down"),
    "advance": Marker("^", "triangle-up"),
    "incursion_attempt": Marker(">", "triangle-right"),
    "strike": Marker((6, 1, 0), "hexagram"),
    "strike_warning": Marker((3, 1, 0), "star-triangle-up"),
    "shelling": Marker((4, 1, 0), "star-square"),
    "air_defense_intercept": Marker((4, 1, 45), "star-diamond"),
    "attribution": Marker("d", "diamond-tall"),
    "participation": Marker("H", "hexagon2"),
    "force_size": Marker("p", "pentagon"),
    "civil_protection_measure": Marker((3, 1, 180), "star-triangle-down"),
    "denial": Marker("<", "triangle-left"),
}

#: Shape of a claim type missing from :data:`CLAIM_TYPE_MARKERS`.
OTHER_MARKER = Marker((8, 1, 0), "asterisk")


@dataclass(frozen=True)
class StatusStyle:
    """How a claim's status changes its marker and range line.

    Attributes
    ----------
    filled : bool
        Filled marker (else hollow).
    edge_colour : str or None
        Marker outline colour; ``None`` uses the side's colour.
    edge_width : float
        Marker outline width (points).
    alpha : float
        Opacity of marker and line.
    dash : str
        Line style of a date or value range, as a plotly dash name
        (``solid``, ``dash``, ``dot``); :attr:`linestyle` is matplotlib's.
    """

    filled: bool
    edge_colour: str | None
    edge_width: float
    alpha: float
    dash: str

    @property
    def linestyle(self) -> Literal["-", "--", ":"]:
        """The matplotlib line style of :attr:`dash`."""
        styles: dict[str, Literal["-", "--", ":"]] = {
            "solid": "-",
            "dash": "--",
            "dot": ":",
        }
        return styles[self.dash]


#: Style of each claim status, from weakest to strongest, then refuted.
STATUS_STYLES: dict[str, StatusStyle] = {
    "claimed": StatusStyle(False, None, 1.5, 1.0, "dash"),
    "corroborated": StatusStyle(True, None, 1.0, 1.0, "solid"),
    "assessed": StatusStyle(True, "#000000", 1.5, 1.0, "solid"),
    "verified": StatusStyle(True, "#000000", 2.5, 1.0, "solid"),
    "refuted": StatusStyle(False, None, 1.0, 0.35, "dot"),
}

#: Style of a status missing from :data:`STATUS_STYLES`: like ``claimed``.
OTHER_STATUS = STATUS_STYLES["claimed"]

_SIDE_ORDER = {side: i for i, side in enumerate(SIDE_COLOURS)}


def side_colour(side: object) -> str:
    """Return the colour of a side.

    Examples
    --------
    >>> side_colour("russia"), side_colour("somebody new")
    ('#b2182b', '#8c6d31')
    """
    return SIDE_COLOURS.get(str(side), OTHER_COLOUR)


def side_label(side: object) -> str:
    """Return a side's name for legends (the value itself when unknown).

    Examples
    --------
    >>> side_label("pro_ukraine")
    'pro-Ukrainian'
    """
    return SIDE_LABELS.get(str(side), str(side))


def sort_sides(sides: Iterable[object]) -> list[str]:
    """Return distinct sides in the order of :data:`SIDE_COLOURS`, others after.

    Examples
    --------
    >>> sort_sides(["independent", "zz", "ukraine", "russia", "ukraine"])
    ['russia', 'ukraine', 'independent', 'zz']
    """
    distinct = {str(side) for side in sides}
    return sorted(distinct, key=lambda s: (_SIDE_ORDER.get(s, len(_SIDE_ORDER)), s))


def claim_marker(claim_type: object) -> Marker:
    """Return the marker shape of a claim type.

    Examples
    --------
    >>> claim_marker("strike").plotly
    'hexagram'
    """
    return CLAIM_TYPE_MARKERS.get(str(claim_type), OTHER_MARKER)


def status_style(status: object) -> StatusStyle:
    """Return the marker and line style of a claim status.

    Examples
    --------
    >>> status_style("refuted").dash, status_style("claimed").filled
    ('dot', False)
    """
    return STATUS_STYLES.get(str(status), OTHER_STATUS)
