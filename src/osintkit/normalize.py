"""Match keys: how osintkit compares names while stored text stays untouched.

Claims are copied from Telegram, X and news sites in Russian, Ukrainian and
English, so one village arrives as ``Tyotkino``, ``Tetkino``, ``Tëtkino``,
``Tiotkino``, ``Тёткино`` or ``Тьоткіно``, sometimes with a zero-width space,
a soft hyphen, a right-to-left override or a Cyrillic ``о`` inside a Latin
word. RELIABILITY.md rule 7: *store exactly, match on a key*. Nothing here
changes stored text; every function returns a new string.

:func:`match_key` builds the key in these steps:

1. remove invisible characters (every Unicode *format* character, category
   ``Cf``: ZWSP, ZWNJ, ZWJ, soft hyphen, BOM, word joiner, the bidi controls
   U+200E/F, U+202A–U+202E, U+2066–U+2069) and the apostrophe variants
   (``' ’ ʼ ‘ ʻ ` ´ ʹ ′ ″``, which include the three apostrophes Ukrainian text
   uses: U+0027, U+2019 and U+02BC). Apostrophes are *dropped*, not turned
   into spaces: ``Tyot'kino`` and ``Tyotkino``, ``В'ячеслав`` and
   ``Вячеслав`` get one key, and ``Ukraine's`` becomes ``ukraines``;
2. Unicode NFKC, which composes NFD input and folds full-width
   (``Ｂｅｌｇｏｒｏｄ``) and mathematical (``𝐁𝐞𝐥𝐠𝐨𝐫𝐨𝐝``) letters;
3. homoglyphs: in a word that mixes Latin and Cyrillic letters, look-alike
   letters are folded into the script the word's other letters prove
   (``Веlgоrоd`` with Cyrillic ``В е о`` becomes Latin ``Belgorod``;
   ``Белгоpод`` with a Latin ``p`` becomes Cyrillic ``Белгород``);
4. case folding;
5. transliteration to ASCII with :mod:`anyascii` (language-agnostic: it also
   strips diacritics, so ``Tëtkino`` and ``Bělgorod`` lose their accents),
   after two small Cyrillic and Latin pre-maps: Ukrainian ``ьо`` is written
   as ``ё`` (``Тьоткіно`` → ``Тёткино``), and the háček letters keep their
   digraph (``š ž č`` → ``sh zh ch``);
6. punctuation, quotes (``« » “ ” "``), hyphens and runs of whitespace become
   one space;
7. a small phonetic folding per word, so that the common romanisation
   schemes (BGN/PCGN, scholarly, passport, Ukrainian national, German and
   Polish habits) meet:

   - ``x`` → ``ks``; ``kh`` → ``x`` (х), then every other ``h`` → ``g``
     (Ukrainian ``г`` is *h*, Russian ``г`` is *g*: ``Hraivoron``,
     ``Grayvoron``); ``sh``, ``zh``, ``ch`` are kept;
   - ``ts`` and ``tz`` → ``c`` (ц; the scholarly spelling is ``c``);
   - ``w`` → ``v``; ``y`` and ``j`` → ``i``;
   - ``io`` after a consonant → ``e`` (``Tyotkino``, ``Tiotkino``,
     ``Tjotkino`` and ``Tetkino``: ``ё`` is romanised *yo* or *e*);
   - ``ie`` → ``e`` (``Razumnoye``/``Razumnoe``, ``Bielgorod``/``Belgorod``,
     Ukrainian ``є``);
   - doubled letters collapse (``Gorkovskiy``/``Gorkovsky``/``Gorkovskii``,
     ``Krassnodar``).

   The folding is deliberately coarse: two *different* places whose names
   collide on the key are not merged, the gazetteer reports them as
   ambiguous (see :mod:`osintkit.gazetteer`).

:func:`transliterate` gives the readable ASCII form of step 5 without the
phonetic folding; :func:`script_of` and :func:`is_mixed_script` report the
scripts of a name so that homoglyph attacks can be flagged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = [
    "APOSTROPHES",
    "fold_homoglyphs",
    "is_mixed_script",
    "match_key",
    "script_of",
    "scripts_in",
    "strip_invisible",
    "transliterate",
]

#: Characters treated as apostrophes and dropped from keys: ASCII ``'``, the
#: right single quotation mark ``’`` and the modifier letter apostrophe ``ʼ``
#: (the three Ukrainian apostrophes), plus ``‘ ʻ ` ´ ʹ ′ ″`` that stand in for
#: them in copied text.
APOSTROPHES = "'\u2019\u02bc\u2018\u02bb`\u00b4\u02b9\u2032\u2033\u02bd\u055a\uff07"

_APOSTROPHE_TABLE = dict.fromkeys(map(ord, APOSTROPHES))

# Latin <-> Cyrillic look-alikes (a subset of Unicode's confusables.txt that
# matters for Russian and Ukrainian names), both cases.
_CYRILLIC_TO_LATIN = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
    "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "к": "k",
}  # fmt: skip
_LATIN_TO_CYRILLIC = {latin: cyr for cyr, latin in _CYRILLIC_TO_LATIN.items()}
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)

_SCRIPT_CODES = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "CJK": "Hani",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "HANGUL": "Hang",
}

_PRE_TRANSLIT = str.maketrans(
    {"š": "sh", "ž": "zh", "č": "ch", "ŝ": "sh", "ĉ": "ch", "ẑ": "zh"}
)
_WORD = re.compile(r"\w+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# The phonetic folding of step 7, applied in this order to one ASCII word.
_CONSONANT = "bcdfgklmnpqrstvxz"
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"x", "ks"),
        (r"kh", "\x01"),  # х, protected from the h -> g fold
        (r"(?<=[szc])h", "\x02"),  # sh, zh, ch keep their h
        (r"h", "g"),  # Ukrainian h = Russian g
        (r"\x01", "x"),
        (r"\x02", "h"),
        (r"t[sz]", "c"),  # ц
        (r"w", "v"),
        (r"[yj]", "i"),
        (rf"(?<=[{_CONSONANT}])io", "e"),  # ё after a consonant: yo / io / jo / e
        (r"ie", "e"),  # е after a vowel or at the start: ye / je / ie / e
        (r"([a-z])\1+", r"\1"),  # doubled letters
    )
)


def strip_invisible(text: str) -> str:
    r"""Remove invisible (Unicode format, ``Cf``) characters from ``text``.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        ``text`` without zero-width spaces and joiners, soft hyphens, byte
        order marks and bidirectional controls.

    Examples
    --------
    >>> strip_invisible("Тёт\u00adкино\u200b")
    'Тёткино'
    >>> strip_invisible("\u202eonikteT")
    'onikteT'
    """
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str | None:
    """ISO 15924 code of one letter, or None for a non-letter."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return _SCRIPT_CODES.get(name.split(" ", 1)[0], "Zzzz")


