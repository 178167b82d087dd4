r"""Export the claims a filter selects as CSV, Excel or GeoJSON.

Every exported claim carries its source's name, side, Admiralty grade and home
page beside the claim's own fields (its page ``url`` and ``archive_url``
included), so that a reader can trace each row to where it came from. The
selection is :func:`osintkit.selection.filter_claims`, the same as the
explorer's, so what a reader sees is what they export.

Formats
-------
``csv``
    Faithful UTF-8 CSV for programs (pandas, R, csvkit, a database): LF line
    endings, text exactly as stored, numbers and dates in their column's
    declared format (as :meth:`Dataset.save` writes an edited cell). Text
    starting with ``=`` is written as it is, so do not open this file in a
    spreadsheet; the report counts such cells.
``csv-excel``
    CSV for spreadsheets (RELIABILITY rule 5): UTF-8 with a byte-order mark
    (so that Excel reads it as UTF-8), CRLF line endings, every cell quoted
    (so a ``;``-separator locale cannot split a cell), and every text cell
    starting with ``= + - @``, a tab or a carriage return (or their full-width
    forms) prefixed with ``'`` so that it stays inert text. Numbers (such as a
    negative longitude) are written as numbers, unprefixed.
``xlsx``
    An Excel workbook: sheet ``claims`` (one row per claim) and sheet
    ``about`` (dataset, selection, counts and every column's description).
    Every text cell is stored as a string, never a formula; text starting with
    a formula character also gets Excel's quote prefix (as if typed after
    ``'``), so it stays text even when edited, while its value is exact.
    Numbers, integers and booleans are typed cells; dates are date cells;
    timestamps are ISO 8601 text (Excel has no time zones). What XLSX cannot
    hold is changed visibly and counted: control characters become their
    Unicode control pictures (``\x1b`` shows as ``␛``) and text longer than
    Excel's 32,767 characters is cut with a note.
``geojson``
    An RFC 7946 FeatureCollection (longitude, latitude; WGS 84), one feature
    per claim, none left out. A claim's own point is used where it has one
    (``coord_source`` ``claim``); otherwise the gazetteer point of its places
    (``place``: a Point, or a MultiPoint for several places). Claims located
    only to an oblast or a country, and claims with no point at all, are
    features with ``null`` geometry (``coord_source`` ``none``, and
    ``unlocated_reason`` says why): a point would claim more precision than
    the source gave. Every feature keeps ``geo_precision``.

Every export is written atomically, never inside the dataset folder (or its
reference folder), and gives the same bytes for the same input: no run
timestamps anywhere (XLSX document dates are left out and its zip entries
carry a fixed date).
"""

from __future__ import annotations

import io
import json
import logging
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from osintkit.errors import ParameterError, SaveError
from osintkit.fields import format_value
from osintkit.persist import atomic_write
from osintkit.selection import ClaimFilter, filter_claims

if TYPE_CHECKING:
    from osintkit.datapackage import Field
    from osintkit.dataset import Dataset

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_TRIGGERS",
    "ExportReport",
    "build_export_table",
    "export_claims",
    "is_formula_like",
    "neutralise_text",
]

logger = logging.getLogger(__name__)

#: The formats :func:`export_claims` writes.
EXPORT_FORMATS: tuple[str, ...] = ("csv", "csv-excel", "xlsx", "geojson")
#: First characters that make a spreadsheet read a cell as a formula (rule 5),
#: with the full-width forms some spreadsheet locales also accept.
FORMULA_TRIGGERS: tuple[str, ...] = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)
#: Columns added to the claim's own: who the source is, its side, grade and home page.
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_name",
    "source_side",
    "source_reliability",
    "source_url",
)
_SOURCE_FIELDS = {
    "source_name": "name",
    "source_side": "side",
    "source_reliability": "reliability",
    "source_url": "url",
}
_NUMERIC = {"number", "integer", "year"}
_XLSX_MAX_TEXT = 32_767
_XLSX_MAX_ROWS = 1_048_576
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_COARSE_PRECISION = {"oblast", "country"}
_AREA_PLACE_TYPES = {"oblast", "country"}


