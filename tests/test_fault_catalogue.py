"""RELIABILITY.md's fault catalogue, injected into a copy of the sample dataset.

Each case copies ``data/kursk-belgorod-2024-03`` and ``data/reference`` into a
temporary folder, breaks one thing, runs ``osintkit validate --format json`` and
compares the exact issues (file, line, column, code). Cases that are not faults
by design (a UTF-8 byte-order mark, a quoted multi-line post, ``NA`` as a
value) must stay valid, and say so.

claims.csv columns used below: 1 claim_id, 2 source_id, 4 reported_date,
5 event_date_start, 6 event_date_end, 11 latitude, 12 longitude,
20 value_low, 21 value_best, 24 credibility, 26 url, 29 collected_at,
30 summary, 33 notes, 34 url_withheld. Data row N sits on line N + 1 (the
sample has no multi-line cells).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import osintkit as ok
from osintkit import paths
from osintkit.cli import main

DATASET = "kursk-belgorod-2024-03"


@dataclass
class Case:
    """One fault: how to inject it and the issues it must produce."""

    inject: Callable[[Path], None]
    expected: list[tuple[str, int, int, str]]
    exit_code: int = 1
    note: str = ""
    also: Callable[[Path], None] | None = field(default=None)


def claims(folder: Path) -> Path:
    return folder / "claims.csv"


def edit_rows(
    path: Path, edit: Callable[[list[list[str]]], None], *, delimiter=","
) -> None:
    """Parse the CSV, let ``edit`` change the rows (header first), write it back."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    edit(rows)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def set_cell(row: int, column: int, value: str) -> Callable[[Path], None]:
    """Set data row ``row`` (1-based), column ``column`` (1-based) of claims.csv."""

    def inject(folder: Path) -> None:
        def edit(rows: list[list[str]]) -> None:
            rows[row][column - 1] = value

        edit_rows(claims(folder), edit)

    return inject


def set_cells(*changes: tuple[int, int, str]) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        for row, column, value in changes:
            set_cell(row, column, value)(folder)

    return inject


def replace_bytes(old: bytes, new: bytes, count: int = 1) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        data = claims(folder).read_bytes()
        assert old in data, old
        claims(folder).write_bytes(data.replace(old, new, count))

    return inject


def first_line_of_row(row: int) -> Callable[[bytes], tuple[bytes, bytes]]:
    """Split claims.csv bytes before and after the start of data row ``row``."""

    def split(data: bytes) -> tuple[bytes, bytes]:
        lines = data.split(b"\n")
        return b"\n".join(lines[:row]) + b"\n", b"\n".join(lines[row:])

    return split


def with_summary_bytes(row: int, payload: bytes) -> Callable[[Path], None]:
    """Put raw bytes (possibly undecodable) into the summary of data row ``row``."""

    def inject(folder: Path) -> None:
        marker = "@@SUMMARY@@"
        set_cell(row, 30, marker)(folder)
        data = claims(folder).read_bytes()
        claims(folder).write_bytes(data.replace(marker.encode(), payload))

    return inject


