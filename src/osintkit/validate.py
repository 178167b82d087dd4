"""Check tables against their description and turn every problem into an Issue.

:func:`check_table` takes a :class:`~osintkit.csvtable.RawTable` and its
:class:`~osintkit.datapackage.Resource` and returns the typed table plus every
problem of the header, the cells, the rows and the primary key.
:func:`check_foreign_keys` then checks keys across tables and packages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit.csvtable import RawTable, dictionary_cells, one_array, shared_cells
from osintkit.datapackage import Field, ForeignKey, Resource
from osintkit.fields import (
    CellProblem,
    arrow_strings,
    parse_column,
    to_mask,
)
from osintkit.issues import WARNING, Issue, make_visible

__all__ = [
    "TypedTable",
    "check_foreign_keys",
    "check_table",
    "cross_checks",
    "decoded_text",
]

_OTHER_DELIMITERS = (";", "\t", "|", ",")
_STRING = pd.StringDtype("pyarrow", na_value=np.nan)


@dataclass
class TypedTable:
    """A table read from disk, typed, with what is needed to save it back.

    Attributes
    ----------
    resource : Resource
        Its description.
    raw : RawTable
        The text cells and original bytes.
    frame : pandas.DataFrame
        Typed columns named by header label (a repeated label gets a ``.2``
        suffix); columns the schema does not describe stay text.
    original : pandas.DataFrame
        A copy of ``frame`` as loaded, to tell which cells were edited.
    positions : dict of str to int
        1-based position in the header of each column of ``frame``.
    """

    resource: Resource
    raw: RawTable
    frame: pd.DataFrame
    original: pd.DataFrame
    positions: dict[str, int] = field(default_factory=dict)

    def field(self, name: str) -> Field | None:
        """Return the schema field behind column ``name``, if any."""
        return self.resource.schema.get(name)


def check_table(raw: RawTable, resource: Resource) -> tuple[TypedTable, list[Issue]]:
    """Type a table's cells and check them against the resource's schema.

    Parameters
    ----------
    raw : RawTable
        The parsed file.
    resource : Resource
        Its description from ``datapackage.json``.

    Returns
    -------
    tuple of (TypedTable, list of Issue)
        The typed table and every problem in its header, cells, rows and
        primary key.
    """
    issues: list[Issue] = []
    labels, mapping, header_issues, usable = _check_header(raw, resource)
    issues.extend(header_issues)
    schema = resource.schema
    columns: dict[str, pd.Series] = {}
    positions: dict[str, int] = {}
    scan_invisible = raw.may_hold_invisible()
    broken = np.zeros(raw.n_rows, dtype=bool)
    broken[list(raw.broken_rows)] = True

    # Columns whose typed values later checks compare row by row.
    row_fields = set(schema.primary_key) | {
        name for check in resource.row_checks for name in check.get("fields", [])
    }
    for position, label in enumerate(labels):
        assert raw.cells is not None, "the table's cells were released"
        text = raw.cells[position]
        target = mapping.get(position)
        spec = schema.get(target) if target and usable else None
        name = target if target and usable else label
        written = shared_cells(text)  # dictionary cells of a file just written
        shared = written or _empty_cells(text)
        if shared is not None and (
            spec is None
            or spec.unique
            or broken.any()
            # a row check compares typed values; text ones are kept per row
            or (name in row_fields and spec.type in {"string", "list"})
        ):
            text = _expand_text(*shared)  # checked cell by cell
            shared = None
        if spec is None:
            columns[name] = text.where(text != "")
        else:
            if schema.primary_key == (spec.name,) and spec.unique:
                # a repeated key is reported once, as primary-key
                spec = dataclasses.replace(spec, unique=False)
            if shared is not None:
                if spec.type == "list":  # a few distinct lists of codes
                    shared = _distinct_entries(*shared)
                typed, problems = _parse_shared(
                    *shared,
                    spec,
                    schema.missing_values,
                    scan_invisible,
                    shared_text=written is not None,
                )
            else:
                typed, problems = parse_column(
                    text, spec, schema.missing_values, scan_invisible=scan_invisible
                )
            if broken.any():
                typed = typed.mask(broken)
                problems = _without_rows(problems, broken)
            columns[name] = typed
            issues.extend(_cell_issues(raw, problems, position + 1, spec.name))
        positions[name] = position + 1
    frame = pd.DataFrame(columns, index=pd.RangeIndex(raw.n_rows))
    if usable:
        if raw.n_rows == 0 and not resource.allow_empty:
            issues.append(
                Issue(
                    file=raw.label,
                    line=1,
                    column=1,
                    code="no-rows",
                    message=f"the table {resource.name!r} has a header but no rows",
                    hint="add rows, or remove the resource from datapackage.json",
                )
            )
        issues.extend(_primary_key_issues(raw, frame, resource, positions))
        issues.extend(_row_check_issues(raw, frame, resource, positions))
    # pandas copy-on-write: the shallow copy stays as loaded when ``frame`` is edited.
    table = TypedTable(resource, raw, frame, frame.copy(deep=False), positions)
    return table, issues


def _empty_cells(text: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """Give a plain text column whose every cell is empty as one shared entry.

    Such a column (``sha256`` in an import that captured nothing) is checked
    once, as :func:`~osintkit.csvtable.shared_cells` columns are; the test
    reads only the column's offsets. ``None`` for any other column.

    Examples
    --------
    >>> rows, entries = _empty_cells(pd.Series(["", "", ""], dtype="str"))
    >>> rows.tolist(), entries.tolist()
    ([0, 0, 0], [''])
    >>> _empty_cells(pd.Series(["", "x"], dtype="str")) is None
    True
    """
    if len(text) < 2 or not isinstance(text.dtype, pd.StringDtype):
        return None
    strings = arrow_strings(text)
    if strings.null_count or not all(
        pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)
        for chunk in strings.chunks
    ):
        return None
    if any(_value_size(chunk) for chunk in strings.chunks):
        return None
    return np.zeros(len(text), dtype=np.int64), text.iloc[:1].reset_index(drop=True)


def _distinct_entries(
    rows: np.ndarray, entries: pd.Series
) -> tuple[np.ndarray, pd.Series]:
    """Merge repeated entries of a column of shared cells (each is parsed once).

    Examples
    --------
    >>> rows, entries = _distinct_entries(
    ...     np.array([2, 0, 1]), pd.Series(["a", "b", "a"], dtype="str")
    ... )
    >>> rows.tolist(), entries.tolist()
    ([0, 0, 1], ['a', 'b'])
    """
    encoded = one_array(pc.dictionary_encode(arrow_strings(entries)))
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = pa.chunked_array([encoded.dictionary.cast(pa.large_string())])
    # pandas-stubs lack StringDtype.__from_arrow__ (pandas has it)
    strings = _STRING.__from_arrow__(distinct)  # type: ignore[attr-defined]
    return codes[rows], pd.Series(strings)


def _value_size(array: pa.Array) -> int:
    """Count the bytes of text in a (large) string array, from its offsets."""
    if not len(array):
        return 0
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)
    return int(offsets[array.offset + len(array)] - offsets[array.offset])


def _expand_text(rows: np.ndarray, entries: pd.Series) -> pd.Series:
    """Return the text of every row of a column of shared cells."""
    return entries.take(rows).reset_index(drop=True)


def _parse_shared(
    rows: np.ndarray,
    entries: pd.Series,
    spec: Field,
    missing_values: Sequence[str],
    scan_invisible: bool,
    *,
    shared_text: bool = True,
) -> tuple[pd.Series, list[CellProblem]]:
    """Parse a column of shared cells once per entry, as if cell by cell.

    Each problem of an entry is a problem of every row that has the entry
    (an entry no row has is not reported). Text values stay shared (a
    dictionary column: NA where missing) when ``shared_text``; other types,
    and text otherwise, are expanded to rows (as :func:`parse_column` types
    them). Not for checks that compare rows (``unique``).
    """
    typed_entries, entry_problems = parse_column(
        entries, spec, missing_values, scan_invisible=scan_invisible
    )
    problems = []
    used = np.zeros(len(entries), dtype=bool)
    if entry_problems:
        used[rows] = True
    for problem in entry_problems:
        if not used[problem.rows].any():
            continue  # an entry no row has (a rejected row's cell)
        chosen = np.zeros(len(entries), dtype=bool)
        chosen[problem.rows] = True
        hit = np.flatnonzero(chosen[rows])
        if not hit.size:
            continue
        value_of = dict(zip(problem.rows.tolist(), problem.values, strict=True))
        problems.append(
            dataclasses.replace(
                problem, rows=hit, values=[value_of[e] for e in rows[hit].tolist()]
            )
        )
    if shared_text and spec.type in {"string", "list"}:
        missing = typed_entries.isna().to_numpy()[rows]
        indices = _indices(rows, missing)
        dictionary = one_array(arrow_strings(entries)).cast(pa.large_string())
        typed = pd.Series(
            pd.arrays.ArrowExtensionArray(
                pa.chunked_array([pa.DictionaryArray.from_arrays(indices, dictionary)])
            )
        )
    else:
        typed = typed_entries.take(rows).reset_index(drop=True)
    return typed, problems


def _indices(rows: np.ndarray, missing: np.ndarray) -> pa.Array:
    """Return ``rows`` as Arrow int64 indices, null where ``missing``.

    Built from buffers: ``pa.array(..., mask=...)`` converts value by value.

    Examples
    --------
    >>> _indices(np.array([2, 0, 1]), np.array([False, True, False])).to_pylist()
    [2, None, 1]
    """
    values = np.ascontiguousarray(rows, dtype=np.int64)
    validity = None
    if missing.any():
        validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(
        pa.int64(), len(values), [validity, pa.py_buffer(values)]
    )


def decoded_text(column: pd.Series) -> pd.Series:
    """Return a text column as plain text (a column of shared cells expanded).

    Examples
    --------
    >>> array = pa.DictionaryArray.from_arrays(pa.array([1, None, 0]), ["a", "b"])
    >>> decoded_text(pd.Series(pd.arrays.ArrowExtensionArray(array))).tolist()
    ['b', nan, 'a']
    """
    dtype = column.dtype
    if not (
        isinstance(dtype, pd.ArrowDtype) and pa.types.is_dictionary(dtype.pyarrow_dtype)
    ):
        return column
    array = column.array.__arrow_array__()
    chunks = [
        chunk.dictionary.cast(pa.large_string()).take(chunk.indices)
        for chunk in array.chunks
    ]
    text = pa.chunked_array(chunks, pa.large_string())
    # pandas-stubs lack StringDtype.__from_arrow__ (pandas has it)
    strings = _STRING.__from_arrow__(text)  # type: ignore[attr-defined]
    return pd.Series(strings, index=column.index, name=column.name)


def _without_rows(problems: list[CellProblem], skip: np.ndarray) -> list[CellProblem]:
    """Drop the cells of structurally broken rows (already reported once)."""
    kept = []
    for problem in problems:
        keep = ~skip[problem.rows]
        if keep.any():
            kept.append(
                dataclasses.replace(
                    problem,
                    rows=problem.rows[keep],
                    values=[v for v, k in zip(problem.values, keep, strict=True) if k],
                )
            )
    return kept


def _check_header(
    raw: RawTable, resource: Resource
) -> tuple[list[str], dict[int, str], list[Issue], bool]:
    """Match header cells to schema fields.

    Returns the unique column labels, a map from header position to schema
    field name, the issues, and whether the header is usable at all.
    """
    schema = resource.schema
    known = set(schema.field_names)
    issues: list[Issue] = []
    header = raw.header

    def issue(
        position: int, code: str, message: str, hint: str, **extra: object
    ) -> None:
        issues.append(
            Issue(
                file=raw.label,
                line=1,
                column=position,
                code=code,
                message=message,
                hint=hint,
                **extra,  # type: ignore[arg-type]
            )
        )

    mismatch = _delimiter_mismatch(header, known, raw.dialect.delimiter)
    if mismatch:
        issue(
            1,
            "dialect-mismatch",
            f"the header is one cell that splits on {mismatch!r} into the "
            "declared columns: the file is not delimited by "
            f"{raw.dialect.delimiter!r}",
            f'declare "dialect": {{"delimiter": "{mismatch}"}} for this resource, '
            "or re-export the file with commas",
            value=make_visible(header[0]),
        )
        return list(header), {}, issues, False

    labels: list[str] = []
    mapping: dict[int, str] = {}
    seen: dict[str, int] = {}
    for position, cell in enumerate(header):
        label = cell
        if cell == "":
            issue(
                position + 1,
                "blank-label",
                "the header cell is empty",
                "name the column, or delete it if it holds nothing",
            )
            label = f"column_{position + 1}"
        elif cell not in known and cell.strip() in known:
            issue(
                position + 1,
                "label-whitespace",
                f"the header {make_visible(cell)!r} has spaces around the name "
                f"{cell.strip()!r}",
                f"rename the column to exactly {cell.strip()!r}",
                field=cell.strip(),
                value=make_visible(cell),
            )
            label = cell.strip()
        if label in seen:
            issue(
                position + 1,
                "duplicate-label",
                f"the column name {label!r} is used twice (first at column "
                f"{seen[label] + 1})",
                "rename or delete one of the two columns",
                field=label,
            )
            labels.append(f"{label}.{position + 1}")
            continue
        seen[label] = position
        labels.append(label)
        if label in known:
            mapping[position] = label
        elif cell != "":
            issues.append(
                Issue(
                    file=raw.label,
                    line=1,
                    column=position + 1,
                    code="extra-label",
                    field=cell,
                    message=f"the column {make_visible(cell)!r} is not described in "
                    "datapackage.json; it is kept as text and not checked",
                    hint="describe it in the resource's schema, or delete it",
                    severity=WARNING,
                )
            )
    for index, name in enumerate(schema.field_names):
        if name not in seen:
            issue(
                len(header) + 1,
                "missing-label",
                f"the column {name!r} is missing (field {index + 1} of the schema)",
                "add the column to the header, even if all its cells are empty",
                field=name,
            )
    return labels, mapping, issues, True


def _delimiter_mismatch(
    header: list[str], known: set[str], declared: str
) -> str | None:
    if len(header) != 1 or len(known) < 2:
        return None
    for delimiter in _OTHER_DELIMITERS:
        if delimiter == declared or delimiter not in header[0]:
            continue
        parts = [part.strip().strip('"') for part in header[0].split(delimiter)]
        if len(known.intersection(parts)) >= 2:
            return delimiter
    return None


def _cell_issues(
    raw: RawTable, problems: Iterable[CellProblem], column: int, name: str
) -> list[Issue]:
    issues = []
    for problem in problems:
        lines = raw.lines_of_rows(problem.rows.tolist())
        for row, line, value in zip(problem.rows, lines, problem.values, strict=True):
            shown = make_visible(value)
            issues.append(
                Issue(
                    file=raw.label,
                    line=line,
                    column=column,
                    code=problem.code,
                    row=int(row) + 1,
                    field=name,
                    value=shown,
                    message=problem.message.replace("{value}", repr(shown)),
                    hint=problem.hint,
                    severity=problem.severity,
                )
            )
    return issues


def _primary_key_issues(
    raw: RawTable, frame: pd.DataFrame, resource: Resource, positions: dict[str, int]
) -> list[Issue]:
    key = list(resource.schema.primary_key)
    if not key or any(name not in frame.columns for name in key):
        return []
    values = frame[key]
    if len(key) == 1 and _strictly_increasing(values[key[0]]):
        return []  # fast path: a table sorted by its key repeats none
    complete = values.notna().all(axis=1).to_numpy()
    repeated = values.duplicated(keep="first").to_numpy() & complete
    if not repeated.any():
        return []
    rows = np.flatnonzero(repeated)
    first_rows = _first_occurrence(values, rows)
    lines = raw.lines_of_rows(rows.tolist())
    first_lines = raw.lines_of_rows(first_rows)
    issues = []
    for row, line, first_line in zip(rows, lines, first_lines, strict=True):
        shown = ", ".join(str(values.iloc[row][k]) for k in key)
        issues.append(
            Issue(
                file=raw.label,
                line=line,
                column=positions[key[0]],
                code="primary-key",
                row=int(row) + 1,
                field=",".join(key),
                value=make_visible(shown),
                message=f"the key ({shown}) is already used on line {first_line}",
                hint="every row needs its own key; change one of the two, or "
                "merge the rows if they are the same record",
            )
        )
    return issues


def _strictly_increasing(column: pd.Series) -> bool:
    """Whether a text column has no missing value and each cell sorts after the last."""
    if len(column) < 2 or not isinstance(column.dtype, pd.StringDtype):
        return False
    strings = arrow_strings(column)
    if strings.null_count:
        return False
    strings = one_array(strings)
    later = pc.greater(strings.slice(1), strings.slice(0, len(strings) - 1))
    return bool(pc.all(later).as_py())


def _first_occurrence(values: pd.DataFrame, rows: np.ndarray) -> list[int]:
    keys = list(values.itertuples(index=False, name=None))
    first: dict[tuple[object, ...], int] = {}
    for index, key in enumerate(keys):
        first.setdefault(key, index)
    return [first[keys[row]] for row in rows]


def _row_check_issues(
    raw: RawTable, frame: pd.DataFrame, resource: Resource, positions: dict[str, int]
) -> list[Issue]:
    issues: list[Issue] = []
    for check in resource.row_checks:
        names = [n for n in check.get("fields", []) if n in frame.columns]
        if len(names) != len(check.get("fields", [])):
            continue
        if check.get("check") == "required-unless":
            issues.extend(_required_unless_issues(raw, frame, names, check, positions))
        elif check.get("check") == "ordered":
            issues.extend(_ordered_issues(raw, frame, names, check["code"], positions))
        elif check.get("check") == "together":
            present = frame[names].notna()
            partial = (present.any(axis=1) & ~present.all(axis=1)).to_numpy()
            for row in np.flatnonzero(partial):
                missing = [n for n in names if not present.iloc[row][n]]
                issues.append(
                    Issue(
                        file=raw.label,
                        line=raw.line_of_row(int(row)),
                        column=positions[missing[0]],
                        code=check["code"],
                        row=int(row) + 1,
                        field=missing[0],
                        message=f"{' and '.join(names)} go together, but "
                        f"{missing[0]} is empty",
                        hint=f"fill in {missing[0]}, or empty all of "
                        f"{', '.join(names)}",
                    )
                )
    return issues


def _required_unless_issues(
    raw: RawTable,
    frame: pd.DataFrame,
    names: list[str],
    check: dict[str, object],
    positions: dict[str, int],
) -> list[Issue]:
    """Cells that are required unless a boolean flag in the same row is true."""
    flag = str(check.get("unless", ""))
    if flag not in frame.columns:
        return []
    excused = frame[flag].fillna(False).astype(bool).to_numpy()
    broken = np.zeros(len(frame), dtype=bool)
    broken[list(raw.broken_rows)] = True
    issues = []
    for name in names:
        empty = frame[name].isna().to_numpy() & ~excused & ~broken
        for row in np.flatnonzero(empty):
            issues.append(
                Issue(
                    file=raw.label,
                    line=raw.line_of_row(int(row)),
                    column=positions[name],
                    code=str(check["code"]),
                    row=int(row) + 1,
                    field=name,
                    message=f"{name} is required but the cell is empty",
                    hint=f"fill it in, or set {flag} to true when the origin "
                    "withholds it",
                )
            )
    return issues


def _ordered_issues(
    raw: RawTable,
    frame: pd.DataFrame,
    names: list[str],
    code: str,
    positions: dict[str, int],
) -> list[Issue]:
    issues = []
    for earlier_index, earlier in enumerate(names):
        for later in names[earlier_index + 1 :]:
            both = frame[earlier].notna() & frame[later].notna()
            inverted = (both & (frame[earlier] > frame[later])).to_numpy(dtype=bool)
            for row in np.flatnonzero(inverted):
                first, second = frame[earlier].iloc[row], frame[later].iloc[row]
                issues.append(
                    Issue(
                        file=raw.label,
                        line=raw.line_of_row(int(row)),
                        column=positions[later],
                        code=code,
                        row=int(row) + 1,
                        field=later,
                        value=_show(second),
                        message=f"{later} ({_show(second)}) comes before "
                        f"{earlier} ({_show(first)})",
                        hint=f"{earlier} must not be greater than {later}: "
                        "swap them or correct one",
                    )
                )
    return issues


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_foreign_keys(
    table: TypedTable,
    fk: ForeignKey,
    target: TypedTable | None,
    *,
    target_label: str,
) -> list[Issue]:
    """Check that every value of a foreign key exists in the referenced table.

    Parameters
    ----------
    table : TypedTable
        The table holding the key.
    fk : ForeignKey
        The key's description.
    target : TypedTable or None
        The referenced table (``None`` when it could not be loaded; the key is
        then reported as unresolvable once).
    target_label : str
        How to name the referenced table in messages.

    Returns
    -------
    list of Issue
        One issue per value that points nowhere.
    """
    if any(name not in table.frame.columns for name in fk.fields):
        return []
    raw = table.raw
    if target is None or any(n not in target.frame.columns for n in fk.ref_fields):
        return [
            Issue(
                file=raw.label,
                line=1,
                column=table.positions[fk.fields[0]],
                code="foreign-key",
                field=",".join(fk.fields),
                message=f"cannot check {', '.join(fk.fields)}: the referenced table "
                f"{target_label} could not be loaded",
                hint="fix the referenced table first",
            )
        ]
    if len(fk.fields) != 1:
        return _composite_fk_issues(table, fk, target, target_label)
    name = fk.fields[0]
    if not table.frame[name].notna().any():  # nothing to look up
        return []
    spec = table.field(name)
    known_values = target.frame[fk.ref_fields[0]].dropna().astype("str")
    # is_in hashes the value set once; repeated values do no harm.
    value_set = arrow_strings(known_values)
    delimiter = spec.delimiter if spec is not None and spec.type == "list" else None
    shared = _shared_keys(table.frame[name], value_set, delimiter)
    if shared is not None:
        bad_rows, bad_values = shared
    else:
        bad_rows, bad_values = _unknown_keys(
            decoded_text(table.frame[name]), value_set, delimiter
        )
    lines = raw.lines_of_rows(bad_rows)
    return [
        Issue(
            file=raw.label,
            line=line,
            column=table.positions[name],
            code="foreign-key",
            row=row + 1,
            field=name,
            value=make_visible(value),
            message=f"{make_visible(value)!r} is not a {fk.ref_fields[0]} in "
            f"{target_label}",
            hint=_fk_hint(value, known_values, target_label, fk.ref_fields[0]),
        )
        for row, line, value in zip(bad_rows, lines, bad_values, strict=True)
    ]


def _shared_keys(
    column: pd.Series, value_set: pa.ChunkedArray, delimiter: str | None
) -> tuple[list[int], list[str]] | None:
    """Find unknown keys in a column of shared cells, once per entry.

    Each entry (a dictionary value) is checked once; its unknown keys are
    then reported on every row that has the entry, in row order and, within
    a row, in the order the cell lists them (as :func:`_unknown_keys` does).
    ``None`` when the column is not a dictionary column.

    Examples
    --------
    >>> indices = pa.array([1, None, 0, 1])
    >>> array = pa.DictionaryArray.from_arrays(indices, ["a", "b;x;y"])
    >>> column = pd.Series(pd.arrays.ArrowExtensionArray(array))
    >>> _shared_keys(column, pa.array(["a", "b"]), ";")
    ([0, 0, 3, 3], ['x', 'y', 'x', 'y'])
    >>> _shared_keys(column, pa.array(["a", "b"]), None)
    ([0, 3], ['b;x;y', 'b;x;y'])
    """
    array = dictionary_cells(column)
    if array is None:
        return None
    entries = pd.Series(
        # pandas-stubs lack StringDtype.__from_arrow__ (pandas has it)
        _STRING.__from_arrow__(  # type: ignore[attr-defined]
            pa.chunked_array([array.dictionary.cast(pa.large_string())])
        )
    )
    entry_rows, entry_values = _unknown_keys(entries, value_set, delimiter)
    if not entry_rows:
        return [], []
    codes = np.asarray(pc.fill_null(array.indices, -1), dtype=np.int64)
    unknown: dict[int, list[str]] = {}
    for entry, value in zip(entry_rows, entry_values, strict=True):
        unknown.setdefault(entry, []).append(value)
    hit = np.flatnonzero(np.isin(codes, np.fromiter(unknown, dtype=np.int64)))
    bad_rows, bad_values = [], []
    for row, entry in zip(hit.tolist(), codes[hit].tolist(), strict=True):
        for value in unknown[entry]:
            bad_rows.append(row)
            bad_values.append(value)
    return bad_rows, bad_values


def _unknown_keys(
    column: pd.Series, value_set: pa.ChunkedArray, delimiter: str | None
) -> tuple[list[int], list[str]]:
    """Find the keys of a text column (a list with ``delimiter``) not in a set."""
    present = column.notna().to_numpy()
    if not present.any():
        return [], []
    strings = arrow_strings(column.astype("str"))
    if delimiter is not None:
        split = pc.split_pattern(pc.fill_null(strings, ""), delimiter)
        items = pc.list_flatten(split)
        parents = pc.list_parent_indices(split).to_numpy()
        unknown = ~to_mask(pc.is_in(items, value_set=value_set))
        unknown &= to_mask(pc.not_equal(items, ""))
        unknown &= present[parents]
        bad_rows = parents[unknown].tolist()
        bad_values = items.filter(pa.chunked_array([unknown])).to_pylist()
    else:
        unknown = present & ~to_mask(pc.is_in(strings, value_set=value_set))
        bad_rows = np.flatnonzero(unknown).tolist()
        bad_values = column.iloc[bad_rows].astype("str").tolist()
    return bad_rows, bad_values


def _fk_hint(value: str, known: pd.Series, target_label: str, ref_field: str) -> str:
    stripped = value.strip()
    if stripped != value and bool((known == stripped).any()):
        return f"remove the spaces: {stripped!r} exists"
    same_case = known[known.str.casefold() == value.casefold()]
    if len(same_case):
        return f"did you mean {same_case.iloc[0]!r}? Keys are case-sensitive"
    return f"add a row for it to {target_label}, or correct the {ref_field}"


def _composite_fk_issues(
    table: TypedTable, fk: ForeignKey, target: TypedTable, target_label: str
) -> list[Issue]:
    ours = table.frame[list(fk.fields)]
    theirs = target.frame[list(fk.ref_fields)].dropna()
    known = set(map(tuple, theirs.astype(str).to_numpy().tolist()))
    complete = ours.notna().all(axis=1).to_numpy()
    issues = []
    for row in np.flatnonzero(complete):
        key = tuple(ours.iloc[row].astype(str).tolist())
        if key not in known:
            issues.append(
                Issue(
                    file=table.raw.label,
                    line=table.raw.line_of_row(int(row)),
                    column=table.positions[fk.fields[0]],
                    code="foreign-key",
                    row=int(row) + 1,
                    field=",".join(fk.fields),
                    value=make_visible(", ".join(key)),
                    message=f"({', '.join(key)}) is not a key of {target_label}",
                    hint=f"add it to {target_label}, or correct the row",
                )
            )
    return issues


def cross_checks(claims: TypedTable, places: TypedTable | None) -> list[Issue]:
    """Check claims against the gazetteer: coordinates that look swapped.

    A claim's own point that lies far from every place it names, but close to
    one of them once latitude and longitude are swapped, is reported.

    Parameters
    ----------
    claims : TypedTable
        The claims table.
    places : TypedTable or None
        The reference places.

    Returns
    -------
    list of Issue
        One ``coordinates-swapped`` issue per suspicious claim.
    """
    frame = claims.frame
    needed = {"latitude", "longitude", "place_ids"}
    if places is None or not needed <= set(frame.columns):
        return []
    located = (
        frame["latitude"].notna()
        & frame["longitude"].notna()
        & frame["place_ids"].notna()
    )
    if not located.any():
        return []
    # One (row, place_id) pair per place a located claim names, split in Arrow.
    points = frame.loc[located, ["latitude", "longitude"]]
    named = decoded_text(frame["place_ids"])[located].astype("str")
    split = pc.split_pattern(arrow_strings(named), ";")
    parent = np.asarray(pc.list_parent_indices(split))
    pairs = pd.DataFrame(
        {
            "row": points.index.to_numpy()[parent],
            "latitude": points["latitude"].to_numpy()[parent],
            "longitude": points["longitude"].to_numpy()[parent],
            "place_id": pd.Series(
                # pandas-stubs lack StringDtype.__from_arrow__ (pandas has it)
                _STRING.__from_arrow__(  # type: ignore[attr-defined]
                    pc.list_flatten(split)
                )
            ),
        }
    )
    gazetteer = places.frame[["place_id", "latitude", "longitude"]].dropna()
    pairs = pairs.merge(
        gazetteer, on="place_id", how="inner", suffixes=("", "_place"), validate="m:1"
    )
    if pairs.empty:
        return []
    lat, lon = pairs["latitude"].to_numpy(float), pairs["longitude"].to_numpy(float)
    plat = pairs["latitude_place"].to_numpy(float)
    plon = pairs["longitude_place"].to_numpy(float)
    pairs["direct"] = _km(lat, lon, plat, plon)
    pairs["swapped"] = _km(lon, lat, plat, plon)
    nearest = pairs.groupby("row")[["direct", "swapped"]].min()
    suspicious = nearest[(nearest["direct"] > 100) & (nearest["swapped"] < 25)]
    issues = []
    for row, direct, swapped in suspicious.itertuples(name=None):
        # coordinates (pandas-stubs type a cell as any scalar or None)
        lat_value = float(cast(float, frame.at[row, "latitude"]))
        lon_value = float(cast(float, frame.at[row, "longitude"]))
        issues.append(
            Issue(
                file=claims.raw.label,
                line=claims.raw.line_of_row(int(row)),
                column=claims.positions["latitude"],
                code="coordinates-swapped",
                row=int(row) + 1,
                field="latitude",
                value=f"{lat_value}, {lon_value}",
                message=f"the point ({lat_value}, {lon_value}) is {direct:.0f} km "
                f"from the place it names, but {swapped:.0f} km once latitude and "
                "longitude are swapped",
                hint="swap latitude and longitude",
            )
        )
    return issues


def _km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distances in kilometres (haversine), element-wise."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = phi2 - phi1, np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
