"""Every notebook in notebooks/ runs without error and follows the notebook rules.

The rules (STYLE.md, "Notebooks stay thin"): the first cell is the typed,
commented ``parameters`` cell; the second cell has imports only; no ``def`` or
``class``; outputs are stripped before commit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import papermill
import pytest

from osintkit import paths
from osintkit.params import read_parameter_names, validate_parameters

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
FIXTURE = paths.REPO_ROOT / "tests" / "fixtures" / "mini"
DATASET = FIXTURE if (FIXTURE / "datapackage.json").is_file() else paths.SAMPLE_DATASET

# Parameter sets every notebook must survive; each notebook gets the ones it takes.
RUNS = {
    "sample-week": {"start": "2024-03-11", "end": "2024-03-17"},
    "empty-period-one-region": {
        "start": "2030-01-01",
        "end": "2030-01-07",
        "region": "RU-BEL",
    },
}


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def notebook_id(path: Path) -> str:
    return path.stem


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {paths.NOTEBOOKS_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_name_is_numbered_verb_object(path):
    assert path.stem[:2].isdigit() and path.stem[2] == "_", path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_outputs_are_stripped(path):
    for cell in code_cells(path):
        assert not cell.get("outputs"), f"{path.name}: cell {cell.id} has outputs"
        assert cell.get("execution_count") is None, f"{path.name}: cell {cell.id}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_first_cell_is_commented_parameters_cell(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert "parameters" in first.metadata.get("tags", []), path.name
    assert read_parameter_names(path), f"{path.name}: no parameters assigned"
    for line in first.source.splitlines():
        if line.strip():
            assert "# " in line, f"{path.name}: parameter without help: {line!r}"
            assert ":" in line.split("=")[0], f"{path.name}: untyped: {line!r}"
    # defaults are never relative paths (papermill and nbval differ in cwd)
    for node in ast.walk(ast.parse(first.source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not node.value.startswith("."), f"{path.name}: {node.value!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_second_cell_has_imports_only(path):
    second = code_cells(path)[1]
    tree = ast.parse(second.source)
    assert tree.body
    assert all(isinstance(node, ast.Import | ast.ImportFrom) for node in tree.body)
    assert "import osintkit as ok" in second.source
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "osintkit":
            # `from osintkit import io` would shadow the standard library
            assert "io" not in {alias.name for alias in node.names}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_defines_no_function_or_class(path):
    for cell in code_cells(path):
        tree = ast.parse(cell.source)
        defined = [
            node
            for node in ast.walk(tree)
            if isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            )
        ]
        assert not defined, f"{path.name}: cell {cell.id} defines code; move it to src/"


@pytest.mark.parametrize("run", RUNS, ids=str)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_runs_without_error(path, run, tmp_path):
    accepted = read_parameter_names(path)
    given = {"data_dir": str(DATASET), **RUNS[run]}
    parameters = validate_parameters(
        path, {name: value for name, value in given.items() if name in accepted}
    )
    output = tmp_path / path.name
    # raises PapermillExecutionError (naming the cell) on any cell error
    papermill.execute_notebook(
        str(path),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    executed = nbformat.read(output, as_version=4)
    errors = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
