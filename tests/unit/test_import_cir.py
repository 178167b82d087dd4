"""The CIR monitor importer on a synthetic export in CIR's column layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from osintkit.importers import import_file
from osintkit.importers.cir import source_of_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
SAMPLE = FIXTURES / "cir_monitor_sample.csv"


def read_table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("cir") / "monitor"
    report = import_file("cir-monitor", SAMPLE, out)
    return report, out


def test_import_cir_counts_and_validates(imported):
    report, _ = imported
    assert (report.rows_read, report.rows_kept, report.rejected) == (8, 7, 1)
    assert report.claims == 9  # 2 + 1 + 1 + 1 + 2 + 1 + 1
    assert report.validation.is_valid, report.validation.errors


def test_import_cir_post_and_geolocation_are_two_claims(imported):
    _, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    pair = claims.loc[
        ["UW9001-post", "UW9001-geo"],
        ["source_id", "status", "url", "claim_type", "incident_id", "origin_id"],
    ]
    assert pair.values.tolist() == [
        [
            "x-fakeposter1",
            "claimed",
            "https://twitter.com/FakePoster1/status/111",
            "strike",
            "UW9001",
            "UW9001",
        ],
        [
            "x-fakegeolocator",
            "verified",
            "https://twitter.com/FakeGeolocator/status/222",
            "strike",
            "UW9001",
            "UW9001",
        ],
    ]
    assert "does not verify who did what" in claims.loc["UW9001-geo", "notes"]


def test_import_cir_duplicate_entry_keeps_both(imported):
    report, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    # the repeated entry gets -2; both keep UW9001 as origin_id
    assert claims.loc[
        "UW9001-2-post", ["origin_id", "incident_id", "source_id"]
    ].tolist() == [
        "UW9001",
        "UW9001-2",
        "telegram-fakechannel",
    ]
    assert any(
        "repeat an earlier entry id" in n and "UW9001 (lines 2, 3)" in n
        for n in report.notes
    )


@pytest.mark.parametrize(
    ("claim_id", "spelling", "oblast"),
    [
        pytest.param("UW9001-post", "Belogrod", "RU-BEL", id="belogrod"),
        pytest.param("UW9001-2-post", "Koersk Oblast", "RU-KRS", id="koersk-oblast"),
        pytest.param(
            "UW9002-post", "Belgorodskaya oblast", "RU-BEL", id="belgorodskaya"
        ),
        pytest.param("UW9003-geo", "Kurks Oblast", "RU-KRS", id="kurks-oblast"),
        pytest.param("CIR-L9-post", "Belgorod", "RU-BEL", id="bare-belgorod"),
    ],
)
def test_import_cir_oblast_misspellings_resolve(imported, claim_id, spelling, oblast):
    _, out = imported
    row = read_table(out, "claims").set_index("claim_id").loc[claim_id]
    assert row["place_raw"].endswith(spelling)
    assert row["admin1_codes"] == oblast


def test_import_cir_missing_date_is_kept_and_reported(imported):
    report, out = imported
    row = read_table(out, "claims").set_index("claim_id").loc["UW9002-post"]
    assert row[
        ["event_date_start", "event_date_end", "date_precision", "incident_id"]
    ].tolist() == ["", "", "unknown", ""]
    assert any("1 CIR rows have no date (UW9002 (line 4))" in n for n in report.notes)


def test_import_cir_withheld_link_and_geolocation_only(imported):
    _, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    withheld = claims.loc["UW9004-post"]
    assert withheld[["source_id", "url", "url_withheld", "claim_type"]].tolist() == [
        "cir-withheld-source",
        "",
        "true",
        "participation",  # CIR's "Other"
    ]
    assert "Access can be requested, hidden for privacy reasons" in withheld["notes"]
    assert withheld["place_ids"] == "gn-704343"  # Krasnopillia, Sumy Oblast
    # no link, a geolocation: one claim only
    assert "UW9003-post" not in claims.index
    assert claims.loc["UW9003-geo", "status"] == "verified"


def test_import_cir_outside_gazetteer_and_blank_entry(imported):
    report, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    belarus = claims.loc["UW9005-post"]
    assert belarus[["place_ids", "admin1_codes", "incident_id"]].tolist() == [
        "",
        "",
        "",
    ]
    assert claims.loc["CIR-L9-post", "origin_id"] == ""
    assert any("have no entry id (line 9)" in n for n in report.notes)


def test_import_cir_rejects_row_without_any_link(imported):
    _, out = imported
    rejects = read_table(out, "rejects")
    assert rejects[["line", "record_id", "field"]].values.tolist() == [
        ["8", "UW9006", "link"]
    ]
    assert rejects.loc[0, "reason"].startswith("no source URL")


def test_import_cir_sources(imported):
    _, out = imported
    sources = read_table(out, "sources").set_index("source_id")
    assert sources.loc[
        "x-fakeposter1", ["name", "platform", "source_type", "url"]
    ].tolist() == [
        "@FakePoster1 on X",
        "x",
        "social_media_account",
        "https://twitter.com/FakePoster1",
    ]
    assert sources.loc["example-org", ["platform", "reliability"]].tolist() == [
        "website",
        "F",
    ]
    assert "withholds" in sources.loc["cir-withheld-source", "notes"]


@pytest.mark.parametrize(
    ("url", "source_id", "platform"),
    [
        pytest.param("https://x.com/SomeOne/status/1", "x-someone", "x", id="x"),
        pytest.param(
            "https://mobile.twitter.com/SomeOne/status/1", "x-someone", "x", id="mobile"
        ),
        pytest.param(
            "https://t.me/s/chan/5", "telegram-chan", "telegram", id="telegram-s"
        ),
        pytest.param(
            "https://www.tiktok.com/@user1/video/9",
            "tiktok-user1",
            "other",
            id="tiktok",
        ),
        pytest.param("https://youtu.be/abc", "youtu-be", "youtube", id="youtube-short"),
        pytest.param(
            "https://www.youtube.com/watch?v=abc",
            "youtube-com",
            "youtube",
            id="youtube-watch",
        ),
        pytest.param(
            "https://twitter.com/i/web/status/1", "twitter-com", "x", id="x-no-account"
        ),
        pytest.param(
            "https://www.facebook.com/SomePage/posts/1",
            "facebook-somepage",
            "other",
            id="facebook",
        ),
    ],
)
def test_source_of_url(url, source_id, platform):
    got = source_of_url(url)
    assert (got[0], got[2]) == (source_id, platform)
