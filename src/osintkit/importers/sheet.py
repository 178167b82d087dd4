"""Import a flat claims sheet (CSV or XLSX) described by a TOML mapping.

A research team keeps one row per claim: who claimed it, when it was reported,
when and where the event was, the figures in words, and the page it was found
on. The mapping file (:mod:`osintkit.importers.mapping`, documented in
``docs/importing.md``) says which column is which and how the team's
vocabulary maps onto the kit's. For each row the importer

- derives a **source** from the claimant cell: a deterministic ``source_id``
  slug of the name (or the mapping's ``source_id``), the side and
  ``is_belligerent`` from the mapped claimant side, ``actor_id`` where the
  claimant names a reference actor, and reliability **F** (cannot be judged)
  unless the mapping grades the claimant by name;
- reads the dates in the declared order (``date_order``; ISO 8601 always
  reads; nothing else is guessed), with ``start/end`` ranges;
- keeps the place cell verbatim in ``place_raw`` and resolves it with the
  gazetteer as several places or an area (``place_ids``, ``admin1_codes``,
  ``geo_precision``); names that do not resolve, or resolve to several places,
  are reported in the claim's notes and the import notes, never merged;
- reads the figures in words with :func:`osintkit.quantities.parse_figures`:
  one claim per figure (ids suffixed ``a``, ``b``, ``c``...), one claim without
  a figure when there is none;
- keeps the sheet's own text as the summary and says so in the notes.

Rows that cannot be taken (no claimant, no URL, a date that does not read in the
declared order, a claim type outside the kit's vocabulary and the value map
...) go to ``rejects.csv`` with the input line and the reason.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import logging
import math
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from osintkit.csvtable import read_csv_file
from osintkit.datapackage import Dialect
from osintkit.errors import ImportFailedError
from osintkit.importers.base import ImportContext
from osintkit.importers.mapping import (
    ClaimTypeValue,
    SheetMapping,
    SideValue,
    model_vocabulary,
    read_sheet_mapping,
)
from osintkit.importers.tabular import reference_table, slugify
from osintkit.issues import make_visible

__all__ = ["DateError", "DateSpan", "parse_date", "parse_date_range", "read"]

logger = logging.getLogger(__name__)

_CLAIM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_URL = re.compile(r"https?://[^\s<>\"]+")
_MAX_RECORD_CHARS = 2000
_SHA256 = re.compile(r"[0-9a-f]{64}")
_COLLECTED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

# -- dates ------------------------------------------------------------------

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    )
}
_MONTHS["sept"] = 9
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YMD = re.compile(rf"(\d{{4}})([-./])(\d{{1,2}})\2(\d{{1,2}}){_TIME}")
_NUMERIC = re.compile(r"(\d{1,2})([-./])(\d{1,2})\2(\d{4})")
_SHORT_YEAR = re.compile(r"(\d{1,2})([-./])(\d{1,2})\2(\d{2})")
_DAY_MONTH_NAME = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]+)\.?,?[ -](\d{4})", re.IGNORECASE
)
_MONTH_NAME_DAY = re.compile(
    r"([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", re.IGNORECASE
)
_MONTH_NAME_YEAR = re.compile(r"([A-Za-z]+)\.?,? (\d{4})", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_RANGE_SPLIT = re.compile(r"\s+(?:-|–|—|to)\s+|\s*(?:–|—|\.\.)\s*", re.IGNORECASE)
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


class DateError(ValueError):
    """A date cell that does not read; the message says why and how to fix it."""


@dataclass(frozen=True)
class DateSpan:
    """The days a date cell allows.

    Attributes
    ----------
    start, end : datetime.date
        First and last possible day (equal for a single day).
    precision : str
        ``day``, ``month`` or ``year``: how exactly the cell gives the date.
    """

    start: date
    end: date
    precision: str


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real day ({exc})") from None


def _month_number(name: str, text: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise DateError(f"{text!r}: {name!r} is not an English month name")
    return number


def parse_date(text: str, order: str | None) -> DateSpan:
    """Read one date cell in the declared day/month order.

    ISO 8601 (``2024-03-12``, also with a time) and dates with an English month
    name (``12 March 2024``, ``March 12, 2024``) read in any order; numeric
    dates such as ``12.03.2024`` or ``03/12/2024`` need ``order`` (``DMY`` or
    ``MDY``) and are never guessed. ``March 2024`` and ``2024-03`` are month
    precision, ``2024`` year precision.

    Parameters
    ----------
    text : str
        The cell.
    order : {'YMD', 'DMY', 'MDY'} or None
        The mapping's ``date_order``.

    Returns
    -------
    DateSpan

    Raises
    ------
    DateError
        Saying why the cell does not read and how to fix it.

    Examples
    --------
    >>> span = parse_date("12.03.2024", "DMY")
    >>> span.start.isoformat(), span.precision
    ('2024-03-12', 'day')
    >>> parse_date("March 2024", None).end
    datetime.date(2024, 3, 31)
    >>> try:
    ...     parse_date("09/10/2018", None)
    ... except DateError as exc:
    ...     print("date_order" in str(exc))
    True
    """
    text = text.strip()
    if m := _YMD.fullmatch(text):
        day = _day(int(m[1]), int(m[3]), int(m[4]), text)
        return DateSpan(day, day, "day")
    if m := _NUMERIC.fullmatch(text):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if order is None:
            raise DateError(
                f"{text!r} is not an ISO date (YYYY-MM-DD) and the mapping declares "
                "no date_order: day and month could be either way round (declare "
                'date_order = "DMY" or "MDY" in [sheet])'
            )
        if order == "YMD":
            raise DateError(
                f"{text!r} does not match the declared date_order YMD (write "
                "YYYY-MM-DD, or declare the order the sheet uses)"
            )
        day_n, month_n = (first, second) if order == "DMY" else (second, first)
        day = _day(year, month_n, day_n, text)
        return DateSpan(day, day, "day")
    if _SHORT_YEAR.fullmatch(text):
        raise DateError(
            f"{text!r} has a two-digit year: the century is not guessed (write the "
            "year in full)"
        )
    if m := _DAY_MONTH_NAME.fullmatch(text):
        day = _day(int(m[3]), _month_number(m[2], text), int(m[1]), text)
        return DateSpan(day, day, "day")
    if m := _MONTH_NAME_DAY.fullmatch(text):
        day = _day(int(m[3]), _month_number(m[1], text), int(m[2]), text)
        return DateSpan(day, day, "day")
    month_year = _MONTH_NAME_YEAR.fullmatch(text)
    year_month = _YEAR_MONTH.fullmatch(text)
    if month_year or year_month:
        if month_year:
            year, month = int(month_year[2]), _month_number(month_year[1], text)
        else:
            assert year_month is not None
            year, month = int(year_month[1]), int(year_month[2])
        if not 1 <= month <= 12:
            raise DateError(f"{text!r}: {month} is not a month")
        last = calendar.monthrange(year, month)[1]
        return DateSpan(date(year, month, 1), date(year, month, last), "month")
    if _YEAR.fullmatch(text):
        year = int(text)
        return DateSpan(date(year, 1, 1), date(year, 12, 31), "year")
    if _SERIAL.fullmatch(text):
        raise DateError(
            f"{text!r} looks like an Excel serial day number, not a date: it is not "
            "converted (format the column as a date or as YYYY-MM-DD text)"
        )
    raise DateError(
        f"{text!r} is not a date the importer reads (write YYYY-MM-DD, or a date in "
        "the declared date_order)"
    )


def parse_date_range(text: str, order: str | None) -> DateSpan:
    """Read a date cell that may be a range ``start/end`` (or ``start - end``).

    Parameters
    ----------
    text : str
        The cell.
    order : {'YMD', 'DMY', 'MDY'} or None
        The mapping's ``date_order``.

    Returns
    -------
    DateSpan
        ``precision`` is the coarser of the two ends.

    Raises
    ------
    DateError
        When an end does not read or the range runs backwards.

    Examples
    --------
    >>> span = parse_date_range("2024-03-12/2024-03-15", None)
    >>> span.start.isoformat(), span.end.isoformat(), span.precision
    ('2024-03-12', '2024-03-15', 'day')
    """
    text = text.strip()
    parts: list[str] | None = None
    half_error: DateError | None = None
    if text.count("/") == 1:
        parts = text.split("/")
    else:
        pieces = _RANGE_SPLIT.split(text, maxsplit=1)
        if len(pieces) == 2:
            parts = pieces
    if parts is not None:
        first: DateSpan | None
        last: DateSpan | None
        try:
            first = parse_date(parts[0], order)
            last = parse_date(parts[1], order)
        except DateError as exc:
            first = last = None  # perhaps not a range after all: read it whole
            half_error = exc
        if first is not None and last is not None:
            if last.end < first.start:
                raise DateError(
                    f"{text!r} runs backwards: the end is before the start (write "
                    "start/end)"
                )
            precision = max(
                first.precision, last.precision, key=_PRECISION_RANK.__getitem__
            )
            return DateSpan(first.start, last.end, precision)
    try:
        return parse_date(text, order)
    except DateError:
        # a range whose ends look like dates says better what is wrong
        if half_error is not None and "not a date the importer" not in str(half_error):
            raise half_error from None
        raise


def _date_cell(value: Cell, order: str | None) -> DateSpan | None:
    if isinstance(value, datetime):
        day = value.date()
        return DateSpan(day, day, "day")
    if isinstance(value, date):
        return DateSpan(value, value, "day")
    if not value.strip():
        return None
    return parse_date_range(value, order)


# -- reading the input --------------------------------------------------------

Cell = str | date  # an XLSX date cell stays a date (datetime is a date)


@dataclass
class _Table:
    label: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    broken: dict[int, str] = field(default_factory=dict)  # line -> reason
    skipped: list[int] = field(default_factory=list)  # empty lines
    notes: list[str] = field(default_factory=list)


def _read_csv(path: Path, mapping: SheetMapping) -> _Table:
    table, issues = read_csv_file(
        path,
        encoding=mapping.encoding,
        dialect=Dialect(delimiter=mapping.delimiter),
    )
    if table is None or not table.complete:
        fatal = [i for i in issues if i.severity == "error"] or issues
        raise ImportFailedError(
            f"{path} cannot be read as declared in {mapping.path} "
            f"(encoding {mapping.encoding!r}, delimiter {mapping.delimiter!r}):\n  "
            + "\n  ".join(i.format() for i in fatal[:10])
        )
    assert table.cells is not None
    by_row: dict[int, list[Any]] = defaultdict(list)
    notes = []
    for issue in issues:
        if issue.row is not None and issue.row - 1 in table.broken_rows:
            by_row[issue.row - 1].append(issue)
        else:
            notes.append(f"input: {issue.format()}")
    out = _Table(label=str(path), header=list(table.header), rows=[], notes=notes)
    for i, cells in enumerate(table.cells.itertuples(index=False, name=None)):
        line = table.line_of_row(i)
        if i in table.broken_rows:
            problems = by_row.get(i, [])
            if problems and all(p.code == "blank-row" for p in problems):
                out.skipped.append(line)
                continue
            out.broken[line] = (
                "; ".join(f"{p.code}: {p.message}" for p in problems)
                or "the row does not have the header's cells"
            )
        out.rows.append((line, list(cells)))
    return out


def _xlsx_value(value: Any) -> Cell:
    """Return an XLSX cell as text, or as a date when Excel stores a date."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _read_xlsx(path: Path, mapping: SheetMapping) -> _Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ImportFailedError(
            f"{path} cannot be read as an XLSX workbook ({exc}); save it as .xlsx "
            'or declare format = "csv" in [sheet] of ' + str(mapping.path)
        ) from exc
    try:
        if mapping.sheet is None:
            worksheet = workbook.worksheets[0]
        elif mapping.sheet in workbook.sheetnames:
            worksheet = workbook[mapping.sheet]
        else:
            raise ImportFailedError(
                f"{mapping.path}: [sheet] sheet = {mapping.sheet!r}: {path} has no "
                f"worksheet of that name; it has "
                + ", ".join(repr(n) for n in workbook.sheetnames)
            )
        label = f"{path} [{worksheet.title}]"
        header: list[str] | None = None
        out = _Table(label=label, header=[], rows=[])
        for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
            if number < mapping.header_row:
                continue
            cells = [_xlsx_value(v) for v in values]
            if header is None:
                while cells and cells[-1] == "":
                    cells.pop()
                header = [c.isoformat() if isinstance(c, date) else c for c in cells]
                continue
            if all(c == "" for c in cells):
                out.skipped.append(number)
                continue
            extra = [c for c in cells[len(header) :] if c != ""]
            if extra:
                out.broken[number] = (
                    f"extra-cell: the row has a value beyond the header's "
                    f"{len(header)} columns ({make_visible(str(extra[0]))})"
                )
            cells = cells[: len(header)] + [""] * (len(header) - len(cells))
            out.rows.append((number, cells))
        if header is None:
            raise ImportFailedError(
                f"{label} has no header row (row {mapping.header_row}); set "
                f"header_row in [sheet] of {mapping.path}"
            )
        out.header = header
        return out
    finally:
        workbook.close()


