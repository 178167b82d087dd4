"""What the importers of tabular event exports share (ACLED, UCDP GED, CIR).

These exports are CSV files of one event per row that reach millions of rows,
so their importers work on whole columns (pandas and pyarrow) and call the
slower name resolvers once per *distinct* value, never once per row. This
module holds the pieces they have in common:

* :func:`read_mapping` reads the optional TOML ``--mapping`` file and checks
  its keys (``encoding = "cp1252"`` and per-format value tables);
* :func:`read_export` reads the file with the kit's exact reader
  (:func:`osintkit.csvtable.read_csv_file`): the encoding is the declared one
  (``utf-8`` unless the mapping says otherwise) or the one a byte-order mark
  names, never guessed; undecodable bytes stop the import with their line and
  column and a hint to declare the encoding;
* :class:`Export` gives columns by header name and rejects rows in bulk, each
  with its physical input line, the reason, the value and the record;
* :func:`resolve_places` / :func:`resolve_actor_names` resolve per distinct
  value with :mod:`osintkit.gazetteer` and :mod:`osintkit.actor_names`;
* :func:`source_rows` turns the names an export cites into ``sources`` rows
  with a deterministic ``source_id`` (:func:`slugify`).
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import logging
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit import paths
from osintkit.csvtable import RawTable, one_array, read_csv_file
from osintkit.datapackage import read_package
from osintkit.errors import ImportFailedError
from osintkit.importers.base import ImportContext
from osintkit.issues import ERROR, make_visible
from osintkit.normalize import transliterate

__all__ = [
    "ID_PATTERN",
    "OUTSIDE",
    "Export",
    "arrow",
    "check_vocabulary",
    "count_rows",
    "dates_from_parts",
    "factorize_rows",
    "format_dates",
    "fullmatch",
    "join_text",
    "map_values",
    "open_export",
    "parse_date_parts",
    "parse_numbers",
    "read_export",
    "read_mapping",
    "reference_table",
    "resolve_actor_names",
    "resolve_countries",
    "resolve_places",
    "share_note",
    "slugify",
    "source_rows",
    "vocabulary",
]

logger = logging.getLogger(__name__)

#: Pattern of the kit's claim and incident ids (``datapackage.json``).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"

# Longest byte-order marks first (the UTF-32 LE mark starts like UTF-16 LE's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Keys every format's mapping file accepts.
COMMON_MAPPING_KEYS: dict[str, type] = {"encoding": str}


# -- the mapping file ---------------------------------------------------------


def read_mapping(
    mapping: Path | None,
    *,
    format: str,
    keys: Mapping[str, type],
    vocabularies: Sequence[tuple[str, str, str]] = (),
) -> dict[str, Any]:
    """Read an importer's optional TOML mapping file.

    Parameters
    ----------
    mapping : pathlib.Path or None
        The ``--mapping`` file; ``None`` gives an empty mapping.
    format : str
        The import format (for messages).
    keys : mapping of str to type
        The keys this format accepts and their type: ``str`` for a value,
        ``dict`` for a table of text to text. :data:`COMMON_MAPPING_KEYS`
        (``encoding``) are always accepted.
    vocabularies : sequence of (key, table, field)
        Tables of the mapping whose values must be values the model allows
        in ``table.field`` (see :func:`check_vocabulary`).

    Returns
    -------
    dict
        The mapping's keys and values.

    Raises
    ------
    ImportFailedError
        When the file is unreadable, is not TOML, or holds an unknown key or a
        value of the wrong type.

    Examples
    --------
    >>> read_mapping(None, format="ucdp-ged", keys={})
    {}
    """
    data = _read_mapping_file(mapping, format=format, keys=keys)
    for key, table, field in vocabularies:
        check_vocabulary(
            data.get(key, {}), table=table, field=field, mapping=mapping, key=key
        )
    return data


def _read_mapping_file(
    mapping: Path | None, *, format: str, keys: Mapping[str, type]
) -> dict[str, Any]:
    if mapping is None:
        return {}
    allowed = {**COMMON_MAPPING_KEYS, **keys}
    try:
        data = tomllib.loads(Path(mapping).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ImportFailedError(
            f"{mapping}: cannot read the mapping file ({exc}); write it as UTF-8 "
            'TOML, for example: encoding = "cp1252"'
        ) from exc
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ImportFailedError(
            f"{mapping}: unknown key(s) {', '.join(unknown)} for the {format} "
            f"importer; it accepts: {', '.join(sorted(allowed))}"
        )
    for key, value in data.items():
        wanted = allowed[key]
        if wanted is dict:
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise ImportFailedError(
                    f"{mapping}: [{key}] must be a table of text to text, e.g. "
                    f'[{key}]\n"Their value" = "kit_value"'
                )
        elif not isinstance(value, wanted):
            raise ImportFailedError(
                f"{mapping}: {key} must be {wanted.__name__}, not {value!r}"
            )
    if "encoding" in data:
        try:
            codecs.lookup(data["encoding"])
        except LookupError as exc:
            raise ImportFailedError(
                f"{mapping}: unknown encoding {data['encoding']!r} (use a Python "
                "codec name such as utf-8, cp1252, cp1251 or utf-16)"
            ) from exc
    return data


@functools.cache
def vocabulary(table: str, field: str) -> tuple[str, ...]:
    """Return the values the kit's model allows in ``table.field`` (its enum).

    Examples
    --------
    >>> vocabulary("claims", "stance")
    ('asserts', 'denies')
    """
    package, problems = read_package(paths.SAMPLE_DATASET)
    if package is None:  # pragma: no cover - the model ships with the kit
        raise ImportFailedError(f"the model descriptor is unreadable: {problems}")
    found = package.resource(table).schema.get(field)
    return tuple(found.enum or ()) if found is not None else ()


def check_vocabulary(
    values: Mapping[str, str], *, table: str, field: str, mapping: Path | None, key: str
) -> None:
    """Fail when a mapping file maps onto a value the model does not allow.

    Parameters
    ----------
    values : mapping of str to str
        The mapping file's table (their value to the kit's).
    table, field : str
        The model column the values go to.
    mapping : pathlib.Path or None
        The mapping file, for the message.
    key : str
        The table's name in the mapping file.

    Raises
    ------
    ImportFailedError
        Naming the value and listing the allowed ones. An empty value is
        allowed (it means: reject such rows).
    """
    allowed = vocabulary(table, field)
    for theirs, ours in values.items():
        if ours and ours not in allowed:
            raise ImportFailedError(
                f"{mapping}: [{key}] maps {theirs!r} to {ours!r}, which is not a "
                f"{field}; use one of {', '.join(allowed)}"
            )


# -- reading the export -------------------------------------------------------


@dataclass
class Export:
    """An export read as text cells, with its rows still to be imported.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    table : RawTable
        The cells (text, ``""`` when empty) and what locates each row.
    columns : dict of str to int
        Header name (stripped and lower-cased) to column position.
    keep : numpy.ndarray of bool
        Per data row: not rejected so far.
    """

    path: Path
    table: RawTable
    columns: dict[str, int]
    keep: np.ndarray

    @property
    def n_rows(self) -> int:
        """Number of data rows in the file."""
        return int(self.table.n_rows)

    def has(self, name: str) -> bool:
        """Whether the export has the column ``name`` (lower case)."""
        return name in self.columns

    def column(self, name: str) -> pd.Series:
        """Return a column as text (``""`` when empty, or when it is absent)."""
        cells = self.table.cells
        assert cells is not None
        if name not in self.columns:
            return pd.Series([""] * len(cells), index=cells.index, dtype="str")
        return cells[self.columns[name]]

    def require(self, names: Sequence[str], *, format: str, hint: str = "") -> None:
        """Fail unless every column in ``names`` is in the header.

        Raises
        ------
        ImportFailedError
            Naming the missing columns.
        """
        missing = [name for name in names if name not in self.columns]
        if missing:
            raise ImportFailedError(
                f"{self.path} is not a {format} export: column(s) "
                f"{', '.join(missing)} missing from the header"
                + (f" ({hint})" if hint else "")
            )

    def coordinates(
        self,
        context: ImportContext,
        latitude: str,
        longitude: str,
        *,
        record_ids: pd.Series,
    ) -> tuple[pd.Series, pd.Series]:
        """Return the two coordinate columns, rejecting rows where they are unusable.

        A coordinate that is not a number within its range, or one given
        without the other, rejects the row with the reason.
        """
        texts = {}
        for name, limit in ((latitude, 90.0), (longitude, 180.0)):
            text = self.column(name).str.strip()
            number = pd.to_numeric(text.where(text != ""), errors="coerce")
            self.reject(
                context,
                (text != "") & ~(number.abs() <= limit),
                f"{name} is not a number between -{limit:g} and {limit:g}",
                field=name,
                values=text,
                record_ids=record_ids,
            )
            texts[name] = text
        lat, lon = texts[latitude], texts[longitude]
        self.reject(
            context,
            (lat == "") != (lon == ""),
            f"{latitude} and {longitude} go together, but one of them is empty",
            field=latitude,
            values=lat + ", " + lon,
            record_ids=record_ids,
        )
        return lat, lon

    def record(self, row: int) -> str:
        """Return one data row as a CSV line (for ``rejects.csv``)."""
        return self.records(np.array([row]))[0]

    def reject(
        self,
        context: ImportContext,
        mask: np.ndarray | pd.Series,
        reason: str | pd.Series | Callable[[np.ndarray], Sequence[str]],
        *,
        field: str = "",
        values: pd.Series | None = None,
        record_ids: pd.Series | None = None,
    ) -> int:
        """Reject the rows flagged in ``mask`` that are not rejected yet.

        Parameters
        ----------
        context : ImportContext
            Receives one reject per row, with its physical input line.
        mask : array of bool
            One flag per data row.
        reason : str, pandas.Series or callable
            Why: one text, one per data row, or a function that is given the
            positions of the rejected rows and returns their reasons (so that
            long texts are built only for the rows rejected).
        field : str
            The column at fault, if one is.
        values : pandas.Series, optional
            The offending values (one per data row), shown with invisible
            characters made visible.
        record_ids : pandas.Series, optional
            The rows' ids in the export.

        Returns
        -------
        int
            How many rows were rejected.
        """
        flags = np.asarray(mask, dtype=bool) & self.keep
        rows = np.flatnonzero(flags)
        if not len(rows):
            return 0
        lines = self.table.lines_of_rows(rows.tolist())
        n = len(rows)
        if isinstance(reason, str):
            reasons = [reason] * n
        elif isinstance(reason, pd.Series):
            reasons = _pick(reason, rows)
        else:
            reasons = [str(r) for r in reason(rows)]
        shown = [""] * n if values is None else _pick(values, rows)
        ids = [""] * n if record_ids is None else _pick(record_ids, rows)
        for line, why, value, record_id, record in zip(
            lines, reasons, shown, ids, self.records(rows), strict=True
        ):
            context.reject(
                line,
                why,
                record_id=record_id,
                field=field,
                value=value if value.isprintable() else make_visible(value) or "",
                record=record,
            )
        self.keep[rows] = False
        return n

    def records(self, rows: np.ndarray) -> list[str]:
        """Return several data rows as CSV lines (for ``rejects.csv``)."""
        cells = self.table.cells
        assert cells is not None
        taken = cells.take(rows)
        if taken.shape[1] > 1:
            return _csv_lines([arrow(taken[c]) for c in taken.columns])
        columns = [taken[c].tolist() for c in taken.columns]
        records = list(zip(*columns, strict=True))
        buffer = io.StringIO()
        if not any("\x1e" in cell for record in records for cell in record):
            # One writer for all rows, split on a separator no cell holds.
            csv.writer(buffer, lineterminator="\x1e").writerows(records)
            return buffer.getvalue().split("\x1e")[:-1]
        out = []
        for values in records:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="").writerow(values)
            out.append(buffer.getvalue())
        return out


def _csv_lines(columns: Sequence[Any]) -> list[str]:
    r"""Write rows of text cells as CSV lines, column-wise (what ``csv.writer`` does).

    ``csv.writer``'s default dialect with no line terminator quotes a cell
    when it holds a comma or a double quote (doubling the quotes); a missing
    cell is empty. Only a row of one empty cell differs (``""``), so this
    takes two columns or more.

    Parameters
    ----------
    columns : sequence of pyarrow string arrays
        The cells, one array per column (at least two), all of one length.

    Returns
    -------
    list of str
        One CSV line per row, with no line terminator.

    Examples
    --------
    >>> _csv_lines([pa.array(["a", 'say "hi", go', None]), pa.array(["1", "", "x"])])
    ['a,1', '"say ""hi"", go",', ',x']
    """
    quote = pa.scalar('"', _LARGE)
    parts = []
    for column in columns:
        text = pc.fill_null(pc.cast(column, _LARGE), "")
        special = pc.or_(pc.match_substring(text, ","), pc.match_substring(text, '"'))
        if not pc.any(special).as_py():
            parts.append(text)
            continue
        quoted = pc.binary_join_element_wise(
            quote, pc.replace_substring(text, '"', '""'), quote, pa.scalar("", _LARGE)
        )
        parts.append(pc.if_else(special, quoted, text))
    return pc.binary_join_element_wise(*parts, pa.scalar(",", _LARGE)).to_pylist()


def count_rows(context: ImportContext, *, read: int = 0, kept: int = 0) -> None:
    """Count rows read and kept in bulk (what ``read_row``/``keep_row`` do one by one).

    Parameters
    ----------
    context : ImportContext
        The import's context; its progress callback hears the new total.
    read, kept : int
        How many input rows were read, and how many of them kept.
    """
    before = context.rows_read
    context.rows_read += read
    context.rows_kept += kept
    if context.progress is not None:  # as read_row does: every 1,000 rows
        for total in range((before // 1000 + 1) * 1000, context.rows_read + 1, 1000):
            context.progress(total)


def _pick(series: pd.Series, rows: np.ndarray) -> list[str]:
    return ["" if v is None or v != v else str(v) for v in series.take(rows).tolist()]


def _bom_codec(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(4)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def open_export(
    path: Path,
    context: ImportContext,
    *,
    format: str,
    encoding: str | None,
    required: Sequence[str],
    hint: str,
) -> Export:
    """Read an export, count its rows and check it has the ``required`` columns.

    The first step of every tabular importer: :func:`read_export`, then
    :func:`count_rows` and :meth:`Export.require` (``hint`` says what file
    was expected).
    """
    export = read_export(path, context, format=format, encoding=encoding)
    count_rows(context, read=export.n_rows)
    export.require(required, format=format, hint=hint)
    return export


def read_export(
    path: Path, context: ImportContext, *, format: str, encoding: str | None = None
) -> Export:
    """Read an export with a declared or byte-order-mark encoding.

    Parameters
    ----------
    path : pathlib.Path
        The CSV export.
    context : ImportContext
        Receives the rejects of rows with a structural problem (too many or too
        few cells, a blank line) and notes about warnings.
    format : str
        The import format (for messages).
    encoding : str, optional
        The declared encoding (from the mapping file). Without one, a
        byte-order mark decides, else UTF-8. Nothing is guessed.

    Returns
    -------
    Export

    Raises
    ------
    ImportFailedError
        When the file cannot be decoded with the encoding (the message lists
        the first undecodable bytes with line and column and says how to
        declare the encoding), is empty, cannot be parsed to its end, or has a
        duplicated column name.
    """
    bom = _bom_codec(path)
    declared = encoding or bom or "utf-8"
    table, issues = read_csv_file(path, encoding=declared)
    fatal = [i for i in issues if i.severity == ERROR and i.row is None]
    if table is None or not table.complete:
        shown = "\n".join(issue.format() for issue in (fatal or issues)[:5])
        more = len(fatal or issues) - 5
        hint = ""
        if any(i.code == "encoding-error" for i in issues):
            hint = (
                f"\nThe file is not valid {declared}. Declare its encoding in a "
                'mapping file (a line such as encoding = "cp1252") and pass it '
                f"with --mapping: osintkit import {format} {path} --mapping "
                "FILE --out DIR"
            )
        raise ImportFailedError(
            f"{path} cannot be imported as {declared}:\n{shown}"
            + (f"\n... and {more} more" if more > 0 else "")
            + hint
        )
    header = [h.strip().lstrip("\ufeff").lower() for h in table.header]
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in columns:
            raise ImportFailedError(
                f"{path}: the column name {table.header[position]!r} appears twice "
                f"(positions {columns[name] + 1} and {position + 1}); rename one"
            )
        if name:
            columns[name] = position
    export = Export(
        path=path,
        table=table,
        columns=columns,
        keep=np.ones(table.n_rows, dtype=bool),
    )
    broken: dict[int, str] = {}
    warnings: dict[str, int] = {}
    for issue in issues:
        row = None if issue.row is None else issue.row - 1
        if row is not None and row in table.broken_rows:
            broken.setdefault(row, f"{issue.code}: {issue.message}")
        else:
            warnings[issue.code] = warnings.get(issue.code, 0) + 1
    if broken:
        rows = np.zeros(table.n_rows, dtype=bool)
        rows[list(broken)] = True
        reasons = pd.Series([""] * table.n_rows, dtype=object)
        for row, text in broken.items():
            reasons.iloc[row] = text
        export.reject(context, rows, reasons)
    for code, count in sorted(warnings.items()):
        context.notes.append(
            f"the reader reported {count} {code} issue(s) in {path.name} "
            f"(run osintkit validate on a copy to see them); the rows were kept"
        )
    logger.info(
        "%s: read %d rows as %s (%d structurally broken)",
        path,
        table.n_rows,
        declared,
        len(broken),
    )
    return export


# -- values -------------------------------------------------------------------


def factorize_rows(*columns: pd.Series) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Find the distinct combinations of several text columns and number them.

    Returns
    -------
    codes : numpy.ndarray
        Per row, the position of its combination in ``uniques``.
    uniques : list of tuple of str
        The distinct combinations, in order of first appearance.

    Examples
    --------
    >>> a, b = pd.Series(["a", "b", "a"]), pd.Series(["x", "y", "x"])
    >>> codes, uniques = factorize_rows(a, b)
    >>> codes.tolist(), uniques
    ([0, 1, 0], [('a', 'x'), ('b', 'y')])
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    values = []
    for column in columns:
        codes, uniques = pd.factorize(column.fillna(""), sort=False)
        key = key * (len(uniques) + 1) + codes
        # Renumber by first appearance (hashing, no sort): the key stays below n.
        key = pd.factorize(key, sort=False)[0]
        values.append((codes, np.asarray(uniques, dtype=object)))
    first = pd.Series(key).drop_duplicates().index.to_numpy()
    combos = [
        tuple(str(uniques[codes[row]]) for codes, uniques in values) for row in first
    ]
    return key, combos


_LARGE = pa.large_string()
_STRING_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def _as_arrow(part: Any) -> Any:
    if isinstance(part, str):
        return pa.scalar(part, _LARGE)
    if isinstance(part, pd.Series):
        part = part.array
    array = pa.array(part, type=_LARGE, from_pandas=True)
    return pc.fill_null(array, "")


def join_text(*parts: pd.Series | np.ndarray | str, index: Any = None) -> pd.Series:
    """Concatenate text columns and constants row by row, in one pass.

    Faster than chaining ``+`` on large columns (one pyarrow kernel instead
    of one per ``+``). Missing values count as ``""``.

    Parameters
    ----------
    *parts : pandas.Series, numpy.ndarray or str
        Columns (all of one length) and constants, in order.
    index : pandas.Index, optional
        Index of the result; that of the first Series by default.

    Returns
    -------
    pandas.Series
        Text (``str`` dtype).

    Examples
    --------
    >>> join_text(pd.Series(["a", "b"]), " and ", pd.Series(["c", None])).tolist()
    ['a and c', 'b and ']
    """
    if index is None:
        index = next((p.index for p in parts if isinstance(p, pd.Series)), None)
    joined = pc.binary_join_element_wise(
        *(_as_arrow(p) for p in parts), pa.scalar("", _LARGE)
    )
    if isinstance(joined, pa.Scalar):
        raise ValueError("join_text needs at least one column")
    return pd.Series(pd.array(joined, dtype=_STRING_DTYPE), index=index)


def arrow(series: pd.Series) -> Any:
    """Return a text column as a pyarrow ``large_string`` array (no copy if arrow)."""
    return one_array(pa.array(series.array, type=_LARGE, from_pandas=True))


def fullmatch(series: pd.Series, pattern: str) -> np.ndarray:
    r"""Whether each cell matches ``pattern`` entirely (missing cells do not).

    Examples
    --------
    >>> fullmatch(pd.Series(["12", "1x", None]), r"\d+").tolist()
    [True, False, False]
    """
    found = pc.match_substring_regex(arrow(series), f"^(?:{pattern})$")
    return np.asarray(pc.fill_null(found, False), dtype=bool)


def map_values(series: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Map text cells through ``mapping``; cells not in it become NaN.

    Examples
    --------
    >>> map_values(pd.Series(["1", "3", "x"]), {"1": "day", "3": "month"}).tolist()
    ['day', 'month', nan]
    """
    keys = list(mapping)
    where = pc.index_in(arrow(series), value_set=pa.array(keys, type=_LARGE))
    values = pa.array(list(mapping.values()), type=_LARGE)
    return pd.Series(
        pd.array(pc.take(values, where), dtype=_STRING_DTYPE), index=series.index
    )