@dataclass(frozen=True)
class ExportReport:
    """What :func:`export_claims` wrote.

    Attributes
    ----------
    path : pathlib.Path
        The file written.
    fmt : str
        Its format (one of :data:`EXPORT_FORMATS`).
    rows : int
        Claims written.
    selection : str
        The filter in one sentence (:meth:`ClaimFilter.describe`).
    neutralised_cells : int
        ``xlsx``, ``csv-excel``: text cells starting with a formula character,
        made inert.
    formula_like_cells : int
        ``csv``: text cells a spreadsheet would read as a formula, written as
        they are (this format is for programs).
    located_by_claim, located_by_place, unlocated : int
        ``geojson``: features placed at the claim's own point, at its places'
        gazetteer points, and with ``null`` geometry.
    replaced_characters : int
        ``xlsx``: control characters shown as Unicode control pictures.
    truncated_cells : int
        ``xlsx``: text cells cut to Excel's 32,767 characters.
    """

    path: Path
    fmt: str
    rows: int
    selection: str
    neutralised_cells: int = 0
    formula_like_cells: int = 0
    located_by_claim: int = 0
    located_by_place: int = 0
    unlocated: int = 0
    replaced_characters: int = 0
    truncated_cells: int = 0

    def summary(self) -> str:
        """Say what was written, for the command line.

        Examples
        --------
        >>> print(ExportReport(Path("out.csv"), "csv", 2, "All claims.").summary())
        wrote 2 claim(s) to out.csv (csv)
        selection: All claims.
        """
        lines = [
            f"wrote {self.rows:,} claim(s) to {self.path} ({self.fmt})",
            f"selection: {self.selection}",
        ]
        if self.fmt == "geojson":
            lines.append(
                f"located {self.located_by_claim:,} at the claim's own point and "
                f"{self.located_by_place:,} at their place's point; "
                f"{self.unlocated:,} without a point (null geometry, see "
                "unlocated_reason)"
            )
        if self.neutralised_cells:
            lines.append(
                f"made {self.neutralised_cells:,} text cell(s) starting with "
                "= + - @, a tab or a carriage return inert (kept as text)"
            )
        if self.formula_like_cells:
            lines.append(
                f"note: {self.formula_like_cells:,} text cell(s) start with "
                "= + - @, a tab or a carriage return and are written as they are; "
                "to open the export in a spreadsheet use --format csv-excel or xlsx"
            )
        if self.replaced_characters:
            lines.append(
                f"showed {self.replaced_characters:,} control character(s) as "
                "Unicode control pictures (XLSX cannot store them)"
            )
        if self.truncated_cells:
            lines.append(
                f"cut {self.truncated_cells:,} text cell(s) to Excel's "
                f"{_XLSX_MAX_TEXT:,} characters (the csv export keeps them whole)"
            )
        return "\n".join(lines)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula.

    Examples
    --------
    >>> is_formula_like('=HYPERLINK("http://x","y")'), is_formula_like("-2+3")
    (True, True)
    >>> is_formula_like("Tyotkino")
    False
    """
    return text.startswith(FORMULA_TRIGGERS)


def neutralise_text(text: str) -> str:
    """Make a text cell inert in CSV for spreadsheets: prefix ``'`` when needed.

    Only text goes through here; numbers are written as numbers.

    Examples
    --------
    >>> neutralise_text("@SUM(1)")
    "'@SUM(1)"
    >>> neutralise_text("Belgorod")
    'Belgorod'
    """
    return "'" + text if is_formula_like(text) else text


def build_export_table(
    dataset: Dataset, claim_filter: ClaimFilter | None = None
) -> pd.DataFrame:
    """Return the rows an export writes: the selected claims with their sources.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.
    claim_filter : ClaimFilter, optional
        What to keep; ``None`` keeps every claim.

    Returns
    -------
    pandas.DataFrame
        One row per claim, sorted by ``claim_id``: ``claim_id``,
        ``source_id``, then :data:`SOURCE_COLUMNS` (``source_url`` is the
        source's home page; the claim's own page stays in ``url``), then the
        claim's other columns in table order (undocumented ones included).

    Raises
    ------
    ParameterError
        For a filter value the dataset does not know.

    Examples
    --------
    >>> import osintkit as ok
    >>> table = build_export_table(ok.load_dataset(MINI), ClaimFilter(actors=["lsr"]))
    >>> table["claim_id"].tolist()
    ['C001', 'C040', 'C041']
    >>> table.columns[:6].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['claim_id', 'source_id', 'source_name', 'source_side', 'source_reliability',
     'source_url']
    """
    selected = filter_claims(dataset, claim_filter)
    urls = dataset["sources"][["source_id", "url"]].rename(
        columns={"url": "source_url"}
    )
    table = selected.merge(urls, on="source_id", how="left", validate="m:1")
    rest = [c for c in dataset["claims"].columns if c not in {"claim_id", "source_id"}]
    return table[["claim_id", "source_id", *SOURCE_COLUMNS, *rest]]


def export_claims(
    dataset: Dataset,
    claim_filter: ClaimFilter | None,
    fmt: str,
    out: str | Path,
) -> ExportReport:
    """Write the claims a filter selects, with their sources, to one file.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset (see :func:`osintkit.load_dataset`).
    claim_filter : ClaimFilter or None
        What to export; ``None`` exports every claim.
    fmt : str
        ``csv`` (faithful, for programs), ``csv-excel`` (formulas
        neutralised, for spreadsheets), ``xlsx`` or ``geojson``; see the
        module documentation.
    out : str or pathlib.Path
        File to write (replaced atomically if it exists; missing folders
        are created). It must not lie inside the dataset folder or the
        reference folder.

    Returns
    -------
    ExportReport
        Rows written and what was neutralised, located or left unlocated.

    Raises
    ------
    ParameterError
        For an unknown format or filter value, or too many rows for XLSX.
    SaveError
        When ``out`` is inside the dataset, is a folder, or the write fails
        (nothing is then changed).

    Examples
    --------
    >>> import osintkit as ok, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> report = export_claims(ok.load_dataset(MINI), ClaimFilter(regions=["RU-BEL"]),
    ...                        "csv", folder / "bel.csv")
    >>> report.rows
    5
    >>> import shutil; shutil.rmtree(folder)
    """
    if fmt not in EXPORT_FORMATS:
        raise ParameterError(
            f"export format {fmt!r} is not known; use one of: "
            f"{', '.join(EXPORT_FORMATS)}"
        )
    chosen = claim_filter if claim_filter is not None else ClaimFilter()
    target = _check_target(dataset, Path(out))
    table = build_export_table(dataset, chosen)
    fields = _fields(dataset, list(table.columns))
    if fmt == "geojson":
        data, counts = _geojson(dataset, table, fields, chosen)
    elif fmt == "xlsx":
        data, counts = _xlsx(dataset, table, fields, chosen)
    else:
        data, counts = _csv(table, fields, excel=fmt == "csv-excel")
    _make_folder(target)
    atomic_write(target, data)
    report = ExportReport(target, fmt, len(table), chosen.describe(), **counts)
    logger.info("exported %d claim(s) to %s (%s)", report.rows, target, fmt)
    return report


def _check_target(dataset: Dataset, out: Path) -> Path:
    resolved = out.resolve()
    protected = [dataset.path]
    if dataset.reference is not None:
        protected.append(dataset.reference.path)
    for folder in protected:
        if resolved.is_relative_to(folder.resolve()):
            raise SaveError(
                f"refusing to write {out}: it is inside the dataset folder {folder}, "
                "whose files are the canonical tables. Nothing was written; choose "
                "an --out outside it (e.g. outputs/)."
            )
    if resolved.is_dir():
        raise SaveError(f"{out} is a folder; give the path of a file to write")
    return out


def _make_folder(out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(
            f"cannot write {out}: the folder {out.parent} cannot be created "
            f"({exc.strerror or exc}). Nothing was written."
        ) from exc


def _fields(dataset: Dataset, columns: Sequence[str]) -> dict[str, Field | None]:
    claims = dataset.package.resource("claims").schema
    sources = dataset.package.resource("sources").schema
    return {
        column: (
            sources.get(_SOURCE_FIELDS[column])
            if column in _SOURCE_FIELDS
            else claims.get(column)
        )
        for column in columns
    }


def _kind(field: Field | None) -> str:
    return field.type if field is not None else "string"


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


# -- CSV ------------------------------------------------------------------------


def _csv(
    table: pd.DataFrame, fields: dict[str, Field | None], *, excel: bool
) -> tuple[bytes, dict[str, int]]:
    # Written by hand: Python's csv module does not quote a cell holding a lone
    # carriage return when the line terminator is "\n", which breaks the row.
    quote = _quote_all if excel else _quote_minimal
    formula_like = 0
    text_columns = [_kind(fields[name]) not in _NUMERIC for name in table.columns]
    header = [neutralise_text(str(c)) if excel else str(c) for c in table.columns]
    lines = [",".join(quote(cell) for cell in header)]
    columns = [
        [format_value(value, fields[name]) for value in table[name].tolist()]
        for name in table.columns
    ]
    for row in zip(*columns, strict=True):
        cells = list(row)
        for index, is_text in enumerate(text_columns):
            if is_text and is_formula_like(cells[index]):
                formula_like += 1
                if excel:
                    cells[index] = "'" + cells[index]
        lines.append(",".join(quote(cell) for cell in cells))
    if excel:
        text = "\ufeff" + "\r\n".join(lines) + "\r\n"
        return text.encode("utf-8"), {"neutralised_cells": formula_like}
    text = "\n".join(lines) + "\n"
    return text.encode("utf-8"), {"formula_like_cells": formula_like}


def _quote_minimal(cell: str) -> str:
    if any(ch in cell for ch in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _quote_all(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


# -- XLSX -----------------------------------------------------------------------


class _XlsxCells:
    """Builds typed write-only cells, counting what had to be made safe."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self._sheet = sheet
        self._new = WriteOnlyCell
        self.neutralised = 0
        self.replaced = 0
        self.truncated = 0

    def text(self, value: str) -> Any:
        text, replaced = _XML_ILLEGAL.subn(_control_picture, value)
        self.replaced += replaced
        if len(text) > _XLSX_MAX_TEXT:
            note = f" [cut: {len(text):,} characters in all; see the csv export]"
            text = text[: _XLSX_MAX_TEXT - len(note)] + note
            self.truncated += 1
        cell = self._new(self._sheet)
        cell.value = text
        cell.data_type = "s"  # openpyxl reads a leading '=' as a formula
        if is_formula_like(text):
            cell.quotePrefix = True  # Excel's "typed after an apostrophe": text
            self.neutralised += 1
        return cell

    def typed(self, value: object, field: Field | None) -> Any:
        if _is_missing(value):
            return None
        kind = _kind(field)
        if kind == "number":
            number = float(value)  # type: ignore[arg-type]
            if math.isfinite(number):
                return number
            return self.text(format_value(value, field))
        if kind in {"integer", "year"}:
            return int(value)  # type: ignore[call-overload]
        if kind == "boolean":
            return bool(value)
        if kind == "date":
            cell = self._new(self._sheet, value=pd.Timestamp(value).date())  # type: ignore[arg-type]
            cell.number_format = "yyyy-mm-dd"
            return cell
        return self.text(format_value(value, field))


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def _xlsx(
    dataset: Dataset,
    table: pd.DataFrame,
    fields: dict[str, Field | None],
    claim_filter: ClaimFilter,
) -> tuple[bytes, dict[str, int]]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if len(table) + 1 > _XLSX_MAX_ROWS:
        raise ParameterError(
            f"{len(table):,} claims do not fit in one Excel sheet "
            f"({_XLSX_MAX_ROWS - 1:,} rows at most); narrow the filters or export csv"
        )
    workbook = Workbook(write_only=True)
    claims_sheet = workbook.create_sheet("claims")
    claims_sheet.freeze_panes = "A2"
    cells = _XlsxCells(claims_sheet)
    bold = Font(bold=True)
    header = []
    for name in table.columns:
        cell = cells.text(str(name))
        cell.font = bold
        header.append(cell)
    claims_sheet.append(header)
    columns = [table[name].tolist() for name in table.columns]
    column_fields = [fields[name] for name in table.columns]
    for row in zip(*columns, strict=True):
        claims_sheet.append(
            [
                cells.typed(value, field)
                for value, field in zip(row, column_fields, strict=True)
            ]
        )
    about = workbook.create_sheet("about")
    about_cells = _XlsxCells(about)
    for key, value in _about_rows(dataset, table, fields, claim_filter):
        shown = value if isinstance(value, int) else about_cells.text(value)
        about.append([about_cells.text(key), shown])
    raw = io.BytesIO()
    workbook.save(raw)
    counts = {
        "neutralised_cells": cells.neutralised,
        "replaced_characters": cells.replaced,
        "truncated_cells": cells.truncated,
    }
    return _reproducible_zip(raw.getvalue()), counts


