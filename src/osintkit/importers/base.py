"""What every importer shares: collecting rows, rejects, and writing a dataset.

An importer reads one external format and, through an :class:`ImportContext`,
adds sources, incidents and claims as text rows in the kit's model (the
columns of ``data/kursk-belgorod-2024-03/datapackage.json``, the one
description of the model) and rejects what it cannot take, with the input
line and the reason. :meth:`ImportContext.write` then writes a dataset folder
that ``osintkit validate`` accepts, plus ``rejects.csv``, and returns an
:class:`ImportReport` with the counts. Nothing is dropped silently: every
input row is either kept (as one or more claims) or rejected.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit import paths
from osintkit.csvtable import (
    WrittenContent,
    decode_text,
    one_array,
    start_csv_file,
    write_csv_bytes,
)
from osintkit.datapackage import DESCRIPTOR_NAME, read_package
from osintkit.dataset import WrittenTable, validate_written
from osintkit.errors import OsintkitError
from osintkit.issues import ValidationReport
from osintkit.persist import atomic_write

__all__ = ["ImportContext", "ImportReport", "Reject", "model_columns"]

logger = logging.getLogger(__name__)

REJECT_COLUMNS = ["line", "record_id", "field", "value", "reason", "record"]


@functools.cache
def _model_columns(resource: str) -> tuple[str, ...]:
    package, problems = read_package(paths.SAMPLE_DATASET)
    if package is None:  # pragma: no cover - the model ships with the kit
        raise OsintkitError(f"the model descriptor is unreadable: {problems}")
    return tuple(package.resource(resource).schema.field_names)


def model_columns(resource: str) -> list[str]:
    """Return the columns of one table of the kit's model, in order.

    Examples
    --------
    >>> model_columns("claims")[:3]
    ['claim_id', 'source_id', 'incident_id']
    """
    return list(_model_columns(resource))


@dataclass(frozen=True)
class Reject:
    """An input row the importer could not take, and why."""

    line: int
    reason: str
    record_id: str = ""
    field: str = ""
    value: str = ""
    record: str = ""


@dataclass
class ImportReport:
    """What an import read, kept and rejected."""

    format: str
    input: Path
    out_dir: Path
    rows_read: int
    rows_kept: int
    claims: int
    incidents: int
    sources: int
    rejected: int
    validation: ValidationReport
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph for the command line."""
        lines = [
            f"read {self.rows_read:,} rows from {self.input}",
            f"kept {self.rows_kept:,} rows as {self.claims:,} claims, "
            f"{self.incidents:,} incidents and {self.sources:,} sources",
            f"rejected {self.rejected:,} rows"
            + (f" (see {self.out_dir / 'rejects.csv'})" if self.rejected else ""),
            f"wrote {self.out_dir}: "
            + ("valid" if self.validation.is_valid else "INVALID")
            + f" ({len(self.validation.errors)} error(s), "
            f"{len(self.validation.warnings)} warning(s))",
        ]
        lines.extend(self.notes)
        return "\n".join(lines)


