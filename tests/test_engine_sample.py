"""The engines on the founding sample: the findings a researcher must see.

Pins what data/kursk-belgorod-2024-03 holds (see its README, "Incidents"
and "Revisions"), the Markdown report as a golden file, and the two
commands. Regenerate the golden file only with ``pytest --update-golden``
and review the diff.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import osintkit as ok
from osintkit import paths
from osintkit.cli import main

GOLDEN = Path(__file__).parent / "golden" / "kursk-belgorod-2024-03-discrepancies.md"


@pytest.fixture(scope="module")
def sample() -> ok.Dataset:
    return ok.load_dataset(paths.SAMPLE_DATASET)


@pytest.fixture(scope="module")
def findings(sample: ok.Dataset) -> pd.DataFrame:
    return ok.find_discrepancies(
        sample["claims"], sample["sources"], places=sample.reference["places"]
    )


def claims_of(row: pd.Series, side: str) -> set[str]:
    return set(filter(None, row[f"claim_ids_{side}"].split(";")))


def one(findings: pd.DataFrame, kind: str, a: set[str], b: set[str]) -> pd.Series:
    """The single finding of ``kind`` whose sides include ``a`` and ``b``."""
    rows = [
        row
        for _, row in findings[findings["kind"] == kind].iterrows()
        if a <= claims_of(row, "a") and b <= claims_of(row, "b")
    ]
    assert len(rows) == 1, f"expected one {kind} finding with {a} vs {b}"
    return rows[0]


def test_control_of_tyotkino_on_12_march(findings):
    # the Legion's control claim against the FSB's, the Kursk governor's and
    # the defence ministry's "repelled" / "no breakthrough"
    repelled = one(
        findings, "outcome", {"C001", "C040", "C105"}, {"C004", "C034", "C036"}
    )
    assert repelled["value_a"] == "territorial_control"
    assert repelled["value_b"] == "attack_repelled"
    assert repelled["explanation"].startswith("For Tyotkino (12 Mar 2024)")
    assert "Freedom of Russia Legion (LSR) (D)" in repelled["explanation"]
    assert "Roman Starovoit, Governor of Kursk Oblast (D)" in repelled["explanation"]
    # ... and against reports that the fight was still going on, the Legion's
    # own correction among them
    fighting = one(findings, "outcome", {"C001"}, {"C006", "C028", "C041"})
    assert fighting["value_b"] == "fighting_ongoing"
    # the Legion's correction is also recorded as a revision of C001
    revision = one(findings, "revision", {"C001"}, {"C028", "C041"})
    assert revision["source_ids_a"] == revision["source_ids_b"] == "lsr"


def test_equipment_figures_for_12_march(findings):
    # The sample holds one ministry figure per kind of equipment (7 tanks,
    # 5 armoured vehicles); the disagreement on record is the ministry's 7
    # tanks against the encyclopedia's one T-64.
    tanks = one(findings, "numeric", {"C102"}, {"C008a"})
    assert (tanks["value_a"], tanks["value_b"]) == ("1", "7")
    assert (tanks["source_ids_a"], tanks["source_ids_b"]) == ("wikipedia", "ru-mod")
    assert "Russian Ministry of Defence (D) gives 7 tanks" in tanks["explanation"]
    # the ministry's own figures for the attackers' dead differ: 195 vs 234
    deaths = one(findings, "numeric", {"C106"}, {"C007", "C027"})
    assert deaths["source_ids_a"] == deaths["source_ids_b"] == "ru-mod"


def test_escalating_russian_claims_of_attackers_losses(findings):
    row = one(findings, "escalation", {"C007", "C027", "C103", "C106"}, {"C095"})
    assert (row["value_a"], row["value_b"]) == ("234", "790")
    assert row["source_ids_a"] == "ru-mod;shoigu"
    text = row["explanation"]
    for step in ("234 killed (C007", "more than 200", "790 irrecoverable losses (C095"):
        assert step in text
    assert text.index("C007") < text.index("C027") < text.index("C095")
    assert "undated: 195 killed (C106)" in text


def test_hur_descriptions_of_who_the_units_are(findings):
    row = one(findings, "attribution", {"C003"}, {"C017", "C019"})
    assert row["source_ids_a"] == "yusov"
    assert row["source_ids_b"] == "hur;yusov"
    assert "within Ukraine's security and defence forces" in row["explanation"]
    assert "independently of the Ukrainian state" in row["explanation"]
    # FA003 is the same statement as C003 in other words: no conflict
    assert not findings["claim_ids_b"].str.contains("FA003").any()


def test_overlapping_reports_of_deaths_in_belgorod_15_16_march(findings):
    # Putin's two dead (said 15 March, for 12-15 March) against the two dead
    # of 16 March reported by the governor, unnamed officials and Pledge
    # Times: the same figure and place a day apart
    date = one(findings, "date", {"C065b"}, {"C076a", "C078a", "C079"})
    assert date["value_a"] == "12 Mar 2024 to 15 Mar 2024"
    assert date["value_b"] == "16 Mar 2024"
    assert "must not be counted as one" in date["explanation"]
    # within 16 March, the governor's one woman killed is one of the two
    # dead: reported, with the curator's note and a halved severity
    part = one(findings, "numeric", {"C081a"}, {"C076a", "C078a", "C079"})
    assert "not a contradiction" in part["explanation"]
    assert part["severity_label"] == "low"


def test_no_claim_conflicts_with_itself(findings):
    for _, row in findings.iterrows():
        assert not claims_of(row, "a") & claims_of(row, "b")


def test_reconcile_sample_keeps_the_ministry_tolls_contested(sample, findings):
    table = ok.reconcile(
        sample["claims"],
        sample["sources"],
        places=sample.reference["places"],
        findings=findings,
    )
    killed = table[
        (table["incident_id"] == "INC-0001")
        & (table["quantity"] == "killed")
        & (table["subject_side"] == "pro_ukraine")
    ].iloc[0]
    assert (killed["low"], killed["high"]) == (195.0, 234.0)
    assert killed["best"] in (195.0, 234.0)
    assert killed["contested"]
    assert killed["claim_ids"] == "C007;C027;C103;C106"
    tanks = table[(table["incident_id"] == "INC-0001") & (table["quantity"] == "tanks")]
    assert tanks[["basis", "best"]].values.tolist() == [
        ["assessed", 1.0],
        ["claimed", 7.0],
    ]


def assert_matches_golden(text: str, golden: Path, request: pytest.FixtureRequest):
    """Compare ``text`` with a golden file; rewrite it with --update-golden."""
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
        return
    assert golden.exists(), f"{golden} is missing; run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, (
        f"{golden.name} differs from the output; if the change is intended, "
        "run pytest --update-golden and review the diff"
    )


def test_markdown_report_matches_golden(sample, findings, request):
    text = ok.render_markdown(
        findings, sample["claims"], sample["sources"], incidents=sample["incidents"]
    )
    assert text.startswith("# Where the sources disagree\n")
    # a finding that spans two incidents has a section naming both
    assert (
        "## INC-0001: Cross-border incursion of the Russian volunteer units into "
        "Kursk and Belgorod oblasts + INC-0002: Fighting for Tyotkino\n" in text
    )
    assert "[C008a](https://www.pressandjournal.co.uk/" in text
    assert "Russian Ministry of Defence (D)" in text
    assert_matches_golden(text, GOLDEN, request)


def test_markdown_report_is_deterministic(sample, findings):
    shuffled = sample["claims"].sample(frac=1, random_state=3)
    again = ok.find_discrepancies(
        shuffled, sample["sources"], places=sample.reference["places"]
    )
    pd.testing.assert_frame_equal(again, findings)
    first = ok.render_markdown(findings, sample["claims"], sample["sources"])
    second = ok.render_markdown(again, shuffled, sample["sources"])
    assert first == second


# -- the commands ------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_discrepancies_formats(findings, tmp_path):
    result = run("discrepancies", str(paths.SAMPLE_DATASET), "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["finding_id"] for r in records] == findings["finding_id"].tolist()
    assert records[0]["claim_ids_a"] == findings.at[0, "claim_ids_a"].split(";")
    out = tmp_path / "findings.csv"
    result = run(
        "discrepancies", str(paths.SAMPLE_DATASET), "--format", "csv", "--out", str(out)
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("finding_id,kind,severity,")
    result = run("discrepancies", str(paths.SAMPLE_DATASET))
    assert result.stdout.startswith("# Where the sources disagree")
    assert f"{len(findings)} finding(s)" in result.stderr


def test_cli_incidents_prints_the_assignment():
    result = run("incidents", str(paths.SAMPLE_DATASET))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "claim_id,incident_id,rule,linked_claim_id"
    assert (
        "C091,AUTO-C090,oblast-contains-settlement+date-window+actors-not-compared,C090"
        in lines
    )
    result = run("incidents", str(paths.SAMPLE_DATASET), "--format", "json")
    assert json.loads(result.stdout)[0] == {
        "claim_id": "C001",
        "incident_id": "INC-0002",
        "rule": "curator",
        "linked_claim_id": None,
    }


def test_cli_incidents_write_records_clusters(tmp_path):
    shutil.copytree(paths.SAMPLE_DATASET, tmp_path / "sample")
    shutil.copytree(paths.REFERENCE_DIR, tmp_path / "reference")
    original = (tmp_path / "sample" / "claims.csv").read_bytes()
    result = run(
        "incidents",
        str(tmp_path / "sample"),
        "--write",
        "--out",
        str(tmp_path / "assignment.csv"),
    )
    assert result.exit_code == 0, result.output
    assert "added 3 clustered incident(s)" in result.stderr
    assert ok.validate_dataset(tmp_path / "sample").is_valid
    changed = (tmp_path / "sample" / "claims.csv").read_bytes()
    before, after = original.splitlines(), changed.splitlines()
    differing = [a.split(b",")[0] for a, b in zip(after, before, strict=True) if a != b]
    assert differing == [
        b"C042",
        b"C065a",
        b"C065b",
        b"C066",
        b"C082a",
        b"C082b",
        b"C090",
        b"C091",
    ]


def test_cli_missing_folder_is_a_usage_error(tmp_path):
    result = run("discrepancies", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
