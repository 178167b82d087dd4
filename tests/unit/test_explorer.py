"""The explorer: filters drive the table, timeline and map, and the export."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from osintkit import load_dataset, paths
from osintkit.display import PLOTLY_MIMETYPE
from osintkit.errors import ParameterError
from osintkit.explorer import EXPORT_FORMATS, Explorer
from osintkit.selection import filter_claims

MINI = paths.REPO_ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture()
def explorer(tmp_path):
    return Explorer(load_dataset(paths.SAMPLE_DATASET), export_dir=tmp_path / "exports")


def outputs(widget) -> list[dict]:
    return [output.get("data", {}) for output in widget.outputs]


def test_the_slider_spans_every_day_with_a_claim(explorer):
    days = explorer.dates.options
    assert explorer.dates.value == (days[0][1], days[-1][1])
    first = filter_claims(explorer.dataset)["claim_day"].min()
    assert days[0][1] == first.date()


def test_without_filters_every_dated_claim_is_selected(explorer):
    dated = filter_claims(explorer.dataset)["claim_day"].notna().sum()
    assert len(explorer.selected()) == dated
    explorer.undated.value = True
    assert len(explorer.selected()) == len(explorer.dataset["claims"])


def test_a_filter_change_redraws_table_timeline_and_map_together(explorer):
    before = explorer.summary.value
    explorer.sides.value = ("russia",)
    assert set(explorer.selected()["source_side"]) == {"russia"}
    assert explorer.summary.value != before
    assert "russia" in explorer.summary.value
    table = outputs(explorer.table)[0]["text/html"]
    assert table.count("<tr>") == len(explorer.selected()) + 1
    for chart in (explorer.timeline, explorer.map):
        (data,) = outputs(chart)
        assert PLOTLY_MIMETYPE in data


def test_grade_actor_oblast_and_type_filters_combine(explorer):
    explorer.min_reliability.value = "C"
    explorer.regions.value = ("RU-BEL",)
    explorer.claim_types.value = ("civilian_casualties",)
    selected = explorer.selected()
    assert len(selected) > 0
    assert set(selected["source_reliability"]) <= {"A", "B", "C"}
    assert set(selected["claim_type"]) == {"civilian_casualties"}
    assert selected["admin1_codes"].str.contains("RU-BEL").all()


def test_no_match_shows_a_sentence_not_an_error(explorer):
    explorer.actors.value = ("lsr",)
    explorer.claim_types.value = ("air_defense_intercept",)
    assert explorer.selected().empty
    assert "No claim matches" in outputs(explorer.table)[0]["text/html"]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_writes_exactly_the_selection(explorer, fmt):
    explorer.sides.value = ("ukraine", "pro_ukraine")
    written = explorer.export(fmt=fmt)
    assert written.parent == explorer.export_dir and written.stat().st_size > 0
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(written).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        ids = [
            row[header.index("claim_id")]
            for row in sheet.iter_rows(2, values_only=True)
        ]
        assert ids == explorer.selected()["claim_id"].tolist()


def test_the_export_button_reports_where_it_wrote(explorer):
    explorer.export_button.click()
    assert "selection.xlsx" in explorer.export_status.value
    assert (explorer.export_dir / "selection.xlsx").is_file()


def test_start_parameters_and_unknown_values(tmp_path):
    dataset = load_dataset(paths.SAMPLE_DATASET)
    explorer = Explorer(dataset, start="2024-03-12", end="2024-03-13", actors=["lsr"])
    assert [str(day) for day in explorer.dates.value] == ["2024-03-12", "2024-03-13"]
    assert explorer.actors.value == ("lsr",)
    with pytest.raises(ParameterError, match="RU-XXX"):
        Explorer(dataset, regions=["RU-XXX"])


def test_a_dataset_without_dated_claims_still_opens(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    dataset = load_dataset(root / "kursk-belgorod-mini")
    claims = dataset["claims"]
    dataset["claims"] = claims.assign(
        reported_date=claims["reported_date"].iloc[0:0].reindex(claims.index),
        event_date_start=claims["event_date_start"].iloc[0:0].reindex(claims.index),
    )
    explorer = Explorer(dataset)
    assert explorer.dates.disabled
    assert len(explorer.selected()) == len(claims)
