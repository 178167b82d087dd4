"""The ACLED importer on small synthetic exports (tests/fixtures/importers)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from osintkit.dataset import validate_dataset
from osintkit.errors import ImportFailedError
from osintkit.importers import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
CURRENT = FIXTURES / "acled_current.csv"
OLD = FIXTURES / "acled_old_format.csv"


def read_table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def current(tmp_path_factory):
    out = tmp_path_factory.mktemp("acled") / "current"
    report = import_file("acled", CURRENT, out)
    return report, out


def test_import_acled_counts_and_validates(current):
    report, out = current
    assert (report.rows_read, report.rows_kept, report.rejected) == (9, 3, 6)
    assert (report.claims, report.incidents, report.sources) == (4, 2, 3)
    assert report.validation.is_valid, report.validation.errors
    assert validate_dataset(out).is_valid


def test_import_acled_one_claim_per_distinct_source(current):
    _, out = current
    claims = read_table(out, "claims").set_index("claim_id")
    # "Fake Outlet One; Fake Outlet Two; Fake Outlet One": two distinct sources
    assert [c for c in claims.index if c.startswith("FAKE0001-")] == [
        "FAKE0001-fake-outlet-one",
        "FAKE0001-fake-outlet-two",
    ]
    row = claims.loc["FAKE0001-fake-outlet-one"]
    assert row[["source_id", "incident_id", "origin_id"]].tolist() == [
        "fake-outlet-one",
        "FAKE0001",
        "FAKE0001",
    ]
    # the source cell as ACLED writes it (repeats and spelling kept)
    assert row["notes"] == (
        "Sources ACLED lists: Fake Outlet One; Fake Outlet Two; Fake Outlet One."
    )


def test_import_acled_conventions_are_in_the_written_descriptor(current):
    # what holds for every row is said once, in the tables' descriptions
    _, out = current
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    described = {r["name"]: r["description"] for r in package["resources"]}
    claims = described["claims"]
    assert "In this import (acled):" in claims
    assert "url is empty and url_withheld is true" in claims
    assert "not a figure the claim's source is known to have given" in claims
    assert "the range is that day \u00b1 6 days" in claims
    assert "ACLED's fatalities, its most conservative count" in claims
    assert "after 'ACLED: ', ACLED's notes verbatim" in described["incidents"]
    assert "In this import" not in described["sources"]
    assert "said once, in that table's description" in package["description"]


def test_import_acled_first_row_exactly(current):
    _, out = current
    row = (
        read_table(out, "claims").set_index("claim_id").loc["FAKE0001-fake-outlet-two"]
    )
    expected = {
        "event_date_start": "2024-03-12",
        "event_date_end": "2024-03-12",
        "date_precision": "day",
        "place_raw": "Krasnopillia",
        "place_ids": "gn-704343",
        "admin1_codes": "UA-59",  # Sumy
        "latitude": "50.7746",
        "longitude": "35.2597",
        "geo_precision": "settlement",
        "actor_ids": "civilians",  # "Civilians (Ukraine)" without the qualifier
        "claim_type": "shelling",
        "stance": "asserts",
        "quantity": "killed",
        "subject_side": "unknown",
        "value_text": "at least 2",
        "value_low": "2",
        "value_best": "",
        "value_high": "",
        "value_rule": "at_least",
        "credibility": "6",
        "status": "claimed",
        "url": "",
        "url_withheld": "true",
        "origin_format": "acled",
        "origin_time_precision": "1",
        "origin_geo_precision": "1",
        "origin_actors": "Military Forces of Russia (2000-);Civilians (Ukraine)",
    }
    assert row[list(expected)].to_dict() == expected


def test_import_acled_week_precision_and_actors(current):
    _, out = current
    row = (
        read_table(out, "claims")
        .set_index("claim_id")
        .loc["FAKE0002-ministry-of-defence-of-russia"]
    )
    # time_precision 2: ACLED codes 13/03/2024, a day of the week the source
    # names (not always its middle), so every such week fits: +- 6 days
    assert row[["event_date_start", "event_date_end", "date_precision"]].tolist() == [
        "2024-03-07",
        "2024-03-19",
        "week",
    ]
    # the coded day is the row's own fact; the rule is in the descriptor
    assert row["notes"] == (
        "Sources ACLED lists: Ministry of Defence of Russia. "
        "ACLED's event_date: 2024-03-13 (time_precision 2)."
    )
    # "Military Forces of Russia (2000-)" is no reference actor's name
    assert row["actor_ids"] == "lsr;rdk"
    assert row["origin_actors"] == (
        "Freedom of Russia Legion;Russian Volunteer Corps;"
        "Military Forces of Russia (2000-)"
    )
    assert row[["place_ids", "admin1_codes", "geo_precision"]].tolist() == [
        "gn-483166",  # Tetkino
        "RU-KRS",
        "district",
    ]


def test_import_acled_month_precision_without_oblast_has_no_incident(current):
    _, out = current
    row = (
        read_table(out, "claims").set_index("claim_id").loc["FAKE0007-fake-outlet-two"]
    )
    assert row[
        ["event_date_start", "event_date_end", "date_precision", "incident_id"]
    ].tolist() == ["2024-03-01", "2024-03-31", "month", ""]
    assert row["geo_precision"] == "oblast"
    # the range (the calendar month) does not say which day ACLED coded
    assert row["notes"].endswith("ACLED's event_date: 2024-03-20 (time_precision 3).")
    assert "FAKE0007" not in set(read_table(out, "incidents")["incident_id"])


def test_import_acled_rejects_with_lines_and_reasons(current):
    _, out = current
    rejects = read_table(out, "rejects")
    got = {
        (line, record_id): reason
        for line, record_id, reason in zip(
            rejects["line"], rejects["record_id"], rejects["reason"], strict=True
        )
    }
    assert sorted(got) == [
        ("10", "FAKE0009"),
        ("4", "FAKE0003"),
        ("5", "FAKE0004"),
        ("6", "FAKE0005"),
        ("7", "FAKE0001"),
        ("9", "FAKE0008"),
    ]
    assert got[("4", "FAKE0003")].startswith(
        "ACLED Protests / Peaceful protest has no claim type"
    )
    assert got[("5", "FAKE0004")] == (
        "event_date is not a real date (format dd/mm/YYYY)"
    )
    assert got[("6", "FAKE0005")] == (
        "event_date is not in the file's date format dd/mm/YYYY (detected from line 2)"
    )
    assert got[("7", "FAKE0001")].startswith(
        "event_id_cnty repeats the event on line 2"
    )
    assert got[("9", "FAKE0008")] == (
        "event_date 14/03/2024 is not in the year the row gives (2023)"
    )
    assert got[("10", "FAKE0009")] == "fatalities is not a whole number of at least 0"
    record = rejects.set_index("line").loc["5", "record"]
    assert record.startswith("FAKE0004,31/02/2024,2024,1,")


def test_import_acled_sources_graded_f_and_actor_sources(current):
    _, out = current
    sources = read_table(out, "sources").set_index("source_id")
    assert sources.loc[
        "fake-outlet-one", ["reliability", "side", "is_belligerent"]
    ].tolist() == [
        "F",
        "unknown",
        "false",
    ]
    assert "ACLED does not grade its sources" in sources.loc["fake-outlet-one", "notes"]
    # the name of a reference actor: the source speaks for it
    assert sources.loc[
        "ministry-of-defence-of-russia",
        ["actor_id", "side", "is_belligerent", "source_type"],
    ].tolist() == ["ru-mod", "russia", "true", "official"]


def test_import_acled_incident(current):
    _, out = current
    incident = read_table(out, "incidents").set_index("incident_id").loc["FAKE0001"]
    assert incident[
        ["date_start", "date_end", "place_ids", "admin1_codes", "event_type"]
    ].tolist() == ["2024-03-12", "2024-03-12", "gn-704343", "UA-59", "shelling"]
    assert incident["title"] == (
        "Shelling/artillery/missile attack at Krasnopillia (Sumy), 2024-03-12"
    )
    assert incident["summary"] == (
        "Explosions/Remote violence / Shelling/artillery/missile attack, "
        "2 fatalities. ACLED: Synthetic test row, not ACLED data: a made-up "
        "shelling, 2 killed."
    )


def test_import_acled_old_column_set_and_iso_dates(tmp_path):
    report = import_file("acled", OLD, tmp_path / "old")
    assert (report.rows_read, report.rows_kept, report.rejected) == (2, 2, 0)
    assert report.validation.is_valid
    claims = read_table(tmp_path / "old", "claims").set_index("claim_id")
    assert list(claims.index) == [
        "FAKE0101-fake-wire",
        "FAKE0102-fake-daily",
        "FAKE0102-fake-wire",
    ]
    assert claims.loc["FAKE0101-fake-wire", "event_date_start"] == "2022-02-24"
    assert claims.loc["FAKE0101-fake-wire", "place_ids"] == "gn-559034"  # Grayvoron
    assert claims.loc["FAKE0102-fake-wire", "value_low"] == "3"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("24 February 2022", "2022-02-24", id="dd-month-yyyy"),
        pytest.param("24/02/2022 00:00:00", "2022-02-24", id="export-tool-datetime"),
    ],
)
def test_import_acled_other_date_formats(tmp_path, written, expected):
    text = OLD.read_text("utf-8").replace("2022-02-24", written, 1)
    text = text.replace("2022-02-25", written.replace("24", "25", 1), 1)
    path = tmp_path / "acled.csv"
    path.write_text(text, "utf-8")
    report = import_file("acled", path, tmp_path / "out")
    assert report.rejected == 0
    claims = read_table(tmp_path / "out", "claims").set_index("claim_id")
    assert claims.loc["FAKE0101-fake-wire", "event_date_start"] == expected


def test_import_acled_mapping_declares_month_first_dates(tmp_path):
    text = OLD.read_text("utf-8").replace("2022-02-24", "02/24/2022", 1)
    text = text.replace("2022-02-25", "02/25/2022", 1)
    path = tmp_path / "acled.csv"
    path.write_text(text, "utf-8")
    mapping = tmp_path / "acled.toml"
    mapping.write_text('date_format = "%m/%d/%Y"\n', "utf-8")
    report = import_file("acled", path, tmp_path / "out", mapping=mapping)
    assert report.rejected == 0
    claims = read_table(tmp_path / "out", "claims").set_index("claim_id")
    assert claims.loc["FAKE0102-fake-wire", "event_date_start"] == "2022-02-25"


def test_import_acled_mapping_maps_an_unmodelled_type(tmp_path):
    mapping = tmp_path / "acled.toml"
    mapping.write_text('[claim_types]\n"Peaceful protest" = "participation"\n', "utf-8")
    report = import_file("acled", CURRENT, tmp_path / "out", mapping=mapping)
    assert report.rejected == 5
    claims = read_table(tmp_path / "out", "claims").set_index("claim_id")
    assert claims.loc["FAKE0003-fake-outlet-one", "claim_type"] == "participation"


def test_import_acled_bad_mapping_key_fails(tmp_path):
    mapping = tmp_path / "acled.toml"
    mapping.write_text('date_order = "dmy"\n', "utf-8")
    with pytest.raises(ImportFailedError, match="unknown key"):
        import_file("acled", CURRENT, tmp_path / "out", mapping=mapping)


def test_import_acled_missing_column_fails(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text("event_id_cnty,event_date\nX1,01/01/2024\n", "utf-8")
    with pytest.raises(ImportFailedError, match="not a acled export"):
        import_file("acled", path, tmp_path / "out")


def test_import_acled_utf8_bom_is_detected(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CURRENT.read_bytes())
    report = import_file("acled", path, tmp_path / "out")
    assert (report.rows_kept, report.rejected) == (3, 6)


def test_import_acled_is_deterministic(tmp_path):
    import_file("acled", CURRENT, tmp_path / "a")
    import_file("acled", CURRENT, tmp_path / "b")
    for name in ("claims", "incidents", "sources", "rejects"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (
            tmp_path / "b" / f"{name}.csv"
        ).read_bytes()


def test_import_acled_mapping_value_outside_vocabulary_fails(tmp_path):
    mapping = tmp_path / "acled.toml"
    mapping.write_text('[claim_types]\n"Peaceful protest" = "protest"\n', "utf-8")
    with pytest.raises(ImportFailedError, match="'protest', which is not a claim_type"):
        import_file("acled", CURRENT, tmp_path / "out", mapping=mapping)
