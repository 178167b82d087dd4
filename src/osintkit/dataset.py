"""Datasets: load a folder of described CSV tables, validate it, save it back.

A dataset is a folder with a ``datapackage.json`` and the CSV files it
describes. Foreign keys may point into another package (the shared
``data/reference`` tables). :func:`load_dataset` returns a :class:`Dataset`
whose tables are typed pandas DataFrames; :meth:`Dataset.save` writes back
only what was edited, atomically, refusing to overwrite files that changed on
disk since they were loaded.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from osintkit.csvtable import (
    RawTable,
    WrittenContent,
    read_csv_file,
    read_written_csv,
)
from osintkit.datapackage import (
    DESCRIPTOR_NAME,
    Dialect,
    Package,
    Resource,
    read_package,
)
from osintkit.errors import DatasetInvalidError, SaveError
from osintkit.fields import format_value
from osintkit.issues import Issue, ValidationReport
from osintkit.persist import atomic_write, folder_lock, verify_unchanged
from osintkit.validate import TypedTable, check_foreign_keys, check_table, cross_checks

__all__ = [
    "Dataset",
    "WrittenTable",
    "load_dataset",
    "validate_dataset",
    "validate_written",
]

logger = logging.getLogger(__name__)

_RAGGED = {"extra-cell", "missing-cell", "blank-row"}


class Dataset:
    """A loaded dataset: typed tables, their description and the validation report.

    Use :func:`load_dataset` to create one.

    Attributes
    ----------
    path : pathlib.Path
        The dataset folder.
    package : Package
        Its ``datapackage.json``.
    report : ValidationReport
        Every issue found while loading (including the referenced packages').
    reference : Dataset or None
        The package foreign keys point into (``data/reference``), if any.
    """

    def __init__(
        self,
        path: Path,
        package: Package,
        tables: dict[str, TypedTable],
        report: ValidationReport,
        references: dict[str, Dataset],
    ) -> None:
        self.path = path
        self.package = package
        self._tables = tables
        self.report = report
        self._references = references
        self._digests = {name: t.raw.sha256 for name, t in tables.items()}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(t.frame)}" for n, t in self._tables.items())
        return f"<Dataset {self.package.name} ({sizes})>"

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._table(name).frame

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._table(name).frame = frame

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def _table(self, name: str) -> TypedTable:
        try:
            return self._tables[name]
        except KeyError:
            known = ", ".join(self._tables)
            raise KeyError(
                f"no table {name!r} in {self.path} (tables: {known})"
            ) from None

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The typed tables by resource name (edit them, then :meth:`save`)."""
        return {name: table.frame for name, table in self._tables.items()}

    @property
    def reference(self) -> Dataset | None:
        """The first referenced package (the shared reference tables), if any."""
        return next(iter(self._references.values()), None)

    @property
    def is_valid(self) -> bool:
        """``True`` when loading found no error (warnings allowed)."""
        return self.report.is_valid

    def save(self, path: str | Path | None = None) -> list[Path]:
        """Write the dataset's tables, changing only what was edited.

        Tables that were not edited are written byte for byte as they were
        read. In an edited table, only the edited records change; every other
        record keeps its exact bytes, and each unchanged cell of an edited
        record keeps its original spelling and quoting.

        Parameters
        ----------
        path : str or pathlib.Path, optional
            Folder to save into; defaults to where the dataset was loaded from.
            ``datapackage.json`` is copied there too.

        Returns
        -------
        list of pathlib.Path
            The files written (saving in place writes only edited tables).

        Raises
        ------
        FileChangedError
            When saving in place and a file changed on disk since loading.
        SaveError
            When a file cannot be written; files already on disk stay intact.
        """
        target = Path(path) if path is not None else self.path
        in_place = target.resolve() == self.path.resolve()
        target.mkdir(parents=True, exist_ok=True)
        contents: list[tuple[Path, bytes, str | None]] = []
        for name, table in self._tables.items():
            data, edited = _render(table)
            if in_place and not edited:
                continue
            destination = target / table.resource.path
            expected = self._digests[name] if in_place else None
            contents.append((destination, data, expected))
        if not in_place:
            contents.append((target / DESCRIPTOR_NAME, self.package.raw, None))
        written = []
        with folder_lock(target):
            for destination, _, expected in contents:
                verify_unchanged(destination, expected)
            for destination, data, _ in contents:
                destination.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(destination, data)
                written.append(destination)
        if in_place:
            for table in self._tables.values():
                _refresh(table, target / table.resource.path)
                self._digests[table.resource.name] = table.raw.sha256
        logger.info("saved %d file(s) into %s", len(written), target)
        return written


def _refresh(table: TypedTable, path: Path) -> None:
    """Make what is on disk the new baseline of an edited table after saving."""
    if table.raw.sha256 and not _edited(table):
        return
    raw, _ = read_csv_file(
        path,
        encoding=table.resource.encoding,
        dialect=table.resource.dialect,
        label=table.raw.label,
    )
    if raw is None:  # pragma: no cover - we just wrote it
        raise SaveError(f"{path} could not be read back after saving")
    raw.release()
    table.raw = raw
    table.frame = table.frame.reset_index(drop=True)
    table.original = table.frame.copy(deep=False)


def _edited(table: TypedTable) -> bool:
    frame, original = table.frame, table.original
    if list(frame.columns) != list(original.columns) or not frame.index.equals(
        original.index
    ):
        return True
    return not all(_unchanged(frame[c], original[c]).all() for c in frame.columns)


def _render(table: TypedTable) -> tuple[bytes, bool]:
    """Return the table's bytes and whether anything was edited."""
    frame, original = table.frame, table.original
    if not _edited(table):
        return table.raw.raw, False
    if list(frame.columns) != list(original.columns):
        raise SaveError(
            f"{table.raw.label}: adding, removing or reordering columns is not "
            "supported by save(); edit the CSV header and datapackage.json instead"
        )
    if not table.raw.complete:
        raise SaveError(
            f"{table.raw.label} could not be parsed to its end, so it cannot be "
            "rewritten without losing data; fix its quoting first"
        )
    if frame.index.has_duplicates:
        raise SaveError(
            f"{table.raw.label}: the table's index has duplicate labels; keep the "
            "index from loading and give new rows new labels"
        )
    original_rows = set(original.index)
    present = frame.index.isin(list(original_rows))
    changed = np.zeros(len(frame), dtype=bool)
    if present.any():
        common = frame.index[present]
        for column in frame.columns:
            equal = _unchanged(frame.loc[common, column], original.loc[common, column])
            changed[np.flatnonzero(present)[~equal.to_numpy()]] = True
    rows: list[tuple[int | None, list[str] | None]] = []
    header = list(frame.columns)
    records = table.raw.records()
    for position, label in enumerate(frame.index):
        origin = int(label) if present[position] else None
        if origin is not None and not changed[position]:
            rows.append((origin, None))
            continue
        cells = []
        for index, column in enumerate(header):
            value = frame.iloc[position, index]
            if origin is not None and _equal(value, original.at[origin, column]):
                original_cells = records[origin + 1].cells
                cells.append(
                    original_cells[index] if index < len(original_cells) else ""
                )
            else:
                cells.append(format_value(value, table.field(column)))
        rows.append((origin, cells))
    return table.raw.render(rows), True


def _unchanged(current: pd.Series, original: pd.Series) -> pd.Series:
    try:
        equal = (current == original) | (current.isna() & original.isna())
        return equal.fillna(False).astype(bool)
    except (TypeError, ValueError):
        pairs = zip(current.tolist(), original.tolist(), strict=True)
        return pd.Series([_equal(a, b) for a, b in pairs], index=current.index)


def _equal(a: Any, b: Any) -> bool:  # cells: pd.isna takes no plain object
    a_missing = a is None or (not isinstance(a, str) and bool(pd.isna(a)))
    b_missing = b is None or (not isinstance(b, str) and bool(pd.isna(b)))
    if a_missing or b_missing:
        return a_missing and b_missing
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _label(base: str, relative: str) -> str:
    return os.path.normpath(str(Path(base) / relative))


@dataclass(frozen=True)
class WrittenTable:
    """A CSV file just written by :func:`~osintkit.csvtable.write_csv_bytes`.

    Attributes
    ----------
    header : sequence of str
        The column names written.
    columns : sequence of pyarrow arrays
        The text cells written, one array per column (a dictionary array
        stands for its entries).
    data : bytes, WrittenContent or concurrent.futures.Future of WrittenContent
        The bytes the writer returned and that were written to the file, or
        what :func:`~osintkit.csvtable.write_csv_file` found in the bytes it
        wrote, or the future of :func:`~osintkit.csvtable.start_csv_file`
        (still writing and syncing: it is waited for when the file is read,
        so that checking the tables before it overlaps the sync).
    """

    header: Sequence[str]
    columns: Sequence[pa.Array | pa.ChunkedArray]
    data: bytes | WrittenContent | Future[WrittenContent]

    @property
    def content(self) -> bytes | WrittenContent:
        """The bytes written or what was found in them (waits for the writer).

        Raises
        ------
        SaveError
            When the file could not be written.
        """
        return self.data.result() if isinstance(self.data, Future) else self.data

    @property
    def size(self) -> int:
        """The number of bytes written."""
        content = self.content
        return content.size if isinstance(content, WrittenContent) else len(content)


class _Loader:
    """Load a package and the packages its foreign keys point into, once each.

    ``written`` maps files (resolved paths) just written from cells held in
    memory to those cells: they are taken from there instead of being parsed
    again (see :func:`validate_written`).
    """

    def __init__(self, written: Mapping[Path, WrittenTable] | None = None) -> None:
        self.cache: dict[Path, tuple[Dataset | None, list[Issue]]] = {}
        self.written = dict(written or {})

    def read(
        self, path: Path, resource: Resource, label: str
    ) -> tuple[RawTable | None, list[Issue]]:
        """Read one table's file, or take its cells from memory if just written."""
        written = self.written.get(path.resolve())
        if (
            written is not None
            and resource.encoding.replace("_", "-").lower() in {"utf-8", "utf8"}
            and resource.dialect == Dialect()
            and _holds(path, written.size)
        ):
            found = read_written_csv(
                written.content, written.header, written.columns, label=label
            )
            if found is not None:
                return found
        return read_csv_file(
            path, encoding=resource.encoding, dialect=resource.dialect, label=label
        )

    def load(self, path: Path, label: str) -> tuple[Dataset | None, list[Issue]]:
        key = path.resolve()
        if key in self.cache:
            return self.cache[key]
        self.cache[key] = (None, [])  # guards against reference cycles
        result = self._load(path, label)
        self.cache[key] = result
        return result

    def _load(self, path: Path, label: str) -> tuple[Dataset | None, list[Issue]]:
        package, issues = read_package(path, label=_label(label, DESCRIPTOR_NAME))
        if package is None:
            return None, issues
        tables: dict[str, TypedTable] = {}
        for resource in package.resources:
            file_label = _label(label, resource.path)
            raw, read_issues = self.read(
                package.root / resource.path, resource, file_label
            )
            if raw is None:
                issues.extend(read_issues)
                continue
            table, table_issues = check_table(raw, resource)
            if any(issue.code == "dialect-mismatch" for issue in table_issues):
                # every row would be ragged: the one dialect issue says it all
                read_issues = [i for i in read_issues if i.code not in _RAGGED]
            issues.extend(read_issues)
            issues.extend(table_issues)
            tables[resource.name] = table
        references: dict[str, Dataset] = {}
        for relative in package.external_packages():
            ref_path = (package.root / relative).parent
            ref_label = _label(label, str(Path(relative).parent))
            dataset, ref_issues = self.load(ref_path, ref_label)
            issues.extend(ref_issues)
            if dataset is not None:
                references[relative] = dataset
        issues.extend(_foreign_key_issues(package, tables, references))
        if "claims" in tables:
            places = _find_table("places", tables, references)
            issues.extend(cross_checks(tables["claims"], places))
        for table in tables.values():
            table.raw.release()  # the typed frames hold the data now
        dataset = Dataset(path, package, tables, ValidationReport(issues), references)
        return dataset, issues


def _find_table(
    name: str, tables: dict[str, TypedTable], references: dict[str, Dataset]
) -> TypedTable | None:
    if name in tables:
        return tables[name]
    for reference in references.values():
        if name in reference:
            return reference._table(name)
    return None


def _foreign_key_issues(
    package: Package, tables: dict[str, TypedTable], references: dict[str, Dataset]
) -> list[Issue]:
    issues: list[Issue] = []
    for resource in package.resources:
        table = tables.get(resource.name)
        if table is None:
            continue
        for fk in resource.schema.foreign_keys:
            if fk.ref_package:
                reference = references.get(fk.ref_package)
                target = (
                    reference._table(fk.ref_resource)
                    if reference is not None and fk.ref_resource in reference
                    else None
                )
                target_label = f"{fk.ref_package} ({fk.ref_resource})"
                if reference is not None and fk.ref_resource in reference:
                    target_label = reference._table(fk.ref_resource).raw.label
            else:
                name = fk.ref_resource or resource.name
                target = tables.get(name)
                target_label = target.raw.label if target else name
            issues.extend(
                check_foreign_keys(table, fk, target, target_label=target_label)
            )
    return issues


def validate_dataset(path: str | Path) -> ValidationReport:
    """Validate a dataset folder and return every issue found.

    Parameters
    ----------
    path : str or pathlib.Path
        The dataset folder (with ``datapackage.json``), or the descriptor.

    Returns
    -------
    ValidationReport
        Every problem, each with file, line, column, code, message and hint,
        in a deterministic order; ``report.is_valid`` is ``True`` when there
        is no error.

    Examples
    --------
    >>> validate_dataset(SAMPLE).is_valid
    True
    """
    path = Path(path)
    if path.name == DESCRIPTOR_NAME:
        path = path.parent
    _, issues = _Loader().load(path, str(path))
    return ValidationReport(issues)


def validate_written(
    path: str | Path, written: Mapping[str, WrittenTable]
) -> ValidationReport:
    """Validate a dataset folder whose tables were just written from memory.

    The same checks and the same report as :func:`validate_dataset`, for a
    folder whose CSV files were written by
    :func:`~osintkit.csvtable.write_csv_bytes` from text cells still in
    memory (an importer's output): ``datapackage.json`` and the referenced
    packages are read from disk, and each written file is checked to hold
    exactly the bytes written (its size on disk) and read back from the
    cells that produced it rather than parsed again. The writer's output
    always parses back to those cells (regular quoting, one cell per column);
    what depends on the content (NUL bytes, mojibake-looking text, blank
    rows, invisible characters) is still checked on the written bytes, and a
    file that would need the exact reader is read from disk.

    Parameters
    ----------
    path : str or pathlib.Path
        The dataset folder.
    written : mapping of str to WrittenTable
        Each written CSV file, by its path relative to the folder (as the
        descriptor names it), with its header, cells and bytes.

    Returns
    -------
    ValidationReport
        As :func:`validate_dataset` would return it for the folder.
    """
    path = Path(path)
    files = {(path / name).resolve(): table for name, table in written.items()}
    _, issues = _Loader(files).load(path, str(path))
    return ValidationReport(issues)


def _holds(path: Path, size: int) -> bool:
    """Whether the file at ``path`` has the size written (it was just written)."""
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def load_dataset(path: str | Path, *, strict: bool = True) -> Dataset:
    """Load a dataset folder into typed DataFrames.

    Parameters
    ----------
    path : str or pathlib.Path
        The dataset folder (with ``datapackage.json``).
    strict : bool
        When ``True`` (the default) an invalid dataset raises
        :class:`~osintkit.errors.DatasetInvalidError`; when ``False`` it is
        returned anyway with its ``report`` (invalid cells are NA).

    Returns
    -------
    Dataset
        The tables, the referenced reference tables and the validation report.

    Raises
    ------
    DatasetInvalidError
        When ``strict`` and the dataset has errors, or when its descriptor
        cannot be read at all.

    Examples
    --------
    >>> ds = load_dataset(SAMPLE)
    >>> sorted(ds.tables)
    ['claims', 'incidents', 'sources']
    """
    path = Path(path)
    if path.name == DESCRIPTOR_NAME:
        path = path.parent
    dataset, issues = _Loader().load(path, str(path))
    report = ValidationReport(issues)
    if dataset is None or (strict and not report.is_valid):
        raise DatasetInvalidError(report)
    dataset.report = report
    logger.info("loaded %r with %d issue(s)", dataset, len(report))
    return dataset
