"""Figures in text become low / best / high with the rule recorded, never NaN."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osintkit.quantities import QUANTITIES, RULES, Figure, parse_figures

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CLAIMS = REPO_ROOT / "data" / "kursk-belgorod-2024-03" / "claims.csv"


def rows(text: str, **kwargs: str) -> list[tuple]:
    return [
        (f.quantity, f.low, f.best, f.high, f.rule)
        for f in parse_figures(text, **kwargs)
    ]


def exact(quantity, n):
    return (quantity, n, n, n, "exact")


def about(quantity, n):
    return (quantity, None, n, None, "about")


def more_than(quantity, low):
    return (quantity, low, None, None, "more_than")


def at_least(quantity, low):
    return (quantity, low, None, None, "at_least")


def up_to(quantity, high):
    return (quantity, None, None, high, "up_to")


def fewer_than(quantity, high):
    return (quantity, None, None, high, "fewer_than")


def span(quantity, low, high):
    return (quantity, low, None, high, "range")


def vague(quantity, low, high=None):
    return (quantity, low, None, high, "vague_plural")


def unparsed(quantity):
    return (quantity, None, None, None, "unparsed")


CASES = [
    # --- English: bounds and hedges --------------------------------------
    pytest.param("234 killed", [exact("killed", 234)], id="en-exact-killed"),
    pytest.param("over 50", [more_than(None, 51)], id="en-over"),
    pytest.param("more than 1,500", [more_than(None, 1501)], id="en-more-than-comma"),
    pytest.param("more than 200 killed", [more_than("killed", 201)], id="en-more-than"),
    pytest.param("at least 7", [at_least(None, 7)], id="en-at-least"),
    pytest.param("not less than 50", [at_least(None, 50)], id="en-not-less-than"),
    pytest.param("up to 250", [up_to(None, 250)], id="en-up-to"),
    pytest.param("no more than 50", [up_to(None, 50)], id="en-no-more-than"),
    # "as many as" sets a ceiling; it invents no best.
    pytest.param("as many as 300 killed", [up_to("killed", 300)], id="en-as-many-as"),
    pytest.param("fewer than 10", [fewer_than(None, 9)], id="en-fewer-than"),
    pytest.param("less than 10 killed", [fewer_than("killed", 9)], id="en-less-than"),
    pytest.param("under 10 wounded", [fewer_than("wounded", 9)], id="en-under"),
    pytest.param("about 60%", [about(None, 60)], id="en-about-percent"),
    pytest.param("~20", [about(None, 20)], id="en-tilde"),
    pytest.param("approximately 300 drones", [about("drones", 300)], id="en-approx"),
    pytest.param("around 40 attackers", [about("attackers", 40)], id="en-around"),
    pytest.param("some 200 killed", [about("killed", 200)], id="en-some"),
    pytest.param("nearly 100 missiles", [about("missiles", 100)], id="en-nearly"),
    pytest.param("200+ killed", [at_least("killed", 200)], id="en-plus-sign"),
    pytest.param("200 or more killed", [at_least("killed", 200)], id="en-or-more"),
    pytest.param("40-odd drones", [about("drones", 40)], id="en-odd"),
    # hedges that do not change the figure
    pytest.param("reportedly 30 killed", [exact("killed", 30)], id="en-reportedly"),
    pytest.param("a total of 12 drones", [exact("drones", 12)], id="en-a-total-of"),
    # --- English: ranges -------------------------------------------------
    pytest.param("10-15", [span(None, 10, 15)], id="en-range-hyphen"),
    pytest.param("10\u201315 drones", [span("drones", 10, 15)], id="en-range-en-dash"),
    pytest.param("10 to 15 killed", [span("killed", 10, 15)], id="en-range-to"),
    pytest.param(
        "between 10 and 15 wounded", [span("wounded", 10, 15)], id="en-range-between"
    ),
    pytest.param("2 or 3 killed", [span("killed", 2, 3)], id="en-range-or"),
    pytest.param("2-3 thousand", [span(None, 2000, 3000)], id="en-range-shared-mult"),
    pytest.param("10-15%", [span(None, 10, 15)], id="en-range-percent"),
    # --- English: vague plurals ------------------------------------------
    pytest.param("dozens of drones", [vague("drones", 24)], id="en-dozens"),
    pytest.param("hundreds of attackers", [vague("attackers", 200)], id="en-hundreds"),
    pytest.param("thousands evacuated", [vague("evacuated", 2000)], id="en-thousands"),
    pytest.param(
        "tens of thousands evacuated", [vague("evacuated", 20000)], id="en-tens-of-k"
    ),
    pytest.param(
        "hundreds of thousands", [vague(None, 200000)], id="en-hundreds-of-thousands"
    ),
    pytest.param("several tanks", [vague("tanks", 3, 9)], id="en-several"),
    pytest.param(
        "several hundred drones", [vague("drones", 300, 900)], id="en-sev-100"
    ),
    pytest.param("a few drones", [vague("drones", 2, 5)], id="en-a-few"),
    pytest.param("multiple attacks", [vague("attacks", 2)], id="en-multiple"),
    pytest.param("many killed", [vague("killed", 2)], id="en-many"),
    pytest.param("a dozen drones", [about("drones", 12)], id="en-a-dozen"),
    pytest.param(
        "more than a dozen drones", [more_than("drones", 13)], id="en-more-than-dozen"
    ),
    pytest.param("a couple of drones", [about("drones", 2)], id="en-a-couple"),
    # --- English: number words and separators ----------------------------
    pytest.param("two killed", [exact("killed", 2)], id="en-word-two"),
    pytest.param("twenty-five killed", [exact("killed", 25)], id="en-word-hyphen"),
    pytest.param("one hundred and five", [exact(None, 105)], id="en-word-compound"),
    pytest.param("a hundred drones", [exact("drones", 100)], id="en-a-hundred"),
    pytest.param("1 500", [exact(None, 1500)], id="sep-space"),
    pytest.param("1\u00a0500", [exact(None, 1500)], id="sep-nbsp"),
    pytest.param("1\u202f500 killed", [exact("killed", 1500)], id="sep-narrow-nbsp"),
    pytest.param("1.500 killed", [exact("killed", 1500)], id="sep-dot-count"),
    pytest.param("1,500,000", [exact(None, 1500000)], id="sep-comma-groups"),
    pytest.param("2.5 thousand", [exact(None, 2500)], id="decimal-thousand"),
    pytest.param("1.5k drones", [exact("drones", 1500)], id="decimal-k"),
    # "1.5" is never 1500: as a count it is unreadable, not silently wrong.
    pytest.param("1.5 killed", [unparsed("killed")], id="fractional-count"),
    pytest.param("1.500 thousand", [unparsed(None)], id="ambiguous-dot-mult"),
    pytest.param("1,50,0 killed", [unparsed("killed")], id="bad-separators"),
    pytest.param("15-10 killed", [unparsed("killed")], id="range-backwards"),
    # --- English: what is counted ----------------------------------------
    pytest.param(
        "seven tanks and five armoured vehicles",
        [exact("tanks", 7), exact("armoured_vehicles", 5)],
        id="en-two-figures-words",
    ),
    pytest.param(
        "1 man killed; 4 injured",
        [exact("killed", 1), exact("wounded", 4)],
        id="en-injured-is-wounded",
    ),
    pytest.param(
        "killed 2 and injured 5",
        [exact("killed", 2), exact("wounded", 5)],
        id="en-verb-before",
    ),
    pytest.param("12 prisoners taken", [exact("captured", 12)], id="en-prisoners"),
    pytest.param("3 soldiers captured", [exact("captured", 3)], id="en-captured"),
    # "captured" of places: the villages are not captives
    pytest.param("3 villages captured", [exact(None, 3)], id="en-captured-places"),
    pytest.param(
        "120 killed and wounded", [exact("killed_or_wounded", 120)], id="en-k-and-w"
    ),
    pytest.param(
        "no casualties", [exact("killed_or_wounded", 0)], id="en-no-casualties"
    ),
    pytest.param("nobody was hurt", [exact("wounded", 0)], id="en-nobody-hurt"),
    pytest.param("2 Grad rockets", [exact("rockets", 2)], id="en-grad-rockets"),
    pytest.param("3 MLRS destroyed", [exact("artillery", 3)], id="en-mlrs-launchers"),
    pytest.param("8 Shahed drones", [exact("drones", 8)], id="en-shahed"),
    pytest.param("5 pickups", [exact("vehicles", 5)], id="en-pickups"),
    pytest.param("4 howitzers", [exact("artillery", 4)], id="en-howitzers"),
    pytest.param("a Russian APC", [exact("armoured_vehicles", 1)], id="en-article-one"),
    pytest.param(
        "attack in three directions", [exact(None, 3)], id="en-thing-outside-vocab"
    ),
    # --- amounts without a number ----------------------------------------
    pytest.param("heavy losses", [unparsed("killed_or_wounded")], id="heavy-losses"),
    pytest.param(
        "an unknown number of drones", [unparsed("drones")], id="unknown-number"
    ),
    pytest.param(
        "значительные потери", [unparsed("killed_or_wounded")], id="ru-heavy-losses"
    ),
    # --- real claim values (claims_march2024_incursion_part) -------------
    pytest.param(
        "7 tanks; 5 armoured vehicles",
        [exact("tanks", 7), exact("armoured_vehicles", 5)],
        id="real-tanks-and-avs",
    ),
    pytest.param(
        "about 2,500 attackers; 4 attacks Belgorod, 1 Kursk",
        [about("attackers", 2500), exact("attacks", 4), exact("attacks", 1)],
        id="real-attackers-and-attacks",
    ),
    pytest.param(
        "15 Vampire missiles; 2 dead",
        [exact("rockets", 15), exact("killed", 2)],
        id="real-vampire-missiles",
    ),
    pytest.param(
        "about 95% of missiles and projectiles destroyed",
        [about("percent_intercepted", 95)],
        id="real-percent-intercepted",
    ),
    pytest.param(
        "1 man killed (car hit); 4 injured",
        [exact("killed", 1), exact("wounded", 4)],
        id="real-man-killed",
    ),
    pytest.param(
        "1 woman killed (driving); 3 injured",
        [exact("killed", 1), exact("wounded", 3)],
        id="real-woman-killed",
    ),
    pytest.param(
        "about 9,000 children to be evacuated",
        [about("evacuated", 9000)],
        id="real-evacuated",
    ),
    pytest.param(
        "790 irrecoverable losses",
        [exact("irrecoverable_losses", 790)],
        id="real-irrecoverable",
    ),
    pytest.param(
        "5 injured, 2 died (Vampire MLRS)",
        [exact("wounded", 5), exact("killed", 2)],
        id="real-injured-died",
    ),
    # an age is not a count; "girl killed" counts one
    pytest.param(
        "16-year-old girl killed; father injured",
        [exact("killed", 1), exact("wounded", 1)],
        id="real-girl-killed-father-injured",
    ),
    pytest.param(
        "1 woman killed in car park; son critically injured",
        [exact("killed", 1), exact("wounded", 1)],
        id="real-son-critically-injured",
    ),
    pytest.param(
        "volunteer-side losses listed as 1 T-64 tank",
        [exact("tanks", 1)],
        id="real-t64-tank",
    ),
    pytest.param(
        "multiple saboteur attacks in Tetkino repelled",
        [vague("attacks", 2)],
        id="real-multiple-attacks",
    ),
    pytest.param(
        "9 Vampire shells intercepted", [exact("rockets", 9)], id="real-vampire-shells"
    ),
    pytest.param(
        "8 Ukrainian missiles intercepted",
        [exact("missiles", 8)],
        id="real-ukrainian-missiles",
    ),
    pytest.param(
        "8 airborne targets shot down over Belgorod",
        [exact("aerial_targets", 8)],
        id="real-airborne-targets",
    ),
    pytest.param("11 drones shot down", [exact("drones", 11)], id="real-drones-down"),
    pytest.param(
        "drone hit city administration building; 2 injured",
        [exact("wounded", 2)],
        id="real-drone-hit-2-injured",
    ),
    pytest.param(
        "2 killed; oil facility ablaze", [exact("killed", 2)], id="real-oil-facility"
    ),
    pytest.param(
        "2 killed in rocket attack", [exact("killed", 2)], id="real-rocket-attack"
    ),
    pytest.param("195 killed", [exact("killed", 195)], id="real-195-killed"),
    # --- not figures ------------------------------------------------------
    pytest.param("12 March", [], id="no-date-day-month"),
    pytest.param("March 12", [], id="no-date-month-day"),
    pytest.param("schools closed 18-19 March", [], id="no-date-range"),
    pytest.param("12.03.2024", [], id="no-date-dotted"),
    pytest.param("12 March 2024", [], id="no-date-with-year"),
    pytest.param("in 2024", [], id="no-year"),
    pytest.param(
        "massive strike on military facilities in Belgorod at 17:00", [], id="no-time"
    ),
    pytest.param("at 17.00", [], id="no-time-dotted"),
    pytest.param("16-year-old", [], id="no-age-hyphen"),
    pytest.param("16 years old", [], id="no-age-words"),
    pytest.param(
        "LSR first claimed control, later said fighting ongoing", [], id="no-first"
    ),
    pytest.param("1st battalion", [], id="no-ordinal-digits"),
    pytest.param("2-й батальон", [], id="no-ordinal-ru"),
    pytest.param("T-64 tank", [], id="no-model-name"),
    pytest.param("5 km from the border", [], id="no-distance"),
    pytest.param("No. 5", [], id="no-identifier"),
    pytest.param("12 марта", [], id="no-date-ru"),
    pytest.param("14 березня", [], id="no-date-uk"),
    pytest.param("Tyotkino is a grey zone controlled by nobody", [], id="no-nobody"),
    pytest.param("fighting took place; no breakthrough", [], id="no-no-breakthrough"),
    pytest.param(
        "control over Tyotkino announced on afternoon of 12 March",
        [],
        id="no-real-date",
    ),
    pytest.param(
        "on 12 and 13 March 5 killed", [exact("killed", 5)], id="date-then-figure"
    ),
    pytest.param("in May 300 killed", [exact("killed", 300)], id="month-then-figure"),
    # --- Russian -----------------------------------------------------------
    pytest.param("двести", [exact(None, 200)], id="ru-word-200"),
    pytest.param("двухсот убитых", [exact("killed", 200)], id="ru-word-genitive"),
    pytest.param("около двухсот", [about(None, 200)], id="ru-about-words"),
    pytest.param("более 200", [more_than(None, 201)], id="ru-bolee"),
    pytest.param("свыше 200 боевиков", [more_than("attackers", 201)], id="ru-svyshe"),
    pytest.param("не менее 50 погибших", [at_least("killed", 50)], id="ru-ne-menee"),
    pytest.param("до 250", [up_to(None, 250)], id="ru-do"),
    pytest.param("менее 10 раненых", [fewer_than("wounded", 9)], id="ru-menee"),
    pytest.param("200 с лишним", [more_than(None, 201)], id="ru-s-lishnim"),
    pytest.param("от 10 до 15 погибших", [span("killed", 10, 15)], id="ru-ot-do"),
    pytest.param("десятки беспилотников", [vague("drones", 20)], id="ru-desyatki"),
    pytest.param("сотни ракет", [vague("missiles", 200)], id="ru-sotni"),
    pytest.param("несколько танков", [vague("tanks", 2, 9)], id="ru-neskolko"),
    pytest.param("несколько сотен", [vague(None, 200, 900)], id="ru-neskolko-soten"),
    pytest.param("десятки тысяч", [vague(None, 20000)], id="ru-desyatki-tysyach"),
    pytest.param(
        "около тысячи эвакуированных",
        [about("evacuated", 1000)],
        id="ru-okolo-tysyachi",
    ),
    pytest.param(
        "тысячи эвакуированных", [vague("evacuated", 2000)], id="ru-tysyachi-plural"
    ),
    pytest.param("более десятка дронов", [more_than("drones", 11)], id="ru-desyatka"),
    pytest.param("десяток дронов", [about("drones", 10)], id="ru-desyatok"),
    pytest.param("полторы тысячи", [exact(None, 1500)], id="ru-poltory-tysyachi"),
    pytest.param("две тысячи пятьсот", [exact(None, 2500)], id="ru-compound"),
    pytest.param(
        "2,5 тыс. человек погибли", [exact("killed", 2500)], id="ru-tys-abbrev"
    ),
    pytest.param("семеро раненых", [exact("wounded", 7)], id="ru-collective"),
    pytest.param("убиты 5", [exact("killed", 5)], id="ru-verb-before"),
    pytest.param(
        "погибли два человека, ещё пятеро ранены",
        [exact("killed", 2), exact("wounded", 5)],
        id="ru-two-figures",
    ),
    pytest.param(
        "уничтожено более 200 боевиков и 7 танков",
        [more_than("killed", 201), exact("tanks", 7)],
        id="ru-destroyed-militants",
    ),
    pytest.param(
        "сбиты 8 воздушных целей", [exact("aerial_targets", 8)], id="ru-aerial-targets"
    ),
    pytest.param("20 реактивных снарядов", [exact("rockets", 20)], id="ru-rockets"),
    pytest.param(
        "3 бронемашины", [exact("armoured_vehicles", 3)], id="ru-bronemashiny"
    ),
    pytest.param("7 БПЛА", [exact("drones", 7)], id="ru-bpla"),
    pytest.param(
        "около 60% ракет сбито", [about("percent_intercepted", 60)], id="ru-percent"
    ),
    pytest.param("погиб мужчина", [exact("killed", 1)], id="ru-one-man-killed"),
    # --- Ukrainian ---------------------------------------------------------
    pytest.param("понад 50 загиблих", [more_than("killed", 51)], id="uk-ponad"),
    pytest.param("близько 100", [about(None, 100)], id="uk-blyzko"),
    pytest.param("щонайменше 7 танків", [at_least("tanks", 7)], id="uk-shchonaimenshe"),
    pytest.param("до 300 бойовиків", [up_to("attackers", 300)], id="uk-do"),
    pytest.param("десятки дронів", [vague("drones", 20)], id="uk-desyatky"),
    pytest.param("сотні ракет", [vague("missiles", 200)], id="uk-sotni"),
    pytest.param(
        "кілька бронемашин", [vague("armoured_vehicles", 2, 9)], id="uk-kilka"
    ),
    pytest.param("кілька тисяч", [vague(None, 2000, 9000)], id="uk-kilka-tysyach"),
    pytest.param("тисяча евакуйованих", [exact("evacuated", 1000)], id="uk-tysyacha"),
    pytest.param(
        "тисячі евакуйованих", [vague("evacuated", 2000)], id="uk-tysyachi-plural"
    ),
    pytest.param("близько тисячі", [about(None, 1000)], id="uk-blyzko-tysyachi"),
    pytest.param("двісті п'ятдесят", [exact(None, 250)], id="uk-compound"),
    pytest.param("п\u2019ятдесят", [exact(None, 50)], id="uk-typographic-apostrophe"),
    pytest.param("двохсот", [exact(None, 200)], id="uk-genitive-200"),
    pytest.param("п'ятеро поранених", [exact("wounded", 5)], id="uk-collective"),
    pytest.param("загинули 3 людини", [exact("killed", 3)], id="uk-verb-before"),
    pytest.param("знищено 12 танків", [exact("tanks", 12)], id="uk-tanks"),
    pytest.param("збито 20 дронів", [exact("drones", 20)], id="uk-drones"),
    pytest.param("поранено 5 осіб", [exact("wounded", 5)], id="uk-wounded-persons"),
    pytest.param("вісім танків", [exact("tanks", 8)], id="uk-word-tanks"),
    pytest.param("загинула жінка", [exact("killed", 1)], id="uk-one-woman-killed"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_figures_table(text, expected):
    assert rows(text) == expected


def test_parse_figures_table_has_enough_cases():
    assert len(CASES) >= 100


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # English: "." is the decimal point, "," groups thousands
        pytest.param("1.500 thousand", "en", [exact(None, 1500)], id="en-dot-decimal"),
        pytest.param(
            "1,500 thousand", "en", [exact(None, 1500000)], id="en-comma-group"
        ),
        # Russian, Ukrainian, German: the other way round
        pytest.param("1,500 тысяч", "ru", [exact(None, 1500)], id="ru-comma-decimal"),
        pytest.param("1.500 тисяч", "uk", [exact(None, 1500000)], id="uk-dot-group"),
        pytest.param("1,500 thousand", None, [unparsed(None)], id="none-ambiguous"),
        pytest.param("1,500 thousand", "xx", [unparsed(None)], id="unknown-language"),
    ],
)
def test_parse_figures_language_reads_ambiguous_separators(text, language, expected):
    assert rows(text, language=language) == expected


def test_parse_figures_records_percent_unit_and_span():
    (fig,) = parse_figures("Officials said about 95% of missiles were destroyed.")
    assert fig.unit == "percent"
    assert fig.quantity == "percent_intercepted"
    assert fig.text == "about 95% of missiles were destroyed"


def test_parse_figures_counts_have_no_unit():
    (fig,) = parse_figures("234 killed")
    assert fig.unit is None


def test_parse_figures_strict_percent_bound_is_kept_as_stated():
    (fig,) = parse_figures("more than 90% intercepted")
    assert (fig.low, fig.rule, fig.unit) == (90.0, "more_than", "percent")
    assert "strict" in fig.explanation


def test_parse_figures_text_is_the_exact_span_of_the_input():
    text = "On 12 March, about 2,500 attackers; 4 attacks Belgorod, 1 Kursk"
    figs = parse_figures(text)
    assert [f.text for f in figs] == ["about 2,500 attackers", "4 attacks", "1"]
    assert all(text[f.start : f.end] == f.text for f in figs)


def test_parse_figures_keeps_non_breaking_space_in_the_span():
    (fig,) = parse_figures("1\u00a0500 killed")
    assert fig.text == "1\u00a0500 killed"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("more than 200 killed", ["201", "next whole number"], id="more"),
        pytest.param("fewer than 10", ["9", "below 10"], id="fewer"),
        pytest.param("about 2,500 attackers", ["2500", "no band"], id="about"),
        pytest.param("dozens of drones", ["two dozen", "24"], id="vague"),
        pytest.param("15 Vampire missiles", ["rockets"], id="launcher-note"),
        pytest.param("4 attacks Belgorod, 1 Kursk", ["carries over"], id="carry-over"),
        pytest.param("1.5 killed", ["fractional"], id="unparsed-reason"),
        pytest.param("girl killed", ["one person"], id="one-person"),
    ],
)
def test_parse_figures_explains_in_one_sentence(text, words):
    fig = parse_figures(text)[-1]
    assert fig.explanation.endswith(".")
    assert fig.explanation.count(". ") == 0
    for word in words:
        assert word in fig.explanation


def test_parse_figures_rejects_non_text_with_a_hint():
    with pytest.raises(TypeError, match="pass '' for an empty cell"):
        parse_figures(None)  # type: ignore[arg-type]


def test_parse_figures_empty_text_has_no_figure():
    assert parse_figures("") == []


def test_figure_to_claim_fields_matches_the_claims_columns():
    (fig,) = parse_figures("about 2,500 attackers")
    assert fig.to_claim_fields() == {
        "quantity": "attackers",
        "value_text": "about 2,500 attackers",
        "value_low": None,
        "value_best": 2500.0,
        "value_high": None,
        "value_rule": "about",
    }


@pytest.mark.skipif(not SAMPLE_CLAIMS.exists(), reason="sample dataset absent")
def test_parse_figures_agrees_with_the_curated_sample():
    """Every curated value_text parses to the bounds and rule the curators chose."""

    def cell(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    with SAMPLE_CLAIMS.open(encoding="utf-8", newline="") as handle:
        claims = [row for row in csv.DictReader(handle) if row["value_text"]]
    assert claims
    for row in claims:
        (fig,) = parse_figures(row["value_text"])
        expected = tuple(row[k] for k in ("value_low", "value_best", "value_high"))
        assert (cell(fig.low), cell(fig.best), cell(fig.high)) == expected, row
        assert fig.rule == row["value_rule"], row
        # value_text alone may not name the thing ("about 2,500"); when it does,
        # it must agree with the curated quantity.
        assert fig.quantity in (None, row["quantity"]), row


# --- properties -------------------------------------------------------------

COUNTS = st.integers(min_value=0, max_value=10**14)


@given(COUNTS)
def test_more_than_n_gives_low_n_plus_one(n):
    assert rows(f"more than {n}") == [more_than(None, n + 1)]
    assert rows(f"more than {n:,} killed") == [more_than("killed", n + 1)]


@given(COUNTS)
def test_hedged_counts_set_only_their_bound(n):
    assert rows(f"at least {n}") == [at_least(None, n)]
    assert rows(f"up to {n} drones") == [up_to("drones", n)]
    assert rows(f"about {n:,}") == [about(None, n)]
    assert rows(f"{n:,} tanks") == [exact("tanks", n)]


@given(COUNTS, COUNTS)
def test_ranges_are_ordered_or_unparsed(a, b):
    (fig,) = parse_figures(f"between {a} and {b} killed")
    if a <= b:
        assert (fig.low, fig.high, fig.rule) == (a, b, "range")
    else:
        assert fig.rule == "unparsed"


def check_invariants(text: str, figs: list[Figure]) -> None:
    for fig in figs:
        assert fig.rule in RULES
        assert fig.quantity is None or fig.quantity in QUANTITIES
        assert fig.unit in (None, "percent")
        assert text[fig.start : fig.end] == fig.text
        assert fig.explanation.endswith(".")
        bounds = [v for v in (fig.low, fig.best, fig.high) if v is not None]
        assert all(v >= 0 for v in bounds)
        assert bounds == sorted(bounds), fig
        if fig.rule == "unparsed":
            assert bounds == []
        else:
            assert bounds, fig


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parse_figures_never_raises_on_arbitrary_text(text):
    check_invariants(text, parse_figures(text))


def words(text: str) -> list[str]:
    return text.split(" ")


PIECES = st.sampled_from(
    [
        "1\u00a0500",
        *words("0 1 7 12 200 2024 1,500 1.500 1.5 2,5 17:00 12.03.2024 - – ; , ."),
        *words("( ) % ~ + : № more than over at least up to fewer about some nearly"),
        *words("between and or to a an the no dozens hundreds several few many"),
        *words("thousand k March May killed injured tanks drones Vampire missiles"),
        *words("shells girl более около до от свыше десятки сотни тысячи тысяч"),
        *words("несколько двухсот понад близько щонайменше тисячі кілька п'ять"),
        *words("убиты погибли танков 16-year-old 1st 2-й km years percent"),
        *words("процентов сбито destroyed"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=14).map(" ".join))
def test_parse_figures_invariants_on_figure_like_text(text):
    check_invariants(text, parse_figures(text))