def _about_rows(
    dataset: Dataset,
    table: pd.DataFrame,
    fields: dict[str, Field | None],
    claim_filter: ClaimFilter,
) -> list[tuple[str, str | int]]:
    rows: list[tuple[str, str | int]] = [
        ("dataset", dataset.package.name),
        ("selection", claim_filter.describe()),
        ("claims", len(table)),
        (
            "formulas",
            "None. Text starting with = + - @, a tab or a carriage return is "
            "stored as text with Excel's quote prefix; its value is exact.",
        ),
        ("", ""),
        ("column", "description"),
    ]
    for name in table.columns:
        field = fields[name]
        description = field.description if field is not None else ""
        if name in _SOURCE_FIELDS and field is not None:
            description = f"The claim's source (sources.{field.name}): {description}"
        rows.append((str(name), description or "(not described in datapackage.json)"))
    return rows


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite an XLSX so that the same cells give the same bytes.

    Drops the document's created/modified dates, gives every zip entry a fixed
    date, and writes carriage returns as ``&#13;`` so that XML readers keep
    them (a raw CR in XML text is read back as LF).
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(b"", content)
            if info.filename.endswith(".xml"):
                content = content.replace(b"\r", b"&#13;")
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


# -- GeoJSON --------------------------------------------------------------------


