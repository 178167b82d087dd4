"""Typing cells never guesses, and every failure has a specific code and hint."""

from __future__ import annotations

import pandas as pd
import pytest

from osintkit.datapackage import Field
from osintkit.fields import format_value, parse_column


def parse(values, field):
    typed, problems = parse_column(pd.Series(values, dtype="str"), field)
    found = sorted(
        (int(row), value, p.code)
        for p in problems
        for row, value in zip(p.rows, p.values, strict=True)
    )
    return typed, found


def test_parse_string_keeps_na_none_null_as_values():
    typed, found = parse(["NA", "None", "null", ""], Field("country"))
    assert typed.tolist()[:3] == ["NA", "None", "null"]
    assert pd.isna(typed.iloc[3])
    assert found == []


def test_parse_string_keeps_leading_zeros_and_long_ids():
    typed, _ = parse(["007", "-1001234567890", "1793456789012345678"], Field("id"))
    assert typed.tolist() == ["007", "-1001234567890", "1793456789012345678"]


@pytest.mark.parametrize(
    ("value", "hint_part"),
    [
        pytest.param("12,5", "decimal point", id="decimal-comma"),
        pytest.param("1\u00a0234", "thousands separator", id="nbsp-thousands"),
        pytest.param("1 234", "thousands separator", id="space-thousands"),
        pytest.param("10-15", "value_text", id="range"),
        pytest.param("~20", "value_text", id="approximate"),
        pytest.param("десятки", "value_text", id="russian-word"),
        pytest.param("over 50", "value_text", id="english-words"),
    ],
)
def test_parse_number_rejects_text_with_specific_hint(value, hint_part):
    typed, problems = parse_column(pd.Series([value]), Field("n", type="number"))
    assert [p.code for p in problems] == ["type-error"]
    assert hint_part in problems[0].hint
    assert pd.isna(typed.iloc[0])


def test_parse_number_honours_declared_decimal_and_group_chars():
    field = Field("n", type="number", decimal_char=",", group_char="\u00a0")
    typed, found = parse(["12,5", "1\u00a0234,75"], field)
    assert typed.tolist() == [12.5, 1234.75]
    assert found == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        pytest.param("09/10/2018", "date-ambiguous", id="ambiguous-slashes"),
        pytest.param("12.03.2024", "date-ambiguous", id="dotted-day-first"),
        pytest.param("25/03/2024", "date-format", id="unambiguous-but-undeclared"),
        pytest.param("12/03/24", "date-ambiguous", id="two-digit-year"),
        pytest.param("45363", "date-excel-serial", id="excel-serial"),
        pytest.param("March 2024", "date-month-only", id="month-name"),
        pytest.param("2024-03", "date-month-only", id="iso-month"),
        pytest.param("2024-02-30", "date-invalid", id="no-such-day"),
        pytest.param("2024-03-12T10:00:00Z", "date-format", id="timestamp-in-date"),
    ],
)
def test_parse_date_codes(value, code):
    _, found = parse([value], Field("d", type="date", format="%Y-%m-%d"))
    assert found == [(0, value, code)]


def test_parse_date_reads_declared_day_first_format():
    typed, found = parse(["12.03.2024"], Field("d", type="date", format="%d.%m.%Y"))
    assert found == []
    assert typed.iloc[0] == pd.Timestamp("2024-03-12")


def test_parse_excel_serial_message_names_the_day():
    _, problems = parse_column(pd.Series(["45363"]), Field("d", type="date"))
    assert "2024-03-12" in problems[0].message


def test_parse_datetime_mixed_offsets_become_utc():
    field = Field("t", type="datetime")
    typed, found = parse(["2024-03-12T10:00:00+03:00", "2024-03-12T07:00:00Z"], field)
    assert found == []
    assert typed.iloc[0] == typed.iloc[1]


def test_parse_datetime_naive_needs_declared_zone():
    _, found = parse(["2024-03-12T10:00:00"], Field("t", type="datetime"))
    assert found == [(0, "2024-03-12T10:00:00", "datetime-naive")]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        pytest.param("2024-03-31T03:30:00", "datetime-nonexistent", id="dst-gap-kyiv"),
        pytest.param(
            "2024-10-27T03:30:00", "datetime-ambiguous", id="dst-overlap-kyiv"
        ),
    ],
)
def test_parse_datetime_dst_in_declared_zone(value, code):
    field = Field("t", type="datetime", timezone="Europe/Kyiv")
    _, found = parse([value, "2024-03-12T10:00:00"], field)
    assert found == [(0, value, code)]


