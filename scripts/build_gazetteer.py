"""Build the reference gazetteer tables from the stored public sources.

Maintainers run this by hand (tests do not)::

    .venv/bin/python scripts/build_gazetteer.py [--source DIR] [--out DIR]

It reads, from ``--source`` (default ``../shared/data/real`` next to the repo):

- ``geonames_cities500_ru_ua/cities500_ru_ua.csv``: GeoNames cities500 (CC BY 4.0);
- ``boundaries/ne_10m_admin_1_ukr_rus.geojson`` and
  ``boundaries/ne_10m_admin_0_countries_deu.zip``: Natural Earth (public domain);
- ``gazetteer_supplement/places_supplement.csv``: the curated border villages;

and writes, into ``--out`` (default ``data/reference``), ``places.csv``,
``place_aliases.csv`` and the ``place`` rows of ``not_same_entity.csv``. Rows of
other entity types already in ``not_same_entity.csv`` are kept. Columns follow
``datapackage.json`` in that folder. The same inputs give byte-identical output:
UTF-8, LF line endings, minimal quoting, rows sorted by primary key, every file
written atomically. Source text is copied as it is (coordinates included); only
whitespace left over from splitting a list is stripped.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import struct
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "real"
DEFAULT_OUT = REPO_ROOT / "data" / "reference"

CITIES_CSV = Path("geonames_cities500_ru_ua") / "cities500_ru_ua.csv"
ADMIN1_GEOJSON = Path("boundaries") / "ne_10m_admin_1_ukr_rus.geojson"
ADMIN0_ZIP = Path("boundaries") / "ne_10m_admin_0_countries_deu.zip"
ADMIN0_DBF = "ne_10m_admin_0_countries_deu.dbf"
SUPPLEMENT_CSV = Path("gazetteer_supplement") / "places_supplement.csv"

NE_LABEL_POINT = "Natural Earth label point"

#: GeoNames (country, admin1 code) -> ISO 3166-2 code.
GeonamesAdmin1 = dict[tuple[str, str], str]

#: Oblasts whose every GeoNames cities500 settlement goes into the gazetteer.
BORDER_OBLASTS = ("RU-BEL", "RU-BRY", "RU-KRS", "UA-59", "UA-63", "UA-74")

#: GeoNames admin1 codes of the border oblasts, cross-checked against the
#: ``gn_a1_code`` of the Natural Earth features (which gives the full mapping).
EXPECTED_GN_ADMIN1 = {
    ("RU", "09"): "RU-BEL",
    ("RU", "41"): "RU-KRS",
    ("RU", "10"): "RU-BRY",
    ("UA", "21"): "UA-59",
    ("UA", "07"): "UA-63",
    ("UA", "02"): "UA-74",
}

#: Settlements elsewhere in RU/UA are added when a name contains one of these
#: (case-insensitively), so that the Belgorod / Bilhorod ambiguity is real.
AMBIGUITY_KEYS = ("bilhorod", "belgorod")
BILHOROD_DNISTROVSKYI = "712160"
BELGOROD_CITY = "578072"

#: GeoNames records that duplicate another one: their names become aliases of
#: the canonical record and they get no row of their own.
GEONAMES_DUPLICATES = {"824988": "495112"}  # "Gorod Shebekino" -> Shebekino

#: Alternate names that GeoNames attaches to the wrong place.
GEONAMES_ALIAS_EXCLUDE = {
    BELGOROD_CITY: {"Bilhorod-Dnistrovskyi"},
}

#: GeoNames keeps IATA airport codes (EGO, URS, HRK, ...) among alternate names.
IATA_CODE = re.compile(r"[A-Z]{3}")

GEONAMES_NOTES = {
    BELGOROD_CITY: (
        "Oblast capital. 'Bilhorod' (the Ukrainian name) also names the oblast "
        "RU-BEL and is easily confused with Bilhorod-Dnistrovskyi (gn-712160, "
        "Odesa Oblast); GeoNames lists 'Bilhorod-Dnistrovskyi' among this "
        "city's alternate names, which is wrong and left out here."
    ),
    BILHOROD_DNISTROVSKYI: (
        "City in Odesa Oblast, Ukraine, formerly Akkerman. Not Belgorod "
        "(gn-578072) nor Belgorod Oblast (RU-BEL), although 'Bilhorod' and "
        "'Belgorod-Dnestrovsky' look alike."
    ),
    "495112": (
        "GeoNames has a second record for this town, 824988 'Gorod Shebekino' "
        "(the town as a municipal unit, 50.41667, 36.91667). It is the same "
        "place: its names are aliases here and it has no row of its own."
    ),
    "712590": (
        "Village in Kyiv Oblast; GeoNames alternate names include "
        "Bilhorod-Kyivskyi and Belgorodka. Not Belgorod."
    ),
    "11902776": (
        "A residential quarter (GeoNames); alternate names show it was formerly "
        "the Bilhorodskyi (Belgorod) quarter. Not Belgorod."
    ),
}

#: Supplement rows that are also GeoNames places: the gn- id is kept.
SUPPLEMENT_GEONAMES = {
    "Kozinka": "543229",
    "Tyotkino": "483166",
    "Razumnoye": "502400",
    "Velyka Pysarivka": "690230",
}

SUPPLEMENT_ADMIN1 = {
    ("RU", "Belgorod Oblast"): "RU-BEL",
    ("RU", "Kursk Oblast"): "RU-KRS",
    ("UA", "Kharkiv Oblast"): "UA-63",
    ("UA", "Sumy Oblast"): "UA-59",
}

#: Short curator's notes for the supplement places (own words; the evidence is
#: in the supplement's PROVENANCE.md and notes column).
SUPPLEMENT_NOTES = {
    "Gorkovsky": (
        "Posyolok in Grayvoronsky urban okrug (OKATO 2019: 14725000106); one "
        "coordinate source only, the infobox of a machine-translated copy of "
        "ru.wikipedia. The Ukrainian spelling is a derived transliteration."
    ),
    "Lozovaya Rudka": (
        "UNVERIFIED. Named only in March 2024 incursion reports quoting Ilya "
        "Ponomarev; not among the localities of Grayvoronsky okrug in OKATO 2019 "
        "and in no gazetteer; may be an unofficial or garbled name. District "
        "unconfirmed (reported as Grayvoronsky). Do not geocode."
    ),
    "Spodaryushino": (
        "Selo in Grayvoronsky urban okrug (OKATO 2019: 14725000276), on the "
        "border. No citable coordinate found; too small for cities500."
    ),
    "Glotovo": (
        "Selo in Grayvoronsky urban okrug (OKATO 2019: 14725000146), next to "
        "Kozinka. No citable coordinate found; too small for cities500."
    ),
    "Nekhoteevka": (
        "Border village at the Nekhoteevka-Hoptivka road checkpoint, Belgorodsky "
        "District. The coordinate is a geolocated 2022 CIR/Bellingcat EVENT "
        "point in the village (UW7134), not a centroid; another event point "
        "(UW7519) is ~0.5 km away. Homonym: sup-nekhoteevka-shebekinsky."
    ),
    "Nekhoteevka (Shebekinsky)": (
        "Homonym of the border-checkpoint village sup-nekhoteevka, in Shebekinsky "
        "urban okrug (OKATO 2019: 14750000321). Listed so it is not confused with "
        "it. No coordinate found."
    ),
    "Odnorobivka": (
        "UKRAINIAN village in Kharkiv Oblast (Bohodukhiv Raion, Zolochiv "
        "hromada; Zolochiv Raion before 2020), not in Belgorod Oblast as some "
        "incursion reporting had it; no Russian settlement of this name was "
        "found. Одноборовка and Однороборовка are misspellings. No coordinate "
        "found."
    ),
    "Kozinka": (
        "Selo, centre of Kozinskoye rural settlement, Grayvoronsky urban okrug. "
        "Coordinate from en.wikipedia; GeoNames (50.4613, 35.6026) agrees "
        "within ~10 m."
    ),
    "Tyotkino": (
        "Urban-type settlement in Glushkovsky District on the Ukrainian border; "
        "GeoNames name Tëtkino. Coordinate sources disagree by up to ~2 km: the "
        "en.wikipedia point is used; GeoNames gives 51.28128, 34.29382."
    ),
    "Razumnoye": (
        "Urban-type settlement ~10 km south-east of Belgorod. GeoNames "
        "coordinate; de.wikipedia's is ~0.5 km away."
    ),
    "Velyka Pysarivka": (
        "Selyshche, centre of Velykopysarivska hromada; Okhtyrka Raion since "
        "the 2020 reform (formerly Velykopysarivskyi Raion). Coordinate from "
        "uk.wikipedia; GeoNames gives 50.42335, 35.48299 (~0.4 km away)."
    ),
}

#: Natural Earth codes that differ from ISO 3166-2: its Moscow city polygon
#: carries RU-MOS and Moscow Oblast carries RU-MOW; ISO has them the other way.
NE_ISO_CORRECTIONS = {"RU-MOS": "RU-MOW", "RU-MOW": "RU-MOS"}

#: Natural Earth ``name_en`` values that are ambiguous or wrong for a feature
#: (keyed by the corrected ISO code).
NE_NAME_OVERRIDES = {
    "UA-30": "Kyiv City",
    "UA-32": "Kyiv Oblast",
    "RU-ALT": "Altai Krai",
    "RU-MOS": "Moscow Oblast",
    "RU-MOW": "Moscow",
    "RU-YEV": "Jewish Autonomous Oblast",
}

#: Features whose ``name_xx`` columns describe another unit (NE copy errors).
NE_SKIP_LANGUAGE_NAMES = {"RU-ALT"}

#: Natural Earth names attached to the wrong feature (or garbled).
NE_ALIAS_EXCLUDE = {
    "RU-MOW": {"Московская область", "Moskovskaya", "Mosc£"},
}

NE_NOTES = {
    "UA-43": (
        "Ukrainian under its internationally recognised borders (ISO 3166-2 "
        "UA-43); occupied by Russia since 2014. Natural Earth codes it "
        "adm0_a3 RUS; country_code here is UA."
    ),
    "UA-40": (
        "City with special status, Ukrainian under its internationally "
        "recognised borders (ISO 3166-2 UA-40); occupied by Russia since 2014. "
        "Natural Earth codes it adm0_a3 RUS; country_code here is UA."
    ),
    "UA-30": (
        "Kyiv city. Natural Earth gives it and Kyiv Oblast (UA-32) the same "
        "name_en 'Kyiv'; the name here tells them apart."
    ),
    "UA-32": "Kyiv Oblast; not Kyiv City (UA-30).",
    "RU-ALT": (
        "Natural Earth's name_en and language names for this feature are those "
        "of the Altai Republic (RU-AL); they are left out here."
    ),
    "RU-MOS": (
        "Moscow Oblast (ISO 3166-2 RU-MOS); Natural Earth codes it RU-MOW and "
        "names it 'Moscow'. Not Moscow city (RU-MOW)."
    ),
    "RU-MOW": (
        "Moscow city (ISO 3166-2 RU-MOW); Natural Earth codes it RU-MOS. Its "
        "name_local 'Московская область' belongs to Moscow Oblast and is left out."
    ),
}

# Curated aliases: (alias, BCP 47 language). Besides common forms, the lists
# hold the spellings that the CIR/Bellingcat Russia-Ukraine Monitor (2022) uses
# in its ``province``/``country`` columns (only the spellings, none of its rows).
CURATED_ALIASES: dict[str, list[tuple[str, str]]] = {
    "RU": [
        ("Russia", "en"),
        ("Russian Federation", "en"),
        ("Russa", "en"),  # CIR
        ("Россия", "ru"),
        ("Российская Федерация", "ru"),
        ("РФ", "ru"),
        ("Росія", "uk"),
        ("Російська Федерація", "uk"),
    ],
    "UA": [
        ("Ukraine", "en"),
        ("ukrain", "en"),  # CIR
        ("Украина", "ru"),
        ("Україна", "uk"),
    ],
    "RU-ALT": [
        ("Altai Krai", "en"),
        ("Алтайский край", "ru"),
        ("Алтайський край", "uk"),
    ],
    "RU-MOS": [
        ("Moscow Oblast", "en"),
        ("Moscow region", "en"),
        ("Московская область", "ru"),
        ("Московська область", "uk"),
    ],
    "RU-YEV": [("Jewish Autonomous Oblast", "en")],
    "UA-30": [("Kyiv City", "en")],
    "UA-32": [
        ("Kyiv Oblast", "en"),
        ("Kiev Oblast", "en"),
        ("Киевская область", "ru"),
        ("Київська область", "uk"),
    ],
    "RU-BEL": [
        ("Bilhorod", "uk-Latn"),
        ("Bilhorod Oblast", "en"),
        ("Belgorod Oblast", "en"),
        ("Belgorod oblast", "en"),
        ("Belgorod region", "en"),
        ("Belgorodskaya oblast", "ru-Latn"),
        ("Belgorodskaya Oblast'", "ru-Latn"),
        ("Белгородская область", "ru"),
        ("Бєлгородська область", "uk"),
        ("Білгородська область", "uk"),
        ("Бєлгородщина", "uk"),
        # CIR misspellings
        ("Belogorod Oblast", "en"),
        ("Belogrod", "en"),
        ("Belograd", "en"),
        ("Belograd Oblast", "en"),
        ("Belgrod Oblast", "en"),
    ],
    "RU-KRS": [
        ("Kursk Oblast", "en"),
        ("Kursk oblast", "en"),
        ("Kursk region", "en"),
        ("Kurskaya oblast", "ru-Latn"),
        ("Курская область", "ru"),
        ("Курська область", "uk"),
        ("Курщина", "uk"),
        # CIR misspellings
        ("Koersk Oblast", "en"),
        ("Kurks Oblast", "en"),
    ],
    "RU-BRY": [
        ("Brjansk", "und"),
        ("Bryansk Oblast", "en"),
        ("Bryansk region", "en"),
        ("Bryanskaya oblast", "ru-Latn"),
        ("Брянская область", "ru"),
        ("Брянська область", "uk"),
        ("Брянщина", "uk"),
        # CIR misspellings
        ("Brjansk Oblast", "en"),
        ("Bryansk Oblas", "en"),
    ],
    "UA-59": [
        ("Sumy Oblast", "en"),
        ("Sumy oblast", "en"),
        ("Sumy region", "en"),
        ("Sumska oblast", "uk-Latn"),
        ("Sums'ka oblast", "uk-Latn"),
        ("Сумская область", "ru"),
        ("Сумська область", "uk"),
        ("Сумщина", "uk"),
    ],
    "UA-63": [
        ("Kharkiv Oblast", "en"),
        ("Kharkiv oblast", "en"),
        ("Kharkiv region", "en"),
        ("Kharkov", "en"),
        ("Kharkov Oblast", "en"),
        ("Kharkivska oblast", "uk-Latn"),
        ("Kharkivs'ka oblast", "uk-Latn"),
        ("Kharkivs'ka Oblast", "uk-Latn"),
        ("Kharkovskaya oblast", "ru-Latn"),
        ("Харьковская область", "ru"),
        ("Харківська область", "uk"),
        ("Харківщина", "uk"),
        # CIR misspellings
        ("Kharkiv Obalst", "en"),
        ("Khakirv oblast", "en"),
        ("Khakiv Oblast", "en"),
        ("Kharviv Oblast", "en"),
        ("Khrkiv Oblast", "en"),
        ("kharkiv Oblast", "en"),
    ],
    "UA-74": [
        ("Chernihiv Oblast", "en"),
        ("Chernihiv oblast", "en"),
        ("Chernihiv region", "en"),
        ("Chernigov", "en"),
        ("Chernigov Oblast", "en"),
        ("Chernihivska oblast", "uk-Latn"),
        ("Chernihivs'ka oblast", "uk-Latn"),
        ("Chernigovskaya oblast", "ru-Latn"),
        ("Черниговская область", "ru"),
        ("Чернігівська область", "uk"),
        ("Чернігівщина", "uk"),
        # CIR misspelling
        ("Chernihiv Olast", "en"),
    ],
}

#: Place pairs checked and found different: (id_a, id_b, reason).
NOT_SAME_PLACES = [
    (
        "sup-nekhoteevka",
        "sup-nekhoteevka-shebekinsky",
        "Homonyms: the border-checkpoint village is in Belgorodsky District; the "
        "other Nekhoteevka is in Shebekinsky urban okrug (OKATO 2019 14750000321).",
    ),
    (
        "RU-BEL",
        f"gn-{BILHOROD_DNISTROVSKYI}",
        "'Bilhorod' is the Ukrainian name of Belgorod (Oblast) in Russia; "
        "Bilhorod-Dnistrovskyi is a city in Odesa Oblast, Ukraine.",
    ),
    (
        f"gn-{BELGOROD_CITY}",
        f"gn-{BILHOROD_DNISTROVSKYI}",
        "Belgorod (Bilhorod), Russia, 50.60N 36.58E, and Bilhorod-Dnistrovskyi, "
        "Odesa Oblast, Ukraine, 46.19N 30.35E, are different cities; GeoNames "
        "wrongly lists the latter's name among Belgorod's alternate names.",
    ),
    (
        f"gn-{BELGOROD_CITY}",
        "gn-712590",
        "Bilohorodka (historic Bilhorod-Kyivskyi) is a village in Kyiv Oblast, "
        "Ukraine, not Belgorod, Russia.",
    ),
    (
        "sup-odnorobivka",
        "Odnorobovka (claimed in Belgorod Oblast)",
        "Odnorobivka is a Ukrainian village in Kharkiv Oblast (Bohodukhiv Raion, "
        "Zolochiv hromada, postal 62241); no Russian settlement of this name "
        "was found in OKATO 2019 or elsewhere, so a Belgorod Oblast reading is "
        "a mistake.",
    ),
]

#: Priority of alias sources when the same alias text comes from several.
SOURCE_RANK = {"geonames": 0, "naturalearth": 1, "supplement": 2, "curated": 3}

#: ``alias_source`` for names taken from Natural Earth; GeoNames names quoted
#: by Natural Earth (``gn_name``) count as geonames.
NE_SOURCE = "naturalearth"


@dataclass
class Place:
    """One row of ``places.csv``."""

    place_id: str
    name: str
    place_type: str
    admin1_code: str
    country_code: str
    latitude: str = ""
    longitude: str = ""
    geonames_id: str = ""
    population: str = ""
    coord_source: str = ""
    admin2: str = ""
    notes: str = ""

    def row(self) -> dict[str, str]:
        """Return the row as a mapping of column name to cell text."""
        return {
            "place_id": self.place_id,
            "name": self.name,
            "place_type": self.place_type,
            "admin2": self.admin2,
            "admin1_code": self.admin1_code,
            "country_code": self.country_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geonames_id": self.geonames_id,
            "population": self.population,
            "coord_source": self.coord_source,
            "notes": self.notes,
        }


@dataclass
class AliasBook:
    """Aliases per place, merged across sources (the key is place and text)."""

    entries: dict[tuple[str, str], dict[str, set[str]]] = field(default_factory=dict)

    def add(self, place_id: str, text: str, language: str, source: str) -> None:
        """Add one alias; blank text and text in other scripts are ignored.

        Parameters
        ----------
        place_id
            The place the alias names.
        text
            The alias; leading and trailing whitespace is stripped.
        language
            BCP 47 tag, ``und`` when unknown.
        source
            ``geonames``, ``supplement`` or ``curated``.
        """
        text = text.strip()
        if not text or alias_script(text) is None:
            return
        entry = self.entries.setdefault(
            (place_id, text), {"languages": set(), "sources": set()}
        )
        entry["languages"].add(language)
        entry["sources"].add(source)

    def rows(self) -> Iterator[dict[str, str]]:
        """Yield alias rows sorted by (place_id, alias).

        Yields
        ------
        dict[str, str]
            One row of ``place_aliases.csv``. The language is the one specific
            tag the sources agree on, else ``und``; the source is the first of
            geonames, supplement, curated.
        """
        for (place_id, text), entry in sorted(self.entries.items()):
            specific = sorted(entry["languages"] - {"und"})
            yield {
                "place_id": place_id,
                "alias": text,
                "language": specific[0] if len(specific) == 1 else "und",
                "script": alias_script(text) or "Zyyy",
                "alias_source": min(entry["sources"], key=SOURCE_RANK.__getitem__),
            }


def alias_script(text: str) -> str | None:
    """Return the ISO 15924 script of ``text`` as far as the gazetteer needs it.

    Parameters
    ----------
    text
        An alias.

    Returns
    -------
    str or None
        ``Latn`` or ``Cyrl`` when every letter is of that script, ``Zyyy`` when
        Latin and Cyrillic letters are mixed, ``None`` when the text has a letter
        of another script or no letter at all (such aliases are not kept).
        Modifier letters (U+02B9 prime, U+02BC apostrophe) count as common.
    """
    scripts: set[str] = set()
    for char in text:
        if not unicodedata.category(char).startswith("L"):
            continue
        char_name = unicodedata.name(char, "")
        if char_name.startswith("LATIN"):
            scripts.add("Latn")
        elif char_name.startswith("CYRILLIC"):
            scripts.add("Cyrl")
        elif not char_name.startswith("MODIFIER LETTER"):
            return None
    if not scripts:
        return None
    return scripts.pop() if len(scripts) == 1 else "Zyyy"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file into a list of rows of strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """Read the records of a dBASE III table as text (NUL and space stripped).

    Parameters
    ----------
    data
        The bytes of the ``.dbf`` file (UTF-8 text fields).

    Returns
    -------
    list[dict[str, str]]
        One mapping of field name to cell text per record.
    """
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    records = []
    for index in range(n_records):
        start = header_len + index * record_len
        position = start + 1  # deletion flag
        record = {}
        for name, length in fields:
            raw = data[position : position + length]
            record[name] = raw.decode("utf-8").strip("\0 ")
            position += length
        records.append(record)
    return records


def add_ne_aliases(
    book: AliasBook, place_id: str, props: dict[str, object], skip_languages: bool
) -> None:
    """Add the names of one Natural Earth feature as aliases of ``place_id``.

    Parameters
    ----------
    book
        Where the aliases go.
    place_id
        The place (an ISO 3166 code).
    props
        The feature's properties (upper-case DBF names are lowered first).
    skip_languages
        Leave out the ``name_xx`` columns (when they describe another unit).
    """
    props = {key.lower(): value for key, value in props.items()}
    exclude = NE_ALIAS_EXCLUDE.get(place_id, set())

    def add(text: object, language: str, source: str = NE_SOURCE) -> None:
        if isinstance(text, str) and text.strip() not in exclude:
            book.add(place_id, text, language, source)

    for key in ("name", "name_long", "formal_en", "name_sort", "name_local"):
        add(props.get(key), "und")
    for key in ("gns_name", "woe_name"):
        add(props.get(key), "und")
    add(props.get("gn_name"), "und", "geonames")
    for text in str(props.get("name_alt") or "").split("|"):
        add(text, "und")
    if skip_languages:
        return
    for key in sorted(props):
        if re.fullmatch(r"name_[a-z]{2}", key):
            add(props[key], key.removeprefix("name_"))


def build_countries(source: Path, book: AliasBook) -> list[Place]:
    """Build the two country rows from Natural Earth admin-0 (German view)."""
    with zipfile.ZipFile(source / ADMIN0_ZIP) as archive:
        records = read_dbf(archive.read(ADMIN0_DBF))
    places = []
    for record in records:
        code = record["ISO_A2"]
        if code not in ("RU", "UA"):
            continue
        places.append(
            Place(
                place_id=code,
                name=record["NAME_EN"],
                place_type="country",
                admin1_code="",
                country_code=code,
                latitude=record["LABEL_Y"],
                longitude=record["LABEL_X"],
                coord_source=f"{NE_LABEL_POINT} (admin-0)",
            )
        )
        add_ne_aliases(book, code, record, skip_languages=False)
    if sorted(p.place_id for p in places) != ["RU", "UA"]:
        raise ValueError(f"{ADMIN0_ZIP}: expected one RU and one UA record")
    return places


def build_oblasts(source: Path, book: AliasBook) -> tuple[list[Place], GeonamesAdmin1]:
    """Build one row per named Natural Earth admin-1 feature of RU and UA.

    Returns
    -------
    tuple[list[Place], GeonamesAdmin1]
        The oblast rows, and the mapping of GeoNames (country, admin1 code) to
        ISO 3166-2 taken from the features' ``gn_a1_code``.
    """
    with (source / ADMIN1_GEOJSON).open(encoding="utf-8") as handle:
        # parse_float=str keeps the label point exactly as written in the file
        collection = json.load(handle, parse_float=str)
    places = []
    gn_admin1: GeonamesAdmin1 = {}
    for feature in collection["features"]:
        props = feature["properties"]
        iso = NE_ISO_CORRECTIONS.get(props["iso_3166_2"], props["iso_3166_2"])
        if not props["name"]:  # RU-X01~, an unnamed islet
            continue
        country = iso[:2]  # UA-43 / UA-40 stay Ukrainian whatever adm0_a3 says
        gn_country, _, gn_code = props["gn_a1_code"].partition(".")
        gn_admin1[(gn_country, gn_code)] = iso
        gn_id = int(props["gn_id"])
        places.append(
            Place(
                place_id=iso,
                name=NE_NAME_OVERRIDES.get(iso, props["name_en"]),
                place_type="oblast",
                admin1_code=iso,
                country_code=country,
                latitude=props["latitude"],
                longitude=props["longitude"],
                geonames_id=str(gn_id) if gn_id > 0 else "",
                coord_source=NE_LABEL_POINT,
                notes=NE_NOTES.get(iso, ""),
            )
        )
        add_ne_aliases(book, iso, props, iso in NE_SKIP_LANGUAGE_NAMES)
    for key, iso in EXPECTED_GN_ADMIN1.items():
        if gn_admin1.get(key) != iso:
            raise ValueError(f"GeoNames admin1 {key} maps to {gn_admin1.get(key)}")
    return places, gn_admin1


def add_geonames_aliases(book: AliasBook, place_id: str, row: dict[str, str]) -> None:
    """Add a cities500 row's name and alternate names as aliases of ``place_id``."""
    excluded = GEONAMES_ALIAS_EXCLUDE.get(row["geonameid"], set())
    for text in [row["name"], *row["alternatenames"].split("|")]:
        text = text.strip()
        if text in excluded or IATA_CODE.fullmatch(text):
            continue
        book.add(place_id, text, "und", "geonames")