def parse_numbers(series: pd.Series) -> np.ndarray:
    """Parse decimal numbers written plainly (``-12``, ``50.4646``); NaN otherwise.

    Examples
    --------
    >>> parse_numbers(pd.Series(["50.46", "-3", "1e5", "", "x"])).tolist()
    [50.46, -3.0, nan, nan, nan]
    """
    array = arrow(series)
    valid = pc.fill_null(pc.match_substring_regex(array, r"^-?\d+(?:\.\d+)?$"), False)
    cleaned = pc.if_else(valid, array, pa.scalar("nan", _LARGE))
    return np.asarray(pc.cast(cleaned, pa.float64()), dtype=float)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def parse_date_parts(series: pd.Series, pattern: str) -> np.ndarray:
    r"""Parse dates with a regex of named groups ``y``, ``m`` (or ``mon``), ``d``.

    The whole cell must match. A group ``mon`` holds an English month name or
    its abbreviation. Impossible dates (``31/02/2024``) are NaT, never rolled
    over into the next month.

    Returns
    -------
    numpy.ndarray of datetime64[D]

    Examples
    --------
    >>> dmy = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    >>> dates = parse_date_parts(pd.Series(["12/03/2024", "31/02/2024", "x"]), dmy)
    >>> dates.astype(str).tolist()
    ['2024-03-12', 'NaT', 'NaT']
    """
    parts = pc.extract_regex(arrow(series), f"^(?:{pattern})$")

    def number(name: str) -> np.ndarray:
        text = pc.fill_null(parts.field(name), "")
        digits = pc.if_else(pc.equal(text, ""), pa.scalar("nan", _LARGE), text)
        return np.asarray(pc.cast(digits, pa.float64()), dtype=float)

    year, day = number("y"), number("d")
    if "mon" in {f.name for f in parts.type}:
        names = pc.utf8_lower(pc.fill_null(parts.field("mon"), ""))
        index = pc.index_in(names, value_set=pa.array(list(_MONTHS), type=_LARGE))
        numbers = np.array(list(_MONTHS.values()), dtype=float)
        codes = np.asarray(pc.fill_null(index, -1), dtype=np.int64)
        month = np.where(codes >= 0, numbers[codes], np.nan)
    else:
        month = number("m")
    return dates_from_parts(year, month, day)


