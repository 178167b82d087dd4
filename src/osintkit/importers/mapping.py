"""Read the TOML mapping files that describe a claims sheet or a timemap export.

A research team's sheet has its own column names and its own words for claim
types and sides. A mapping file says, once, which column is which of the kit's
fields, how their vocabulary maps onto the kit's, how dates are written, and
how to grade the claimants. It is read with the standard library's
:mod:`tomllib`, and every mistake is reported precisely: the mapping file, the
table and key, what is wrong and how to fix it (an unknown key gets a "did you
mean" suggestion; a column that is not in the input lists the columns that
are). See ``docs/importing.md`` for the format and
``mappings/claims_march2024_sheet.toml`` for a complete example.

Examples
--------
>>> from osintkit import paths
>>> m = read_sheet_mapping(paths.REPO_ROOT / "mappings" / "claims_march2024_sheet.toml")
>>> m.columns["url"], m.date_order, m.claim_types["enemy_retreat"].claim_type
('source_url', 'YMD', 'retreat')
"""

from __future__ import annotations

import codecs
import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osintkit import paths
from osintkit.datapackage import read_package
from osintkit.errors import ImportFailedError, OsintkitError

__all__ = [
    "DATE_ORDERS",
    "REQUIRED_COLUMNS",
    "SHEET_COLUMNS",
    "ClaimTypeValue",
    "Claimant",
    "Defaults",
    "SheetMapping",
    "SideValue",
    "TimemapMapping",
    "model_vocabulary",
    "read_sheet_mapping",
    "read_timemap_mapping",
]

#: Declared orders of day, month and year in a sheet's dates.
DATE_ORDERS: tuple[str, ...] = ("YMD", "DMY", "MDY")

#: The fields a ``[columns]`` table may map, each with what the column holds.
SHEET_COLUMNS: dict[str, str] = {
    "claim_id": "the sheet's own id of the row (kept as claim_id and origin_id)",
    "claimant": "who made the claim (becomes the claim's source)",
    "claimant_side": "the claimant's side in the sheet's words (see [values])",
    "reported_date": "the day the claim was made or published",
    "event_date": "the day of the claimed event, or a range 'start/end'",
    "event_date_start": "the first day of the claimed event",
    "event_date_end": "the last day of the claimed event",
    "place": "the place as the claim names it (several places or an area)",
    "admin1": "the oblast(s) the sheet assigns the claim to",
    "claim_type": "the kind of claim in the sheet's words (see [values])",
    "figures": "the figures in words ('7 tanks; 5 armoured vehicles')",
    "url": "the page the claim was found on",
    "summary": "the sheet's own summary of the claim",
    "notes": "the sheet's notes (appended to the claim's notes)",
    "language": "the language of the page at url (BCP 47)",
    "archive_url": "an archived copy of the page",
    "sha256": "the SHA-256 of the captured artefact",
    "collected_at": "when the claim was collected (ISO 8601 with offset)",
    "credibility": "Admiralty information credibility 1-6",
    "status": "claimed / corroborated / assessed / verified / refuted",
    "stance": "asserts / denies",
    "latitude": "the claim's own latitude (WGS 84)",
    "longitude": "the claim's own longitude (WGS 84)",
    "actors": "actors the claim is about, as the sheet names them",
}

#: Fields every sheet mapping must map to a column.
REQUIRED_COLUMNS: tuple[str, ...] = ("claimant", "claim_type", "url", "summary")

_REQUIRED_HOW = {
    "claimant": "the column naming who made each claim",
    "claim_type": "the column with the kind of claim",
    "url": "the column with the page each claim was found on",
    "summary": "the column with the sheet's text of the claim (it may be the "
    "same column as figures)",
}

_SOURCE_FIELDS = (
    "source_id",
    "name",
    "reliability",
    "notes",
    "source_type",
    "side",
    "is_belligerent",
    "actor_id",
    "parent_source_id",
    "platform",
    "url",
    "language",
)


