"""Exceptions raised by osintkit.

Every exception says what went wrong and how to fix it. Command-line wrappers
catch :class:`OsintkitError` and print its message instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from osintkit.issues import ValidationReport

__all__ = [
    "BriefError",
    "DatasetInvalidError",
    "DescriptorError",
    "FileChangedError",
    "ImportFailedError",
    "MissingColumnsError",
    "NotebookExecutionError",
    "OsintkitError",
    "ParameterError",
    "SaveError",
]


class OsintkitError(Exception):
    """Base class of every error osintkit raises on purpose."""


class DescriptorError(OsintkitError):
    """A ``datapackage.json`` cannot be read or does not describe its tables."""


class DatasetInvalidError(OsintkitError):
    """A dataset failed validation.

    Parameters
    ----------
    report : ValidationReport
        Every problem found, with file, line, column, code and hint.
    """

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        errors = report.errors
        shown = "\n".join(issue.format() for issue in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(
            f"{len(errors)} problem(s) in the dataset:\n{shown}{more}\n"
            "Fix them, or load with strict=False to inspect the tables anyway."
        )


class SaveError(OsintkitError):
    """A table could not be written; the file on disk is unchanged."""


class FileChangedError(SaveError):
    """The file on disk changed since it was loaded, so it was not overwritten."""


class ParameterError(OsintkitError, ValueError):
    """A notebook parameter, or a notebook's parameters cell, is not acceptable.

    The message names the notebook and the parameter and says how to fix it.
    """


class BriefError(OsintkitError):
    """The brief could not be built; no new ``index.html`` was published."""


class NotebookExecutionError(BriefError):
    """A cell of a brief notebook raised an exception.

    Attributes
    ----------
    notebook : str
        File name of the notebook.
    cell_number : int or None
        Position (1-based) of the failing cell in the notebook as written,
        as JupyterLab counts cells; ``None`` when no cell is to blame (the
        kernel died or timed out).
    cell_id : str or None
        The failing cell's id in the notebook as written.
    executed_path : pathlib.Path
        The partly executed notebook, kept for inspection.
    """

    def __init__(
        self,
        message: str,
        *,
        notebook: str,
        executed_path: Path,
        cell_number: int | None = None,
        cell_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.notebook = notebook
        self.cell_number = cell_number
        self.cell_id = cell_id
        self.executed_path = executed_path


class ImportFailedError(OsintkitError):
    """An input cannot be imported at all (unknown format, unreadable, bad mapping).

    Rows that cannot be taken are not errors: they go to ``rejects.csv``.
    """


class MissingColumnsError(OsintkitError, ValueError):
    """A table passed to an engine lacks columns it needs.

    The message names the columns and the table to pass instead.
    """
