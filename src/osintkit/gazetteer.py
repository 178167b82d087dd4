"""Place resolution: every spelling of a place lands on one gazetteer id, or is flagged.

The gazetteer is the reference package's ``places`` and ``place_aliases``
tables (GeoNames ids, ISO 3166-2 oblast codes, a curated supplement). A name is
resolved in these steps, and the :class:`PlaceMatch` says which one decided:

1. **exact-key**: the name's :func:`~osintkit.normalize.match_key` is looked
   up in an index of every alias's key (``Tyotkino``, ``Тьоткіно``,
   ``Tëtkino`` ... → ``gn-483166``). A trailing or leading level word
   (``Oblast``, ``region``, ``область``, ``district``, ``village``, ``г.``)
   is understood as a hint of the place type: ``Bilhorod region`` is looked
   up as ``Bilhorod`` among oblasts. A lone feminine adjective (``Kurskaya``,
   ``Курська``) is tried as ``Kurskaya oblast``.
2. **fuzzy**: when no key matches, the key is compared with the keys that
   start with the same letter (rapidfuzz ``ratio`` ≥ :data:`FUZZY_CUTOFF`).
   Misspellings such as ``Belogrod Oblast`` or ``Voronez Oblast`` land here.
3. **context**: when several *distinct* places share the name, the caller's
   context chooses: the place type, the oblast (``admin1``, an ISO code or any
   spelling of the oblast), the country, and neighbouring places named in the
   same cell or row (``near``). Context that contradicts every candidate
   (``Stepanivka`` given in Donetsk Oblast, the gazetteer's only Stepanivka in
   Sumy Oblast) leaves the name ``unmatched`` with the candidates listed and
   ``context_conflict`` set: a homonym missing from the gazetteer is likelier
   than a wrong oblast. Only where ``not_same_entity.csv`` has a curator's
   note on that very name (``Odnorobovka``: "a Belgorod Oblast reading is a
   mistake") is the match kept, still flagged.

Places never merge: a name with several candidates left is ``ambiguous`` and
lists them. Two rules refine the candidate set, both from the reference data:

- pairs in ``not_same_entity.csv`` are *confusable*: the short form of one's
  name (``Bilhorod`` for ``Bilhorod-Dnistrovskyi``) also names the other, so
  ``Bilhorod`` alone is ambiguous between Belgorod (city and oblast) and
  Bilhorod-Dnistrovskyi; a row whose second member is a name rather than an id
  either blocks that name from the id or, when the name is one of the id's
  aliases, attaches the curator's reason as a note;
- a bare name shared by an oblast and one settlement inside it (``Belgorod``,
  ``Kursk``, ``Kharkiv``) names the settlement, as in ordinary usage; say
  ``Belgorod Oblast`` or pass ``place_type="oblast"`` for the oblast.

:meth:`Gazetteer.resolve_place_cell` reads a cell naming several places
(``Tyotkino; Grayvoron``), an area (``Belgorod Oblast (border)``) or an area
with details (``Belgorod Oblast (incl. Shebekino, Grayvoron districts)``).
:meth:`Gazetteer.resolve_places` does a whole column, caching per distinct
value, and :meth:`Gazetteer.report_unmatched` / :meth:`Gazetteer.unused_aliases`
report what did not map, in the manner of OWID's ``harmonize``: log the match
rate, warn about unmapped names, never drop a row.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from osintkit.normalize import match_key

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "FUZZY_CUTOFF",
    "Gazetteer",
    "PlaceCell",
    "PlaceMatch",
    "load_gazetteer",
    "load_reference",
    "reference_tables",
]

logger = logging.getLogger(__name__)

# Text columns as the kit's loader types them: missing values are NaN.
_STR = pd.StringDtype(na_value=float("nan"))

Status = Literal["matched", "ambiguous", "unmatched"]

#: Minimum rapidfuzz ``ratio`` (0–100) between two keys for a fuzzy match.
#: 88 allows one edit in about eight letters (``Belgrod``, ``Voronez Oblast``)
#: and refuses ``Ivanivka`` for ``Ivanovka``-like pairs of real names.
FUZZY_CUTOFF = 88.0
# Longer keys are a sentence or a pasted post, not a place name.
_FUZZY_MAX_LENGTH = 120
#: Fuzzy candidates within this many points of the best score are kept too.
FUZZY_MARGIN = 2.0
#: Keys shorter than this are never matched fuzzily: short village names differ
#: by one letter too often (``Pisky`` is not ``Plysky``).
FUZZY_MIN_LENGTH = 7

_PRECISION_RANK = {"settlement": 0, "district": 1, "oblast": 2, "country": 3}

# Level words, as written; compared on their match keys.
_LEVEL_WORDS = {
    "oblast": (
        "oblast oblasts oblast' oblasti region regions province provinces krai "
        "kray krais republic respublika okrug autonomous okrug area "
        "область области областей обл регион края край республика "
        "області областей регіон"
    ),
    "district": "district districts raion raions rayon rayons район районы "
    "районов райони районів",
    "settlement": "village villages town towns city cities settlement "
    "settlements selo posyolok khutor urban-type село посёлок поселок "
    "деревня хутор місто город селище",
}
_PLURAL_LEVELS = {
    **dict.fromkeys(
        [
            "oblasts",
            "regions",
            "provinces",
            "областей",
            "області",
            "регионы",
            "регіони",
        ],
        "oblast",
    ),
    **dict.fromkeys(
        ["districts", "raions", "rayons", "районы", "районов", "райони", "районів"],
        "district",
    ),
    **dict.fromkeys(
        ["villages", "towns", "cities", "settlements", "сёла", "села"], "settlement"
    ),
}
_LEADING_ABBREVIATIONS = re.compile(
    r"^\s*(?:г|гор|с|п|пос|пгт|смт|м|х|д|дер|с-ще)\.\s*|^\s*(?:пгт|смт)\s+",
    re.IGNORECASE,
)
# A lone oblast adjective (Kurskaya, Курська, Sverdlovskaya), as a key.
_ADJECTIVE = re.compile(r"^[a-z]+(?:sk|ck|zk)(?:aia|ai|a)$")
_PARENTHESES = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_SEGMENT_SPLIT = re.compile(r"[;|\n]+")
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|&|и|та|і|й)\s+", re.IGNORECASE)
_INCLUDING = re.compile(
    r"^\s*(?:incl\.?|including|inc\.|включая|в т\.\s*ч\.|зокрема|у тому числі)\s*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _level_keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for level, words in _LEVEL_WORDS.items():
        for word in words.split():
            key = match_key(word)
            if key:
                out.setdefault(key, level)
    out[match_key("autonomous okrug")] = "oblast"
    return out


def _split_level(key: str) -> tuple[str, str | None]:
    """Strip one leading or trailing level word from a key: (base, level)."""
    words = key.split()
    if len(words) < 2:
        return key, None
    levels = _level_keys()
    if words[-1] in levels:
        return " ".join(words[:-1]), levels[words[-1]]
    if words[0] in levels:
        return " ".join(words[1:]), levels[words[0]]
    return key, None


class _Place(NamedTuple):
    place_id: str
    name: str
    place_type: str
    admin1: str | None
    admin2: str | None
    country: str
    latitude: float | None
    longitude: float | None


def _text(value: object) -> str | None:
    """Return a cell as str, or None when missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value)
    return text if text.strip() else None