def _read_table(path: Path, mapping: SheetMapping) -> _Table:
    fmt = mapping.format
    if fmt is None:
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            fmt = "xlsx"
        elif suffix in (".csv", ".tsv", ".txt"):
            fmt = "csv"
        else:
            raise ImportFailedError(
                f"{path}: cannot tell whether it is CSV or XLSX from {suffix!r}; "
                f'declare format = "csv" or "xlsx" in [sheet] of {mapping.path}'
            )
    return _read_xlsx(path, mapping) if fmt == "xlsx" else _read_csv(path, mapping)


# -- sources ------------------------------------------------------------------


@dataclass
class _SourceDraft:
    source_id: str
    names: list[str]
    sides: dict[tuple[str, bool, str | None], list[str]]  # side value -> raw sides
    claims: int = 0


class _Sources:
    """Derives one source per claimant (or per mapped ``source_id``)."""

    def __init__(self, mapping: SheetMapping, context: ImportContext) -> None:
        from osintkit.actor_names import load_actor_resolver

        self.mapping = mapping
        self.input_name = context.input.name
        self.actors = load_actor_resolver(context.reference_dir)
        actors = reference_table(context.reference_dir, "actors")
        self.parents = {
            str(a): (None if p is None or p != p else str(p))
            for a, p in zip(actors["actor_id"], actors["parent_actor_id"], strict=True)
        }
        for claimant in mapping.claimants.values():
            if claimant.actor_id and claimant.actor_id not in self.parents:
                raise ImportFailedError(
                    f"{mapping.path}: [claimants] {claimant.name!r}: actor_id "
                    f"{claimant.actor_id!r} is not a reference actor (see "
                    f"{context.reference_dir / 'actors.csv'})"
                )
        self.drafts: dict[str, _SourceDraft] = {}
        self.by_name: dict[str, str] = {}
        self.owner: dict[str, str] = {}  # source_id -> who claimed it

    def source_id(self, name: str, side: SideValue | None, raw_side: str) -> str:
        source_id = self.by_name.get(name)
        if source_id is None:
            graded = self.mapping.claimants.get(name)
            if graded is not None and graded.source_id:
                source_id = graded.source_id
                owner = f"explicit:{source_id}"
            else:
                source_id = slugify(name)
                owner = f"name:{name}"
            if self.owner.setdefault(source_id, owner) != owner:
                digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
                source_id = f"{source_id}-{digest}"
                self.owner[source_id] = owner
            self.by_name[name] = source_id
            draft = self.drafts.setdefault(
                source_id, _SourceDraft(source_id, [], defaultdict(list))
            )
            draft.names.append(name)
        draft = self.drafts[source_id]
        draft.claims += 1
        if side is not None:
            key = (side.side, side.is_belligerent, side.source_type)
            if raw_side not in draft.sides[key]:
                draft.sides[key].append(raw_side)
        return source_id

    def rows(self) -> Iterator[tuple[dict[str, Any], list[str]]]:
        """Yield each source row and the import notes it raises."""
        defaults = self.mapping.defaults
        for draft in self.drafts.values():
            notes: list[str] = []
            first = draft.names[0]
            graded = next(
                (
                    self.mapping.claimants[n]
                    for n in draft.names
                    if n in self.mapping.claimants
                ),
                None,
            )
            side_values = list(draft.sides)
            side, belligerent, source_type = (
                side_values[0]
                if side_values
                else (defaults.side, defaults.is_belligerent, None)
            )
            text = [
                f"Derived by the sheet importer from the claimant column of "
                f"{self.input_name}: "
                + "; ".join(f"'{n}'" for n in draft.names)
                + f" ({draft.claims} row(s))."
            ]
            if len(side_values) > 1:
                described = "; ".join(
                    f"{'/'.join(raws)} -> {s}"
                    for (s, _, _), raws in draft.sides.items()
                )
                text.append(
                    f"The sheet gives this claimant more than one side ({described}); "
                    "the first is used."
                )
                notes.append(
                    f"source {draft.source_id}: the sheet gives more than one "
                    f"claimant_side ({described}); the first is used"
                )
            elif side_values:
                raws = "/".join(draft.sides[side_values[0]])
                text.append(f"Side {side} from the sheet's claimant_side '{raws}'.")
            else:
                text.append(f"Side {side}: the sheet gives none (mapping default).")
            actor_id, actor_note = self._actor(first, side)
            if graded is not None:
                side = graded.side or side
                belligerent = (
                    graded.is_belligerent
                    if graded.is_belligerent is not None
                    else belligerent
                )
                source_type = graded.source_type or source_type
                if graded.actor_id:
                    actor_id = graded.actor_id
                    actor_note = f"Actor {actor_id} as the mapping sets it."
            if actor_note:
                text.append(actor_note)
            reliability = (
                graded.reliability if graded else None
            ) or defaults.reliability
            if graded is not None and graded.reliability:
                text.append(
                    f"Reliability {reliability} as graded by the mapping "
                    f"({self.mapping.path.name}): {graded.notes}"
                )
            elif graded is not None and graded.notes:
                text.append(graded.notes)
            if not (graded and graded.reliability):
                text.append(
                    f"Reliability {reliability}"
                    + (
                        ": cannot be judged; the mapping does not grade this claimant."
                        if reliability == "F"
                        else f": the mapping's default for claimants it does not grade "
                        f"by name ({self.mapping.path.name})."
                    )
                )
            row = {
                "source_id": draft.source_id,
                "name": (graded.display_name if graded else None) or first,
                "source_type": source_type or defaults.source_type,
                "side": side,
                "is_belligerent": belligerent,
                "actor_id": actor_id,
                "parent_source_id": graded.parent_source_id if graded else None,
                "platform": graded.platform if graded else None,
                "url": graded.url if graded else None,
                "language": graded.language if graded else None,
                "reliability": reliability,
                "notes": " ".join(text),
            }
            yield row, notes

    def _actor(self, name: str, side: str) -> tuple[str | None, str]:
        # the resolver's side context: russia or ukraine (pro_ sides count as theirs)
        actor_side: str | None = side.removeprefix("pro_")
        if actor_side not in ("russia", "ukraine"):
            actor_side = None
        cell = self.actors.resolve_actor_cell(name, side=actor_side)
        ids = list(cell.actor_ids)
        ambiguous = [m for m in cell.matches if m.status == "ambiguous"]
        parts = []
        if ambiguous:
            parts.append(
                "Ambiguous actor name(s), not linked: "
                + "; ".join(
                    f"'{m.name}' ({' or '.join(m.candidates)})" for m in ambiguous
                )
                + "."
            )
        if cell.cited:
            parts.append(
                "Cites reference actor(s) "
                + "; ".join(m.actor_id or m.name for m in cell.cited)
                + " (not linked: the source is the one who relays)."
            )
        if not ids:
            return None, " ".join(parts or ["Names no reference actor."])
        first, rest = ids[0], ids[1:]
        if all(a in self._ancestors(first) for a in rest):
            note = f"Linked to reference actor {first}"
            if rest:
                note += f" (of {', '.join(rest)})"
            return first, " ".join([note + ".", *parts])
        parts.insert(
            0,
            f"Names several reference actors ({'; '.join(ids)}); actor_id is left "
            "blank because a source links to one actor.",
        )
        return None, " ".join(parts)

    def _ancestors(self, actor_id: str) -> set[str]:
        out: set[str] = set()
        current = self.parents.get(actor_id)
        while current and current not in out:
            out.add(current)
            current = self.parents.get(current)
        return out


