"""The table reader on every real CSV in ../shared/data/real (skipped when absent).

With the right declared encoding and dialect each file loads with no issue and
writes back byte for byte; with a wrong declaration the undecodable bytes are
reported with line and column instead of crashing or producing mojibake.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from osintkit.csvtable import read_csv_file

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
UCDP = REAL / "ucdp_ged_ukraine_2014_2021" / "ucdp_ged_ukraine_2014_2021.csv"

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(),
    reason=f"real data not available: {REAL} is absent (it lives beside the "
    "project checkout in the development workplace and is not redistributed)",
)

# Declared encodings: every file is UTF-8 except UCDP's cp1252 export.
DECLARED = {UCDP.name: "cp1252"}


def real_csv_files() -> list[Path]:
    return sorted(REAL.rglob("*.csv")) if REAL.is_dir() else []


@pytest.mark.parametrize("path", real_csv_files(), ids=lambda p: p.name)
def test_real_file_loads_and_round_trips(path):
    table, issues = read_csv_file(path, encoding=DECLARED.get(path.name, "utf-8"))
    assert issues == []
    assert table.n_rows > 0
    assert (
        table.render([(row, None) for row in range(table.n_rows)]) == path.read_bytes()
    )


def test_real_file_count_is_what_provenance_says():
    assert len(real_csv_files()) == 8


def test_ucdp_cp1252_decodes_typographic_quotes():
    table, _ = read_csv_file(UCDP, encoding="cp1252")
    articles = table.cells[table.header.index("source_article")]
    assert articles.str.contains("\u2019").sum() == 180
    assert not articles.str.contains("\u00e2\u20ac").any()  # no UTF-8/cp1252 mojibake


def test_ucdp_declared_utf8_reports_undecodable_bytes():
    table, issues = read_csv_file(UCDP, encoding="utf-8")
    assert table is None
    assert len(issues) == 569
    assert {issue.code for issue in issues} == {"encoding-error"}
    first = issues[0]
    assert (first.line, first.column, first.row, first.value) == (6, 20, 5, "0x92")
    assert "cp1252" in first.hint


def test_ucdp_one_cell_edit_changes_one_record():
    table, _ = read_csv_file(UCDP, encoding="cp1252")
    rows: list[tuple[int, list[str] | None]] = [(r, None) for r in range(table.n_rows)]
    cells = table.cells.iloc[10].tolist()
    best = table.header.index("best")
    cells[best] = str(int(cells[best]) + 1)
    rows[10] = (10, cells)
    before = UCDP.read_bytes()
    after = table.render(rows)
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    assert len(old_lines) == len(new_lines)
    differing = [
        i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b
    ]
    assert len(differing) == 1
