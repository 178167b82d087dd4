"""export_claims: faithful CSV, inert spreadsheets, GeoJSON that drops nothing."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import osintkit as ok
from osintkit.errors import ParameterError, SaveError
from osintkit.export import (
    EXPORT_FORMATS,
    FORMULA_TRIGGERS,
    build_export_table,
    export_claims,
    neutralise_text,
)
from osintkit.selection import ClaimFilter

FIXTURE = Path(__file__).parents[1] / "fixtures" / "mini"
DATASET = "kursk-belgorod-mini"
SUFFIX = {"csv": ".csv", "csv-excel": ".csv", "xlsx": ".xlsx", "geojson": ".geojson"}

#: The fault catalogue's export row: each text lands in a different column.
HOSTILE_CLAIMS = {
    "C001": {"summary": '=HYPERLINK("http://x","y")'},
    "C007": {"place_raw": "+cmd|' /C calc'!A0"},
    "C008a": {"value_text": "@SUM(1)"},
    "C008b": {"notes": "-2+3"},
    "C027": {"summary": "\tleading tab"},
    "C034": {"summary": "\rleading carriage return"},
    "C036": {"place_raw": "<script>alert(1)</script>"},
    # a Telegram-style chat id and the claim's own point west of Greenwich
    "C040": {
        "origin_id": "-1001234567890",
        "latitude": 51.2725,
        "longitude": -34.3033,
        "geo_precision": "exact",
    },
}
HOSTILE_SOURCES = {
    "lsr": {"name": "@SUM(1) Legion", "url": "https://t.me/=legion"},
    "fsb": {"reliability": "B"},
    "starovoit": {"reliability": "F"},
}
HOSTILE_TEXTS = {
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tleading tab",
    "\rleading carriage return",
    "<script>alert(1)</script>",
    "-1001234567890",
    "@SUM(1) Legion",
}


def _edit(dataset: ok.Dataset, table: str, changes: dict) -> None:
    frame = dataset[table].copy()
    key = frame.columns[0]
    for row_id, cells in changes.items():
        for column, value in cells.items():
            frame.loc[frame[key] == row_id, column] = value
    dataset[table] = frame


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid copy of the mini dataset full of formula-like and hostile text.

    Shared by the module's tests: exports never write into it, and the tests
    check exactly that.
    """
    root = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(FIXTURE, root)
    folder = root / DATASET
    dataset = ok.load_dataset(folder)
    _edit(dataset, "claims", HOSTILE_CLAIMS)
    _edit(dataset, "sources", HOSTILE_SOURCES)
    dataset.save()
    assert ok.validate_dataset(folder).is_valid
    return folder


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def export(folder: Path, fmt: str, out: Path, claim_filter=None):
    return export_claims(ok.load_dataset(folder), claim_filter, fmt, out)


# -- XLSX -----------------------------------------------------------------------


def test_xlsx_has_no_formula_and_every_hostile_text_reads_back_exactly(
    hostile, out_dir
):
    report = export(hostile, "xlsx", out_dir / "claims.xlsx")
    workbook = openpyxl.load_workbook(out_dir / "claims.xlsx")
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert texts >= HOSTILE_TEXTS  # the CR survives too (written as &#13;)
    triggered = [
        cell
        for row in workbook["claims"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS)
    ]
    assert triggered and all(c.data_type == "s" and c.quotePrefix for c in triggered)
    # 6 claim cells + the chat id + the renamed lsr source on its 3 claims
    assert report.neutralised_cells == len(triggered) == 10


def test_xlsx_keeps_numbers_dates_and_booleans_typed(hostile, out_dir):
    export(hostile, "xlsx", out_dir / "claims.xlsx")
    sheet = openpyxl.load_workbook(out_dir / "claims.xlsx")["claims"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[0].value: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2)
    }
    c040 = rows["C040"]
    assert c040["longitude"].value == -34.3033
    assert c040["longitude"].data_type == "n"  # a negative longitude is a number
    assert c040["latitude"].value == 51.2725
    assert c040["origin_id"].value == "-1001234567890"  # an id stays text
    assert c040["origin_id"].data_type == "s"
    assert rows["C007"]["value_best"].value == 234
    assert rows["C007"]["credibility"].value == 6
    assert rows["C007"]["reported_date"].is_date
    assert rows["C007"]["reported_date"].number_format == "yyyy-mm-dd"
    assert rows["C001"]["latitude"].value is None  # missing stays empty


