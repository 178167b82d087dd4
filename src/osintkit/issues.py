"""Validation issues: one precise, located, explained problem each.

An :class:`Issue` names the file, the physical line, the data row, the column
(position and name), the offending value with invisible characters made
visible, a stable code, a message and a hint that says how to fix it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

import pandas as pd

__all__ = ["Issue", "ValidationReport", "make_visible"]

#: The fields of an issue in reports (the order of ``--format json`` keys).
REPORT_COLUMNS = (
    "file",
    "line",
    "row",
    "column",
    "field",
    "value",
    "code",
    "severity",
    "message",
    "hint",
)

ERROR = "error"
WARNING = "warning"

_MAX_VALUE_CHARS = 120

# Characters that are shown by name even though they are "printable".
_ALWAYS_VISIBLE = {
    "\u00a0": "NBSP",
    "\u00ad": "SHY",
    "\ufeff": "BOM",
}


def make_visible(value: str | None, *, limit: int = _MAX_VALUE_CHARS) -> str | None:
    r"""Return ``value`` with invisible and control characters spelled out.

    Parameters
    ----------
    value : str or None
        Text as read from a file.
    limit : int
        Longest text returned; longer text is cut and marked with an ellipsis.

    Returns
    -------
    str or None
        The text with each invisible character replaced by ``<U+XXXX NAME>``.

    Examples
    --------
    >>> make_visible("Bel\u200bgorod")
    'Bel<U+200B>gorod'
    >>> make_visible("1\u00a0234")
    '1<NBSP>234'
    """
    if value is None:
        return None
    out: list[str] = []
    for char in value:
        if char in _ALWAYS_VISIBLE:
            out.append(f"<{_ALWAYS_VISIBLE[char]}>")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}:
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    text = "".join(out)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in a dataset, located to the character.

    Attributes
    ----------
    file : str
        Path of the file, as given to the validator.
    line : int
        Physical line (1-based) where the problem starts.
    column : int
        Position (1-based) of the column in the CSV header; 1 for whole-file
        problems; for ``datapackage.json`` the character column.
    code : str
        Stable, documented code (see ``osintkit.issues.CODES``).
    row : int or None
        Data row (1-based, the header not counted), where one applies.
    field : str or None
        Column name, where one applies.
    value : str or None
        The offending value with invisible characters made visible.
    message : str
        What is wrong.
    hint : str
        How to fix it.
    severity : str
        ``"error"`` (the dataset is invalid) or ``"warning"``.
    """

    file: str
    line: int
    column: int
    code: str
    row: int | None = None
    field: str | None = None
    value: str | None = None
    message: str = ""
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        """Return ``FILE:LINE:COLUMN: CODE message (hint)``."""
        prefix = "" if self.severity == ERROR else "warning: "
        return (
            f"{self.file}:{self.line}:{self.column}: {self.code} "
            f"{prefix}{self.message} ({self.hint})"
        )

    def to_dict(self) -> dict[str, object]:
        """Return the issue as a JSON-ready mapping."""
        return asdict(self)


@dataclass
class ValidationReport:
    """Every issue found in one validation run, in a deterministic order."""

    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.issues = sorted(set(self.issues), key=_sort_key)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def errors(self) -> list[Issue]:
        """Issues that make the dataset invalid."""
        return [issue for issue in self.issues if issue.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """Issues worth a look that do not make the dataset invalid."""
        return [issue for issue in self.issues if issue.severity == WARNING]

    @property
    def is_valid(self) -> bool:
        """``True`` when there is no error (warnings allowed)."""
        return not self.errors

    def extend(self, issues: Iterable[Issue]) -> None:
        """Add issues, keeping the order deterministic."""
        self.issues = sorted(set(self.issues) | set(issues), key=_sort_key)

    def to_frame(self) -> pd.DataFrame:
        """Return the issues as a table, one row per issue."""
        records = [issue.to_dict() for issue in self.issues]
        return pd.DataFrame(records, columns=list(REPORT_COLUMNS))

    def to_json(self) -> str:
        """Return the issues as a JSON list of objects (the CLI's ``--format json``)."""
        records = [
            {key: issue.to_dict()[key] for key in REPORT_COLUMNS}
            for issue in self.issues
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)

    def format(self) -> str:
        """Return one ``FILE:LINE:COLUMN: CODE message (hint)`` line per issue."""
        return "\n".join(issue.format() for issue in self.issues)


def _sort_key(issue: Issue) -> tuple[object, ...]:
    return (
        issue.file,
        issue.line,
        issue.column,
        issue.code,
        issue.field or "",
        issue.value or "",
        issue.message,
    )
