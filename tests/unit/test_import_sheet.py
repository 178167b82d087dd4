"""The sheet importer on a small synthetic sheet, as CSV and as XLSX."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from osintkit.cli import main
from osintkit.errors import ImportFailedError
from osintkit.importers import import_file
from osintkit.importers.sheet import DateError, parse_date, parse_date_range

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
SHEET = FIXTURES / "sheet_claims.csv"
MAPPING = FIXTURES / "sheet_claims.toml"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(out: Path) -> dict[str, dict[str, str]]:
    return {r["claim_id"]: r for r in rows(out / "claims.csv")}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet") / "dataset"
    report = import_file("sheet", SHEET, out, mapping=MAPPING)
    return report, out


# -- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order", "start", "end", "precision"),
    [
        pytest.param("2024-03-12", None, "2024-03-12", "2024-03-12", "day", id="iso"),
        pytest.param(
            "2024-03-12 00:00:00",
            None,
            "2024-03-12",
            "2024-03-12",
            "day",
            id="iso-time",
        ),
        pytest.param("12.03.2024", "DMY", "2024-03-12", "2024-03-12", "day", id="dmy"),
        pytest.param("03/12/2024", "MDY", "2024-03-12", "2024-03-12", "day", id="mdy"),
        # an ISO date reads whatever order is declared
        pytest.param(
            "2024-03-12", "DMY", "2024-03-12", "2024-03-12", "day", id="iso-dmy"
        ),
        pytest.param(
            "12 March 2024", None, "2024-03-12", "2024-03-12", "day", id="name"
        ),
        pytest.param(
            "March 12, 2024", None, "2024-03-12", "2024-03-12", "day", id="us"
        ),
        pytest.param(
            "March 2024", None, "2024-03-01", "2024-03-31", "month", id="month"
        ),
        pytest.param("2024-02", None, "2024-02-01", "2024-02-29", "month", id="ym"),
        pytest.param("2024", None, "2024-01-01", "2024-12-31", "year", id="year"),
    ],
)
def test_parse_date_reads(text, order, start, end, precision):
    span = parse_date(text, order)
    assert (span.start.isoformat(), span.end.isoformat(), span.precision) == (
        start,
        end,
        precision,
    )


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [
        pytest.param("09/10/2018", None, "declares no date_order", id="ambiguous"),
        pytest.param("12.03.2024", "YMD", "does not match the declared", id="order"),
        pytest.param("12/03/24", "DMY", "two-digit year", id="short-year"),
        pytest.param("45363", "DMY", "Excel serial", id="serial"),
        pytest.param("31.02.2024", "DMY", "not a real day", id="feb-31"),
        pytest.param("13/25/2024", "MDY", "not a real day", id="month-25"),
        pytest.param("mid-March", None, "not a date the importer reads", id="words"),
    ],
)
def test_parse_date_refuses_what_it_would_have_to_guess(text, order, message):
    with pytest.raises(DateError, match=message):
        parse_date(text, order)


@pytest.mark.parametrize(
    ("text", "order", "start", "end"),
    [
        pytest.param(
            "2024-03-12/2024-03-15", None, "2024-03-12", "2024-03-15", id="iso"
        ),
        pytest.param(
            "12.03.2024/15.03.2024", "DMY", "2024-03-12", "2024-03-15", id="dmy"
        ),
        pytest.param(
            "12/03/2024 - 15/03/2024", "DMY", "2024-03-12", "2024-03-15", id="dash"
        ),
        # one slashed date is a day, not a range
        pytest.param("12/03/2024", "DMY", "2024-03-12", "2024-03-12", id="not-a-range"),
    ],
)
def test_parse_date_range_reads(text, order, start, end):
    span = parse_date_range(text, order)
    assert (span.start.isoformat(), span.end.isoformat()) == (start, end)


def test_parse_date_range_names_the_end_that_needs_an_order():
    with pytest.raises(DateError, match=r"'12\.03\.2024' is not an ISO date"):
        parse_date_range("12.03.2024/15.03.2024", None)


def test_parse_date_range_refuses_backwards():
    with pytest.raises(DateError, match="runs backwards"):
        parse_date_range("2024-03-15/2024-03-12", None)


# -- the CSV fixture -----------------------------------------------------------


def test_import_sheet_counts_and_validates(imported):
    report, _ = imported
    assert report.validation.is_valid, [i.format() for i in report.validation.errors]
    assert (report.rows_read, report.rows_kept, report.rejected) == (14, 8, 6)
    assert report.claims == 9  # S01 splits into S01a and S01b
    assert report.incidents == 0


def test_import_sheet_rejects_each_with_line_and_reason(imported):
    _, out = imported
    rejects = {int(r["line"]): r for r in rows(out / "rejects.csv")}
    expected = {
        7: ("no claimant", "Who"),  # S06: empty claimant
        8: ("no URL", "Link"),  # S07: empty link
        9: ("date not read", "Reported"),  # S08: 31.02.2024
        10: ("unknown claim type", "Type"),  # S09: 'rumour'
        13: ("duplicate claim id", "ID"),  # second S01
        14: ("unknown claimant side", "Side"),  # S12: 'blogger'
    }
    assert {
        line: (r["reason"].split(":")[0], r["field"]) for line, r in rejects.items()
    } == (expected)
    assert rejects[9]["value"] == "31.02.2024"
    assert rejects[13]["reason"].endswith(
        "already used on line 2; give each row its own id"
    )
    assert rejects[10]["record"].startswith("S09;Gladkov;gov_ru;")


def test_import_sheet_drops_nothing_silently(imported):
    _, out = imported
    kept_lines = {
        int(r["notes"].split(" line ")[1].split()[0]) for r in rows(out / "claims.csv")
    }
    rejected_lines = {int(r["line"]) for r in rows(out / "rejects.csv")}
    assert kept_lines | rejected_lines == set(range(2, 16))
    assert not kept_lines & rejected_lines


def test_import_sheet_splits_figures_with_suffixes(imported):
    claims = by_id(imported[1])
    tanks, vehicles = claims["S01a"], claims["S01b"]
    assert (tanks["quantity"], tanks["value_text"], tanks["value_best"]) == (
        "tanks",
        "7 tanks",
        "7",
    )
    assert (vehicles["quantity"], vehicles["value_rule"]) == (
        "armoured_vehicles",
        "exact",
    )
    assert "the other parts are S01b" in tanks["notes"]
    assert tanks["claim_type"] == "equipment_losses"  # value map
    assert tanks["origin_id"] == vehicles["origin_id"] == "S01"
    assert tanks["origin_format"] == "sheet"


def test_import_sheet_figure_rules(imported):
    claims = by_id(imported[1])
    more = claims["S10"]  # "more than 200 killed"
    assert (more["value_low"], more["value_best"], more["value_high"]) == (
        "201",
        "",
        "",
    )
    assert more["value_rule"] == "more_than"
    about = claims["S03"]  # "about 9,000 children to be evacuated"
    assert (about["quantity"], about["value_best"], about["value_rule"]) == (
        "evacuated",
        "9000",
        "about",
    )
    plain = claims["S02"]  # no figure text: one claim without a figure
    assert plain["value_text"] == plain["value_rule"] == plain["quantity"] == ""


def test_import_sheet_dates_in_declared_order(imported):
    claims = by_id(imported[1])
    assert claims["S01a"]["reported_date"] == "2024-03-13"  # 13.03.2024, DMY
    s03 = claims["S03"]  # 12.03.2024/15.03.2024
    assert (s03["event_date_start"], s03["event_date_end"], s03["date_precision"]) == (
        "2024-03-12",
        "2024-03-15",
        "day",
    )
    s10 = claims["S10"]  # no event date
    assert (s10["event_date_start"], s10["date_precision"]) == ("", "unknown")


@pytest.mark.parametrize(
    ("claim_id", "place_ids", "admin1_codes", "precision", "in_notes"),
    [
        # several places in one cell, each resolved
        pytest.param(
            "S02",
            "gn-483166;gn-559034",
            "RU-BEL;RU-KRS",
            "settlement",
            [],
            id="two-places",
        ),
        # two oblasts with a qualifier
        pytest.param(
            "S01a", "RU-BEL;RU-KRS", "RU-BEL;RU-KRS", "oblast", ["'border'"], id="area"
        ),
        # an area detailed by districts the gazetteer does not have
        pytest.param(
            "S03",
            "RU-BEL",
            "RU-BEL",
            "oblast",
            ["'Shebekino' is not resolved"],
            id="incl",
        ),
        # one of three villages has two homonyms in the gazetteer: not merged; the
        # Ukrainian Odnorobivka contradicts the sheet's Belgorod Oblast: reported
        pytest.param(
            "S04",
            "sup-odnorobivka;sup-spodaryushino",
            "RU-BEL;UA-63",
            "oblast",
            [
                "'Nekhoteevka' is ambiguous (sup-nekhoteevka, "
                "sup-nekhoteevka-shebekinsky)",
                "does not name",
            ],
            id="partly",
        ),
        # not in the gazetteer: located by the sheet's admin1 only
        pytest.param(
            "S05",
            "",
            "RU-KRS",
            "oblast",
            ["'Atlantis' is not in the gazetteer", "admin1 only"],
            id="unknown",
        ),
        # Belgorod or Bilhorod-Dnistrovskyi: no context, so flagged, never chosen
        pytest.param(
            "S13",
            "",
            "",
            "unknown",
            ["'Bilhorod' is ambiguous", "gn-712160"],
            id="bilhorod",
        ),
    ],
)
def test_import_sheet_places(
    imported, claim_id, place_ids, admin1_codes, precision, in_notes
):
    claim = by_id(imported[1])[claim_id]
    assert (claim["place_ids"], claim["admin1_codes"], claim["geo_precision"]) == (
        place_ids,
        admin1_codes,
        precision,
    )
    for text in in_notes:
        assert text in claim["notes"]


def test_import_sheet_keeps_place_raw_verbatim(imported):
    source: dict[str, str] = {}
    for row in rows_semicolon(SHEET):
        source.setdefault(row["ID"], row["Where"])  # the second S01 is rejected
    for claim in rows(imported[1] / "claims.csv"):
        assert claim["place_raw"] == source[claim["origin_id"]]


def rows_semicolon(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_import_sheet_place_report_in_notes(imported):
    report, _ = imported
    notes = "\n".join(report.notes)
    assert "places: 8 place cell(s): 5 resolved (62%)" in notes
    assert "unresolved place name(s): 'Atlantis' x1" in notes
    assert (
        "ambiguous place name(s), not merged: 'Bilhorod' x1; 'Nekhoteevka' x1" in notes
    )


def test_import_sheet_stance_and_summary(imported):
    claims = by_id(imported[1])
    assert (claims["S11"]["claim_type"], claims["S11"]["stance"]) == (
        "denial",
        "denies",
    )
    assert claims["S02"]["stance"] == "asserts"
    assert claims["S03"]["summary"] == "range of days"  # the sheet's own text
    assert "Summary is the sheet's own text" in claims["S03"]["notes"]
    assert {c["credibility"] for c in claims.values()} == {"6"}
    assert {c["status"] for c in claims.values()} == {"claimed"}


def test_import_sheet_derives_sources(imported):
    sources = {r["source_id"]: r for r in rows(imported[1] / "sources.csv")}
    assert set(sources) == {
        "ru-mod",  # the mapping's source_id for the Cyrillic claimant
        "gladkov",
        "legion-svoboda-rossii",
        "local-telegram-channel",
        "russian-volunteer-corps-rdk",
        "bilhorod-council",
    }
    mod = sources["ru-mod"]
    assert (mod["name"], mod["reliability"], mod["actor_id"]) == (
        "Минобороны России",
        "D",
        "ru-mod",
    )
    assert "A party to the war." in mod["notes"]
    gladkov = sources["gladkov"]
    assert (gladkov["side"], gladkov["is_belligerent"], gladkov["source_type"]) == (
        "russia",
        "true",
        "official",
    )
    assert gladkov["reliability"] == "F" and "cannot be judged" in gladkov["notes"]
    assert sources["legion-svoboda-rossii"]["actor_id"] == "lsr"
    assert sources["local-telegram-channel"]["actor_id"] == ""


def test_import_sheet_is_deterministic(imported, tmp_path):
    _, out = imported
    again = tmp_path / "again"
    import_file("sheet", SHEET, again, mapping=MAPPING)
    for name in ("claims.csv", "sources.csv", "rejects.csv"):
        assert (again / name).read_bytes() == (out / name).read_bytes()


# -- failures that stop the import -------------------------------------------------


def test_import_sheet_needs_a_mapping(tmp_path):
    with pytest.raises(ImportFailedError, match="needs a mapping"):
        import_file("sheet", SHEET, tmp_path / "out")


def test_import_sheet_mapping_must_fit_the_columns(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8").replace('url = "Link"', 'url = "URL"'),
        encoding="utf-8",
    )
    with pytest.raises(ImportFailedError) as info:
        import_file("sheet", SHEET, tmp_path / "out", mapping=mapping)
    message = str(info.value)
    assert str(mapping) in message
    assert "[columns] url = 'URL'" in message and "has no column 'URL'" in message


def test_import_sheet_undecodable_bytes_stop_with_position(tmp_path):
    sheet = tmp_path / "cp1251.csv"
    sheet.write_bytes(
        SHEET.read_bytes().replace("Минобороны".encode(), "Минобороны".encode("cp1251"))
    )
    with pytest.raises(ImportFailedError) as info:
        import_file("sheet", sheet, tmp_path / "out", mapping=MAPPING)
    assert "encoding-error" in str(info.value) and ":2:" in str(info.value)


def test_import_sheet_without_date_order_rejects_and_says_so(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8").replace('date_order = "DMY"\n', ""),
        encoding="utf-8",
    )
    report = import_file("sheet", SHEET, tmp_path / "out", mapping=mapping)
    # every row has a day-first date; the four that fail earlier checks keep
    # their own reasons (no claimant, no URL, unknown type, unknown side)
    assert (report.rows_read, report.rows_kept, report.rejected) == (14, 0, 14)
    assert any("declares no date_order" in n for n in report.notes)
    reasons = [r["reason"] for r in rows(tmp_path / "out" / "rejects.csv")]
    assert sum('declare date_order = "DMY" or "MDY"' in r for r in reasons) == 10
    # a range whose ends are day-first says so too
    assert any(
        r.startswith("date not read: '12.03.2024' is not an ISO") for r in reasons
    )


def test_cli_import_sheet(tmp_path):
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        main,
        ["import", "sheet", str(SHEET), "--mapping", str(MAPPING), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "read 14 rows" in result.output and "rejected 6 rows" in result.output


# -- XLSX ----------------------------------------------------------------------------


def write_xlsx(path: Path) -> None:
    """Write the fixture sheet as a workbook an analyst would keep.

    A title row above the header; single-day dates as real Excel dates;
    ranges and the impossible 31.02.2024 as text; one row whose reported date
    is a bare number (an Excel serial that lost its date format); one empty
    row in the middle.
    """
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Claims"
    sheet.append(["Claims about the March 2024 incursion (test workbook)"])
    source = rows_semicolon(SHEET)
    header = list(source[0])
    sheet.append(header)
    for i, row in enumerate(source):
        cells: list[object] = []
        for column in header:
            value = row[column]
            if column in ("Reported", "Event date"):
                # ranges, blanks and 31.02.2024 stay text
                with contextlib.suppress(ValueError):
                    value = dt.datetime.strptime(value, "%d.%m.%Y")
            cells.append(value if value != "" else None)
        if row["ID"] == "S02":
            cells[header.index("Reported")] = 45363  # serial, General format
        sheet.append(cells)
        if i == 3:
            sheet.append([])
    workbook.save(path)


def test_import_sheet_xlsx_reads_real_dates_and_refuses_serials(tmp_path):
    book = tmp_path / "claims.xlsx"
    write_xlsx(book)
    mapping = tmp_path / "xlsx.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8").replace(
            "[sheet]\n", '[sheet]\nsheet = "Claims"\nheader_row = 2\n'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = import_file("sheet", book, out, mapping=mapping)
    assert report.validation.is_valid
    assert (report.rows_read, report.rows_kept, report.rejected) == (14, 7, 7)
    rejects = {r["record_id"]: r for r in rows(out / "rejects.csv")}
    serial = rejects["S02"]
    assert "Excel serial" in serial["reason"] and serial["value"] == "45363"
    assert serial["line"] == "4"  # worksheet row: title, header, S01, S02
    assert any("skipped 1 empty row(s)" in n for n in report.notes)
    xlsx_claims = by_id(out)
    s01 = xlsx_claims["S01a"]
    assert (s01["reported_date"], s01["event_date_start"]) == (
        "2024-03-13",
        "2024-03-12",
    )
    assert xlsx_claims["S03"]["event_date_end"] == "2024-03-15"  # text range, DMY


def test_import_sheet_xlsx_same_claims_as_csv(imported, tmp_path):
    book = tmp_path / "claims.xlsx"
    write_xlsx(book)
    mapping = tmp_path / "xlsx.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8").replace(
            "[sheet]\n", '[sheet]\nsheet = "Claims"\nheader_row = 2\n'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    import_file("sheet", book, out, mapping=mapping)
    from_csv, from_xlsx = by_id(imported[1]), by_id(out)
    assert set(from_csv) - set(from_xlsx) == {"S02"}  # the serial-date row
    for claim_id, claim in from_xlsx.items():
        other = from_csv[claim_id]
        for column in (
            "reported_date",
            "event_date_start",
            "event_date_end",
            "place_ids",
            "value_low",
            "value_best",
            "summary",
            "source_id",
        ):
            assert claim[column] == other[column], (claim_id, column)


def test_import_sheet_unknown_worksheet(tmp_path):
    book = tmp_path / "claims.xlsx"
    write_xlsx(book)
    mapping = tmp_path / "xlsx.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8").replace(
            "[sheet]\n", '[sheet]\nsheet = "Data"\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        ImportFailedError, match="no worksheet of that name; it has 'Claims'"
    ):
        import_file("sheet", book, tmp_path / "out", mapping=mapping)


def test_import_sheet_not_a_workbook(tmp_path):
    fake = tmp_path / "claims.xlsx"
    shutil.copy(SHEET, fake)
    with pytest.raises(ImportFailedError, match="cannot be read as an XLSX workbook"):
        import_file("sheet", fake, tmp_path / "out", mapping=MAPPING)


# -- optional columns ------------------------------------------------------------

OPTIONAL_SHEET = """\
id,who,type,url,text,lat,lon,cred,status,collected,lang
K1,Gladkov,shelling,https://example.org/1,ok,50.6,36.58,3,corroborated,2024-03-14T10:00:00+03:00,ru
K2,Gladkov,shelling,https://example.org/2,latitude in words,north,36.58,,,,
K3,Gladkov,shelling,https://example.org/3,credibility 7,,,7,,,
K4,Gladkov,shelling,https://example.org/4,naive time,,,,,2024-03-14 10:00,
K5,Gladkov,shelling,https://example.org/5,status outside the vocabulary,,,,rumoured,,
K6,Gladkov,shelling,javascript:alert(1),not a page,,,,,,
"""

OPTIONAL_MAPPING = """\
[columns]
claim_id = "id"
claimant = "who"
claim_type = "type"
url = "url"
summary = "text"
latitude = "lat"
longitude = "lon"
credibility = "cred"
status = "status"
collected_at = "collected"
language = "lang"
"""


def test_import_sheet_optional_columns_checked(tmp_path):
    sheet, mapping = tmp_path / "s.csv", tmp_path / "m.toml"
    sheet.write_text(OPTIONAL_SHEET, encoding="utf-8")
    mapping.write_text(OPTIONAL_MAPPING, encoding="utf-8")
    out = tmp_path / "out"
    report = import_file("sheet", sheet, out, mapping=mapping)
    assert report.validation.is_valid
    k1 = by_id(out)["K1"]
    assert (k1["latitude"], k1["geo_precision"], k1["credibility"], k1["status"]) == (
        "50.6",
        "exact",  # the sheet's own point
        "3",
        "corroborated",
    )
    assert (k1["collected_at"], k1["language"]) == ("2024-03-14T10:00:00+03:00", "ru")
    assert k1["date_precision"] == "unknown"  # no date columns mapped
    reasons = {r["record_id"]: r["reason"] for r in rows(out / "rejects.csv")}
    assert reasons["K2"].startswith("latitude not a number")
    assert reasons["K3"].startswith("credibility not read")
    assert reasons["K4"].startswith("collected_at not usable")
    assert reasons["K5"].startswith("status not in the kit's vocabulary")
    assert reasons["K6"].startswith("URL not usable")