def test_xlsx_about_sheet_describes_the_selection_and_columns(hostile, out_dir):
    export(hostile, "xlsx", out_dir / "c.xlsx", ClaimFilter(regions=["RU-BEL"]))
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(out_dir / "c.xlsx")["about"].iter_rows(
            values_only=True
        )
    }
    assert about["selection"] == "Claims in RU-BEL."
    assert about["claims"] == 5
    assert about["source_reliability"].startswith(
        "The claim's source (sources.reliability)"
    )
    assert about["longitude"].startswith("Longitude (WGS 84)")


def test_xlsx_makes_control_characters_visible_and_cuts_long_text(hostile, out_dir):
    dataset = ok.load_dataset(hostile)
    _edit(dataset, "claims", {"C106": {"notes": "esc\x1bhere " + "x" * 40_000}})
    report = export_claims(dataset, None, "xlsx", out_dir / "c.xlsx")
    sheet = openpyxl.load_workbook(out_dir / "c.xlsx")["claims"]
    header = [cell.value for cell in sheet[1]]
    c106 = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "C106")
    notes = c106[header.index("notes")]
    assert notes.startswith("esc\u241bhere xxx")
    assert len(notes) == 32_767
    assert notes.endswith("characters in all; see the csv export]")
    assert (report.replaced_characters, report.truncated_cells) == (1, 1)
    assert "control picture" in report.summary()


def test_xlsx_refuses_more_rows_than_a_sheet_holds(hostile, out_dir, monkeypatch):
    monkeypatch.setattr("osintkit.export._XLSX_MAX_ROWS", 5)
    with pytest.raises(ParameterError, match="do not fit in one Excel sheet"):
        export(hostile, "xlsx", out_dir / "c.xlsx")
    assert not (out_dir / "c.xlsx").exists()


# -- CSV ------------------------------------------------------------------------


def read_csv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_csv_excel_neutralises_text_but_not_numbers(hostile, out_dir):
    report = export(hostile, "csv-excel", out_dir / "c.csv")
    data = (out_dir / "c.csv").read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"claim_id",')
    assert data.count(b"\r\n") == 11  # header + 10 claims, CRLF
    rows = read_csv(out_dir / "c.csv", encoding="utf-8-sig")
    header = rows[0]
    number_columns = {"latitude", "longitude", "value_low", "value_best", "value_high"}
    offending = [
        (header[i], cell)
        for row in rows
        for i, cell in enumerate(row)
        if cell.startswith(FORMULA_TRIGGERS) and header[i] not in number_columns
    ]
    assert offending == []
    cells = {cell for row in rows for cell in row}
    assert {"'" + text for text in HOSTILE_TEXTS if text[0] in "=+-@\t\r"} <= cells
    assert "<script>alert(1)</script>" in cells  # not a formula: unchanged
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_id["C040"]["longitude"] == "-34.3033"  # a number, unprefixed
    assert report.neutralised_cells == 10


