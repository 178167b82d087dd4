"""Match keys (RELIABILITY rule 7): the Unicode fault cases, each with its key."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osintkit.normalize import (
    fold_homoglyphs,
    is_mixed_script,
    match_key,
    script_of,
    scripts_in,
    strip_invisible,
    transliterate,
)

NFC = unicodedata.normalize("NFC", "Тёткино")
NFD = unicodedata.normalize("NFD", "Тёткино")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # NFC vs NFD: ё as one code point, or е + combining diaeresis
        pytest.param(NFC, "tetkino", id="nfc-cyrillic"),
        pytest.param(NFD, "tetkino", id="nfd-cyrillic"),
        pytest.param(
            unicodedata.normalize("NFD", "Tëtkino"), "tetkino", id="nfd-latin"
        ),
        # invisible characters inside names
        pytest.param("Тёт\u200bкино", "tetkino", id="zwsp"),
        pytest.param("Tyot\u00adkino", "tetkino", id="soft-hyphen"),
        pytest.param("Bel\u200cgo\u200drod", "belgorod", id="zwnj-zwj"),
        pytest.param("\ufeffBelgorod", "belgorod", id="bom"),
        pytest.param("Bel\u2060gorod", "belgorod", id="word-joiner"),
        # bidi controls: right-to-left override, embeddings and isolates
        pytest.param("\u202eTyotkino\u202c", "tetkino", id="rlo-U+202E"),
        pytest.param("\u202aBelgorod\u202c", "belgorod", id="lre-U+202A"),
        pytest.param("\u2067Belgorod\u2069", "belgorod", id="rli-U+2067"),
        pytest.param("\u200fBelgorod\u200e", "belgorod", id="rlm-lrm"),
        # apostrophe variants are dropped: Tyot'kino is Tyotkino
        pytest.param("Tyot'kino", "tetkino", id="apostrophe-ascii"),
        pytest.param("Tyot\u2019kino", "tetkino", id="apostrophe-U+2019"),
        pytest.param("Tyot\u02bckino", "tetkino", id="apostrophe-U+02BC"),
        pytest.param("Tyot`kino", "tetkino", id="apostrophe-grave"),
        pytest.param("Tyot\u00b4kino", "tetkino", id="apostrophe-acute"),
        pytest.param("Tyot\u02b9kino", "tetkino", id="apostrophe-prime-modifier"),
        pytest.param("Tyot\u2033kino", "tetkino", id="double-prime"),
        pytest.param("В'ячеслав", "viacheslav", id="ukrainian-apostrophe-ascii"),
        pytest.param("В\u2019ячеслав", "viacheslav", id="ukrainian-apostrophe-U+2019"),
        pytest.param("В\u02bcячеслав", "viacheslav", id="ukrainian-apostrophe-U+02BC"),
        pytest.param("Вячеслав", "viacheslav", id="russian-no-apostrophe"),
        # full-width and mathematical letters fold (NFKC)
        pytest.param("Ｂｅｌｇｏｒｏｄ", "belgorod", id="full-width"),
        pytest.param("𝐁𝐞𝐥𝐠𝐨𝐫𝐨𝐝", "belgorod", id="math-bold"),
        pytest.param("𝐵𝑒𝑙𝑔𝑜𝑟𝑜𝑑", "belgorod", id="math-italic"),
        pytest.param("𝔅𝔢𝔩𝔤𝔬𝔯𝔬𝔡", "belgorod", id="math-fraktur"),
        # mixed-script homoglyphs
        pytest.param("Веlgоrоd", "belgorod", id="cyrillic-in-latin"),
        pytest.param("ВЕLGОRОD", "belgorod", id="cyrillic-in-latin-caps"),
        pytest.param("Белгоpод", "belgorod", id="latin-p-in-cyrillic"),
        pytest.param("Tyotkinо", "tetkino", id="cyrillic-o-at-end"),
        # case, quotes, punctuation, whitespace and hyphens
        pytest.param(
            "  BELGOROD\u00a0 oblast ", "belgorod oblast", id="case-nbsp-space"
        ),
        pytest.param("Legion «Svoboda Rossii»", "legen svoboda rosi", id="guillemets"),
        pytest.param(
            "“Liberty of Russia” Legion", "liberti of rusia legen", id="curly"
        ),
        pytest.param(
            '"Liberty of Russia" Legion', "liberti of rusia legen", id="quotes"
        ),
        pytest.param("Bilhorod-Dnistrovskyi", "bilgorod dnistrovski", id="hyphen"),
        pytest.param(
            "Bilhorod \u2013 Dnistrovskyi", "bilgorod dnistrovski", id="en-dash"
        ),
        pytest.param("?!.;", "", id="no-letters"),
    ],
)
def test_match_key_unicode_faults(text: str, key: str) -> None:
    assert match_key(text) == key


@pytest.mark.parametrize(
    "spelling",
    [
        "Tyotkino",  # BGN/PCGN
        "Tetkino",  # passport, ё as e
        "Tëtkino",  # GeoNames, diaeresis
        "Tiotkino",  # Ukrainian-national style
        "Tjotkino",  # scholarly / German
        "Тёткино",  # Russian
        "Теткино",  # Russian without ё
        "Тьоткіно",  # Ukrainian
        "Tyot'kino",
    ],
)
def test_match_key_transliterations_meet(spelling: str) -> None:
    assert match_key(spelling) == "tetkino"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Grayvoron", "Грайворон", id="ru-cyrillic"),
        pytest.param("Hraivoron", "Graivoron", id="ukrainian-h-for-g"),
        pytest.param("Gorkovskiy", "Горьковський", id="endings-iy-yi-soft-sign"),
        pytest.param("Gor'kovskii", "Gorkovsky", id="endings-ii-y"),
        pytest.param("Razumnoye", "Разумное", id="ye-e"),
        pytest.param("Nekhoteyevka", "Нехотєєвка", id="ukrainian-ye"),
        pytest.param("Spodarjušino", "Spodaryushino", id="scholarly-hacek"),
        pytest.param("Харків", "Kharkiv", id="ukrainian-i"),
        pytest.param("Donetsk", "Doneck", id="ts-c"),
        pytest.param("Bielgorod", "Бєлгород", id="ukrainian-ye-start"),
        pytest.param("Krassnodar", "Krasnodar", id="doubled-letters"),
    ],
)
def test_match_key_schemes_and_language_pairs_meet(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_match_key_keeps_different_names_apart() -> None:
    # the Ukrainian and the Russian name of Belgorod are aliases, not one key
    assert match_key("Bilhorod") != match_key("Belgorod")
    assert match_key("Odnorobivka") != match_key("Odnorobovka")


def test_strip_invisible_removes_format_characters_only() -> None:
    assert strip_invisible("a\u200bb\u00adc\u202ed\ufeff") == "abcd"
    assert strip_invisible("Тёткино") == "Тёткино"


def test_fold_homoglyphs_leaves_single_script_words() -> None:
    assert fold_homoglyphs("Белгород Belgorod") == "Белгород Belgorod"
    assert fold_homoglyphs("Веlgоrоd") == "Belgorod"


def test_fold_homoglyphs_leaves_genuinely_mixed_words() -> None:
    # Latin g and Cyrillic б both prove their script: nothing is safe to fold
    assert fold_homoglyphs("gб") == "gб"


@pytest.mark.parametrize(
    ("text", "script", "mixed"),
    [
        pytest.param("Belgorod", "Latn", False, id="latin"),
        pytest.param("Белгород", "Cyrl", False, id="cyrillic"),
        pytest.param("Веlgоrоd", "Zyyy", True, id="homoglyphs"),
        pytest.param("Belgorod / Белгород", "Zyyy", False, id="two-words"),
        pytest.param("𝐁𝐞𝐥𝐠𝐨𝐫𝐨𝐝", "Latn", False, id="math-bold-is-latin"),
        pytest.param("Bel\u200bgorod", "Latn", False, id="zwsp-not-a-script"),
        pytest.param("2024", "Zyyy", False, id="no-letters"),
    ],
)
def test_script_of_and_is_mixed_script(text: str, script: str, mixed: bool) -> None:
    assert script_of(text) == script
    assert is_mixed_script(text) is mixed


def test_scripts_in_lists_every_script() -> None:
    assert scripts_in("Веlgоrоd") == {"Latn", "Cyrl"}


def test_transliterate_is_readable_ascii() -> None:
    assert transliterate("Грайворон") == "Grayvoron"
    assert transliterate("Белгоpод") == "Belgorod"
    assert transliterate("Tyot\u200bkino").isascii()


@given(st.text())
def test_match_key_is_lowercase_ascii_words(text: str) -> None:
    key = match_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in key)
    assert key == key.lower()


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1), st.data())
def test_match_key_ignores_inserted_invisible_characters(text: str, data) -> None:
    position = data.draw(st.integers(0, len(text)))
    invisible = data.draw(st.sampled_from(["\u200b", "\u00ad", "\u202e", "\ufeff"]))
    assert match_key(text[:position] + invisible + text[position:]) == match_key(text)
