"""Place resolution against the reference gazetteer, and on the real files."""

from __future__ import annotations

import logging
import random
import string
import time
from pathlib import Path

import pandas as pd
import pytest

import osintkit as ok
from osintkit import paths
from osintkit.gazetteer import Gazetteer, PlaceMatch

SHARED_REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
CLAIMS_SHEET = SHARED_REAL / "claims_march2024_incursion_part" / "claims.csv"
CIR_EVENTS = SHARED_REAL / "cir_russia_ukraine_monitor_2022" / "events.csv"
NO_SHARED = (
    f"{SHARED_REAL} is absent (a clone without ../shared): real files not checked"
)

TYOTKINO = "gn-483166"
BELGOROD_CITY = "gn-578072"
BILHOROD_DNISTROVSKYI = "gn-712160"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference(ok.load_dataset(paths.REFERENCE_DIR))


@pytest.mark.parametrize(
    "name",
    ["Tyotkino", "Tetkino", "Tëtkino", "Tiotkino", "Tjotkino", "Тёткино", "Теткино",
     "Тьоткіно", "Tyot'kino", "Тёт\u200bкино", "Ｔｙｏｔｋｉｎｏ"],
)  # fmt: skip
def test_resolve_place_tyotkino_variants(gaz: Gazetteer, name: str) -> None:
    match = gaz.resolve_place(name)
    assert (match.status, match.place_id) == ("matched", TYOTKINO)
    assert match.method == "exact-key"
    assert match.precision == "settlement"
    assert match.admin1 == "RU-KRS"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Belgorod Oblast", id="english"),
        pytest.param("Belgorodskaya oblast", id="russian-romanised"),
        pytest.param("Belgorodskaya Oblast'", id="geonames"),
        pytest.param("Белгородская область", id="russian"),
        pytest.param("Бєлгородська область", id="ukrainian"),
        pytest.param("Білгородська область", id="ukrainian-traditional"),
        pytest.param("Bilhorod Oblast", id="ukrainian-romanised"),
        pytest.param("Bilhorod region", id="ukrainian-region"),
        pytest.param("Belgorod region", id="region"),
        pytest.param("Belogorod Oblast", id="misspelt-belogorod"),
        pytest.param("Belograd", id="misspelt-belograd"),
        pytest.param("Belogrod", id="misspelt-belogrod"),
        pytest.param("Belgrod Oblast", id="misspelt-belgrod"),
        pytest.param("Belgorood Oblast", id="misspelt-fuzzy"),
        pytest.param("Веlgоrоd Oblast", id="homoglyphs"),
        pytest.param("BELGOROD OBLAST", id="upper-case"),
    ],
)
def test_resolve_place_belgorod_oblast_variants(gaz: Gazetteer, name: str) -> None:
    match = gaz.resolve_place(name)
    assert (match.status, match.place_id) == ("matched", "RU-BEL")
    assert match.precision == "oblast"


@pytest.mark.parametrize(
    ("name", "context"),
    [
        pytest.param("Belgorod", {}, id="belgorod-in-oblast-column"),
        pytest.param("Bilhorod", {"country": "RU"}, id="bilhorod-country-RU"),
        pytest.param("Bilhorod", {"country": "Russia"}, id="bilhorod-country-name"),
        pytest.param("Bilhorod", {"admin1": "RU-BEL"}, id="bilhorod-admin1"),
        pytest.param("Білгород", {"country": "RU"}, id="bilhorod-cyrillic"),
    ],
)
def test_resolve_place_oblast_column_with_context(
    gaz: Gazetteer, name: str, context: dict[str, str]
) -> None:
    match = gaz.resolve_place(name, place_type="oblast", **context)
    assert (match.status, match.place_id) == ("matched", "RU-BEL")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kursk region", "RU-KRS"),
        ("Kursk Oblast", "RU-KRS"),
        ("Курська область", "RU-KRS"),
        ("Курская область", "RU-KRS"),
        ("Kurks Oblast", "RU-KRS"),
        ("Koersk Oblast", "RU-KRS"),
        ("Kurskaya", "RU-KRS"),  # a lone adjective
        ("Bryansk Oblas", "RU-BRY"),
        ("Voronez Oblast", "RU-VOR"),  # fuzzy
    ],
)
def test_resolve_place_other_oblast_variants(
    gaz: Gazetteer, name: str, code: str
) -> None:
    assert gaz.resolve_place(name).place_id == code