@functools.cache
def _vocabularies() -> dict[tuple[str, str], tuple[str, ...]]:
    package, problems = read_package(paths.SAMPLE_DATASET)
    if package is None:  # pragma: no cover - the model ships with the kit
        raise OsintkitError(f"the model descriptor is unreadable: {problems}")
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for resource in package.resources:
        for fld in resource.schema.fields:
            if fld.enum:
                out[(resource.name, fld.name)] = tuple(fld.enum)
    return out


def model_vocabulary(resource: str, field_name: str) -> tuple[str, ...]:
    """Return the allowed values of an enumerated column of the kit's model.

    Parameters
    ----------
    resource : str
        ``claims``, ``sources`` or ``incidents``.
    field_name : str
        The column.

    Returns
    -------
    tuple of str
        The ``enum`` of the column in ``datapackage.json``.

    Examples
    --------
    >>> model_vocabulary("claims", "stance")
    ('asserts', 'denies')
    """
    return _vocabularies()[(resource, field_name)]


@dataclass(frozen=True)
class ClaimTypeValue:
    """What one of the sheet's claim types becomes.

    Attributes
    ----------
    claim_type : str
        The kit's claim type.
    stance : str or None
        ``asserts`` or ``denies`` when the type implies it (a denial).
    subject_side : str or None
        Whose people or equipment the figures count, when the type says so
        (``civilian`` for civilian casualties); None leaves it blank.
    """

    claim_type: str
    stance: str | None = None
    subject_side: str | None = None


@dataclass(frozen=True)
class SideValue:
    """What one of the sheet's claimant sides becomes for the derived source."""

    side: str
    is_belligerent: bool
    source_type: str | None = None


@dataclass(frozen=True)
class Claimant:
    """How the mapping describes and grades one claimant, by its name."""

    name: str
    source_id: str | None = None
    display_name: str | None = None
    reliability: str | None = None
    notes: str | None = None
    source_type: str | None = None
    side: str | None = None
    is_belligerent: bool | None = None
    actor_id: str | None = None
    parent_source_id: str | None = None
    platform: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Defaults:
    """Values for what neither the input nor the mapping states."""

    reliability: str = "F"
    credibility: int = 6
    status: str = "claimed"
    stance: str = "asserts"
    source_type: str = "other"
    side: str = "unknown"
    is_belligerent: bool = False
    language: str | None = None
    claim_type: str | None = None
    event_type: str = "other"


@dataclass(frozen=True)
class SheetMapping:
    """A parsed sheet mapping; see ``docs/importing.md``.

    Attributes
    ----------
    path : pathlib.Path
        The mapping file (named in every message).
    format : str or None
        ``csv`` or ``xlsx``; None to go by the input's extension.
    encoding, delimiter : str
        How a CSV input is written.
    sheet : str or None
        The worksheet of an XLSX input (the first one when None).
    header_row : int
        The row of an XLSX worksheet that holds the column names.
    date_order : str or None
        ``YMD``, ``DMY`` or ``MDY``; None when every date is ISO 8601.
    text_language : str or None
        The language the sheet's own text (figures) is written in.
    country : str or None
        Country context for place names (``RU``, ``UA``).
    columns : dict
        Kit field -> column name in the input.
    claim_types : dict
        The sheet's claim type -> :class:`ClaimTypeValue`.
    sides : dict
        The sheet's claimant side -> :class:`SideValue`.
    defaults : Defaults
    claimants : dict
        Claimant name as written in the sheet -> :class:`Claimant`.
    """

    path: Path
    format: str | None = None
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet: str | None = None
    header_row: int = 1
    date_order: str | None = None
    text_language: str | None = None
    country: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    claim_types: dict[str, ClaimTypeValue] = field(default_factory=dict)
    sides: dict[str, SideValue] = field(default_factory=dict)
    defaults: Defaults = field(default_factory=Defaults)
    claimants: dict[str, Claimant] = field(default_factory=dict)

    def check_columns(self, header: Sequence[str], input_label: str) -> dict[str, int]:
        """Check that every mapped column is in the input; return their positions.

        Parameters
        ----------
        header : sequence of str
            The input's column names, in order.
        input_label : str
            How to name the input in messages.

        Returns
        -------
        dict
            Kit field -> 0-based position of its column.

        Raises
        ------
        ImportFailedError
            Naming every mapped column that is missing, the columns the input
            has, and the closest match.
        """
        positions: dict[str, int] = {}
        seen: dict[str, int] = {}
        duplicated = set()
        for i, name in enumerate(header):
            if name in seen:
                duplicated.add(name)
            seen.setdefault(name, i)
        problems = []
        for fld, column in self.columns.items():
            if column in duplicated:
                problems.append(
                    f"[columns] {fld} = {column!r}: {input_label} has more than one "
                    f"column called {column!r}; rename one of them in the input"
                )
            elif column in seen:
                positions[fld] = seen[column]
            else:
                problems.append(
                    f"[columns] {fld} = {column!r}: {input_label} has no column "
                    f"{column!r}{_suggest(column, header)}; its columns are "
                    f"{', '.join(repr(h) for h in header)}"
                )
        if problems:
            raise ImportFailedError(
                f"{self.path}: the mapping does not fit {input_label}:\n  "
                + "\n  ".join(problems)
                + "\n(fix the column names in the mapping; they must match the "
                "header exactly, including case and spaces)"
            )
        return positions