@dataclass
class ImportContext:
    """Collects an importer's output and writes it as a dataset folder.

    Parameters
    ----------
    format : str
        The import format (``acled``, ``ucdp-ged``, ...), stored in
        ``origin_format``.
    input : pathlib.Path
        The file being imported (for messages).
    reference_dir : pathlib.Path
        The reference tables (places, actors) the dataset's keys point into.
    progress : callable, optional
        Called with the number of input rows read so far.
    """

    format: str
    input: Path
    reference_dir: Path = field(default_factory=lambda: paths.REFERENCE_DIR)
    progress: Callable[[int], None] | None = None
    rows_read: int = 0
    rows_kept: int = 0
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    incidents: dict[str, dict[str, str]] = field(default_factory=dict)
    claims: dict[str, dict[str, str]] = field(default_factory=dict)
    frames: dict[str, list[pd.DataFrame | _Shared]] = field(
        default_factory=lambda: {"sources": [], "incidents": [], "claims": []}
    )
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conventions: dict[str, list[str]] = field(default_factory=dict)

    def read_row(self) -> None:
        """Count one input row (call once per row, kept or rejected)."""
        self.rows_read += 1
        if self.progress is not None and self.rows_read % 1000 == 0:
            self.progress(self.rows_read)

    def keep_row(self) -> None:
        """Count one input row as kept."""
        self.rows_kept += 1

    def add_source(self, row: dict[str, Any]) -> str:
        """Add a source (once per ``source_id``) and return its id."""
        source_id = str(row["source_id"])
        if source_id not in self.sources:
            self.sources[source_id] = _text_row(row, "sources")
        return source_id

    def add_incident(self, row: dict[str, Any]) -> str:
        """Add an incident and return its id; a repeated id is an importer bug."""
        incident_id = str(row["incident_id"])
        if incident_id in self.incidents:
            raise OsintkitError(f"incident {incident_id} was added twice")
        self.incidents[incident_id] = _text_row(row, "incidents")
        return incident_id

    def add_claim(self, row: dict[str, Any]) -> str:
        """Add a claim (``origin_format`` is filled in) and return its id."""
        claim_id = str(row["claim_id"])
        if claim_id in self.claims:
            raise OsintkitError(f"claim {claim_id} was added twice")
        row = {"origin_format": self.format, **row}
        self.claims[claim_id] = _text_row(row, "claims")
        return claim_id

    def add_frame(
        self,
        table: str,
        frame: pd.DataFrame,
        *,
        rows: np.ndarray | None = None,
        own: pd.DataFrame | None = None,
    ) -> None:
        """Add many rows at once (a vectorised importer's output).

        Columns missing from ``frame`` are written empty; cells are written
        as text (NA as empty). Ids must be unique across everything added.

        Parameters
        ----------
        table : str
            ``sources``, ``incidents`` or ``claims``.
        frame : pandas.DataFrame
            The rows, or (with ``rows``) the cells rows share.
        rows : numpy.ndarray of int, optional
            The rows added are ``frame``'s rows at these positions (a row may
            be used several times, or not at all): when many rows share most
            of their cells (the claims of one event), each shared cell is
            converted and quoted once, not once per row.
        own : pandas.DataFrame, optional
            With ``rows``: the columns each added row has of its own, aligned
            with ``rows`` (the claim's id and source).
        """
        if (rows is None) != (own is None):
            raise OsintkitError("add_frame takes rows and own together")
        unknown = set(frame.columns) - set(model_columns(table))
        if own is not None:
            unknown |= set(own.columns) - set(model_columns(table))
        if unknown:
            raise OsintkitError(f"{table} has no column(s) {sorted(unknown)}")
        origin = (own is not None and "origin_format" in own.columns) or (
            "origin_format" in frame.columns
        )
        if table == "claims" and not origin:
            frame = frame.assign(origin_format=self.format)
        if rows is None or own is None:
            self.frames[table].append(frame)
            return
        if len(own) != len(rows):
            raise OsintkitError("add_frame: own needs one row per position in rows")
        self.frames[table].append(_Shared(frame, np.asarray(rows, np.int64), own))

    def document(self, table: str, text: str) -> None:
        """Describe a convention that holds for every row of ``table``.

        What is the same for every row an importer writes (why a column is
        empty, what a figure counts, how a range was derived) is said once,
        in the written ``datapackage.json`` (appended to the table's
        description), rather than repeated in every row's notes.

        Parameters
        ----------
        table : str
            ``sources``, ``incidents`` or ``claims``.
        text : str
            One or more sentences.
        """
        if table not in self.frames:
            raise OsintkitError(f"no table {table!r} to document")
        self.conventions.setdefault(table, []).append(text)

    def reject(self, line: int, reason: str, **details: str) -> None:
        """Record an input row that cannot be imported, with the reason."""
        self.rejects.append(Reject(line=line, reason=reason, **details))

    def write(self, out_dir: str | Path, *, name: str | None = None) -> ImportReport:
        """Write the dataset folder and ``rejects.csv``, validate it, report.

        Parameters
        ----------
        out_dir : str or pathlib.Path
            The dataset folder to create (or overwrite).
        name : str, optional
            The package name; defaults to the folder's name.

        Returns
        -------
        ImportReport
            Counts and the validation report of the written folder.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        descriptor = self._descriptor(out, name or out.name)
        atomic_write(out / DESCRIPTOR_NAME, descriptor)
        # Each table is made block by block while a writer thread writes and
        # syncs the blocks before; the claims (the largest) are made while
        # another thread makes the other tables (Arrow's kernels release the
        # GIL, so that the two run on two cores).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tables") as pool:
            others = pool.submit(self._start_tables, out, ("incidents", "sources"))
            pending = self._start_tables(out, ("claims",))
            pending.update(others.result())
        counts = {
            name.removesuffix(".csv"): len(columns[0])
            for name, (_, columns, _) in pending.items()
        }
        rejects = sorted(self.rejects, key=lambda r: (r.line, r.reason))
        atomic_write(
            out / "rejects.csv",
            write_csv_bytes(
                REJECT_COLUMNS,
                [
                    pa.array([str(r.line) for r in rejects], _LARGE),
                    *(
                        pa.array([getattr(r, name) for r in rejects], _LARGE)
                        for name in REJECT_COLUMNS[1:]
                    ),
                ],
            ),
        )
        written = {
            name: WrittenTable(header, columns, future)
            for name, (header, columns, future) in pending.items()
        }
        futures = [future for _, _, future in pending.values()]
        del pending
        # The files just written are checked from the cells that made them
        # (datapackage.json and the reference tables are read from disk).
        # Each writer is waited for when its table is read: the claims, read
        # last, are still being synced while the other tables are checked.
        validation = validate_written(out, written)
        del written
        for future in futures:
            future.result()  # raises what writing raised, even if not read
        report = ImportReport(
            format=self.format,
            input=self.input,
            out_dir=out,
            rows_read=self.rows_read,
            rows_kept=self.rows_kept,
            claims=counts["claims"],
            incidents=counts["incidents"],
            sources=counts["sources"],
            rejected=len(self.rejects),
            validation=validation,
            notes=list(self.notes),
        )
        logger.info("%s", report.summary())
        return report

    def _start_tables(
        self, out: Path, tables: tuple[str, ...]
    ) -> dict[str, tuple[list[str], list[pa.Array], Future[WrittenContent]]]:
        """Make tables and start writing them (see :func:`start_csv_file`)."""
        pending = {}
        for table in tables:
            rows = getattr(self, table)
            header, columns = _combine(table, rows, self.frames[table])
            future = start_csv_file(out / f"{table}.csv", header, columns)
            pending[f"{table}.csv"] = (header, columns, future)
        return pending

    def _descriptor(self, out: Path, name: str) -> bytes:
        model = json.loads((paths.SAMPLE_DATASET / DESCRIPTOR_NAME).read_text("utf-8"))
        reference = os.path.relpath(self.reference_dir / DESCRIPTOR_NAME, out.resolve())
        model["name"] = name
        model["title"] = f"{name}: imported from {self.input.name} ({self.format})"
        model["description"] = (
            f"Imported by osintkit from {self.input.name} ({self.format} format). "
            "Rows the importer could not take are listed in rejects.csv with the "
            "input line and the reason."
            + (
                " What holds for every row of a table is said once, in that "
                "table's description."
                if self.conventions
                else ""
            )
        )
        model.pop("created", None)
        model.pop("contributors", None)
        model["licenses"] = []
        for resource in model["resources"]:
            conventions = self.conventions.get(resource["name"])
            if conventions:
                resource["description"] = " ".join(
                    [
                        resource.get("description", ""),
                        f"In this import ({self.format}):",
                        *conventions,
                    ]
                ).strip()
            for key in resource["schema"].get("foreignKeys", []):
                if "package" in key["reference"]:
                    key["reference"]["package"] = reference.replace(os.sep, "/")
        return (json.dumps(model, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text_row(row: dict[str, Any], table: str) -> dict[str, str]:
    columns = model_columns(table)
    unknown = set(row) - set(columns)
    if unknown:
        raise OsintkitError(f"{table} has no column(s) {sorted(unknown)}")
    return {column: _text(row.get(column)) for column in columns}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


@dataclass(frozen=True)
class _Shared:
    """Rows added as positions into a frame of shared cells (see add_frame)."""

    frame: pd.DataFrame
    rows: np.ndarray
    own: pd.DataFrame

    def __len__(self) -> int:
        return len(self.rows)

    def text(self, column: str) -> pa.Array:
        if column in self.own.columns:
            return _column_text(self.own[column])
        if column not in self.frame.columns:
            return _blank(len(self.rows))
        return pa.DictionaryArray.from_arrays(
            pa.array(self.rows, pa.int64()), _column_text(self.frame[column])
        )


def _combine(
    table: str, rows: dict[str, dict[str, str]], frames: list[pd.DataFrame | _Shared]
) -> tuple[list[str], list[pa.Array]]:
    """All rows of one table as text columns, in model column order, sorted by id.

    Column-wise: text columns are converted without a Python call per cell
    (an import can hold millions of claims); :func:`_text` is the rule, and
    the slow path for columns of mixed objects. Returns the header and one
    ``large_string`` array per column (no nulls: an empty cell is ``""``),
    or a dictionary array of them where rows were added sharing cells.
    """
    columns = model_columns(table)
    parts: list[list[pa.Array]] = []
    if rows:
        first = pd.DataFrame(list(rows.values()), columns=columns, dtype=object)
        parts.append([_column_text(first[c]) for c in columns])
    for frame in frames:
        if isinstance(frame, _Shared):
            parts.append([frame.text(c) for c in columns])
            continue
        parts.append(
            [
                _column_text(frame[c]) if c in frame.columns else _blank(len(frame))
                for c in columns
            ]
        )
    if not parts:
        return columns, [_blank(0) for _ in columns]
    if len(parts) > 1:
        arrays = [
            pa.concat_arrays([decode_text(part[i]) for part in parts])
            for i in range(len(columns))
        ]
    else:
        arrays = parts[0]
    arrays[0] = decode_text(arrays[0])
    # Arrow sorts text by UTF-8 bytes, which is code point order (as Python's).
    order = np.asarray(pc.sort_indices(arrays[0]))
    key = arrays[0].take(order)
    if len(key) > 1:
        same = pc.equal(key.slice(1), key.slice(0, len(key) - 1))
        if pc.any(same).as_py():
            repeated = sorted(set(key.slice(1).filter(same).to_pylist()))
            raise OsintkitError(f"{table}: ids added twice: {repeated[:5]}")
    if len(order) and not (order[1:] > order[:-1]).all():
        arrays = [key, *(array.take(order) for array in arrays[1:])]
    return columns, arrays


def _blank(n: int) -> pa.Array:
    return pc.fill_null(pa.nulls(n, _LARGE), "")


def _column_text(column: pd.Series) -> pa.Array:
    """One column as text cells, as :func:`_text` writes each cell."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype):
        return _arrow_text(column)
    if column.isna().all():
        return _blank(len(column))
    if not column.isna().any():
        if pd.api.types.is_bool_dtype(dtype):
            values = np.where(column.to_numpy(dtype=bool), "true", "false")
            return pa.array(values, _LARGE)
        if pd.api.types.is_integer_dtype(dtype):
            return pa.array(column.astype(str).to_numpy(dtype=object), _LARGE)
    if pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(
        column, skipna=True
    ) in {"string", "empty"}:
        return _arrow_text(column)
    return pa.array(column.astype(object).map(_text).to_numpy(dtype=object), _LARGE)


def _arrow_text(column: pd.Series) -> pa.Array:
    """Return a text column as one ``large_string`` array, NA as ``""``."""
    array = one_array(pa.array(column.array, type=_LARGE, from_pandas=True))
    return pc.fill_null(array, "") if array.null_count else array


_LARGE = pa.large_string()
