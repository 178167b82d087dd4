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


# -- osintkit export --------------------------------------------------------------

MINI_ROOT = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    shutil.copytree(MINI_ROOT, tmp_path / "mini")
    return tmp_path / "mini" / "kursk-belgorod-mini"


def test_export_xlsx_prints_rows_and_file(mini, tmp_path):
    import openpyxl

    out = tmp_path / "claims.xlsx"
    result = run("export", str(mini), "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote 10 claim(s) to {out} (xlsx)" in result.stdout
    assert "selection: All claims." in result.stdout
    sheet = openpyxl.load_workbook(out)["claims"]
    assert sheet.max_row == 11


def test_export_repeated_options_are_alternatives(mini, tmp_path):
    out = tmp_path / "bel.csv"
    result = run(
        "export",
        str(mini),
        "--format",
        "csv",
        "--region",
        "ru-bel",
        "--claim-type",
        "equipment_losses",
        "--claim-type",
        "enemy_casualties",
        "--start",
        "2024-03-12",
        "--end",
        "2024-03-12",
        "--min-reliability",
        "D",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    ids = [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["claim_id", "C007", "C008a", "C008b"]
    assert "Claims dated on 2024-03-12" in result.stdout


def test_export_geojson_reports_unlocated_claims(mini, tmp_path):
    out = tmp_path / "claims.geojson"
    result = run("export", str(mini), "--format", "geojson", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "4 at their place's point; 6 without a point" in result.stdout
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 10


def test_export_bad_values_name_the_value_and_the_choices(mini, tmp_path):
    out = tmp_path / "x.csv"
    result = run(
        "export",
        str(mini),
        "--format",
        "csv",
        "--side",
        "russian",
        "--actor",
        "legion",
        "--out",
        str(out),
    )
    assert result.exit_code == 2
    assert "unknown side 'russian'; use one of: civilian," in result.stderr
    assert "unknown actor 'legion'" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(["--min-reliability", "F"], "is not a threshold", id="grade-F"),
        pytest.param(["--start", "12.03.2024"], "is not a date", id="bad-date"),
        pytest.param(["--region", "Belgorod"], "ISO 3166-2", id="bad-region"),
    ],
)
def test_export_malformed_filters_exit_two(mini, tmp_path, options, message):
    result = run(
        "export",
        str(mini),
        "--format",
        "csv",
        "--out",
        str(tmp_path / "x.csv"),
        *options,
    )
    assert result.exit_code == 2
    assert message in result.stderr


def test_export_refuses_to_write_into_the_dataset(mini):
    before = {p.name: p.read_bytes() for p in mini.iterdir()}
    result = run(
        "export", str(mini), "--format", "csv", "--out", str(mini / "claims.csv")
    )
    assert result.exit_code == 2
    assert "inside the dataset folder" in result.stderr
    assert {p.name: p.read_bytes() for p in mini.iterdir()} == before


def test_export_needs_format_and_out(mini):
    assert run("export", str(mini), "--out", "x.csv").exit_code == 2
    assert run("export", str(mini), "--format", "csv").exit_code == 2
    result = run("export", str(mini), "--format", "ods", "--out", "x.ods")
    assert result.exit_code == 2
    assert "csv-excel" in result.output


# --------------------------------------------------------------------------
# osintkit brief (the whole run: parameters, papermill, page, brief.json)
# --------------------------------------------------------------------------

MINI_DATASET = Path(__file__).parent / "fixtures" / "mini" / "kursk-belgorod-mini"


def test_brief_of_the_mini_fixture_prints_the_page_path(tmp_path):
    out = tmp_path / "brief"
    result = run(
        "brief",
        str(MINI_DATASET),
        "--start",
        "2024-03-11",
        "--end",
        "2024-03-17",
        "--region",
        "RU-BEL",
        "--out",
        str(out),
        "--no-progress",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(str(out / "index.html"))
    manifest = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert manifest["period"]["region"] == "RU-BEL"
    assert manifest["figures"]["findings"] >= 1
    assert (out / "notebooks" / "90_weekly_brief.ipynb").is_file()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--start", "11/03/2024"], "YYYY-MM-DD"),
        (["--region", "RU-MOW"], "region"),
        (["--actor", "nobody"], "nobody"),
        (["--start", "2024-03-17", "--end", "2024-03-11"], "after"),
    ],
)
def test_brief_refuses_bad_parameters_before_running(tmp_path, options, message):
    out = tmp_path / "brief"
    result = run("brief", str(MINI_DATASET), *options, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_command_line_skips_the_slow_iri_checker_and_still_validates_notebooks():
    code = (
        "import sys, osintkit.cli\n"
        "sys.argv = ['osintkit', '--help']\n"
        "try:\n"
        "    osintkit.cli.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "import nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "bad = nbformat.v4.new_notebook()\n"
        "bad.cells = [{'cell_type': 'code'}]\n"
        "try:\n"
        "    nbformat.validate(bad)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid caught')\n"
        "print(sys.modules['rfc3987_syntax'])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split()[-3:] == ["invalid", "caught", "None"]