@dataclass(frozen=True)
class TimemapMapping:
    """A parsed (optional) timemap mapping; see ``docs/importing.md``.

    Attributes
    ----------
    path : pathlib.Path or None
        The mapping file, None for the built-in defaults.
    date_order : str
        ``MDY`` (the timemap export's ``MM/DD/YYYY``) unless declared.
    country : str or None
        Country context for place names.
    filters : dict
        ``(filter key, filter value)`` -> :class:`ClaimTypeValue`: how an
        event's filters choose the claim type of its claims.
    defaults : Defaults
        ``claim_type`` (``strike`` unless declared) and ``event_type``
        (``other``), grades and status.
    claimants : dict
        Derived source name -> :class:`Claimant` (grades by name).
    """

    path: Path | None = None
    date_order: str = "MDY"
    country: str | None = None
    filters: dict[tuple[str, str], ClaimTypeValue] = field(default_factory=dict)
    defaults: Defaults = field(default_factory=lambda: Defaults(claim_type="strike"))
    claimants: dict[str, Claimant] = field(default_factory=dict)


# -- reading ------------------------------------------------------------------


def read_sheet_mapping(path: str | Path) -> SheetMapping:
    """Read and check a sheet mapping file.

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.

    Returns
    -------
    SheetMapping

    Raises
    ------
    ImportFailedError
        For unreadable TOML (with line and column), unknown tables or keys,
        missing required column mappings, values outside the kit's
        vocabulary, or keys of the wrong type. The message names the file and
        the key and says how to fix it.
    """
    path = Path(path)
    data = _load_toml(path)
    r = _Reader(path)
    r.keys(data, "", ("sheet", "columns", "values", "defaults", "claimants"))
    sheet = r.table(data, "sheet")
    r.keys(
        sheet,
        "sheet",
        (
            "format",
            "encoding",
            "delimiter",
            "sheet",
            "header_row",
            "date_order",
            "text_language",
            "country",
        ),
    )
    fmt = r.choice(sheet, "sheet", "format", ("csv", "xlsx"), lower=True)
    encoding = r.string(sheet, "sheet", "encoding") or "utf-8"
    r.encoding(encoding)
    delimiter = r.string(sheet, "sheet", "delimiter") or ","
    if len(delimiter) != 1:
        r.fail("[sheet] delimiter", f"must be one character, not {delimiter!r}")
    header_row = r.integer(sheet, "sheet", "header_row", minimum=1) or 1
    date_order = r.choice(sheet, "sheet", "date_order", DATE_ORDERS, upper=True)

    columns_table = r.table(data, "columns")
    r.keys(columns_table, "columns", tuple(SHEET_COLUMNS))
    columns: dict[str, str] = {}
    for key in columns_table:
        value = r.string(columns_table, "columns", key)
        if not value:
            r.fail(f"[columns] {key}", "is empty: write the column's header")
        columns[key] = str(value)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        r.problems.extend(
            f"[columns] has no {c!r}: map {_REQUIRED_HOW[c]}, e.g. "
            f'{c} = "<column header>"'
            for c in missing
        )
    if "event_date" in columns and (
        "event_date_start" in columns or "event_date_end" in columns
    ):
        r.fail(
            "[columns]",
            "maps both event_date and event_date_start/event_date_end: map either "
            "one column (single days or 'start/end' ranges) or the two columns",
        )
    if "event_date_end" in columns and "event_date_start" not in columns:
        r.fail("[columns] event_date_end", "needs event_date_start too")
    if ("latitude" in columns) != ("longitude" in columns):
        r.fail("[columns]", "map latitude and longitude together, or neither")

    values = r.table(data, "values")
    r.keys(values, "values", ("claim_type", "claimant_side"))
    claim_types = {
        name: r.claim_type_value(value, f"values.claim_type.{_quote_key(name)}")
        for name, value in r.table(values, "values.claim_type").items()
    }
    sides = {
        name: r.side_value(value, f"values.claimant_side.{_quote_key(name)}")
        for name, value in r.table(values, "values.claimant_side").items()
    }
    if sides and "claimant_side" not in columns:
        r.fail(
            "[values.claimant_side]",
            "is given but [columns] maps no claimant_side column: map it, or "
            "remove the table",
        )
    defaults = r.defaults(r.table(data, "defaults"))
    claimants = r.claimants(r.table(data, "claimants"))
    r.raise_problems()
    return SheetMapping(
        path=path,
        format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        sheet=r.string(sheet, "sheet", "sheet"),
        header_row=header_row,
        date_order=date_order,
        text_language=r.string(sheet, "sheet", "text_language"),
        country=r.string(sheet, "sheet", "country"),
        columns=columns,
        claim_types=claim_types,
        sides=sides,
        defaults=defaults,
        claimants=claimants,
    )


