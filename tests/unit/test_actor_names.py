"""Actor resolution: aliases in three languages, abbreviations and claimant cells."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

import osintkit as ok
from osintkit import paths
from osintkit.actor_names import ActorResolver

SHARED_REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
CLAIMS_SHEET = SHARED_REAL / "claims_march2024_incursion_part" / "claims.csv"
NO_SHARED = (
    f"{SHARED_REAL} is absent (a clone without ../shared): real files not checked"
)


@pytest.fixture(scope="module")
def actors() -> ActorResolver:
    return ActorResolver.from_reference(ok.load_dataset(paths.REFERENCE_DIR))


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        pytest.param("LSR", "lsr", id="lsr-latin"),
        pytest.param("ЛСР", "lsr", id="lsr-cyrillic"),
        pytest.param("ЛCP", "lsr", id="lsr-homoglyphs"),
        pytest.param('Legion "Freedom of Russia"', "lsr", id="lsr-quoted"),
        pytest.param('"Liberty of Russia" Legion', "lsr", id="lsr-liberty"),
        pytest.param("“Liberty of Russia” Legion", "lsr", id="lsr-curly-quotes"),
        pytest.param("Legion Freedom of Russia", "lsr", id="lsr-word-order"),
        pytest.param("Легион «Свобода России»", "lsr", id="lsr-russian"),
        pytest.param("Легіон «Свобода Росії»", "lsr", id="lsr-ukrainian"),
        pytest.param("Legion Svoboda Rossii", "lsr", id="lsr-transliterated"),
        pytest.param("RDK", "rdk", id="rdk"),
        pytest.param("RVC", "rdk", id="rvc"),
        pytest.param("РДК", "rdk", id="rdk-cyrillic"),
        pytest.param("Russian Volunteer Corps", "rdk", id="rdk-english"),
        pytest.param("Русский добровольческий корпус", "rdk", id="rdk-russian"),
        pytest.param("Російський добровольчий корпус", "rdk", id="rdk-ukrainian"),
        pytest.param("Siberia Batallion", "siberian-battalion", id="siberian-misspelt"),
        pytest.param("Sibirian Battalion", "siberian-battalion", id="siberian-fuzzy"),
        pytest.param("Сибірський батальйон", "siberian-battalion", id="siberian-uk"),
        pytest.param("ГУР", "hur", id="hur-cyrillic"),
        pytest.param("Ukraine’s military intelligence", "hur", id="hur-possessive"),
        pytest.param("В’ячеслав Гладков", "gladkov", id="gladkov-apostrophe"),
        pytest.param("Viacheslav Gladkov", "gladkov", id="gladkov-transliteration"),
        pytest.param("Минобороны России", "ru-mod", id="ru-mod-russian"),
        pytest.param("Russia's Ministry of Defence", "ru-mod", id="ru-mod-possessive"),
        pytest.param("Russian Defense Ministry", "ru-mod", id="ru-mod-us-spelling"),
        pytest.param("Andrii Yusov", "yusov", id="yusov-transliteration"),
    ],
)
def test_resolve_actor_aliases(actors: ActorResolver, name: str, actor_id: str) -> None:
    match = actors.resolve_actor(name)
    assert (match.status, match.actor_id) == ("matched", actor_id)


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        pytest.param("MoD", ("ru-mod", "ua-mod"), id="mod"),
        pytest.param("Ministry of Defence", ("ru-mod", "ua-mod"), id="ministry"),
        pytest.param("Міноборони", ("ru-mod", "ua-mod"), id="minoborony"),
        pytest.param("Belgorod authorities",
                     ("belgorod-city-administration", "belgorod-oblast-government"),
                     id="belgorod-authorities"),
        # an alias row says lsr, not_same_entity says "not without context"
        pytest.param("the Legion", ("lsr",), id="the-legion"),
    ],
)  # fmt: skip
def test_resolve_actor_shared_names_are_ambiguous(
    actors: ActorResolver, name: str, candidates: tuple[str, ...]
) -> None:
    match = actors.resolve_actor(name)
    assert match.status == "ambiguous"
    assert match.actor_id is None
    assert match.candidates == candidates
    assert match.notes


def test_resolve_actor_side_context_chooses(actors: ActorResolver) -> None:
    assert actors.resolve_actor("MoD", side="russia").actor_id == "ru-mod"
    match = actors.resolve_actor("Міноборони", side="ukraine")
    assert (match.actor_id, match.method) == ("ua-mod", "context")
    # an outside homonym (Russian Imperial Legion) cannot be ruled out by side
    assert actors.resolve_actor("the Legion", side="pro_ukraine").status == "ambiguous"


def test_resolve_actor_not_same_entity_blocks_outside_names(
    actors: ActorResolver,
) -> None:
    assert actors.resolve_actor("Russian Imperial Movement").status == "unmatched"
    assert actors.resolve_actor("GRU").status == "unmatched"


def test_resolve_actor_unknown_and_input_unchanged(actors: ActorResolver) -> None:
    name = "NOEL\u200breports"
    match = actors.resolve_actor(name)
    assert match.status == "unmatched"
    assert match.name is name
    assert match.name == "NOEL\u200breports"


@pytest.mark.parametrize(
    ("cell", "actor_ids", "unknown"),
    [
        pytest.param("LSR, RDK and Siberian Battalion (joint statement)",
                     ("lsr", "rdk", "siberian-battalion"), (), id="joint-statement"),
        pytest.param("Andriy Yusov, spokesperson of Ukraine's military intelligence"
                     " (HUR)", ("yusov", "hur"), (), id="person-with-role"),
        pytest.param("Representative of Ukraine's Defence Intelligence (HUR),"
                     " on Suspilne", ("hur",), (), id="role-and-venue"),
        pytest.param("Freedom of Russia Legion (LSR)", ("lsr",), (), id="abbreviation"),
        pytest.param("ЛСР і РДК", ("lsr", "rdk"), (), id="ukrainian-and"),
        pytest.param("Sim Tack, chief military analyst, Force Analysis", (),
                     ("Sim Tack", "Force Analysis", "chief military analyst"),
                     id="unknown-analyst"),
        pytest.param("Russian officials (unnamed)", (), ("Russian officials",),
                     id="unnamed-officials"),
    ],
)  # fmt: skip
def test_resolve_actor_cell(
    actors: ActorResolver,
    cell: str,
    actor_ids: tuple[str, ...],
    unknown: tuple[str, ...],
) -> None:
    result = actors.resolve_actor_cell(cell)
    assert result.actor_ids == actor_ids
    assert result.unknown == unknown
    assert result.text is cell


def test_resolve_actor_cell_citing(actors: ActorResolver) -> None:
    result = actors.resolve_actor_cell(
        "Ukrainska Pravda (citing LSR and Siberian Battalion)"
    )
    assert result.unknown == ("Ukrainska Pravda",)
    assert [m.actor_id for m in result.cited] == ["lsr", "siberian-battalion"]
    assert result.status == "unmatched"


def test_resolve_actor_cell_roles_and_qualifiers(actors: ActorResolver) -> None:
    result = actors.resolve_actor_cell(
        "Sergei Shoigu, Russian Defence Minister (as reported)"
    )
    assert result.actor_ids == ("shoigu",)
    assert result.roles == ("Russian Defence Minister",)  # not the ministry
    assert result.qualifiers == ("as reported",)


def test_report_unknown_logs_and_counts(
    actors: ActorResolver, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="osintkit.actor_names"):
        report = actors.report_unknown(
            ["LSR", "Novinite (unattributed)", "Novinite (unattributed)", "MoD"]
        )
    assert report["name"].tolist() == ["Novinite", "MoD"]
    assert report["count"].tolist() == [2, 1]
    assert "1 of 4 cells fully resolved" in caplog.text


def test_resolve_actors_keeps_every_row(actors: ActorResolver) -> None:
    out = actors.resolve_actors(pd.Series(["LSR and RDK", None, "Novinite"]))
    assert out["status"].tolist() == ["matched", "unmatched", "unmatched"]
    assert out.at[0, "actor_ids"] == "lsr;rdk"
    assert out.at[2, "unknown"] == "Novinite"


@pytest.mark.skipif(not CLAIMS_SHEET.exists(), reason=NO_SHARED)
def test_real_claimants_resolve_or_are_reported(actors: ActorResolver) -> None:
    sheet = pd.read_csv(CLAIMS_SHEET, dtype=str, keep_default_na=False)
    report = actors.report_unknown(sheet["claimant"])
    reported = set(report["name"])
    for cell in sheet["claimant"].unique():
        result = actors.resolve_actor_cell(cell)
        if result.status != "matched":
            assert set(result.unknown) <= reported
            assert result.unknown or result.status == "ambiguous", cell
    resolved = actors.resolve_actors(sheet["claimant"])
    # the named officials, units and ministries of the sheet all resolve
    ids = {i for cell in resolved["actor_ids"].dropna() for i in cell.split(";")}
    assert {"lsr", "rdk", "siberian-battalion", "gladkov", "yusov", "hur", "ru-mod",
            "putin", "shoigu", "demidov", "starovoit", "fsb", "rosgvardia", "ru-mfa",
            "baranovsky", "ponomarev"} <= ids  # fmt: skip
    assert (resolved["status"] == "matched").sum() >= 40