def scripts_in(text: str) -> frozenset[str]:
    """ISO 15924 codes of the scripts whose letters appear in ``text``.

    The text is NFKC-normalised first, so full-width and mathematical letters
    count as Latin.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    frozenset of str
        For example ``{'Latn', 'Cyrl'}``; empty when ``text`` has no letters.

    Examples
    --------
    >>> sorted(scripts_in("Belgorod / Белгород"))
    ['Cyrl', 'Latn']
    >>> sorted(scripts_in("𝐁𝐞𝐥𝐠𝐨𝐫𝐨𝐝 2024"))
    ['Latn']
    """
    text = unicodedata.normalize("NFKC", text)
    return frozenset(s for s in map(_char_script, text) if s is not None)


def script_of(text: str) -> str:
    """Return the script of ``text`` as an ISO 15924 code.

    Parameters
    ----------
    text : str
        A name.

    Returns
    -------
    str
        ``'Latn'``, ``'Cyrl'``, ... when every letter is of one script;
        ``'Zyyy'`` (as in ``place_aliases.script``) when the letters mix
        scripts or there are none.

    Examples
    --------
    >>> script_of("Тьоткіно"), script_of("Tëtkino"), script_of("Веlgоrоd")
    ('Cyrl', 'Latn', 'Zyyy')
    """
    scripts = scripts_in(text)
    return next(iter(scripts)) if len(scripts) == 1 else "Zyyy"


def is_mixed_script(text: str) -> bool:
    """Whether a word of ``text`` mixes letters of several scripts.

    Mixed words are a sign of homoglyphs (``Веlgоrоd`` typed with Cyrillic
    ``В``, ``е`` and ``о``), whether by accident or to dodge a filter. A text
    with a Latin word *and* a Cyrillic word (``Belgorod / Белгород``) is not
    mixed.

    Parameters
    ----------
    text : str
        A name.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_mixed_script("Веlgоrоd"), is_mixed_script("Belgorod / Белгород")
    (True, False)
    """
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    for word in _WORD.findall(text):
        if not word.isascii() and len(scripts_in(word)) > 1:
            return True
    return False


