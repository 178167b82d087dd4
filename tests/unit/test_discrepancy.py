"""Findings: each kind's rule on small frames, severity, ids and order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from osintkit.discrepancy import FINDING_COLUMNS, find_discrepancies
from osintkit.errors import MissingColumnsError

PLACES = pd.DataFrame(
    {
        "place_id": ["RU-BEL", "RU-KRS", "gn-a", "gn-c", "gn-k"],
        "name": ["Belgorod", "Kursk", "Alpha", "Charlie", "Kilo"],
        "place_type": ["oblast", "oblast", "settlement", "settlement", "settlement"],
        "admin1_code": ["RU-BEL", "RU-KRS", "RU-BEL", "RU-BEL", "RU-KRS"],
        "latitude": [50.8, 51.7, 50.0, 50.5, 51.3],
        "longitude": [37.2, 36.3, 36.0, 36.0, 34.3],
    }
)

SOURCES = pd.DataFrame(
    {
        "source_id": ["mod", "minister", "wiki", "units", "analyst", "gov", "x"],
        "name": [
            "Ministry",
            "Minister",
            "Encyclopedia",
            "Units",
            "Analyst",
            "Governor",
            "Channel",
        ],
        "side": [
            "russia",
            "russia",
            "independent",
            "pro_ukraine",
            "independent",
            "russia",
            "unknown",
        ],
        "is_belligerent": [True, True, False, True, False, True, False],
        "parent_source_id": [None, "mod", None, None, None, None, None],
        "reliability": ["D", "D", "C", "D", "B", "D", "F"],
    }
)


def claims_frame(*rows: dict) -> pd.DataFrame:
    """Claims of incident INC-1 at Alpha on 12 March, with defaults."""
    defaults = {
        "source_id": "mod",
        "incident_id": "INC-1",
        "reported_date": None,
        "event_date_start": "2024-03-12",
        "event_date_end": None,
        "date_precision": "day",
        "place_ids": "gn-a",
        "admin1_codes": "RU-BEL",
        "geo_precision": "settlement",
        "actor_ids": None,
        "claim_type": "enemy_casualties",
        "stance": "asserts",
        "quantity": None,
        "subject_side": None,
        "value_text": None,
        "value_low": np.nan,
        "value_best": np.nan,
        "value_high": np.nan,
        "credibility": 6,
        "url": None,
        "summary": "a claim",
        "notes": None,
        "revises_claim_id": None,
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    for column in ("reported_date", "event_date_start", "event_date_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    frame["event_date_end"] = frame["event_date_end"].fillna(frame["event_date_start"])
    return frame


def figure(value: float, **extra) -> dict:
    """A killed count for the attackers, exactly ``value``."""
    return {
        "quantity": "killed",
        "subject_side": "pro_ukraine",
        "value_low": value,
        "value_best": value,
        "value_high": value,
        **extra,
    }


def find(claims: pd.DataFrame, kinds=None, **kwargs) -> pd.DataFrame:
    options = {"places": PLACES, **kwargs}
    if kinds is not None:
        options["kinds"] = kinds
    return find_discrepancies(claims, SOURCES, **options)


# -- numeric -----------------------------------------------------------------


def test_numeric_non_overlapping_figures_across_sources():
    claims = claims_frame(
        {"claim_id": "c1", **figure(7)},
        {"claim_id": "c2", "source_id": "wiki", **figure(1)},
    )
    found = find(claims, ["numeric"])
    assert len(found) == 1
    row = found.iloc[0]
    # the lower figure is side a; values and sources on each side
    assert (row.claim_ids_a, row.claim_ids_b) == ("c2", "c1")
    assert (row.source_ids_a, row.source_ids_b) == ("wiki", "mod")
    assert (row.value_a, row.value_b) == ("1", "7")
    assert "Encyclopedia (C) gives 1 killed" in row.explanation
    assert "Ministry (D) gives 7 killed" in row.explanation


def test_numeric_within_one_source_says_so():
    claims = claims_frame(
        {"claim_id": "c1", **figure(195)},
        {"claim_id": "c2", "source_id": "minister", **figure(234)},
    )
    row = find(claims, ["numeric"]).iloc[0]
    assert row.explanation.startswith(
        "Ministry (D) and Minister (D) give figures that do not overlap"
    )


def test_one_ministry_giving_two_tank_counts_for_one_day():
    # the kind of finding the issue asks for on 12 March: one source, one day,
    # one kind of equipment, two counts that cannot both be right
    tanks = {"claim_type": "equipment_losses", "quantity": "tanks"}
    claims = claims_frame(
        {"claim_id": "c1", **figure(7, **tanks), "reported_date": "2024-03-12"},
        {"claim_id": "c2", **figure(4, **tanks), "reported_date": "2024-03-12"},
    )
    (row,) = find(claims, ["numeric"]).itertuples()
    assert row.source_ids_a == row.source_ids_b == "mod"
    assert {row.value_a, row.value_b} == {"4", "7"}
    assert "tanks" in row.field
    assert "Ministry (D)" in row.explanation


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(figure(7), id="identical"),
        pytest.param(
            {**figure(0), "value_low": 5, "value_best": np.nan, "value_high": 9},
            id="range-contains-it",
        ),
        pytest.param(
            {**figure(0), "value_low": 3, "value_best": np.nan, "value_high": np.nan},
            id="at-least-below-it",
        ),
        pytest.param(
            {**figure(2), "place_ids": "gn-k", "admin1_codes": "RU-KRS"},
            id="another-oblast",
        ),
        pytest.param({**figure(2), "event_date_start": "2024-03-14"}, id="another-day"),
        pytest.param({**figure(2), "subject_side": "russia"}, id="other-side"),
        pytest.param({**figure(2), "quantity": "wounded"}, id="other-quantity"),
        pytest.param({**figure(2), "incident_id": "INC-2"}, id="other-incident"),
        pytest.param({**figure(2), "stance": "denies"}, id="a-denial"),
    ],
)
def test_numeric_no_finding(other):
    claims = claims_frame(
        {"claim_id": "c1", **figure(7)},
        {"claim_id": "c2", "source_id": "wiki", **other},
    )
    assert find(claims, ["numeric"]).empty


def test_numeric_open_bound_below_a_figure_is_a_finding():
    claims = claims_frame(
        {"claim_id": "c1", **figure(195)},
        # "more than 200": [201, inf)
        {
            "claim_id": "c2",
            **figure(0),
            "value_low": 201,
            "value_best": np.nan,
            "value_high": np.nan,
            "value_text": "more than 200",
        },
    )
    row = find(claims, ["numeric"]).iloc[0]
    assert row.value_b == "at least 201"
    assert 'stated as "more than 200"' in row.explanation


def test_numeric_oblast_figure_and_settlement_figure_are_compared():
    claims = claims_frame(
        {"claim_id": "c1", **figure(2)},
        {"claim_id": "c2", "source_id": "wiki", "place_ids": "RU-BEL", **figure(5)},
    )
    assert len(find(claims, ["numeric"])) == 1


def test_numeric_copies_are_listed_together():
    claims = claims_frame(
        {"claim_id": "c1", **figure(234)},
        {"claim_id": "c2", **figure(234)},
        {"claim_id": "c3", "source_id": "wiki", **figure(195)},
    )
    found = find(claims, ["numeric"])
    assert found[["claim_ids_a", "claim_ids_b"]].values.tolist() == [["c3", "c1;c2"]]


def test_numeric_curator_note_saying_not_a_contradiction_halves_severity():
    plain = claims_frame(
        {"claim_id": "c1", "source_id": "gov", **figure(2)},
        {"claim_id": "c2", "source_id": "wiki", **figure(1)},
    )
    noted = plain.assign(
        notes=[None, "One of the two deaths of c1; not a contradiction."]
    )
    a, b = find(plain, ["numeric"]), find(noted, ["numeric"])
    assert b.at[0, "severity"] == pytest.approx(a.at[0, "severity"] / 2, abs=0.01)
    assert "The curator's notes on c2" in b.at[0, "explanation"]


# -- severity ------------------------------------------------------------------


def test_severity_weighs_reliability_and_gap():
    def severity(source_a, source_b, low, high):
        claims = claims_frame(
            {"claim_id": "c1", "source_id": source_a, **figure(low)},
            {"claim_id": "c2", "source_id": source_b, **figure(high)},
        )
        return find(claims, ["numeric"]).at[0, "severity"]

    # better-graded sources on both sides: a more severe finding
    assert severity("analyst", "wiki", 100, 200) > severity("mod", "gov", 100, 200)
    # a bigger gap: a more severe finding
    assert severity("mod", "gov", 10, 200) > severity("mod", "gov", 100, 200)


# -- outcome -------------------------------------------------------------------


def test_outcome_control_vs_repelled_same_place_and_day():
    claims = claims_frame(
        {"claim_id": "c1", "source_id": "units", "claim_type": "territorial_control"},
        # oblast-level "repelled" the same day contains Alpha
        {"claim_id": "c2", "claim_type": "attack_repelled", "place_ids": "RU-BEL"},
        {"claim_id": "c3", "source_id": "gov", "claim_type": "attack_repelled"},
    )
    found = find(claims, ["outcome"])
    assert found[
        ["claim_ids_a", "claim_ids_b", "value_a", "value_b"]
    ].values.tolist() == [["c1", "c2;c3", "territorial_control", "attack_repelled"]]
    assert found.at[0, "explanation"].startswith("For Alpha (12 Mar 2024), Units (D)")


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"event_date_start": "2024-03-13"}, id="another-day"),
        pytest.param({"place_ids": "gn-c"}, id="another-village"),
        pytest.param({"claim_type": "retreat"}, id="compatible-types"),
        pytest.param({"claim_type": "territorial_control"}, id="same-side-control"),
    ],
)
def test_outcome_no_finding(other):
    claims = claims_frame(
        {"claim_id": "c1", "source_id": "units", "claim_type": "territorial_control"},
        {
            "claim_id": "c2",
            "source_id": "units",
            "claim_type": "attack_repelled",
            **other,
        },
    )
    assert find(claims, ["outcome"]).empty


def test_outcome_both_sides_claim_control():
    claims = claims_frame(
        {"claim_id": "c1", "source_id": "gov", "claim_type": "territorial_control"},
        {"claim_id": "c2", "source_id": "units", "claim_type": "territorial_control"},
    )
    row = find(claims, ["outcome"]).iloc[0]
    assert (row.claim_ids_a, row.claim_ids_b) == ("c2", "c1")
    assert "claims control for the Ukrainian side" in row.explanation


def test_outcome_assertion_vs_denial():
    claims = claims_frame(
        {"claim_id": "c1", "source_id": "units", "claim_type": "territorial_control"},
        {"claim_id": "c2", "claim_type": "territorial_control", "stance": "denies"},
    )
    row = find(claims, ["outcome"]).iloc[0]
    assert (row.value_a, row.value_b) == (
        "territorial_control asserted",
        "territorial_control denied",
    )


def test_outcome_undated_claim_pairs_within_its_incident_only():
    claims = claims_frame(
        {"claim_id": "c1", "source_id": "units", "claim_type": "territorial_control"},
        {
            "claim_id": "c2",
            "source_id": "analyst",
            "claim_type": "fighting_ongoing",
            "event_date_start": None,
        },
        {
            "claim_id": "c3",
            "source_id": "analyst",
            "claim_type": "fighting_ongoing",
            "event_date_start": None,
            "incident_id": "INC-2",
        },
    )
    found = find(claims, ["outcome"])
    assert found[["claim_ids_a", "claim_ids_b"]].values.tolist() == [["c1", "c2"]]


def test_outcome_undated_claim_uses_its_reported_day():
    claims = claims_frame(
        {"claim_id": "c1", "source_id": "units", "claim_type": "territorial_control"},
        # reported three days later: a different day, no conflict
        {
            "claim_id": "c2",
            "claim_type": "attack_repelled",
            "event_date_start": None,
            "reported_date": "2024-03-15",
        },
    )
    assert find(claims, ["outcome"]).empty


# -- escalation and revision ---------------------------------------------------


def test_escalation_series_ordered_by_reported_date():
    claims = claims_frame(
        {
            "claim_id": "c3",
            "source_id": "minister",
            "reported_date": "2024-03-20",
            "event_date_end": "2024-03-20",
            **figure(
                790,
                quantity="irrecoverable_losses",
                value_text="790 irrecoverable losses",
            ),
        },
        {"claim_id": "c1", "reported_date": "2024-03-12", **figure(234)},
        {"claim_id": "c2", "reported_date": "2024-03-13", **figure(234)},
        # undated: listed after the series
        {"claim_id": "c4", "event_date_start": None, **figure(195)},
    )
    found = find(claims, ["escalation", "revision"])
    assert found["kind"].tolist() == ["escalation"]
    row = found.iloc[0]
    assert (row.claim_ids_a, row.claim_ids_b) == ("c1;c2;c4", "c3")
    assert (row.value_a, row.value_b) == ("234", "790")
    text = row.explanation
    assert text.index("(c1, said 12 Mar 2024") < text.index("(c2, said 13 Mar")
    assert text.index("(c2, said 13 Mar") < text.index("(c3, said 20 Mar")
    assert "; undated: 195 (killed) (c4)" in text


def test_a_falling_figure_is_a_revision():
    claims = claims_frame(
        {"claim_id": "c1", "reported_date": "2024-03-12", **figure(300)},
        {"claim_id": "c2", "reported_date": "2024-03-14", **figure(100)},
    )
    assert find(claims, ["escalation", "revision"])["kind"].tolist() == ["revision"]


def test_figures_differing_on_one_day_are_not_a_change_over_time():
    claims = claims_frame(
        {"claim_id": "c1", "reported_date": "2024-03-12", **figure(4)},
        {"claim_id": "c2", "reported_date": "2024-03-12", **figure(3)},
    )
    found = find(claims, ["numeric", "escalation", "revision"])
    assert found["kind"].tolist() == ["numeric"]


def test_revises_claim_id_is_a_revision():
    claims = claims_frame(
        {
            "claim_id": "c1",
            "source_id": "units",
            "claim_type": "territorial_control",
            "summary": "We hold the village.",
        },
        {
            "claim_id": "c2",
            "source_id": "units",
            "claim_type": "fighting_ongoing",
            "revises_claim_id": "c1",
            "summary": "The fight goes on.",
        },
    )
    row = find(claims, ["revision"]).iloc[0]
    assert (row.claim_ids_a, row.claim_ids_b) == ("c1", "c2")
    assert (row.value_a, row.value_b) == ("territorial_control", "fighting_ongoing")
    assert '"We hold the village."' in row.explanation


# -- attribution ---------------------------------------------------------------


def attribution(claim_id: str, **extra) -> dict:
    return {
        "claim_id": claim_id,
        "source_id": "units",
        "claim_type": "attribution",
        "summary": f"statement {claim_id}",
        **extra,
    }


def test_attribution_stance_conflict():
    claims = claims_frame(attribution("c1"), attribution("c2", stance="denies"))
    row = find(claims, ["attribution"]).iloc[0]
    assert "one asserts what the other denies" in row.explanation


def test_attribution_curator_note_marking_a_conflict():
    claims = claims_frame(
        attribution("c1", notes="Sits uneasily with c2 and c3. Other remark."),
        attribution("c2"),
        attribution("c3"),
    )
    row = find(claims, ["attribution"]).iloc[0]
    assert (row.claim_ids_a, row.claim_ids_b) == ("c1", "c2;c3")
    assert 'notes on it say: "Sits uneasily with c2 and c3."' in row.explanation
    assert "the same source said otherwise" in row.explanation


def test_attribution_note_without_a_conflict_word_is_not_a_finding():
    claims = claims_frame(
        attribution("c1", notes="The same statement as c2 in other words."),
        attribution("c2"),
    )
    assert find(claims, ["attribution"]).empty


# -- date and place ------------------------------------------------------------


def test_date_same_figure_next_day_from_another_source():
    claims = claims_frame(
        {
            "claim_id": "c1",
            "claim_type": "civilian_casualties",
            "incident_id": None,
            "event_date_end": "2024-03-15",
            **figure(2, subject_side="civilian"),
        },
        {
            "claim_id": "c2",
            "source_id": "gov",
            "claim_type": "civilian_casualties",
            "event_date_start": "2024-03-16",
            "incident_id": "INC-2",
            **figure(2, subject_side="civilian"),
        },
    )
    found = find(claims, ["date"])
    assert found[
        ["claim_ids_a", "claim_ids_b", "value_a", "value_b"]
    ].values.tolist() == [["c1", "c2", "12 Mar 2024 to 15 Mar 2024", "16 Mar 2024"]]


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"source_id": "minister"}, id="same-source-family"),
        pytest.param({"event_date_start": "2024-03-15"}, id="three-days-later"),
        pytest.param(
            {"value_low": 3, "value_best": 3, "value_high": 3}, id="other-figure"
        ),
        pytest.param({"event_date_start": "2024-03-12"}, id="same-day"),
    ],
)
def test_date_no_finding(other):
    claims = claims_frame(
        {
            "claim_id": "c1",
            "claim_type": "civilian_casualties",
            **figure(2, subject_side="civilian"),
        },
        {
            "claim_id": "c2",
            "claim_type": "civilian_casualties",
            "event_date_start": "2024-03-13",
            **figure(2, subject_side="civilian"),
            "source_id": "gov",
            **other,
        },
    )
    assert find(claims, ["date"]).empty


def test_place_same_event_at_places_apart():
    claims = claims_frame(
        {"claim_id": "c1", "claim_type": "strike"},
        {
            "claim_id": "c2",
            "source_id": "gov",
            "claim_type": "strike",
            "place_ids": "gn-c",
        },
    )
    row = find(claims, ["place"]).iloc[0]
    assert (row.value_a, row.value_b) == ("gn-a", "gn-c")
    assert "places a strike in Alpha" in row.explanation


def test_place_oblast_disagrees_with_the_gazetteer():
    claims = claims_frame({"claim_id": "c1", "admin1_codes": "RU-KRS"})
    row = find(claims, ["place"]).iloc[0]
    assert (row.field, row.value_a, row.value_b) == ("admin1_codes", "RU-KRS", "RU-BEL")
    assert "leave out RU-BEL, where the gazetteer puts Alpha (gn-a)" in row.explanation
    assert row.claim_ids_b == ""


# -- single-source -------------------------------------------------------------


def test_single_source_claims_and_corroboration():
    claims = claims_frame(
        {"claim_id": "c1", "claim_type": "strike"},
        # shelling corroborates a strike; another source family
        {"claim_id": "c2", "source_id": "gov", "claim_type": "shelling"},
        # the minister speaks for the ministry: no corroboration
        {"claim_id": "c3", "claim_type": "retreat"},
        {"claim_id": "c4", "source_id": "minister", "claim_type": "retreat"},
    )
    found = find(claims, ["single-source"])
    assert found[["claim_ids_a", "source_ids_a", "value_a"]].values.tolist() == [
        ["c3;c4", "minister;mod", "retreat"]
    ]
    assert found.at[0, "explanation"].startswith("Only Ministry (D) and Minister (D)")


# -- the table -----------------------------------------------------------------


def test_findings_table_shape_and_order():
    claims = claims_frame(
        {"claim_id": "c1", **figure(7)},
        {"claim_id": "c2", "source_id": "wiki", **figure(1)},
        {"claim_id": "c3", "incident_id": "INC-0", "claim_type": "strike"},
    )
    found = find(claims)
    assert tuple(found.columns) == FINDING_COLUMNS
    assert found["incident_id"].tolist() == sorted(found["incident_id"])
    assert found["finding_id"].str.fullmatch(r"F-[0-9a-f]{16}").all()
    assert found["severity_label"].isin(["low", "medium", "high"]).all()


def test_no_claims_no_findings():
    empty = claims_frame({"claim_id": "c1"}).iloc[:0]
    found = find(empty)
    assert found.empty
    assert tuple(found.columns) == FINDING_COLUMNS


def test_incidents_must_be_the_mapping_not_the_incidents_table():
    claims = claims_frame({"claim_id": "c1"})
    with pytest.raises(MissingColumnsError, match="cluster_incidents"):
        find(claims, incidents=pd.DataFrame({"incident_id": ["INC-1"]}))


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown kind"):
        find(claims_frame({"claim_id": "c1"}), ["numbers"])