def test_resolve_place_bilhorod_alone_is_ambiguous(gaz: Gazetteer) -> None:
    match = gaz.resolve_place("Bilhorod")
    assert match.status == "ambiguous"
    assert match.place_id is None
    assert set(match.candidates) == {"RU-BEL", BELGOROD_CITY, BILHOROD_DNISTROVSKYI}
    assert any("Bilhorod-Dnistrovskyi" in note for note in match.notes)


def test_resolve_place_bilhorod_with_russian_context_is_belgorod(
    gaz: Gazetteer,
) -> None:
    # country or oblast context removes Bilhorod-Dnistrovskyi (Odesa Oblast)
    for context in ({"country": "RU"}, {"admin1": "RU-BEL"}, {"near": ["Tyotkino"]}):
        match = gaz.resolve_place("Bilhorod", **context)
        assert match.status == "matched"
        assert match.place_id == BELGOROD_CITY
        assert match.method == "context"
        assert match.admin1 == "RU-BEL"


def test_resolve_place_bilhorod_near_odesa_is_bilhorod_dnistrovskyi(
    gaz: Gazetteer,
) -> None:
    assert (
        gaz.resolve_place("Bilhorod", near=["Odesa"]).place_id == BILHOROD_DNISTROVSKYI
    )


def test_resolve_place_never_merges_bilhorod_dnistrovskyi(gaz: Gazetteer) -> None:
    # not_same_entity: GeoNames wrongly lists this name among Belgorod's
    for name in ("Bilhorod-Dnistrovskyi", "Білгород-Дністровський", "Akkerman"):
        assert gaz.resolve_place(name).place_id == BILHOROD_DNISTROVSKYI
    # Belgorod Oblast context does not pull it into Russia: it stays unresolved
    match = gaz.resolve_place("Bilhorod-Dnistrovskyi", admin1="RU-BEL")
    assert match.status == "unmatched"
    assert match.candidates == (BILHOROD_DNISTROVSKYI,)
    assert match.context_conflict


def test_resolve_place_conflicting_oblast_leaves_homonym_unresolved(
    gaz: Gazetteer,
) -> None:
    # the gazetteer's only Stepanivka is in Sumy Oblast; UCDP places one in Donetsk
    match = gaz.resolve_place("Stepanivka village", admin1="Donetsk oblast")
    assert match.status == "unmatched"
    assert match.candidates == ("gn-692577",)
    assert match.context_conflict
    assert gaz.resolve_place("Stepanivka village", admin1="Sumy").place_id == (
        "gn-692577"
    )


def test_resolve_place_bare_city_name_is_the_city(gaz: Gazetteer) -> None:
    # a name shared by an oblast and its capital names the capital
    match = gaz.resolve_place("Belgorod")
    assert (match.status, match.place_id) == ("matched", BELGOROD_CITY)
    assert match.candidates == (BELGOROD_CITY,)
    assert gaz.resolve_place("Belgorod", place_type="oblast").place_id == "RU-BEL"


def test_resolve_place_homonyms_stay_ambiguous(gaz: Gazetteer) -> None:
    # two Nekhoteevkas in Belgorod Oblast (not_same_entity); no context decides
    match = gaz.resolve_place("Nekhoteevka", admin1="Belgorod Oblast")
    assert match.status == "ambiguous"
    assert match.candidates == ("sup-nekhoteevka", "sup-nekhoteevka-shebekinsky")
    assert match.admin1 == "RU-BEL"
    assert match.precision == "oblast"