@dataclass(frozen=True)
class PlaceMatch:
    """The outcome of resolving one place name.

    Attributes
    ----------
    name : str
        The name exactly as given (never modified).
    key : str
        Its match key.
    status : {'matched', 'ambiguous', 'unmatched'}
        ``matched`` when one place is left, ``ambiguous`` when several are.
    place_id : str or None
        The place, when matched.
    candidates : tuple of str
        Every place still possible (for ``matched``, the chosen one first and
        any it was chosen over); for ``unmatched``, near misses of another
        place type, if any.
    method : {'exact-key', 'fuzzy', 'context'} or None
        What decided: the key index, fuzzy matching, or the caller's context
        choosing among several places.
    score : float
        100 for an exact key, the rapidfuzz ratio for a fuzzy match.
    precision : str
        ``settlement``, ``district``, ``oblast`` or ``country`` for a match;
        for an ambiguous name, ``oblast`` (or ``country``) when every
        candidate lies in one oblast (or country); else ``unknown``.
    admin1 : str or None
        The oblast code shared by every candidate, if any.
    country : str or None
        The country code shared by every candidate, if any.
    notes : tuple of str
        Why: the rules applied and the curators' reasons.
    context_conflict : bool
        The given context contradicts every candidate (a claim places a
        village in another oblast than the gazetteer's); the name is then
        unmatched, unless a curator's note on the name keeps the match.
    """

    name: str
    key: str
    status: Status
    place_id: str | None = None
    candidates: tuple[str, ...] = ()
    method: str | None = None
    score: float = 0.0
    precision: str = "unknown"
    admin1: str | None = None
    country: str | None = None
    notes: tuple[str, ...] = ()
    context_conflict: bool = False


@dataclass(frozen=True)
class PlaceCell:
    """The places named by one cell.

    Attributes
    ----------
    text : str
        The cell exactly as given.
    matches : tuple of PlaceMatch
        One per place the cell names, in order.
    included : tuple of PlaceMatch
        Places named as details of an area (``incl. Shebekino``).
    context : tuple of PlaceMatch
        Areas that only locate the cell's places (``Postoyalye Dvory,
        Kurskaya``: the oblast).
    qualifiers : tuple of str
        Other parenthesised remarks (``border``).
    precision : str
        The coarsest precision among the matches: an area naming two oblasts
        is oblast-level even if it details a town; ``unknown`` when nothing
        resolved.
    """

    text: str
    matches: tuple[PlaceMatch, ...] = ()
    included: tuple[PlaceMatch, ...] = ()
    context: tuple[PlaceMatch, ...] = ()
    qualifiers: tuple[str, ...] = ()
    precision: str = "unknown"

    @property
    def status(self) -> Status:
        """``unmatched`` if any part is, else ``ambiguous`` if any is, else matched."""
        statuses = {m.status for m in self.matches}
        if not self.matches or "unmatched" in statuses:
            return "unmatched"
        return "ambiguous" if "ambiguous" in statuses else "matched"

    @property
    def place_ids(self) -> tuple[str, ...]:
        """The ids of the matched places, in order."""
        return tuple(m.place_id for m in self.matches if m.place_id is not None)


