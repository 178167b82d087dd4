"""Import the CIR Russia–Ukraine Monitor CSV: the post and its geolocation.

The Centre for Information Resilience's monitor map (built with Bellingcat and
GeoConfirmed) lists geolocated open-source incidents, one row each, with up to
two links: ``link``, the original post, and ``geolocation``, the post that
located it. Columns: ``entry, date, event_group, title, brief description,
lat, lon, country, province, district, town/city, arms/munition, violence
level, link, geolocation`` (matched case-insensitively; extra columns ignored).

The rules
---------
* **Two claims per row**, from two different sources: ``<entry>-post`` by the
  account or site of ``link`` (status ``claimed``) and ``<entry>-geo`` by the
  account of ``geolocation``. The geolocation is a check of the footage
  against imagery of the place, so that claim is ``verified`` — for *where*
  it happened, not for who did what, as its notes say. A row with only one of
  the two links gives one claim.
* **Sources from URLs**: an X/Twitter, Telegram, TikTok, Facebook, Instagram,
  VK or YouTube account named in the URL is the source (``x-<handle>``,
  ``telegram-<channel>`` ...); any other link is attributed to its web site
  (``bbc-co-uk``). Sources are ungraded (F): CIR does not grade them.
* **Links CIR withholds**: a link cell that holds text instead of a URL (CIR
  writes "Access can be requested, hidden for privacy reasons") gives a claim
  with an empty ``url`` and ``url_withheld`` true, from the source
  ``cir-withheld-source``, and the text in its notes. A row with neither link
  nor geolocation is rejected: a claim with no source cannot be traced.
* **Places**: ``province`` resolves to its oblast through the gazetteer, with
  every spelling it has (``Belgorod``, ``Belgorodskaya oblast``,
  ``Belogrod``, ``Belograd``, ``Belgrod Oblast``, ``Kursk``, ``Kurks Oblast``,
  ``Koersk Oblast`` ...: ``RU-BEL`` and ``RU-KRS``); ``town/city`` resolves to
  a settlement in that oblast where the gazetteer has it. A row whose
  ``province`` is empty but whose ``country`` cell names an oblast (``Kursk
  Oblast``) uses that. ``place_raw`` keeps ``town/city, district, province``
  as written; ``lat`` / ``lon`` (CIR's geolocated point) go to both claims
  with ``geo_precision`` ``exact``.
* **Claim types** from ``event_group`` (its month suffix ignored) by
  :data:`EVENT_GROUPS`. CIR's catch-all "Other" becomes ``participation``, the
  kit's least specific type, and says so in the notes.
* **Reported, never dropped**: a row with an empty ``date`` keeps its claims
  with ``date_precision`` ``unknown`` (and no incident, which needs dates); a
  repeated ``entry`` keeps every row, the second as ``<entry>-2`` and so on; a
  row with an empty ``entry`` is named ``CIR-L<line>``. The import notes list
  them all. Dates that look wrong (2023 or 2024 for 2022 events) are kept as
  given: correcting the source is the curator's call.
* One **incident** per row with a date and an oblast (``incident_id`` the
  entry, as for the claims), ``origin_id`` the entry as written.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from osintkit.gazetteer import load_gazetteer
from osintkit.importers.base import ImportContext
from osintkit.importers.tabular import (
    ID_PATTERN,
    OUTSIDE,
    Export,
    count_rows,
    format_dates,
    open_export,
    read_mapping,
    resolve_countries,
    resolve_places,
    share_note,
    slugify,
    source_rows,
)

__all__ = ["EVENT_GROUPS", "read", "source_of_url"]

logger = logging.getLogger(__name__)

FORMAT = "cir-monitor"

REQUIRED = (
    "entry",
    "date",
    "event_group",
    "lat",
    "lon",
    "country",
    "province",
    "town/city",
    "link",
    "geolocation",
)

#: CIR ``event_group`` (lower case, without its month suffix) → the claims'
#: ``claim_type`` and the incident's ``event_type``.
EVENT_GROUPS: dict[str, tuple[str, str]] = {
    "civilian infrastructure damage": ("strike", "other"),
    "military infrastructure damage": ("strike", "other"),
    "bombing or explosion": ("strike", "other"),
    "munitions": ("strike", "other"),
    "russian firing positions": ("shelling", "shelling"),
    "ground battle": ("fighting_ongoing", "ground_fighting"),
    "civilian casualty": ("civilian_casualties", "other"),
    "mass grave or burial": ("civilian_casualties", "other"),
    "russian military losses": ("equipment_losses", "other"),
    "ukrainian military losses": ("equipment_losses", "other"),
    "russian military presence": ("participation", "other"),
    "russian allies presence/losses": ("participation", "other"),
    "detentions or arrests": ("prisoners_taken", "other"),
    "other": ("participation", "other"),
}

# "March 2022", "Feb - June", "July - Now" after the group's name.
_GROUP_SUFFIX = (
    r"(?i)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"(?:\s*-\s*(?:[a-z]+))?(?:\s+\d{4})?)$"
)

WITHHELD_SOURCE_ID = "cir-withheld-source"
SOURCE_NOTE = (
    "An account or site that CIR's Russia-Ukraine Monitor cites (an original "
    "post or its geolocation). CIR does not grade the sources it cites, so the "
    "reliability cannot be judged here (F); grade it yourself."
)
WITHHELD_NOTE = (
    "Stands for the posts whose link CIR's Russia-Ukraine Monitor withholds (for "
    "privacy; access can be requested from CIR). Who posted them is not known, so "
    "the reliability cannot be judged (F)."
)

# Platforms whose URL names an account: host → (id prefix, platform, label).
_PLATFORMS = {
    "twitter.com": ("x", "x", "on X"),
    "x.com": ("x", "x", "on X"),
    "t.me": ("telegram", "telegram", "on Telegram"),
    "telegram.me": ("telegram", "telegram", "on Telegram"),
    "tiktok.com": ("tiktok", "other", "on TikTok"),
    "facebook.com": ("facebook", "other", "on Facebook"),
    "instagram.com": ("instagram", "other", "on Instagram"),
    "vk.com": ("vk", "other", "on VK"),
    "youtube.com": ("youtube", "youtube", "on YouTube"),
}
# First path segments that are not account names.
_NOT_ACCOUNTS = {
    "i",
    "intent",
    "search",
    "hashtag",
    "home",
    "share",
    "watch",
    "photo",
    "photo.php",
    "story.php",
    "permalink.php",
    "video.php",
    "groups",
    "p",
    "reel",
    "tv",
    "s",
    "c",
    "shorts",
    "embed",
    "wall",
    "video",
    "events",
    "media",
}


def source_of_url(url: str) -> tuple[str, str, str, str, str]:
    """Name the source of a link: the account in it, or else its web site.

    Parameters
    ----------
    url : str
        An ``http(s)`` URL.

    Returns
    -------
    tuple of str
        ``(source_id, name, platform, source_type, home_url)``.

    Examples
    --------
    >>> source_of_url("https://twitter.com/GirkinGirkin/status/1488544876908187650")
    ('x-girkingirkin', '@GirkinGirkin on X', 'x', 'social_media_account', 'https://twitter.com/GirkinGirkin')
    >>> source_of_url("https://t.me/s/rybar/123")[:3]
    ('telegram-rybar', 't.me/rybar on Telegram', 'telegram')
    >>> source_of_url("https://www.bbc.co.uk/news/world-europe-60525350")[:4]
    ('bbc-co-uk', 'bbc.co.uk', 'website', 'other')
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "web."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    segments = [s for s in parts.path.split("/") if s]
    if host in _PLATFORMS and segments:
        prefix, platform, label = _PLATFORMS[host]
        account = segments[0]
        if platform == "telegram" and account == "s" and len(segments) > 1:
            account = segments[1]
        if host == "youtube.com" and account in {"channel", "c", "user"}:
            account = segments[1] if len(segments) > 1 else ""
        account = account.lstrip("@")
        if account and account.lower() not in _NOT_ACCOUNTS:
            if platform == "x":
                name, home = f"@{account} {label}", f"https://twitter.com/{account}"
            elif platform == "telegram":
                name, home = f"t.me/{account} {label}", f"https://t.me/{account}"
            else:
                name = f"{account} {label}"
                home = f"https://{host}/{segments[0]}"
            return (
                f"{prefix}-{slugify(account.lower())}",
                name,
                platform,
                "social_media_account",
                home,
            )
    site = host or "unknown-site"
    platform = "youtube" if site in {"youtube.com", "youtu.be"} else "website"
    if site in _PLATFORMS or site == "youtu.be":
        platform = _PLATFORMS.get(site, ("", "youtube", ""))[1]
    return slugify(site), site, platform, "other", f"{parts.scheme}://{host}/"


