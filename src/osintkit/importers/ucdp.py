"""Import UCDP GED / Candidate CSV exports: the cited articles and UCDP's figures.

The UCDP Georeferenced Event Dataset (Sundberg & Melander 2013; Davies,
Pettersson & Öberg 2023; CC BY 4.0) publishes one row per event with the
articles it was coded from and UCDP's own low / best / high death estimates.
The importer keeps both apart, because they are different kinds of statement:

* **one claim per cited article** (``source_article`` packs several
  ``"outlet,date,headline"`` items joined by ``;``): the outlet is the source,
  the article's date the ``reported_date``, the headline goes to the notes.
  These claims carry no figure (the row does not say what each article said);
  they are ``claimed``. ``claim_id`` ``UCDP-<id>-a<n>``.
* **UCDP's own figures**, source ``ucdp-ged``, status ``assessed`` (an
  independent analyst's judgement): one claim for the total (``value_low`` /
  ``value_best`` / ``value_high`` = ``low`` / ``best`` / ``high``, quantity
  ``killed``, no ``subject_side`` because it counts every side; ``claim_id``
  ``UCDP-<id>-total``) and one for each of ``deaths_a``, ``deaths_b``,
  ``deaths_civilians`` and ``deaths_unknown`` (``value_best``, with
  ``subject_side`` from :data:`SIDES` for side A and side B, ``civilian`` and
  ``unknown``; ``UCDP-<id>-deaths-a`` ...). A row whose ``best`` lies outside
  ``[low, high]`` is rejected with that reason (RELIABILITY.md lists it as a
  fault to report, not to repair).
* one **incident** per event, ``UCDP-<id>`` (``origin_id`` keeps ``id``); its
  summary quotes ``where_description`` and ``source_original`` (UCDP's
  account of who originally said it). Like every import, an event whose
  oblast the gazetteer does not know gets no incident (the model requires one);
  its claims are kept.

UCDP publishes neither links to the articles nor a page per event: ``url`` is
empty with ``url_withheld`` true and a note, never invented. ``side_a`` and
``side_b`` are kept verbatim in ``origin_actors``; ``actor_ids`` lists the
reference actors they resolve to, if any.

Encoding and dates
------------------
The file is read as UTF-8 unless a byte-order mark or the mapping file says
otherwise (``encoding = "cp1252"`` for the exports UCDP's tools write on
Windows); undecodable bytes stop the import with their line and column.
``date_start`` / ``date_end`` come as ``1/22/2014 12:00:00 AM``,
``05/02/2014 00:00`` or ISO ``2014-01-22[ 00:00:00.000]``: the slash forms are
month-first (US) in UCDP's exports — checked on the real Ukraine export, where
the reading agrees with ``year`` and with the ISO dates of the cited articles
on 9 of 10 rows, and day-first would give months above 12. A mapping file can
declare ``date_order = "dmy"``. A date that does not parse, a ``date_start`` or
``date_end`` in another year than ``year``, or an end before the start is a
reject.

Precision
---------
``date_prec`` (kept in ``origin_time_precision``): 1 exact day → ``day``;
2 a span of two to six days and 3 a known week → ``week``; 4 a known month →
``month``; 5 a known year → ``year``. ``where_prec`` (kept in
``origin_geo_precision``): 1 the exact place → ``settlement``; 2 within about
25 km of a place and 3 a second-order division → ``district``; 4 a
first-order division → ``oblast``; 5 a part of a country larger than one
oblast (or a point between places) and 6 the whole country → ``country``;
7 sea or international airspace → ``unknown``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit.actor_names import load_actor_resolver
from osintkit.gazetteer import load_gazetteer
from osintkit.importers.base import ImportContext
from osintkit.importers.tabular import (
    ID_PATTERN,
    Export,
    count_rows,
    dates_from_parts,
    format_dates,
    map_values,
    open_export,
    read_mapping,
    reference_table,
    resolve_actor_names,
    resolve_countries,
    resolve_places,
    share_note,
    slugify,
    source_rows,
)

__all__ = ["DATE_PRECISION", "GEO_PRECISION", "SIDES", "read"]

logger = logging.getLogger(__name__)

FORMAT = "ucdp-ged"

REQUIRED = (
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)

#: UCDP ``date_prec`` → the kit's ``date_precision``.
DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}

#: UCDP ``where_prec`` → the kit's ``geo_precision``.
GEO_PRECISION = {
    "1": "settlement",
    "2": "district",
    "3": "district",
    "4": "oblast",
    "5": "country",
    "6": "country",
    "7": "unknown",
}

#: UCDP conflict sides (lower case) → the kit's ``side``; others are
#: ``unknown``. A mapping file's ``[sides]`` table adds to or replaces these.
SIDES: dict[str, str] = {
    "government of ukraine": "ukraine",
    "government of russia (soviet union)": "russia",
    "government of russia": "russia",
    "dpr": "pro_russia",
    "lpr": "pro_russia",
    "united armed forces of novorossiya": "pro_russia",
    "supporters of independence for eastern ukraine": "pro_russia",
    "supporters of ukrainian unity": "pro_ukraine",
}

#: UCDP ``type_of_violence`` → the claim type of its claims.
CLAIM_TYPES = {
    "1": "fighting_ongoing",
    "2": "fighting_ongoing",
    "3": "civilian_casualties",
}
VIOLENCE = {
    "1": "state-based conflict",
    "2": "non-state conflict",
    "3": "one-sided violence",
}

UCDP_SOURCE_ID = "ucdp-ged"
UCDP_NOTE = (
    "The Uppsala Conflict Data Program's Georeferenced Event Dataset (CC BY 4.0; "
    "cite Sundberg & Melander 2013, JPR 50(4), and Davies, Pettersson & Öberg "
    "2023, JPR). Its figures are its coders' assessment of the sources it cites. "
    "Not graded by the importer (F): grade it yourself."
)
OUTLET_NOTE = (
    "Cited by UCDP GED as a source of its events. UCDP names the outlet, date and "
    "headline of each article but neither grades its sources nor links to them, "
    "so the reliability cannot be judged here (F); grade it yourself."
)
NO_LINK = (
    "UCDP publishes no links to the articles it cites (nor a page per event), so "
    "url is empty and url_withheld is true."
)

# Dates: month/day/year with an optional time (12- or 24-hour), or ISO.
_SLASH_DATE = (
    r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"
    r"(?: \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp][Mm])?)?"
)
_ISO_DATE = (
    r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DATE = f"^(?:{_SLASH_DATE}|{_ISO_DATE})$"
_ARTICLE = r"(?s)^(?P<outlet>.*?),(?P<date>\d{4}-\d{2}-\d{2}),(?P<headline>.*)$"
_FIGURES = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


def read(path: Path, context: ImportContext, mapping: Path | None) -> None:
    """Read a UCDP GED (or GED Candidate) CSV export into ``context``.

    Parameters
    ----------
    path : pathlib.Path
        The export.
    context : ImportContext
        Receives sources, incidents, claims and rejects.
    mapping : pathlib.Path, optional
        A TOML file with any of: ``encoding`` (e.g. ``"cp1252"``; default
        UTF-8 or the byte-order mark's), ``date_order`` (``"mdy"``, the
        default, or ``"dmy"``) for the slash dates, and ``[sides]`` (UCDP side
        name → the kit's side).
    """
    options = read_mapping(
        mapping,
        format=FORMAT,
        keys={"date_order": str, "sides": dict},
        vocabularies=[("sides", "claims", "subject_side")],
    )
    order = options.get("date_order", "mdy").lower()
    if order not in {"mdy", "dmy"}:
        from osintkit.errors import ImportFailedError

        raise ImportFailedError(
            f'{mapping}: date_order must be "mdy" or "dmy", not {order!r}'
        )
    export = open_export(
        path,
        context,
        format=FORMAT,
        encoding=options.get("encoding"),
        required=REQUIRED,
        hint="a UCDP GED or GED Candidate CSV",
    )
    events = _check_rows(export, context, order)
    rows = np.flatnonzero(export.keep)
    events = events.iloc[rows].reset_index(drop=True)
    sides = {
        **SIDES,
        **{k.strip().lower(): v for k, v in options.get("sides", {}).items()},
    }
    _add_places(events, context)
    _write(events, context, sides)
    count_rows(context, kept=len(events))


def _check_rows(export: Export, context: ImportContext, order: str) -> pd.DataFrame:
    col = export.column
    uid = col("id").str.strip()
    reject = export.reject
    reject(
        context,
        ~uid.str.fullmatch(ID_PATTERN),
        "id is empty or not a usable id",
        field="id",
        values=uid,
        record_ids=uid,
    )
    kept = uid.where(export.keep)
    reject(
        context,
        kept.duplicated(keep="first") & kept.notna(),
        "id repeats an earlier event of the file (the first is kept)",
        field="id",
        values=uid,
        record_ids=uid,
    )
    year = pd.to_numeric(col("year").str.strip(), errors="coerce")
    reject(
        context,
        year.isna(),
        "year is not a number",
        field="year",
        values=col("year"),
        record_ids=uid,
    )
    dates = {}
    for name in ("date_start", "date_end"):
        text = col(name).str.strip()
        parsed = _parse_dates(text, order)
        reject(
            context,
            np.isnat(parsed),
            f"{name} is not a date UCDP writes (M/D/YYYY [time], or YYYY-MM-DD); "
            + ("month-first" if order == "mdy" else "day-first")
            + " is declared",
            field=name,
            values=text,
            record_ids=uid,
        )
        in_year = parsed.astype("datetime64[Y]").astype(np.int64) + 1970
        reject(
            context,
            ~np.isnat(parsed) & (in_year != year.to_numpy()),
            f"{name} " + text + " contradicts year " + col("year").str.strip(),
            field=name,
            values=text,
            record_ids=uid,
        )
        dates[name] = parsed
    reject(
        context,
        ~np.isnat(dates["date_end"]) & (dates["date_end"] < dates["date_start"]),
        "date_end comes before date_start",
        field="date_end",
        values=col("date_start") + " / " + col("date_end"),
        record_ids=uid,
    )
    date_prec = col("date_prec").str.strip()
    reject(
        context,
        ~date_prec.isin(list(DATE_PRECISION)),
        "date_prec is not one of UCDP's codes 1-5",
        field="date_prec",
        values=date_prec,
        record_ids=uid,
    )
    where_prec = col("where_prec").str.strip()
    reject(
        context,
        ~where_prec.isin(list(GEO_PRECISION)),
        "where_prec is not one of UCDP's codes 1-7",
        field="where_prec",
        values=where_prec,
        record_ids=uid,
    )
    violence = col("type_of_violence").str.strip()
    reject(
        context,
        ~violence.isin(list(CLAIM_TYPES)),
        "type_of_violence is not one of UCDP's codes 1-3",
        field="type_of_violence",
        values=violence,
        record_ids=uid,
    )
    figures = {}
    for name in ("low", "best", "high", *_FIGURES):
        text = col(name).str.strip()
        reject(
            context,
            ~text.str.fullmatch(r"\d+"),
            f"{name} is not a whole number of at least 0",
            field=name,
            values=text,
            record_ids=uid,
        )
        figures[name] = text
    low, best, high = (
        pd.to_numeric(figures[n], errors="coerce") for n in ("low", "best", "high")
    )
    reject(
        context,
        ~((low <= best) & (best <= high)),
        "best "
        + figures["best"]
        + " is outside [low, high] = ["
        + figures["low"]
        + ", "
        + figures["high"]
        + "]: UCDP's best estimate must lie between its "
        "low and high estimates, so the row is inconsistent (report it to UCDP)",
        field="best",
        values=figures["best"],
        record_ids=uid,
    )
    coordinates = dict(
        zip(
            ("latitude", "longitude"),
            export.coordinates(context, "latitude", "longitude", record_ids=uid),
            strict=True,
        )
    )
    return pd.DataFrame(
        {
            "uid": uid,
            "start": format_dates(dates["date_start"]),
            "end": format_dates(dates["date_end"]),
            "date_prec": date_prec,
            "where_prec": where_prec,
            "violence": violence,
            **figures,
            **coordinates,
            "side_a": col("side_a").str.strip(),
            "side_b": col("side_b").str.strip(),
            "dyad_name": col("dyad_name"),
            "conflict_name": col("conflict_name"),
            "source_article": col("source_article"),
            "source_original": col("source_original"),
            "where_coordinates": col("where_coordinates"),
            "where_description": col("where_description"),
            "adm_1": col("adm_1").str.strip(),
            "country": col("country").str.strip(),
        }
    )


def _parse_dates(text: pd.Series, order: str) -> np.ndarray:
    """Parse UCDP's date forms column-wise; NaT where a cell does not fit.

    Returns
    -------
    numpy.ndarray of datetime64[D]
    """
    parts = text.str.extract(_DATE)
    first, second = ("a", "b") if order == "mdy" else ("b", "a")
    month = parts[first].fillna(parts["im"])
    day = parts[second].fillna(parts["id"])
    year = parts["y"].fillna(parts["iy"])
    return dates_from_parts(
        pd.to_numeric(year, errors="coerce").to_numpy(dtype=float),
        pd.to_numeric(month, errors="coerce").to_numpy(dtype=float),
        pd.to_numeric(day, errors="coerce").to_numpy(dtype=float),
    )


def _add_places(events: pd.DataFrame, context: ImportContext) -> None:
    gazetteer = load_gazetteer(context.reference_dir)
    events["country_code"] = resolve_countries(gazetteer, events["country"])
    admin1 = resolve_places(
        gazetteer,
        events["adm_1"],
        country=events["country_code"],
        place_type="oblast",
        what="adm_1",
    )
    kind = events["where_prec"].map({"1": "settlement", "2": "settlement"})
    place = resolve_places(
        gazetteer,
        events["where_coordinates"],
        admin1=admin1["place_ids"],
        country=events["country_code"],
        place_type=kind.fillna("").astype("str"),
        what="where_coordinates",
    )
    events["place_ids"] = place["place_ids"]
    events["admin1_codes"] = admin1["place_ids"].where(
        admin1["place_ids"] != "", place["admin1"]
    )
    events["place_notes"] = (admin1["note"] + "; " + place["note"]).str.strip("; ")
    context.notes.append(
        share_note(
            "UCDP where_coordinates", events["where_coordinates"], place["status"]
        )
    )
    context.notes.append(share_note("UCDP adm_1", events["adm_1"], admin1["status"]))


def _split_articles(events: pd.DataFrame) -> pd.DataFrame:
    """One row per cited article: event position, number, outlet, date, headline.

    ``source_article`` is ``"outlet,date,headline";"outlet,date,headline"``;
    headlines may hold commas and unescaped quotes, so items are split on
    ``";"`` only and each item at its first ``,YYYY-MM-DD,``.
    """
    text = events["source_article"].str.strip()
    quoted = text.str.startswith('"') & text.str.endswith('"') & (text.str.len() > 1)
    inner = text.where(~quoted, text.str.slice(1, -1))
    lists = pc.split_pattern(pa.array(inner.array), '";"')
    items = pd.Series(pc.list_flatten(lists).to_pandas(), dtype="str")
    frame = pd.DataFrame({"event": pc.list_parent_indices(lists).to_numpy()})
    frame["item"] = items
    frame = frame[frame["item"].str.strip() != ""].reset_index(drop=True)
    frame["n"] = frame.groupby("event").cumcount() + 1
    parts = frame["item"].str.extract(_ARTICLE)
    unparsed = parts["outlet"].isna()
    outlet = parts["outlet"].fillna(frame["item"].str.split(",").str[0]).str.strip()
    frame["outlet"] = outlet.astype("str")
    reported = pd.to_datetime(parts["date"], format="%Y-%m-%d", errors="coerce")
    frame["reported"] = format_dates(reported)
    frame["headline"] = parts["headline"].fillna("").str.strip().astype("str")
    frame["unparsed"] = unparsed | reported.isna()
    frame = frame[frame["outlet"] != ""].reset_index(drop=True)
    return frame


def _actor_ids(events: pd.DataFrame, context: ImportContext) -> pd.Series:
    """Return the reference actors that side A and side B name, where they do."""
    names = sorted(set(events["side_a"]) | set(events["side_b"]))
    known = resolve_actor_names(load_actor_resolver(context.reference_dir), names)
    a = map_values(events["side_a"], known).fillna("")
    b = map_values(events["side_b"], known).fillna("")
    both = (a + ";" + b).str.strip(";")
    return both.where(a != b, a)


def _write(events: pd.DataFrame, context: ImportContext, sides: dict[str, str]) -> None:
    inc = "UCDP-" + events["uid"]
    events["incident_id"] = inc
    date_precision = events["date_prec"].map(DATE_PRECISION)
    geo_precision = events["where_prec"].map(GEO_PRECISION)
    claim_type = events["violence"].map(CLAIM_TYPES)
    place = events["where_coordinates"].where(
        events["where_coordinates"].str.strip() != "", "an unnamed place"
    )
    dyad = events["dyad_name"].where(
        events["dyad_name"] != "", events["side_a"] + " - " + events["side_b"]
    )
    what = dyad + " at " + place + ", " + events["start"]
    has_oblast = (events["admin1_codes"] != "").to_numpy()
    incident_of = inc.where(has_oblast, "")
    range_text = (
        "best "
        + events["best"]
        + " (low "
        + events["low"]
        + ", high "
        + events["high"]
        + ")"
    )
    original = events["source_original"].where(
        events["source_original"] != "", "(not given)"
    )
    place_notes = (" " + events["place_notes"] + ".").where(
        events["place_notes"] != "", ""
    )

    incidents = events[has_oblast]
    context.add_frame(
        "incidents",
        pd.DataFrame(
            {
                "incident_id": incidents["incident_id"],
                "title": what[has_oblast],
                "date_start": incidents["start"],
                "date_end": incidents["end"],
                "date_precision": date_precision[has_oblast],
                "place_ids": incidents["place_ids"].where(
                    incidents["place_ids"] != "", incidents["admin1_codes"]
                ),
                "admin1_codes": incidents["admin1_codes"],
                "event_type": "other",
                "summary": "UCDP GED event "
                + incidents["uid"]
                + " ("
                + incidents["violence"].map(VIOLENCE)
                + "; "
                + incidents["conflict_name"]
                + "): "
                + range_text[has_oblast]
                + " killed by UCDP's estimate. Where: "
                + incidents["where_description"].where(
                    incidents["where_description"] != "", "(not described)"
                )
                + ". UCDP's original sources: "
                + original[has_oblast]
                + ".",
                "grouping_notes": "One UCDP GED event: the articles UCDP cites and "
                "UCDP's own estimates.",
                "origin_format": FORMAT,
                "origin_id": incidents["uid"],
            }
        ),
    )
    if (~has_oblast).any():
        context.notes.append(
            f"{int((~has_oblast).sum()):,} UCDP events name no oblast the gazetteer "
            "knows, so they have no incident (the model needs an oblast); their "
            "claims are kept with an empty incident_id"
        )

    common = {
        "event_date_start": events["start"],
        "event_date_end": events["end"],
        "date_precision": date_precision,
        "place_raw": events["where_coordinates"],
        "place_ids": events["place_ids"],
        "admin1_codes": events["admin1_codes"],
        "latitude": events["latitude"],
        "longitude": events["longitude"],
        "geo_precision": geo_precision,
        "stance": "asserts",
        "credibility": "6",
        "url_withheld": "true",
        "incident_id": incident_of,
        "origin_id": events["uid"],
        "origin_time_precision": events["date_prec"],
        "origin_geo_precision": events["where_prec"],
        "origin_actors": events["side_a"] + ";" + events["side_b"],
        "actor_ids": _actor_ids(events, context),
    }
    base = pd.DataFrame(common)

    # UCDP's own figures: the total and its four parts.
    figure_frames = []
    side_a = events["side_a"].str.lower().map(sides).fillna("unknown")
    side_b = events["side_b"].str.lower().map(sides).fillna("unknown")
    total = base.assign(
        claim_id=inc + "-total",
        claim_type=claim_type,
        quantity="killed",
        value_text=events["best"]
        + " (UCDP best estimate; low "
        + events["low"]
        + ", high "
        + events["high"]
        + ")",
        value_low=events["low"],
        value_best=events["best"],
        value_high=events["high"],
        value_rule=np.where(events["low"] == events["high"], "exact", "range"),
        summary="UCDP estimates "
        + range_text
        + " killed on all sides in "
        + what
        + ".",
        notes="UCDP's total for the event, all sides together, so subject_side is "
        "empty; its parts are the -deaths-* claims. UCDP's original sources: "
        + original
        + ". "
        + NO_LINK
        + place_notes,
    )
    figure_frames.append(total)
    parts = (
        ("deaths_a", "deaths-a", side_a, "side A, " + events["side_a"]),
        ("deaths_b", "deaths-b", side_b, "side B, " + events["side_b"]),
        ("deaths_civilians", "deaths-civilians", "civilian", "civilians"),
        ("deaths_unknown", "deaths-unknown", "unknown", "persons of unknown status"),
    )
    for column, suffix, side, whose in parts:
        figure_frames.append(
            base.assign(
                claim_id=inc + "-" + suffix,
                claim_type="civilian_casualties"
                if column == "deaths_civilians"
                else claim_type,
                quantity="killed",
                subject_side=side,
                value_text=events[column]
                + f" (UCDP {column}: deaths among "
                + whose
                + ", part of the best estimate)",
                value_best=events[column],
                value_rule="exact",
                summary="UCDP counts "
                + events[column]
                + " deaths among "
                + whose
                + " in "
                + what
                + ".",
                notes="Part of UCDP's best estimate for the event. "
                + NO_LINK
                + place_notes,
            )
        )
    for frame in figure_frames:
        context.add_frame(
            "claims",
            frame.assign(source_id=UCDP_SOURCE_ID, status="assessed"),
        )

    # One claim per cited article.
    articles = _split_articles(events)
    ev = base.iloc[articles["event"].to_numpy()].reset_index(drop=True)
    e = events.iloc[articles["event"].to_numpy()].reset_index(drop=True)
    distinct = pd.Series(articles["outlet"].unique())
    ids = pd.Series([slugify(n) for n in distinct], index=distinct.to_numpy())
    articles["source_id"] = articles["outlet"].map(ids).astype("str")
    articles.loc[articles["source_id"] == UCDP_SOURCE_ID, "source_id"] = (
        "ucdp-ged-outlet"
    )
    cited = np.where(
        articles["unparsed"],
        " The citation could not be read as outlet, date and headline: "
        + articles["item"],
        " UCDP cites it as: "
        + articles["outlet"]
        + ", "
        + articles["reported"]
        + ", \u201c"
        + articles["headline"]
        + "\u201d.",
    )
    context.add_frame(
        "claims",
        ev.assign(
            claim_id=e["incident_id"] + "-a" + articles["n"].astype(str),
            source_id=articles["source_id"],
            reported_date=articles["reported"],
            claim_type=e["violence"].map(CLAIM_TYPES),
            status="claimed",
            summary="An article by "
            + articles["outlet"]
            + " that UCDP cites for "
            + what.iloc[articles["event"].to_numpy()].reset_index(drop=True)
            + ".",
            notes="One of the articles UCDP cites for event " + e["uid"] + "; UCDP's "
            "figures for the event are its own claims (source ucdp-ged), not this "
            "article's." + pd.Series(cited, dtype="str") + " " + NO_LINK,
        ),
    )
    unparsed = int(articles["unparsed"].sum())
    if unparsed:
        context.notes.append(
            f"{unparsed:,} cited article(s) could not be read as outlet, date and "
            "headline; their claims keep the citation text in notes and no "
            "reported_date"
        )
    context.notes.append(
        f"UCDP: {len(articles):,} cited articles became claims; each event also "
        "has UCDP's total and four per-side figure claims"
    )

    # Sources: UCDP itself and each cited outlet.
    outlets = (
        articles[["source_id", "outlet"]]
        .sort_values(["source_id", "outlet"], kind="stable")
        .drop_duplicates("source_id")
    )
    context.add_frame(
        "sources",
        source_rows(
            pd.Series(
                outlets["outlet"].to_numpy(), index=outlets["source_id"].to_numpy()
            ),
            note=OUTLET_NOTE,
            source_type="news_outlet",
            actors=reference_table(context.reference_dir, "actors"),
            resolver=load_actor_resolver(context.reference_dir),
        ),
    )
    ucdp = source_rows(
        pd.Series(["UCDP Georeferenced Event Dataset (GED)"], index=[UCDP_SOURCE_ID]),
        note=UCDP_NOTE,
        url="https://ucdp.uu.se/",
    )
    ucdp["side"] = "independent"
    ucdp["language"] = "en"
    context.add_frame("sources", ucdp)