def transform_file(function: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        claims(folder).write_bytes(function(claims(folder).read_bytes()))

    return inject


def edit_header(function: Callable[[list[str]], None]) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        def edit(rows: list[list[str]]) -> None:
            function(rows[0])

        edit_rows(claims(folder), edit)

    return inject


def drop_column(name: str) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        def edit(rows: list[list[str]]) -> None:
            index = rows[0].index(name)
            for row in rows:
                del row[index]

        edit_rows(claims(folder), edit)

    return inject


def add_column(name: str, value: str) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        def edit(rows: list[list[str]]) -> None:
            rows[0].append(name)
            for row in rows[1:]:
                row.append(value)

        edit_rows(claims(folder), edit)

    return inject


def declare_timezone(zone: str) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        descriptor = folder / "datapackage.json"
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        for resource in package["resources"]:
            for spec in resource["schema"]["fields"]:
                if spec["name"] == "collected_at":
                    spec["timezone"] = zone
        descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")

    return inject


def both(*injections: Callable[[Path], None]) -> Callable[[Path], None]:
    def inject(folder: Path) -> None:
        for injection in injections:
            injection(folder)

    return inject


def mojibake(text: str) -> bytes:
    """UTF-8 text that was read as cp1251 and saved again as UTF-8."""
    return text.encode("utf-8").decode("cp1251").encode("utf-8")


C = "claims.csv"

CASES: dict[str, Case] = {
    # --- encoding -------------------------------------------------------------
    "utf8-bom": Case(
        transform_file(lambda data: codecs.BOM_UTF8 + data),
        [],
        exit_code=0,
        note="a UTF-8 BOM (Excel's habit) is read, kept on save, and not an error",
    ),
    "cp1251-bytes": Case(
        with_summary_bytes(3, "Белгород".encode("cp1251")),
        [(C, 4, 30, "encoding-error")],
    ),
    "cp1252-bytes": Case(
        with_summary_bytes(3, "café ’x’".encode("cp1252")),
        [(C, 4, 30, "encoding-error")] * 2,
    ),
    "utf8-read-as-cp1251": Case(
        with_summary_bytes(3, mojibake("Белгород")), [(C, 4, 30, "mojibake")]
    ),
    "utf16-excel-export": Case(
        transform_file(lambda data: data.decode("utf-8").encode("utf-16")),
        [(C, 1, 1, "encoding-mismatch")],
    ),
    "nul-byte": Case(with_summary_bytes(3, b"nul\x00here"), [(C, 4, 30, "nul-byte")]),
    "empty-file": Case(transform_file(lambda data: b""), [(C, 1, 1, "empty-file")]),
    "header-only": Case(
        transform_file(lambda data: data.split(b"\n")[0] + b"\n"),
        [(C, 1, 1, "no-rows")],
    ),
    "unclosed-quote-at-eof": Case(
        transform_file(lambda data: data + b'C999,"never closed\n'),
        [(C, 80, 2, "unclosed-quote")],
    ),
    # --- structure ------------------------------------------------------------
    "extra-field": Case(
        replace_bytes(b"\nC002,", b"\nC002,extra,"), [(C, 3, 40, "extra-cell")]
    ),
    "missing-trailing-field": Case(
        lambda folder: edit_rows(claims(folder), lambda rows: rows[2].pop()),
        [(C, 3, 39, "missing-cell")],
    ),
    "duplicate-header": Case(
        edit_header(lambda header: header.__setitem__(32, "summary")),
        [(C, 1, 33, "duplicate-label"), (C, 1, 40, "missing-label")],
    ),
    "header-trailing-space": Case(
        edit_header(lambda header: header.__setitem__(29, "summary ")),
        [(C, 1, 30, "label-whitespace")],
    ),
    "header-trailing-nbsp": Case(
        edit_header(lambda header: header.__setitem__(29, "summary\u00a0")),
        [(C, 1, 30, "label-whitespace")],
    ),
    "blank-line-mid-file": Case(
        replace_bytes(b"\nC002,", b"\n\nC002,"), [(C, 3, 1, "blank-row")]
    ),
    "quoted-multi-line-post": Case(
        set_cell(2, 30, "First line of a Telegram post,\nand its second line."),
        [],
        exit_code=0,
        note="a quoted cell may hold newlines",
    ),
    "multi-line-post-shifts-later-lines": Case(
        set_cells((2, 30, "line one\nline two"), (5, 24, "seven")),
        [(C, 7, 24, "type-error")],
        note="row 5 starts on line 7 because row 2 spans two lines",
    ),
    "semicolon-delimited-export": Case(
        lambda folder: edit_rows(claims(folder), lambda rows: None, delimiter=";"),
        [(C, 1, 1, "dialect-mismatch")],
    ),
    "unknown-extra-column": Case(
        add_column("analyst_initials", "AB"),
        [(C, 1, 40, "extra-label")],
        exit_code=0,
        note="unknown columns are kept and reported as a warning",
    ),
    "missing-required-column": Case(
        drop_column("claim_type"), [(C, 1, 39, "missing-label")]
    ),
    "duplicate-primary-key": Case(set_cell(2, 1, "C001"), [(C, 3, 1, "primary-key")]),
    "foreign-key-nowhere": Case(set_cell(2, 2, "nobody"), [(C, 3, 2, "foreign-key")]),
    "missing-source-url": Case(
        set_cell(2, 26, ""), [(C, 3, 26, "constraint-required")]
    ),
    "withheld-source-url": Case(
        set_cells((2, 26, ""), (2, 34, "true")),
        [],
        exit_code=0,
        note="an origin may withhold the link; it is flagged, never invented",
    ),
    # --- values ---------------------------------------------------------------
    "19-digit-id-and-a-blank": Case(
        set_cells((2, 1, "1793456789012345678"), (3, 1, "")),
        [(C, 4, 1, "constraint-required")],
    ),
    "code-007": Case(set_cell(2, 1, "007"), [], exit_code=0, note="ids stay text"),
    "na-none-null-are-values": Case(
        set_cells((2, 8, "NA"), (2, 30, "None"), (2, 33, "null")),
        [],
        exit_code=0,
        note="only the empty cell is missing",
    ),
    "nbsp-thousands": Case(set_cell(1, 21, "1\u00a0234"), [(C, 2, 21, "type-error")]),
    "decimal-comma": Case(set_cell(1, 21, "12,5"), [(C, 2, 21, "type-error")]),
    "range-in-a-number": Case(set_cell(1, 20, "10-15"), [(C, 2, 20, "type-error")]),
    "approximate-number": Case(set_cell(1, 20, "~20"), [(C, 2, 20, "type-error")]),
    "number-in-words": Case(set_cell(1, 20, "десятки"), [(C, 2, 20, "type-error")]),
    "latitude-out-of-range": Case(
        set_cells((1, 11, "135.2"), (1, 12, "51.27")),
        [(C, 2, 11, "constraint-maximum")],
    ),
    "latitude-longitude-swapped": Case(
        set_cells((1, 11, "34.3033"), (1, 12, "51.2725")),
        [(C, 2, 11, "coordinates-swapped")],
    ),
    "negative-chat-id-kept": Case(
        set_cell(1, 33, "-1001234567890"), [], exit_code=0, note="text stays text"
    ),
    # --- dates ----------------------------------------------------------------
    "ambiguous-slashed-date": Case(
        set_cell(1, 4, "09/10/2018"), [(C, 2, 4, "date-ambiguous")]
    ),
    "mixed-date-formats": Case(
        set_cells((1, 4, "12.03.2024"), (2, 4, "2024-03-12"), (3, 4, "12/03/24")),
        [(C, 2, 4, "date-ambiguous"), (C, 4, 4, "date-ambiguous")],
    ),
    "mixed-offsets-and-naive": Case(
        set_cells(
            (1, 29, "2024-03-12T10:00:00+02:00"),
            (2, 29, "2024-03-12T08:00:00Z"),
            (3, 29, "2024-03-12T10:00:00"),
        ),
        [(C, 4, 29, "datetime-naive")],
    ),
    "dst-gap-kyiv": Case(
        both(declare_timezone("Europe/Kyiv"), set_cell(1, 29, "2024-03-31T03:30:00")),
        [(C, 2, 29, "datetime-nonexistent")],
    ),
    "dst-overlap-kyiv": Case(
        both(declare_timezone("Europe/Kyiv"), set_cell(1, 29, "2024-10-27T03:30:00")),
        [(C, 2, 29, "datetime-ambiguous")],
    ),
    "excel-serial-date": Case(
        set_cell(1, 5, "45363"), [(C, 2, 5, "date-excel-serial")]
    ),
    "month-precision-text": Case(
        set_cell(1, 5, "March 2024"), [(C, 2, 5, "date-month-only")]
    ),
    "start-after-end": Case(
        set_cell(1, 6, "2024-03-11"), [(C, 2, 6, "date-range-inverted")]
    ),
}


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    shutil.copytree(paths.SAMPLE_DATASET, tmp_path / DATASET)
    shutil.copytree(paths.REFERENCE_DIR, tmp_path / "reference")
    return tmp_path / DATASET


def validate_json(folder: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(folder)])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def test_sample_is_valid(sample_copy):
    code, issues = validate_json(sample_copy)
    assert (code, issues) == (0, [])


