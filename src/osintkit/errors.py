"""Exceptions raised by osintkit.

Every exception says what went wrong and how to fix it. Command-line wrappers
catch :class:`OsintkitError` and print its message instead of a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from osintkit.issues import ValidationReport

__all__ = [
    "DatasetInvalidError",
    "DescriptorError",
    "FileChangedError",
    "OsintkitError",
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