def _geojson(
    dataset: Dataset,
    table: pd.DataFrame,
    fields: dict[str, Field | None],
    claim_filter: ClaimFilter,
) -> tuple[bytes, dict[str, int]]:
    points = _place_points(dataset)
    counts = {"located_by_claim": 0, "located_by_place": 0, "unlocated": 0}
    features = []
    for record in table.to_dict("records"):
        geometry, source, reason = _geometry(record, points)
        counts[
            {"claim": "located_by_claim", "place": "located_by_place"}.get(
                source, "unlocated"
            )
        ] += 1
        properties = {
            name: _json_value(record[name], fields[name]) for name in table.columns
        }
        properties["coord_source"] = source
        properties["unlocated_reason"] = reason
        features.append(
            {
                "type": "Feature",
                "id": str(record["claim_id"]),
                "geometry": geometry,
                "properties": properties,
            }
        )
    about = {
        "dataset": dataset.package.name,
        "selection": claim_filter.describe(),
        "filter": claim_filter.to_dict(),
        "counts": {"features": len(features), **counts},
    }
    # One feature per line: the same claims give the same lines, easy to diff.
    lines = [_dumps(feature) for feature in features]
    text = (
        '{"type": "FeatureCollection", "osintkit": '
        + _dumps(about)
        + ', "features": [\n'
        + ",\n".join(lines)
        + ("\n" if lines else "")
        + "]}"
    )
    return (text + "\n").encode("utf-8"), counts


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _place_points(dataset: Dataset) -> dict[str, tuple[float, float, str]]:
    reference = dataset.reference
    if reference is None or "places" not in reference:
        return {}
    places = reference["places"]
    points = {}
    for place_id, lat, lon, kind in zip(
        places["place_id"],
        places["latitude"],
        places["longitude"],
        places["place_type"] if "place_type" in places else [None] * len(places),
        strict=True,
    ):
        if _valid_point(lat, lon):
            points[str(place_id)] = (float(lon), float(lat), str(kind or ""))
    return points