def test_csv_is_faithful_for_programs(hostile, out_dir):
    report = export(hostile, "csv", out_dir / "c.csv")
    data = (out_dir / "c.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(out_dir / "c.csv")
    assert len(rows) == 11
    cells = {cell for row in rows for cell in row}
    assert cells >= HOSTILE_TEXTS  # exact, the lone CR included
    assert report.formula_like_cells == 10
    assert "--format csv-excel or xlsx" in report.summary()
    # the same spelling as the canonical table for the claim's own columns
    claims = read_csv(hostile / "claims.csv")
    exported = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for row in claims[1:]:
        for column, value in zip(claims[0], row, strict=True):
            assert exported[row[0]][column] == value, (row[0], column)


def test_csv_carries_the_sources_name_side_grade_and_urls(hostile, out_dir):
    export(hostile, "csv", out_dir / "c.csv")
    rows = read_csv(out_dir / "c.csv")
    assert rows[0][:6] == [
        "claim_id",
        "source_id",
        "source_name",
        "source_side",
        "source_reliability",
        "source_url",
    ]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["C001"]["source_name"] == "@SUM(1) Legion"
    assert by_id["C001"]["source_side"] == "pro_ukraine"
    assert by_id["C001"]["source_url"] == "https://t.me/=legion"
    assert by_id["C034"]["source_reliability"] == "B"
    assert by_id["C001"]["url"].startswith("https://kyivindependent.com/")
    assert "archive_url" in rows[0]


# -- GeoJSON --------------------------------------------------------------------


def test_geojson_is_a_valid_feature_collection_that_drops_nothing(hostile, out_dir):
    report = export(hostile, "geojson", out_dir / "c.geojson")
    collection = json.loads((out_dir / "c.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["id"] for f in features] == sorted(
        ok.load_dataset(hostile)["claims"]["claim_id"]
    )
    for feature in features:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        properties = feature["properties"]
        assert properties["geo_precision"] in {"exact", "settlement", "oblast"}
        geometry = feature["geometry"]
        if geometry is None:
            assert properties["coord_source"] == "none"
            assert properties["unlocated_reason"]
            continue
        assert properties["coord_source"] in {"claim", "place"}
        points = (
            [geometry["coordinates"]]
            if geometry["type"] == "Point"
            else geometry["coordinates"]
        )
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    by_id = {f["id"]: f for f in features}
    # the claim's own point, longitude first
    assert by_id["C040"]["geometry"] == {
        "type": "Point",
        "coordinates": [-34.3033, 51.2725],
    }
    assert by_id["C040"]["properties"]["coord_source"] == "claim"
    # no own point: Tyotkino's gazetteer point
    assert by_id["C001"]["geometry"]["coordinates"] == [34.3033, 51.2725]
    assert by_id["C001"]["properties"]["coord_source"] == "place"
    # an oblast-level claim gets no invented point
    assert by_id["C007"]["geometry"] is None
    assert "oblast-level" in by_id["C007"]["properties"]["unlocated_reason"]
    assert by_id["C001"]["properties"]["summary"] == '=HYPERLINK("http://x","y")'
    assert by_id["C007"]["properties"]["value_best"] == 234
    counts = collection["osintkit"]["counts"]
    assert counts == {
        "features": 10,
        "located_by_claim": 1,
        "located_by_place": 3,
        "unlocated": 6,
    }
    assert (report.located_by_claim, report.located_by_place, report.unlocated) == (
        1,
        3,
        6,
    )


def test_geojson_uses_every_place_of_a_claim_with_several(hostile, out_dir):
    dataset = ok.load_dataset(hostile)
    places = dataset.reference["places"]
    extra = places[places["place_id"] == "gn-483166"].assign(
        place_id="gn-1", latitude=51.0, longitude=35.0
    )
    dataset.reference["places"] = pd.concat([places, extra], ignore_index=True)
    _edit(dataset, "claims", {"C034": {"place_ids": "gn-483166;gn-1"}})
    export_claims(dataset, ClaimFilter(), "geojson", out_dir / "c.geojson")
    features = json.loads((out_dir / "c.geojson").read_text(encoding="utf-8"))[
        "features"
    ]
    c034 = next(f for f in features if f["id"] == "C034")
    assert c034["geometry"] == {
        "type": "MultiPoint",
        "coordinates": [[34.3033, 51.2725], [35.0, 51.0]],
    }


# -- every format ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_gives_the_same_bytes_twice(hostile, out_dir, fmt):
    first, second = out_dir / f"a{SUFFIX[fmt]}", out_dir / f"b{SUFFIX[fmt]}"
    export(hostile, fmt, first)
    export(hostile, fmt, second)
    assert first.read_bytes() == second.read_bytes()


def test_xlsx_holds_no_run_timestamp(hostile, out_dir):
    export(hostile, "xlsx", out_dir / "c.xlsx")
    with zipfile.ZipFile(out_dir / "c.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {
            (1980, 1, 1, 0, 0, 0)
        }
        assert b"dcterms:modified" not in archive.read("docProps/core.xml")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_leaves_the_canonical_tables_byte_for_byte(hostile, out_dir, fmt):
    root = hostile.parent
    before = snapshot(root)
    assert b"-1001234567890" in before[f"{DATASET}/claims.csv"]
    export(hostile, fmt, out_dir / f"c{SUFFIX[fmt]}")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(lambda d: d / "claims.csv", id="a-canonical-table"),
        pytest.param(lambda d: d / "export.csv", id="a-new-file-in-the-dataset"),
        pytest.param(lambda d: d.parent / "reference" / "x.csv", id="the-reference"),
    ],
)
def test_export_refuses_to_write_inside_the_dataset(hostile, target):
    before = snapshot(hostile.parent)
    with pytest.raises(SaveError, match="inside the dataset folder"):
        export(hostile, "csv", target(hostile))
    assert snapshot(hostile.parent) == before


