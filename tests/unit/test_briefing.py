"""A period's analysis: selected claims, the findings and figures that involve them."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from osintkit import briefing, load_dataset, paths
from osintkit.errors import ParameterError

WEEK = {"start": "2024-03-11", "end": "2024-03-17"}


@pytest.fixture(scope="module")
def sample():
    return load_dataset(paths.SAMPLE_DATASET)


@pytest.fixture(scope="module")
def week(sample):
    return briefing.analyse_period(sample, **WEEK)


def ids(joined) -> set[str]:
    return set(filter(None, str(joined).split(";")))


def test_the_week_keeps_only_dated_claims_of_the_week(week):
    days = week.claims["claim_day"]
    assert days.notna().all()
    assert days.min() >= pd.Timestamp("2024-03-11")
    assert days.max() <= pd.Timestamp("2024-03-17")
    assert len(week.claims) == 69
    assert week.claims["claim_id"].is_monotonic_increasing


def test_every_finding_involves_a_claim_of_the_week(week):
    selected = set(week.claims["claim_id"])
    assert len(week.findings) > 0
    for row in week.findings.itertuples():
        assert (ids(row.claim_ids_a) | ids(row.claim_ids_b)) & selected


def test_a_finding_may_reach_outside_the_week(week):
    # The MoD's undated 195 killed (C106) conflicts with its 234 of 12 March:
    # the finding stays, because one side of it is a claim of the week.
    numeric = week.findings[week.findings["kind"] == "numeric"]
    assert any(
        "C106" in ids(row.claim_ids_a) | ids(row.claim_ids_b)
        for row in numeric.itertuples()
    )


def test_reconciled_figures_rest_on_claims_of_the_week(week):
    selected = set(week.claims["claim_id"])
    assert len(week.reconciled) > 0
    assert all(ids(joined) & selected for joined in week.reconciled["claim_ids"])


def test_headline_counts_what_was_selected(week):
    text = briefing.headline(week)
    assert text.startswith("11–17 March 2024: 69 claims by 24 sources")
    contested = (week.findings["kind"] != "single-source").sum()
    assert f"disagree in {contested} findings" in text


def test_actor_filter_narrows_the_week(sample, week):
    legion = briefing.analyse_period(sample, **WEEK, actors="lsr;rdk")
    assert 0 < len(legion.claims) < len(week.claims)
    assert all({"lsr", "rdk"} & ids(actors) for actors in legion.claims["actor_ids"])
    assert set(legion.incidents["incident_id"]) <= set(week.incidents["incident_id"])


def test_unknown_actor_is_refused(sample):
    with pytest.raises(ParameterError, match="nobody"):
        briefing.analyse_period(sample, actors="nobody")


def test_findings_table_leaves_single_source_claims_for_their_own_list(week):
    table = briefing.findings_table(week)
    assert "single-source" not in set(table["kind"])
    single = briefing.findings_table(week, kinds=["single-source"])
    assert set(single["kind"]) == {"single-source"}
    assert len(table) + len(single) == len(week.findings)
    # sources are named with their grade
    assert table["side_a"].str.contains(r"\([A-F]\)").all()


def test_count_findings_adds_up(week):
    counts = briefing.count_findings(week)
    assert counts["total"].sum() == len(week.findings)
    assert (counts[["high", "medium", "low"]].sum(axis=1) == counts["total"]).all()


def test_disputed_quantities_put_the_attackers_killed_first(week):
    assert briefing.disputed_quantities(week)[0] == ("INC-0001", "killed")


def test_claims_appendix_lists_every_claim_with_its_url_and_grade(week):
    appendix = briefing.claims_appendix(week)
    assert sorted(appendix["claim"]) == sorted(week.claims["claim_id"])
    assert appendix["url"].str.startswith("http").all()
    assert set(appendix["grade"]) <= set("ABCDEF")


def test_brief_figures_are_plain_json(week):
    figures = briefing.brief_figures(week)
    json.dumps(figures, allow_nan=False)
    assert sum(figures["claims_by_source_side"].values()) == len(week.claims)
    assert sum(figures["findings_by_kind"].values()) == figures["findings"]
    assert len(figures["reconciled"]) == len(week.reconciled)


def test_an_empty_period_gives_empty_tables(sample):
    empty = briefing.analyse_period(sample, start="2030-01-01", end="2030-01-07")
    assert empty.claims.empty and empty.findings.empty and empty.reconciled.empty
    assert briefing.headline(empty).startswith("1–7 January 2030: 0 claims")
    assert briefing.findings_table(empty).empty
    assert briefing.count_findings(empty).empty
    assert briefing.disputed_quantities(empty) == []
    assert briefing.claims_appendix(empty).empty
    assert briefing.brief_figures(empty)["findings"] == 0
