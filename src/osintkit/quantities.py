"""Read the figures in claim text as low / best / high, with the rule recorded.

Sources state figures in words: "more than 200 killed", "about 2,500 attackers",
"up to 250", "dozens of drones", "7 tanks; 5 armoured vehicles", "около двухсот
убитых", "понад 50 загиблих". :func:`parse_figures` turns each figure in a text
into a :class:`Figure` with the bounds the statement allows, the rule that set
them, what is counted (in the kit's ``quantity`` vocabulary) and one sentence
saying how. It never returns a silent gap: a figure it cannot read comes back
with rule ``unparsed`` and the reason.

The bounds follow the claims table of the data package (``value_low``,
``value_best``, ``value_high``, ``value_rule``): low and high are *inclusive*
and, for counts, whole numbers; best is the figure the source gives as its own
and stays empty when the source gives only a bound.

Conventions
-----------
Empty cells are None: the statement does not set that value.

=============================== ============ ====== ====== ===== =================
text                            rule         low    best   high  why
=============================== ============ ====== ====== ===== =================
"234 killed", "seven", "двое"   exact        234    234    234   all three set
"more than 200", "over 200",    more_than    201                 strict: the next
"свыше 200", "понад 200"                                         whole number
"at least 7", "не менее 7",     at_least     7                   inclusive
"щонайменше 7", "7+"
"up to 250", "as many as 250",  up_to                      250   "as many as" is a
"до 250", "no more than 250"                                     ceiling, no best
"fewer than 10", "under 10",    fewer_than                 9     strict: the whole
"менее 10", "менше 10"                                           number below
"about 60", "~60", "some 60",   about               60           no band invented
"nearly 60", "около 60",                                         around the best
"близько 60"
"10-15", "10 to 15", "2 or 3",  range        10            15    no single best
"between 10 and 15",
"от 10 до 15", "від 10 до 15"
"multiple", "many", "numerous"  vague_plural 2                   the plural's floor
"a few", "a handful of"         vague_plural 2                5
"several"                       vague_plural 3                9
"несколько", "кілька"           vague_plural 2                9  both "a few" and
                                                                 "several"
"tens of", "десятки"            vague_plural 20                  two tens
"dozens"                        vague_plural 24                  two dozen
"scores of"                     vague_plural 40                  two score
"hundreds", "сотни", "сотні"    vague_plural 200                 two hundred
"thousands", "тысячи"           vague_plural 2000                two thousand
"several hundred"               vague_plural 300            900  band x multiplier
"несколько сотен"               vague_plural 200            900
"hundreds of thousands"         vague_plural 200000              floors multiply
"a dozen", "десяток"            about               12, 10       approximate words
"a couple of", "half a dozen"   about               2, 6
"no casualties", "nobody was    exact        0      0      0
hurt"
=============================== ============ ====== ====== ===== =================

More rules, each stated once:

* A strict bound ("more than", "fewer than") moves to the next whole number
  for counts. A percentage is continuous, so its strict bound is kept as
  stated and the explanation says it is strict.
* "nearly", "almost", "почти", "майже" read as ``about``: sources use them
  loosely, and a strict upper bound would claim more than they say.
* "200 or more", "200 and more", "200 и более" are ``at_least``; "200 or so",
  "200-odd" are ``about``; "200 с лишним", "200 з гаком" are ``more_than``;
  "200 or fewer" is ``up_to``.
* A hedge before a vague plural narrows it only on its own side: "more than
  several hundred" keeps low 300 and drops the high; "up to several hundred"
  keeps high 900 and drops the low.
* Hedges that do not change the figure ("reportedly", "officially", "only",
  "a total of", "по данным", "нібито") are read past and ignored.
* Russian and Ukrainian ``сотни`` / ``тысячи`` / ``сотні`` / ``тисячі`` after
  a word that takes the genitive ("около тысячи", "более сотни", "близько
  тисячі") are the singular (1000, 100); otherwise they are the vague plural.
  ``десяток`` is about 10, like "a dozen" is about 12; ``сотня`` and
  ``тысяча`` are exact, like "a hundred" and "a thousand".
* Number words in English, Russian and Ukrainian are read in every case form
  ("двести", "двухсот", "двумстам", "п'ятьох", "семеро"), composed ("две тысячи
  пятьсот" = 2500, "one hundred and five" = 105), with "полторы" / "півтори"
  = 1.5 ("полторы тысячи" = 1500).
* Digits: "1,500" and "1 500" (plain, no-break or thin space) group
  thousands. A lone "." or ","
  before exactly three digits is a group separator when nothing multiplies the
  figure ("1.500 killed" = 1500: a count cannot be 1.5). Before a multiplier
  or a percent sign ("1,500 thousand", "1.500%") it is ambiguous, and is read
  by ``language``'s convention (English: "." is the decimal point; Russian,
  Ukrainian, German...: "," is); with no language it is ``unparsed``. Other
  separators are decimals ("2.5 thousand", "2,5 тыс.", "1.5k" = 2500, 2500,
  1500). A fractional count ("1.5 killed") is ``unparsed``.
* Not figures, and never returned: dates ("12 March", "18-19 March", "March
  12", "12 and 13 March", "12.03.2024"), years after a month or after "in" /
  "since" / "в" ("12 March 2024", "in 2024"), times ("17:00", "at 17.00"),
  ages ("16-year-old", "16 years old"), ordinals ("first", "1st", "2-й"),
  model names ("T-64", "S-300"), identifiers ("No. 5", "№ 5"), numbers glued
  to a unit ("122-mm", "5km") or followed by one ("5 km", "3 hours", "2
  times").

What is counted
---------------
The thing counted is looked for after the number (up to four words, not
counting fillers such as "were", "of", "its"; never past a clause break or a
preposition), then just before it ("погибли двое", "killed 5"):

* Nouns and verbs of the vocabulary: killed ("dead", "died", "убиты",
  "погибли", "загинули"), wounded ("injured" is wounded; "ранены",
  "пострадавших", "поранені"), killed_or_wounded ("casualties", "losses",
  "killed and wounded", "потери"), irrecoverable_losses, captured, attackers,
  tanks, armoured_vehicles ("APC", "БТР", "бронемашин"), vehicles, artillery,
  drones ("UAV", "БПЛА", "беспилотников", "Shahed"), missiles, rockets,
  aerial_targets, attacks, evacuated.
* Words for people ("children", "soldiers", "человек", "осіб") pass through
  to the verb: "9,000 children to be evacuated" is evacuated. Words for the
  attacking side ("saboteurs", "militants", "боевиков", "бойовиків") count as
  attackers unless a verb says what happened to them ("уничтожено более 200
  боевиков" is killed).
* A munition named with a rocket launcher ("15 Vampire missiles", "9 Vampire
  shells", "Grad rockets") counts as rockets.
* A percentage counts as percent_intercepted when its clause says something
  was intercepted, shot down or destroyed; otherwise its quantity is None.
* A number with no counted thing after it, followed only by a proper name,
  takes the thing of the figure just before it in the same clause list:
  "4 attacks Belgorod, 1 Kursk" is 4 attacks and 1 attack.
* A singular person with a casualty word and no number counts one: "girl
  killed", "son critically injured", "погиб мужчина". "a" / "an" before a
  counted thing counts one: "a Russian APC".
* "captured" and "evacuated" are also said of places and things, so they
  count only people or a bare number: "3 soldiers captured" is captured, "3
  villages captured" has quantity None.
* A figure whose counted thing is outside the vocabulary ("attack in three
  directions") keeps quantity None: the figure is still reported.

Unparsed
--------
Rule ``unparsed`` (all bounds empty, the reason in ``explanation``) is
returned for digits it cannot read ("1,50,0"), ambiguous separators, a
fractional count, a range that runs backwards, more than 15 digits, and an
amount said without a number ("heavy losses", "significant casualties", "an
unknown number of drones", "значительные потери").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

__all__ = ["QUANTITIES", "RULES", "Figure", "parse_figures"]

#: What a figure counts: the ``quantity`` vocabulary of the claims table.
QUANTITIES: tuple[str, ...] = (
    "killed",
    "wounded",
    "killed_or_wounded",
    "irrecoverable_losses",
    "captured",
    "attackers",
    "tanks",
    "armoured_vehicles",
    "vehicles",
    "artillery",
    "drones",
    "missiles",
    "rockets",
    "aerial_targets",
    "attacks",
    "evacuated",
    "percent_intercepted",
)

#: How a text became low / best / high: the ``value_rule`` vocabulary of the
#: claims table, plus ``unparsed`` for text that could not be read.
RULES: tuple[str, ...] = (
    "exact",
    "more_than",
    "at_least",
    "up_to",
    "fewer_than",
    "about",
    "range",
    "vague_plural",
    "unparsed",
)


@dataclass(frozen=True)
class Figure:
    """One figure read from text.

    Attributes
    ----------
    quantity : str or None
        What is counted, from :data:`QUANTITIES`; None when the text names
        nothing of the vocabulary.
    low, best, high : float or None
        Inclusive bounds and the source's own figure; None when the statement
        does not set them.
    rule : str
        How the bounds were set, from :data:`RULES`.
    unit : str or None
        ``"percent"`` for percentages, None for counts.
    text : str
        The span of the input the figure was read from, as written.
    explanation : str
        One plain sentence: how the bounds were set.
    start, end : int
        Where ``text`` sits in the input (``input[start:end] == text``); not
        compared by ``==``.
    """

    quantity: str | None
    low: float | None
    best: float | None
    high: float | None
    rule: str
    unit: str | None
    text: str
    explanation: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    def to_claim_fields(self) -> dict[str, object]:
        """Return the figure as the claims table's value columns.

        Returns
        -------
        dict
            ``quantity``, ``value_text``, ``value_low``, ``value_best``,
            ``value_high`` and ``value_rule``; missing bounds are None.

        Examples
        --------
        >>> parse_figures("more than 200 killed")[0].to_claim_fields()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'quantity': 'killed', 'value_text': 'more than 200 killed',
         'value_low': 201.0, 'value_best': None, 'value_high': None,
         'value_rule': 'more_than'}
        """
        return {
            "quantity": self.quantity,
            "value_text": self.text,
            "value_low": self.low,
            "value_best": self.best,
            "value_high": self.high,
            "value_rule": self.rule,
        }


def parse_figures(text: str, *, language: str | None = None) -> list[Figure]:
    """Read every figure in ``text`` as low / best / high with its rule.

    Parameters
    ----------
    text : str
        A claim value, summary or sentence, in English, Russian or Ukrainian
        (mixed is fine).
    language : str, optional
        ISO 639-1 code of the text (``"en"``, ``"ru"``, ``"uk"``...). It is
        used only to read a lone ``.`` or ``,`` before three digits when a
        multiplier or percent follows ("1,500 thousand"); without it such a
        figure is ``unparsed``.

    Returns
    -------
    list of Figure
        In the order they appear; empty when the text states no figure.
        Figures it cannot read have rule ``"unparsed"`` and say why.

    Raises
    ------
    TypeError
        When ``text`` is not a string (pass ``""`` for an empty cell).

    Examples
    --------
    >>> [(f.quantity, f.low, f.best, f.high, f.rule)
    ...  for f in parse_figures("7 tanks; 5 armoured vehicles")]
    [('tanks', 7.0, 7.0, 7.0, 'exact'), ('armoured_vehicles', 5.0, 5.0, 5.0, 'exact')]
    >>> f = parse_figures("more than 200 killed")[0]
    >>> (f.quantity, f.low, f.best, f.high, f.rule)
    ('killed', 201.0, None, None, 'more_than')
    >>> f.explanation  # doctest: +NORMALIZE_WHITESPACE
    "'more than 200 killed' sets a strict lower bound: low is 201, the next
    whole number, with no best or high."
    >>> f = parse_figures("около двухсот убитых")[0]
    >>> (f.quantity, f.low, f.best, f.high, f.rule)
    ('killed', None, 200.0, None, 'about')
    >>> f = parse_figures("dozens of drones")[0]
    >>> (f.quantity, f.low, f.high, f.rule)
    ('drones', 24.0, None, 'vague_plural')
    >>> parse_figures("schools closed 18-19 March")
    []
    >>> parse_figures("1.5 killed")[0].rule
    'unparsed'
    """
    if not isinstance(text, str):
        raise TypeError(
            f"parse_figures reads text, not {type(text).__name__}; "
            "pass '' for an empty cell"
        )
    return _Parser(text, language).run()


# --------------------------------------------------------------------------
# Text folding and tokens
# --------------------------------------------------------------------------

_CHAR_FOLD = {
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006", " "),
    **dict.fromkeys("\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n", " "),
    **dict.fromkeys("\u2019\u2018\u02bc\u0060\u00b4\u2032\u02b9", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "ё": "е",
}
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Case-fold ``text`` one character at a time, keeping original offsets.

    Returns the folded string and, for each of its characters, the start and
    end offset in ``text`` it came from. Invisible characters are dropped and
    combining marks composed onto their base (decomposed "й" reads as "й").
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if unicodedata.combining(ch):
            if chars:
                composed = unicodedata.normalize("NFC", chars[-1] + ch)
                if len(composed) == 1:
                    chars[-1] = _CHAR_FOLD.get(composed, composed)
                ends[-1] = index + 1
            continue
        low = ch.lower()
        if len(low) != 1:
            low = ch
        chars.append(_CHAR_FOLD.get(low, low))
        starts.append(index)
        ends.append(index + 1)
    return "".join(chars), starts, ends


_TOKEN_RE = re.compile(
    r"""
      (?P<time>(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d))
    | (?P<date>(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}
                      |\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2}))(?!\d))
    | (?P<num>(?<!\d)(?:\d{1,3}(?:\ \d{3})+(?!\d)|\d+(?:[.,]\d+)*))
    | (?P<word>[^\W\d_](?:\w|'(?=\w))*(?:-(?:\w|'(?=\w))+)*)
    | (?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)