def dates_from_parts(
    year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> np.ndarray:
    """Build dates from float arrays of parts; NaT where a date does not exist.

    Examples
    --------
    >>> y, m, d = np.array([2024.0, 2023]), np.array([2.0, 2]), np.array([29.0, 29])
    >>> dates_from_parts(y, m, d).astype(str).tolist()
    ['2024-02-29', 'NaT']
    """
    ok = ~(np.isnan(year) | np.isnan(month) | np.isnan(day))
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1) & (year <= 9999)
    y = np.where(ok, year, 1970).astype(np.int64)
    m = np.where(ok, month, 1).astype(np.int64)
    d = np.where(ok, day, 1).astype(np.int64)
    first = ((y - 1970) * 12 + (m - 1)).astype("datetime64[M]")
    length = (
        (first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")
    ).astype(np.int64)
    ok &= d <= length
    dates = first.astype("datetime64[D]") + (d - 1)
    return np.where(ok, dates, np.datetime64("NaT", "D"))


def format_dates(values: pd.Series | np.ndarray) -> pd.Series:
    """Format datetimes as ``YYYY-MM-DD`` text (``""`` for NaT), vectorised.

    Examples
    --------
    >>> format_dates(pd.Series(pd.to_datetime(["2024-03-12", None]))).tolist()
    ['2024-03-12', '']
    """
    index = values.index if isinstance(values, pd.Series) else None
    days = np.asarray(values).astype("datetime64[D]")
    text = pc.cast(pa.array(days, type=pa.date32(), from_pandas=True), _LARGE)
    return pd.Series(pd.array(pc.fill_null(text, ""), dtype=_STRING_DTYPE), index=index)


def slugify(name: str) -> str:
    """Derive a ``source_id`` from a name: ASCII, lower case, words joined by ``-``.

    Names in other scripts are transliterated; a name with no letter or digit
    gets a stable digest. Long names are cut and given a digest, so that two
    long names sharing a beginning stay apart.

    Examples
    --------
    >>> slugify("Ministry of Defence of Ukraine")
    'ministry-of-defence-of-ukraine'
    >>> slugify("Суспільне")
    'suspil-ne'
    >>> slugify("24 Channel")
    '24-channel'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(name).lower()).strip("-")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"source-{digest}"
    if len(slug) > 60:
        return f"{slug[:50].rstrip('-')}-{digest}"
    return slug


# -- resolution per distinct value --------------------------------------------


@dataclass(frozen=True)
class _Place:
    place_id: str
    admin1: str
    status: str
    note: str


def resolve_places(
    gazetteer: Any,
    names: pd.Series,
    *,
    admin1: pd.Series | None = None,
    country: pd.Series | None = None,
    place_type: str | pd.Series | None = None,
    cell: bool = False,
    what: str = "place",
) -> pd.DataFrame:
    """Resolve a column of place names, once per distinct (name, context).

    A match whose context contradicts it (the gazetteer's only village of that
    name lies in another oblast than the one the export gives) is not a match:
    it is a namesake, and the name stays unresolved with a note.

    Parameters
    ----------
    gazetteer : osintkit.gazetteer.Gazetteer
        The reference places.
    names : pandas.Series of str
        The names as written (``""`` when empty).
    admin1, country : pandas.Series of str, optional
        Per-row context: ISO codes (or ``""``); a country of :data:`OUTSIDE`
        (see :func:`resolve_countries`) leaves the row unresolved.
    place_type : str or pandas.Series of str, optional
        The kind of place the column holds (``oblast`` for an admin1 column),
        for every row or per row (``""`` for any kind).
    cell : bool
        Read each value as a cell that may name several places
        (:meth:`~osintkit.gazetteer.Gazetteer.resolve_place_cell`).
    what : str
        What the column is, for notes (``location``, ``province`` ...).

    Returns
    -------
    pandas.DataFrame
        Aligned with ``names``: ``place_ids`` (``;``-joined, ``""`` when none),
        ``admin1`` (the oblast code of the match, if any), ``status``
        (``matched``, ``ambiguous``, ``unmatched``, or ``""`` for an empty
        name) and ``note``.
    """
    # Context given for every row alike is not factorized (nor built per row).
    given = [admin1, country, place_type]
    varying = [i for i, part in enumerate(given) if isinstance(part, pd.Series)]
    columns = [cast(pd.Series, given[i]) for i in varying]
    codes, combos = factorize_rows(names, *columns)
    uniques = []
    for combo in combos:
        full = ["" if isinstance(part, pd.Series) else part or "" for part in given]
        for i, value in zip(varying, combo[1:], strict=True):
            full[i] = value
        uniques.append((combo[0], *full))
    results: list[_Place] = []
    for name, a1, cc, kind in uniques:
        results.append(
            _resolve_one(gazetteer, name, a1, cc, kind or None, cell=cell, what=what)
        )
    table = pd.DataFrame(
        {
            "place_ids": [r.place_id for r in results],
            "admin1": [r.admin1 for r in results],
            "status": [r.status for r in results],
            "note": [r.note for r in results],
        },
        dtype="str",
    )
    out = table.take(codes).reset_index(drop=True)
    out.index = names.index
    return out


#: The country context of a row whose country is not in the gazetteer.
OUTSIDE = "-"


def resolve_countries(gazetteer: Any, names: pd.Series) -> pd.Series:
    """Resolve a country column to gazetteer country ids.

    Returns the id (``UA``, ``RU``), ``""`` for an empty cell, and
    :data:`OUTSIDE` for a country the gazetteer does not hold (``Belarus``):
    :func:`resolve_places` then resolves nothing in that row, since any
    match would be a namesake in another country.

    Examples
    --------
    >>> from osintkit.gazetteer import load_gazetteer
    >>> names = pd.Series(["Ukraine", "", "Belarus"])
    >>> resolve_countries(load_gazetteer(), names).tolist()
    ['UA', '', '-']
    """
    found = resolve_places(gazetteer, names, place_type="country")
    out = found["place_ids"].where(found["status"] == "matched", OUTSIDE)
    return out.where(names.str.strip() != "", "").astype("str")


def _resolve_one(
    gazetteer: Any,
    name: str,
    admin1: str,
    country: str,
    place_type: str | None,
    *,
    cell: bool,
    what: str,
) -> _Place:
    if not name.strip():
        return _Place("", "", "", "")
    if country == OUTSIDE:
        return _Place(
            "",
            "",
            "unmatched",
            f"{what} {name!r}: the row's country is not in the gazetteer",
        )
    context = {"admin1": admin1 or None, "country": country or None}
    if cell:
        result = gazetteer.resolve_place_cell(name, place_type=place_type, **context)
        matches = list(result.matches)
    else:
        matches = [gazetteer.resolve_place(name, place_type=place_type, **context)]
    ids: list[str] = []
    admin1s: list[str] = []
    notes: list[str] = []
    statuses: list[str] = []
    for match in matches:
        if (
            place_type == "oblast"
            and match.context_conflict
            and len(match.candidates) == 1
            and match.status in {"matched", "unmatched"}
        ):
            # Oblast names do not repeat across countries: the row's country
            # cell is what is wrong ("Kursk Oblast" in a row saying Ukraine).
            statuses.append("matched")
            ids.append(str(match.candidates[0]))
            admin1s.append(str(match.candidates[0]))
            notes.append(
                f"{what} {match.name!r} is {match.candidates[0]}, although the "
                f"row's country ({country}) says otherwise"
            )
        elif match.status == "matched" and match.context_conflict:
            statuses.append("unmatched")
            notes.append(
                f"{what} {match.name!r}: the gazetteer's {match.place_id} lies "
                "elsewhere than the row says (a namesake), so it is not used"
            )
        elif match.status == "matched":
            statuses.append("matched")
            ids.append(str(match.place_id))
            if match.admin1:
                admin1s.append(str(match.admin1))
        elif match.status == "unmatched" and place_type and match.candidates:
            statuses.append("unmatched")
            notes.append(
                f"{what} {match.name!r}: the gazetteer has no {place_type} of that "
                f"name, only {' | '.join(match.candidates)}; not used"
            )
        elif match.status == "ambiguous":
            statuses.append("ambiguous")
            notes.append(
                f"{what} {match.name!r} is ambiguous in the gazetteer "
                f"({' | '.join(match.candidates)}); not resolved"
            )
        else:
            statuses.append("unmatched")
    if not matches or "unmatched" in statuses:
        status = "unmatched"
    elif "ambiguous" in statuses:
        status = "ambiguous"
    else:
        status = "matched"
    unique_admin1 = sorted(set(admin1s))
    return _Place(
        place_id=";".join(dict.fromkeys(ids)),
        admin1=unique_admin1[0] if len(unique_admin1) == 1 else "",
        status=status,
        note="; ".join(notes),
    )


def share_note(label: str, names: pd.Series, status: pd.Series) -> str:
    r"""Describe how many place names resolved, per row and per distinct name.

    Parameters
    ----------
    label : str
        What the names are (``ACLED location``).
    names, status : pandas.Series
        The names and their resolution status (as from :func:`resolve_places`).

    Returns
    -------
    str
        One line for the import report.

    Examples
    --------
    >>> note = share_note("town", pd.Series(["A", "A", "B", ""]),
    ...                   pd.Series(["matched", "matched", "unmatched", ""]))
    >>> print(note.replace("; ", ";\n"))
    town: 3 rows name a place: 66.7% resolved, 0.0% ambiguous, 33.3% unresolved;
    2 distinct names: 1 resolved, 0 ambiguous, 1 unresolved;
    most frequent not resolved: 'B' (1)
    """
    named = status != ""
    total = int(named.sum())
    counts = status[named].value_counts()
    distinct = (
        pd.DataFrame({"name": names[named], "status": status[named]})
        .drop_duplicates("name")["status"]
        .value_counts()
    )

    def share(key: str) -> str:
        return f"{100 * int(counts.get(key, 0)) / total:.1f}%" if total else "0.0%"

    missed = names[named & (status != "matched")].value_counts().head(5)
    worst = ", ".join(f"{name!r} ({count:,})" for name, count in missed.items())
    return (
        f"{label}: {total:,} rows name a place: {share('matched')} resolved, "
        f"{share('ambiguous')} ambiguous, {share('unmatched')} unresolved; "
        f"{int(distinct.sum()):,} distinct names: {int(distinct.get('matched', 0)):,} "
        f"resolved, {int(distinct.get('ambiguous', 0)):,} ambiguous, "
        f"{int(distinct.get('unmatched', 0)):,} unresolved"
        + (f"; most frequent not resolved: {worst}" if worst else "")
    )


def resolve_actor_names(
    resolver: Any, names: Sequence[str], *, variants: Any = None
) -> dict[str, str]:
    """Map each distinct actor name to a reference actor id, where one matches.

    Parameters
    ----------
    resolver : osintkit.actor_names.ActorResolver
        The reference actors.
    names : sequence of str
        Distinct names as the export writes them.
    variants : callable, optional
        Gives further spellings to try for a name (e.g. without the export's
        own qualifiers); the first that matches wins.

    Returns
    -------
    dict
        Name to actor id, for the names that match exactly one actor.
    """
    out: dict[str, str] = {}
    for name in names:
        if not name.strip():
            continue
        tries = [name, *(variants(name) if variants else ())]
        for attempt in tries:
            match = resolver.resolve_actor(attempt)
            if match.status == "matched" and match.actor_id:
                out[name] = str(match.actor_id)
                break
    return out


def reference_table(reference_dir: Path, name: str) -> pd.DataFrame:
    """Return one table of the reference package (loaded once per folder).

    The package is the one the gazetteer and the actor resolver are built
    from (:func:`osintkit.gazetteer.load_reference`), not a second copy.
    """
    from osintkit.gazetteer import load_reference

    return load_reference(str(reference_dir))[name]


# -- sources ------------------------------------------------------------------

#: The source_type of a source that speaks for a reference actor of this type.
_SOURCE_TYPE_OF_ACTOR = {
    "government_body": "official",
    "government_official": "official",
    "regional_authority": "official",
    "regional_official": "official",
    "state_security": "official",
    "state_military": "military_unit",
    "volunteer_unit": "military_unit",
    "state_intelligence": "intelligence_service",
}
_BELLIGERENT_SIDES = {"russia", "ukraine", "pro_russia", "pro_ukraine"}


def source_rows(
    names: pd.Series,
    *,
    note: str,
    actors: pd.DataFrame | None = None,
    resolver: Any = None,
    source_type: str | pd.Series = "other",
    platform: str | pd.Series = "",
    url: str | pd.Series = "",
) -> pd.DataFrame:
    """Build ``sources`` rows for the names an export cites.

    Every source is ungraded (``reliability`` F, "cannot be judged", with
    ``note`` saying why) and, by default, of ``unknown`` side and not a party
    to the fighting. Where a name resolves to a reference actor (``Ministry of
    Defence of Ukraine`` → ``ua-mod``) the source speaks for that actor: its
    ``actor_id``, ``side`` and kind come from the actor and it counts as a
    belligerent when the actor is on one of the warring sides.

    Parameters
    ----------
    names : pandas.Series of str
        Distinct names, indexed by their ``source_id``.
    note : str
        Why the source is ungraded (the origin does not grade its sources).
    actors : pandas.DataFrame, optional
        The reference ``actors`` table.
    resolver : osintkit.actor_names.ActorResolver, optional
        Resolves names to actors; without it no source is tied to an actor.
    source_type, platform, url : str or pandas.Series
        Defaults for every source, or values aligned with ``names``.

    Returns
    -------
    pandas.DataFrame
        Text columns of the ``sources`` table.
    """
    frame = pd.DataFrame(
        {
            "source_id": names.index.astype(str),
            "name": names.to_numpy(dtype=object),
            "source_type": _aligned(source_type, names),
            "side": "unknown",
            "is_belligerent": "false",
            "actor_id": "",
            "platform": _aligned(platform, names),
            "url": _aligned(url, names),
            "reliability": "F",
            "notes": note,
        }
    )
    if resolver is not None and actors is not None and len(frame):
        known = resolve_actor_names(resolver, list(frame["name"]))
        table = actors.set_index("actor_id")
        for i, name in enumerate(frame["name"]):
            actor_id = known.get(name)
            if actor_id is None or actor_id not in table.index:
                continue
            actor = table.loc[actor_id]
            side = str(actor["side"])
            kind = _SOURCE_TYPE_OF_ACTOR.get(str(actor["actor_type"]))
            frame.loc[i, "actor_id"] = actor_id
            frame.loc[i, "side"] = side
            if kind:
                frame.loc[i, "source_type"] = kind
            if side in _BELLIGERENT_SIDES:
                frame.loc[i, "is_belligerent"] = "true"
            frame.loc[i, "notes"] = (
                f"{note} The name is the reference actor {actor_id} ({actor['name']}),"
                f" so the source speaks for that {side} party."
            )
    return frame


def _aligned(value: str | pd.Series, names: pd.Series) -> Any:
    if isinstance(value, str):
        return value
    return value.reindex(names.index).fillna("").to_numpy(dtype=object)