def read(path: Path, context: ImportContext, mapping: Path | None) -> None:
    """Read a CIR Russia-Ukraine Monitor CSV into ``context``.

    Parameters
    ----------
    path : pathlib.Path
        The export.
    context : ImportContext
        Receives sources, incidents, claims and rejects.
    mapping : pathlib.Path, optional
        A TOML file with ``encoding`` (default UTF-8 or the byte-order
        mark's) and ``[event_groups]`` (CIR ``event_group`` → the kit's
        ``claim_type``, added to or replacing :data:`EVENT_GROUPS`).
    """
    options = read_mapping(
        mapping,
        format=FORMAT,
        keys={"event_groups": dict},
        vocabularies=[("event_groups", "claims", "claim_type")],
    )
    export = open_export(
        path,
        context,
        format=FORMAT,
        encoding=options.get("encoding"),
        required=REQUIRED,
        hint="the CIR monitor's CSV columns",
    )
    rows = _check_rows(export, context, options)
    kept = np.flatnonzero(export.keep)
    rows = rows.iloc[kept].reset_index(drop=True)
    _name_rows(rows, export, kept, context)
    _add_places(rows, context)
    _write(rows, context)
    count_rows(context, kept=len(rows))


def _check_rows(export: Export, context: ImportContext, options: dict) -> pd.DataFrame:
    col = export.column
    entry = col("entry").str.strip()
    reject = export.reject
    reject(
        context,
        (entry != "") & ~entry.str.fullmatch(ID_PATTERN),
        "entry is not a usable id (letters, digits and . _ : - only)",
        field="entry",
        values=entry,
        record_ids=entry,
    )
    link, geolocation = col("link").str.strip(), col("geolocation").str.strip()
    reject(
        context,
        (link == "") & (geolocation == ""),
        "no source URL: neither link nor geolocation is given, so a claim could "
        "not be traced to any source",
        field="link",
        record_ids=entry,
    )
    date_text = col("date").str.strip()
    dates = pd.to_datetime(date_text, format="%Y-%m-%d", errors="coerce")
    reject(
        context,
        (date_text != "") & dates.isna(),
        "date is not a real date written YYYY-MM-DD",
        field="date",
        values=date_text,
        record_ids=entry,
    )
    coordinates = dict(
        zip(
            ("lat", "lon"),
            export.coordinates(context, "lat", "lon", record_ids=entry),
            strict=True,
        )
    )
    groups = {k: (v, "other") for k, v in options.get("event_groups", {}).items()}
    table = {**EVENT_GROUPS, **{k.strip().lower(): v for k, v in groups.items()}}
    group = col("event_group").str.strip()
    key = group.str.lower().str.replace(_GROUP_SUFFIX, "", regex=True)
    known = key.isin(list(table))
    reject(
        context,
        ~known,
        "event_group has no claim type; map it under [event_groups] in a mapping file",
        field="event_group",
        values=group,
        record_ids=entry,
    )
    return pd.DataFrame(
        {
            "entry": entry,
            "date": format_dates(dates),
            "group": group,
            "claim_type": key.map({k: v[0] for k, v in table.items()}),
            "event_type": key.map({k: v[1] for k, v in table.items()}),
            "is_other": key == "other",
            "lat": coordinates["lat"],
            "lon": coordinates["lon"],
            "country": col("country").str.strip(),
            "province": col("province").str.strip(),
            "district": col("district").str.strip(),
            "town": col("town/city").str.strip(),
            "title": col("title"),
            "description": col("brief description"),
            "arms": col("arms/munition"),
            "violence": col("violence level"),
            "link": link,
            "geolocation": geolocation,
        }
    )