@pytest.mark.parametrize("name", list(CASES))
def test_fault_gives_exact_issues(sample_copy, name):
    case = CASES[name]
    case.inject(sample_copy)
    code, issues = validate_json(sample_copy)
    found = [(Path(i["file"]).name, i["line"], i["column"], i["code"]) for i in issues]
    assert found == case.expected, case.note
    assert code == case.exit_code
    for issue in issues:
        assert issue["message"] and issue["hint"]


def test_faults_cover_the_catalogue_groups():
    assert len(CASES) >= 40


def test_nineteen_digit_id_stays_exact(sample_copy):
    set_cell(2, 1, "1793456789012345678")(sample_copy)
    ds = ok.load_dataset(sample_copy)
    assert ds["claims"].loc[1, "claim_id"] == "1793456789012345678"


def test_bom_survives_load_and_save(sample_copy, tmp_path):
    CASES["utf8-bom"].inject(sample_copy)
    before = claims(sample_copy).read_bytes()
    ds = ok.load_dataset(sample_copy)
    ds["claims"].loc[0, "notes"] = "edited"
    ds.save()
    after = claims(sample_copy).read_bytes()
    assert after.startswith(codecs.BOM_UTF8)
    changed = [
        (a, b)
        for a, b in zip(before.split(b"\n"), after.split(b"\n"), strict=True)
        if a != b
    ]
    assert len(changed) == 1
