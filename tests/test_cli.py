"""The command-line contract: exit codes, FILE:LINE:COLUMN lines, JSON, no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from osintkit.cli import main

DESCRIPTOR = {
    "name": "tiny",
    "resources": [
        {
            "name": "items",
            "path": "items.csv",
            "schema": {
                "primaryKey": ["item_id"],
                "fields": [
                    {
                        "name": "item_id",
                        "type": "string",
                        "constraints": {"required": True},
                    },
                    {"name": "day", "type": "date"},
                    {"name": "value", "type": "number"},
                ],
            },
        }
    ],
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps(DESCRIPTOR), encoding="utf-8")
    (folder / "items.csv").write_text(
        "item_id,day,value\na,2024-03-12,1\n", encoding="utf-8"
    )
    return folder


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_valid_exits_zero(tiny):
    result = run("validate", str(tiny))
    assert result.exit_code == 0
    assert result.stdout == ""


def test_validate_invalid_prints_every_problem_and_exits_one(tiny):
    (tiny / "items.csv").write_text(
        "item_id,day,value\na,09/10/2018,1\na,2024-03-12,12,5\n,2024-03-13,x\na,2024-03-14,2\n",
        encoding="utf-8",
    )
    result = run("validate", str(tiny))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    label = str(tiny / "items.csv")
    assert [line.split(" ")[0:2] for line in lines] == [
        [f"{label}:2:2:", "date-ambiguous"],
        [f"{label}:3:4:", "extra-cell"],  # a ragged row is reported once, not typed
        [f"{label}:4:1:", "constraint-required"],
        [f"{label}:4:3:", "type-error"],
        [f"{label}:5:1:", "primary-key"],
    ]
    assert all(line.endswith(")") for line in lines)


def test_validate_json_has_the_contract_keys(tiny):
    (tiny / "items.csv").write_text(
        "item_id,day,value\na,March 2024,1\n", encoding="utf-8"
    )
    result = run("validate", "--format", "json", str(tiny))
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert set(records[0]) >= {
        "file",
        "line",
        "row",
        "column",
        "field",
        "value",
        "code",
        "message",
        "hint",
    }
    assert (records[0]["line"], records[0]["row"], records[0]["column"]) == (2, 1, 2)
    assert (records[0]["field"], records[0]["code"]) == ("day", "date-month-only")


def test_validate_several_paths(tiny, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(tiny, other)
    (other / "items.csv").write_text("item_id,day,value\nb,x,1\n", encoding="utf-8")
    result = run("validate", str(tiny), str(other))
    assert result.exit_code == 1
    assert result.stdout.startswith(str(other / "items.csv"))


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        pytest.param(
            lambda d: (d / "datapackage.json").unlink(),
            "descriptor-missing",
            id="no-descriptor",
        ),
        pytest.param(
            lambda d: (d / "datapackage.json").write_text(
                '{"resources": [', encoding="utf-8"
            ),
            "descriptor-json",
            id="broken-json",
        ),
        pytest.param(
            lambda d: (d / "items.csv").unlink(), "file-unreadable", id="missing-table"
        ),
    ],
)
def test_validate_broken_dataset_is_an_issue_not_a_traceback(tiny, setup, code):
    setup(tiny)
    result = run("validate", str(tiny))
    assert result.exit_code == 1
    assert f" {code} " in result.stdout
    assert "Traceback" not in result.output


def test_console_script_runs(tiny):
    executable = Path(sys.executable).parent / "osintkit"
    completed = subprocess.run(
        [str(executable), "validate", str(tiny)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "valid: 0 error(s)" in completed.stderr