def test_resolve_place_curated_conflict_is_kept_and_flagged(gaz: Gazetteer) -> None:
    # Odnorobivka is in Kharkiv Oblast; not_same_entity says a Belgorod Oblast
    # reading of this very name is a mistake, so the match stands, flagged
    match = gaz.resolve_place("Odnorobovka", admin1="Belgorod Oblast")
    assert match.place_id == "sup-odnorobivka"
    assert match.context_conflict
    assert any("Belgorod Oblast reading is a mistake" in note for note in match.notes)


def test_resolve_place_fuzzy_is_strict(gaz: Gazetteer) -> None:
    assert gaz.resolve_place("Nehoteevka", admin1="RU-BEL").method == "fuzzy"
    # short names differ by one letter too often: Pisky is not Plysky
    assert gaz.resolve_place("Pisky").status == "unmatched"
    # a fuzzy guess contradicting the context is dropped
    match = gaz.resolve_place("Volfyne", admin1="Sumy")
    assert match.status == "unmatched"


def test_resolve_place_level_words_and_abbreviations(gaz: Gazetteer) -> None:
    assert gaz.resolve_place("г. Белгород").place_id == BELGOROD_CITY
    assert gaz.resolve_place("Donetsk oblast").place_id == "UA-14"
    assert gaz.resolve_place("Tyotkino", place_type="oblast").status == "unmatched"


def test_resolve_place_returns_the_input_unchanged(gaz: Gazetteer) -> None:
    name = "Тё\u200bткино\u202e"
    before = name.encode("utf-8")
    match = gaz.resolve_place(name)
    assert match.name is name
    assert name.encode("utf-8") == before
    cell = "Tyotkino;\u00a0Grayvoron (border)"
    assert gaz.resolve_place_cell(cell).text is cell


def test_resolve_place_non_text_is_unmatched(gaz: Gazetteer) -> None:
    assert gaz.resolve_place("").status == "unmatched"
    assert gaz.resolve_place("???").status == "unmatched"
    assert gaz.resolve_place(float("nan")).status == "unmatched"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "place_ids", "precision", "qualifiers"),
    [
        pytest.param("Tyotkino; Grayvoron", ("gn-483166", "gn-559034"), "settlement",
                     (), id="two-settlements"),
        pytest.param("Belgorod Oblast (border)", ("RU-BEL",), "oblast", ("border",),
                     id="area-border"),
        pytest.param("Belgorod Oblast; Kursk Oblast (border)", ("RU-BEL", "RU-KRS"),
                     "oblast", ("border",), id="two-oblasts-border"),
        pytest.param("Kursk and Bilhorod regions", ("RU-KRS", "RU-BEL"), "oblast",
                     (), id="plural-level-word"),
        pytest.param("Курська та Бєлгородська області", ("RU-KRS", "RU-BEL"), "oblast",
                     (), id="plural-ukrainian"),
        pytest.param("Krasnodar Krai,", ("RU-KDA",), "oblast", (), id="trailing-comma"),
    ],
)  # fmt: skip
def test_resolve_place_cell(
    gaz: Gazetteer,
    cell: str,
    place_ids: tuple[str, ...],
    precision: str,
    qualifiers: tuple[str, ...],
) -> None:
    result = gaz.resolve_place_cell(cell)
    assert result.status == "matched"
    assert result.place_ids == place_ids
    assert result.precision == precision
    assert result.qualifiers == qualifiers


def test_resolve_place_cell_area_with_details(gaz: Gazetteer) -> None:
    result = gaz.resolve_place_cell(
        "Belgorod Oblast (incl. Shebekino, Grayvoron districts)"
    )
    assert result.place_ids == ("RU-BEL",)
    assert result.precision == "oblast"
    # the gazetteer has no districts: reported, with the namesake towns
    assert [m.candidates for m in result.included] == [("gn-495112",), ("gn-559034",)]
    assert all(m.status == "unmatched" for m in result.included)
    assert all(m.precision == "district" for m in result.included)