def test_export_creates_missing_folders_but_refuses_a_folder_as_target(
    hostile, out_dir
):
    export(hostile, "csv", out_dir / "new" / "deeper" / "c.csv")
    assert (out_dir / "new" / "deeper" / "c.csv").is_file()
    with pytest.raises(SaveError, match="is a folder"):
        export(hostile, "csv", out_dir)


def test_export_replaces_an_existing_file_atomically(hostile, out_dir):
    target = out_dir / "c.csv"
    target.write_text("old", encoding="utf-8")
    export(hostile, "csv", target)
    assert target.read_text(encoding="utf-8").startswith("claim_id,")
    assert [p.name for p in out_dir.iterdir()] == ["c.csv"]  # no temporary left


def test_export_refuses_an_unknown_format(hostile, out_dir):
    with pytest.raises(
        ParameterError, match="use one of: csv, csv-excel, xlsx, geojson"
    ):
        export(hostile, "ods", out_dir / "c.ods")


@pytest.mark.parametrize(
    ("claim_filter", "expected"),
    [
        pytest.param(ClaimFilter(min_reliability="B"), ["C034"], id="fsb-graded-B"),
        pytest.param(
            ClaimFilter(min_reliability="B", include_unjudged=True),
            ["C034", "C036"],  # + Starovoit, graded F
            id="with-unjudged",
        ),
        pytest.param(
            ClaimFilter(regions=["RU-BEL"], claim_types=["equipment_losses"]),
            ["C008a", "C008b"],
            id="region-and-type",
        ),
        pytest.param(ClaimFilter(start="2024-03-13"), ["C027"], id="from-13-march"),
        pytest.param(ClaimFilter(sides=["ukraine"]), [], id="nothing"),
    ],
)
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_writes_exactly_the_selected_claims(
    hostile, out_dir, fmt, claim_filter, expected
):
    out = out_dir / f"c{SUFFIX[fmt]}"
    report = export(hostile, fmt, out, claim_filter)
    assert report.rows == len(expected)
    if fmt == "geojson":
        written = [
            f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]
        ]
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(out)["claims"]
        written = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    else:
        written = [row[0] for row in read_csv(out, encoding="utf-8-sig")[1:]]
    assert written == expected


def test_export_refuses_unknown_filter_values_before_writing(hostile, out_dir):
    with pytest.raises(ParameterError, match="unknown actor 'legion'"):
        export(hostile, "csv", out_dir / "c.csv", ClaimFilter(actors=["legion"]))
    assert not (out_dir / "c.csv").exists()


def test_build_export_table_puts_sources_first_and_drops_claim_day(hostile):
    table = build_export_table(ok.load_dataset(hostile))
    claims = ok.load_dataset(hostile)["claims"]
    assert "claim_day" not in table.columns
    assert len(table.columns) == len(claims.columns) + 4
    assert table["claim_id"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("=1+2", "'=1+2", id="equals"),
        pytest.param("\r\n=1", "'\r\n=1", id="carriage-return"),
        pytest.param("\uff1dSUM(1)", "'\uff1dSUM(1)", id="full-width-equals"),
        pytest.param("Tyotkino -2", "Tyotkino -2", id="not-leading"),
        pytest.param("", "", id="empty"),
    ],
)
def test_neutralise_text(text, expected):
    assert neutralise_text(text) == expected
