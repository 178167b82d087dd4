"""Import ACLED CSV exports: one incident per event, one claim per cited source.

ACLED (the Armed Conflict Location & Event Data Project) codes each event from
one or more sources and publishes one row per event. The importer undoes the
collapse as far as the row allows: every source ACLED lists becomes its own
claim, so that the kit can weigh and compare them.

Columns
-------
Both column sets ACLED has used are read: the current one (``event_id_cnty,
event_date, year, time_precision, disorder_type, event_type, sub_event_type,
actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
civilian_targeting, iso, region, country, admin1, admin2, admin3, location,
latitude, longitude, geo_precision, source, source_scale, notes, fatalities,
tags, timestamp``) and the one before March 2023 (with ``data_id``,
``event_id_no_cnty`` and ``iso3``). Header names are matched case-insensitively
and extra columns (``actor_dyad``, ``id`` ...) are ignored.

The rules, row by row
---------------------
* **Incident**: one per event, ``incident_id`` = ``event_id_cnty`` (also kept
  as ``origin_id``). Its ``event_type`` comes from :data:`EVENT_TYPES`; the
  title and summary keep ACLED's ``event_type`` / ``sub_event_type``, and the
  summary quotes ACLED's ``notes``. The kit's model requires an incident to
  name an oblast, so an event whose ``admin1`` is not in the gazetteer (nor
  implied by its location) gets no incident: its claims are kept, with an
  empty ``incident_id``, and the import notes say how many.
* **Claims**: one per distinct name in ``source`` (``;``-separated). The
  source row's ``source_id`` is :func:`~osintkit.importers.tabular.slugify`
  of the name; it is graded F (ACLED does not grade its sources), of unknown
  side and not a belligerent, unless the name is a reference actor (the
  ``Ministry of Defence of Ukraine`` is ``ua-mod``). ``claim_id`` is
  ``<event_id_cnty>-<source_id>``.
* **Figures**: ACLED's ``fatalities`` is its most conservative estimate for
  the whole event, across all sides and sources. It is recorded on every claim
  of the event as quantity ``killed``, ``subject_side`` ``unknown`` (ACLED does
  not split it by side), ``value_low`` = fatalities with no best or high and
  ``value_rule`` ``at_least``, and ``value_text`` ``"at least N"``.
* **Links**: ACLED names its sources but publishes no links to them. The claim
  keeps an empty ``url`` with ``url_withheld`` true — the origin withholds the
  link; no URL is ever invented.
* **Documentation**: what holds for every row (the rules above) is written
  once, into the descriptions of the claims and incidents tables in the
  written ``datapackage.json`` (:data:`CLAIM_CONVENTIONS`,
  :data:`INCIDENT_CONVENTION`), not repeated on every row. A claim's
  ``notes`` keep what is its own: ACLED's ``source`` cell as written, ACLED's
  coded ``event_date`` where the range is wider than a day, and why a place
  name did not resolve.
* **Dates**: the file's date format is detected once, from the first
  non-empty ``event_date``, among ``dd/mm/YYYY``, ``dd/mm/YYYY HH:MM:SS``
  (ACLED's export tool), ``DD Month YYYY`` and ISO ``YYYY-MM-DD``
  (slash dates are day-first, as ACLED writes them); a mapping file can
  declare it instead (``date_format`` one of :data:`DECLARED_FORMATS`, such
  as ``"%d/%m/%Y"`` or ``"%m/%d/%Y"``). A date in another
  format, or not a real date, or in another year than ``year``, is a reject.
  ``time_precision`` 1 / 2 / 3 becomes ``date_precision`` day / week / month
  (kept in ``origin_time_precision``). ACLED's codebook: 1, the source gives
  the day; 2, it gives only the week (or weekend), and ACLED codes a day of
  that week, usually its middle; 3, it gives only the month, coded to a day
  in it. The claimed range must hold every day the event may have happened
  on: for a week, the coded day ± 6 days (the coded day may be any day of the
  week, so the week may start up to 6 days before it or end up to 6 days
  after it; ± 3 would hold only if it were always the exact middle); for a
  month, the calendar month.
* **Places**: ``geo_precision`` 1 / 2 / 3 (ACLED: the named town; a part of a
  region near the named town; a larger region coded to its capital or
  centre) becomes ``settlement`` / ``district`` / ``oblast`` (kept in
  ``origin_geo_precision``). ``admin1`` resolves to the oblast code
  (``Sumy`` → ``UA-59``) and ``location`` to a gazetteer place where the
  gazetteer has it, in that oblast (for precision 1 and 2 only to a
  settlement, never to the oblast that shares the town's name; a namesake in
  another oblast is not used); names are kept in ``place_raw`` and the point
  in ``latitude`` / ``longitude`` either way.
* **Rejects**: an empty, malformed or repeated ``event_id_cnty`` (the first
  row of an id is kept), a ``source`` naming nobody, codes outside 1-3, a
  ``fatalities`` that is not a whole number, coordinates out of range or
  half given, and the date and type problems above. Each goes to
  ``rejects.csv`` with its input line, the column, the value and the row.
* **Actors**: ``actor1``, ``assoc_actor_1``, ``actor2``, ``assoc_actor_2``
  are kept verbatim in ``origin_actors``; ``actor_ids`` lists the reference
  actors they resolve to (ACLED's period and country qualifiers such as
  ``(2000-)`` or ``(Ukraine)`` are tried without).
* **Claim types**: from ``sub_event_type`` by :data:`CLAIM_TYPES`. Events of
  kinds the kit does not model (protests, riots, arrests, agreements ...) are
  rejected with that reason; a mapping file's ``[claim_types]`` table can map
  them (``"Peaceful protest" = "participation"``) or change any entry.

Large files are handled column-wise: the only per-row Python loop is over
rejected rows; names are resolved once per distinct value.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit.actor_names import load_actor_resolver
from osintkit.errors import ImportFailedError
from osintkit.gazetteer import load_gazetteer
from osintkit.importers.base import ImportContext
from osintkit.importers.tabular import (
    ID_PATTERN,
    Export,
    arrow,
    count_rows,
    factorize_rows,
    format_dates,
    fullmatch,
    join_text,
    map_values,
    open_export,
    parse_date_parts,
    parse_numbers,
    read_mapping,
    reference_table,
    resolve_actor_names,
    resolve_countries,
    resolve_places,
    share_note,
    slugify,
    source_rows,
)

__all__ = [
    "CLAIM_CONVENTIONS",
    "CLAIM_TYPES",
    "DATE_FORMATS",
    "DECLARED_FORMATS",
    "EVENT_TYPES",
    "INCIDENT_CONVENTION",
    "WEEK_SPAN",
    "read",
]

logger = logging.getLogger(__name__)

FORMAT = "acled"

REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "fatalities",
)

#: ACLED ``sub_event_type`` (lower case) → the kit's ``claim_type``.
#: Sub-event types not listed are rejected (the kit models armed conflict,
#: not protests, riots or political developments).
CLAIM_TYPES: dict[str, str] = {
    # Battles
    "armed clash": "fighting_ongoing",
    "government regains territory": "territorial_control",
    "non-state actor overtakes territory": "territorial_control",
    # Explosions/Remote violence
    "shelling/artillery/missile attack": "shelling",
    "air/drone strike": "strike",
    "remote explosive/landmine/ied": "strike",
    "grenade": "strike",
    "suicide bomb": "strike",
    "chemical weapon": "strike",
    # Violence against civilians
    "attack": "strike",
    "abduction/forced disappearance": "prisoners_taken",
    # Strategic developments
    "disrupted weapons use": "air_defense_intercept",
    "non-violent transfer of territory": "territorial_control",
    "headquarters or base established": "participation",
}

#: ACLED ``sub_event_type`` (lower case) → the incident's ``event_type``;
#: anything else is ``other``. ACLED also files defused explosives under
#: "Disrupted weapons use"; in the war in Ukraine it is mostly air defence.
EVENT_TYPES: dict[str, str] = {
    "armed clash": "ground_fighting",
    "government regains territory": "ground_fighting",
    "non-state actor overtakes territory": "ground_fighting",
    "shelling/artillery/missile attack": "shelling",
    "disrupted weapons use": "air_defense",
}

#: The date formats an ACLED file may use: name → a pattern with the named
#: groups ``d``, ``m`` (or ``mon``, a month name) and ``y``.
DATE_FORMATS: dict[str, str] = {
    "dd/mm/YYYY HH:MM:SS": (
        r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}) \d{1,2}:\d{2}:\d{2}"
    ),
    "dd/mm/YYYY": r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})",
    "DD Month YYYY": r"(?P<d>\d{1,2}) (?P<mon>[A-Za-z]+) (?P<y>\d{4})",
    "YYYY-MM-DD": r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})",
}
#: ``date_format`` values a mapping file may declare, and the pattern of each.
DECLARED_FORMATS: dict[str, str] = {
    "%d/%m/%Y %H:%M:%S": DATE_FORMATS["dd/mm/YYYY HH:MM:SS"],
    "%d/%m/%Y": DATE_FORMATS["dd/mm/YYYY"],
    "%m/%d/%Y": r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})",
    "%d %B %Y": DATE_FORMATS["DD Month YYYY"],
    "%Y-%m-%d": DATE_FORMATS["YYYY-MM-DD"],
    "%d-%m-%Y": r"(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})",
    "%d.%m.%Y": r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})",
}

TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
#: Days either side of a week-precise ACLED date in the claimed range: the
#: coded day is a day of the week the source names, not always its middle.
WEEK_SPAN = 6
GEO_PRECISION = {"1": "settlement", "2": "district", "3": "oblast"}

SOURCE_NOTE = (
    "Named by ACLED as a source of its events. ACLED does not grade its sources "
    "or publish links to them, so the reliability cannot be judged here (F); "
    "grade it yourself. The fatality figure on its claims is ACLED's most "
    "conservative count for the whole event, not a figure this source is known "
    "to have given."
)

#: What holds for every claim of an ACLED import: said once, in the written
#: ``datapackage.json`` (the claims table's description), not on every row.
CLAIM_CONVENTIONS = (
    "One claim per distinct source ACLED lists for an event (its source cell, "
    "split on ';'); claim_id is <event_id_cnty>-<source_id> and origin_id "
    "ACLED's event_id_cnty.",
    "ACLED names its sources but publishes no links to them: url is empty and "
    "url_withheld is true; no URL is invented.",
    "The figure is ACLED's fatalities, its most conservative count for the "
    "whole event across all sides and sources, recorded on every claim of the "
    "event: quantity killed, subject_side unknown, value_low N with value_rule "
    "at_least and value_text 'at least N'. It is ACLED's count, not a figure "
    "the claim's source is known to have given.",
    "The summary is ACLED's sub_event_type at its location (and admin1), as "
    "ACLED codes the event; the dates, place and ids are in their columns.",
    "Dates: origin_time_precision is ACLED's time_precision. 1: the source "
    "gives the day, the range is that day. 2: the source gives only the week "
    "and ACLED codes a day of that week (not always its middle), so the range "
    f"is that day \u00b1 {WEEK_SPAN} days. 3: the source gives only the month, "
    "so the range is that calendar month. For 2 and 3 the notes give ACLED's "
    "coded event_date.",
    "Places: origin_geo_precision is ACLED's geo_precision (1 the named town: "
    "settlement; 2 near the town or part of a region: district; 3 a larger "
    "region coded to its centre: oblast); latitude and longitude are ACLED's "
    "point; place_raw is ACLED's location.",
    "The notes give ACLED's source cell as written ('Sources ACLED lists: "
    "...'), ACLED's event_date where the range is wider than a day, and why a "
    "place name did not resolve, where it did not.",
)
#: What holds for every incident of an ACLED import (see CLAIM_CONVENTIONS).
INCIDENT_CONVENTION = (
    "One incident per ACLED event whose admin1 is an oblast the gazetteer "
    "knows (incident_id and origin_id are ACLED's event_id_cnty); it groups "
    "the claims of that event, one per source ACLED lists. The title is "
    "ACLED's sub_event_type at its location, with the first day of the range. "
    "The summary gives ACLED's event_type / sub_event_type and fatalities (its "
    "conservative count), then, after 'ACLED: ', ACLED's notes verbatim."
)

# ACLED's qualifiers inside actor names: a government's period "(2000-)",
# "(2014-2019)" and a country "(Ukraine)".
_ACTOR_QUALIFIER = re.compile(r"\s*\((?:\d{4}-(?:\d{4})?|[A-Z][A-Za-z .'-]+)\)")


def read(path: Path, context: ImportContext, mapping: Path | None) -> None:
    """Read an ACLED CSV export into ``context``.

    Parameters
    ----------
    path : pathlib.Path
        The export.
    context : ImportContext
        Receives sources, incidents, claims and rejects.
    mapping : pathlib.Path, optional
        A TOML file with any of: ``encoding`` (default UTF-8, or the
        byte-order mark's), ``date_format`` (one of
        :data:`DECLARED_FORMATS`, instead of detecting it), ``[claim_types]``
        and ``[event_types]`` (ACLED ``sub_event_type`` → the kit's value,
        added to or replacing :data:`CLAIM_TYPES` / :data:`EVENT_TYPES`).
    """
    options = read_mapping(
        mapping,
        format=FORMAT,
        keys={"date_format": str, "claim_types": dict, "event_types": dict},
        vocabularies=[
            ("claim_types", "claims", "claim_type"),
            ("event_types", "incidents", "event_type"),
        ],
    )
    if "date_format" in options and options["date_format"] not in DECLARED_FORMATS:
        raise ImportFailedError(
            f"{mapping}: date_format {options['date_format']!r} is not one the ACLED "
            f"importer reads; use one of {', '.join(DECLARED_FORMATS)}"
        )
    export = open_export(
        path,
        context,
        format=FORMAT,
        encoding=options.get("encoding"),
        required=REQUIRED,
        hint="export ACLED data with all columns, as the ACLED export tool or "
        "API writes them",
    )
    # Places and actors are resolved (per distinct name, from the columns as
    # read) in a second thread while the rows are checked: the two share no
    # mutable data (the worker only reads the cells; the checks change
    # ``export.keep``), and Arrow's kernels release the GIL, so that they use
    # two cores. If the checks fail, their error is raised once the worker
    # has finished (a worker's own error is then not shown).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="acled-names") as pool:
        resolving = pool.submit(_resolve_names, export, context.reference_dir)
        events = _check_rows(export, context, options)
        sources = _split_sources(export, context, events)
        names = resolving.result()
    for column in names.columns:
        events[column] = names[column]
    # Rejected rows stay in ``events`` (dropping them would copy every
    # column); they are left out when the tables are built.
    keep = export.keep
    sources = sources[keep[sources["row"].to_numpy()]].reset_index(drop=True)
    _report_places(events, keep, context)
    _write(events, keep, sources, context)
    count_rows(context, kept=int(keep.sum()))


# -- checks -------------------------------------------------------------------


def _check_rows(export: Export, context: ImportContext, options: dict) -> pd.DataFrame:
    """Parse and check every column; reject bad rows; return the parsed values."""
    col = export.column
    eid = col("event_id_cnty")
    n = export.n_rows
    reject = export.reject

    reject(
        context,
        ~fullmatch(eid, ID_PATTERN),
        "event_id_cnty is empty or not a usable id (letters, digits and . _ : - "
        "only, starting with a letter or digit)",
        field="event_id_cnty",
        values=eid,
        record_ids=eid,
    )
    kept_ids = eid.where(export.keep)
    duplicated = (kept_ids.duplicated(keep="first") & kept_ids.notna()).to_numpy()
    if duplicated.any():
        first_row = pd.Series(np.arange(n)).groupby(kept_ids).min()

        def repeats(rows: np.ndarray) -> list[str]:
            firsts = first_row.reindex(eid.take(rows)).astype(int).tolist()
            return [
                f"event_id_cnty repeats the event on line {line}; ACLED ids are "
                "unique, so the export is damaged (the first row is kept)"
                for line in export.table.lines_of_rows(firsts)
            ]

        reject(
            context,
            duplicated,
            repeats,
            field="event_id_cnty",
            values=eid,
            record_ids=eid,
        )

    dates = _parse_dates(export, context, options, eid)

    tp = col("time_precision").str.strip()
    date_precision = map_values(tp, TIME_PRECISION)
    reject(
        context,
        date_precision.isna(),
        "time_precision is not one of ACLED's codes 1 (day), 2 (week), 3 (month)",
        field="time_precision",
        values=tp,
        record_ids=eid,
    )
    gp = col("geo_precision").str.strip()
    geo_precision = map_values(gp, GEO_PRECISION)
    reject(
        context,
        geo_precision.isna(),
        "geo_precision is not one of ACLED's codes 1 (town), 2 (near a town or "
        "part of a region), 3 (larger region)",
        field="geo_precision",
        values=gp,
        record_ids=eid,
    )
    fatalities = col("fatalities").str.strip()
    reject(
        context,
        ~fullmatch(fatalities, r"\d+"),
        "fatalities is not a whole number of at least 0",
        field="fatalities",
        values=fatalities,
        record_ids=eid,
    )
    coordinates = {}
    for name, limit in (("latitude", 90.0), ("longitude", 180.0)):
        text = col(name).str.strip()
        number = parse_numbers(text)
        bad = (text != "").to_numpy() & ~(np.abs(number) <= limit)
        reject(
            context,
            bad,
            f"{name} is not a number between -{limit:g} and {limit:g}",
            field=name,
            values=text,
            record_ids=eid,
        )
        coordinates[name] = text
    half = (coordinates["latitude"] == "") != (coordinates["longitude"] == "")
    reject(
        context,
        half,
        "latitude and longitude go together, but one of them is empty",
        field="latitude",
        values=coordinates["latitude"],
        record_ids=eid,
    )

    claim_types = {**CLAIM_TYPES, **_lower_keys(options.get("claim_types", {}))}
    event_types = {**EVENT_TYPES, **_lower_keys(options.get("event_types", {}))}
    sub = col("sub_event_type")
    sub_key = pd.Series(
        pd.array(pc.utf8_lower(pc.utf8_trim_whitespace(arrow(sub))), dtype="str")
    )
    claim_type = map_values(sub_key, claim_types)
    unmodelled = claim_type.isna() | (claim_type == "")
    acled_type = col("event_type")
    reject(
        context,
        unmodelled,
        lambda rows: [
            f"ACLED {e} / {t} has no claim type in the kit's model (it records "
            "armed conflict); to import such events, map the sub_event_type under "
            "[claim_types] in a mapping file"
            for e, t in zip(
                acled_type.take(rows).tolist(), sub.take(rows).tolist(), strict=True
            )
        ],
        field="sub_event_type",
        values=sub,
        record_ids=eid,
    )
    return pd.DataFrame(
        {
            "eid": eid,
            "date": dates,
            "date_precision": date_precision,
            "time_precision": tp,
            "geo_precision": geo_precision,
            "geo_code": gp,
            "fatalities": fatalities,
            "latitude": coordinates["latitude"],
            "longitude": coordinates["longitude"],
            "claim_type": claim_type,
            "event_type": map_values(sub_key, event_types).fillna("other"),
            "acled_event_type": acled_type,
            "sub_event_type": sub,
            "notes": col("notes"),
            "source": col("source"),
        }
    )


def _lower_keys(table: dict[str, str]) -> dict[str, str]:
    return {key.strip().lower(): value for key, value in table.items()}


def _parse_dates(
    export: Export, context: ImportContext, options: dict, eid: pd.Series
) -> np.ndarray:
    """Detect the file's date format once, then parse every date with it."""
    text = export.column("event_date").str.strip()
    declared = options.get("date_format")
    if declared:
        name, pattern = declared, DECLARED_FORMATS[declared]
        origin = "declared in the mapping file"
    else:
        name, pattern, origin = _detect_date_format(export, text)
    export.reject(
        context,
        ~fullmatch(text, pattern),
        f"event_date is not in the file's date format {name} ({origin})",
        field="event_date",
        values=text,
        record_ids=eid,
    )
    dates = parse_date_parts(text, pattern)
    export.reject(
        context,
        np.isnat(dates),
        f"event_date is not a real date (format {name})",
        field="event_date",
        values=text,
        record_ids=eid,
    )
    if export.has("year"):
        year_text = export.column("year").str.strip()
        year = parse_numbers(year_text)
        in_year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        export.reject(
            context,
            ~np.isnat(dates) & (in_year != year),
            lambda rows: [
                f"event_date {d} is not in the year the row gives ({y})"
                for d, y in zip(
                    text.take(rows).tolist(),
                    year_text.take(rows).tolist(),
                    strict=True,
                )
            ],
            field="event_date",
            values=text,
            record_ids=eid,
        )
    return dates