def test_resolve_place_cell_several_villages_with_homonym(gaz: Gazetteer) -> None:
    result = gaz.resolve_place_cell("Odnorobovka; Nekhoteevka; Spodaryushino")
    assert [m.status for m in result.matches] == ["matched", "ambiguous", "matched"]
    assert result.status == "ambiguous"
    assert result.place_ids == ("sup-odnorobivka", "sup-spodaryushino")


def test_resolve_place_cell_address_form(gaz: Gazetteer) -> None:
    # "place, oblast": the oblast locates the place, it is not a second place
    result = gaz.resolve_place_cell("Tetkino, Kurskaya")
    assert result.place_ids == (TYOTKINO,)
    assert [m.place_id for m in result.context] == ["RU-KRS"]
    assert result.precision == "settlement"


def test_resolve_places_keeps_every_row(gaz: Gazetteer) -> None:
    cells = pd.Series(["Tetkino", None, "Atlantis", "Bilhorod"], index=[10, 11, 12, 13])
    out = gaz.resolve_places(cells, admin1=[None, None, None, "RU-BEL"])
    assert list(out.index) == [10, 11, 12, 13]
    assert out["status"].tolist() == ["matched", "unmatched", "unmatched", "matched"]
    assert out.at[13, "place_id"] == BELGOROD_CITY
    with pytest.raises(ValueError, match="one per name"):
        gaz.resolve_places(cells, admin1=["RU-BEL"])


def test_report_unmatched_logs_rate_and_warns(
    gaz: Gazetteer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="osintkit.gazetteer"):
        report = gaz.report_unmatched(["Tetkino", "Atlantis", "Atlantis", "Bilhorod"])
    assert report["place_raw"].tolist() == ["Atlantis", "Bilhorod"]
    assert report["count"].tolist() == [2, 1]
    assert "1 of 4 resolved" in caplog.text
    assert any(r.levelno == logging.WARNING for r in caplog.records)


def test_unused_aliases_lists_aliases_no_name_used(gaz: Gazetteer) -> None:
    unused = gaz.unused_aliases(["Tyotkino", "Belgorod Oblast (border)"])
    assert "Tetkino" not in set(unused["alias"])  # same key as Tyotkino
    assert "Belgorod Oblast" not in set(unused["alias"])
    assert "Grayvoron" in set(unused["alias"])


def test_resolve_places_is_near_linear(gaz: Gazetteer) -> None:
    # 5,000 distinct names with typos or noise, then 50,000 repeats of them
    aliases = sorted(set(gaz._aliases["alias"]))
    rnd = random.Random(7)
    names = []
    for _ in range(5_000):
        name = rnd.choice(aliases)
        pos = rnd.randrange(len(name))
        names.append(name[:pos] + rnd.choice(string.ascii_lowercase) + name[pos + 1 :])
    fresh = Gazetteer.from_reference(ok.load_dataset(paths.REFERENCE_DIR))
    start = time.perf_counter()
    fresh.resolve_places(names)
    distinct = time.perf_counter() - start
    start = time.perf_counter()
    out = fresh.resolve_places(names * 10)
    repeated = time.perf_counter() - start
    assert len(out) == 50_000
    assert distinct < 6.0, f"{distinct:.1f} s for 5,000 distinct names"
    assert repeated < 6.0, f"{repeated:.1f} s for 50,000 cached names"


# -- the real files under ../shared ------------------------------------------------