def _name_rows(
    rows: pd.DataFrame, export: Export, kept: np.ndarray, context: ImportContext
) -> None:
    """Give every row a unique id; report empty and repeated entries and dates."""
    lines = pd.Series(export.table.lines_of_rows(kept.tolist()), dtype="int64")
    rows["line"] = lines
    entry = rows["entry"]
    blank = entry == ""
    base = entry.where(~blank, "CIR-L" + lines.astype(str))
    occurrence = base.groupby(base).cumcount() + 1
    rows["id"] = base.where(occurrence == 1, base + "-" + occurrence.astype(str))
    clash = rows["id"].duplicated(keep=False)
    if clash.any():  # an "-2" suffix met a real entry of that name
        rows.loc[clash, "id"] = rows.loc[clash, "id"] + "-L" + lines[clash].astype(str)
    if blank.any():
        listed = ", ".join(f"line {n}" for n in lines[blank])
        context.notes.append(
            f"{int(blank.sum())} CIR rows have no entry id ({listed}): kept as "
            "CIR-L<line>"
        )
    repeated = entry[(occurrence > 1) & ~blank]
    if len(repeated):
        detail = "; ".join(
            f"{name} (lines {', '.join(str(n) for n in lines[entry == name])})"
            for name in sorted(set(repeated))
        )
        context.notes.append(
            f"{len(repeated)} CIR rows repeat an earlier entry id, all kept (the "
            f"repeats as <entry>-2, -3): {detail}"
        )
    undated = rows["date"] == ""
    if undated.any():
        listed = ", ".join(
            f"{name} (line {n})"
            for name, n in zip(rows["id"][undated], lines[undated], strict=True)
        )
        context.notes.append(
            f"{int(undated.sum())} CIR rows have no date ({listed}): kept with "
            "date_precision unknown and no incident"
        )


