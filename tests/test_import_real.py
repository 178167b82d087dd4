"""The ACLED, UCDP and CIR importers on the real files in ../shared/data/real.

Skipped with a reason where that folder is absent (a fresh clone elsewhere):
the ACLED and CIR rows may not be redistributed, so they are never copied into
the repository. Every file imports, the written folder passes ``osintkit
validate`` (exit 0), and the counts are pinned, so that a change in what the
importers keep or reject shows up here.
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from osintkit.cli import main
from osintkit.importers import import_file

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
ACLED = REAL / "acled_ukraine_sample_2018_2024" / "acled_ukraine_sample.csv"
UCDP = REAL / "ucdp_ged_ukraine_2014_2021" / "ucdp_ged_ukraine_2014_2021.csv"
CIR = REAL / "cir_russia_ukraine_monitor_2022" / "events.csv"
CP1252 = Path(__file__).resolve().parent / "fixtures" / "importers" / "ucdp_cp1252.toml"

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(),
    reason=f"real data not available: {REAL} is absent (it lives beside the "
    "project checkout in the development workplace and is not redistributed)",
)


def read_table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def reasons(folder: Path) -> collections.Counter:
    """Rejection reasons grouped: numbers and what follows a colon left out."""
    rejects = read_table(folder, "rejects")
    return collections.Counter(
        re.sub(r"\d+", "N", reason.split(":")[0]) for reason in rejects["reason"]
    )


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "acled"
    return import_file("acled", ACLED, out), out


@pytest.fixture(scope="module")
def ucdp(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "ucdp"
    return import_file("ucdp-ged", UCDP, out, mapping=CP1252), out


@pytest.fixture(scope="module")
def cir(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "cir"
    return import_file("cir-monitor", CIR, out), out


@pytest.mark.parametrize("name", ["acled", "ucdp", "cir"])
def test_real_import_validates_with_the_cli(request, name):
    _, out = request.getfixturevalue(name)
    result = CliRunner().invoke(main, ["validate", str(out)])
    assert result.exit_code == 0, result.output


def test_real_acled_counts(acled):
    report, out = acled
    assert report.validation.is_valid
    assert (report.rows_read, report.rows_kept, report.rejected) == (1000, 987, 13)
    assert (report.claims, report.incidents, report.sources) == (1276, 984, 47)
    # protests (9), looting (3) and a riot (1) are outside the kit's claim types
    assert reasons(out) == {
        "ACLED Protests / Peaceful protest has no claim type in the kit's model "
        "(it records armed conflict); to import such events, map the "
        "sub_event_type under [claim_types] in a mapping file": 9,
        "ACLED Strategic developments / Looting/property destruction has no claim "
        "type in the kit's model (it records armed conflict); to import such "
        "events, map the sub_event_type under [claim_types] in a mapping file": 3,
        "ACLED Riots / Violent demonstration has no claim type in the kit's model "
        "(it records armed conflict); to import such events, map the "
        "sub_event_type under [claim_types] in a mapping file": 1,
    }


def test_real_acled_multi_source_rows_become_several_claims(acled):
    _, out = acled
    claims = read_table(out, "claims")
    per_event = claims.groupby("origin_id").size()
    # 164 rows list several sources; 5 of them are protests, riots or looting
    assert (per_event > 1).sum() == 164 - 5  # one multi-source row is a protest
    assert set(claims["url_withheld"]) == {"true"}
    assert set(claims["value_rule"]) == {"at_least"}


def test_real_acled_provenance_per_row_and_per_import(acled):
    _, out = acled
    claims = read_table(out, "claims")
    source = pd.read_csv(ACLED, dtype=str, keep_default_na=False).set_index(
        "event_id_cnty"
    )
    # each claim keeps ACLED's source cell as written, and, where the range is
    # wider than a day, the day ACLED coded
    cells = source.loc[claims["origin_id"], "source"].tolist()
    assert all(
        note.startswith(f"Sources ACLED lists: {cell}.")
        for note, cell in zip(claims["notes"], cells, strict=True)
    )
    wide = claims["origin_time_precision"].isin(["2", "3"])
    assert wide.any()
    assert claims.loc[wide, "notes"].str.contains("ACLED's event_date: ").all()
    assert not claims.loc[~wide, "notes"].str.contains("event_date").any()
    # what holds for every row is said once, in the written descriptor
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    described = {r["name"]: r["description"] for r in package["resources"]}
    assert "url_withheld is true" in described["claims"]
    assert "ACLED's notes verbatim" in described["incidents"]


def test_real_acled_admin1_resolves(acled):
    _, out = acled
    claims = read_table(out, "claims")
    events = claims.drop_duplicates("origin_id")
    # every ACLED admin1 but "Kyiv" (Kyiv City or Kyiv Oblast?) and one blank
    assert events["admin1_codes"].eq("").sum() == 3
    counts = events["admin1_codes"].value_counts()
    # Donetsk, Kharkiv, Kherson (121 in the file, one row rejected), Sumy
    assert counts[["UA-14", "UA-63", "UA-65", "UA-59"]].tolist() == [410, 121, 120, 82]


def test_real_ucdp_counts(ucdp):
    report, out = ucdp
    assert report.validation.is_valid
    assert (report.rows_read, report.rows_kept, report.rejected) == (2989, 2976, 13)
    assert (report.claims, report.incidents, report.sources) == (19035, 2748, 83)
    assert reasons(out) == {"best N is outside [low, high] = [N, N]": 13}


def test_real_ucdp_decodes_cp1252(ucdp):
    _, out = ucdp
    notes = " ".join(read_table(out, "claims")["notes"])
    assert "\u2019" in notes
    assert "\u00e2\u20ac" not in notes


def test_real_ucdp_dates_agree_with_year(ucdp):
    _, out = ucdp
    claims = read_table(out, "claims")
    totals = claims[claims["claim_id"].str.endswith("-total")]
    assert len(totals) == 2976
    assert totals["event_date_start"].str[:4].between("2014", "2021").all()


def test_real_cir_counts(cir):
    report, out = cir
    assert report.validation.is_valid
    assert (report.rows_read, report.rows_kept, report.rejected) == (6650, 6606, 44)
    assert (report.claims, report.incidents, report.sources) == (9972, 6304, 1354)
    assert reasons(out) == {"no source URL": 44}


def test_real_cir_reports_missing_dates_and_duplicates(cir):
    report, out = cir
    notes = "\n".join(report.notes)
    for entry in ("UW0331", "UW1074", "UW8529", "UW8530"):
        assert entry in notes
    claims = read_table(out, "claims")
    undated = claims[claims["date_precision"] == "unknown"]
    assert sorted(set(undated["origin_id"])) == ["UW0331", "UW1074", "UW8529", "UW8530"]
    for entry in ("UW0104", "UW0105", "UW0132", "UW0454", "UW0523", "UW3355", "UW5227"):
        assert f"{entry}-2-post" in set(claims["claim_id"])
    assert "UW0523-3-post" in set(claims["claim_id"])


def test_real_cir_belgorod_and_kursk_spellings(cir):
    _, out = cir
    claims = read_table(out, "claims")
    posts = claims[claims["claim_id"].str.endswith("-post")]
    province = posts["place_raw"].str.split(", ").str[-1]
    by_spelling = (
        pd.DataFrame({"province": province, "admin1": posts["admin1_codes"]})
        .drop_duplicates()
        .set_index("province")["admin1"]
    )
    belgorod = [
        "Belgorod Oblast",
        "Belgorod",
        "Belgorodskaya oblast",
        "Belgorodskaya Oblast",
        "Belogorod Oblast",
        "Belogrod",
        "Belograd",
        "Belograd Oblast",
        "Belgrod Oblast",
    ]
    kursk = ["Kursk", "Kursk Oblast", "Kurks Oblast", "Koersk Oblast"]
    for spelling in belgorod:
        assert by_spelling[spelling] == "RU-BEL", spelling
    for spelling in kursk:
        assert by_spelling[spelling] == "RU-KRS", spelling
    assert posts["admin1_codes"].isin(["RU-BEL", "RU-KRS"]).sum() == 259


def test_real_cir_geolocations_are_verified_claims(cir):
    _, out = cir
    claims = read_table(out, "claims")
    geo = claims[claims["claim_id"].str.endswith("-geo")]
    assert len(geo) == 3369
    assert set(geo["status"]) == {"verified"}