@pytest.mark.skipif(not CLAIMS_SHEET.exists(), reason=NO_SHARED)
def test_real_claims_sheet_every_place_resolves_or_is_reported(gaz: Gazetteer) -> None:
    sheet = pd.read_csv(CLAIMS_SHEET, dtype=str, keep_default_na=False)
    resolved = gaz.resolve_places(sheet["place"], admin1=sheet["admin1"])
    report = gaz.report_unmatched(sheet["place"], admin1=sheet["admin1"])
    assert len(resolved) == len(sheet)
    not_matched = set(resolved.loc[resolved["status"] != "matched", "place_raw"])
    assert not_matched == set(report["place_raw"])
    # today every cell resolves; the spellings the sheet uses must keep doing so
    assert not_matched == set()
    assert set(
        gaz.resolve_places(sheet["admin1"], place_type="oblast")["place_id"]
    ) == {
        "RU-BEL",
        "RU-KRS",
        "RU-BEL;RU-KRS",
    }


@pytest.mark.skipif(not CLAIMS_SHEET.exists(), reason=NO_SHARED)
def test_real_claims_sheet_places_are_the_expected_ids(gaz: Gazetteer) -> None:
    sheet = pd.read_csv(CLAIMS_SHEET, dtype=str, keep_default_na=False)
    cells = dict(zip(sheet["place"], sheet["admin1"], strict=True))
    expected = {
        "Tyotkino": (TYOTKINO,),
        "Belgorod": (BELGOROD_CITY,),
        "Gorkovsky": ("sup-gorkovsky",),
        "Lozovaya Rudka": ("sup-lozovaya-rudka",),
        "Razumnoye": ("gn-502400",),
        "Tyotkino; Grayvoron": (TYOTKINO, "gn-559034"),
        "Belgorod Oblast; Kursk Oblast (border)": ("RU-BEL", "RU-KRS"),
    }
    for cell, ids in expected.items():
        assert gaz.resolve_place_cell(cell, admin1=cells[cell]).place_ids == ids


# CIR spells Belgorod and Kursk oblasts many ways (see its PROVENANCE.md).
CIR_OBLAST_SPELLINGS = {
    "Belgorod Oblast": "RU-BEL",
    "Belgorod": "RU-BEL",
    "Belgorodskaya oblast": "RU-BEL",
    "Belgorodskaya Oblast": "RU-BEL",
    "Belogorod Oblast": "RU-BEL",
    "Belogrod": "RU-BEL",
    "Belograd": "RU-BEL",
    "Belograd Oblast": "RU-BEL",
    "Belgrod Oblast": "RU-BEL",
    "Kursk": "RU-KRS",
    "Kursk Oblast": "RU-KRS",
    "Kurks Oblast": "RU-KRS",
    "Koersk Oblast": "RU-KRS",
    "Postoyalye Dvory, Kurskaya": "RU-KRS",
}


@pytest.mark.skipif(not CIR_EVENTS.exists(), reason=NO_SHARED)
def test_real_cir_province_spellings_resolve_to_the_oblast(gaz: Gazetteer) -> None:
    events = pd.read_csv(CIR_EVENTS, dtype=str, keep_default_na=False)
    russia = events[events["country"] == "Russia"]
    provinces = set(russia["province"])
    assert set(CIR_OBLAST_SPELLINGS) <= provinces
    found: dict[str, str] = {}
    for province in sorted(provinces):
        cell = gaz.resolve_place_cell(province, country="RU", place_type="oblast")
        ids = set(cell.place_ids) | {m.place_id for m in cell.context}
        if ids & {"RU-BEL", "RU-KRS"}:
            found[province] = (ids & {"RU-BEL", "RU-KRS"}).pop()
    for spelling, code in CIR_OBLAST_SPELLINGS.items():
        assert found.get(spelling) == code, spelling
    assert len(found) >= 12
    assert set(found) == set(CIR_OBLAST_SPELLINGS)  # nothing else lands there


def test_place_match_is_frozen() -> None:
    match = PlaceMatch(name="x", key="x", status="unmatched")
    with pytest.raises(AttributeError):
        match.status = "matched"  # type: ignore[misc]