def _valid_point(lat: Any, lon: Any) -> bool:
    if _is_missing(lat) or _is_missing(lon):
        return False
    y, x = float(lat), float(lon)
    return math.isfinite(x) and math.isfinite(y) and -90 <= y <= 90 and -180 <= x <= 180


def _geometry(
    record: dict[Any, Any], points: dict[str, tuple[float, float, str]]
) -> tuple[dict[str, Any] | None, str, str | None]:
    """Return a claim's geometry, where it comes from, and why it has none."""
    lat: Any = record.get("latitude")
    lon: Any = record.get("longitude")
    if _valid_point(lat, lon):
        return {"type": "Point", "coordinates": [float(lon), float(lat)]}, "claim", None
    precision = record.get("geo_precision")
    if isinstance(precision, str) and precision in _COARSE_PRECISION:
        return (
            None,
            "none",
            f"{precision}-level claim: a point would be more precise than the "
            "source (see admin1_codes)",
        )
    place_ids = record.get("place_ids")
    names = (
        [] if _is_missing(place_ids) else [p for p in str(place_ids).split(";") if p]
    )
    located = [
        points[p][:2]
        for p in names
        if p in points and points[p][2] not in _AREA_PLACE_TYPES
    ]
    if len(located) == 1:
        return {"type": "Point", "coordinates": list(located[0])}, "place", None
    if located:
        return (
            {"type": "MultiPoint", "coordinates": [list(p) for p in located]},
            "place",
            None,
        )
    reason = (
        "no point: the claim has no coordinates and names no place"
        if not names
        else "no point: the claim has no coordinates and its places have no point "
        "in the gazetteer (or are whole oblasts)"
    )
    return None, "none", reason


def _json_value(value: object, field: Field | None) -> object:
    if _is_missing(value):
        return None
    kind = _kind(field)
    if kind == "number":
        number = float(value)  # type: ignore[arg-type]
        return number if math.isfinite(number) else format_value(value, field)
    if kind in {"integer", "year"}:
        return int(value)  # type: ignore[call-overload]
    if kind == "boolean":
        return bool(value)
    return format_value(value, field)