def test_parse_datetime_localises_declared_zone():
    field = Field("t", type="datetime", timezone="Europe/Kyiv")
    typed, _ = parse(["2024-03-12T10:00:00"], field)
    assert typed.iloc[0] == pd.Timestamp("2024-03-12T08:00:00Z")


def test_constraints_report_each_cell():
    field = Field(
        "side",
        required=True,
        enum=("russia", "ukraine"),
        pattern="[a-z]+",
        unique=True,
    )
    _, found = parse(["russia", "Russia", "", "russia", "mars"], field)
    assert found == [
        (1, "Russia", "constraint-enum"),
        (1, "Russia", "constraint-pattern"),
        (2, "", "constraint-required"),
        (3, "russia", "constraint-unique"),
        (4, "mars", "constraint-enum"),
    ]


def test_enum_suggests_the_right_case():
    _, problems = parse_column(pd.Series(["Russia"]), Field("s", enum=("russia",)))
    assert "did you mean 'russia'" in problems[0].hint


def test_latitude_out_of_range_hints_at_swap():
    field = Field("latitude", type="number", minimum=-90, maximum=90)
    _, problems = parse_column(pd.Series(["135.2"]), field)
    assert [p.code for p in problems] == ["constraint-maximum"]
    assert "swapped" in problems[0].hint


def test_uri_format_refuses_javascript_and_data_urls():
    field = Field("url", format="uri")
    _, found = parse(
        ["javascript:alert(1)", "data:text/html,x", "https://ok.example/a"], field
    )
    assert [code for _, _, code in found] == ["type-error", "type-error"]


def test_invisible_characters_warn():
    _, problems = parse_column(pd.Series(["Bel\u200bgorod", "\u202eevil"]), Field("n"))
    assert [p.code for p in problems] == ["invisible-character"]
    assert problems[0].severity == "warning"
    assert list(problems[0].rows) == [0, 1]


def test_list_rejects_spaces_and_empty_items():
    field = Field("ids", type="list", delimiter=";")
    _, found = parse(["lsr;rdk", "lsr; rdk", "lsr;;rdk", "lsr"], field)
    assert found == [(1, "lsr; rdk", "type-error"), (2, "lsr;;rdk", "type-error")]


@pytest.mark.parametrize(
    ("value", "field", "text"),
    [
        pytest.param(2500.0, Field("n", type="number"), "2500", id="whole-number"),
        pytest.param(
            12.5, Field("n", type="number", decimal_char=","), "12,5", id="comma"
        ),
        pytest.param(7, Field("n", type="integer"), "7", id="integer"),
        pytest.param(
            True, Field("b", type="boolean", true_values=("true",)), "true", id="bool"
        ),
        pytest.param(pd.NA, Field("n", type="integer"), "", id="missing"),
        pytest.param(
            pd.Timestamp("2024-03-12"),
            Field("d", type="date", format="%d/%m/%Y"),
            "12/03/2024",
            id="declared-date-format",
        ),
    ],
)
def test_format_value(value, field, text):
    assert format_value(value, field) == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("plain ascii", id="ascii"),
        pytest.param("it’s – “typographic” ± 3", id="common-leads-only"),
        pytest.param("zero\u200bwidth", id="zwsp"),
        pytest.param("soft\u00adhyphen", id="soft-hyphen"),
        pytest.param("bidi \u202e override", id="rlo"),
        pytest.param("isolate \u2066x\u2069", id="isolate"),
        pytest.param("word\u2060joiner", id="word-joiner"),
        pytest.param("bom\ufeffinside", id="bom-inside"),
        pytest.param("not\u2065invisible", id="unassigned-gap"),
    ],
)
def test_has_invisible_agrees_with_the_byte_pattern(text):
    from osintkit.csvtable import has_invisible as _has_invisible
    from osintkit.fields import INVISIBLE_BYTES

    data = ("’" * 3 + text).encode("utf-8")
    assert _has_invisible(data, 0) == bool(INVISIBLE_BYTES.search(data))


def test_has_invisible_skips_the_byte_order_mark_and_many_common_leads():
    from osintkit.csvtable import has_invisible as _has_invisible

    assert not _has_invisible("\ufeffid,name\n1,x\n".encode(), 3)
    # more typographic apostrophes than the step-by-step search tries
    many = ("’" * 100_005 + "a\u200bb").encode()
    assert _has_invisible(many, 0)
    assert not _has_invisible(("’" * 100_005).encode(), 0)