@dataclass
class _Candidates:
    ids: dict[str, float] = field(default_factory=dict)
    method: str | None = None
    notes: list[str] = field(default_factory=list)
    pair_notes: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_reference(path: str) -> Any:
    """Load (once per path) a reference package: places, actors, their aliases.

    Shared by the place and actor resolvers, so that a reference folder is
    read and validated once however many resolvers are built from it.

    Parameters
    ----------
    path : str
        The reference folder.

    Returns
    -------
    osintkit.Dataset
    """
    from osintkit.dataset import load_dataset

    return load_dataset(path)


def reference_tables(
    ref: Any, entities: str, aliases: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Return a reference package's entities, their aliases and the not-same pairs.

    Shared by the place and actor resolvers.

    Parameters
    ----------
    ref : osintkit.Dataset or mapping of DataFrames, or None
        A loaded reference package; ``None`` loads
        ``osintkit.paths.REFERENCE_DIR``.
    entities, aliases : str
        The names of the entity and alias tables (``places``,
        ``place_aliases``).

    Returns
    -------
    tuple
        The two tables, and ``not_same_entity`` or ``None`` when the
        package has none.
    """
    if ref is None:
        from osintkit import paths

        ref = load_reference(str(paths.REFERENCE_DIR))
    try:
        not_same = ref["not_same_entity"]
    except (KeyError, LookupError):
        not_same = None
    return ref[entities], ref[aliases], not_same


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Build (once per path) the gazetteer of a reference package.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The reference folder; ``osintkit.paths.REFERENCE_DIR`` by default.

    Returns
    -------
    Gazetteer

    Examples
    --------
    >>> load_gazetteer().resolve_place("Тьоткіно").place_id
    'gn-483166'
    """
    from osintkit import paths

    return _cached_gazetteer(str(path or paths.REFERENCE_DIR))


@lru_cache(maxsize=4)
def _cached_gazetteer(path: str) -> Gazetteer:
    return Gazetteer.from_reference(load_reference(path))


class Gazetteer:
    """An index of the reference places and their aliases by match key.

    Build it with :meth:`from_reference`; the constructor takes the three
    tables directly.

    Parameters
    ----------
    places, place_aliases : pandas.DataFrame
        The reference tables (see ``data/reference/datapackage.json``).
    not_same_entity : pandas.DataFrame, optional
        Pairs checked and found different; only rows with ``entity_type``
        ``place`` are used.
    """

    def __init__(
        self,
        places: pd.DataFrame,
        place_aliases: pd.DataFrame,
        not_same_entity: pd.DataFrame | None = None,
    ) -> None:
        self._places: dict[str, _Place] = {}
        for row in places.itertuples(index=False):
            lat, lon = getattr(row, "latitude", None), getattr(row, "longitude", None)
            self._places[str(row.place_id)] = _Place(
                place_id=str(row.place_id),
                name=str(row.name),
                place_type=str(row.place_type),
                admin1=_text(row.admin1_code),
                admin2=_text(getattr(row, "admin2", None)),
                country=str(row.country_code),
                latitude=None if _text(lat) is None else float(lat),  # type: ignore[arg-type]
                longitude=None if _text(lon) is None else float(lon),  # type: ignore[arg-type]
            )
        index: dict[str, set[str]] = defaultdict(set)
        alias_keys: list[str] = []
        for place_id, alias in zip(
            place_aliases["place_id"], place_aliases["alias"], strict=True
        ):
            key = match_key(str(alias))
            alias_keys.append(key)
            if key and str(place_id) in self._places:
                index[key].add(str(place_id))
        for place in self._places.values():
            key = match_key(place.name)
            if key:
                index[key].add(place.place_id)
        self._index: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in index.items()
        }
        self._aliases = pd.DataFrame(
            {
                "place_id": place_aliases["place_id"].astype(_STR),
                "alias": place_aliases["alias"].astype(_STR),
                "key": pd.array(alias_keys, dtype=_STR),
            }
        )
        blocks: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._index):
            blocks[key[0]].append(key)
        self._blocks = dict(blocks)
        self._has_districts = any(
            p.place_type == "district" for p in self._places.values()
        )
        self._short_forms: dict[str, set[str]] = defaultdict(set)
        self._blocked: set[tuple[str, str]] = set()
        self._pair_notes: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._not_same: set[frozenset[str]] = set()
        if not_same_entity is not None:
            self._read_not_same(not_same_entity)
        self._cache: dict[Hashable, PlaceMatch] = {}
        self._cell_cache: dict[Hashable, PlaceCell] = {}

    @classmethod
    def from_reference(cls, ref: Any = None) -> Gazetteer:
        """Build the gazetteer from a loaded reference package.

        Parameters
        ----------
        ref : osintkit.Dataset or mapping of DataFrames, optional
            Anything with ``ref["places"]``, ``ref["place_aliases"]`` and
            optionally ``ref["not_same_entity"]``, as returned by
            ``ok.load_dataset("data/reference")``. ``None`` loads
            ``osintkit.paths.REFERENCE_DIR``.

        Returns
        -------
        Gazetteer

        Examples
        --------
        >>> import osintkit as ok
        >>> from osintkit import paths
        >>> gaz = Gazetteer.from_reference(ok.load_dataset(paths.REFERENCE_DIR))
        >>> gaz.resolve_place("Tetkino").place_id
        'gn-483166'
        """
        return cls(*reference_tables(ref, "places", "place_aliases"))

    # -- construction helpers -------------------------------------------------

    def _read_not_same(self, table: pd.DataFrame) -> None:
        rows = table[table["entity_type"] == "place"]
        for id_a, id_b, reason in zip(
            rows["id_a"], rows["id_b"], rows["reason"], strict=True
        ):
            a, b, why = str(id_a), str(id_b), str(reason)
            if a in self._places and b in self._places:
                self._not_same.add(frozenset((a, b)))
                for one, other in ((a, b), (b, a)):
                    self._add_short_form(one, other, why)
                continue
            place_id, name = (a, b) if a in self._places else (b, a)
            if place_id not in self._places:
                continue
            key = match_key(_PARENTHESES.sub(" ", name))
            if place_id in self._index.get(key, ()):
                self._pair_notes[(key, place_id)].append(why)
            else:
                self._blocked.add((key, place_id))

    def _add_short_form(self, one: str, other: str, reason: str) -> None:
        """Let the first word of ``other``'s name also name ``other``.

        Only when that word already names ``one``: the curators listed the
        two as confusable, which is the evidence that the short form is used.
        """
        words = match_key(self._places[other].name).split()
        if len(words) > 1 and one in self._index.get(words[0], ()):
            self._short_forms[words[0]].add(other)
            self._pair_notes[(words[0], other)].append(reason)

    # -- lookups --------------------------------------------------------------

    def place(self, place_id: str) -> dict[str, Any]:
        """Return the reference row of a place as a dict.

        Parameters
        ----------
        place_id : str

        Returns
        -------
        dict

        Examples
        --------
        >>> load_gazetteer().place("gn-483166")["admin1"]
        'RU-KRS'
        """
        return self._places[place_id]._asdict()

    def _exact(self, key: str) -> dict[str, float]:
        ids = dict.fromkeys(self._index.get(key, ()), 100.0)
        for place_id in self._short_forms.get(key, ()):
            ids.setdefault(place_id, 90.0)
        return ids

    def _fuzzy(self, key: str) -> dict[str, float]:
        if not FUZZY_MIN_LENGTH <= len(key) <= _FUZZY_MAX_LENGTH:
            return {}
        block = self._blocks.get(key[0], [])
        hits = process.extract(
            key, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        )
        if not hits:
            return {}
        best = max(score for _, score, _ in hits)
        ids: dict[str, float] = {}
        for choice, score, _ in hits:
            if score >= best - FUZZY_MARGIN:
                for place_id in self._index[choice]:
                    ids[place_id] = max(ids.get(place_id, 0.0), round(score, 1))
        return ids

    def _candidates(self, key: str, place_type: str | None) -> _Candidates:
        """Candidates for a key: exact, then level-stripped, then fuzzy."""
        base, level = _split_level(key)
        wanted = place_type or level
        attempts: list[tuple[str, str | None]] = [(key, None)]
        if base != key:
            attempts.append((base, level))
        if _ADJECTIVE.search(key):
            attempts.append((f"{key} oblast", "oblast"))
        out = _Candidates()
        fallback: _Candidates | None = None
        for method, lookup, tries in (
            ("exact-key", self._exact, attempts),
            ("fuzzy", self._fuzzy, attempts[:2]),
        ):
            for attempt, hint in tries:
                ids = self._filter_blocked(attempt, lookup(attempt))
                if not ids:
                    continue
                found = _Candidates(ids=ids, method=method)
                if hint and attempt != key:
                    found.notes.append(f"read as {hint} {attempt!r}")
                self._add_pair_notes(attempt, found)
                if wanted:
                    typed = {i: s for i, s in ids.items() if self._type_ok(i, wanted)}
                    if not typed:
                        fallback = fallback or found
                        continue
                return found
        return fallback or out

    def _filter_blocked(self, key: str, ids: dict[str, float]) -> dict[str, float]:
        return {i: s for i, s in ids.items() if (key, i) not in self._blocked}

    def _add_pair_notes(self, key: str, out: _Candidates) -> None:
        for place_id in sorted(out.ids):
            reasons = self._pair_notes.get((key, place_id))
            if reasons:
                out.pair_notes[place_id] = [f"{place_id}: {r}" for r in reasons]

    def _type_ok(self, place_id: str, place_type: str) -> bool:
        actual = self._places[place_id].place_type
        if place_type == "district" and not self._has_districts:
            return actual == "settlement"
        return actual == place_type

    def _admin1_codes(self, admin1: str | Sequence[str] | None) -> frozenset[str]:
        if admin1 is None:
            return frozenset()
        values = [admin1] if isinstance(admin1, str) else list(admin1)
        codes: set[str] = set()
        for value in values:
            if _text(value) is None:
                continue
            for part in _SEGMENT_SPLIT.split(str(value)):
                part = part.strip()
                if not part:
                    continue
                if part in self._places and self._places[part].place_type == "oblast":
                    codes.add(part)
                    continue
                match = self.resolve_place(part, place_type="oblast")
                if match.place_id:
                    codes.add(match.place_id)
        return frozenset(codes)

    def _country_code(self, country: str | None) -> str | None:
        if _text(country) is None:
            return None
        assert country is not None
        if country in self._places and self._places[country].place_type == "country":
            return country
        if re.fullmatch(r"[A-Z]{2}", country.strip()):
            return country.strip()
        match = self.resolve_place(country, place_type="country")
        return match.place_id

    def _near_places(self, near: Iterable[Any]) -> list[_Place]:
        out: list[_Place] = []
        for item in near:
            if isinstance(item, PlaceMatch):
                ids: Iterable[str] = [item.place_id] if item.place_id else ()
            elif isinstance(item, str) and item in self._places:
                ids = [item]
            elif _text(item) is not None:
                match = self.resolve_place(str(item))
                ids = [match.place_id] if match.place_id else ()
            else:
                ids = ()
            out.extend(self._places[i] for i in ids)
        return out

    # -- resolution -----------------------------------------------------------

    def resolve_place(
        self,
        name: str,
        *,
        admin1: str | Sequence[str] | None = None,
        country: str | None = None,
        near: Sequence[Any] = (),
        place_type: str | None = None,
    ) -> PlaceMatch:
        """Resolve one place name to a gazetteer id, or say why not.

        Parameters
        ----------
        name : str
            The name as written; it is not modified.
        admin1 : str or sequence of str, optional
            The oblast(s) the source or curator gives: ISO codes
            (``RU-BEL``) or any spelling (``Belgorod Oblast``,
            ``Белгородская область``); ``;`` separates several.
        country : str, optional
            ISO 3166-1 code (``RU``) or a country name.
        near : sequence, optional
            Neighbouring places named in the same cell or row: place ids,
            names or :class:`PlaceMatch` objects. Among homonyms, the one in
            the same district, oblast, country or nearest is chosen.
        place_type : {'settlement', 'district', 'oblast', 'country'}, optional
            The kind of place the column holds (an ``admin1`` column holds
            oblasts). Level words in the name give it too.

        Returns
        -------
        PlaceMatch

        Examples
        --------
        >>> gaz = load_gazetteer()
        >>> gaz.resolve_place("Tiotkino").place_id
        'gn-483166'
        >>> m = gaz.resolve_place("Bilhorod")
        >>> m.status, m.candidates
        ('ambiguous', ('RU-BEL', 'gn-578072', 'gn-712160'))
        >>> gaz.resolve_place("Bilhorod", country="RU", place_type="oblast").place_id
        'RU-BEL'
        >>> gaz.resolve_place("Белгородская область").place_id
        'RU-BEL'
        >>> m = gaz.resolve_place("Belogrod Oblast")
        >>> m.place_id, m.method
        ('RU-BEL', 'exact-key')
        """
        if not isinstance(name, str):
            return PlaceMatch(name=name, key="", status="unmatched")
        near_key = tuple((m.place_id if isinstance(m, PlaceMatch) else m) for m in near)
        admin1_key = (
            admin1 if admin1 is None or isinstance(admin1, str) else tuple(admin1)
        )
        cache_key = (name, admin1_key, country, near_key, place_type)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        result = self._resolve(name, admin1, country, near, place_type)
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    def _resolve(
        self,
        name: str,
        admin1: str | Sequence[str] | None,
        country: str | None,
        near: Sequence[Any],
        place_type: str | None,
    ) -> PlaceMatch:
        raw = _LEADING_ABBREVIATIONS.sub("", name)
        key = match_key(raw)
        hinted = "settlement" if raw != name else None
        if not key:
            return PlaceMatch(
                name=name, key=key, status="unmatched", notes=("no letters",)
            )
        wanted = place_type or hinted or _split_level(key)[1]
        found = self._candidates(key, wanted)
        ids = found.ids
        notes = list(found.notes)
        if not ids:
            return PlaceMatch(
                name=name, key=key, status="unmatched", notes=tuple(notes)
            )
        initial = len(ids)
        conflict = False

        if wanted:
            typed = {i: s for i, s in ids.items() if self._type_ok(i, wanted)}
            if not typed:
                others = tuple(sorted(ids))
                notes.append(f"no {wanted} of that name; other places: {others}")
                return PlaceMatch(
                    name=name,
                    key=key,
                    status="unmatched",
                    candidates=others,
                    method=found.method,
                    notes=tuple(notes),
                )
            if wanted == "district" and not self._has_districts:
                notes.append(
                    "the gazetteer has no districts: the district's namesake "
                    "town is the candidate"
                )
                return PlaceMatch(
                    name=name,
                    key=key,
                    status="unmatched",
                    candidates=tuple(sorted(typed)),
                    method=found.method,
                    precision="district",
                    notes=tuple(notes),
                )
            ids = typed
            if place_type is None:  # a level word in the name is not context
                initial = len(ids)

        codes = self._admin1_codes(admin1)
        if codes:
            ids, hit = self._narrow(ids, lambda p: p.admin1 in codes)
            if not hit:
                conflict = True
                notes.append(f"admin1 {sorted(codes)} contradicts every candidate")
        code = self._country_code(country)
        if code:
            ids, hit = self._narrow(ids, lambda p: p.country == code)
            if not hit:
                conflict = True
                notes.append(f"country {code} contradicts every candidate")
        if near and len(ids) > 1:
            ids = self._narrow_near(ids, self._near_places(near), notes)
        if conflict and not any(i in found.pair_notes for i in ids):
            # A homonym outside the gazetteer is likelier than a wrong oblast;
            # only a curator's note on this very name says otherwise.
            notes.append(
                "context contradicts every candidate: not resolved (a homonym "
                "missing from the gazetteer, or a wrong oblast in the source)"
            )
            for place_id in sorted(ids):
                notes.extend(found.pair_notes.get(place_id, ()))
            return PlaceMatch(
                name=name,
                key=key,
                status="unmatched",
                candidates=tuple(sorted(ids)),
                method=found.method,
                notes=tuple(notes),
                context_conflict=True,
            )
        context_chose = len(ids) < initial

        if len(ids) > 1 and not place_type:
            ids = self._prefer_settlement(ids, notes)

        ordered = tuple(sorted(ids, key=lambda i: (-ids[i], i)))
        for place_id in ordered:
            notes.extend(found.pair_notes.get(place_id, ()))
        places = [self._places[i] for i in ordered]
        admin1s = {p.admin1 for p in places}
        countries = {p.country for p in places}
        common_admin1 = admin1s.pop() if len(admin1s) == 1 else None
        common_country = countries.pop() if len(countries) == 1 else None
        if len(ordered) == 1:
            method = "context" if context_chose else found.method
            return PlaceMatch(
                name=name,
                key=key,
                status="matched",
                place_id=ordered[0],
                candidates=ordered,
                method=method,
                score=ids[ordered[0]],
                precision=places[0].place_type,
                admin1=common_admin1,
                country=common_country,
                notes=tuple(notes),
                context_conflict=conflict,
            )
        precision = (
            "oblast" if common_admin1 else "country" if common_country else "unknown"
        )
        return PlaceMatch(
            name=name,
            key=key,
            status="ambiguous",
            candidates=ordered,
            method=found.method,
            score=max(ids.values()),
            precision=precision,
            admin1=common_admin1,
            country=common_country,
            notes=tuple(notes),
            context_conflict=conflict,
        )

    def _narrow(
        self, ids: dict[str, float], keep: Any
    ) -> tuple[dict[str, float], bool]:
        """Keep the candidates ``keep`` accepts; all of them if it accepts none."""
        kept = {i: s for i, s in ids.items() if keep(self._places[i])}
        return (kept, True) if kept else (ids, False)

    def _narrow_near(
        self, ids: dict[str, float], near: list[_Place], notes: list[str]
    ) -> dict[str, float]:
        if not near:
            return ids
        near_admin2 = {(p.admin1, p.admin2) for p in near if p.admin2}
        near_admin1 = {p.admin1 for p in near if p.admin1} | {
            p.place_id for p in near if p.place_type == "oblast"
        }
        near_country = {p.country for p in near}
        for label, keep in (
            ("district", lambda p: (p.admin1, p.admin2) in near_admin2),
            ("oblast", lambda p: p.admin1 in near_admin1),
            ("country", lambda p: p.country in near_country),
        ):
            kept, hit = self._narrow(ids, keep)
            if hit and len(kept) < len(ids):
                notes.append(f"neighbouring places share the {label}")
                ids = kept
            if len(ids) == 1:
                return ids
        # Nearest by distance, when it is clearly nearest.
        points = [(p.latitude, p.longitude) for p in near if p.latitude is not None]
        dists = {}
        for place_id in ids:
            p = self._places[place_id]
            if p.latitude is None or p.longitude is None or not points:
                return ids
            dists[place_id] = min(
                _km(p.latitude, p.longitude, lat, lon)  # type: ignore[arg-type]
                for lat, lon in points
            )
        ranked = sorted(dists, key=dists.__getitem__)
        if len(ranked) > 1 and dists[ranked[1]] > 3 * dists[ranked[0]] + 10:
            notes.append(
                f"nearest to the neighbouring places ({dists[ranked[0]]:.0f} km)"
            )
            return {ranked[0]: ids[ranked[0]]}
        return ids

    def _prefer_settlement(
        self, ids: dict[str, float], notes: list[str]
    ) -> dict[str, float]:
        """Prefer the settlement when it shares its name with its own oblast."""
        oblasts = [i for i in ids if self._places[i].place_type == "oblast"]
        settlements = [i for i in ids if self._places[i].place_type == "settlement"]
        if (
            len(oblasts) == 1
            and len(settlements) == 1
            and len(ids) == 2
            and self._places[settlements[0]].admin1 == oblasts[0]
            and frozenset((oblasts[0], settlements[0])) not in self._not_same
        ):
            notes.append(
                f"{oblasts[0]} and its settlement {settlements[0]} share the name: "
                "read as the settlement (say 'Oblast' or pass place_type='oblast' "
                "for the oblast)"
            )
            return {settlements[0]: ids[settlements[0]]}
        return ids

    # -- cells ----------------------------------------------------------------

    def resolve_place_cell(
        self,
        cell: str,
        *,
        admin1: str | Sequence[str] | None = None,
        country: str | None = None,
        place_type: str | None = None,
    ) -> PlaceCell:
        """Resolve a cell that may name several places or a whole area.

        ``;`` (or ``|``, a line break) separates places; within one part,
        ``,`` and ``and`` list places, and a plural level word at the end
        applies to all (``Kursk and Bilhorod regions``). A last comma part
        that names an oblast after settlements (``Postoyalye Dvory,
        Kurskaya``) only locates them. Parentheses hold details
        (``incl. Shebekino, Grayvoron districts``) or qualifiers
        (``border``). The places of a cell are each other's ``near`` context.

        Parameters
        ----------
        cell : str
            The cell as written; it is not modified.
        admin1, country, place_type
            Context for every place in the cell, as in :meth:`resolve_place`.

        Returns
        -------
        PlaceCell

        Examples
        --------
        >>> gaz = load_gazetteer()
        >>> c = gaz.resolve_place_cell("Belgorod Oblast; Kursk Oblast (border)")
        >>> c.place_ids, c.precision, c.qualifiers
        (('RU-BEL', 'RU-KRS'), 'oblast', ('border',))
        >>> gaz.resolve_place_cell("Tyotkino; Grayvoron").place_ids
        ('gn-483166', 'gn-559034')
        >>> gaz.resolve_place_cell("Kursk and Bilhorod regions").place_ids
        ('RU-KRS', 'RU-BEL')
        """
        if not isinstance(cell, str):
            return PlaceCell(text=cell)
        admin1_key = (
            admin1 if admin1 is None or isinstance(admin1, str) else tuple(admin1)
        )
        cache_key = (cell, admin1_key, country, place_type)
        cached = self._cell_cache.get(cache_key)
        if cached is None:
            cached = self._resolve_cell(cell, admin1, country, place_type)
            if len(self._cell_cache) > 500_000:
                self._cell_cache.clear()
            self._cell_cache[cache_key] = cached
        return cached

    def _resolve_cell(
        self,
        cell: str,
        admin1: str | Sequence[str] | None,
        country: str | None,
        place_type: str | None,
    ) -> PlaceCell:
        qualifiers: list[str] = []
        included_names: list[str] = []
        for inner in _PARENTHESES.findall(cell):
            inner = inner.strip()
            if _INCLUDING.match(inner):
                included_names.append(_INCLUDING.sub("", inner))
            elif inner:
                qualifiers.append(inner)
        main = _PARENTHESES.sub(" ", cell)

        # (name, level hint, is_context) for each place the main text names.
        parts: list[tuple[str, str | None]] = []
        context_parts: list[str] = []
        for segment in _SEGMENT_SPLIT.split(main):
            segment = segment.strip().strip(",").strip()
            if not segment:
                continue
            names, hint = self._split_list(segment, place_type)
            if (
                len(names) > 1
                and "," in segment
                and hint is None
                and self._is_area(names[-1])
                and not any(self._is_area(n) for n in names[:-1])
            ):
                context_parts.append(names.pop())
            parts.extend((n, hint) for n in names)

        context = tuple(
            self.resolve_place(n, country=country, place_type="oblast")
            for n in context_parts
        )
        context_admin1 = admin1
        if context and admin1 is None:
            context_admin1 = tuple(m.place_id for m in context if m.place_id) or None
        first = [
            self.resolve_place(
                n, admin1=context_admin1, country=country, place_type=hint or place_type
            )
            for n, hint in parts
        ]
        matches = []
        for i, ((n, hint), match) in enumerate(zip(parts, first, strict=True)):
            if match.status == "ambiguous" and len(first) > 1:
                neighbours = tuple(
                    m for j, m in enumerate(first) if j != i and m.place_id
                )
                if neighbours:
                    match = self.resolve_place(
                        n,
                        admin1=context_admin1,
                        country=country,
                        near=neighbours,
                        place_type=hint or place_type,
                    )
            matches.append(match)

        area_admin1 = tuple(
            m.place_id for m in matches if m.place_id and m.precision == "oblast"
        )
        included: list[PlaceMatch] = []
        for names_text in included_names:
            names, hint = self._split_list(names_text, None)
            for n in names:
                included.append(
                    self.resolve_place(
                        n,
                        admin1=area_admin1 or admin1,
                        country=country,
                        place_type=hint,
                    )
                )
        ranks = [
            _PRECISION_RANK[m.precision]
            for m in matches
            if m.status != "unmatched" and m.precision in _PRECISION_RANK
        ]
        precision = "unknown"
        if ranks:
            top = max(ranks)
            precision = next(p for p, r in _PRECISION_RANK.items() if r == top)
        return PlaceCell(
            text=cell,
            matches=tuple(matches),
            included=tuple(included),
            context=context,
            qualifiers=tuple(qualifiers),
            precision=precision,
        )

    def _split_list(
        self, segment: str, place_type: str | None
    ) -> tuple[list[str], str | None]:
        """Split ``A, B and C regions`` into names and a shared level hint."""
        whole = match_key(segment)
        if whole in self._index:
            return [segment], None
        names = [n.strip() for n in _LIST_SPLIT.split(segment) if n and n.strip()]
        if len(names) < 2:
            return [segment], None
        last_word = names[-1].split()[-1].casefold()
        hint = _PLURAL_LEVELS.get(last_word)  # a plural level word applies to all
        return names, hint or place_type

    def _is_area(self, name: str) -> bool:
        match = self.resolve_place(name, place_type="oblast")
        return match.status == "matched"

    # -- columns and reports --------------------------------------------------

    def resolve_places(
        self,
        cells: Iterable[Any],
        *,
        admin1: str | Iterable[Any] | None = None,
        country: str | Iterable[Any] | None = None,
        place_type: str | None = None,
    ) -> pd.DataFrame:
        """Resolve a column of place cells; one output row per input row.

        Parameters
        ----------
        cells : iterable of str
            The column (a Series keeps its index).
        admin1, country : str or iterable, optional
            Context for every row (a str) or per row (aligned with ``cells``).
        place_type : str, optional
            The kind of place the column holds.

        Returns
        -------
        pandas.DataFrame
            Columns ``place_raw`` (unchanged), ``status``, ``place_id``
            (``;``-joined when a cell names several), ``candidates``,
            ``precision``, ``method`` and ``notes``. Missing cells are
            ``unmatched`` with ``place_raw`` NA; no row is dropped.

        Examples
        --------
        >>> out = load_gazetteer().resolve_places(
        ...     pd.Series(["Tetkino", "Bilhorod", "Atlantis"]))
        >>> out[["status", "place_id"]].values.tolist()
        [['matched', 'gn-483166'], ['ambiguous', nan], ['unmatched', nan]]
        """
        index = cells.index if isinstance(cells, pd.Series) else None
        values = list(cells)
        admin1s = _broadcast(admin1, len(values))
        countries = _broadcast(country, len(values))
        rows = []
        for value, a1, cc in zip(values, admin1s, countries, strict=True):
            text = _text(value)
            if text is None:
                rows.append(
                    {"place_raw": None, "status": "unmatched", "precision": "unknown"}
                )
                continue
            result = self.resolve_place_cell(
                str(value), admin1=_text(a1), country=_text(cc), place_type=place_type
            )
            rows.append(
                {
                    "place_raw": value,
                    "status": result.status,
                    "place_id": ";".join(result.place_ids) or None,
                    "candidates": ";".join(
                        "|".join(m.candidates) for m in result.matches
                    )
                    or None,
                    "precision": result.precision,
                    "method": ";".join(m.method or "none" for m in result.matches)
                    or None,
                    "notes": " / ".join(n for m in result.matches for n in m.notes)
                    or None,
                }
            )
        columns = [
            "place_raw",
            "status",
            "place_id",
            "candidates",
            "precision",
            "method",
            "notes",
        ]
        out = pd.DataFrame(rows, columns=columns, index=index).astype(_STR)
        return out

    def report_unmatched(
        self,
        names: Iterable[Any],
        *,
        admin1: str | Iterable[Any] | None = None,
        country: str | Iterable[Any] | None = None,
        place_type: str | None = None,
    ) -> pd.DataFrame:
        """Resolve ``names`` and report the ones that did not match.

        Logs the match rate at INFO and warns with the unmatched and
        ambiguous names; nothing is dropped from the input.

        Parameters
        ----------
        names : iterable of str
            Place cells.
        admin1, country, place_type
            As in :meth:`resolve_places`.

        Returns
        -------
        pandas.DataFrame
            One row per distinct (name, context) that is not ``matched``:
            ``place_raw``, ``status``, ``candidates``, ``notes`` and
            ``count`` (how many input rows), most frequent first.

        Examples
        --------
        >>> load_gazetteer().report_unmatched(["Tetkino", "Atlantis", "Atlantis"])
        ... # doctest: +NORMALIZE_WHITESPACE
          place_raw     status candidates notes  count
        0  Atlantis  unmatched        NaN   NaN      2
        """
        resolved = self.resolve_places(
            names, admin1=admin1, country=country, place_type=place_type
        )
        total = len(resolved)
        counts = resolved["status"].value_counts()
        matched = int(counts.get("matched", 0))
        ambiguous = int(counts.get("ambiguous", 0))
        unmatched = int(counts.get("unmatched", 0))
        logger.info(
            "places: %d of %d resolved (%.1f%%), %d ambiguous, %d unmatched",
            matched,
            total,
            100 * matched / total if total else 100.0,
            ambiguous,
            unmatched,
        )
        bad = resolved[resolved["status"] != "matched"]
        report = (
            bad.groupby(
                ["place_raw", "status", "candidates", "notes"],
                dropna=False,
                sort=False,
            )
            .size()
            .rename("count")
            .reset_index()
            .sort_values(["count", "place_raw"], ascending=[False, True], kind="stable")
            .reset_index(drop=True)
        )
        report["count"] = report["count"].astype("int64")
        if len(report):
            shown = ", ".join(
                f"{name!r} ({status})"
                for name, status in zip(
                    report["place_raw"][:20], report["status"][:20], strict=True
                )
            )
            logger.warning(
                "%d place name(s) not resolved: %s%s",
                len(report),
                shown,
                " ..." if len(report) > 20 else "",
            )
        return report

    def unused_aliases(self, names: Iterable[Any]) -> pd.DataFrame:
        """Aliases whose key none of ``names`` (nor their parts) matched.

        Parameters
        ----------
        names : iterable of str
            Place cells seen in the data.

        Returns
        -------
        pandas.DataFrame
            ``place_id``, ``alias`` and ``key`` of the unused aliases.

        Examples
        --------
        >>> unused = load_gazetteer().unused_aliases(["Tyotkino"])
        >>> "Tetkino" in set(unused["alias"]), "Tjotkino" in set(unused["alias"])
        (False, False)
        """
        used: set[str] = set()
        for value in names:
            text = _text(value)
            if text is None:
                continue
            cell = self.resolve_place_cell(text)
            for match in (*cell.matches, *cell.included, *cell.context):
                used.add(match.key)
                used.add(_split_level(match.key)[0])
        unused = self._aliases[~self._aliases["key"].isin(used)].reset_index(drop=True)
        logger.info(
            "%d of %d place aliases unused by %d name key(s)",
            len(unused),
            len(self._aliases),
            len(used),
        )
        return unused


def _broadcast(value: Any, n: int) -> list[Any]:
    if value is None or isinstance(value, str):
        return [value] * n
    values = list(value)
    if len(values) != n:
        raise ValueError(
            f"context has {len(values)} values for {n} names; pass one value "
            "or one per name"
        )
    return values


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))