def _add_places(rows: pd.DataFrame, context: ImportContext) -> None:
    gazetteer = load_gazetteer(context.reference_dir)
    country = resolve_countries(gazetteer, rows["country"])
    # An empty province with an oblast in the country cell ("Kursk Oblast").
    in_country = resolve_places(gazetteer, rows["country"], place_type="oblast")
    oblast_cell = (country == OUTSIDE) & (in_country["status"] == "matched")
    use_cell = (rows["province"] == "") & oblast_cell
    province_text = rows["province"].where(~use_cell, rows["country"])
    rows["country_code"] = country.where(~oblast_cell, "")
    province = resolve_places(
        gazetteer,
        province_text,
        country=rows["country_code"],
        place_type="oblast",
        what="province",
    )
    town = resolve_places(
        gazetteer,
        rows["town"],
        admin1=province["place_ids"],
        country=rows["country_code"],
        place_type="settlement",
        what="town/city",
    )
    rows["place_ids"] = town["place_ids"]
    rows["admin1_codes"] = province["place_ids"].where(
        province["place_ids"] != "", town["admin1"]
    )
    rows["place_notes"] = (province["note"] + "; " + town["note"]).str.strip("; ")
    rows["place_raw"] = (
        (rows["town"] + ", " + rows["district"] + ", " + rows["province"])
        .str.replace(r"(?:, )+", ", ", regex=True)
        .str.strip(", ")
    )
    context.notes.append(share_note("CIR province", province_text, province["status"]))
    context.notes.append(share_note("CIR town/city", rows["town"], town["status"]))