# Letters glued to digits: "1.5k", "1st", "16-year-old", "2-х", "122-mm".
_GLUE_RE = re.compile(r"-?[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, word, punct, skip
    norm: str  # folded text (for num: the digits without glue)
    start: int  # offsets in the original text
    end: int
    cap: bool  # starts with a capital letter in the original
    glue: str = ""


def _tokenize(text: str) -> list[_Tok]:
    folded, starts, ends = _fold(text)
    toks: list[_Tok] = []
    pos = 0
    while pos < len(folded):
        match = _TOKEN_RE.match(folded, pos)
        if match is None:  # white space
            pos += 1
            continue
        kind = match.lastgroup or "punct"
        begin, stop = match.span()
        norm = match.group()
        glue = ""
        if kind == "num":
            glued = _GLUE_RE.match(folded, stop)
            if glued:
                glue = glued.group()
                stop = glued.end()
        elif kind in ("time", "date"):
            kind = "skip"
        start, end = starts[begin], ends[stop - 1]
        toks.append(_Tok(kind, norm, start, end, text[start].isupper(), glue))
        pos = stop
    return toks


# --------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------

_D = Decimal


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _forms(table: dict[int, str]) -> dict[str, int]:
    return {form: value for value, forms in table.items() for form in forms.split()}


def _stem_forms(stems: dict[int, str], endings: str) -> dict[str, int]:
    return {
        stem + ending: value
        for value, stem in stems.items()
        for ending in endings.split()
    }


_EN_SMALL = _forms(
    {
        0: "zero",
        1: "one",
        2: "two",
        3: "three",
        4: "four",
        5: "five",
        6: "six",
        7: "seven",
        8: "eight",
        9: "nine",
        10: "ten",
        11: "eleven",
        12: "twelve",
        13: "thirteen",
        14: "fourteen",
        15: "fifteen",
        16: "sixteen",
        17: "seventeen",
        18: "eighteen",
        19: "nineteen",
        20: "twenty",
        30: "thirty",
        40: "forty",
        50: "fifty",
        60: "sixty",
        70: "seventy",
        80: "eighty",
        90: "ninety",
    }
)
_RU_SMALL = {
    **_forms(
        {
            1: "один одного одному одним одном одна одной одну одно",
            2: "два две двух двум двумя двое двоих двоим двоими",
            3: "три трех трем тремя трое троих троим троими",
            4: "четыре четырех четырем четырьмя четверо четверых",
            5: "пять пяти пятью пятеро пятерых",
            6: "шесть шести шестью шестеро шестерых",
            7: "семь семи семеро семерых",  # not "семью": also "family"
            8: "восемь восьми восемью восьмью восьмеро восьмерых",
            9: "девять девяти девятью девятеро девятерых",
            10: "десять десяти десятью десятеро десятерых",
            40: "сорок сорока",
            50: "пятьдесят пятидесяти пятьюдесятью",
            60: "шестьдесят шестидесяти шестьюдесятью",
            70: "семьдесят семидесяти семьюдесятью",
            80: "восемьдесят восьмидесяти восемьюдесятью",
            90: "девяносто девяноста",
        }
    ),
    **_stem_forms(
        {
            11: "одиннадцат",
            12: "двенадцат",
            13: "тринадцат",
            14: "четырнадцат",
            15: "пятнадцат",
            16: "шестнадцат",
            17: "семнадцат",
            18: "восемнадцат",
            19: "девятнадцат",
            20: "двадцат",
            30: "тридцат",
        },
        "ь и ью",
    ),
}
_UK_SMALL = {
    **_forms(
        {
            1: "один одного одному одним одна однієї одній одну одне",
            2: "два дві двох двом двома двоє",
            3: "три трьох трьом трьома троє",
            4: "чотири чотирьох чотирьом чотирма четверо",
            5: "п'ять п'яти п'ятьох п'ятьом п'ятьма п'ятьома п'ятеро",
            6: "шість шести шістьох шістьом шістьма шістьома шестеро",
            7: "сім семи сімох сімом сьома сімома семеро",
            8: "вісім восьми вісьмох вісьмом вісьма вісьмома восьмеро",
            9: "дев'ять дев'яти дев'ятьох дев'ятьом дев'ятьма дев'ятьома дев'ятеро",
            10: "десять десяти десятьох десятьом десятьма десятьома десятеро",
            40: "сорок сорока",
            50: "п'ятдесят п'ятдесяти п'ятдесятьох п'ятдесятьма",
            60: "шістдесят шістдесяти шістдесятьох шістдесятьма",
            70: "сімдесят сімдесяти сімдесятьох сімдесятьма",
            80: "вісімдесят вісімдесяти вісімдесятьох вісімдесятьма",
            90: "дев'яносто дев'яноста",
        }
    ),
    **_stem_forms(
        {
            11: "одинадцят",
            12: "дванадцят",
            13: "тринадцят",
            14: "чотирнадцят",
            15: "п'ятнадцят",
            16: "шістнадцят",
            17: "сімнадцят",
            18: "вісімнадцят",
            19: "дев'ятнадцят",
            20: "двадцят",
            30: "тридцят",
        },
        "ь и ьох ьом ьма ьома",
    ),
}
_HUNDREDS = _forms(
    {
        100: "сто ста",
        200: "двести двухсот двумстам двумястами двухстах "
        "двісті двохсот двомстам двомастами двохстах",
        300: "триста трехсот тремстам тремястами трехстах "
        "трьохсот трьомстам трьомастами трьохстах",
        400: "четыреста четырехсот четыремстам четырьмястами четырехстах "
        "чотириста чотирьохсот чотирьомстам чотирмастами чотирьохстах",
        500: "пятьсот пятисот пятистам пятьюстами пятистах "
        "п'ятсот п'ятисот п'ятистам п'ятьмастами п'ятистах",
        600: "шестьсот шестисот шестистам шестьюстами шестистах шістсот шістьмастами",
        700: "семьсот семисот семистам семьюстами семистах сімсот сьомастами",
        800: "восемьсот восьмисот восьмистам восемьюстами восьмьюстами "
        "восьмистах вісімсот вісьмастами",
        900: "девятьсот девятисот девятистам девятьюстами девятистах "
        "дев'ятсот дев'ятисот дев'ятистам",
    }
)

# kind: small (< 100), hundreds (100..900 as one word), times (multiplies the
# running group: "hundred", "сотня", "десяток", "dozen"), scale (closes a
# group: thousand, million).
_NUMBER_WORDS: dict[str, tuple[Decimal, str]] = {
    **{w: (_D(v), "small") for w, v in {**_EN_SMALL, **_RU_SMALL, **_UK_SMALL}.items()},
    **{w: (_D(v), "hundreds") for w, v in _HUNDREDS.items()},
    **dict.fromkeys(("полтора", "полторы", "полутора"), (_D("1.5"), "small")),
    **dict.fromkeys(("півтора", "півтори"), (_D("1.5"), "small")),
    "hundred": (_D(100), "times"),
    **dict.fromkeys(
        _words("сотня сотни сотню сотней сотне сотні сотнею"), (_D(100), "times")
    ),
    **dict.fromkeys(_words("десяток десятка десятку десятком"), (_D(10), "times")),
    "dozen": (_D(12), "times"),
    **dict.fromkeys(
        _words(
            "thousand тысяча тысячи тысяч тысячу тысячей тысячам тысячами "
            "тысячах тисяча тисячі тисяч тисячу тисячею тисячам тисячами"
        ),
        (_D(1000), "scale"),
    ),
    **dict.fromkeys(
        _words("million миллион миллиона миллионов мільйон мільйона мільйонів"),
        (_D(10**6), "scale"),
    ),
}
# Singular words that are about, not exactly, their value when they stand alone.
_APPROX_ALONE = frozenset(_words("десяток десятка десятку десятком dozen"))

# Multipliers after digits or a vague quantifier ("2.5 thousand", "10 тыс.",
# "several hundred", "несколько сотен").
_MULTIPLIERS: dict[str, Decimal] = {
    **{w: v for w, (v, kind) in _NUMBER_WORDS.items() if kind in ("times", "scale")},
    **dict.fromkeys(_words("k к тыс тис thousands"), _D(1000)),
    **dict.fromkeys(["hundreds", "сотен", "сотень"], _D(100)),
    **dict.fromkeys(["десятков", "десятків", "десятки"], _D(10)),
    "dozens": _D(12),
    **dict.fromkeys(["млн", "mln", "millions"], _D(10**6)),
}
_ABBREVIATIONS = frozenset(_words("тыс тис млн mln"))  # may end with a dot

# Vague plurals: a floor of two of the base ("dozens" = at least 24).
_VAGUE_PLURALS: dict[str, Decimal] = {
    **dict.fromkeys(_words("tens десятки десятков десятків"), _D(10)),
    "dozens": _D(12),
    "scores": _D(20),
    **dict.fromkeys(_words("hundreds сотни сотен сотні сотень"), _D(100)),
    **dict.fromkeys(_words("thousands тысячи тысяч тисячі тисяч"), _D(1000)),
    **dict.fromkeys(
        _words("millions миллионы миллионов мільйони мільйонів"), _D(10**6)
    ),
}
# Forms that are also the genitive singular: "около тысячи" is about 1000.
_GENITIVE_SINGULAR = frozenset(_words("сотни тысячи сотні тисячі"))
_GENITIVE_HEDGES = frozenset(
    _words(
        "около более свыше до менее больше меньше порядка от понад "
        "близько більше менше від біля щонайменше"
    )
)

_SEVERAL = (_D(3), _D(9), "3 to 9")
_FEW = (_D(2), _D(5), "2 to 5")
_RU_FEW = (_D(2), _D(9), "2 to 9")
_MANY = (_D(2), None, "at least 2, the plural's floor")
_VAGUE_QUANTIFIERS: dict[str, tuple[Decimal, Decimal | None, str]] = {
    "several": _SEVERAL,
    "few": _FEW,
    **dict.fromkeys(
        _words("несколько нескольких несколькими кілька кількох декілька декількох"),
        _RU_FEW,
    ),
    **dict.fromkeys(
        _words(
            "multiple many numerous многие многих много многочисленные "
            "многочисленных немало багато чимало численні численних"
        ),
        _MANY,
    ),
}

# --------------------------------------------------------------------------
# Hedges
# --------------------------------------------------------------------------


def _phrases(rule: str, phrases: str) -> list[tuple[tuple[str, ...], str]]:
    return [(tuple(p.split()), rule) for p in phrases.split("|")]


_PREFIX_HEDGES = sorted(
    [
        *_phrases(
            "more_than",
            "more than|over|above|upwards of|in excess of|exceeding|greater than|>"
            "|более|более чем|больше|больше чем|свыше|чуть более|чуть больше"
            "|немногим более|понад|більше|більше ніж|більш ніж|більш як|трохи більше",
        ),
        *_phrases(
            "at_least",
            "at least|no fewer than|no less than|not less than|not fewer than"
            "|a minimum of|minimum of|minimum|≥|> =|не менее|не меньше"
            "|не менее чем|как минимум|минимум|по меньшей мере|по крайней мере"
            "|щонайменше|не менше|не менше ніж|не менш ніж|принаймні|як мінімум"
            "|мінімум|щонайменше",
        ),
        *_phrases(
            "up_to",
            "up to|as many as|no more than|not more than|at most|a maximum of"
            "|maximum of|max|≤|< =|до|не более|не больше|не более чем|максимум"
            "|вплоть до|не більше|не більше ніж|не більш ніж|аж до",
        ),
        *_phrases(
            "fewer_than",
            "fewer than|less than|under|below|<|менее|меньше|менее чем"
            "|меньше чем|чуть менее|чуть меньше|менше|менше ніж|менш ніж|менш як",
        ),
        *_phrases(
            "about",
            "about|around|approximately|approx|approx .|roughly|some|circa|ca"
            "|ca .|c .|nearly|almost|close to|an estimated|estimated|~|≈|около"
            "|примерно|приблизительно|порядка|почти|где-то|близько|приблизно"
            "|майже|орієнтовно|біля|десь|ок .",
        ),
    ],
    key=lambda item: -len(item[0]),
)
_POSTFIX_HEDGES = sorted(
    [
        *_phrases(
            "at_least",
            "or more|and more|+|plus|or over|at least|и более|и больше|или более"
            "|или больше|і більше|й більше|та більше|або більше",
        ),
        *_phrases("about", "or so|odd"),
        *_phrases("more_than", "с лишним|с небольшим|з гаком|з лишком|з лишнім"),
        *_phrases("up_to", "or fewer|or less|at most|и менее|або менше"),
    ],
    key=lambda item: -len(item[0]),
)
_RANGE_PREFIXES = frozenset(_words("between from между от від з із"))
_RANGE_AND = frozenset(_words("and и і та й"))
_RANGE_TO = frozenset(_words("- to до or или або чи"))

# --------------------------------------------------------------------------
# Lexicon: what is counted
# --------------------------------------------------------------------------
# role: thing (a counted noun), verb (says what happened to people: killed,
# wounded...), weak (captured, evacuated: also said of places and things, so
# they need people or nothing else in between), destroy (killed when said of
# people, intercepted when said of a share), intercept, person, attacker,
# person1 (one person), launcher (a rocket launcher: its munitions are
# rockets), loss (killed_or_wounded).


@dataclass(frozen=True)
class _Term:
    role: str
    quantity: str | None
    patterns: tuple[re.Pattern[str], ...]
    munition: bool = False


def _terms(
    role: str, quantity: str | None, phrases: str, *, munition: bool = False
) -> list[_Term]:
    return [
        _Term(
            role,
            quantity,
            tuple(re.compile(tok) for tok in phrase.split()),
            munition,
        )
        for phrase in _top_level_split(phrases)
    ]


def _top_level_split(phrases: str) -> list[str]:
    """Split on the ``|`` that are not inside a regex group."""
    out, depth, begin = [], 0, 0
    for index, ch in enumerate(phrases):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            out.append(phrases[begin:index])
            begin = index + 1
    out.append(phrases[begin:])
    return out


_W = r"\w*"
_LEXICON: list[_Term] = sorted(
    [
        *_terms(
            "thing",
            "irrecoverable_losses",
            f"irrecoverable losses|irretrievable losses|безвозвратн{_W} потер{_W}"
            f"|безповоротн{_W} втрат{_W}|незворотн{_W} втрат{_W}",
        ),
        *_terms(
            "verb",
            "killed_or_wounded",
            "(?:killed|dead) (?:or|and) (?:wounded|injured)|casualt(?:y|ies)"
            f"|(?:убит|погибш){_W} (?:и|или) ранен{_W}"
            f"|(?:вбит|убит|загибл){_W} (?:і|й|та|або) поранен{_W}",
        ),
        *_terms(
            "loss",
            "killed_or_wounded",
            "losses|потер(?:и|ь|ям|ями|ях)|втрат(?:и|а|у|ою|ам)?",
        ),
        *_terms(
            "verb",
            "killed",
            f"killed|kill(?:s|ing)?|dead|died|deaths?|fatalit(?:y|ies)|perished"
            f"|slain|kia|убит{_W}|погиб{_W}|скончал{_W}|мертв{_W}|вбит{_W}"
            f"|загин{_W}|загибл{_W}|помер(?:ла|ли|ло)?",
        ),
        *_terms(
            "verb",
            "wounded",
            f"wounded|injured|injur(?:y|ies|ing)|hurt|wia|ранен{_W}|пострадал{_W}"
            f"|пострадавш{_W}|травмирован{_W}|поранен{_W}|травмован{_W}"
            f"|постражда{_W}",
        ),
        *_terms(
            "weak",
            "captured",
            f"captured|prisoners?|pows?|captives?|taken prisoner|taken captive"
            f"|пленн{_W}|пленен{_W}|в плен|взят{_W} в плен|полонен{_W}|в полон"
            f"|взят{_W} в полон",
        ),
        *_terms(
            "weak",
            "evacuated",
            f"evacuat(?:ed|e|ing|ion)|evacuees?|эвакуир{_W}|эвакуац{_W}"
            f"|евакуйов{_W}|евакуюва{_W}|евакуац{_W}",
        ),
        *_terms(
            "destroy",
            None,
            f"destroyed|eliminated|neutrali[sz]ed|liquidated|уничтож{_W}"
            f"|ликвидир{_W}|нейтрализ{_W}|знищ{_W}|ліквідов{_W}|ліквідува{_W}"
            f"|нейтраліз{_W}",
        ),
        *_terms(
            "intercept",
            None,
            f"intercepted|shot down|downed|сбит{_W}|сбил{_W}|перехвач{_W}"
            f"|збит{_W}|збил{_W}|перехопл{_W}|перехопи{_W}",
        ),
        *_terms(
            "thing",
            "tanks",
            "tanks?|танк(?:а|у|ом|е|и|ов|ам|ами|ах|ів)?"
            r"|[tт]-(?:55|62|64|72|80|84|90)\w*",  # model names: "T-72s", "Т-90М"
        ),
        *_terms(
            "thing",
            "armoured_vehicles",
            "armou?red personnel carriers?|armou?red fighting vehicles?"
            "|infantry fighting vehicles?|armou?red vehicles?|armou?red cars?"
            f"|apcs?|ifvs?|afvs?|bmps?|btrs?|mraps?|бронемашин{_W}"
            f"|бронетехник{_W}|бронетехнік{_W}|бронетранспортер{_W}"
            f"|броневик{_W}|броньовик{_W}|ббм|бмп|бтр|бмд"
            r"|(?:bmp|btr|bmd|бмп|бтр|бмд)-\d\w*|mt-lb|мт-лб"
            f"|бронированн{_W} машин{_W}|броньован{_W} машин{_W}",
        ),
        *_terms(
            "thing",
            "vehicles",
            "vehicles?|cars?|trucks?|pick-?ups?|pickup trucks?|lorr(?:y|ies)"
            f"|jeeps?|buggy|buggies|автомобил{_W}|автомобіл{_W}|автомашин{_W}"
            f"|машин(?:а|ы|у|ой|ою|и)?|пикап{_W}|пікап{_W}|грузовик{_W}"
            f"|вантажівк{_W}|вантажівок|техник(?:а|и|у|ой)|техні(?:ка|ки|ку|кою)",
        ),
        *_terms(
            "thing",
            "artillery",
            "artillery pieces?|artillery systems?|artillery guns?|artillery"
            f"|howitzers?|guns|mortars?|cannons?|орудий|орудия|орудие"
            f"|артиллерийск{_W} систем{_W}|артилерійськ{_W} систем{_W}"
            f"|артсистем{_W}|гаубиц{_W}|гаубиць|миномет{_W}|міномет{_W}"
            f"|гармат{_W}|сау",
        ),
        *_terms(
            "thing",
            "drones",
            "unmanned aerial vehicles?|unmanned aircraft|drones?|uavs?|uas"
            f"|quadcopters?|shaheds?|gerans?|беспилотн{_W} летательн{_W}"
            f" аппарат{_W}|безпілотн{_W} літальн{_W} апарат{_W}"
            f"|беспилотник{_W}|безпілотник{_W}|бпла|бпл|дрон(?:а|у|ом|е|ы|ов"
            f"|ам|ами|ах|и|ів)?|квадрокоптер{_W}|шахед{_W}|геран{_W}",
        ),
        *_terms(
            "thing",
            "missiles",
            "missiles?|ракет(?:а|ы|у|ой|ою|и|ам|ами|ах|е|і)?",
            munition=True,
        ),
        *_terms(
            "thing",
            "rockets",
            f"rockets?|rocket shells?|реактивн{_W} снаряд{_W}",
            munition=True,
        ),
        *_terms(
            "thing",
            None,
            f"shells?|projectiles?|munitions?|снаряд{_W}|боеприпас{_W}|боєприпас{_W}",
            munition=True,
        ),
        *_terms(
            "thing",
            "aerial_targets",
            f"aerial targets?|air targets?|airborne targets?|воздушн{_W}"
            f" цел(?:ь|и|ей|ям|ями|ях)|повітрян{_W} ціл(?:ь|і|ей|ям|ями|ях)",
        ),
        *_terms(
            "thing",
            "attacks",
            "attacks?|assaults?|raids?|attempts?|атак(?:а|и|у|ой|ою|е|і|ам|ами"
            "|ах)?|попыт(?:ка|ки|ку|кой|ок|ками)|нападени(?:е|я|й|ям)"
            "|спроб(?:а|и|у|ою)?|напад(?:и|ів)?",
        ),
        *_terms(
            "launcher",
            "artillery",
            f"vampires?|вампир{_W}|вампір{_W}|grad|град(?:а|ом|ов|ы)?|hrad"
            f"|uragan|ураган{_W}|smerch|смерч{_W}|tornado|торнадо|himars"
            f"|хаймарс{_W}|mlrs|рсзо|рсзв|bm-21|rm-70|бм-21",
        ),
        *_terms(
            "attacker",
            None,
            "attackers?|assailants?|infiltrators?|raiders?|militants?|saboteurs?"
            f"|terrorists?|insurgents?|mercenar(?:y|ies)|нападавш{_W}"
            f"|нападающ{_W}|диверсант{_W}|боевик{_W}|террорист{_W}|наемник{_W}"
            f"|нападник{_W}|бойовик{_W}|терорист{_W}|найманц{_W}|дрг",
        ),
        *_terms(
            "person1",
            None,
            "man|woman|girl|boy|child|baby|teenager|teen|son|daughter|father"
            "|mother|husband|wife|brother|sister|grandmother|grandfather"
            "|civilian|resident|soldier|serviceman|servicewoman|person|driver"
            "|pensioner|local|volunteer|officer|policeman|journalist|worker"
            "|employee|мужчина|женщина|девушка|девочка|мальчик|ребенок"
            "|подросток|пенсионер|пенсионерка|водитель|военнослужащий|житель"
            "|жительница|сын|дочь|отец|мать|муж|жена|человек|военный"
            "|пограничник|чоловік|жінка|дівчина|дівчинка|хлопчик|хлопець"
            "|дитина|підліток|пенсіонер|пенсіонерка|водій|військовий"
            "|військовослужбовець|мешканець|мешканка|жителька|син|донька"
            "|дочка|батько|мати|прикордонник",
        ),
        *_terms(
            "person",
            None,
            "people|persons|civilians|residents|inhabitants|children|kids"
            "|soldiers|servicem[ae]n|troops|military|personnel|men|women"
            "|volunteers|officers|guards|policemen|police|rescuers|workers"
            "|employees|journalists|locals|citizens|pensioners|teenagers"
            "|adults|fighters|marines|paratroopers|conscripts"
            f"|человека|люд(?:ей|и|ям|ьми)|жител{_W}|дет(?:ей|и|ям|ьми)"
            f"|ребенка|военн{_W}|военнослужащ{_W}|солдат{_W}|бойц{_W}"
            f"|мужчин{_W}|женщин{_W}|пенсионер{_W}|подрост{_W}|срочник{_W}"
            f"|пограничник{_W}|полицейск{_W}|спасател{_W}|сотрудник{_W}"
            f"|граждан{_W}|ос(?:іб|оби|оба)|людей|люди|людин{_W}|мешкан{_W}"
            f"|цивільн{_W}|діт(?:ей|и|ьми)|дитин{_W}|військов{_W}"
            f"|військовослужбовц{_W}|бійц{_W}|боєць|чолові{_W}|жін(?:ок|ки)"
            f"|пенсіонер{_W}|підлітк{_W}|прикордонник{_W}|поліцейськ{_W}"
            f"|рятувальник{_W}|працівник{_W}|громадян{_W}",
        ),
    ],
    key=lambda term: -len(term.patterns),
)


@functools.lru_cache(maxsize=4096)
def _terms_starting(word: str) -> tuple[_Term, ...]:
    """List the lexicon terms whose first word matches ``word``, longest first."""
    return tuple(term for term in _LEXICON if term.patterns[0].fullmatch(word))


_SINGULAR_VERBS = re.compile(
    r"killed|died|dead|injured|wounded|hurt|погиб(?:ла)?|убит(?:а|ый|ая)?"
    r"|скончал(?:ся|ась)|ранен(?:а|ый|ая)?|пострадал(?:а)?|травмирован(?:а)?"
    r"|загинув|загинула|вбит(?:ий|а|о)|убит(?:ий|о)|помер(?:ла)?"
    r"|поранен(?:ий|а|о)|постраждав|постраждала|травмован(?:ий|а)"
)

# Words read past without changing anything.
_FILLERS = frozenset(
    _words(
        "were was is are be been being have has had reportedly "
        "allegedly also more other another further additional "
        "critically seriously severely lightly badly fatally slightly "
        "mortally gravely reported confirmed officially total all the "
        "of russian ukrainian enemy local еще также были был была "
        "было тяжело легко смертельно серьезно всего уже ще також "
        "були був була було тяжко важко смертельно серйозно вже "
        "всього ранее раніше its their his her our whose"
    )
)
# Words that end the search for what is counted.
_STOP_WORDS = frozenset(
    _words(
        "in at on near from by after before during since when while "
        "which who that as and or but with into onto across than per "
        "for against в во на у под при после до около возле из над за "
        "с со к ко по от и или а но что который которые когда під "
        "після біля з із зі від і й та або але що який які коли"
    )
)
_BARRIER_PUNCT = frozenset(';.,()[]{}!?:"«»“”„/|-—')
_SENTENCE_PUNCT = frozenset(";.!?")

_MONTH_RE = re.compile(
    r"january|february|march|april|may|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяюе]|июн\w*|июл\w*|август\w*"
    r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|січ(?:ня|ень|ні)"
    r"|лют(?:ого|ий|ому)|берез(?:ня|ень|ні)|квіт(?:ня|ень|ні)|трав(?:ня|ень|ні)"
    r"|черв(?:ня|ень|ні)|лип(?:ня|ень|ні)|серп(?:ня|ень|ні)|верес(?:ня|ень|ні)"
    r"|жовт(?:ня|ень|ні)|листопад\w*|груд(?:ня|ень|ні)"
)
_MEASURE_RE = re.compile(
    r"km|kms|kilomet(?:er|re)s?|m|metres?|meters?|mm|cm|miles?|hours?|hrs?|h"
    r"|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|yrs?|tonnes?"
    r"|tons?|kg|kilograms?|litres?|liters?|times|км|м|мм|см|километр\w*"
    r"|кілометр\w*|метр\w*|час(?:а|ов)?|годин\w*|минут\w*|хвилин\w*|секунд\w*"
    r"|сут(?:ки|ок)|дн(?:я|ей|і|ів)|день|недел\w*|тижн\w*|тиждень|месяц\w*"
    r"|місяц\w*|лет|года?|году|рок(?:и|ів)|рік|року|тонн\w*|кг|раз(?:а|ів)?"
    r"|мин|сек|ч|год|storeys?|floors?|калибр\w*|калібр\w*|degrees?|градус\w*"
)
_ORDINAL_GLUE = re.compile(
    r"st|nd|rd|th|-?(?:й|я|е|ю|го|му|м|ой|ый|ий|ая|ое|ого|ому|ым|ій|ої|ому)"
)
_CARDINAL_GLUE = re.compile(r"-?(?:х|ти|ми|ех|ух|ох|ьох|ти|ью|ми|ма|ом|ям)")
_YEAR_BEFORE = frozenset(_words("in since в во у с з із"))
_PERCENT_WORDS = re.compile(r"percent|pct|процент\w*|відсот\w*|проц")
_ARTICLE = frozenset(("a", "an"))
_AFTER_ARTICLE_NOUN = frozenset(
    _words(
        "was is has had in on at near by destroyed hit shot downed "
        "captured damaged lost abandoned left and with of were"
    )
)
_UNQUANTIFIED = re.compile(
    r"heavy|significant|massive|large|huge|considerable|substantial|serious"
    r"|unknown|unspecified|undisclosed|значительн\w*|больш(?:ие|их)"
    r"|крупн\w*|тяжел\w*|серьезн\w*|огромн\w*|неизвестн\w*|значн\w*|велик\w*"
    r"|важк\w*|серйозн\w*|величезн\w*|невідом\w*"
)
_UNQUANTIFIED_SKIP = frozenset(_words("number of количество кількість"))
_NO_WORDS = frozenset(("no", "nobody"))

_DECIMAL_COMMA = frozenset(
    _words(
        "ru uk be bg cs da de el es et fi fr hr hu id it lt lv nb nl "
        "no pl pt ro sk sl sr sv tr"
    )
)
_DECIMAL_POINT = frozenset(_words("en ja ko zh he hi th ms ga mt"))
_MAX_DIGITS = 15
_FORWARD_WORDS = 4


# --------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------


@dataclass
class _Atom:
    """A number, number words or a vague amount at tokens [start, end)."""

    start: int
    end: int
    value: Decimal | None = None  # multiplied out: "2.5 thousand" is 2500
    vague: tuple[Decimal, Decimal | None, str] | None = None  # low, high, label
    approx: bool = False  # "a dozen", "десяток": about, unless hedged
    mult: Decimal = Decimal(1)  # the trailing multiplier, shared in "2-3 thousand"
    percent: bool = False
    error: str | None = None
    zero_word: bool = False  # "no", "nobody": a figure only with a counted thing
    postfix: str | None = None  # a hedge glued on: "200-odd"


@dataclass
class _Expr:
    start: int
    end: int
    atom: _Atom
    upper: _Atom | None = None  # the second end of a range
    hedge: str | None = None


@dataclass
class _Found:
    quantity: str | None
    first: int
    last: int  # inclusive token index of the span
    notes: list[str] = field(default_factory=list)  # go into the explanation
    person: bool = False
    attacker: bool = False
    proper_only: bool = False  # nothing but proper names after the number


def _fmt(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


def _convention(language: str | None) -> str | None:
    """Return the decimal mark of ``language``, or None when unknown."""
    if not language:
        return None
    code = re.split(r"[-_]", language.strip().lower())[0]
    if code in _DECIMAL_COMMA:
        return ","
    if code in _DECIMAL_POINT:
        return "."
    return None


def _can_add(group: Decimal, value: Decimal) -> bool:
    """Whether ``value`` continues ``group`` ("сто" + "пять") or starts anew."""
    if group == 0:
        return True
    if group != group.to_integral_value():
        return False
    rest = int(group) % 100
    if rest:
        return rest >= 20 and rest % 10 == 0 and value < 10
    if int(group) % 1000:
        return value < 100
    return True


def _vague_label(word: str) -> str:
    base = _VAGUE_PLURALS[word]
    unit = {10: "tens", 12: "dozen", 20: "score", 100: "hundred", 1000: "thousand"}
    name = unit.get(int(base), "million")
    return f"at least two {name} ({_fmt(2 * base)})"


_TIME_BEFORE = frozenset(
    _words("at after by from since until в о об до с з к после після")
)
_OR_WORDS = frozenset(_words("or или або чи"))
_NOT_RANGE_AFTER_OR = frozenset(
    _words("more so fewer less over более больше більше менше менее")
)
_MAX_VALUE = Decimal(10**15)


class _Parser:
    """One pass over one text; see :func:`parse_figures`."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.n = len(self.toks)
        self.decimal = _convention(language)
        self.used = [False] * self.n
        self.found: list[tuple[int, int, Figure]] = []
        self.terms: dict[int, tuple[_Term, int] | None] = {}

    # ---- helpers ---------------------------------------------------------

    def norm(self, i: int) -> str:
        return self.toks[i].norm if 0 <= i < self.n else ""

    def is_word(self, i: int) -> bool:
        return 0 <= i < self.n and self.toks[i].kind == "word"

    def is_punct(self, i: int, chars: Iterable[str]) -> bool:
        return (
            0 <= i < self.n
            and self.toks[i].kind == "punct"
            and self.toks[i].norm in chars
        )

    def phrase_at(self, i: int, phrase: Sequence[str]) -> bool:
        if i < 0 or i + len(phrase) > self.n:
            return False
        return all(
            self.toks[i + k].norm == word and not self.used[i + k]
            for k, word in enumerate(phrase)
        )

    def term_at(self, i: int) -> tuple[_Term, int] | None:
        """Find the longest lexicon term starting at token ``i``, and its length."""
        if i in self.terms:
            return self.terms[i]
        found = None
        if self.is_word(i):
            for term in _terms_starting(self.toks[i].norm):
                size = len(term.patterns)
                if i + size <= self.n and all(
                    self.toks[i + k].kind == "word"
                    and pattern.fullmatch(self.toks[i + k].norm)
                    for k, pattern in enumerate(term.patterns[1:], start=1)
                ):
                    found = (term, size)
                    break
        self.terms[i] = found
        return found

    def span_text(self, first: int, last: int) -> tuple[str, int, int]:
        start, end = self.toks[first].start, self.toks[last].end
        return self.text[start:end], start, end

    # ---- atoms -----------------------------------------------------------

    def multipliers(self, j: int) -> tuple[Decimal, int]:
        """Multiply by the words at ``j`` ("thousand", "тыс.", "k")."""
        mult = _D(1)
        while self.is_word(j) and self.norm(j) in _MULTIPLIERS and not self.used[j]:
            mult *= _MULTIPLIERS[self.norm(j)]
            j += 1
            if self.norm(j - 1) in _ABBREVIATIONS and self.is_punct(j, "."):
                j += 1
        return mult, j

    def percent_at(self, j: int) -> int:
        """Skip a percent sign or word at ``j``; return the index after it."""
        if self.is_punct(j, "%٪"):
            return j + 1
        if self.norm(j) == "per" and self.norm(j + 1) == "cent":
            return j + 2
        if self.is_word(j) and _PERCENT_WORDS.fullmatch(self.norm(j)):
            if self.norm(j) == "проц" and self.is_punct(j + 1, "."):
                return j + 2
            return j + 1
        return j

    def digits_atom(self, i: int) -> _Atom | None:
        tok = self.toks[i]
        atom = _Atom(i, i + 1)
        glue = tok.glue
        if glue:
            if glue in ("k", "к"):
                atom.mult = _D(1000)
            elif glue == "-odd":
                atom.postfix = "about"
            elif _ORDINAL_GLUE.fullmatch(glue):
                return None  # "1st", "2-й": an ordinal
            elif not _CARDINAL_GLUE.fullmatch(glue):
                return None  # "16-year-old", "122-mm", "5km": a modifier
        mult, j = self.multipliers(i + 1)
        atom.mult *= mult
        atom.end = self.percent_at(j)
        atom.percent = atom.end > j
        self.read_atom(atom)
        return atom

    def read_atom(self, atom: _Atom) -> None:
        """Set a digit atom's value from its digits and multiplier."""
        scaled = atom.mult != 1 or atom.percent
        atom.value, atom.error = self.read_digits(
            self.toks[atom.start].norm, scaled=scaled
        )
        if atom.value is not None:
            atom.value *= atom.mult

    def read_digits(
        self, digits: str, *, scaled: bool
    ) -> tuple[Decimal | None, str | None]:
        """Read digits with their separators: (value, None) or (None, reason)."""
        if " " in digits:
            return self.checked(digits.replace(" ", ""))
        seps = [c for c in digits if c in ".,"]
        if not seps:
            return self.checked(digits)
        parts = re.split(r"[.,]", digits)
        unreadable = f"cannot read the separators in '{digits}'"
        if len(set(seps)) == 2:
            # "1,500.5" or "1.500,5": the last separator is the decimal mark.
            if seps[-1] in seps[:-1] or not self.groups_ok(parts[:-1]):
                return None, unreadable
            return self.checked("".join(parts[:-1]) + "." + parts[-1])
        if len(seps) > 1:
            if not self.groups_ok(parts):
                return None, unreadable
            return self.checked("".join(parts))
        head, tail = parts
        if len(tail) == 3 and len(head) <= 3 and not head.startswith("0"):
            if not scaled:
                return self.checked(head + tail)  # a count cannot be fractional
            if self.decimal is None:
                return None, (
                    f"'{digits}' is ambiguous before a multiplier or percent, as "
                    f"'{seps[0]}' may group thousands or mark decimals; pass "
                    "language= to decide"
                )
            if seps[0] == self.decimal:
                return self.checked(head + "." + tail)
            return self.checked(head + tail)
        return self.checked(head + "." + tail)

    @staticmethod
    def groups_ok(parts: list[str]) -> bool:
        return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])

    @staticmethod
    def checked(number: str) -> tuple[Decimal | None, str | None]:
        if len(number.replace(".", "").lstrip("0")) > _MAX_DIGITS:
            return None, f"it has more than {_MAX_DIGITS} digits"
        return Decimal(number), None

    def word_parts(self, i: int) -> list[tuple[Decimal, str]] | None:
        if not self.is_word(i) or self.used[i]:
            return None
        word = self.norm(i)
        if word in _NUMBER_WORDS:
            return [_NUMBER_WORDS[word]]
        if "-" in word:  # "twenty-five"
            pieces = word.split("-")
            if all(p in _EN_SMALL or p == "hundred" for p in pieces):
                return [_NUMBER_WORDS[p] for p in pieces]
        return None

    def words_atom(self, i: int, *, start: int | None = None) -> _Atom | None:
        """Compose number words from ``i`` ("две тысячи пятьсот" = 2500)."""
        group = total = _D(0)
        j = i
        approx = False
        last_kind = ""
        last_value = _D(1)
        while j < self.n:
            parts = self.word_parts(j)
            if parts is None:
                nxt = self.word_parts(j + 1)
                if (
                    self.norm(j) == "and"
                    and last_kind in ("times", "scale")
                    and nxt
                    and nxt[0][1] == "small"
                ):
                    j += 1
                    continue
                break
            new_group, new_total = group, total
            ok = True
            for value, kind in parts:
                if kind in ("small", "hundreds"):
                    ok = _can_add(new_group, value)
                    new_group += value
                elif kind == "times":
                    if new_group == new_total == 0 and self.norm(j) in _APPROX_ALONE:
                        approx = True
                    new_group = (new_group or _D(1)) * value
                else:  # scale
                    ok = not new_total or new_total > value
                    new_total += (new_group or _D(1)) * value
                    new_group = _D(0)
                if not ok:
                    break
            if not ok:
                break
            group, total = new_group, new_total
            last_kind, last_value = parts[-1][1], parts[-1][0]
            j += 1
        if j == i:
            return None
        atom = _Atom(i if start is None else start, j, value=total + group)
        atom.approx = approx
        if last_kind in ("times", "scale"):
            atom.mult = last_value
        mult, k = self.multipliers(j)
        atom.value = (atom.value or _D(0)) * mult
        atom.mult *= mult
        atom.end = self.percent_at(k)
        atom.percent = atom.end > k
        return atom

    def vague_atom(self, i: int) -> _Atom | None:
        word = self.norm(i)
        nxt = self.norm(i + 1)
        if word in _ARTICLE:
            return self.article_atom(i, nxt)
        if word == "half" and nxt == "a" and self.norm(i + 2) == "dozen":
            return _Atom(i, i + 3, value=_D(6), approx=True)
        if word in _VAGUE_QUANTIFIERS:
            if word == "many" and nxt == "as":
                return None  # "as many as": a hedge
            return self.scaled_vague(i, i + 1, _VAGUE_QUANTIFIERS[word])
        if word in _VAGUE_PLURALS:
            if word in _GENITIVE_SINGULAR and self.norm(i - 1) in _GENITIVE_HEDGES:
                return self.words_atom(i)  # "около тысячи": about 1000
            base = _VAGUE_PLURALS[word]
            label = _vague_label(word)
            j = i + 1
            while True:  # "hundreds of thousands", "десятки тысяч"
                k = j + 1 if self.norm(j) == "of" else j
                if self.norm(k) in _MULTIPLIERS and self.norm(k) not in ("k", "к"):
                    base *= _MULTIPLIERS[self.norm(k)]
                    label = f"at least {_fmt(2 * base)}"
                    j = k + 1
                    continue
                break
            return _Atom(i, j, vague=(2 * base, None, label))
        return None

    def article_atom(self, i: int, nxt: str) -> _Atom | None:
        """Read "a dozen", "a few", "a couple of", "a number of", "a hundred"."""
        after_of = i + 3 if self.norm(i + 2) == "of" else i + 2
        if nxt == "dozen":
            return _Atom(i, i + 2, value=_D(12), approx=True)
        if nxt == "couple":
            return _Atom(i, after_of, value=_D(2), approx=True)
        if nxt == "few":
            return self.scaled_vague(i, i + 2, _FEW)
        if nxt == "handful":
            return _Atom(i, after_of, vague=_FEW)
        if nxt == "number" and self.norm(i + 2) == "of":
            return _Atom(i, i + 3, vague=_MANY)
        if nxt in ("hundred", "thousand", "million"):
            return self.words_atom(i + 1, start=i)
        return None

    def scaled_vague(
        self, start: int, j: int, band: tuple[Decimal, Decimal | None, str]
    ) -> _Atom:
        """Read a vague quantifier and its multipliers ("several hundred")."""
        if self.norm(j) == "of" and self.norm(j + 1) in _MULTIPLIERS:
            j += 1
        mult, k = self.multipliers(j)
        low, high, label = band
        if mult != 1:
            low = low * mult
            high = None if high is None else high * mult
            label = (
                f"at least {_fmt(low)}"
                if high is None
                else f"{_fmt(low)} to {_fmt(high)}"
            )
        return _Atom(start, k, vague=(low, high, label))

    def zero_atom(self, i: int) -> _Atom | None:
        word = self.norm(i)
        if word == "no" and self.norm(i + 1) == "one":
            return _Atom(i, i + 2, value=_D(0), zero_word=True)
        if word in _NO_WORDS:
            return _Atom(i, i + 1, value=_D(0), zero_word=True)
        return None

    def atom_at(self, i: int) -> _Atom | bool | None:
        """Read the atom at ``i``; False for a number that is no figure ("1st")."""
        if not 0 <= i < self.n or self.used[i]:
            return None
        tok = self.toks[i]
        if tok.kind == "num":
            atom = self.digits_atom(i)
            return False if atom is None else atom
        if tok.kind != "word":
            return None
        return self.vague_atom(i) or self.words_atom(i) or self.zero_atom(i)

    # ---- expressions -----------------------------------------------------

    def expression_at(self, i: int) -> _Expr | bool | None:
        atom = self.atom_at(i)
        if not isinstance(atom, _Atom):
            return atom
        expr = _Expr(atom.start, atom.end, atom, hedge=atom.postfix)
        if atom.vague is None and not atom.zero_word:
            self.range_after(expr)
        for phrase, rule in _PREFIX_HEDGES:  # "more than", "около", "~"
            begin = expr.start - len(phrase)
            if self.phrase_at(begin, phrase):
                expr.hedge = expr.hedge or rule
                expr.start = begin
                break
        for phrase, rule in _POSTFIX_HEDGES:  # "200 or more", "200+"
            if self.phrase_at(expr.end, phrase):
                expr.hedge = expr.hedge or rule
                expr.end += len(phrase)
                break
        return expr

    def range_after(self, expr: _Expr) -> None:
        """Extend ``expr`` to a range: "10-15", "between 10 and 15", "от 10 до 15"."""
        atom = expr.atom
        j = atom.end
        connector = self.norm(j)
        prefix = self.norm(atom.start - 1)
        if prefix in _RANGE_PREFIXES and not self.used[atom.start - 1]:
            if prefix in ("between", "между", "між"):
                ok = connector in _RANGE_AND
            else:
                ok = connector in ("to", "до", "-")
        else:
            prefix = ""
            ok = connector in _RANGE_TO and not (
                connector in _OR_WORDS and self.norm(j + 1) in _NOT_RANGE_AFTER_OR
            )
        if not ok:
            return
        upper = self.atom_at(j + 1)
        if not isinstance(upper, _Atom) or upper.vague is not None or upper.zero_word:
            return
        if prefix:
            expr.start = atom.start - 1
        # Share a multiplier and a percent sign: "2-3 thousand", "10-15%".
        atom.percent = atom.percent or upper.percent
        if (
            atom.mult == 1
            and upper.mult != 1
            and atom.value is not None
            and upper.value is not None
            and atom.value * upper.mult <= upper.value
        ):
            atom.mult = upper.mult
            if self.toks[atom.start].kind == "num":
                self.read_atom(atom)
            elif atom.value is not None:
                atom.value *= upper.mult
        expr.upper = upper
        expr.end = upper.end

    def not_a_figure(self, expr: _Expr) -> bool:
        """Dates, years, times, identifiers and measures."""
        atom = expr.atom
        first = self.toks[atom.start]
        before = self.norm(expr.start - 1)
        year = (
            first.kind == "num"
            and re.fullmatch(r"(?:19|20)\d\d", first.norm) is not None
            and atom.mult == 1
            and expr.hedge is None
            and not atom.percent
        )
        if year and (
            before in _YEAR_BEFORE or self.is_month(expr.start - 1, taken=True)
        ):
            return True  # "in 2024", "since 2014", "12 March 2024"
        day = (
            first.kind == "num"
            and first.norm.isdigit()
            and 1 <= int(first.norm) <= 31
            and atom.mult == 1
            and not atom.percent
        )
        if day and self.is_month(expr.start - 1):  # "March 12"
            self.used[expr.start - 1] = True
            return True
        j = expr.end
        for _ in range(6 if day else 0):  # "12 March", "12 and 13 March"
            if self.is_month(j):
                self.use(expr.start, j)
                return True
            skip = self.norm(j) in ("of", "and", "и", "і", "та", "or", "-", ",")
            if not (skip or (0 <= j < self.n and self.toks[j].kind == "num")):
                break
            j += 1
        if first.kind == "num" and not atom.percent:
            digits = first.norm
            if re.fullmatch(r"\d{1,2}\.\d\d", digits) and before in _TIME_BEFORE:
                return True  # "at 17.00"
            if self.is_punct(expr.start - 1, "№#") or (
                self.is_punct(expr.start - 1, ".")
                and self.norm(expr.start - 2) in ("no", "nr")
            ):
                return True  # "No. 5", "№ 5"
        # "16 years old", "5 km", "3 hours", "2 times".
        return self.is_word(expr.end) and bool(
            _MEASURE_RE.fullmatch(self.norm(expr.end))
        )

    def is_month(self, i: int, *, taken: bool = False) -> bool:
        """Whether token ``i`` names a month not yet part of a date."""
        if not self.is_word(i) or not _MONTH_RE.fullmatch(self.norm(i)):
            return False
        if self.used[i] and not taken:
            return False
        return self.norm(i) != "may" or self.toks[i].cap

    # ---- what is counted -------------------------------------------------

    def counted(self, expr: _Expr) -> _Found:
        if expr.atom.percent:
            return self.percent_quantity(expr)
        found = self.forward(expr)
        if found.quantity is not None:
            return found
        back = self.backward(expr, found)
        if back is not None:
            return back
        if found.attacker:
            found.quantity = "attackers"
            return found
        return self.inherited(expr, found) or found

    def forward(self, expr: _Expr) -> _Found:
        """Look after the number for what it counts ("7 Vampire rockets")."""
        found = _Found(None, expr.start, expr.end - 1, proper_only=True)
        j = expr.end
        words = 0
        launcher = unknown = False
        while j < self.n and words < _FORWARD_WORDS and not self.used[j]:
            tok = self.toks[j]
            if tok.kind == "punct":
                if tok.norm in _BARRIER_PUNCT:
                    break
                j += 1
                continue
            if tok.kind == "num":
                break
            hit = self.term_at(j)
            if hit is None and tok.kind == "word" and self.atom_at(j):
                break  # the next figure: "seven tanks and five ..."
            if tok.norm not in _FILLERS or j - expr.end >= 2 * _FORWARD_WORDS:
                words += 1  # "4 of its fighters were killed": fillers are free
            if hit is not None:
                term, size = hit
                end = j + size - 1
                found.proper_only = False
                if term.role == "launcher":
                    nxt = self.term_at(j + size)
                    if nxt is None or not nxt[0].munition:
                        return self.hit(found, term.quantity, end)
                    launcher = True
                elif term.role == "thing":
                    same = self.term_at(j + size)
                    if (
                        same is not None
                        and same[0].role == "thing"
                        and same[0].quantity == term.quantity
                        and term.quantity is not None
                    ):
                        end += same[1]  # "8 Shahed drones"
                    if term.munition and launcher:
                        found.notes.append(
                            f"'{self.toks[j].norm}' fired by a rocket launcher "
                            "count as rockets"
                        )
                        return self.hit(found, "rockets", end)
                    return self.hit(found, term.quantity, end)
                elif term.role in ("verb", "loss"):
                    return self.hit(found, term.quantity, end)
                elif term.role == "weak":
                    if found.person or not unknown:
                        return self.hit(found, term.quantity, end)
                    break
                elif term.role == "destroy" and found.person:
                    return self.hit(found, "killed", end)
                elif term.role in ("person", "person1", "attacker"):
                    found.person = True
                    found.attacker = found.attacker or term.role == "attacker"
                    found.last = end
                j += size
                continue
            if tok.norm == "to" and self.norm(j + 1) == "be":
                j += 2
                continue
            if tok.norm in _STOP_WORDS:
                break
            if not tok.cap:
                found.proper_only = False
                unknown = unknown or tok.norm not in _FILLERS
            j += 1
        return found

    @staticmethod
    def hit(found: _Found, quantity: str | None, last: int) -> _Found:
        found.quantity = quantity
        found.last = last
        found.proper_only = False
        return found

    def backward(self, expr: _Expr, found: _Found) -> _Found | None:
        """Look before the number for a verb: "погибли двое", "killed 5"."""
        j = expr.start - 1
        for _ in range(3):
            if j < 0 or self.used[j]:
                return None
            tok = self.toks[j]
            if tok.kind == "punct" and tok.norm in (":", "-"):
                j -= 1
                continue
            if tok.kind != "word":
                return None
            for size in (3, 2, 1):
                begin = j - size + 1
                hit = self.term_at(begin) if begin >= 0 else None
                if hit is None or hit[1] != size:
                    continue
                role, quantity = hit[0].role, hit[0].quantity
                if role == "destroy":
                    quantity = "killed"
                if role in ("verb", "loss") or (
                    role in ("weak", "destroy") and found.person
                ):
                    return _Found(quantity, begin, max(found.last, expr.end - 1))
                return None
            if tok.norm not in _FILLERS:
                return None
            j -= 1
        return None

    def inherited(self, expr: _Expr, found: _Found) -> _Found | None:
        """Carry the counted thing over: "4 attacks Belgorod, 1 Kursk"."""
        if not found.proper_only or not self.found:
            return None
        _, last, previous = self.found[-1]
        if previous.quantity is None or previous.unit is not None:
            return None
        between = range(last + 1, expr.start)
        if any(self.is_punct(k, _SENTENCE_PUNCT) for k in between):
            return None
        if not any(
            self.is_punct(k, ",") or self.norm(k) in _RANGE_AND for k in between
        ):
            return None
        if any(
            self.toks[k].kind == "word"
            and not self.toks[k].cap
            and self.norm(k) not in _RANGE_AND
            for k in between
        ):
            return None
        found.quantity = previous.quantity
        found.last = expr.end - 1
        found.notes.append(
            f"the counted thing ({previous.quantity}) carries over from the figure "
            "before it"
        )
        return found

    def percent_quantity(self, expr: _Expr) -> _Found:
        """Count a share as percent_intercepted when its clause says so."""
        found = _Found(None, expr.start, expr.end - 1)
        note = "a share intercepted or destroyed counts as percent_intercepted"
        j = expr.end
        while j < self.n and not self.is_punct(j, _SENTENCE_PUNCT) and not self.used[j]:
            hit = self.term_at(j)
            if hit is not None and hit[0].role in ("intercept", "destroy"):
                found.notes.append(note)
                return self.hit(found, "percent_intercepted", j + hit[1] - 1)
            j += 1
        j = expr.start - 1
        while j >= 0 and not self.is_punct(j, _SENTENCE_PUNCT):
            hit = self.term_at(j)
            if hit is not None and hit[0].role in ("intercept", "destroy"):
                found.notes.append(note)
                found.quantity = "percent_intercepted"
                return found
            j -= 1
        return found

    # ---- bounds ----------------------------------------------------------

    def figure(self, expr: _Expr, found: _Found) -> Figure:
        text, start, end = self.span_text(found.first, found.last)
        atom, upper = expr.atom, expr.upper
        quoted = f"'{text}'"

        def make(
            low: Decimal | None,
            best: Decimal | None,
            high: Decimal | None,
            rule: str,
            sentence: str,
        ) -> Figure:
            return Figure(
                found.quantity,
                None if low is None else float(low),
                None if best is None else float(best),
                None if high is None else float(high),
                rule,
                "percent" if atom.percent else None,
                text,
                "; ".join([sentence, *found.notes]) + ".",
                start,
                end,
            )

        error = self.error(atom) or (self.error(upper) if upper else None)
        if (
            error is None
            and upper is not None
            and atom.value is not None
            and upper.value is not None
            and atom.value > upper.value
        ):
            error = "the range runs backwards"
        below_zero = atom.value is not None and atom.value < 1 and not atom.percent
        if error is None and below_zero and expr.hedge == "fewer_than":
            error = "no count is below zero"
        if error is not None:
            return make(
                None, None, None, "unparsed", f"{quoted} could not be read: {error}"
            )
        if upper is not None and atom.value is not None and upper.value is not None:
            low, high = atom.value, upper.value
            return make(
                low,
                None,
                high,
                "range",
                f"{quoted} gives a range: low {_fmt(low)}, high {_fmt(high)}, "
                "and no single best",
            )
        if atom.vague is not None:
            return self.vague_figure(expr, make, quoted)
        value = atom.value
        assert value is not None
        v = _fmt(value)
        count = not atom.percent
        hedge = expr.hedge or ("about" if atom.approx else "exact")
        if hedge == "exact":
            return make(
                value,
                value,
                value,
                "exact",
                f"{quoted} is an exact figure: low, best and high are {v}",
            )
        if hedge == "about":
            return make(
                None,
                value,
                None,
                "about",
                f"{quoted} is approximate: best is {v}, with no band invented "
                "around it",
            )
        if hedge == "at_least":
            return make(
                value,
                None,
                None,
                "at_least",
                f"{quoted} sets an inclusive lower bound: low is {v}, with no best "
                "or high",
            )
        if hedge == "up_to":
            return make(
                None,
                None,
                value,
                "up_to",
                f"{quoted} sets an upper bound: high is {v}, with no low or best",
            )
        if hedge == "more_than":
            if count:
                return make(
                    value + 1,
                    None,
                    None,
                    "more_than",
                    f"{quoted} sets a strict lower bound: low is {_fmt(value + 1)}, "
                    "the next whole number, with no best or high",
                )
            return make(
                value,
                None,
                None,
                "more_than",
                f"{quoted} sets a strict lower bound of {v}, kept as stated since a "
                "percentage need not be whole, with no best or high",
            )
        if count:
            return make(
                None,
                None,
                value - 1,
                "fewer_than",
                f"{quoted} sets a strict upper bound: high is {_fmt(value - 1)}, the "
                f"whole number below {v}, with no low or best",
            )
        return make(
            None,
            None,
            value,
            "fewer_than",
            f"{quoted} sets a strict upper bound of {v}, kept as stated since a "
            "percentage need not be whole, with no low or best",
        )

    @staticmethod
    def error(atom: _Atom) -> str | None:
        if atom.error is not None:
            return atom.error
        if atom.value is None:
            return None
        if atom.value > _MAX_VALUE:
            return f"{_fmt(atom.value)} is larger than any count it can hold"
        if not atom.percent and atom.value != atom.value.to_integral_value():
            return (
                f"it gives a fractional count ({_fmt(atom.value)}), and counts are "
                "whole numbers"
            )
        return None

    @staticmethod
    def vague_figure(expr: _Expr, make: Callable[..., Figure], quoted: str) -> Figure:
        assert expr.atom.vague is not None
        floor, high, label = expr.atom.vague
        low: Decimal | None = floor
        if expr.hedge in ("more_than", "at_least"):
            high = None
        elif expr.hedge in ("up_to", "fewer_than") and high is not None:
            low = None
        bounds = f"low {_fmt(low)}" if low is not None else "no low"
        bounds += f", high {_fmt(high)}" if high is not None else ", no upper bound"
        return make(
            low,
            None,
            high,
            "vague_plural",
            f"{quoted} is a vague amount, read as {label}: {bounds}, and no best",
        )

    # ---- the passes ------------------------------------------------------

    def run(self) -> list[Figure]:
        i = 0
        while i < self.n:
            expr = self.expression_at(i)
            if expr is False:
                self.used[i] = True
            if not isinstance(expr, _Expr):
                i += 1
                continue
            if self.not_a_figure(expr):
                self.use(expr.start, expr.end - 1)
                i = max(expr.end, i + 1)
                continue
            found = self.counted(expr)
            if expr.atom.zero_word and found.quantity is None:
                i += 1
                continue
            first, last = min(found.first, expr.start), max(found.last, expr.end - 1)
            self.use(first, last)
            self.found.append((first, last, self.figure(expr, found)))
            i = max(last + 1, i + 1)
        self.single_people()
        self.articles()
        self.unquantified()
        return [fig for _, _, fig in sorted(self.found, key=lambda f: f[2].start)]

    def use(self, first: int, last: int) -> None:
        for k in range(first, last + 1):
            self.used[k] = True

    def add_one(self, first: int, last: int, quantity: str | None, why: str) -> None:
        """Record a figure of exactly one ("girl killed", "a Russian APC")."""
        text, start, end = self.span_text(first, last)
        explanation = f"'{text}' {why}: low, best and high are 1."
        fig = Figure(quantity, 1.0, 1.0, 1.0, "exact", None, text, explanation)
        self.use(first, last)
        self.found.append((first, last, _at(fig, start, end)))

    def single_people(self) -> None:
        """Count one for a singular person and a casualty word ("girl killed")."""
        for i in range(self.n):
            hit = self.term_at(i) if not self.used[i] else None
            if hit is None or hit[0].role != "person1":
                continue
            first = i - 1 if self.is_article(i - 1) else i
            verb = None
            j = i + hit[1]
            for _ in range(3):
                if not self.is_word(j) or self.used[j]:
                    break
                if _SINGULAR_VERBS.fullmatch(self.norm(j)):
                    verb = j
                    break
                if self.norm(j) not in _FILLERS:
                    break
                j += 1
            if (
                verb is None
                and self.is_word(i - 1)
                and not self.used[i - 1]
                and _SINGULAR_VERBS.fullmatch(self.norm(i - 1))
            ):
                verb = first = i - 1
            term = self.term_at(verb) if verb is not None else None
            if verb is None or term is None:
                continue
            if term[0].quantity in ("killed", "wounded"):
                self.add_one(first, max(verb, i), term[0].quantity, "names one person")

    def is_article(self, i: int) -> bool:
        return self.is_word(i) and not self.used[i] and self.norm(i) in _ARTICLE

    def articles(self) -> None:
        """Count one for "a" before a counted thing ("a Russian APC")."""
        for i in range(self.n):
            if not self.is_article(i):
                continue
            j = i + 1
            for _ in range(3):
                if not self.is_word(j) or self.used[j]:
                    break
                hit = self.term_at(j)
                if hit is not None:
                    term, size = hit
                    after = j + size
                    singular = not self.norm(after - 1).endswith("s")
                    ends = (
                        after >= self.n
                        or self.toks[after].kind == "punct"
                        or self.norm(after) in _AFTER_ARTICLE_NOUN
                    )
                    if term.role == "thing" and term.quantity and singular and ends:
                        self.add_one(i, after - 1, term.quantity, "names one")
                    break
                if self.norm(j) in _STOP_WORDS:
                    break
                j += 1

    def unquantified(self) -> None:
        """Flag an amount said without a number ("heavy losses")."""
        for i in range(self.n):
            if not self.is_word(i) or self.used[i]:
                continue
            if not _UNQUANTIFIED.fullmatch(self.norm(i)):
                continue
            j = i + 1
            counted_by_number = False
            while self.norm(j) in _UNQUANTIFIED_SKIP and not self.used[j]:
                counted_by_number = True
                j += 1
            if not self.is_word(j) or self.used[j]:
                continue
            hit = self.term_at(j)
            if hit is None:
                continue
            term, size = hit
            roles = ("thing", "verb", "loss", "weak", "attacker")
            if term.role in ("verb", "loss") or (
                counted_by_number and term.role in roles
            ):
                quantity = "attackers" if term.role == "attacker" else term.quantity
                last = j + size - 1
                text, start, end = self.span_text(i, last)
                explanation = (
                    f"'{text}' could not be read: it states an amount without a number."
                )
                fig = Figure(
                    quantity, None, None, None, "unparsed", None, text, explanation
                )
                self.use(i, last)
                self.found.append((i, last, _at(fig, start, end)))


def _at(fig: Figure, start: int, end: int) -> Figure:
    return replace(fig, start=start, end=end)
