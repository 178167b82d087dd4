"""Check notebook parameters before papermill sees them.

papermill writes each parameter into the notebook as a line of Python code
(``name = value``). A parameter name therefore travels as code, and a value
that papermill cannot translate faithfully may change on the way. This module
is the gate in front of papermill:

- the names a notebook accepts are the names assigned in its cell tagged
  ``parameters`` (the allow-list); any other name is refused;
- a value must be a JSON scalar: ``str``, ``int``, ``float`` (finite),
  ``bool`` or ``None``. Strings stay strings, so ``"010"`` arrives as ``"010"``.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> cell = nbformat.v4.new_code_cell("region: str | None = None  # ISO 3166-2")
>>> cell.metadata["tags"] = ["parameters"]
>>> nb.cells.append(cell)
>>> read_parameter_names(nb)
('region',)
>>> validate_parameters(nb, {"region": "010"})
{'region': '010'}
"""

from __future__ import annotations

import ast
import keyword
import logging
import math
from collections.abc import Mapping
from pathlib import Path

import nbformat

from osintkit.errors import ParameterError

__all__ = [
    "ParameterError",
    "ParameterValue",
    "check_parameter_value",
    "find_parameters_cell",
    "read_parameter_names",
    "validate_parameters",
]

logger = logging.getLogger(__name__)

#: The values a notebook parameter may take.
ParameterValue = str | int | float | bool | None
#: A notebook, or the path of an ``.ipynb`` file.
NotebookLike = nbformat.NotebookNode | str | Path

PARAMETERS_TAG = "parameters"


def _notebook_label(notebook: NotebookLike) -> str:
    if isinstance(notebook, str | Path):
        return Path(notebook).name
    path = notebook.get("metadata", {}).get("papermill", {}).get("input_path")
    return Path(path).name if path else "<notebook>"


def _read_notebook(notebook: NotebookLike) -> nbformat.NotebookNode:
    if isinstance(notebook, nbformat.NotebookNode):
        return notebook
    path = Path(notebook)
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise ParameterError(f"{path}: notebook not found") from None
    except (OSError, ValueError) as exc:  # nbformat raises ValueError subclasses
        raise ParameterError(f"{path}: cannot read the notebook ({exc})") from exc


def find_parameters_cell(
    notebook: NotebookLike,
) -> nbformat.NotebookNode:
    """Return the code cell tagged ``parameters``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode or str or pathlib.Path
        The notebook, or the path of an ``.ipynb`` file.

    Returns
    -------
    nbformat.NotebookNode
        The cell.

    Raises
    ------
    ParameterError
        When the notebook has no code cell tagged ``parameters``, or more than
        one.
    """
    label = _notebook_label(notebook)
    nb = _read_notebook(notebook)
    cells = [
        cell
        for cell in nb.cells
        if cell.get("cell_type") == "code"
        and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])
    ]
    if not cells:
        raise ParameterError(
            f"{label}: no code cell is tagged 'parameters'; tag the first code cell "
            "'parameters' and assign each parameter there (e.g. `start: str | None "
            "= None  # first day`)"
        )
    if len(cells) > 1:
        raise ParameterError(
            f"{label}: {len(cells)} cells are tagged 'parameters'; keep the tag on "
            "one cell only"
        )
    return cells[0]


def read_parameter_names(
    notebook: NotebookLike,
) -> tuple[str, ...]:
    """List the parameters a notebook accepts, in the order they are assigned.

    The names are the plain names assigned at the top level of the cell
    tagged ``parameters`` (``x = 1`` or ``x: int = 1``).

    Parameters
    ----------
    notebook : nbformat.NotebookNode or str or pathlib.Path
        The notebook, or the path of an ``.ipynb`` file.

    Returns
    -------
    tuple of str
        The parameter names (the allow-list).

    Raises
    ------
    ParameterError
        When there is no parameters cell, or it is not valid Python.
    """
    label = _notebook_label(notebook)
    cell = find_parameters_cell(notebook)
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise ParameterError(
            f"{label}: the parameters cell is not valid Python (line {exc.lineno}: "
            f"{exc.msg})"
        ) from None
    names: list[str] = []
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    return tuple(names)


def check_parameter_value(name: str, value: object) -> ParameterValue:
    """Return ``value`` as a plain JSON scalar, or refuse it.

    Parameters
    ----------
    name : str
        Parameter name, used in the error message.
    value : object
        Candidate value.

    Returns
    -------
    str, int, float, bool or None
        The value as a built-in type (a ``str`` subclass becomes ``str``,
        ``numpy.float64`` becomes ``float``).

    Raises
    ------
    ParameterError
        For containers, objects, bytes, NaN or infinity, and strings that
        cannot be written as UTF-8 (lone surrogates).

    Examples
    --------
    >>> check_parameter_value("region", "010")
    '010'
    >>> check_parameter_value("limit", 10)
    10
    >>> check_parameter_value("limit", [1, 2])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osintkit.errors.ParameterError: parameter 'limit': a list is not allowed; ...
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(
                f"parameter {name!r}: {value!r} is not allowed; pass a finite "
                "number or null"
            )
        return float(value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ParameterError(
                f"parameter {name!r}: the string contains a lone surrogate "
                f"({value!r}) and cannot be written to a notebook; fix its encoding"
            ) from None
        return str(value)
    raise ParameterError(
        f"parameter {name!r}: a {type(value).__name__} is not allowed; pass a "
        "string, a number, true/false or null"
    )


def _check_name(label: str, name: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ParameterError(
            f"{label}: {name!r} is not a valid parameter name; names are Python "
            f"identifiers assigned in the parameters cell: {', '.join(allowed)}"
        )
    if name not in allowed:
        raise ParameterError(
            f"{label}: unknown parameter {name!r}; this notebook accepts: "
            f"{', '.join(allowed) or '(none)'}"
        )
    return name


def validate_parameters(
    notebook: NotebookLike,
    parameters: Mapping[str, object],
) -> dict[str, ParameterValue]:
    """Check parameters against a notebook's allow-list and return a clean copy.

    Parameters
    ----------
    notebook : nbformat.NotebookNode or str or pathlib.Path
        The notebook the parameters are for.
    parameters : mapping of str to object
        Parameter names and values.

    Returns
    -------
    dict
        Names to plain JSON scalars, in the order given; safe to pass to
        ``papermill.execute_notebook(parameters=...)``.

    Raises
    ------
    ParameterError
        For a notebook without a parameters cell, a name that is not an
        identifier or not in the allow-list, or a value that is not a JSON
        scalar.
    """
    label = _notebook_label(notebook)
    allowed = read_parameter_names(notebook)
    clean: dict[str, ParameterValue] = {}
    for name, value in parameters.items():
        checked = _check_name(label, name, allowed)
        try:
            clean[checked] = check_parameter_value(checked, value)
        except ParameterError as exc:
            raise ParameterError(f"{label}: {exc}") from None
    logger.debug("%s: parameters %s accepted", label, sorted(clean))
    return clean
