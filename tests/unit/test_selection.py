"""ClaimFilter and filter_claims: the explorer's and the exports' one selection."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import osintkit as ok
from osintkit.errors import ParameterError
from osintkit.selection import (
    UNKNOWN_SOURCE,
    ClaimFilter,
    filter_claims,
    list_filter_choices,
)

MINI = Path(__file__).parents[1] / "fixtures" / "mini" / "kursk-belgorod-mini"

CHOICES = {
    "regions": ["RU-BEL", "RU-KRS", "UA-SUM"],
    "sides": ["independent", "pro_ukraine", "russia", "ukraine", "unknown"],
    "actors": ["lsr", "rdk", "sib"],
    "claim_types": ["attack_repelled", "enemy_casualties", "territorial_control"],
    "statuses": ["assessed", "claimed", "corroborated"],
}


def claims_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            # rows out of claim_id order on purpose: the result is sorted
            "claim_id": ["C5", "C1", "C2", "C3", "C4", "C6", "C7"],
            "source_id": ["isw", "mod", "lsr", "lsr", "gone", "anon", "mil"],
            "reported_date": pd.to_datetime(
                [
                    "2024-03-18",  # C5: the day after the week
                    "2024-03-11",  # C1: first day of the week
                    "2024-03-17",  # C2: last day of the week
                    None,  # C3: no reported date, event date inside the week
                    "2024-03-12",  # C4
                    None,  # C6: undated
                    "2024-03-13",  # C7
                ]
            ),
            "event_date_start": pd.to_datetime(
                [None, None, None, "2024-03-14", None, None, None]
            ),
            "admin1_codes": [
                "RU-BEL;RU-KRS",  # C5: two oblasts
                "RU-BEL",
                "RU-KRS",
                "RU-BELX",  # C3: not RU-BEL (no prefix match)
                None,  # C4: no oblast
                "RU-KRS",
                "UA-SUM",
            ],
            "actor_ids": ["lsr;rdk", None, "lsr", "rdk", "sib", None, None],
            "claim_type": [
                "territorial_control",
                "attack_repelled",
                "territorial_control",
                "territorial_control",
                "enemy_casualties",
                "attack_repelled",
                "enemy_casualties",
            ],
            "status": [
                "assessed",
                "claimed",
                "claimed",
                "corroborated",
                "claimed",
                "claimed",
                "claimed",
            ],
        }
    )


def sources_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["isw", "mod", "lsr", "anon", "mil"],
            "name": ["ISW", "Ministry of Defence", "LSR", "Anonymous channel", "GUR"],
            "side": ["independent", "russia", "pro_ukraine", "unknown", "ukraine"],
            # C4's source "gone" is not in the table: no grade at all
            "reliability": ["B", "D", "D", "F", "C"],
        }
    )


def ids(claim_filter: ClaimFilter | None = None, **kwargs: object) -> list[str]:
    selected = filter_claims(
        claims_frame(), claim_filter, sources=sources_frame(), choices=CHOICES
    )
    return selected["claim_id"].tolist()


# -- each filter ----------------------------------------------------------------


def test_filter_claims_without_filter_keeps_every_claim_sorted_by_id():
    assert ids() == ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]


def test_filter_claims_adds_source_columns_and_claim_day():
    selected = filter_claims(claims_frame(), sources=sources_frame())
    row = selected.set_index("claim_id").loc["C1"]
    assert (row["source_name"], row["source_side"], row["source_reliability"]) == (
        "Ministry of Defence",
        "russia",
        "D",
    )
    unknown = selected.set_index("claim_id").loc["C4"]
    assert unknown["source_name"] == UNKNOWN_SOURCE
    assert pd.isna(unknown["source_reliability"])
    assert selected["claim_day"].notna().sum() == 6
    assert selected.index.tolist() == list(range(7))


def test_filter_claims_does_not_change_its_inputs():
    claims, sources = claims_frame(), sources_frame()
    filter_claims(claims, ClaimFilter(regions=["RU-BEL"]), sources=sources)
    pd.testing.assert_frame_equal(claims, claims_frame())
    pd.testing.assert_frame_equal(sources, sources_frame())


@pytest.mark.parametrize(
    ("claim_filter", "expected"),
    [
        pytest.param(
            ClaimFilter(start="2024-03-11", end="2024-03-17"),
            ["C1", "C2", "C3", "C4", "C7"],  # C3 by its event date; C6 undated
            id="week-inclusive",
        ),
        pytest.param(
            ClaimFilter(start=date(2024, 3, 17)),
            ["C2", "C5"],
            id="start-only-as-date",
        ),
        pytest.param(ClaimFilter(end="2024-03-11"), ["C1"], id="end-only"),
        pytest.param(
            ClaimFilter(regions=["RU-BEL"]), ["C1", "C5"], id="region-not-prefix"
        ),
        pytest.param(
            ClaimFilter(regions=["ru-bel", "UA-SUM"]),
            ["C1", "C5", "C7"],
            id="regions-any-lower-case",
        ),
        pytest.param(
            ClaimFilter(sides=["russia", "independent"]), ["C1", "C5"], id="sides"
        ),
        pytest.param(ClaimFilter(actors=["rdk"]), ["C3", "C5"], id="actor-in-list"),
        pytest.param(
            ClaimFilter(actors=["lsr", "sib"]), ["C2", "C4", "C5"], id="actors-any"
        ),
        pytest.param(
            ClaimFilter(claim_types=["enemy_casualties"]),
            ["C4", "C7"],
            id="claim-type",
        ),
        pytest.param(
            ClaimFilter(statuses=["assessed", "corroborated"]),
            ["C3", "C5"],
            id="statuses",
        ),
        pytest.param(ClaimFilter(min_reliability="A"), [], id="grade-A-none"),
        pytest.param(ClaimFilter(min_reliability="B"), ["C5"], id="grade-B"),
        pytest.param(
            ClaimFilter(min_reliability="D"),
            ["C1", "C2", "C3", "C5", "C7"],  # F (C6) and no grade (C4) left out
            id="grade-D-leaves-out-F-and-ungraded",
        ),
        pytest.param(
            ClaimFilter(min_reliability="e"),
            ["C1", "C2", "C3", "C5", "C7"],  # F is not "worse than E"
            id="grade-E-still-leaves-out-F",
        ),
        pytest.param(
            ClaimFilter(min_reliability="B", include_unjudged=True),
            ["C4", "C5", "C6"],
            id="grade-B-with-unjudged",
        ),
        pytest.param(
            ClaimFilter(include_unjudged=True),
            ["C1", "C2", "C3", "C4", "C5", "C6", "C7"],
            id="unjudged-without-threshold-keeps-all",
        ),
    ],
)
def test_filter_claims_each_filter(claim_filter, expected):
    assert ids(claim_filter) == expected


@pytest.mark.parametrize(
    ("claim_filter", "expected"),
    [
        pytest.param(
            ClaimFilter(
                start="2024-03-11",
                end="2024-03-17",
                claim_types=["territorial_control"],
            ),
            ["C2", "C3"],
            id="week-and-type",
        ),
        pytest.param(
            ClaimFilter(regions=["RU-KRS"], sides=["pro_ukraine"], actors=["lsr"]),
            ["C2"],
            id="region-side-actor",
        ),
        pytest.param(
            ClaimFilter(regions=["RU-KRS"], min_reliability="C"),
            ["C5"],
            id="region-and-grade",
        ),
        pytest.param(
            ClaimFilter(
                start="2024-03-11",
                end="2024-03-17",
                statuses=["claimed"],
                min_reliability="D",
                include_unjudged=True,
            ),
            ["C1", "C2", "C4", "C7"],
            id="period-status-grade-unjudged",
        ),
        pytest.param(
            ClaimFilter(sides=["russia"], actors=["lsr"]), [], id="nothing-matches"
        ),
    ],
)
def test_filter_claims_combined_filters_must_all_hold(claim_filter, expected):
    assert ids(claim_filter) == expected


def test_filter_claims_on_a_dataset_checks_and_selects():
    dataset = ok.load_dataset(MINI)
    selected = filter_claims(dataset, ClaimFilter(actors=["lsr"]))
    assert selected["claim_id"].tolist() == ["C001", "C040", "C041"]
    assert set(selected["source_name"]) == {"Freedom of Russia Legion (LSR)"}
    bel = filter_claims(
        dataset,
        ClaimFilter(regions=["RU-BEL"], claim_types=["enemy_casualties"]),
    )
    assert bel["claim_id"].tolist() == ["C007", "C027", "C106"]


def test_filter_claims_on_a_dataset_refuses_unknown_values():
    with pytest.raises(ParameterError, match="unknown side 'russian'"):
        filter_claims(ok.load_dataset(MINI), ClaimFilter(sides=["russian"]))


def test_filter_claims_on_frames_checks_only_when_given_choices():
    # without choices a value absent from the data simply selects nothing
    selected = filter_claims(
        claims_frame(), ClaimFilter(sides=["martian"]), sources=sources_frame()
    )
    assert selected.empty
    with pytest.raises(ParameterError, match="martian"):
        ids(ClaimFilter(sides=["martian"]))


def test_filter_claims_on_frames_needs_sources():
    with pytest.raises(TypeError, match="sources="):
        filter_claims(claims_frame(), ClaimFilter())


# -- the filter value -----------------------------------------------------------


def test_claim_filter_normalises_its_values():
    claim_filter = ClaimFilter(
        start=" 2024-03-11 ",
        regions="ru-krs",  # a single string is one value, not its letters
        sides=["russia", "independent", "russia"],
        min_reliability=" c ",
    )
    assert claim_filter.start == date(2024, 3, 11)
    assert claim_filter.regions == ("RU-KRS",)
    assert claim_filter.sides == ("independent", "russia")
    assert claim_filter.min_reliability == "C"
    assert claim_filter == ClaimFilter(
        start=date(2024, 3, 11),
        regions=["RU-KRS"],
        sides=("russia", "independent"),
        min_reliability="C",
    )


def test_claim_filter_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ClaimFilter().sides = ("russia",)  # type: ignore[misc]


def test_claim_filter_is_empty():
    assert ClaimFilter().is_empty
    assert ClaimFilter(include_unjudged=True).is_empty
    assert not ClaimFilter(statuses=["claimed"]).is_empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"start": "12/03/2024"},
            "start '12/03/2024' is not a date",
            id="date-format",
        ),
        pytest.param(
            {"end": "2024-02-30"}, "end '2024-02-30' is not a date", id="date-invalid"
        ),
        pytest.param(
            {"start": "2024-03-18", "end": "2024-03-11"},
            "start 2024-03-18 is after end 2024-03-11",
            id="start-after-end",
        ),
        pytest.param(
            {"regions": ["Belgorod"]}, "not an ISO 3166-2 code", id="region-form"
        ),
        pytest.param({"sides": ["russia", " "]}, "an empty side", id="empty-value"),
        pytest.param({"actors": [7]}, "actor 7 is not a string", id="not-a-string"),
        pytest.param({"min_reliability": "F"}, "'F' is not a threshold", id="grade-F"),
        pytest.param(
            {"min_reliability": "G"},
            "minimum reliability 'G' is not a grade; use one of: A, B, C, D, E",
            id="grade-unknown",
        ),
    ],
)
def test_claim_filter_refuses_malformed_values(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        ClaimFilter(**kwargs)


def test_check_names_every_unknown_value_and_the_allowed_ones():
    claim_filter = ClaimFilter(
        regions=["RU-XYZ"],
        sides=["russian", "russia"],
        actors=["legion"],
        claim_types=["victory"],
        statuses=["rumoured"],
    )
    with pytest.raises(ParameterError) as caught:
        claim_filter.check(CHOICES)
    lines = str(caught.value).splitlines()
    assert lines == [
        "unknown region 'RU-XYZ'; use one of: RU-BEL, RU-KRS, UA-SUM",
        "unknown side 'russian'; use one of: independent, pro_ukraine, russia, "
        "ukraine, unknown",
        "unknown actor 'legion'; use one of: lsr, rdk, sib",
        "unknown claim type 'victory'; use one of: attack_repelled, "
        "enemy_casualties, territorial_control",
        "unknown status 'rumoured'; use one of: assessed, claimed, corroborated",
    ]


def test_check_returns_the_filter_when_every_value_is_known():
    claim_filter = ClaimFilter(sides=["russia"], actors=["lsr"])
    assert claim_filter.check(CHOICES) is claim_filter
    assert claim_filter.check({}) is claim_filter  # nothing to check against


def test_list_filter_choices_of_the_mini_dataset():
    choices = list_filter_choices(ok.load_dataset(MINI))
    assert choices["regions"] == ("RU-BEL", "RU-KRS")
    assert "pro_ukraine" in choices["sides"] and "civilian" in choices["sides"]
    assert {"lsr", "ru-mod", "fsb"} <= set(choices["actors"])
    assert "strike_warning" in choices["claim_types"]  # from the enum, not the data
    assert choices["statuses"] == tuple(sorted(choices["statuses"]))


@pytest.mark.parametrize(
    ("claim_filter", "sentence"),
    [
        pytest.param(ClaimFilter(), "All claims.", id="nothing"),
        pytest.param(
            ClaimFilter(start="2024-03-12", end="2024-03-12"),
            "Claims dated on 2024-03-12 (undated claims left out).",
            id="one-day",
        ),
        pytest.param(
            ClaimFilter(start="2024-03-12"),
            "Claims dated from 2024-03-12 (undated claims left out).",
            id="open-end",
        ),
        pytest.param(
            ClaimFilter(
                regions=["RU-KRS", "RU-BEL"],
                sides=["russia"],
                actors=["lsr", "rdk", "sib"],
                claim_types=["attack_repelled"],
                statuses=["claimed"],
            ),
            "Claims in RU-BEL or RU-KRS, by sources on the russia side, about lsr, "
            "rdk or sib, of type attack_repelled, with status claimed.",
            id="lists",
        ),
        pytest.param(
            ClaimFilter(min_reliability="A"),
            "Claims from sources graded A (F and ungraded left out).",
            id="grade-A",
        ),
        pytest.param(
            ClaimFilter(min_reliability="C", include_unjudged=True),
            "Claims from sources graded A to C, F (cannot be judged) or not graded.",
            id="grade-with-unjudged",
        ),
    ],
)
def test_describe_is_one_plain_sentence(claim_filter, sentence):
    assert claim_filter.describe() == sentence


def test_to_dict_is_json_ready():
    values = ClaimFilter(start="2024-03-11", regions=["RU-BEL"]).to_dict()
    assert values["start"] == "2024-03-11"
    assert values["end"] is None
    assert values["regions"] == ["RU-BEL"]
    assert values["include_unjudged"] is False