def build_settlements(
    source: Path, gn_admin1: GeonamesAdmin1, book: AliasBook
) -> dict[str, Place]:
    """Build the GeoNames settlement rows, keyed by geonameid.

    Every cities500 row of the border oblasts, plus every RU/UA row whose name
    or alternate names contain an :data:`AMBIGUITY_KEYS` key.
    """
    rows = read_csv(source / CITIES_CSV)
    settlements: dict[str, Place] = {}
    duplicates = []
    for row in rows:
        gid = row["geonameid"]
        if gid in GEONAMES_DUPLICATES:
            duplicates.append(row)
            continue
        iso = gn_admin1[(row["countrycode"], row["admin1code"])]
        names = f"{row['name']}|{row['alternatenames']}".casefold()
        if iso not in BORDER_OBLASTS and not any(k in names for k in AMBIGUITY_KEYS):
            continue
        population = row["population"]
        settlements[gid] = Place(
            place_id=f"gn-{gid}",
            name=row["name"],
            place_type="settlement",
            admin1_code=iso,
            country_code=row["countrycode"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            geonames_id=gid,
            population="" if population in ("", "0") else population,
            coord_source="geonames",
            notes=GEONAMES_NOTES.get(gid, ""),
        )
        add_geonames_aliases(book, f"gn-{gid}", row)
    for row in duplicates:
        add_geonames_aliases(book, f"gn-{GEONAMES_DUPLICATES[row['geonameid']]}", row)
    for gid in (BILHOROD_DNISTROVSKYI, BELGOROD_CITY, *GEONAMES_DUPLICATES.values()):
        if gid not in settlements:
            raise ValueError(f"{CITIES_CSV}: geonameid {gid} missing")
    return settlements


def supplement_slug(name_en: str) -> str:
    """Return ``sup-<slug>`` for a supplement place name."""
    return "sup-" + re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")


def supplement_admin2(text: str) -> str:
    """Return the district part of the supplement's ``admin2`` (blank if unverified)."""
    if text.startswith("unverified"):
        return ""
    return re.split(r" \(|;", text, maxsplit=1)[0].strip()


def apply_supplement(
    source: Path, settlements: dict[str, Place], book: AliasBook
) -> list[Place]:
    """Merge the supplement into GeoNames places and return its other places.

    A place GeoNames also has keeps its gn- id and population but takes the
    supplement's English name (without a qualifier in brackets), primary
    coordinate and its citation, district and notes.
    """
    own: list[Place] = []
    for row in read_csv(source / SUPPLEMENT_CSV):
        name_en = row["name_en"]
        iso = SUPPLEMENT_ADMIN1[(row["country_code"], row["admin1"])]
        gid = SUPPLEMENT_GEONAMES.get(name_en)
        if gid is not None:
            place = settlements[gid]
            if (place.admin1_code, place.country_code) != (iso, row["country_code"]):
                raise ValueError(
                    f"supplement {name_en!r} disagrees with GeoNames {gid}"
                )
        else:
            place = Place(
                place_id=supplement_slug(name_en),
                name=name_en,
                place_type="settlement",
                admin1_code=iso,
                country_code=row["country_code"],
            )
            own.append(place)
        has_coords = bool(row["latitude"] and row["longitude"])
        place.name = re.sub(r"\s*\(.*\)$", "", name_en)
        place.latitude = row["latitude"] if has_coords else ""
        place.longitude = row["longitude"] if has_coords else ""
        place.coord_source = row["coord_source"] if has_coords else ""
        place.admin2 = supplement_admin2(row["admin2"])
        place.notes = SUPPLEMENT_NOTES[name_en]
        book.add(place.place_id, place.name, "en", "supplement")
        book.add(place.place_id, row["name_ru"], "ru", "supplement")
        book.add(place.place_id, row["name_uk"], "uk", "supplement")
        for text in row["variants"].split(";"):
            book.add(place.place_id, text, "und", "supplement")
    return own


def not_same_rows(out: Path, place_ids: set[str]) -> list[dict[str, str]]:
    """Return the place rows plus any non-place rows already in the file."""
    for id_a, id_b in ((a, b) for a, b, _ in NOT_SAME_PLACES):
        if id_a not in place_ids:
            raise ValueError(f"not_same_entity: unknown place {id_a}")
        if (
            re.fullmatch(r"gn-\d+|sup-.+|[A-Z]{2}(-\w+)?", id_b)
            and id_b not in place_ids
        ):
            raise ValueError(f"not_same_entity: unknown place {id_b}")
    rows = [
        {"entity_type": "place", "id_a": a, "id_b": b, "reason": r}
        for a, b, r in NOT_SAME_PLACES
    ]
    path = out / "not_same_entity.csv"
    if path.exists():
        rows += [r for r in read_csv(path) if r["entity_type"] != "place"]
    return sorted(rows, key=lambda r: (r["entity_type"], r["id_a"], r["id_b"]))


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> int:
    """Write rows atomically as UTF-8, LF, minimally quoted CSV.

    Returns
    -------
    int
        The number of data rows written.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, lineterminator="\n", extrasaction="raise"
    )
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(buffer.getvalue().encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def columns_of(out: Path) -> dict[str, list[str]]:
    """Return the column names of each resource, as ``datapackage.json`` lists them."""
    with (out / "datapackage.json").open(encoding="utf-8") as handle:
        package = json.load(handle)
    return {
        resource["name"]: [f["name"] for f in resource["schema"]["fields"]]
        for resource in package["resources"]
    }


def build(source: Path, out: Path) -> dict[str, int]:
    """Build the gazetteer tables from ``source`` into ``out``.

    Returns
    -------
    dict[str, int]
        Rows written per file.
    """
    book = AliasBook()
    places = build_countries(source, book)
    oblasts, gn_admin1 = build_oblasts(source, book)
    places += oblasts
    settlements = build_settlements(source, gn_admin1, book)
    places += apply_supplement(source, settlements, book)
    places += settlements.values()
    for place_id, aliases in CURATED_ALIASES.items():
        for text, language in aliases:
            book.add(place_id, text, language, "curated")

    places.sort(key=lambda p: p.place_id)
    place_ids = {p.place_id for p in places}
    if len(place_ids) != len(places):
        raise ValueError("duplicate place_id")
    unknown = {pid for pid, _ in book.entries} - place_ids
    unknown |= {p.admin1_code for p in places if p.admin1_code} - place_ids
    if unknown:
        raise ValueError(f"foreign keys pointing nowhere: {sorted(unknown)}")

    columns = columns_of(out)
    return {
        "places.csv": write_csv(
            out / "places.csv", columns["places"], (p.row() for p in places)
        ),
        "place_aliases.csv": write_csv(
            out / "place_aliases.csv", columns["place_aliases"], book.rows()
        ),
        "not_same_entity.csv": write_csv(
            out / "not_same_entity.csv",
            columns["not_same_entity"],
            not_same_rows(out, place_ids),
        ),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, build the tables and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    counts = build(args.source, args.out)
    print(", ".join(f"{name}: {n} rows" for name, n in counts.items()))


if __name__ == "__main__":
    main()