def read_timemap_mapping(path: str | Path | None) -> TimemapMapping:
    """Read and check an optional timemap mapping file.

    Parameters
    ----------
    path : str or pathlib.Path or None
        The TOML file; None gives the built-in defaults.

    Returns
    -------
    TimemapMapping

    Raises
    ------
    ImportFailedError
        As :func:`read_sheet_mapping`.

    Examples
    --------
    >>> read_timemap_mapping(None).defaults.claim_type
    'strike'
    """
    if path is None:
        return TimemapMapping()
    path = Path(path)
    data = _load_toml(path)
    r = _Reader(path)
    r.keys(data, "", ("timemap", "values", "defaults", "claimants"))
    section = r.table(data, "timemap")
    r.keys(section, "timemap", ("date_order", "country"))
    date_order = (
        r.choice(section, "timemap", "date_order", DATE_ORDERS, upper=True) or "MDY"
    )
    values = r.table(data, "values")
    r.keys(values, "values", ("filters",))
    filters: dict[tuple[str, str], ClaimTypeValue] = {}
    for key, table in r.table(values, "values.filters").items():
        where = f"values.filters.{_quote_key(key)}"
        if not isinstance(table, dict):
            r.fail(
                f"[values.filters] {key!r}",
                "must be a table of filter values, e.g. "
                f'[{where}] "Some value" = "civilian_casualties"',
            )
            continue
        for value, target in table.items():
            filters[(key, value)] = r.claim_type_value(
                target, f"{where}.{_quote_key(value)}"
            )
    defaults = r.defaults(r.table(data, "defaults"), claim_type="strike")
    claimants = r.claimants(r.table(data, "claimants"))
    r.raise_problems()
    return TimemapMapping(
        path=path,
        date_order=date_order,
        country=r.string(section, "timemap", "country"),
        filters=filters,
        defaults=defaults,
        claimants=claimants,
    )


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailedError(
            f"{path}: cannot read the mapping file ({exc.strerror or exc})"
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailedError(
            f"{path}:{line}: the mapping file is not UTF-8 (byte {exc.start}); "
            "save it as UTF-8"
        ) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailedError(
            f"{path}: not valid TOML: {exc} (check quoting: names with spaces or "
            'punctuation must be quoted, e.g. "Russian Ministry of Defence" = ...)'
        ) from exc


def _quote_key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else '"' + key.replace('"', '\\"') + '"'


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.casefold().strip(): c for c in choices}
        if word.casefold().strip() in lowered:
            close = [lowered[word.casefold().strip()]]
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Reader:
    """Collects every problem of one mapping file before raising."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where} {message}")

    def raise_problems(self) -> None:
        if self.problems:
            raise ImportFailedError(
                f"{self.path}: {len(self.problems)} problem(s) in the mapping:\n  "
                + "\n  ".join(self.problems)
                + "\n(see docs/importing.md for the mapping format)"
            )

    def keys(self, table: Mapping[str, Any], where: str, known: Sequence[str]) -> None:
        for key in table:
            if key not in known:
                place = f"[{where}]" if where else "top level:"
                self.fail(
                    f"{place} unknown key {key!r}{_suggest(key, known)};",
                    f"the keys allowed here are {', '.join(known)}",
                )

    def table(self, parent: Mapping[str, Any], name: str) -> dict[str, Any]:
        key = name.rsplit(".", 1)[-1]
        value = parent.get(key, {})
        if not isinstance(value, dict):
            self.fail(f"[{name}]", f"must be a table, not {type(value).__name__}")
            return {}
        return value

    def string(self, table: Mapping[str, Any], where: str, key: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(
                f"[{where}] {key}",
                f'must be a quoted string, not {value!r}: write {key} = "..."',
            )
            return None
        return value

    def integer(
        self, table: Mapping[str, Any], where: str, key: str, *, minimum: int
    ) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"[{where}] {key}", f"must be a whole number >= {minimum}")
            return None
        return value

    def boolean(self, table: Mapping[str, Any], where: str, key: str) -> bool | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(
                f"[{where}] {key}", f"must be true or false (unquoted), not {value!r}"
            )
            return None
        return value

    def choice(
        self,
        table: Mapping[str, Any],
        where: str,
        key: str,
        allowed: Sequence[str],
        *,
        upper: bool = False,
        lower: bool = False,
    ) -> str | None:
        value = self.string(table, where, key)
        if value is None:
            return None
        norm = value.upper() if upper else value.lower() if lower else value
        if norm not in allowed:
            self.fail(
                f"[{where}] {key} = {value!r}",
                f"is not one of {', '.join(allowed)}{_suggest(value, allowed)}",
            )
            return None
        return norm

    def encoding(self, name: str) -> None:
        try:
            codecs.lookup(name)
        except LookupError:
            self.fail(
                f"[sheet] encoding = {name!r}",
                "is not a known encoding: use e.g. utf-8, utf-8-sig, cp1251, "
                "cp1252, utf-16",
            )

    def vocabulary(self, value: Any, where: str, resource: str, fld: str) -> str | None:
        allowed = model_vocabulary(resource, fld)
        if not isinstance(value, str) or value not in allowed:
            self.fail(
                f"[{where}]" if "." not in where else where,
                f"{value!r} is not a {resource} {fld} of the kit"
                f"{_suggest(str(value), allowed)}; use one of {', '.join(allowed)}",
            )
            return None
        return value

    def claim_type_value(self, value: Any, where: str) -> ClaimTypeValue:
        if isinstance(value, str):
            kit = self.vocabulary(value, where, "claims", "claim_type")
            return ClaimTypeValue(kit or value)
        if not isinstance(value, dict):
            self.fail(
                where,
                'must be a kit claim type ("retreat") or a table '
                '{ claim_type = "denial", stance = "denies" }',
            )
            return ClaimTypeValue("")
        self.keys(value, where, ("claim_type", "stance", "subject_side"))
        if "claim_type" not in value:
            self.fail(where, 'needs claim_type = "..."')
        kit = self.vocabulary(
            value.get("claim_type"), f"{where}.claim_type", "claims", "claim_type"
        )
        stance = subject = None
        if "stance" in value:
            stance = self.vocabulary(
                value["stance"], f"{where}.stance", "claims", "stance"
            )
        if "subject_side" in value:
            subject = self.vocabulary(
                value["subject_side"], f"{where}.subject_side", "claims", "subject_side"
            )
        return ClaimTypeValue(kit or "", stance, subject)

    def side_value(self, value: Any, where: str) -> SideValue:
        if not isinstance(value, dict):
            self.fail(
                where,
                'must be a table { side = "russia", is_belligerent = true, '
                'source_type = "official" }',
            )
            return SideValue("unknown", False)
        self.keys(value, where, ("side", "is_belligerent", "source_type"))
        for needed in ("side", "is_belligerent"):
            if needed not in value:
                self.fail(
                    where, f"needs {needed} (side and is_belligerent are required)"
                )
        side = self.vocabulary(value.get("side"), f"{where}.side", "sources", "side")
        belligerent = self.boolean(value, where, "is_belligerent")
        source_type = None
        if "source_type" in value:
            source_type = self.vocabulary(
                value["source_type"], f"{where}.source_type", "sources", "source_type"
            )
        return SideValue(side or "unknown", bool(belligerent), source_type)

    def defaults(
        self, table: Mapping[str, Any], *, claim_type: str | None = None
    ) -> Defaults:
        known = (
            "reliability",
            "credibility",
            "status",
            "stance",
            "source_type",
            "side",
            "is_belligerent",
            "language",
            "claim_type",
            "event_type",
        )
        self.keys(table, "defaults", known)
        base = Defaults(claim_type=claim_type)
        out: dict[str, Any] = {}
        for key, resource, fld in (
            ("reliability", "sources", "reliability"),
            ("status", "claims", "status"),
            ("stance", "claims", "stance"),
            ("source_type", "sources", "source_type"),
            ("side", "sources", "side"),
            ("claim_type", "claims", "claim_type"),
            ("event_type", "incidents", "event_type"),
        ):
            if key in table:
                value = self.vocabulary(table[key], f"[defaults] {key}", resource, fld)
                if value is not None:
                    out[key] = value
        if "credibility" in table:
            value = table["credibility"]
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 1 <= value <= 6
            ):
                self.fail(
                    "[defaults] credibility",
                    f"must be a whole number from 1 to 6, not {value!r}",
                )
            else:
                out["credibility"] = value
        belligerent = self.boolean(table, "defaults", "is_belligerent")
        if belligerent is not None:
            out["is_belligerent"] = belligerent
        language = self.string(table, "defaults", "language")
        if language:
            out["language"] = language
        return Defaults(**{**base.__dict__, **out})

    def claimants(self, table: Mapping[str, Any]) -> dict[str, Claimant]:
        out: dict[str, Claimant] = {}
        for name, value in table.items():
            where = f"[claimants.{_quote_key(name)}]"
            if not isinstance(value, dict):
                self.fail(
                    where,
                    'must be a table, e.g. { reliability = "D", notes = "why" }',
                )
                continue
            self.keys(value, f"claimants.{_quote_key(name)}", _SOURCE_FIELDS)
            fields: dict[str, Any] = {}
            for key in _SOURCE_FIELDS:
                if key not in value:
                    continue
                if key == "is_belligerent":
                    fields[key] = self.boolean(value, where[1:-1], key)
                    continue
                text = self.string(value, where[1:-1], key)
                if text is None:
                    continue
                if key in ("reliability", "source_type", "side", "platform"):
                    text = self.vocabulary(text, f"{where} {key}", "sources", key)
                fields["display_name" if key == "name" else key] = text
            source_id = fields.get("source_id")
            if source_id is not None and not _is_source_id(source_id):
                self.fail(
                    f"{where} source_id = {source_id!r}",
                    "must be lower-case letters, digits and hyphens, starting with "
                    "a letter or digit (e.g. ru-mod)",
                )
            if fields.get("reliability") and not fields.get("notes"):
                self.fail(
                    where,
                    "grades the claimant but gives no notes: say why, e.g. "
                    'notes = "a party to the war"',
                )
            out[name] = Claimant(name=name, **fields)
        return out


def _is_source_id(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", text) is not None
