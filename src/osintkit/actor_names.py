"""Actor resolution: every name of a unit, agency or person lands on one actor id.

Sources name the same actor in three languages, as abbreviations and in
translations that drift (``LSR``, ``ЛСР``, ``Legion "Freedom of Russia"``,
``"Liberty of Russia" Legion``, ``Легион «Свобода России»``; ``RDK``, ``RVC``,
``РДК``). The reference package's ``actors`` and ``actor_aliases`` tables list
them; :class:`ActorResolver` indexes every alias by
:func:`~osintkit.normalize.match_key` and resolves a name in these steps:

1. **exact-key**: the key of the name (possessive ``'s`` dropped, so
   ``Ukraine's military intelligence`` and ``Ukraine military intelligence``
   meet) is an alias key;
2. **word-order**: the same words in another order, ignoring ``of``, ``the``,
   ``for`` (``Legion Freedom of Russia`` / ``Freedom of Russia Legion``);
3. **fuzzy**: a rapidfuzz ``ratio`` of at least :data:`ACTOR_FUZZY_CUTOFF` on
   keys of eight letters or more, never for a role description
   (``Governor of ...`` is not ``Government of ...``).

``not_same_entity.csv`` rows with ``entity_type`` ``actor`` are read in two
ways. A row whose second member is a name outside the reference (``Russian
Imperial Movement``) blocks that name from the actor. And the names a row's
reason quotes as usable for both (``'MoD', 'Ministry of Defence' and
'Міноборони' alone are used for both``; ``'Belgorod authorities' can mean
either``) come back ``ambiguous`` with both actors, even where an alias row
maps them to one: the curators' "checked, different" overrides an alias. The
caller's ``side`` context (``russia``, ``ukraine`` ...) can then choose.

:meth:`ActorResolver.resolve_actor_cell` reads a claimant cell that names
several actors (``LSR, RDK and Siberian Battalion (joint statement)``), a
person with a role (``Andriy Yusov, spokesperson of Ukraine's military
intelligence (HUR)``) or an outlet citing others (``Ukrainska Pravda (citing
LSR and Siberian Battalion)``), and reports the names it does not know.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from rapidfuzz import fuzz, process

from osintkit.normalize import match_key

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "ACTOR_FUZZY_CUTOFF",
    "ActorCell",
    "ActorMatch",
    "ActorResolver",
    "load_actor_resolver",
]

logger = logging.getLogger(__name__)

# Text columns as the kit's loader types them: missing values are NaN.
_STR = pd.StringDtype(na_value=float("nan"))

Status = Literal["matched", "ambiguous", "unmatched"]

#: Minimum rapidfuzz ``ratio`` between two actor keys for a fuzzy match.
ACTOR_FUZZY_CUTOFF = 90.0
_FUZZY_MIN_LENGTH = 8
_STOPWORDS = frozenset({"of", "the", "for", "and"})
_POSSESSIVE = re.compile(r"['’ʼ]s\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_FRAGMENT_SPLIT = re.compile(r"\s*[;,]\s*|\s+/\s+")
_AND_SPLIT = re.compile(r"\s+(?:and|&|и|та|і|й)\s+", re.IGNORECASE)
_CITING = re.compile(
    r"\s*\b(?:citing|quoting|according to|со ссылкой на|посилаючись на)\s+",
    re.IGNORECASE,
)
_VENUE = re.compile(r"^(?:on|via|in|at|through)\s+", re.IGNORECASE)
_ROLE_WORDS = frozenset(
    match_key(word)
    for word in (
        "governor", "mayor", "president", "minister", "spokesperson", "spokesman",
        "spokeswoman", "representative", "head", "chief", "analyst", "commander",
        "deputy", "volunteer", "politician", "official", "officials",
        "correspondent", "journalist", "secretary", "ambassador", "member",
        "founder", "leader", "speaker", "adviser", "advisor", "губернатор", "мэр",
        "президент", "министр", "міністр", "представитель", "представник",
        "речник", "командир", "глава", "голова",
    )
)  # fmt: skip
# In a not_same_entity reason: a run of quoted names "usable for both".
_SHARED_NAMES = re.compile(
    r"((?:'[^']+'(?:\s*,\s*|\s+(?:and|or)\s+)?)+)\s+(?:alone|can mean either)"
)


def _actor_key(text: str) -> str:
    return match_key(_POSSESSIVE.sub("", text))


def _word_key(key: str) -> str:
    return " ".join(sorted(w for w in key.split() if w not in _STOPWORDS))


def _has_role(key: str) -> bool:
    return any(word in _ROLE_WORDS for word in key.split())


@dataclass(frozen=True)
class ActorMatch:
    """The outcome of resolving one actor name.

    Attributes
    ----------
    name : str
        The name exactly as given (never modified).
    key : str
        Its match key.
    status : {'matched', 'ambiguous', 'unmatched'}
    actor_id : str or None
        The actor, when matched.
    candidates : tuple of str
        Every actor still possible.
    method : {'exact-key', 'word-order', 'fuzzy', 'context'} or None
    score : float
        100 for an exact key or word order, the rapidfuzz ratio when fuzzy.
    notes : tuple of str
        The curators' reasons and the rules applied.
    """

    name: str
    key: str
    status: Status
    actor_id: str | None = None
    candidates: tuple[str, ...] = ()
    method: str | None = None
    score: float = 0.0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorCell:
    """The actors named by one claimant cell.

    Attributes
    ----------
    text : str
        The cell exactly as given.
    matches : tuple of ActorMatch
        The actors the cell names (matched or ambiguous), in order, each once.
    cited : tuple of ActorMatch
        Actors a source cites (``Ukrainska Pravda (citing LSR ...)``).
    unknown : tuple of str
        Parts of the cell that name no known actor: report them.
    roles : tuple of str
        Role descriptions of the named actors (``Governor of Belgorod
        Oblast``).
    qualifiers : tuple of str
        Remarks such as ``joint statement``, ``unnamed``, ``on Suspilne``.
    """

    text: str
    matches: tuple[ActorMatch, ...] = ()
    cited: tuple[ActorMatch, ...] = ()
    unknown: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()

    @property
    def status(self) -> Status:
        """``unmatched`` with an unknown part or no actor, ``ambiguous``, or matched."""
        if self.unknown or not self.matches:
            return "unmatched"
        if any(m.status == "ambiguous" for m in self.matches):
            return "ambiguous"
        return "matched"

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """The ids of the matched actors, in order."""
        return tuple(m.actor_id for m in self.matches if m.actor_id is not None)


@lru_cache(maxsize=4)
def _cached_resolver(path: str) -> ActorResolver:
    from osintkit.gazetteer import load_reference

    return ActorResolver.from_reference(load_reference(path))


def load_actor_resolver(path: str | Path | None = None) -> ActorResolver:
    """Build (once per path) the actor resolver of a reference package.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The reference folder; ``osintkit.paths.REFERENCE_DIR`` by default.

    Returns
    -------
    ActorResolver

    Examples
    --------
    >>> load_actor_resolver().resolve_actor("ЛСР").actor_id
    'lsr'
    """
    from osintkit import paths

    return _cached_resolver(str(path or paths.REFERENCE_DIR))


class ActorResolver:
    """An index of the reference actors and their aliases by match key.

    Parameters
    ----------
    actors, actor_aliases : pandas.DataFrame
        The reference tables (see ``data/reference/datapackage.json``).
    not_same_entity : pandas.DataFrame, optional
        Pairs checked and found different; rows with ``entity_type`` ``actor``
        are used.
    """

    def __init__(
        self,
        actors: pd.DataFrame,
        actor_aliases: pd.DataFrame,
        not_same_entity: pd.DataFrame | None = None,
    ) -> None:
        self._sides = {
            str(a): str(s)
            for a, s in zip(actors["actor_id"], actors["side"], strict=True)
        }
        self._names = {
            str(a): str(n)
            for a, n in zip(actors["actor_id"], actors["name"], strict=True)
        }
        index: dict[str, set[str]] = defaultdict(set)
        keys = []
        for actor_id, alias in zip(
            actor_aliases["actor_id"], actor_aliases["alias"], strict=True
        ):
            key = _actor_key(str(alias))
            keys.append(key)
            if key and str(actor_id) in self._sides:
                index[key].add(str(actor_id))
        for actor_id, name in self._names.items():
            index[_actor_key(name)].add(actor_id)
        self._index = {k: frozenset(v) for k, v in index.items() if k}
        words: dict[str, set[str]] = defaultdict(set)
        for key, ids in self._index.items():
            words[_word_key(key)].update(ids)
        self._words = {k: frozenset(v) for k, v in words.items() if k}
        self._keys = sorted(self._index)
        self._aliases = pd.DataFrame(
            {
                "actor_id": actor_aliases["actor_id"].astype(_STR),
                "alias": actor_aliases["alias"].astype(_STR),
                "key": pd.array(keys, dtype=_STR),
            }
        )
        self._blocked: set[tuple[str, str]] = set()
        # key -> (actor ids, outside names, reasons)
        self._shared: dict[str, tuple[set[str], set[str], list[str]]] = {}
        if not_same_entity is not None:
            self._read_not_same(not_same_entity)
        self._cache: dict[Hashable, ActorMatch] = {}
        self._cell_cache: dict[Hashable, ActorCell] = {}

    @classmethod
    def from_reference(cls, ref: Any = None) -> ActorResolver:
        """Build the resolver from a loaded reference package.

        Parameters
        ----------
        ref : osintkit.Dataset or mapping of DataFrames, optional
            Anything with ``ref["actors"]``, ``ref["actor_aliases"]`` and
            optionally ``ref["not_same_entity"]``; ``None`` loads
            ``osintkit.paths.REFERENCE_DIR``.

        Returns
        -------
        ActorResolver

        Examples
        --------
        >>> import osintkit as ok
        >>> from osintkit import paths
        >>> actors = ActorResolver.from_reference(ok.load_dataset(paths.REFERENCE_DIR))
        >>> actors.resolve_actor("RVC").actor_id
        'rdk'
        """
        from osintkit.gazetteer import reference_tables

        return cls(*reference_tables(ref, "actors", "actor_aliases"))

    def _read_not_same(self, table: pd.DataFrame) -> None:
        rows = table[table["entity_type"] == "actor"]
        for id_a, id_b, reason in zip(
            rows["id_a"], rows["id_b"], rows["reason"], strict=True
        ):
            a, b, why = str(id_a), str(id_b), str(reason)
            ids = {x for x in (a, b) if x in self._sides}
            outside = {x for x in (a, b) if x not in self._sides}
            for name in outside:
                for part in (_PARENTHESES.sub(" ", name), *_PARENTHESES.findall(name)):
                    key = _actor_key(part)
                    for actor_id in ids:
                        if key:
                            self._blocked.add((key, actor_id))
            for run in _SHARED_NAMES.findall(why):
                for name in re.findall(r"'([^']+)'", run):
                    key = _actor_key(name)
                    if not key:
                        continue
                    entry = self._shared.setdefault(key, (set(), set(), []))
                    entry[0].update(ids)
                    entry[1].update(outside)
                    entry[2].append(why)

    # -- resolution -----------------------------------------------------------

    def resolve_actor(self, name: str, *, side: str | None = None) -> ActorMatch:
        """Resolve one actor name to an actor id, or say why not.

        Parameters
        ----------
        name : str
            The name as written; it is not modified.
        side : str, optional
            Context: the side the actor is known to be on (``russia``,
            ``ukraine``; ``pro_`` sides count as theirs). Chooses among
            ambiguous candidates only.

        Returns
        -------
        ActorMatch

        Examples
        --------
        >>> actors = load_actor_resolver()
        >>> [actors.resolve_actor(n).actor_id for n in
        ...  ['Legion "Freedom of Russia"', '"Liberty of Russia" Legion', "РДК"]]
        ['lsr', 'lsr', 'rdk']
        >>> m = actors.resolve_actor("MoD")
        >>> m.status, m.candidates
        ('ambiguous', ('ru-mod', 'ua-mod'))
        >>> actors.resolve_actor("MoD", side="ukraine").actor_id
        'ua-mod'
        """
        if not isinstance(name, str):
            return ActorMatch(name=name, key="", status="unmatched")
        cache_key = (name, side)
        cached = self._cache.get(cache_key)
        if cached is None:
            cached = self._resolve(name, side)
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[cache_key] = cached
        return cached

    def _resolve(self, name: str, side: str | None) -> ActorMatch:
        key = _actor_key(name)
        if not key:
            return ActorMatch(name=name, key=key, status="unmatched")
        notes: list[str] = []
        outside: set[str] = set()
        method: str | None
        if key in self._shared:
            ids_set, outside, reasons = self._shared[key]
            ids = dict.fromkeys(sorted(ids_set), 100.0)
            method = "exact-key"
            notes.extend(reasons)
            if outside:
                notes.append(f"may also be: {'; '.join(sorted(outside))}")
        elif key in self._index:
            ids, method = dict.fromkeys(self._index[key], 100.0), "exact-key"
        elif _word_key(key) in self._words:
            ids, method = (
                dict.fromkeys(self._words[_word_key(key)], 100.0),
                "word-order",
            )
        elif _FUZZY_MIN_LENGTH <= len(key) <= 120 and not _has_role(key):
            hits = process.extract(
                key,
                self._keys,
                scorer=fuzz.ratio,
                score_cutoff=ACTOR_FUZZY_CUTOFF,
                limit=None,
            )
            ids = {}
            if hits:
                best = max(score for _, score, _ in hits)
                for choice, score, _ in hits:
                    if score >= best - 2:
                        for actor_id in self._index[choice]:
                            ids[actor_id] = max(ids.get(actor_id, 0.0), round(score, 1))
            method = "fuzzy"
        else:
            ids, method = {}, None
        ids = {i: s for i, s in ids.items() if (key, i) not in self._blocked}
        if not ids:
            return ActorMatch(
                name=name, key=key, status="unmatched", notes=tuple(notes)
            )
        if side and len(ids) > 1 and not outside:
            kept = {
                i: s for i, s in ids.items() if self._sides[i] in (side, f"pro_{side}")
            }
            if kept and len(kept) < len(ids):
                ids, method = kept, "context"
        ordered = tuple(sorted(ids, key=lambda i: (-ids[i], i)))
        if len(ordered) == 1 and not outside:
            return ActorMatch(
                name=name,
                key=key,
                status="matched",
                actor_id=ordered[0],
                candidates=ordered,
                method=method,
                score=ids[ordered[0]],
                notes=tuple(notes),
            )
        return ActorMatch(
            name=name,
            key=key,
            status="ambiguous",
            candidates=ordered,
            method=method,
            score=max(ids.values()),
            notes=tuple(notes),
        )

    def resolve_actor_cell(self, cell: str, *, side: str | None = None) -> ActorCell:
        """Resolve a claimant cell that may name several actors.

        ``;``, ``,`` and `` / `` separate parts, ``and`` lists actors within a
        part. Parentheses hold an abbreviation (``(LSR)``), a citation
        (``(citing LSR and Siberian Battalion)``) or a remark (``(joint
        statement)``). A part with a role word (``spokesperson of ...``) is a
        role; the organisation after ``of`` is resolved too. Parts naming no
        known actor are reported in ``unknown``.

        Parameters
        ----------
        cell : str
            The cell as written; it is not modified.
        side : str, optional
            As in :meth:`resolve_actor`.

        Returns
        -------
        ActorCell

        Examples
        --------
        >>> actors = load_actor_resolver()
        >>> actors.resolve_actor_cell(
        ...     "LSR, RDK and Siberian Battalion (joint statement)").actor_ids
        ('lsr', 'rdk', 'siberian-battalion')
        >>> c = actors.resolve_actor_cell(
        ...     "Andriy Yusov, spokesperson of Ukraine's military intelligence (HUR)")
        >>> c.actor_ids, c.roles
        (('yusov', 'hur'), ("spokesperson of Ukraine's military intelligence",))
        >>> actors.resolve_actor_cell("NOELreports (X account)").unknown
        ('NOELreports',)
        """
        if not isinstance(cell, str):
            return ActorCell(text=cell)
        cache_key = (cell, side)
        cached = self._cell_cache.get(cache_key)
        if cached is None:
            cached = self._resolve_cell(cell, side)
            if len(self._cell_cache) > 500_000:
                self._cell_cache.clear()
            self._cell_cache[cache_key] = cached
        return cached

    def _resolve_cell(self, cell: str, side: str | None) -> ActorCell:
        matches: list[ActorMatch] = []
        cited: list[ActorMatch] = []
        unknown: list[str] = []
        roles: list[str] = []
        qualifiers: list[str] = []

        def resolve_list(text: str, into: list[ActorMatch]) -> None:
            whole = self.resolve_actor(text, side=side)
            if whole.status != "unmatched":
                into.append(whole)
                return
            for part in _AND_SPLIT.split(text):
                part = part.strip()
                if not part:
                    continue
                match = self.resolve_actor(part, side=side)
                if match.status != "unmatched":
                    into.append(match)
                elif _has_role(match.key):
                    roles.append(part)
                    _, _, organisation = part.partition(" of ")
                    if organisation:
                        org = self.resolve_actor(organisation, side=side)
                        if org.status != "unmatched":
                            into.append(org)
                else:
                    unknown.append(part)

        main = _PARENTHESES.sub(" ", cell)
        for fragment in _FRAGMENT_SPLIT.split(main):
            fragment = " ".join(fragment.split())
            if not fragment:
                continue
            if _VENUE.match(fragment):
                qualifiers.append(fragment)
                continue
            head, *rest = _CITING.split(fragment, maxsplit=1)
            if head.strip():
                resolve_list(head.strip(), matches)
            for source in rest:
                resolve_list(source.strip(), cited)
        for inner in _PARENTHESES.findall(cell):
            inner = " ".join(inner.split())
            if not inner:
                continue
            if _CITING.match(inner):
                resolve_list(_CITING.sub("", inner, count=1), cited)
                continue
            match = self.resolve_actor(inner, side=side)
            if match.status != "unmatched" and match.method != "fuzzy":
                matches.append(match)
            else:
                qualifiers.append(inner)
        if roles and not matches:
            unknown.extend(roles)  # a role with no named actor names nobody known
            roles = []
        return ActorCell(
            text=cell,
            matches=_dedupe(matches),
            cited=_dedupe(cited),
            unknown=tuple(unknown),
            roles=tuple(roles),
            qualifiers=tuple(qualifiers),
        )

    # -- columns and reports --------------------------------------------------

    def resolve_actors(
        self, cells: Iterable[Any], *, side: str | None = None
    ) -> pd.DataFrame:
        """Resolve a column of claimant cells; one output row per input row.

        Parameters
        ----------
        cells : iterable of str
            The column (a Series keeps its index).
        side : str, optional
            As in :meth:`resolve_actor`.

        Returns
        -------
        pandas.DataFrame
            ``actor_raw`` (unchanged), ``status``, ``actor_ids`` (``;``-joined),
            ``candidates``, ``cited_actor_ids``, ``unknown``, ``roles`` and
            ``qualifiers``; no row is dropped.

        Examples
        --------
        >>> load_actor_resolver().resolve_actors(["LSR and RDK"]).at[0, "actor_ids"]
        'lsr;rdk'
        """
        index = cells.index if isinstance(cells, pd.Series) else None
        rows = []
        for value in cells:
            if not isinstance(value, str) or not value.strip():
                rows.append({"actor_raw": None, "status": "unmatched"})
                continue
            result = self.resolve_actor_cell(value, side=side)
            rows.append(
                {
                    "actor_raw": value,
                    "status": result.status,
                    "actor_ids": ";".join(result.actor_ids) or None,
                    "candidates": ";".join(
                        "|".join(m.candidates) for m in result.matches
                    )
                    or None,
                    "cited_actor_ids": ";".join(
                        m.actor_id or "|".join(m.candidates) for m in result.cited
                    )
                    or None,
                    "unknown": "; ".join(result.unknown) or None,
                    "roles": "; ".join(result.roles) or None,
                    "qualifiers": "; ".join(result.qualifiers) or None,
                }
            )
        columns = [
            "actor_raw",
            "status",
            "actor_ids",
            "candidates",
            "cited_actor_ids",
            "unknown",
            "roles",
            "qualifiers",
        ]
        return pd.DataFrame(rows, columns=columns, index=index).astype(_STR)

    def report_unknown(
        self, cells: Iterable[Any], *, side: str | None = None
    ) -> pd.DataFrame:
        """Report the actor names in ``cells`` that are unknown or ambiguous.

        Logs the match rate at INFO and warns with the unknown names.

        Parameters
        ----------
        cells : iterable of str
            Claimant cells.
        side : str, optional
            As in :meth:`resolve_actor`.

        Returns
        -------
        pandas.DataFrame
            One row per distinct unknown part or ambiguous name: ``name``,
            ``status``, ``candidates`` and ``count``, most frequent first.

        Examples
        --------
        >>> load_actor_resolver().report_unknown(["LSR", "Novinite (unattributed)"])
        ... # doctest: +NORMALIZE_WHITESPACE
               name     status candidates  count
        0  Novinite  unmatched        NaN      1
        """
        values = [v for v in cells]
        counts: dict[tuple[str, str, str | None], int] = defaultdict(int)
        matched = 0
        for value in values:
            if not isinstance(value, str) or not value.strip():
                counts[("", "unmatched", None)] += 1
                continue
            result = self.resolve_actor_cell(value, side=side)
            matched += result.status == "matched"
            for name in result.unknown:
                counts[(name, "unmatched", None)] += 1
            for match in (*result.matches, *result.cited):
                if match.status == "ambiguous":
                    counts[(match.name, "ambiguous", "|".join(match.candidates))] += 1
        total = len(values)
        logger.info(
            "actors: %d of %d cells fully resolved (%.1f%%)",
            matched,
            total,
            100 * matched / total if total else 100.0,
        )
        report = pd.DataFrame(
            [(n, s, c, k) for (n, s, c), k in counts.items()],
            columns=["name", "status", "candidates", "count"],
        )
        report = report.astype(dict.fromkeys(["name", "status", "candidates"], _STR))
        report = report.sort_values(
            ["count", "name"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
        if len(report):
            logger.warning(
                "%d actor name(s) unknown or ambiguous: %s",
                len(report),
                ", ".join(repr(n) for n in report["name"][:20]),
            )
        return report

    def unused_aliases(self, cells: Iterable[Any]) -> pd.DataFrame:
        """Aliases whose key no actor named in ``cells`` used.

        Parameters
        ----------
        cells : iterable of str
            Claimant cells seen in the data.

        Returns
        -------
        pandas.DataFrame
            ``actor_id``, ``alias`` and ``key`` of the unused aliases.

        Examples
        --------
        >>> unused = load_actor_resolver().unused_aliases(["LSR"])
        >>> "LSR" in set(unused["alias"]), "RDK" in set(unused["alias"])
        (False, True)
        """
        used: set[str] = set()
        for value in cells:
            if isinstance(value, str):
                cell = self.resolve_actor_cell(value)
                used.update(m.key for m in (*cell.matches, *cell.cited))
        unused = self._aliases[~self._aliases["key"].isin(used)].reset_index(drop=True)
        logger.info("%d of %d actor aliases unused", len(unused), len(self._aliases))
        return unused


def _dedupe(matches: list[ActorMatch]) -> tuple[ActorMatch, ...]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for match in matches:
        ident = (match.actor_id,) if match.actor_id else match.candidates
        if ident not in seen:
            seen.add(ident)
            out.append(match)
    return tuple(out)