def _fold_word(word: str) -> str:
    scripts = {_char_script(ch) for ch in word} - {None}
    if not {"Latn", "Cyrl"} <= scripts:
        return word
    # Letters that prove a script: those with no look-alike in the other one.
    latin = sum(
        1 for ch in word if _char_script(ch) == "Latn" and ch not in _LATIN_TO_CYRILLIC
    )
    cyrillic = sum(
        1 for ch in word if _char_script(ch) == "Cyrl" and ch not in _CYRILLIC_TO_LATIN
    )
    if latin and cyrillic:
        return word  # genuinely mixed: nothing to fold safely
    if latin:
        return word.translate(_TO_LATIN)
    if cyrillic:
        return word.translate(_TO_CYRILLIC)
    # Every letter has a look-alike: fold into the script of most letters.
    latin_count = sum(1 for ch in word if _char_script(ch) == "Latn")
    if 2 * latin_count >= len(word):
        return word.translate(_TO_LATIN)
    return word.translate(_TO_CYRILLIC)


def fold_homoglyphs(text: str) -> str:
    """Fold Latin/Cyrillic look-alike letters inside mixed-script words.

    In each word that holds both Latin and Cyrillic letters, look-alikes are
    rewritten in the script that the word's other letters prove (a Latin
    ``l``, ``g``, ``r`` proves Latin; a Cyrillic ``б``, ``г``, ``л`` proves
    Cyrillic). Words of one script are returned as they are, so are words
    with letters that prove both scripts.

    Parameters
    ----------
    text : str
        A name.

    Returns
    -------
    str
        The text with look-alikes folded.

    Examples
    --------
    >>> fold_homoglyphs("Веlgоrоd") == "Belgorod"
    True
    >>> fold_homoglyphs("Белгоpод") == "Белгород"  # Latin p
    True
    """
    if text.isascii():
        return text
    return _WORD.sub(lambda m: _fold_word(m.group()), text)


def _clean(text: str) -> str:
    """Apply steps 1–4 of :func:`match_key` (invisible, apostrophes, NFKC, glyphs)."""
    text = strip_invisible(text).translate(_APOSTROPHE_TABLE)
    text = unicodedata.normalize("NFKC", text)
    # NFKC turns some characters into apostrophe-like ones (″ -> ′′).
    text = text.translate(_APOSTROPHE_TABLE)
    return fold_homoglyphs(text)


def transliterate(text: str) -> str:
    """Romanise ``text`` to readable ASCII, keeping case and punctuation.

    Uses :func:`anyascii.anyascii` (one table for every script; Cyrillic is
    romanised close to BGN/PCGN, ``ё`` as ``e``) after removing invisible
    characters and apostrophes, NFKC and homoglyph folding. This is for
    display and keys, not a faithful implementation of a national standard.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        ASCII text.

    Examples
    --------
    >>> transliterate("Грайворон"), transliterate("Тьоткіно")
    ('Grayvoron', "T'otkino")
    >>> transliterate("Легион «Свобода России»")
    'Legion <<Svoboda Rossii>>'
    """
    return anyascii(_clean(text).translate(_PRE_TRANSLIT))


def _fold_phonetic(word: str) -> str:
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Return the key osintkit matches names on; stored text is never changed.

    See the module docstring for the steps. Two names that a reader would
    call the same spelling (NFC vs NFD, an invisible character, another
    apostrophe, another romanisation scheme, a homoglyph) get one key.

    Parameters
    ----------
    text : str
        A name as written in a source.

    Returns
    -------
    str
        Lower-case ASCII words separated by single spaces; ``''`` when the
        text holds no letter or digit.

    Examples
    --------
    >>> {match_key(n) for n in ["Tyotkino", "Tetkino", "Tëtkino", "Tiotkino",
    ...                         "Tjotkino", "Тёткино", "Теткино", "Тьоткіно"]}
    {'tetkino'}
    >>> match_key("Веlgоrоd") == match_key("Белгород") == "belgorod"
    True
    >>> match_key("Легион «Свобода России»")
    'legen svoboda rosi'
    >>> match_key("Belgorod-Dnestrovskiy")
    'belgorod dnestrovski'
    """
    cleaned = _clean(text).casefold()
    # Ukrainian writes Russian ё after a consonant as ьо (Тьоткіно).
    cleaned = cleaned.replace("ьо", "ё").translate(_PRE_TRANSLIT)
    ascii_text = anyascii(cleaned).lower()
    words = _NON_ALNUM.sub(" ", ascii_text.translate(_APOSTROPHE_TABLE)).split()
    return " ".join(_fold_phonetic(word) for word in words)
