"""The TOML mapping reader: what it accepts, and how precisely it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from osintkit.errors import ImportFailedError
from osintkit.importers.mapping import (
    ClaimTypeValue,
    read_sheet_mapping,
    read_timemap_mapping,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "mappings" / "claims_march2024_sheet.toml"
FIXTURE = REPO / "tests" / "fixtures" / "importers" / "sheet_claims.toml"

MINIMAL = """
[columns]
claimant = "Who"
claim_type = "Type"
url = "Link"
summary = "Text"
"""


def write(tmp_path: Path, text: str, name: str = "m.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ImportFailedError) as info:
        read_sheet_mapping(path)
    message = str(info.value)
    assert str(path) in message  # every refusal names the mapping file
    return message


def test_read_sheet_mapping_example_reads_every_section():
    m = read_sheet_mapping(EXAMPLE)
    assert m.format == "csv" and m.encoding == "utf-8" and m.delimiter == ","
    assert m.date_order == "YMD"
    assert m.columns["figures"] == m.columns["summary"] == "claim_value"
    # the five renames the sheet's PROVENANCE calls for
    assert {k: v.claim_type for k, v in m.claim_types.items()}.items() >= {
        "enemy_equipment_losses": "equipment_losses",
        "enemy_retreat": "retreat",
        "strike_claim": "strike",
        "attribution_statement": "attribution",
        "advance_claim": "advance",
    }.items()
    assert m.claim_types["denial"] == ClaimTypeValue("denial", stance="denies")
    side = m.sides["pro_ukrainian_russian_volunteers"]
    assert (side.side, side.is_belligerent) == ("pro_ukraine", True)
    assert m.defaults.reliability == "F"
    shoigu = m.claimants["Sergei Shoigu, Russian Defence Minister (as reported)"]
    assert shoigu.source_id == "shoigu" and shoigu.reliability == "D"


def test_read_sheet_mapping_fixture_declares_dialect():
    m = read_sheet_mapping(FIXTURE)
    assert (m.delimiter, m.date_order) == (";", "DMY")


def test_read_sheet_mapping_minimal_defaults(tmp_path):
    m = read_sheet_mapping(write(tmp_path, MINIMAL))
    assert m.date_order is None  # ISO only: nothing else is guessed
    assert (m.defaults.reliability, m.defaults.credibility, m.defaults.status) == (
        "F",
        6,
        "claimed",
    )


def test_read_sheet_mapping_unknown_key_suggests_spelling(tmp_path):
    message = refusal(tmp_path, MINIMAL + '\n[sheet]\ndate_ordre = "DMY"\n')
    assert "[sheet] unknown key 'date_ordre' (did you mean 'date_order'?)" in message


def test_read_sheet_mapping_unknown_table(tmp_path):
    message = refusal(tmp_path, MINIMAL + "\n[colums]\n")
    assert "top level: unknown key 'colums' (did you mean 'columns'?)" in message


def test_read_sheet_mapping_unknown_field_in_columns(tmp_path):
    message = refusal(tmp_path, MINIMAL + 'claimnt_side = "Side"\n')
    assert "[columns] unknown key 'claimnt_side' (did you mean 'claimant_side'?)" in (
        message
    )


def test_read_sheet_mapping_missing_required_columns(tmp_path):
    message = refusal(tmp_path, '[columns]\nclaimant = "Who"\n')
    for required in ("claim_type", "url", "summary"):
        assert f"[columns] has no {required!r}" in message
    assert 'url = "<column header>"' in message  # says how to fix it


def test_read_sheet_mapping_vocabulary_checked(tmp_path):
    text = MINIMAL + '\n[values.claim_type]\nenemy_retreat = "retreet"\n'
    message = refusal(tmp_path, text)
    assert (
        "'retreet' is not a claims claim_type of the kit (did you mean 'retreat'?)"
        in (message)
    )


def test_read_sheet_mapping_side_needs_belligerence(tmp_path):
    text = (
        MINIMAL
        + 'claimant_side = "Side"\n[values.claimant_side]\n'
        + 'gov = { side = "russia" }\n'
    )
    message = refusal(tmp_path, text)
    assert "values.claimant_side.gov needs is_belligerent" in message


def test_read_sheet_mapping_date_order_values(tmp_path):
    assert (
        read_sheet_mapping(
            write(tmp_path, MINIMAL + '[sheet]\ndate_order = "dmy"\n')
        ).date_order
        == "DMY"
    )
    message = refusal(tmp_path, MINIMAL + '[sheet]\ndate_order = "DD/MM"\n')
    assert "[sheet] date_order = 'DD/MM' is not one of YMD, DMY, MDY" in message


def test_read_sheet_mapping_grade_needs_reason(tmp_path):
    text = MINIMAL + '[claimants]\n"Some Ministry" = { reliability = "D" }\n'
    message = refusal(tmp_path, text)
    assert '[claimants."Some Ministry"] grades the claimant but gives no notes' in (
        message
    )


def test_read_sheet_mapping_bad_toml_names_line(tmp_path):
    message = refusal(tmp_path, "[columns]\nclaimant = Who\n")
    assert "not valid TOML" in message and "line 2" in message


def test_read_sheet_mapping_reports_all_problems_at_once(tmp_path):
    message = refusal(tmp_path, '[sheet]\nencoding = "klingon"\n[columns]\n')
    assert "5 problem(s)" in message  # the encoding and four missing columns
    assert "'klingon' is not a known encoding" in message


def test_check_columns_names_missing_column_and_suggests(tmp_path):
    m = read_sheet_mapping(write(tmp_path, MINIMAL))
    with pytest.raises(ImportFailedError) as info:
        m.check_columns(["who", "Type", "Link", "Text"], "sheet.csv")
    message = str(info.value)
    assert "[columns] claimant = 'Who': sheet.csv has no column 'Who'" in message
    assert "(did you mean 'who'?)" in message
    assert "its columns are 'who', 'Type', 'Link', 'Text'" in message


def test_check_columns_refuses_duplicate_header(tmp_path):
    m = read_sheet_mapping(write(tmp_path, MINIMAL))
    with pytest.raises(ImportFailedError, match="more than one column called 'Who'"):
        m.check_columns(["Who", "Who", "Type", "Link", "Text"], "sheet.csv")


def test_check_columns_positions(tmp_path):
    m = read_sheet_mapping(write(tmp_path, MINIMAL))
    positions = m.check_columns(["Text", "Link", "Type", "Who"], "sheet.csv")
    assert positions == {"claimant": 3, "claim_type": 2, "url": 1, "summary": 0}


def test_read_timemap_mapping_defaults_and_filters(tmp_path):
    assert read_timemap_mapping(None).date_order == "MDY"
    path = write(
        tmp_path,
        '[defaults]\nclaim_type = "shelling"\nevent_type = "shelling"\n'
        '[values.filters."Type of event"]\n"Rocket strike" = "strike"\n',
    )
    m = read_timemap_mapping(path)
    assert m.defaults.claim_type == "shelling"
    assert m.defaults.event_type == "shelling"
    assert m.filters[("Type of event", "Rocket strike")].claim_type == "strike"


def test_read_timemap_mapping_refuses_sheet_sections(tmp_path):
    path = write(tmp_path, MINIMAL)
    with pytest.raises(ImportFailedError, match="top level: unknown key 'columns'"):
        read_timemap_mapping(path)
