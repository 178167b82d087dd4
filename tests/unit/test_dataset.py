"""Validating a folder just written from memory gives validate_dataset's report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from osintkit.csvtable import write_csv_bytes, write_csv_file
from osintkit.dataset import WrittenTable, validate_dataset, validate_written

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def _cells(path: Path) -> tuple[list[str], list[pa.Array]]:
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.large_string()),
            strings_can_be_null=False,
            null_values=[],
        ),
    ).combine_chunks()
    return header, [table.column(i).chunk(0) for i in range(len(header))]


def _write(folder: Path, name: str, header, columns) -> WrittenTable:
    data = write_csv_bytes(header, columns)
    (folder / name).write_bytes(data)
    return WrittenTable(header, columns, data)


def _write_file(folder: Path, name: str, header, columns) -> WrittenTable:
    # written block by block: the table holds what was found in the bytes
    return WrittenTable(header, columns, write_csv_file(folder / name, header, columns))


def _write_shared(folder: Path, name: str, header, columns) -> WrittenTable:
    # every column but the first as a dictionary array (rows sharing cells)
    shared = [columns[0]] + [
        pa.DictionaryArray.from_arrays(
            pa.array(range(len(column) - 1, -1, -1)),
            column.take(pa.array(range(len(column) - 1, -1, -1))),
        )
        for column in columns[1:]
    ]
    return _write_file(folder, name, header, shared)


def _write_entries(folder: Path, name: str, header, columns) -> WrittenTable:
    # every column but the first as a dictionary of its distinct values (rows
    # with one value share an entry), plus entries no row has: they hold bad
    # values, which are not in the file and must not be reported
    unused = ["assrets", "12/03/2024", "hidden\u200bspace", "nobody", " x"]
    shared = [columns[0]]
    for column in columns[1:]:
        values = column.to_pylist()
        entries = unused + sorted(set(values))
        shared.append(
            pa.DictionaryArray.from_arrays(
                pa.array([entries.index(v) for v in values]),
                pa.array(entries, pa.large_string()),
            )
        )
    return _write_file(folder, name, header, shared)


WRITERS = [
    pytest.param(_write, id="bytes"),
    pytest.param(_write_file, id="file"),
    pytest.param(_write_shared, id="file-dictionaries"),
    pytest.param(_write_entries, id="file-shared-entries"),
]


def _edit(column: pa.Array, row: int, value: str) -> pa.Array:
    values = column.to_pylist()
    values[row] = value
    return pa.array(values, pa.large_string())


@pytest.fixture
def mini(tmp_path):
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini" / "kursk-belgorod-mini"


def _codes(report):
    return [(i.file, i.line, i.column, i.code, i.value) for i in report.issues]


@pytest.mark.parametrize("write", WRITERS)
def test_validate_written_valid_folder_is_valid(mini, write):
    written = {
        f"{name}.csv": write(mini, f"{name}.csv", *_cells(mini / f"{name}.csv"))
        for name in ("sources", "incidents", "claims")
    }
    report = validate_written(mini, written)
    assert report.is_valid
    assert _codes(report) == _codes(validate_dataset(mini))


@pytest.mark.parametrize(
    ("column", "row", "value"),
    [
        pytest.param("stance", 1, "assrets", id="enum"),
        pytest.param("claim_id", 2, "C001", id="duplicate-key"),
        # the table stays sorted, but the key repeats on the next row
        pytest.param("claim_id", 1, "C001", id="duplicate-key-adjacent"),
        pytest.param("source_id", 0, "nobody", id="foreign-key"),
        pytest.param("summary", 0, "hidden\u200bspace, quoted", id="invisible"),
        pytest.param("event_date_start", 0, "12/03/2024", id="bad-date"),
        pytest.param("summary", 1, "Р‘РµР»РіРѕСЂРѕРґ", id="mojibake-read-from-disk"),
    ],
)
@pytest.mark.parametrize("write", WRITERS)
def test_validate_written_reports_what_validate_dataset_reports(
    mini, column, row, value, write
):
    header, columns = _cells(mini / "claims.csv")
    position = header.index(column)
    columns[position] = _edit(columns[position], row, value)
    written = {"claims.csv": write(mini, "claims.csv", header, columns)}
    in_memory = validate_written(mini, written)
    assert not in_memory.is_valid or column == "summary"
    assert _codes(in_memory) == _codes(validate_dataset(mini))
    assert in_memory.issues  # each edit is reported


@pytest.mark.parametrize(
    ("column", "value"),
    [
        pytest.param("stance", "assrets", id="enum"),
        pytest.param("source_id", "nobody", id="foreign-key"),
        pytest.param("place_ids", "UA-46;nowhere", id="foreign-key-list"),
        # two unknown keys in one entry: both reported on each row, in order
        pytest.param("place_ids", "nowhere;UA-46;elsewhere", id="foreign-key-list-two"),
        pytest.param("summary", "hidden\u200bspace", id="invisible"),
        pytest.param("event_date_start", "12/03/2024", id="bad-date"),
        pytest.param("value_low", "ten", id="bad-integer"),
    ],
)
@pytest.mark.parametrize("write", WRITERS)
def test_validate_written_reports_a_bad_shared_entry_on_every_row(
    mini, column, value, write
):
    header, columns = _cells(mini / "claims.csv")
    position = header.index(column)
    # two rows with the same bad value: one entry of a dictionary column
    columns[position] = _edit(_edit(columns[position], 0, value), 2, value)
    written = {"claims.csv": write(mini, "claims.csv", header, columns)}
    in_memory = validate_written(mini, written)
    assert not in_memory.is_valid or column == "summary"
    assert _codes(in_memory) == _codes(validate_dataset(mini))
    assert {i.row for i in in_memory.issues} >= {1, 3}


@pytest.mark.parametrize("write", WRITERS)
def test_validate_written_reads_a_file_that_differs_from_memory(mini, write):
    header, columns = _cells(mini / "claims.csv")
    written = {"claims.csv": write(mini, "claims.csv", header, columns)}
    # the file on disk lost its last line after writing: it is read from disk
    data = (mini / "claims.csv").read_bytes()
    (mini / "claims.csv").write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 1])
    assert _codes(validate_written(mini, written)) == _codes(validate_dataset(mini))


@pytest.mark.parametrize("write", WRITERS)
def test_validate_written_reports_coordinates_swapped_in_a_multi_place_cell(
    mini, write
):
    header, columns = _cells(mini / "claims.csv")
    lat, lon = header.index("latitude"), header.index("longitude")
    # row 1 names RU-BEL;RU-KRS; its point is Kursk's with the axes swapped
    columns[lat] = _edit(columns[lat], 1, "36.2921")
    columns[lon] = _edit(columns[lon], 1, "51.7358")
    written = {"claims.csv": write(mini, "claims.csv", header, columns)}
    in_memory = validate_written(mini, written)
    assert _codes(in_memory) == _codes(validate_dataset(mini))
    swapped = [i for i in in_memory.issues if i.code == "coordinates-swapped"]
    assert [(i.row, i.value) for i in swapped] == [(2, "36.2921, 51.7358")]


@pytest.mark.parametrize(
    ("column", "required"),
    [
        pytest.param("summary", True, id="required-text"),
        pytest.param("claim_type", True, id="required-enum"),
        pytest.param("value_low", False, id="number"),
        pytest.param("language", False, id="text-with-pattern"),
        pytest.param("place_ids", False, id="list"),
    ],
)
def test_an_all_empty_column_is_checked_as_cell_by_cell(mini, column, required):
    # such a column is parsed once, as one shared cell: the issues and the
    # typed column are those of checking every cell
    from osintkit.dataset import load_dataset

    header, columns = _cells(mini / "claims.csv")
    position = header.index(column)
    rows = len(columns[position])
    columns[position] = pa.array([""] * rows, pa.large_string())
    (mini / "claims.csv").write_bytes(write_csv_bytes(header, columns))
    report = validate_dataset(mini)
    issues = [i for i in report.issues if i.field == column]
    assert [i.row for i in issues] == (list(range(1, rows + 1)) if required else [])
    assert {i.code for i in issues} <= {"constraint-required"}
    typed = load_dataset(mini, strict=False)["claims"][column]
    assert typed.isna().all()
    assert "dictionary" not in str(typed.dtype)
