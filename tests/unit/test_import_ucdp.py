"""The UCDP GED importer on five real UCDP records (CC BY 4.0, see the README).

The records are copied byte for byte from the Windows-1252 Ukraine export:
147997 (five cited articles, ``1/22/2014 12:00:00 AM`` dates), 149250 (eight
articles, a cp1252 apostrophe), 153027 (``05/02/2014 00:00`` dates, month
first), 154408 (an embedded newline) and 155425 (``best`` 7 outside
``[low, high]`` = [7, 6]).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from osintkit.errors import ImportFailedError
from osintkit.importers import import_file
from osintkit.importers.tabular import parse_date_parts
from osintkit.importers.ucdp import _parse_dates

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
SAMPLE = FIXTURES / "ucdp_ged_sample.csv"
CP1252 = FIXTURES / "ucdp_cp1252.toml"


def read_table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("ucdp") / "ged"
    report = import_file("ucdp-ged", SAMPLE, out, mapping=CP1252)
    return report, out


def test_import_ucdp_counts_and_validates(imported):
    report, _ = imported
    assert (report.rows_read, report.rows_kept, report.rejected) == (5, 4, 1)
    # 4 events x 5 UCDP figure claims + 5 + 8 + 2 + 2 cited articles
    assert report.claims == 4 * 5 + 17
    assert report.validation.is_valid, report.validation.errors


def test_import_ucdp_without_declared_encoding_fails_with_hint(tmp_path):
    with pytest.raises(ImportFailedError) as error:
        import_file("ucdp-ged", SAMPLE, tmp_path / "out")
    message = str(error.value)
    assert "encoding-error" in message
    assert 'encoding = "cp1252"' in message
    assert "--mapping" in message


def test_import_ucdp_best_outside_range_is_rejected_with_line(imported):
    _, out = imported
    rejects = read_table(out, "rejects")
    assert rejects[["line", "record_id", "field", "value"]].values.tolist() == [
        ["7", "155425", "best", "7"]
    ]
    assert rejects.loc[0, "reason"].startswith("best 7 is outside [low, high] = [7, 6]")


def test_import_ucdp_splits_cited_articles(imported):
    _, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    articles = claims[claims.index.str.match(r"UCDP-147997-a\d")]
    assert list(articles.index) == [f"UCDP-147997-a{n}" for n in range(1, 6)]
    assert set(articles["source_id"]) == {"agence-france-presse"}
    assert articles["reported_date"].tolist() == [
        "2014-01-22",
        "2014-01-22",
        "2014-01-22",
        "2014-01-22",
        "2014-01-25",
    ]
    first = articles.loc["UCDP-147997-a1"]
    # the headline keeps its comma: items split on '";"' only
    assert (
        "\u201cPolice disperse Kiev protest, activists say one shot dead\u201d"
        in (first["notes"])
    )
    assert first[["status", "quantity", "url", "url_withheld"]].tolist() == [
        "claimed",
        "",
        "",
        "true",
    ]


def test_import_ucdp_figures_are_ucdps_own_claims(imported):
    _, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    figures = claims.loc[
        [
            "UCDP-147997-total",
            "UCDP-147997-deaths-a",
            "UCDP-147997-deaths-b",
            "UCDP-147997-deaths-civilians",
            "UCDP-147997-deaths-unknown",
        ],
        [
            "source_id",
            "status",
            "quantity",
            "subject_side",
            "value_low",
            "value_best",
            "value_high",
            "value_rule",
        ],
    ]
    assert figures.values.tolist() == [
        ["ucdp-ged", "assessed", "killed", "", "5", "5", "5", "exact"],
        ["ucdp-ged", "assessed", "killed", "ukraine", "", "0", "", "exact"],
        ["ucdp-ged", "assessed", "killed", "unknown", "", "5", "", "exact"],
        ["ucdp-ged", "assessed", "killed", "civilian", "", "0", "", "exact"],
        ["ucdp-ged", "assessed", "killed", "unknown", "", "0", "", "exact"],
    ]


def test_import_ucdp_dates_precision_and_origin(imported):
    _, out = imported
    claims = read_table(out, "claims").set_index("claim_id")
    row = claims.loc["UCDP-153027-total"]
    # "05/02/2014 00:00" is 2 May 2014 (month first), as the ISO article dates say
    assert row[
        [
            "event_date_start",
            "event_date_end",
            "date_precision",
            "origin_time_precision",
            "geo_precision",
            "origin_geo_precision",
            "origin_id",
            "origin_actors",
        ]
    ].tolist() == [
        "2014-05-02",
        "2014-05-02",
        "day",
        "1",
        "settlement",
        "1",
        "153027",
        "Government of Ukraine;DPR",
    ]
    assert row[["place_raw", "admin1_codes", "incident_id"]].tolist() == [
        "Sloviansk town",
        "UA-14",
        "UCDP-153027",
    ]


def test_import_ucdp_decodes_cp1252(imported):
    _, out = imported
    claims = read_table(out, "claims")
    text = " ".join(claims.loc[claims["origin_id"] == "149250", "notes"])
    assert "\u2019" in text  # the 0x92 byte is a right single quotation mark
    assert "\u00e2\u20ac" not in text


def test_import_ucdp_source_rows(imported):
    _, out = imported
    sources = read_table(out, "sources").set_index("source_id")
    assert sources.loc[
        "ucdp-ged", ["side", "reliability", "url", "source_type"]
    ].tolist() == ["independent", "F", "https://ucdp.uu.se/", "other"]
    assert "CC BY 4.0" in sources.loc["ucdp-ged", "notes"]
    assert sources.loc["agence-france-presse", "source_type"] == "news_outlet"


def test_import_ucdp_incident_summary_keeps_source_original(imported):
    _, out = imported
    incidents = read_table(out, "incidents").set_index("incident_id")
    summary = incidents.loc["UCDP-154408", "summary"]
    assert "military analyst on good sources; MemoryBook" in summary
    assert incidents.loc["UCDP-154408", "origin_id"] == "154408"


@pytest.mark.parametrize(
    ("written", "order", "expected"),
    [
        pytest.param("1/22/2014 12:00:00 AM", "mdy", "2014-01-22", id="us-12h"),
        pytest.param("05/02/2014 00:00", "mdy", "2014-05-02", id="us-24h"),
        pytest.param("05/02/2014 00:00", "dmy", "2014-02-05", id="declared-dmy"),
        pytest.param("2014-01-22 00:00:00.000", "mdy", "2014-01-22", id="iso"),
        pytest.param("2/30/2014 12:00:00 AM", "mdy", "NaT", id="impossible"),
        pytest.param("22/1/2014", "mdy", "NaT", id="month-13-plus"),
    ],
)
def test_parse_dates_forms(written, order, expected):
    parsed = _parse_dates(pd.Series([written], dtype="str"), order)
    assert parsed.astype(str).tolist() == [expected]


def test_parse_date_parts_rejects_rollover():
    dates = parse_date_parts(
        pd.Series(["31/04/2024"]), r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    )
    assert dates.astype(str).tolist() == ["NaT"]


def test_import_ucdp_year_contradiction_is_rejected(tmp_path):
    raw = SAMPLE.read_bytes().replace(
        b"1/22/2014 12:00:00 AM,1/22/2014 12:00:00 AM",
        b"1/22/2015 12:00:00 AM,1/22/2015 12:00:00 AM",
    )
    path = tmp_path / "ged.csv"
    path.write_bytes(raw)
    import_file("ucdp-ged", path, tmp_path / "out", mapping=CP1252)
    rejects = read_table(tmp_path / "out", "rejects").set_index("record_id")
    assert rejects.loc["147997", "reason"] == (
        "date_start 1/22/2015 12:00:00 AM contradicts year 2014"
    )