def _detect_date_format(export: Export, text: pd.Series) -> tuple[str, str, str]:
    candidates = np.flatnonzero(export.keep & (text != "").to_numpy())
    for row in candidates[:1000]:
        value = text.iloc[row]
        for name, pattern in DATE_FORMATS.items():
            if re.fullmatch(pattern, value):
                line = export.table.line_of_row(int(row))
                return name, pattern, f"detected from line {line}"
    shown = text.iloc[candidates[0]] if len(candidates) else ""
    raise ImportFailedError(
        f"{export.path}: event_date {shown!r} is in none of the ACLED date formats "
        f"({', '.join(DATE_FORMATS)}); declare the format in a mapping file, e.g. "
        'date_format = "%d/%m/%Y"'
    )


def _split_sources(
    export: Export, context: ImportContext, events: pd.DataFrame
) -> pd.DataFrame:
    """One row per (event row, distinct source), with the source's id."""
    lists = pc.split_pattern(arrow(events["source"]), ";")
    names = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    frame = pd.DataFrame(
        {
            "row": np.asarray(pc.list_parent_indices(lists)),
            "name": pd.array(names, dtype="str"),
        }
    )
    frame = frame[(frame["name"] != "").to_numpy()]
    codes, distinct = pd.factorize(frame["name"])
    ids = np.array([slugify(str(name)) for name in distinct], dtype=object)
    frame["source_id"] = pd.array(ids[codes], dtype="str")
    frame = frame.drop_duplicates(["row", "source_id"]).reset_index(drop=True)
    named = np.zeros(export.n_rows, dtype=bool)
    named[frame["row"].to_numpy()] = True
    export.reject(
        context,
        ~named,
        "source names no source; a claim needs a source",
        field="source",
        values=events["source"],
        record_ids=events["eid"],
    )
    return frame


