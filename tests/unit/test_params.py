"""Notebook parameters are checked before papermill sees them (RELIABILITY rule 6)."""

from __future__ import annotations

import json
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import nbformat
import numpy as np
import papermill
import pytest

from osintkit.errors import OsintkitError
from osintkit.params import (
    ParameterError,
    check_parameter_value,
    read_parameter_names,
    validate_parameters,
)

PARAMETERS_SOURCE = """\
data_dir: str | None = None  # dataset folder
start: str | None = None  # first day
region = None  # ISO 3166-2 code
limit: int = 10  # most rows shown
"""


def make_notebook(
    tmp_path: Path,
    parameters_source: str | None = PARAMETERS_SOURCE,
    body: str = "pass",
    name: str = "nb.ipynb",
) -> Path:
    """Write a notebook with a tagged parameters cell (or none) and one body cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    if parameters_source is not None:
        cell = nbformat.v4.new_code_cell(parameters_source)
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell(body))
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_read_parameter_names_lists_assigned_names_in_order(tmp_path):
    path = make_notebook(tmp_path)
    assert read_parameter_names(path) == ("data_dir", "start", "region", "limit")


def test_read_parameter_names_ignores_nested_and_attribute_assignments(tmp_path):
    source = (
        "a = 1  # a parameter\n"
        "if a:\n    b = 2  # nested: not a parameter\n"
        "import os\nos.sep2 = '/'  # attribute: not a parameter\n"
        "c, d = 1, 2  # tuple target: not a parameter\n"
    )
    path = make_notebook(tmp_path, source)
    assert read_parameter_names(path) == ("a",)


def test_read_parameter_names_without_parameters_cell_is_an_error(tmp_path):
    path = make_notebook(tmp_path, parameters_source=None)
    with pytest.raises(ParameterError, match=r"nb\.ipynb: no code cell is tagged"):
        read_parameter_names(path)


def test_validate_parameters_without_parameters_cell_is_an_error(tmp_path):
    path = make_notebook(tmp_path, parameters_source=None)
    with pytest.raises(ParameterError, match="tagged 'parameters'"):
        validate_parameters(path, {})


def test_read_parameter_names_with_two_parameters_cells_is_an_error(tmp_path):
    path = make_notebook(tmp_path)
    nb = nbformat.read(path, as_version=4)
    extra = nbformat.v4.new_code_cell("x = 1")
    extra.metadata["tags"] = ["parameters"]
    nb.cells.append(extra)
    nbformat.write(nb, path)
    with pytest.raises(ParameterError, match="2 cells are tagged"):
        read_parameter_names(path)


def test_read_parameter_names_with_invalid_python_is_an_error(tmp_path):
    path = make_notebook(tmp_path, "x = = 1\n")
    with pytest.raises(ParameterError, match="not valid Python"):
        read_parameter_names(path)


def test_read_parameter_names_of_missing_notebook_is_an_error(tmp_path):
    with pytest.raises(ParameterError, match="notebook not found"):
        read_parameter_names(tmp_path / "missing.ipynb")


def test_parameter_error_is_an_osintkit_error():
    # the command line catches OsintkitError and prints the message
    assert issubclass(ParameterError, OsintkitError)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("x = 1\nimport os  #", id="code-injection-in-name"),
        pytest.param("region; import os", id="statement-in-name"),
        pytest.param("", id="empty-name"),
        pytest.param("1abc", id="starts-with-digit"),
        pytest.param("class", id="keyword"),
        pytest.param("data dir", id="space-in-name"),
        pytest.param(42, id="not-a-string"),
    ],
)
def test_validate_parameters_rejects_names_that_are_not_identifiers(tmp_path, name):
    path = make_notebook(tmp_path)
    with pytest.raises(ParameterError, match="not a valid parameter name"):
        validate_parameters(path, {name: "x"})


def test_validate_parameters_rejects_names_not_in_allow_list(tmp_path):
    path = make_notebook(tmp_path)
    with pytest.raises(
        ParameterError, match=r"unknown parameter 'os'.*accepts: data_dir"
    ):
        validate_parameters(path, {"os": "x"})


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"a": 1}, id="dict"),
        pytest.param(["RU-BEL"], id="list"),
        pytest.param(("RU-BEL",), id="tuple"),
        pytest.param({"RU-BEL"}, id="set"),
        pytest.param(object(), id="object"),
        pytest.param(b"RU-BEL", id="bytes"),
        pytest.param(date(2024, 3, 11), id="date"),
        pytest.param(Decimal("1.5"), id="decimal"),
        pytest.param(Path("/tmp"), id="path"),
        pytest.param(math.nan, id="nan"),
        pytest.param(math.inf, id="inf"),
        pytest.param(-math.inf, id="minus-inf"),
        pytest.param(np.float64("nan"), id="numpy-nan"),
        pytest.param("Bel\ud800gorod", id="lone-surrogate"),
    ],
)
def test_validate_parameters_rejects_values_that_are_not_json_scalars(tmp_path, value):
    path = make_notebook(tmp_path)
    with pytest.raises(ParameterError, match="parameter 'region'"):
        validate_parameters(path, {"region": value})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("010", "010", id="leading-zero-string-stays-string"),
        pytest.param("007", "007", id="bond"),
        pytest.param("", "", id="empty-string"),
        pytest.param("true", "true", id="string-true-stays-string"),
        pytest.param("null", "null", id="string-null-stays-string"),
        pytest.param(10, 10, id="int"),
        pytest.param(-1.5, -1.5, id="float"),
        pytest.param(True, True, id="bool"),
        pytest.param(None, None, id="none"),
        pytest.param(np.float64(2.5), 2.5, id="numpy-float-becomes-float"),
    ],
)
def test_check_parameter_value_keeps_scalars(value, expected):
    checked = check_parameter_value("region", value)
    assert checked == expected
    assert type(checked) is type(expected)


def test_validate_parameters_returns_plain_copy_in_order(tmp_path):
    path = make_notebook(tmp_path)
    given = {"region": "010", "start": "2024-03-11", "limit": 5}
    clean = validate_parameters(path, given)
    assert clean == given
    assert list(clean) == ["region", "start", "limit"]
    assert clean is not given


HOSTILE_STRINGS = {
    "data_dir": "</script><script>alert(1)</script>",
    "start": 'a "double" and \'single\' quote, \\ backslash \\" and \\n literal',
    "region": "x = 1\nimport os  #\r\n\t\u202eRTL\u200b ZW \x00 NUL",
}


def test_hostile_strings_arrive_exactly_in_the_executed_notebook(tmp_path):
    # the values are allowed (plain strings) and must arrive unchanged
    body = (
        "import json\n"
        "print(json.dumps({'data_dir': data_dir, 'start': start, "
        "'region': region, 'limit': limit}))"
    )
    path = make_notebook(tmp_path, body=body)
    parameters = validate_parameters(path, {**HOSTILE_STRINGS, "limit": "010"})
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(path),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
    )
    executed = nbformat.read(out, as_version=4)
    stdout = executed.cells[-1].outputs[0]["text"]
    assert json.loads(stdout) == {**HOSTILE_STRINGS, "limit": "010"}