def _write(rows: pd.DataFrame, context: ImportContext) -> None:
    dated = rows["date"] != ""
    has_oblast = (rows["admin1_codes"] != "") & dated
    where = rows["place_raw"].where(rows["place_raw"] != "", "an unnamed place")
    group = rows["group"].str.replace(_GROUP_SUFFIX, "", regex=True)
    what = group + " at " + where
    on_date = (" on " + rows["date"]).where(dated, " (undated)")
    cir_text = (
        " CIR's title: \u201c"
        + rows["title"]
        + "\u201d; description: \u201c"
        + rows["description"]
        + "\u201d"
        + (("; arms/munition: " + rows["arms"]).where(rows["arms"] != "", ""))
        + (("; violence level: " + rows["violence"]).where(rows["violence"] != "", ""))
        + "."
    )
    other = pd.Series(
        np.where(
            rows["is_other"],
            " CIR files the entry under \u201cOther\u201d: claim_type participation "
            "is the kit's least specific type; re-type it if you know more.",
            "",
        ),
        dtype="str",
    )
    undated = pd.Series(
        np.where(dated, "", " CIR gives no date for the entry."), dtype="str"
    )
    place_notes = (" " + rows["place_notes"] + ".").where(rows["place_notes"] != "", "")
    located = rows["lat"] != ""
    common = pd.DataFrame(
        {
            "incident_id": rows["id"].where(has_oblast, ""),
            "event_date_start": rows["date"],
            "event_date_end": rows["date"],
            "date_precision": np.where(dated, "day", "unknown"),
            "place_raw": rows["place_raw"],
            "place_ids": rows["place_ids"],
            "admin1_codes": rows["admin1_codes"],
            "latitude": rows["lat"],
            "longitude": rows["lon"],
            "geo_precision": np.where(located, "exact", _coarse_precision(rows)),
            "claim_type": rows["claim_type"],
            "stance": "asserts",
            "credibility": "6",
            "origin_id": rows["entry"],
        }
    )

    sources: list[tuple[str, str, str, str, str]] = []
    for kind in ("post", "geo"):
        column = "link" if kind == "post" else "geolocation"
        urls = rows[column]
        present = (urls != "").to_numpy()
        is_url = urls.str.match(r"(?i)https?://\S+$").to_numpy()
        withheld = present & ~is_url
        distinct = urls[present & is_url].unique()
        resolved = {u: source_of_url(u) for u in distinct}
        sources.extend(resolved.values())
        source_id = urls.map({u: r[0] for u, r in resolved.items()})
        source_id = source_id.where(~withheld, WITHHELD_SOURCE_ID).fillna("")
        name = urls.map({u: r[1] for u, r in resolved.items()}).where(
            ~withheld, "a source CIR withholds"
        )
        frame = common.assign(
            claim_id=rows["id"] + "-" + kind,
            source_id=source_id,
            url=urls.where(is_url, ""),
            url_withheld=np.where(withheld, "true", ""),
        )
        if kind == "post":
            frame = frame.assign(
                status="claimed",
                summary="A post by "
                + name
                + " that CIR cites for "
                + what
                + on_date
                + " (entry "
                + rows["id"]
                + ").",
                notes="The original post CIR's monitor links for entry "
                + rows["entry"].where(rows["entry"] != "", "(none)")
                + "."
                + pd.Series(
                    np.where(
                        withheld,
                        " CIR withholds the link: \u201c" + urls + "\u201d.",
                        "",
                    ),
                    dtype="str",
                )
                + cir_text
                + other
                + undated
                + place_notes,
            )
        else:
            frame = frame.assign(
                status="verified",
                summary=name
                + " geolocated the footage CIR cites for "
                + what
                + on_date
                + " (entry "
                + rows["id"]
                + ").",
                notes="The geolocation CIR's monitor links for entry "
                + rows["entry"].where(rows["entry"] != "", "(none)")
                + " (original "
                "post: "
                + rows["link"].where(rows["link"] != "", "none given")
                + "). Status verified: the geolocation checks where the footage "
                "was filmed against imagery of the place; it does not verify who "
                "did what." + cir_text + other + undated + place_notes,
            )
        context.add_frame("claims", frame[present])
        if withheld.any():
            sources.append(
                (
                    WITHHELD_SOURCE_ID,
                    "Source withheld by CIR",
                    "",
                    "other",
                    "",
                )
            )

    incidents = rows[has_oblast.to_numpy()]
    context.add_frame(
        "incidents",
        pd.DataFrame(
            {
                "incident_id": incidents["id"],
                "title": what[has_oblast] + ", " + incidents["date"],
                "date_start": incidents["date"],
                "date_end": incidents["date"],
                "date_precision": "day",
                "place_ids": incidents["place_ids"].where(
                    incidents["place_ids"] != "", incidents["admin1_codes"]
                ),
                "admin1_codes": incidents["admin1_codes"],
                "event_type": incidents["event_type"],
                "summary": "CIR Russia-Ukraine Monitor entry "
                + incidents["id"]
                + " ("
                + incidents["group"]
                + "): \u201c"
                + incidents["description"]
                + "\u201d",
                "grouping_notes": "One CIR monitor entry: the original post and its "
                "geolocation.",
                "origin_format": FORMAT,
                "origin_id": incidents["entry"],
            }
        ),
    )
    missing = int((~has_oblast & dated).sum())
    if missing:
        context.notes.append(
            f"{missing:,} dated CIR rows name no oblast the gazetteer knows (e.g. "
            "Belarus, Moldova, an empty province), so they have no incident (the "
            "model needs an oblast); their claims are kept with an empty incident_id"
        )

    table = pd.DataFrame(
        sources, columns=["source_id", "name", "platform", "source_type", "url"]
    )
    table = (
        table.sort_values(["source_id", "name"], kind="stable")
        .drop_duplicates("source_id")
        .set_index("source_id")
    )
    frame = source_rows(
        table["name"],
        note=SOURCE_NOTE,
        source_type=table["source_type"],
        platform=table["platform"],
        url=table["url"],
    )
    frame.loc[frame["source_id"] == WITHHELD_SOURCE_ID, "notes"] = WITHHELD_NOTE
    context.add_frame("sources", frame)


def _coarse_precision(rows: pd.DataFrame) -> np.ndarray:
    """Precision of a row without a point: settlement, oblast or unknown."""
    return np.where(
        rows["place_ids"] != "",
        "settlement",
        np.where(rows["admin1_codes"] != "", "oblast", "unknown"),
    )
