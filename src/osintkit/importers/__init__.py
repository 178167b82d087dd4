"""Importers: bring external exports into the kit's model with their provenance.

Each format has its own module with a function ``read(path, context, mapping)``
that adds rows to an :class:`~osintkit.importers.base.ImportContext`.
:func:`import_file` runs one and writes the dataset folder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from osintkit.errors import ImportFailedError
from osintkit.importers.base import ImportContext, ImportReport

__all__ = ["FORMATS", "ImportReport", "import_file"]

#: Import format -> module (under osintkit.importers) that reads it.
FORMATS: dict[str, str] = {
    "acled": "acled",
    "ucdp-ged": "ucdp",
    "timemap": "timemap",
    "cir-monitor": "cir",
    "sheet": "sheet",
}


def import_file(
    format: str,
    input: str | Path,
    out_dir: str | Path,
    *,
    mapping: str | Path | None = None,
    reference_dir: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file and write a dataset folder that validates.

    Parameters
    ----------
    format : str
        One of :data:`FORMATS`.
    input : str or pathlib.Path
        The export to import.
    out_dir : str or pathlib.Path
        The dataset folder to write (with ``rejects.csv``).
    mapping : str or pathlib.Path, optional
        A TOML mapping file (required by ``sheet``, optional elsewhere).
    reference_dir : str or pathlib.Path, optional
        The reference tables; the kit's own by default.
    progress : callable, optional
        Called with the number of rows read so far.

    Returns
    -------
    ImportReport
        Rows read, kept and rejected, and the validation of the written folder.
    """
    if format not in FORMATS:
        raise ImportFailedError(
            f"unknown import format {format!r}; use one of {', '.join(FORMATS)}"
        )
    source = Path(input)
    if not source.is_file():
        raise ImportFailedError(f"{source} does not exist or is not a file")
    module = importlib.import_module(f"osintkit.importers.{FORMATS[format]}")
    context = ImportContext(format=format, input=source, progress=progress)
    if reference_dir is not None:
        context.reference_dir = Path(reference_dir)
    module.read(source, context, Path(mapping) if mapping else None)
    return context.write(out_dir)
