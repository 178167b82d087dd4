"""Import a timemap JSON export (Forensic Architecture / Bellingcat).

A timemap holds events, each with an ``id``, a ``date`` (``MM/DD/YYYY``), an
optional ``time``, ``latitude`` and ``longitude`` (strings), a ``location``, a
``description``, its ``sources`` and its ``filters``. Two shapes are read:

- **the export** (what the "download" button writes): a JSON array of events
  whose ``sources`` are objects ``{id, path, description}`` and whose
  ``filters`` are objects ``{key, value}``;
- **the bundle** (the API files joined in one object): ``{"events": [...],
  "sources": {...}, "associations": [...]}``, where an event's ``sources`` is a
  list of source *ids* into the ``sources`` object (or list) whose entries
  carry ``paths`` (a list), and its ``associations`` are ids of association
  objects with ``filter_paths`` ``[key, value]``.

An event may mix inline sources and source ids; ``associations`` and
``narratives`` keys are tolerated in either shape (kept in the notes).

One **incident** per event (when its location resolves in the gazetteer: an
incident needs a reference place and oblast) and one **claim** per source link.
The claimant of a link is derived from its address: the account on X,
Telegram, YouTube, Facebook, Instagram, TikTok or VK that posted the media, or
the website's host. A ``HIDDEN`` path is kept hidden: the claim's ``url`` is
empty and ``url_withheld`` is true; no address is invented.

Duplicated event ids are reported: an exact copy of an earlier event is
rejected with the line of the first; events that share an id but differ are
all kept, the later ones as ``<id>-dup2``, ``<id>-dup3`` (``origin_id`` keeps
the id exactly), with a note on each. Malformed JSON stops the import with the
line and column; events with non-numeric or out-of-range coordinates or a date
that does not read are rejected with the event id and the reason.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from osintkit.errors import ImportFailedError
from osintkit.importers.base import ImportContext
from osintkit.importers.mapping import (
    ClaimTypeValue,
    TimemapMapping,
    read_timemap_mapping,
)
from osintkit.importers.sheet import DateError, DateSpan, parse_date
from osintkit.importers.tabular import slugify
from osintkit.issues import make_visible

__all__ = ["read", "source_of_url"]

logger = logging.getLogger(__name__)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_URL = re.compile(r"https?://[^\s<>\"]+")
_WS = re.compile(r"[ \t\n\r]*")
_MAX_RECORD_CHARS = 2000
#: A settlement matched by name further than this from the event's point is noted.
_FAR_KM = 30.0

_HIDDEN_SOURCE = {
    "source_id": "timemap-withheld",
    "name": "Source withheld by the timemap (HIDDEN)",
    "source_type": "other",
    "side": "unknown",
    "is_belligerent": False,
    "reliability": "F",
    "notes": "Stands for every source link the timemap export marks HIDDEN: the "
    "publisher withholds the address, so who posted it is unknown. F: cannot be "
    "judged.",
}

# host -> (platform, source_type, label); the account is the first path segment.
_PLATFORMS = {
    "twitter.com": ("x", "X"),
    "x.com": ("x", "X"),
    "t.me": ("telegram", "Telegram"),
    "telegram.me": ("telegram", "Telegram"),
    "youtube.com": ("youtube", "YouTube"),
    "youtu.be": ("youtube", "YouTube"),
    "facebook.com": ("other", "Facebook"),
    "instagram.com": ("other", "Instagram"),
    "tiktok.com": ("other", "TikTok"),
    "vk.com": ("other", "VK"),
}
_NOT_ACCOUNTS = frozenset(
    [
        "i",
        "intent",
        "search",
        "hashtag",
        "home",
        "share",
        "watch",
        "shorts",
        "embed",
        "channel",
        "c",
        "user",
        "s",
        "photo",
        "photos",
        "video",
        "videos",
        "reel",
        "reels",
        "p",
        "story",
        "stories",
        "status",
        "permalink.php",
        "groups",
        "events",
        "media",
    ]
)


def _platform_key(host: str) -> str:
    for prefix in ("www.", "mobile.", "m.", "web."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def source_of_url(url: str) -> dict[str, Any]:
    """Derive the claimant of a source link from its address.

    Parameters
    ----------
    url : str
        An http(s) address.

    Returns
    -------
    dict
        ``source_id``, ``name``, ``source_type`` and ``platform`` of the
        account that posted the media (X, Telegram, YouTube, Facebook,
        Instagram, TikTok, VK), or of the website.

    Examples
    --------
    >>> source_of_url("https://twitter.com/Michael1Sheldon/status/1496717647089651716")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'source_id': 'x-michael1sheldon', 'name': '@Michael1Sheldon on X',
     'source_type': 'social_media_account', 'platform': 'x'}
    >>> source_of_url("https://www.bbc.co.uk/news/world-europe-1")["source_id"]
    'bbc-co-uk'
    """
    parts = urlsplit(url)
    host = _platform_key((parts.hostname or "").lower())
    segments = [s for s in parts.path.split("/") if s]
    if host in _PLATFORMS:
        platform, label = _PLATFORMS[host]
        if host == "t.me" and segments[:1] == ["s"]:
            segments = segments[1:]
        if host == "youtube.com" and segments[:1] in (["channel"], ["c"], ["user"]):
            segments = segments[1:]
        account = segments[0] if segments else ""
        if account and account.lower() not in _NOT_ACCOUNTS and host != "youtu.be":
            handle = account.lstrip("@")
            return {
                "source_id": slugify(
                    f"{platform if platform != 'other' else label} {handle}"
                ),
                "name": f"@{handle} on {label}",
                "source_type": "social_media_account",
                "platform": platform,
            }
        return {
            "source_id": slugify(f"{label} unidentified account"),
            "name": f"{label} (account not in the link)",
            "source_type": "social_media_account",
            "platform": platform,
        }
    return {
        "source_id": slugify(host) if host else "unknown-website",
        "name": host or "unknown website",
        "source_type": "other",
        "platform": "website",
    }


# -- locating events in the JSON text ----------------------------------------


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _array_offsets(text: str, pos: int) -> list[int]:
    """Offsets of the items of the JSON array starting at ``pos``."""
    decoder = json.JSONDecoder()
    offsets: list[int] = []
    i = _skip(text, pos + 1)
    if text[i : i + 1] == "]":
        return offsets
    while i < len(text):
        offsets.append(i)
        _, end = decoder.raw_decode(text, i)
        i = _skip(text, end)
        if text[i : i + 1] != ",":
            break
        i = _skip(text, i + 1)
    return offsets


def _member_offsets(text: str, pos: int) -> dict[str, int]:
    """Offsets of the values of the JSON object starting at ``pos``."""
    decoder = json.JSONDecoder()
    out: dict[str, int] = {}
    i = _skip(text, pos + 1)
    while text[i : i + 1] == '"':
        key, end = decoder.raw_decode(text, i)
        i = _skip(text, _skip(text, end) + 1)  # past the colon
        out.setdefault(key, i)
        _, end = decoder.raw_decode(text, i)
        i = _skip(text, end)
        if text[i : i + 1] != ",":
            break
        i = _skip(text, i + 1)
    return out


def _event_lines(text: str, bundle: bool) -> list[int]:
    start = _skip(text, 0)
    try:
        if bundle:
            start = _member_offsets(text, start)["events"]
        return [_line_of(text, o) for o in _array_offsets(text, start)]
    except (ValueError, KeyError):  # pragma: no cover - the text parsed already
        return []


# -- reading -------------------------------------------------------------------


def _load(path: Path) -> tuple[str, Any]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start]
        line = prefix.count(b"\n") + 1
        column = len(prefix) - (prefix.rfind(b"\n") + 1) + 1
        raise ImportFailedError(
            f"{path}:{line}:{column}: the file is not UTF-8 (byte "
            f"0x{raw[exc.start]:02x}); a timemap export is UTF-8 JSON: save it as "
            "UTF-8"
        ) from exc
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailedError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg} (fix the "
            "file at that line and column; a timemap export is one JSON array of "
            "events)"
        ) from exc


@dataclass
class _Shape:
    events: list[Any]
    sources: dict[str, Any]
    associations: dict[str, Any]
    bundle: bool


def _shape(data: Any, path: Path) -> _Shape:
    if isinstance(data, list):
        return _Shape(data, {}, {}, bundle=False)
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        return _Shape(
            data["events"],
            _index(data.get("sources"), "id"),
            _index(data.get("associations"), "id"),
            bundle=True,
        )
    raise ImportFailedError(
        f"{path}: not a timemap export: expected a JSON array of events, or an "
        "object with an 'events' array (and 'sources' / 'associations'); found "
        + (
            f"an object with keys {sorted(data)[:10]}"
            if isinstance(data, dict)
            else type(data).__name__
        )
    )


def _index(value: Any, key: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return {
            str(item[key]): item
            for item in value
            if isinstance(item, dict) and item.get(key) is not None
        }
    return {}


def _record(event: Any) -> str:
    text = json.dumps(event, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _MAX_RECORD_CHARS else text[:_MAX_RECORD_CHARS] + "…"


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip()


class _Reject(Exception):
    def __init__(self, reason: str, fld: str = "", value: Any = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = fld
        self.value = (
            _scalar_text(value)
            if not isinstance(value, dict | list)
            else json.dumps(value)
        )


@dataclass
class _Link:
    position: int
    link_id: str
    url: str
    withheld: bool
    description: str
    extra: list[str]


class _Importer:
    def __init__(
        self, path: Path, context: ImportContext, spec: TimemapMapping, shape: _Shape
    ) -> None:
        from osintkit.gazetteer import load_gazetteer

        self.path = path
        self.context = context
        self.spec = spec
        self.shape = shape
        self.gazetteer = load_gazetteer(context.reference_dir)
        self.sources: dict[str, dict[str, Any]] = {}
        self.source_links: Counter[str] = Counter()
        self.stats: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.unresolved: Counter[str] = Counter()
        self.ambiguous: Counter[str] = Counter()

    # -- one event --------------------------------------------------------------

    def event(self, event: Any, line: int, incident_id: str, dup_note: str) -> None:
        if not isinstance(event, dict):
            raise _Reject("event is not a JSON object", value=event)
        event_id = _scalar_text(event.get("id"))
        span = self._date(event)
        latitude, longitude = self._coordinates(event)
        location = _scalar_text(event.get("location"))
        description = _scalar_text(event.get("description"))
        filters, filter_notes = self._filters(event)
        claim_type, type_note = self._claim_type(filters)
        links, link_rejects = self._links(event, event_id)

        place_ids, admin1, precision, place_notes = self._place(
            location, latitude, longitude
        )
        notes = [
            f"Imported from {self.path.name} line {line} (timemap event {event_id})."
        ]
        if dup_note:
            notes.append(dup_note)
        time_text = _scalar_text(event.get("time"))
        if time_text:
            notes.append(
                f"Time {time_text!r} as the export gives it (zone not stated)."
            )
        notes.extend(filter_notes)
        notes.extend(place_notes)
        if type_note:
            notes.append(type_note)

        has_incident = bool(place_ids and admin1)
        if not links and not has_incident:
            for reject in link_rejects:
                self._reject_link(line, event_id, reject)
            raise _Reject(
                "nothing to import: no usable source link, and the location does not "
                "resolve in the gazetteer (an incident needs a reference place)",
                "location",
                location,
            )
        for reject in link_rejects:
            self._reject_link(line, event_id, reject)
        summary = (
            description or f"Timemap event {event_id} (the export has no description)."
        )
        if has_incident:
            title_place = location or ", ".join(place_ids)
            self.context.add_incident(
                {
                    "incident_id": incident_id,
                    "title": f"{title_place[:100]} ({span.start.isoformat()})",
                    "date_start": span.start.isoformat(),
                    "date_end": span.end.isoformat(),
                    "date_precision": span.precision,
                    "place_ids": ";".join(place_ids),
                    "admin1_codes": ";".join(admin1),
                    "event_type": self.spec.defaults.event_type,
                    "summary": summary,
                    "grouping_notes": " ".join(
                        [
                            f"One timemap event (id {event_id}); its {len(links)} "
                            "source link(s) are its claims. The title and summary "
                            "are the export's location and description, not a "
                            "curator's words.",
                            *notes[1:],
                        ]
                    ),
                    "origin_format": "timemap",
                    "origin_id": event_id,
                }
            )
            self.stats["incidents"] += 1
        else:
            self.stats["events without incident"] += 1
            notes.append(
                "No incident: the location does not resolve to a reference place and "
                "oblast, so the claim is left to clustering."
            )
        for link in links:
            source_id = self._source(link)
            claim_notes = [*notes]
            if link.description:
                claim_notes.append(f"Source link {link.link_id}: {link.description!r}.")
            elif link.link_id:
                claim_notes.append(f"Source link {link.link_id}.")
            claim_notes.extend(link.extra)
            if link.withheld:
                claim_notes.append(
                    "The export marks this source HIDDEN: the address is withheld, "
                    "not invented."
                )
            claim_notes.append(
                "Summary is the timemap's own description of the event, kept as "
                "written."
            )
            self.context.add_claim(
                {
                    "claim_id": f"{incident_id}-{link.position}",
                    "source_id": source_id,
                    "incident_id": incident_id if has_incident else None,
                    "event_date_start": span.start.isoformat(),
                    "event_date_end": span.end.isoformat(),
                    "date_precision": span.precision,
                    "place_raw": location or None,
                    "place_ids": ";".join(place_ids),
                    "admin1_codes": ";".join(admin1),
                    "latitude": latitude,
                    "longitude": longitude,
                    "geo_precision": "exact" if latitude is not None else precision,
                    "claim_type": claim_type.claim_type,
                    "stance": claim_type.stance or self.spec.defaults.stance,
                    "subject_side": None,
                    "credibility": self.spec.defaults.credibility,
                    "status": self.spec.defaults.status,
                    "url": link.url or None,
                    "url_withheld": True if link.withheld else None,
                    "summary": summary,
                    "language": self.spec.defaults.language,
                    "notes": " ".join(claim_notes),
                    "origin_id": event_id,
                }
            )
            self.stats["claims"] += 1
            if link.withheld:
                self.stats["hidden links"] += 1

    def _date(self, event: Mapping[str, Any]) -> DateSpan:
        text = _scalar_text(event.get("date"))
        if not text:
            raise _Reject("no date: the event has no 'date'", "date")
        try:
            return parse_date(text, self.spec.date_order)
        except DateError as exc:
            raise _Reject(
                f"date not read: {exc} (the timemap export writes MM/DD/YYYY)",
                "date",
                text,
            ) from None

    def _coordinates(
        self, event: Mapping[str, Any]
    ) -> tuple[float | None, float | None]:
        lat_raw, lon_raw = event.get("latitude"), event.get("longitude")
        lat_text, lon_text = _scalar_text(lat_raw), _scalar_text(lon_raw)
        if not lat_text and not lon_text:
            return None, None
        if not lat_text or not lon_text:
            raise _Reject(
                "coordinates not usable: the event has only one of latitude and "
                "longitude",
                "latitude" if not lat_text else "longitude",
                lat_text or lon_text,
            )
        out = []
        for fld, raw, text, limit in (
            ("latitude", lat_raw, lat_text, 90.0),
            ("longitude", lon_raw, lon_text, 180.0),
        ):
            if isinstance(raw, bool):
                number = math.nan
            else:
                try:
                    number = float(text)
                except ValueError:
                    number = math.nan
            if not math.isfinite(number):
                raise _Reject(
                    f"coordinates not usable: {fld} is not a number (decimal degrees, "
                    "e.g. 50.6)",
                    fld,
                    text,
                )
            if not -limit <= number <= limit:
                raise _Reject(
                    f"coordinates not usable: {fld} is out of range (-{limit:g} to "
                    f"{limit:g})",
                    fld,
                    text,
                )
            out.append(number)
        return out[0], out[1]

    def _filters(
        self, event: Mapping[str, Any]
    ) -> tuple[list[tuple[str, str]], list[str]]:
        pairs: list[tuple[str, str]] = []
        notes: list[str] = []
        raw = event.get("filters")
        if isinstance(raw, list):
            for item in raw:
                if isinstance(item, dict) and ("key" in item or "value" in item):
                    pairs.append(
                        (_scalar_text(item.get("key")), _scalar_text(item.get("value")))
                    )
                elif isinstance(item, list | tuple) and len(item) >= 2:
                    pairs.append((_scalar_text(item[0]), _scalar_text(item[1])))
        elif raw is not None:
            notes.append(
                f"'filters' is not a list and was not read: {make_visible(str(raw))}."
            )
        narratives: list[str] = []
        for assoc in event.get("associations") or []:
            target = (
                self.shape.associations.get(str(assoc))
                if not isinstance(assoc, dict)
                else assoc
            )
            if not isinstance(target, dict):
                narratives.append(f"association {assoc}")
                continue
            paths = target.get("filter_paths") or []
            mode = str(target.get("mode", "FILTER")).upper()
            if mode == "FILTER" and len(paths) >= 2:
                pairs.append((_scalar_text(paths[0]), _scalar_text(paths[-1])))
            else:
                label = "/".join(_scalar_text(p) for p in paths) or _scalar_text(
                    target.get("id")
                )
                narratives.append(f"{mode.lower()} {label}")
        for narrative in event.get("narratives") or []:
            narratives.append(f"narrative {_scalar_text(narrative)}")
        if pairs:
            notes.append("Filters: " + "; ".join(f"{k}={v}" for k, v in pairs) + ".")
        if narratives:
            notes.append("Associations: " + "; ".join(narratives) + ".")
        return pairs, notes

    def _claim_type(self, filters: list[tuple[str, str]]) -> tuple[ClaimTypeValue, str]:
        found = [
            (pair, self.spec.filters[pair])
            for pair in filters
            if pair in self.spec.filters
        ]
        default = ClaimTypeValue(self.spec.defaults.claim_type or "strike")
        if not found:
            how = f"mapping {self.spec.path.name}" if self.spec.path else "importer"
            return default, (
                f"claim_type {default.claim_type} is the {how}'s default for timemap "
                "events (no filter maps to a claim type)."
            )
        (key, value), chosen = found[0]
        others = {t.claim_type for _, t in found[1:]} - {chosen.claim_type}
        note = f"claim_type {chosen.claim_type} from the filter {key}={value}."
        if others:
            note += (
                f" Other filters map to {', '.join(sorted(others))}; the first is used."
            )
        return chosen, note

    def _links(
        self, event: Mapping[str, Any], event_id: str
    ) -> tuple[list[_Link], list[_Reject]]:
        raw = event.get("sources")
        if raw is None:
            return [], []
        if not isinstance(raw, list):
            return [], [
                _Reject(
                    "source link not usable: 'sources' is not a list", "sources", raw
                )
            ]
        links: list[_Link] = []
        rejects: list[_Reject] = []
        for position, item in enumerate(raw, 1):
            where = f"sources[{position - 1}]"
            obj: dict[str, Any] | None
            if isinstance(item, dict):
                obj, link_id = item, _scalar_text(item.get("id"))
            elif isinstance(item, str | int) and not isinstance(item, bool):
                link_id = str(item)
                obj = self.shape.sources.get(link_id)
                if not isinstance(obj, dict):
                    rejects.append(
                        _Reject(
                            f"source link not usable: {link_id!r} is not listed in "
                            "the sources",
                            where,
                            link_id,
                        )
                    )
                    continue
            else:
                rejects.append(
                    _Reject(
                        "source link not usable: not an object or an id", where, item
                    )
                )
                continue
            paths = obj.get("paths")
            candidates = [obj.get("path")] if "path" in obj else []
            if isinstance(paths, list):
                candidates.extend(paths)
            texts = [_scalar_text(p) for p in candidates if _scalar_text(p)]
            extra = []
            if len(texts) > 1:
                extra.append(
                    "Further paths of this source: " + "; ".join(texts[1:]) + "."
                )
            kind = _scalar_text(obj.get("type"))
            if kind:
                extra.append(f"Source type in the export: {kind}.")
            description = _scalar_text(obj.get("description") or obj.get("title"))
            if not texts:
                rejects.append(
                    _Reject(f"source link not usable: {link_id!r} has no path", where)
                )
                continue
            path = texts[0]
            if path.upper() == "HIDDEN":
                links.append(_Link(position, link_id, "", True, description, extra))
            elif _URL.fullmatch(path):
                links.append(_Link(position, link_id, path, False, description, extra))
            else:
                rejects.append(
                    _Reject(
                        f"source link not usable: the path of {link_id!r} is neither "
                        "an http(s) address nor HIDDEN (a claim must cite a page)",
                        where,
                        path,
                    )
                )
        return links, rejects

    def _reject_link(self, line: int, event_id: str, reject: _Reject) -> None:
        self.reasons[reject.reason.split(":", 1)[0]] += 1
        self.stats["rejected links"] += 1
        self.context.reject(
            line,
            reject.reason,
            record_id=event_id,
            field=reject.field,
            value=make_visible(reject.value) or "",
            record="",
        )

    def _place(
        self, location: str, latitude: float | None, longitude: float | None
    ) -> tuple[list[str], list[str], str, list[str]]:
        if not location:
            self.stats["places empty"] += 1
            return [], [], "unknown", []
        cell = self.gazetteer.resolve_place_cell(location, country=self.spec.country)
        ids: list[str] = []
        codes: set[str] = set()
        notes: list[str] = []
        for match in cell.matches:
            if match.status == "matched" and match.place_id:
                place = self.gazetteer.place(match.place_id)
                if match.place_id not in ids:
                    ids.append(match.place_id)
                codes.add(
                    match.place_id
                    if place["place_type"] == "oblast"
                    else place["admin1"] or ""
                )
                if (
                    latitude is not None
                    and longitude is not None
                    and place["place_type"] == "settlement"
                    and place["latitude"] is not None
                ):
                    km = _km(latitude, longitude, place["latitude"], place["longitude"])
                    if km > _FAR_KM:
                        notes.append(
                            f"'{match.name}' resolves to {match.place_id}, {km:.0f} km "
                            "from the event's coordinates: check the location."
                        )
            elif match.status == "ambiguous":
                self.ambiguous[match.name] += 1
                notes.append(
                    f"Place '{match.name}' is ambiguous ("
                    + ", ".join(match.candidates)
                    + "): not resolved, never merged."
                )
            else:
                self.unresolved[match.name] += 1
                notes.append(f"Place '{match.name}' is not in the gazetteer.")
        codes.discard("")
        total = len(cell.matches)
        matched = sum(1 for m in cell.matches if m.status == "matched")
        self.stats[
            "places resolved"
            if total and matched == total
            else "places partly resolved"
            if matched
            else "places unresolved"
        ] += 1
        return ids, sorted(codes), cell.precision if ids else "unknown", notes

    def _source(self, link: _Link) -> str:
        row: dict[str, Any]
        if link.withheld:
            row = dict(_HIDDEN_SOURCE)
        else:
            derived = source_of_url(link.url)
            row = {
                **derived,
                "side": self.spec.defaults.side,
                "is_belligerent": self.spec.defaults.is_belligerent,
                "reliability": self.spec.defaults.reliability,
            }
            graded = self.spec.claimants.get(
                derived["name"]
            ) or self.spec.claimants.get(derived["source_id"])
            why = (
                "F: cannot be judged; the mapping does not grade it."
                if row["reliability"] == "F"
                else f"{row['reliability']}: the mapping's default."
            )
            if graded is not None:
                for key in (
                    "reliability",
                    "source_type",
                    "side",
                    "platform",
                    "url",
                    "language",
                ):
                    value = getattr(graded, key)
                    if value:
                        row[key] = value
                if graded.is_belligerent is not None:
                    row["is_belligerent"] = graded.is_belligerent
                if graded.display_name:
                    row["name"] = graded.display_name
                if graded.reliability:
                    why = (
                        f"{graded.reliability} as graded by the mapping: {graded.notes}"
                    )
                elif graded.notes:
                    why = f"{why} {graded.notes}"
            row["notes"] = (
                "Derived by the timemap importer from the address of the source link: "
                + (
                    "the account that posted the linked media."
                    if row["source_type"] == "social_media_account"
                    else "the website that carries it."
                )
                + f" Side {row['side']}: not stated by the export. Reliability {why}"
            )
        source_id = row["source_id"]
        if source_id not in self.sources:
            self.sources[source_id] = row
        self.source_links[source_id] += 1
        return source_id


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _incident_id(event_id: str) -> str:
    if _ID.fullmatch(event_id):
        return event_id
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]+", "-", event_id).strip("-_.:")
    return cleaned or "event"


# -- entry point ----------------------------------------------------------------


def read(path: Path, context: ImportContext, mapping: Path | None) -> None:
    """Import a timemap JSON export into ``context``.

    Parameters
    ----------
    path : pathlib.Path
        The JSON file (an export array or a bundle object).
    context : ImportContext
        Receives incidents, sources, claims, rejects and notes.
    mapping : pathlib.Path, optional
        A TOML file choosing claim types from filters, the default claim and
        event types, and grades (see ``docs/importing.md``).

    Raises
    ------
    ImportFailedError
        For a file that is not UTF-8 or not JSON (with line and column), or
        not a timemap's shape, or a wrong mapping.
    """
    spec = read_timemap_mapping(mapping)
    text, data = _load(path)
    shape = _shape(data, path)
    lines = _event_lines(text, shape.bundle)
    importer = _Importer(path, context, spec, shape)

    ids = [
        _scalar_text(e.get("id")) if isinstance(e, dict) else "" for e in shape.events
    ]
    records = [_record(e) for e in shape.events]
    contents: dict[str, set[str]] = {}
    for event_id, record in zip(ids, records, strict=True):
        if event_id:
            contents.setdefault(event_id, set()).add(record)
    first_line: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    kept_copies: Counter[str] = Counter()
    used: set[str] = set()
    for k, event in enumerate(shape.events):
        context.read_row()
        line = lines[k] if k < len(lines) else 0
        event_id, record = ids[k], records[k]
        try:
            if not event_id:
                raise _Reject("no id: the event has no 'id'", "id", "")
            if (event_id, record) in seen:
                raise _Reject(
                    f"duplicate event: an exact copy of event {event_id!r} on line "
                    f"{seen[(event_id, record)]}",
                    "id",
                    event_id,
                )
            seen[(event_id, record)] = line
            first_line.setdefault(event_id, line)
            kept_copies[event_id] += 1
            n = kept_copies[event_id]
            incident_id = _incident_id(event_id) + (f"-dup{n}" if n > 1 else "")
            while incident_id in used:
                incident_id += "-x"
            dup_note = ""
            if len(contents[event_id]) > 1:
                dup_note = (
                    f"The event id {event_id!r} is used by {len(contents[event_id])} "
                    f"events with different content in the export (the first on line "
                    f"{first_line[event_id]}); this one is kept as {incident_id}."
                )
                importer.stats["duplicate ids kept"] += 1
            importer.event(event, line, incident_id, dup_note)
            used.add(incident_id)
        except _Reject as reject:
            importer.reasons[reject.reason.split(":", 1)[0]] += 1
            context.reject(
                line,
                reject.reason,
                record_id=event_id,
                field=reject.field,
                value=make_visible(reject.value) or "",
                record=record,
            )
            continue
        context.keep_row()
    for row in importer.sources.values():
        context.add_source(row)
    context.notes.extend(_notes(importer, len(shape.events), shape.bundle))


def _notes(importer: _Importer, events: int, bundle: bool) -> list[str]:
    stats = importer.stats
    notes = [
        f"timemap {'bundle (events + sources objects)' if bundle else 'export array'}: "
        f"{events} event(s) -> {stats['incidents']} incident(s), {stats['claims']} "
        f"claim(s) from source links ({stats['hidden links']} HIDDEN, kept withheld)"
    ]
    if stats["events without incident"]:
        notes.append(
            f"{stats['events without incident']} event(s) kept as claims without an "
            "incident: their location does not resolve in the gazetteer"
        )
    if stats["duplicate ids kept"]:
        notes.append(
            f"{stats['duplicate ids kept']} event(s) share an id with different "
            "content: all kept, the later ones as <id>-dupN (see their notes)"
        )
    if stats["rejected links"]:
        notes.append(
            f"{stats['rejected links']} source link(s) rejected (listed in rejects.csv "
            "with their event's line and id); their events are kept"
        )
    if importer.reasons:
        notes.append(
            "rejects by reason: "
            + "; ".join(f"{r} {n}" for r, n in sorted(importer.reasons.items()))
        )
    located = [k for k in stats if k.startswith("places ")]
    total = sum(stats[k] for k in located)
    if total:
        notes.append(
            "locations: "
            + ", ".join(
                f"{stats[k]} {k.removeprefix('places ')} "
                f"({100 * stats[k] / total:.0f}%)"
                for k in sorted(located)
            )
        )
    if importer.unresolved:
        notes.append(
            "unresolved place name(s): "
            + "; ".join(
                f"'{n}' x{c}" for n, c in sorted(importer.unresolved.items())[:30]
            )
        )
    if importer.ambiguous:
        notes.append(
            "ambiguous place name(s), not merged: "
            + "; ".join(f"'{n}' x{c}" for n, c in sorted(importer.ambiguous.items()))
        )
    return notes
