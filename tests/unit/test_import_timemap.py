"""The timemap importer on small synthetic exports (array and bundle shapes)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from osintkit.cli import main
from osintkit.errors import ImportFailedError
from osintkit.importers import import_file
from osintkit.importers.timemap import source_of_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
EXPORT = FIXTURES / "timemap_export.json"
BUNDLE = FIXTURES / "timemap_bundle.json"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table(out: Path, name: str, key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in rows(out / f"{name}.csv")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("timemap") / "dataset"
    return import_file("timemap", EXPORT, out), out


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    base = tmp_path_factory.mktemp("bundle")
    mapping = base / "timemap.toml"
    mapping.write_text(
        '[defaults]\nclaim_type = "strike"\nevent_type = "shelling"\n'
        '[values.filters."Type of event"]\nShelling = "shelling"\n',
        encoding="utf-8",
    )
    out = base / "dataset"
    return import_file("timemap", BUNDLE, out, mapping=mapping), out


def test_import_timemap_export_counts_and_validates(exported):
    report, _ = exported
    assert report.validation.is_valid, [i.format() for i in report.validation.errors]
    # 8 events: EV003 (latitude 'north'), EV004 (17/03/2024), EV005 (latitude 95)
    # and the exact copy of EV001 are rejected; 4 are kept
    assert (report.rows_read, report.rows_kept) == (8, 4)
    # rejects.csv also lists one unusable source link of a kept event (EV002)
    assert report.rejected == 5
    assert (report.incidents, report.claims) == (3, 5)


def test_import_timemap_rejects_name_event_and_line(exported):
    _, out = exported
    got = {
        (r["line"], r["record_id"], r["field"]): r for r in rows(out / "rejects.csv")
    }
    assert set(got) == {
        ("18", "EV002", "sources[1]"),  # a local file path, not a page
        ("31", "EV003", "latitude"),
        ("41", "EV004", "date"),
        ("51", "EV005", "latitude"),
        ("81", "EV001", "id"),
    }
    assert got[("31", "EV003", "latitude")]["reason"].startswith(
        "coordinates not usable: latitude is not a number"
    )
    assert got[("51", "EV005", "latitude")]["value"] == "95.0"
    assert "MM/DD/YYYY" in got[("41", "EV004", "date")]["reason"]
    assert got[("81", "EV001", "id")]["reason"] == (
        "duplicate event: an exact copy of event 'EV001' on line 2"
    )
    assert got[("18", "EV002", "sources[1]")]["value"] == "media/local-copy.jpg"


def test_import_timemap_one_incident_per_event(exported):
    _, out = exported
    incidents = table(out, "incidents", "incident_id")
    assert set(incidents) == {"EV001", "EV002", "EV002-dup2"}
    ev001 = incidents["EV001"]
    assert (ev001["date_start"], ev001["place_ids"], ev001["admin1_codes"]) == (
        "2024-03-12",
        "gn-483166",  # 'Tetkino' is Tyotkino
        "RU-KRS",
    )
    assert (ev001["origin_format"], ev001["origin_id"]) == ("timemap", "EV001")
    assert ev001["summary"] == "Fighting reported at the border crossing."


def test_import_timemap_duplicate_ids_kept_and_noted(exported):
    _, out = exported
    incidents = table(out, "incidents", "incident_id")
    first, second = incidents["EV002"], incidents["EV002-dup2"]
    assert first["origin_id"] == second["origin_id"] == "EV002"
    assert "is used by 2 events with different content" in first["grouping_notes"]
    assert "kept as EV002-dup2" in second["grouping_notes"]
    # the exact copy of EV001 is rejected, so EV001 is not called a duplicate
    assert "different content" not in incidents["EV001"]["grouping_notes"]


def test_import_timemap_one_claim_per_source_link(exported):
    _, out = exported
    claims = table(out, "claims", "claim_id")
    assert set(claims) == {"EV001-1", "EV001-2", "EV002-1", "EV002-dup2-1", "EV006-1"}
    tg = claims["EV001-1"]
    assert (tg["url"], tg["source_id"], tg["incident_id"]) == (
        "https://t.me/example_channel/101",
        "telegram-example-channel",
        "EV001",
    )
    assert (tg["latitude"], tg["longitude"], tg["geo_precision"]) == (
        "51.2731",
        "34.3012",
        "exact",
    )
    assert "Time '09:30'" in tg["notes"]
    assert "Filters: Type of event=Ground fighting." in tg["notes"]
    assert "'Video of armoured vehicles'" in tg["notes"]
    assert "Summary is the timemap's own description" in tg["notes"]


def test_import_timemap_hidden_path_is_withheld_not_invented(exported):
    _, out = exported
    hidden = table(out, "claims", "claim_id")["EV001-2"]
    assert (hidden["url"], hidden["url_withheld"], hidden["source_id"]) == (
        "",
        "true",
        "timemap-withheld",
    )
    assert table(out, "claims", "claim_id")["EV001-1"]["url_withheld"] == ""


def test_import_timemap_unresolved_location_keeps_claims_without_incident(exported):
    report, out = exported
    claim = table(out, "claims", "claim_id")["EV006-1"]
    assert (claim["incident_id"], claim["place_ids"]) == ("", "")
    assert claim["place_raw"] == "Somewhere not in the gazetteer"
    assert "No incident" in claim["notes"]
    assert any(
        "1 event(s) kept as claims without an incident" in n for n in report.notes
    )


def test_import_timemap_sources_from_addresses(exported):
    _, out = exported
    sources = table(out, "sources", "source_id")
    assert set(sources) == {
        "telegram-example-channel",
        "timemap-withheld",
        "x-example-user",
        "youtube-unidentified-account",
        "example-news-com",
    }
    assert {s["reliability"] for s in sources.values()} == {"F"}
    assert sources["x-example-user"]["name"] == "@example_user on X"
    assert sources["x-example-user"]["platform"] == "x"


def test_import_timemap_bundle_shape(bundled):
    report, out = bundled
    assert report.validation.is_valid, [i.format() for i in report.validation.errors]
    assert (report.rows_read, report.rows_kept, report.rejected) == (2, 2, 1)
    claims = table(out, "claims", "claim_id")
    assert set(claims) == {"B-1-1", "B-1-2", "B-2-1"}
    first = claims["B-1-1"]
    assert first["url"] == "https://t.me/s/some_channel/555"
    assert first["source_id"] == "telegram-some-channel"
    assert (
        "Further paths of this source: https://archive.example.org/abc."
        in (first["notes"])
    )
    assert "Source type in the export: Video." in first["notes"]
    # the FILTER association maps to a claim type; the NARRATIVE one is noted
    assert first["claim_type"] == "shelling"
    assert "Filters: Type of event=Shelling." in first["notes"]
    assert "narrative Belgorod in March" in first["notes"]
    assert claims["B-1-2"]["url_withheld"] == "true"
    # numbers as coordinates read; empty strings mean no point
    assert (first["latitude"], first["geo_precision"]) == ("50.6034", "exact")
    b2 = claims["B-2-1"]
    assert (b2["latitude"], b2["geo_precision"], b2["claim_type"]) == (
        "",
        "settlement",
        "strike",  # the mapping's default: no filter
    )
    assert table(out, "incidents", "incident_id")["B-1"]["event_type"] == "shelling"
    reject = rows(out / "rejects.csv")[0]
    assert (reject["record_id"], reject["field"]) == ("B-1", "sources[2]")
    assert "'src-missing' is not listed in the sources" in reject["reason"]


@pytest.mark.parametrize(
    ("url", "source_id", "platform"),
    [
        pytest.param("https://x.com/someone/status/1", "x-someone", "x", id="x"),
        pytest.param(
            "https://mobile.twitter.com/someone/status/1", "x-someone", "x", id="mobile"
        ),
        pytest.param("https://t.me/s/chan/5", "telegram-chan", "telegram", id="tg-s"),
        pytest.param(
            "https://www.youtube.com/watch?v=1",
            "youtube-unidentified-account",
            "youtube",
            id="yt-watch",
        ),
        pytest.param(
            "https://www.facebook.com/SomePage/posts/1",
            "facebook-somepage",
            "other",
            id="facebook",
        ),
        pytest.param(
            "https://news.example.com/a/b", "news-example-com", "website", id="web"
        ),
    ],
)
def test_source_of_url(url, source_id, platform):
    derived = source_of_url(url)
    assert (derived["source_id"], derived["platform"]) == (source_id, platform)


def test_import_timemap_malformed_json_names_line_and_column(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"id": "A",\n   "date": "03/12/2024" "location": "x"}\n]\n')
    with pytest.raises(ImportFailedError) as info:
        import_file("timemap", broken, tmp_path / "out")
    assert f"{broken}:3:25: not valid JSON: Expecting ',' delimiter" in str(info.value)


def test_import_timemap_not_utf8(tmp_path):
    broken = tmp_path / "cp1251.json"
    # Т and ё are 0xD2 0xB8 in cp1251, which UTF-8 happens to accept as one
    # character; the first byte it refuses is т (0xF2), at column 29
    broken.write_bytes('[{"id": "A", "location": "Тёткино"}]'.encode("cp1251"))
    with pytest.raises(
        ImportFailedError, match=r"cp1251\.json:1:29: the file is not UTF-8"
    ):
        import_file("timemap", broken, tmp_path / "out")


def test_import_timemap_wrong_shape(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(ImportFailedError, match="not a timemap export"):
        import_file("timemap", other, tmp_path / "out")


def test_import_timemap_event_without_id_or_sources(tmp_path):
    data = tmp_path / "t.json"
    data.write_text(
        '[{"date": "03/12/2024", "location": "Tetkino", "sources": []},\n'
        ' {"id": "N", "date": "03/12/2024", "location": "Atlantis", "sources": []}]\n'
    )
    out = tmp_path / "out"
    report = import_file("timemap", data, out)
    reasons = {r["line"]: r["reason"] for r in rows(out / "rejects.csv")}
    assert reasons["1"].startswith("no id")
    assert reasons["2"].startswith("nothing to import")
    assert report.rows_kept == 0


def test_cli_import_timemap(tmp_path):
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        main, ["import", "timemap", str(EXPORT), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "read 8 rows" in result.output and "1 HIDDEN, kept withheld" in result.output