# -- rows ---------------------------------------------------------------------


class _Reject(Exception):
    def __init__(self, reason: str, fld: str = "", value: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = fld
        self.value = value


@dataclass
class _Stats:
    place_cells: Counter[str] = field(default_factory=Counter)
    unresolved: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)
    details: Counter[str] = field(default_factory=Counter)
    passthrough_types: Counter[str] = field(default_factory=Counter)
    mapped_types: Counter[str] = field(default_factory=Counter)
    reject_reasons: Counter[str] = field(default_factory=Counter)
    no_date_order: int = 0
    figures: Counter[str] = field(default_factory=Counter)


def _text(value: Cell) -> str:
    return value.isoformat() if isinstance(value, date) else value


def _record_text(cells: Sequence[Cell], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(
        [_text(c) for c in cells]
    )
    text = buffer.getvalue()
    return text if len(text) <= _MAX_RECORD_CHARS else text[:_MAX_RECORD_CHARS] + "…"


def _suffixes(n: int) -> list[str]:
    """Return suffixes ``a`` .. ``z``, ``aa``, ``ab`` ... for the parts of a row."""
    out = []
    for i in range(n):
        letters = ""
        i += 1
        while i:
            i, rem = divmod(i - 1, 26)
            letters = chr(ord("a") + rem) + letters
        out.append(letters)
    return out


class _RowReader:
    """Turns one sheet row into claims (or a reject)."""

    def __init__(
        self,
        mapping: SheetMapping,
        positions: dict[str, int],
        context: ImportContext,
        sources: _Sources,
    ) -> None:
        from osintkit.gazetteer import load_gazetteer

        self.mapping = mapping
        self.positions = positions
        self.context = context
        self.sources = sources
        self.gazetteer = load_gazetteer(context.reference_dir)
        self.claim_types = set(model_vocabulary("claims", "claim_type"))
        self.kit_sides = set(model_vocabulary("sources", "side"))
        self.statuses = set(model_vocabulary("claims", "status"))
        self.stances = set(model_vocabulary("claims", "stance"))
        self.first_line: dict[str, int] = {}
        self.stats = _Stats()

    def cell(self, cells: Sequence[Cell], fld: str) -> Cell:
        position = self.positions.get(fld)
        return "" if position is None else cells[position]

    def text(self, cells: Sequence[Cell], fld: str) -> str:
        return _text(self.cell(cells, fld)).strip()

    def column(self, fld: str) -> str:
        return self.mapping.columns.get(fld, fld)

    # one row -> claims
    def claims(self, line: int, cells: Sequence[Cell]) -> list[dict[str, Any]]:
        mapping = self.mapping
        sheet_id = self.text(cells, "claim_id") if "claim_id" in self.positions else ""
        if "claim_id" in self.positions:
            if not sheet_id:
                raise _Reject(
                    "no claim id: the id cell is empty", self.column("claim_id")
                )
            if not _CLAIM_ID.fullmatch(sheet_id):
                raise _Reject(
                    "claim id not usable: ids are letters, digits and _ . : - "
                    "(starting with a letter or digit); fix the id in the sheet",
                    self.column("claim_id"),
                    sheet_id,
                )
            if sheet_id in self.first_line:
                raise _Reject(
                    f"duplicate claim id: {sheet_id!r} is already used on line "
                    f"{self.first_line[sheet_id]}; give each row its own id",
                    self.column("claim_id"),
                    sheet_id,
                )
        base_id = sheet_id or f"L{line}"

        claimant = self.text(cells, "claimant")
        if not claimant:
            raise _Reject(
                "no claimant: the claimant cell is empty (a claim needs someone who "
                "made it)",
                self.column("claimant"),
            )
        url = self.text(cells, "url")
        if not url:
            raise _Reject(
                "no URL: the claim cites no page (every claim must be traceable to "
                "its source)",
                self.column("url"),
            )
        if not _URL.fullmatch(url):
            raise _Reject(
                "URL not usable: not an http(s) address (write the full address "
                "starting with https://)",
                self.column("url"),
                url,
            )

        raw_type = self.text(cells, "claim_type")
        type_value = self._claim_type(raw_type)

        raw_side = self.text(cells, "claimant_side")
        side_value: SideValue | None = None
        if "claimant_side" in self.positions:
            if not raw_side:
                raise _Reject(
                    "no claimant side: the claimant_side cell is empty",
                    self.column("claimant_side"),
                )
            side_value = mapping.sides.get(raw_side)
            if side_value is None:
                raise _Reject(
                    f"unknown claimant side: {raw_side!r} is not in "
                    f"[values.claimant_side] of {mapping.path.name} (add it there "
                    "with its side and is_belligerent)",
                    self.column("claimant_side"),
                    raw_side,
                )

        notes: list[str] = []
        reported = self._date(cells, "reported_date")
        reported_date = None
        if reported is not None:
            if reported.precision == "day" and reported.start == reported.end:
                reported_date = reported.start.isoformat()
            else:
                notes.append(
                    f"Reported {self.text(cells, 'reported_date')!r} (not a single "
                    "day, so reported_date is blank)."
                )
        event = self._event(cells)

        summary = self.text(cells, "summary")
        if not summary:
            summary = f"{claimant}: {type_value.claim_type} (the sheet has no summary)"
            notes.append("The sheet row has no summary text; the summary is generic.")
        else:
            notes.append(
                "Summary is the sheet's own text (the research team's paraphrase), "
                "kept as written."
            )
        if raw_type != type_value.claim_type:
            notes.append(f"Sheet type {raw_type} -> {type_value.claim_type}.")

        place = _resolve_place(
            self.gazetteer,
            _text(self.cell(cells, "place")),
            self.text(cells, "admin1"),
            self.mapping.country,
        )
        stance = self._choice(cells, "stance", self.stances) or (
            type_value.stance or mapping.defaults.stance
        )
        status = self._choice(cells, "status", self.statuses) or mapping.defaults.status
        credibility = self._credibility(cells)
        latitude, longitude = self._coordinates(cells)
        actors_text = self.text(cells, "actors")
        actor_ids = ""
        if actors_text:
            actor_cell = self.sources.actors.resolve_actor_cell(actors_text)
            actor_ids = ";".join(sorted(set(actor_cell.actor_ids)))
            if actor_cell.unknown:
                notes.append(
                    "Actors not in the reference: "
                    + "; ".join(f"'{u}'" for u in actor_cell.unknown)
                    + "."
                )
        sheet_notes = self.text(cells, "notes")
        sha256 = self._pattern(cells, "sha256", _SHA256, "64 lower-case hex digits")
        collected_at = self._pattern(
            cells,
            "collected_at",
            _COLLECTED_AT,
            "an ISO 8601 time with a UTC offset, e.g. 2024-03-12T10:00:00+00:00",
        )
        language = self._pattern(
            cells, "language", _LANGUAGE, "a BCP 47 language tag such as en or ru"
        )

        # Everything is read: from here on the row is kept.
        source_id = self.sources.source_id(claimant, side_value, raw_side)
        figures_text = self.text(cells, "figures")
        figures = self._figures(figures_text)
        ids = (
            [base_id]
            if len(figures) <= 1
            else [base_id + s for s in _suffixes(len(figures))]
        )
        for claim_id in ids:
            if claim_id in self.context.claims or claim_id in self.first_line:
                raise _Reject(
                    f"duplicate claim id: {claim_id!r} (made by splitting this row's "
                    "figures) is already used; rename one of the rows",
                    self.column("claim_id"),
                    sheet_id,
                )
        self.first_line[base_id] = line
        origin = f"Imported from {self.context.input.name} line {line}" + (
            f" (sheet id {sheet_id})." if sheet_id else "."
        )
        rows = []
        for k, (claim_id, figure) in enumerate(
            zip(ids, figures or [None], strict=True)
        ):
            claim_notes = [origin]
            if len(ids) > 1:
                others = ", ".join(i for i in ids if i != claim_id)
                claim_notes.append(
                    f"Figure {k + 1} of {len(ids)} in the sheet's text "
                    f"'{figures_text}'; the other parts are {others}."
                )
            values: dict[str, Any] = {}
            if figure is not None:
                values = figure.to_claim_fields()
                if figure.rule == "unparsed":
                    values["value_rule"] = None
                    claim_notes.append(f"Figure not read: {figure.explanation}")
                elif figure.quantity is None:
                    claim_notes.append(
                        f"The figure '{figure.text}' counts nothing in the kit's "
                        "quantity vocabulary, so quantity is blank."
                    )
                values["subject_side"] = type_value.subject_side
            claim_notes.extend(notes)
            claim_notes.extend(place.notes)
            if sheet_notes:
                claim_notes.append(f"Sheet notes: {sheet_notes}")
            rows.append(
                {
                    "claim_id": claim_id,
                    "source_id": source_id,
                    "reported_date": reported_date,
                    "event_date_start": event.start.isoformat() if event else None,
                    "event_date_end": event.end.isoformat() if event else None,
                    "date_precision": event.precision if event else "unknown",
                    "place_raw": place.raw or None,
                    "place_ids": ";".join(place.place_ids),
                    "admin1_codes": ";".join(place.admin1_codes),
                    "latitude": latitude,
                    "longitude": longitude,
                    "geo_precision": "exact"
                    if latitude is not None
                    else place.precision,
                    "actor_ids": actor_ids,
                    "claim_type": type_value.claim_type,
                    "stance": stance,
                    "credibility": credibility,
                    "status": status,
                    "url": url,
                    "archive_url": self._url_or_none(cells, "archive_url"),
                    "sha256": sha256,
                    "collected_at": collected_at,
                    "summary": summary,
                    "language": language or mapping.defaults.language,
                    "notes": " ".join(claim_notes),
                    "origin_id": sheet_id or str(line),
                    "origin_actors": actors_text or None,
                    **values,
                }
            )
        self.stats.figures["with figures" if figures else "without figure"] += 1
        if raw_type in self.mapping.claim_types:
            self.stats.mapped_types[f"{raw_type} -> {type_value.claim_type}"] += 1
        else:
            self.stats.passthrough_types[raw_type] += 1
        place.count(self.stats)
        return rows

    def _claim_type(self, raw: str) -> ClaimTypeValue:
        if not raw:
            raise _Reject(
                "no claim type: the claim_type cell is empty", self.column("claim_type")
            )
        mapped = self.mapping.claim_types.get(raw)
        if mapped is not None:
            return mapped
        if raw in self.claim_types:
            return ClaimTypeValue(raw)
        raise _Reject(
            f"unknown claim type: {raw!r} is neither a kit claim type nor in "
            f"[values.claim_type] of {self.mapping.path.name} (map it there, e.g. "
            f'"{raw}" = "<kit type>")',
            self.column("claim_type"),
            raw,
        )

    def _date(self, cells: Sequence[Cell], fld: str) -> DateSpan | None:
        if fld not in self.positions:
            return None
        value = self.cell(cells, fld)
        try:
            return _date_cell(value, self.mapping.date_order)
        except DateError as exc:
            if self.mapping.date_order is None and "date_order" in str(exc):
                self.stats.no_date_order += 1
            raise _Reject(
                f"date not read: {exc}", self.column(fld), _text(value)
            ) from None

    def _event(self, cells: Sequence[Cell]) -> DateSpan | None:
        if "event_date" in self.positions:
            return self._date(cells, "event_date")
        start = self._date(cells, "event_date_start")
        end = self._date(cells, "event_date_end") or start
        if start is None:
            if end is not None:
                raise _Reject(
                    "event end date without a start date",
                    self.column("event_date_start"),
                )
            return None
        assert end is not None
        if end.end < start.start:
            raise _Reject(
                "event dates run backwards: the end is before the start",
                self.column("event_date_end"),
                f"{self.text(cells, 'event_date_start')} / "
                f"{self.text(cells, 'event_date_end')}",
            )
        precision = max(start.precision, end.precision, key=_PRECISION_RANK.__getitem__)
        return DateSpan(start.start, end.end, precision)

    def _choice(self, cells: Sequence[Cell], fld: str, allowed: set[str]) -> str | None:
        value = self.text(cells, fld)
        if not value:
            return None
        if value not in allowed:
            raise _Reject(
                f"{fld} not in the kit's vocabulary: use one of "
                + ", ".join(sorted(allowed)),
                self.column(fld),
                value,
            )
        return value

    def _credibility(self, cells: Sequence[Cell]) -> int:
        value = self.text(cells, "credibility")
        if not value:
            return self.mapping.defaults.credibility
        if value not in {"1", "2", "3", "4", "5", "6"}:
            raise _Reject(
                "credibility not read: write a whole number from 1 to 6",
                self.column("credibility"),
                value,
            )
        return int(value)

    def _coordinates(self, cells: Sequence[Cell]) -> tuple[float | None, float | None]:
        lat_text, lon_text = self.text(cells, "latitude"), self.text(cells, "longitude")
        if not lat_text and not lon_text:
            return None, None
        if not lat_text or not lon_text:
            raise _Reject(
                "coordinates incomplete: give both latitude and longitude, or neither",
                self.column("latitude" if not lat_text else "longitude"),
            )
        out = []
        for fld, text, limit in (
            ("latitude", lat_text, 90.0),
            ("longitude", lon_text, 180.0),
        ):
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise _Reject(
                    f"{fld} not a number (decimal degrees with a point, e.g. 51.17)",
                    self.column(fld),
                    text,
                )
            if not -limit <= number <= limit:
                raise _Reject(
                    f"{fld} out of range (-{limit:g} to {limit:g})",
                    self.column(fld),
                    text,
                )
            out.append(number)
        return out[0], out[1]

    def _pattern(
        self, cells: Sequence[Cell], fld: str, pattern: re.Pattern[str], what: str
    ) -> str | None:
        value = self.text(cells, fld)
        if value and not pattern.fullmatch(value):
            raise _Reject(f"{fld} not usable: write {what}", self.column(fld), value)
        return value or None

    def _url_or_none(self, cells: Sequence[Cell], fld: str) -> str | None:
        value = self.text(cells, fld)
        if value and not _URL.fullmatch(value):
            raise _Reject(
                f"{fld} not usable: not an http(s) address", self.column(fld), value
            )
        return value or None

    def _figures(self, text: str) -> list[Any]:
        if not text:
            return []
        from osintkit.quantities import parse_figures

        return parse_figures(text, language=self.mapping.text_language)


@dataclass
class _PlaceResult:
    raw: str
    place_ids: list[str] = field(default_factory=list)
    admin1_codes: list[str] = field(default_factory=list)
    precision: str = "unknown"
    status: str = "empty"
    notes: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def count(self, stats: _Stats) -> None:
        stats.place_cells[self.status] += 1
        stats.unresolved.update(self.unresolved)
        stats.ambiguous.update(self.ambiguous)
        stats.details.update(self.details)


def _resolve_place(
    gazetteer: Any, raw: str, admin1_text: str, country: str | None
) -> _PlaceResult:
    out = _PlaceResult(raw=raw)
    column_codes: list[str] = []
    if admin1_text:
        area = gazetteer.resolve_place_cell(admin1_text, place_type="oblast")
        column_codes = [
            m.place_id for m in area.matches if m.place_id and m.precision == "oblast"
        ]
        bad = [m.name for m in area.matches if not m.place_id]
        if bad:
            out.notes.append(
                "admin1 names no oblast the gazetteer knows: "
                + "; ".join(f"'{b}'" for b in bad)
                + "."
            )
    if not raw.strip():
        if column_codes:
            out.admin1_codes = sorted(set(column_codes))
            out.precision = "oblast"
            out.notes.append("No place; located by the sheet's admin1 only.")
        return out
    cell = gazetteer.resolve_place_cell(
        raw, admin1=admin1_text or None, country=country
    )
    ids: list[str] = []
    codes: set[str] = set()
    for match in cell.matches:
        if match.status == "matched" and match.place_id:
            if match.place_id not in ids:
                ids.append(match.place_id)
            place = gazetteer.place(match.place_id)
            if place["place_type"] == "oblast":
                codes.add(match.place_id)
            elif place["admin1"]:
                codes.add(place["admin1"])
            if match.context_conflict:
                out.notes.append(
                    f"'{match.name}' is {match.place_id} in {place['admin1']}, which "
                    f"the sheet's admin1 '{admin1_text}' does not name."
                )
        elif match.status == "ambiguous":
            out.ambiguous.append(match.name)
            if match.admin1:  # every candidate lies in this oblast
                codes.add(match.admin1)
            out.notes.append(
                f"Place '{match.name}' is ambiguous ("
                + ", ".join(match.candidates)
                + "): not resolved, never merged; a curator should choose."
            )
        else:
            out.unresolved.append(match.name)
            near = (
                f" (near miss: {', '.join(match.candidates)})"
                if match.candidates
                else ""
            )
            out.notes.append(
                f"Place '{match.name}' is not in the gazetteer{near}: kept in "
                "place_raw only."
            )
    for detail in cell.included:
        if detail.status == "matched" and detail.place_id:
            out.notes.append(
                f"The area's detail '{detail.name}' is {detail.place_id} (not in "
                "place_ids: the claim is about the whole area)."
            )
            continue
        out.details.append(detail.name)
        why = "; ".join(detail.notes) if detail.notes else "not in the gazetteer"
        candidates = (
            f" (candidates: {', '.join(detail.candidates)})"
            if detail.candidates
            else ""
        )
        out.notes.append(
            f"The area's detail '{detail.name}' is not resolved{candidates}: {why}."
        )
    if cell.qualifiers:
        out.notes.append(
            "Place qualifier(s) kept in place_raw: "
            + "; ".join(f"'{q}'" for q in cell.qualifiers)
            + "."
        )
    if column_codes and codes and not codes <= set(column_codes):
        out.notes.append(
            f"The sheet's admin1 '{admin1_text}' differs from the gazetteer's "
            f"oblast(s) {';'.join(sorted(codes))} for the place; the gazetteer's are "
            "used."
        )
    out.place_ids = ids
    if ids or codes:
        out.admin1_codes = sorted(codes)
        out.precision = cell.precision
    elif column_codes:
        out.admin1_codes = sorted(set(column_codes))
        out.precision = "oblast"
        out.notes.append("Located by the sheet's admin1 only.")
    total = len(cell.matches)
    matched = sum(1 for m in cell.matches if m.status == "matched")
    if total and matched == total:
        out.status = "resolved"
    elif matched:
        out.status = "partly resolved"
    elif out.ambiguous:
        out.status = "ambiguous"
    else:
        out.status = "unresolved"
    return out


# -- entry point --------------------------------------------------------------


def read(path: Path, context: ImportContext, mapping: Path | None) -> None:
    """Import a claims sheet into ``context``.

    Parameters
    ----------
    path : pathlib.Path
        The CSV or XLSX file.
    context : ImportContext
        Receives sources, claims, rejects and notes.
    mapping : pathlib.Path
        The TOML mapping file (required).

    Raises
    ------
    ImportFailedError
        When there is no mapping, the mapping is wrong or does not fit the
        file's columns, or the file cannot be read as declared.
    """
    if mapping is None:
        raise ImportFailedError(
            "the sheet format needs a mapping of its columns: pass --mapping FILE "
            "(see docs/importing.md; mappings/claims_march2024_sheet.toml is a "
            "complete example)"
        )
    spec = read_sheet_mapping(mapping)
    table = _read_table(path, spec)
    positions = spec.check_columns(table.header, table.label)
    sources = _Sources(spec, context)
    reader = _RowReader(spec, positions, context, sources)
    for line, cells in table.rows:
        context.read_row()
        try:
            if line in table.broken:
                raise _Reject(f"row not read: {table.broken[line]}")
            claims = reader.claims(line, cells)
        except _Reject as reject:
            reader.stats.reject_reasons[reject.reason.split(":", 1)[0]] += 1
            context.reject(
                line,
                reject.reason,
                record_id=reader.text(cells, "claim_id") if cells else "",
                field=reject.field,
                value=make_visible(reject.value) or "",
                record=_record_text(cells, spec.delimiter),
            )
            continue
        for claim in claims:
            context.add_claim(claim)
        context.keep_row()
    for row, notes in sources.rows():
        context.add_source(row)
        context.notes.extend(notes)
    context.notes.extend(table.notes)
    context.notes.extend(_summary_notes(table, reader.stats, spec, sources))


def _summary_notes(
    table: _Table, stats: _Stats, spec: SheetMapping, sources: _Sources
) -> list[str]:
    notes = []
    if table.skipped:
        shown = ", ".join(str(n) for n in table.skipped[:10])
        notes.append(
            f"skipped {len(table.skipped)} empty row(s) (line(s) {shown}"
            + (" ..." if len(table.skipped) > 10 else "")
            + ")"
        )
    if stats.reject_reasons:
        notes.append(
            "rejected rows by reason: "
            + "; ".join(f"{r} {n}" for r, n in sorted(stats.reject_reasons.items()))
        )
    if stats.no_date_order:
        notes.append(
            f"{stats.no_date_order} row(s) were rejected because their dates are not "
            f"ISO and {spec.path.name} declares no date_order: declare it in [sheet]"
        )
    cells = stats.place_cells
    total = sum(cells.values())
    if total:
        order = ("resolved", "partly resolved", "ambiguous", "unresolved", "empty")
        notes.append(
            f"places: {total} place cell(s): "
            + ", ".join(
                f"{cells[s]} {s} ({100 * cells[s] / total:.0f}%)"
                for s in order
                if cells[s]
            )
        )
    for label, counter in (
        ("unresolved place name(s)", stats.unresolved),
        ("ambiguous place name(s), not merged", stats.ambiguous),
        ("unresolved area detail(s)", stats.details),
    ):
        if counter:
            notes.append(
                f"{label}: "
                + "; ".join(f"'{n}' x{c}" for n, c in sorted(counter.items()))
            )
    if stats.mapped_types:
        notes.append(
            "claim types mapped: "
            + "; ".join(f"{t} x{n}" for t, n in sorted(stats.mapped_types.items()))
        )
    graded = sum(
        1
        for draft in sources.drafts.values()
        if any(
            spec.claimants.get(n) and spec.claimants[n].reliability for n in draft.names
        )
    )
    notes.append(
        f"sources: {len(sources.drafts)} derived from the claimant column "
        f"({graded} graded by the mapping, the rest {spec.defaults.reliability})"
    )
    notes.append(
        "summaries are the sheet's own text (the team's paraphrase), kept as "
        "written and marked so in each claim's notes"
    )
    return notes