# -- resolution ---------------------------------------------------------------


def _resolve_names(export: Export, reference_dir: Path) -> pd.DataFrame:
    """Resolve every row's places and actors (runs beside the row checks).

    Returns the columns the output needs: ``country`` and ``admin1``
    (stripped) and ``location`` as read, the resolved ``country_code``,
    ``place_ids`` and ``admin1_codes``, ``place_notes`` and the two
    resolution statuses, and ``origin_actors`` / ``actor_ids`` (see
    :func:`_resolve_actors`).
    """
    col = export.column
    names = pd.DataFrame(
        {
            "country": col("country").str.strip(),
            "admin1": col("admin1").str.strip(),
            "location": col("location"),
        }
    )
    gazetteer = load_gazetteer(reference_dir)
    names["country_code"] = resolve_countries(gazetteer, names["country"])
    admin1 = resolve_places(
        gazetteer,
        names["admin1"],
        country=names["country_code"],
        place_type="oblast",
        what="admin1",
    )
    # A town (precision 1 or 2) must resolve to a settlement, not to the
    # oblast that shares its name; a region (3) may resolve to any place.
    kind = map_values(
        col("geo_precision").str.strip(), {"1": "settlement", "2": "settlement"}
    )
    location = resolve_places(
        gazetteer,
        names["location"],
        admin1=admin1["place_ids"],
        country=names["country_code"],
        place_type=kind.fillna(""),
        what="location",
    )
    names["place_ids"] = location["place_ids"]
    names["admin1_codes"] = admin1["place_ids"].where(
        admin1["place_ids"] != "", location["admin1"]
    )
    notes = join_text(admin1["note"], "; ", location["note"])
    names["place_notes"] = notes.str.strip("; ")
    names["location_status"] = location["status"]
    names["admin1_status"] = admin1["status"]
    names["origin_actors"], names["actor_ids"] = _resolve_actors(
        [col(part) for part in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")],
        reference_dir,
    )
    return names


def _report_places(
    events: pd.DataFrame, keep: np.ndarray, context: ImportContext
) -> None:
    """Note the shares of kept rows whose location and admin1 resolved."""
    context.notes.append(
        share_note(
            "ACLED location", events["location"][keep], events["location_status"][keep]
        )
    )
    context.notes.append(
        share_note(
            "ACLED admin1", events["admin1"][keep], events["admin1_status"][keep]
        )
    )


def _actor_variants(name: str) -> list[str]:
    stripped = _ACTOR_QUALIFIER.sub("", name).strip()
    return [stripped] if stripped and stripped != name else []


def _resolve_actors(
    parts: list[pd.Series], reference_dir: Path
) -> tuple[pd.Series, pd.Series]:
    """Per row, the actor names as listed (verbatim) and the reference actors.

    ``parts`` are ACLED's ``actor1``, ``assoc_actor_1``, ``actor2`` and
    ``assoc_actor_2``; returns ``origin_actors`` (every name, ``;``-joined)
    and ``actor_ids`` (the reference actors they resolve to).
    """
    codes, combos = factorize_rows(*parts)
    names = sorted(
        {n.strip() for combo in combos for cell in combo for n in cell.split(";")}
        - {""}
    )
    resolver = load_actor_resolver(reference_dir)
    known = resolve_actor_names(resolver, names, variants=_actor_variants)
    origin, ids = [], []
    for combo in combos:
        listed = [n.strip() for cell in combo for n in cell.split(";") if n.strip()]
        origin.append(";".join(listed))
        ids.append(";".join(dict.fromkeys(known[n] for n in listed if n in known)))
    logger.info(
        "ACLED actors: %d of %d distinct names resolved", len(known), len(names)
    )
    index = parts[0].index
    return (
        pd.Series(
            pd.array(np.array(origin, dtype=object)[codes], dtype="str"), index=index
        ),
        pd.Series(
            pd.array(np.array(ids, dtype=object)[codes], dtype="str"), index=index
        ),
    )


# -- output -------------------------------------------------------------------


def _write(
    events: pd.DataFrame,
    keep: np.ndarray,
    sources: pd.DataFrame,
    context: ImportContext,
) -> None:
    """Add the incidents, claims and sources of the kept rows to ``context``."""
    date = events["date"].to_numpy(dtype="datetime64[D]")
    precision = events["date_precision"]
    week = (precision == "week").to_numpy()
    month = (precision == "month").to_numpy()
    # A week-precise date is a day of that week, not always its middle.
    start = np.where(week, date - WEEK_SPAN, date)
    end = np.where(week, date + WEEK_SPAN, date)
    if month.any():  # calendar months, for the month-precise rows only
        months = date[month].astype("datetime64[M]")
        start[month] = months.astype("datetime64[D]")
        end[month] = (months + 1).astype("datetime64[D]") - 1
    events["start"] = format_dates(start)
    events["end"] = format_dates(end)
    location = events["location"].where(events["location"] != "", "an unnamed place")
    oblast = join_text(" (", events["admin1"], ")").where(events["admin1"] != "", "")
    events["what"] = join_text(events["sub_event_type"], " at ", location, oblast)
    has_oblast = (events["admin1_codes"] != "").to_numpy()
    events["incident_id"] = events["eid"].where(has_oblast, "")
    _write_incidents(events, has_oblast, keep, context)
    _write_claims(events, week | month, sources, context)

    # Sources: one per source_id (the first spelling in sorted order names it).
    distinct = (
        sources[["source_id", "name"]]
        .drop_duplicates()
        .sort_values(["source_id", "name"], kind="stable")
        .drop_duplicates("source_id")
    )
    frame = source_rows(
        pd.Series(distinct["name"].to_numpy(), index=distinct["source_id"].to_numpy()),
        note=SOURCE_NOTE,
        actors=reference_table(context.reference_dir, "actors"),
        resolver=load_actor_resolver(context.reference_dir),
    )
    context.add_frame("sources", frame)


def _claim_notes(events: pd.DataFrame, wide: np.ndarray) -> pd.Series:
    """Per event: what its claims' notes hold (the rest is in the descriptor).

    ACLED's ``source`` cell as written, ACLED's own ``event_date`` where the
    claimed range is wider than that day, and why a place did not resolve
    (the last two built only for the rows that have them).
    """
    coded = _text_where(
        wide,
        lambda rows: join_text(
            " ACLED's event_date: ",
            format_dates(events["date"].to_numpy()[rows]),
            " (time_precision ",
            events["time_precision"].take(rows),
            ").",
        ),
    )
    notes = events["place_notes"]
    place = _text_where(
        (notes != "").to_numpy(),
        lambda rows: join_text(" ", notes.take(rows), "."),
    )
    return join_text(
        "Sources ACLED lists: ", events["source"], ".", coded, place, index=notes.index
    )


def _text_where(mask: np.ndarray, make: Callable[[np.ndarray], pd.Series]) -> pd.Series:
    """Text for the rows in ``mask`` (made for those rows only), ``""`` elsewhere.

    Examples
    --------
    >>> _text_where(np.array([False, True]), lambda rows: pd.Series(["b"])).tolist()
    ['', 'b']
    """
    blank = pc.fill_null(pa.nulls(len(mask), pa.large_string()), "")
    if mask.any():
        made = arrow(make(np.flatnonzero(mask)))
        blank = pc.replace_with_mask(blank, pa.array(mask), made)
    return pd.Series(pd.array(blank, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


def _write_claims(
    events: pd.DataFrame,
    wide: np.ndarray,
    sources: pd.DataFrame,
    context: ImportContext,
) -> None:
    """One claim per (event, source); most columns are the event's."""
    for text in CLAIM_CONVENTIONS:
        context.document("claims", text)
    idx = sources["row"].to_numpy()
    events["claim_note"] = _claim_notes(events, wide)
    events["value_text"] = join_text("at least ", events["fatalities"])
    columns = {
        "incident_id": "incident_id",
        "event_date_start": "start",
        "event_date_end": "end",
        "date_precision": "date_precision",
        "place_raw": "location",
        "place_ids": "place_ids",
        "admin1_codes": "admin1_codes",
        "latitude": "latitude",
        "longitude": "longitude",
        "geo_precision": "geo_precision",
        "actor_ids": "actor_ids",
        "claim_type": "claim_type",
        "value_text": "value_text",
        "value_low": "fatalities",
        "summary": "what",
        "notes": "claim_note",
        "origin_id": "eid",
        "origin_time_precision": "time_precision",
        "origin_geo_precision": "geo_code",
        "origin_actors": "origin_actors",
    }
    # The event's cells are given once per event (``rows`` picks the event of
    # each claim), so that they are converted and quoted once, not per claim.
    shared = pd.DataFrame({kit: events[name] for kit, name in columns.items()})
    shared = shared.assign(
        stance="asserts",
        quantity="killed",
        subject_side="unknown",
        value_rule="at_least",
        credibility="6",
        status="claimed",
        url_withheld="true",
    )
    own = pd.DataFrame(
        {
            "claim_id": join_text(
                events["eid"].take(idx), "-", sources["source_id"], index=sources.index
            ),
            "source_id": sources["source_id"],
        }
    )
    context.add_frame("claims", shared, rows=idx, own=own)


def _write_incidents(
    events: pd.DataFrame,
    has_oblast: np.ndarray,
    keep: np.ndarray,
    context: ImportContext,
) -> None:
    """One incident per event that names an oblast (the model requires one)."""
    context.document("incidents", INCIDENT_CONVENTION)
    # The cells are made for every event and the incidents added as positions
    # into them: no copy of the event columns filtered to the incidents.
    rows = np.flatnonzero(has_oblast & keep)
    context.add_frame(
        "incidents",
        pd.DataFrame(
            {
                "title": join_text(events["what"], ", ", events["start"]),
                "date_start": events["start"],
                "date_end": events["end"],
                "date_precision": events["date_precision"],
                "place_ids": events["place_ids"].where(
                    events["place_ids"] != "", events["admin1_codes"]
                ),
                "admin1_codes": events["admin1_codes"],
                "event_type": events["event_type"],
                "summary": join_text(
                    events["acled_event_type"],
                    " / ",
                    events["sub_event_type"],
                    ", ",
                    events["fatalities"],
                    " fatalities. ACLED: ",
                    events["notes"].where(events["notes"] != "", "(no description)"),
                ),
                "origin_format": FORMAT,
                "origin_id": events["eid"],
                "incident_id": events["eid"],
            }
        ),
        rows=rows,
        own=pd.DataFrame(index=pd.RangeIndex(len(rows))),  # nothing of its own
    )
    missing = int((~has_oblast & keep).sum())
    if missing:
        context.notes.append(
            f"{missing:,} ACLED events name no oblast the gazetteer "
            "knows, so they have no incident (the model needs an oblast); their "
            "claims are kept with an empty incident_id"
        )
