"""Clustering claims into incidents: the rule, its explanation, its limits."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import osintkit as ok
from osintkit import paths
from osintkit.errors import MissingColumnsError
from osintkit.incidents import (
    add_clustered_incidents,
    claim_view,
    cluster_incidents,
    clustered_incident_rows,
    connected_components,
    sweep_cross,
    sweep_pairs,
)

# A tiny gazetteer: two oblasts, settlements A and B 5.6 km apart, C 55 km
# from A, all in RU-BEL; K in RU-KRS.
PLACES = pd.DataFrame(
    {
        "place_id": ["RU-BEL", "RU-KRS", "gn-a", "gn-b", "gn-c", "gn-k"],
        "name": ["Belgorod", "Kursk", "Alpha", "Bravo", "Charlie", "Kilo"],
        "place_type": ["oblast", "oblast", *["settlement"] * 4],
        "admin1_code": ["RU-BEL", "RU-KRS", "RU-BEL", "RU-BEL", "RU-BEL", "RU-KRS"],
        "latitude": [50.8, 51.7, 50.0, 50.05, 50.5, 51.3],
        "longitude": [37.2, 36.3, 36.0, 36.0, 36.0, 34.3],
    }
)


def claims_frame(*rows: dict) -> pd.DataFrame:
    """Claims with defaults: one day (12 March), a strike at Alpha."""
    defaults = {
        "source_id": "src",
        "incident_id": None,
        "event_date_start": "2024-03-12",
        "event_date_end": None,
        "date_precision": "day",
        "place_ids": "gn-a",
        "admin1_codes": "RU-BEL",
        "geo_precision": "settlement",
        "actor_ids": None,
        "claim_type": "strike",
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    for column in ("event_date_start", "event_date_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    frame["event_date_end"] = frame["event_date_end"].fillna(frame["event_date_start"])
    return frame


def by_claim(result: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {r.claim_id: (r.incident_id, r.rule) for r in result.itertuples(index=False)}


def test_cluster_incidents_curator_id_wins():
    claims = claims_frame(
        {"claim_id": "c1", "incident_id": "INC-9"},
        # same place and day as c1, but c1 is curated: c2 is clustered alone
        {"claim_id": "c2"},
    )
    result = by_claim(cluster_incidents(claims, places=PLACES))
    assert result["c1"] == ("INC-9", "curator")
    assert result["c2"] == ("AUTO-c2", "singleton")


def test_cluster_incidents_same_place_and_day_join_with_their_rule():
    claims = claims_frame(
        {"claim_id": "c2", "claim_type": "civilian_casualties"},
        {"claim_id": "c1"},
    )
    result = cluster_incidents(claims, places=PLACES)
    assert result["claim_id"].tolist() == ["c1", "c2"]
    assert set(result["incident_id"]) == {"AUTO-c1"}
    assert result["rule"].tolist() == ["same-place+date-window+actors-not-compared"] * 2
    assert result["linked_claim_id"].tolist() == ["c2", "c1"]


@pytest.mark.parametrize(
    ("second", "joined"),
    [
        pytest.param({"claim_type": "territorial_control"}, False, id="other-family"),
        pytest.param({"event_date_start": "2024-03-13"}, False, id="next-day"),
        pytest.param({"place_ids": "gn-b"}, True, id="settlement-5km-away"),
        pytest.param({"place_ids": "gn-c"}, False, id="settlement-55km-away"),
        pytest.param(
            {"event_date_start": "2024-03-10", "date_precision": "week"},
            True,
            id="week-precision-covers-the-day",
        ),
        pytest.param(
            {"event_date_start": "2024-03-10", "event_date_end": "2024-03-14"},
            True,
            id="date-range-covers-the-day",
        ),
        pytest.param({"event_date_start": None}, False, id="undated"),
        pytest.param({"place_ids": None, "admin1_codes": None}, False, id="no-place"),
    ],
)
def test_cluster_incidents_rule(second, joined):
    claims = claims_frame({"claim_id": "c1"}, {"claim_id": "c2", **second})
    result = by_claim(cluster_incidents(claims, places=PLACES))
    assert (result["c2"][0] == "AUTO-c1") is joined


def test_cluster_incidents_window_days_joins_adjacent_days():
    claims = claims_frame(
        {"claim_id": "c1"}, {"claim_id": "c2", "event_date_start": "2024-03-13"}
    )
    assert by_claim(cluster_incidents(claims, places=PLACES, window_days=1))["c2"][
        0
    ] == ("AUTO-c1")


def test_cluster_incidents_distance_km_is_a_parameter():
    claims = claims_frame({"claim_id": "c1"}, {"claim_id": "c2", "place_ids": "gn-b"})
    result = by_claim(cluster_incidents(claims, places=PLACES, distance_km=2))
    assert result["c2"][0] == "AUTO-c2"


@pytest.mark.parametrize(
    ("actors", "joined"),
    [
        pytest.param(("lsr", "lsr;rdk"), True, id="shared-actor"),
        pytest.param(("lsr", "fsb"), False, id="different-actors"),
        pytest.param(("lsr", None), True, id="one-names-none"),
    ],
)
def test_cluster_incidents_actor_overlap_for_ground_claims(actors, joined):
    claims = claims_frame(
        {"claim_id": "c1", "claim_type": "fighting_ongoing", "actor_ids": actors[0]},
        {"claim_id": "c2", "claim_type": "retreat", "actor_ids": actors[1]},
    )
    result = by_claim(cluster_incidents(claims, places=PLACES))
    assert (result["c2"][0] == "AUTO-c1") is joined


def test_cluster_incidents_oblast_claim_joins_the_one_settlement_cluster_inside():
    claims = claims_frame(
        {"claim_id": "c1"},
        # oblast-level claim of the same day: the only cluster inside RU-BEL
        {"claim_id": "c2", "place_ids": "RU-BEL", "geo_precision": "oblast"},
        # Kursk Oblast: not inside Belgorod Oblast
        {"claim_id": "c3", "place_ids": "gn-k", "admin1_codes": "RU-KRS"},
    )
    result = by_claim(cluster_incidents(claims, places=PLACES))
    assert result["c2"] == (
        "AUTO-c1",
        "oblast-contains-settlement+date-window+actors-not-compared",
    )
    assert result["c3"][0] == "AUTO-c3"


def test_cluster_incidents_oblast_claim_matching_two_clusters_stays_apart():
    claims = claims_frame(
        {"claim_id": "c1"},
        {"claim_id": "c2", "place_ids": "gn-c"},  # 55 km away: its own cluster
        {"claim_id": "c3", "place_ids": "RU-BEL", "geo_precision": "oblast"},
        # another oblast-level claim: the two join each other by oblast
        {"claim_id": "c4", "place_ids": "RU-BEL", "geo_precision": "oblast"},
    )
    result = by_claim(cluster_incidents(claims, places=PLACES))
    assert result["c1"][0] != result["c2"][0]
    assert result["c3"][0] == result["c4"][0] == "AUTO-c3"
    assert result["c3"][1].startswith("same-oblast+")


def test_cluster_incidents_without_gazetteer_uses_the_claims_oblasts():
    claims = claims_frame(
        {"claim_id": "c1"},
        {"claim_id": "c2", "place_ids": "RU-BEL", "geo_precision": "oblast"},
    )
    assert by_claim(cluster_incidents(claims))["c2"][0] == "AUTO-c1"


def test_cluster_incidents_ids_do_not_depend_on_row_order():
    claims = claims_frame(
        {"claim_id": "c3", "place_ids": "gn-b"},
        {"claim_id": "c1"},
        {"claim_id": "c2", "claim_type": "shelling"},
        {"claim_id": "c4", "place_ids": "gn-c"},
    )
    expected = cluster_incidents(claims, places=PLACES)
    for permutation in itertools.permutations(range(len(claims))):
        shuffled = claims.iloc[list(permutation)].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            cluster_incidents(shuffled, places=PLACES), expected
        )


def test_cluster_incidents_missing_column_says_what_to_pass():
    with pytest.raises(MissingColumnsError, match="claim_type"):
        cluster_incidents(pd.DataFrame({"claim_id": ["c1"], "source_id": ["s"]}))


def test_cluster_incidents_repeated_claim_id_is_an_error():
    claims = claims_frame({"claim_id": "c1"}, {"claim_id": "c1"})
    with pytest.raises(ValueError, match="repeated: c1"):
        cluster_incidents(claims)


def test_claim_view_widens_by_date_precision():
    claims = claims_frame(
        {"claim_id": "d", "event_date_start": "2024-03-12"},
        {"claim_id": "m", "event_date_start": "2024-03-12", "date_precision": "month"},
        {"claim_id": "y", "event_date_start": "2024-03-12", "date_precision": "year"},
    )
    view = claim_view(claims)
    days = view[["lo", "hi"]].to_numpy().astype("datetime64[D]").astype(str).tolist()
    assert days == [
        ["2024-03-12", "2024-03-12"],
        ["2024-03-12", "2024-03-31"],
        ["2024-03-12", "2024-12-31"],
    ]


def brute_pairs(key, lo, hi, window):
    return {
        (i, j)
        for i in range(len(key))
        for j in range(i + 1, len(key))
        if key[i] == key[j] and max(lo[i], lo[j]) - min(hi[i], hi[j]) <= window
    }


@pytest.mark.parametrize("seed", range(5))
def test_sweep_pairs_matches_all_pairs(seed):
    rng = np.random.default_rng(seed)
    n = 60
    key = rng.integers(0, 4, n)
    lo = rng.integers(0, 30, n)
    hi = lo + rng.integers(0, 5, n)
    i, j = sweep_pairs(key, lo, hi, 1)
    found = {
        (min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)
    }
    assert len(found) == len(i)  # each pair once
    assert found == brute_pairs(key, lo, hi, 1)


@pytest.mark.parametrize("seed", range(5))
def test_sweep_cross_matches_all_pairs(seed):
    rng = np.random.default_rng(seed)
    ka, kb = rng.integers(0, 3, 25), rng.integers(0, 3, 30)
    la, lb = rng.integers(0, 20, 25), rng.integers(0, 20, 30)
    ha, hb = la + rng.integers(0, 4, 25), lb + rng.integers(0, 4, 30)
    i, j = sweep_cross(ka, la, ha, kb, lb, hb, 0)
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    expected = {
        (x, y)
        for x in range(25)
        for y in range(30)
        if ka[x] == kb[y] and max(la[x], lb[y]) <= min(ha[x], hb[y])
    }
    assert len(found) == len(i)
    assert found == expected


def test_connected_components_labels_by_smallest_member():
    labels = connected_components(6, np.array([5, 1, 2]), np.array([4, 2, 3]))
    assert labels.tolist() == [0, 1, 1, 1, 4, 4]


def test_sample_clustering_reproduces_most_of_the_curators_grouping():
    """Blank every curated id and compare the clusters with the curator's.

    Pairwise precision: of the claim pairs the clustering puts together, how
    many the curator also grouped. Recall: of the curator's pairs (among
    dated claims with places, the only ones a rule can join), how many the
    clustering finds. The curator's incursion-wide incident mixes oblast
    claims of several days with village claims, which the rule keeps apart.
    """
    ds = ok.load_dataset(paths.SAMPLE_DATASET)
    claims = ds["claims"]
    blank = claims.assign(incident_id=pd.Series(pd.NA, index=claims.index, dtype="str"))
    result = cluster_incidents(blank, places=ds.reference["places"])
    curated = claims.set_index("claim_id")["incident_id"]
    auto = result.set_index("claim_id")["incident_id"]
    joinable = claims.loc[
        claims["event_date_start"].notna() & claims["place_ids"].notna(), "claim_id"
    ]
    pairs = list(itertools.combinations(sorted(joinable), 2))
    together_auto = {p for p in pairs if auto[p[0]] == auto[p[1]]}
    together_curated = {
        p for p in pairs if pd.notna(curated[p[0]]) and curated[p[0]] == curated[p[1]]
    }
    precision = len(together_auto & together_curated) / len(together_auto)
    recall = len(together_auto & together_curated) / len(together_curated)
    assert precision >= 0.85
    assert recall >= 0.6


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    shutil.copytree(paths.SAMPLE_DATASET, tmp_path / "kursk-belgorod-2024-03")
    shutil.copytree(paths.REFERENCE_DIR, tmp_path / "reference")
    return tmp_path / "kursk-belgorod-2024-03"


def test_add_clustered_incidents_records_only_clusters_and_validates(sample_copy):
    ds = ok.load_dataset(sample_copy)
    before = ds["claims"].copy()
    assignment = cluster_incidents(ds["claims"], places=ds.reference["places"])
    added = add_clustered_incidents(ds, assignment)
    assert added == ["AUTO-C042", "AUTO-C082a", "AUTO-C090"]
    ds.save()
    reloaded = ok.load_dataset(sample_copy)
    claims = reloaded["claims"].set_index("claim_id")
    assert claims.loc["C091", "incident_id"] == "AUTO-C090"
    # curated claims keep their incident
    curated = before["incident_id"].notna()
    assert (
        reloaded["claims"].loc[curated, "incident_id"]
        == before.loc[curated, "incident_id"]
    ).all()
    rows = reloaded["incidents"].set_index("incident_id").loc["AUTO-C090"]
    assert rows["place_ids"] == "RU-BEL;gn-502400"
    assert "C091 joined C090 by oblast-contains-settlement" in rows["grouping_notes"]
    # a second run adds nothing
    again = cluster_incidents(reloaded["claims"], places=reloaded.reference["places"])
    assert add_clustered_incidents(reloaded, again) == []


def test_clustered_incident_rows_skip_single_claims():
    claims = claims_frame({"claim_id": "c1"}, {"claim_id": "c2", "place_ids": "gn-c"})
    rows = clustered_incident_rows(claims, cluster_incidents(claims, places=PLACES))
    assert rows.empty
