"""The table reader keeps every byte and reports every structural problem."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osintkit.csvtable import _parse_exact, read_csv_bytes
from osintkit.datapackage import Dialect
from osintkit.errors import FileChangedError


def unchanged(table):
    return [(row, None) for row in range(table.n_rows)]


ROUND_TRIP_CASES = [
    pytest.param(b"id,value\n1,50.60\n2,007\n", id="plain-lf"),
    pytest.param(b"id,value\r\n1,50.60\r\n2,007\r\n", id="crlf"),
    pytest.param(b"id,value\r1,a\r2,b\r", id="old-mac-cr"),
    pytest.param(b"id,value\n1,50.60\n2,007", id="no-final-newline"),
    pytest.param(codecs.BOM_UTF8 + b"id,value\n1,x\n", id="utf8-bom"),
    pytest.param(
        b'id,value\n1,"a ""quoted"" word"\n2,"multi\nline post"\n', id="quoted"
    ),
    pytest.param(b'id,value\n"1","always quoted"\n', id="needlessly-quoted"),
    pytest.param(b"id,value\n1,NA\n2,None\n3,null\n", id="na-as-text"),
    pytest.param(b"id,value\n-1001234567890,1793456789012345678\n", id="long-ids"),
    pytest.param("id,value\n1,Тёткино\n2,Тьоткіно\n".encode(), id="cyrillic"),
    pytest.param(b"id,value\n1,a\r\n2,b\n3,c", id="mixed-terminators"),
]


@pytest.mark.parametrize("raw", ROUND_TRIP_CASES)
def test_render_unchanged_is_byte_identical(raw):
    table, issues = read_csv_bytes(raw)
    assert issues == []
    assert table.render(unchanged(table)) == raw


@pytest.mark.parametrize("raw", ROUND_TRIP_CASES)
def test_fast_and_exact_parsers_agree(raw):
    table, _ = read_csv_bytes(raw)
    text = raw.decode("utf-8-sig")
    records, _ = _parse_exact(text, Dialect(), "x")
    assert [list(r.cells) for r in records[1:]] == table.cells.to_numpy().tolist()
    assert list(records[0].cells) == table.header


@pytest.mark.parametrize("broken_every", [0, 1, 7, 997])
@pytest.mark.parametrize("block_size", [64, 1000, 1 << 20])
@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_fast_parser_finds_line_breaks_in_cells_across_blocks(
    monkeypatch, broken_every, block_size, line_break
):
    # The fast path first parses without looking for line breaks inside
    # quoted cells (Arrow then splits blocks at any line break). A cell with
    # a line break, inside a block or on a block boundary, must still come
    # out whole, on its physical line. Arrow itself loses the "\n" of a
    # "\r\n" its blocks split, so those files are parsed as one block.
    import pyarrow.csv as pacsv

    real = pacsv.ReadOptions

    def small_blocks(**kwargs):
        kwargs.setdefault("block_size", block_size)
        return real(**kwargs)

    monkeypatch.setattr(pacsv, "ReadOptions", small_blocks)
    rows = ["id,text,n"]
    for i in range(3000):
        text = f'"cell {i}, with ""quotes"""'
        if broken_every and i % broken_every == 0:
            text = f'"cell {i}{line_break}broken {i}{line_break}three lines"'
        rows.append(f"{i},{text},{i * 7}")
    raw = ("\n".join(rows) + "\n").encode()
    table, issues = read_csv_bytes(raw)
    assert issues == []
    records, _ = _parse_exact(raw.decode(), Dialect(), "x")
    assert table.cells.to_numpy().tolist() == [list(r.cells) for r in records[1:]]
    assert table.lines_of_rows([0, 1, 2999]) == [r.line for r in records[1:3]] + [
        records[-1].line
    ]


@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
def test_fast_parser_finds_a_last_column_cell_cut_at_a_block_end(
    monkeypatch, line_break
):
    # A quoted cell in the last column whose line break falls on a block
    # boundary: Arrow ends the record there and reads the rest of the cell
    # as a line of its own; with as many commas as a row has, nothing is
    # ragged and the number of records still equals the number of lines.
    import pyarrow.csv as pacsv

    real = pacsv.ReadOptions
    monkeypatch.setattr(
        pacsv, "ReadOptions", lambda **kwargs: real(**{"block_size": 64, **kwargs})
    )
    wrong = []
    for broken in range(40):
        rows = ["id,n,text"]
        for i in range(40):
            text = f'"cell {i}"'
            if i == broken:
                text = f'"cell {i} first{line_break}second, line, more"'
            rows.append(f"{i},{i * 7},{text}")
        raw = ("\n".join(rows) + "\n").encode()
        table, issues = read_csv_bytes(raw)
        records, _ = _parse_exact(raw.decode(), Dialect(), "x")
        expected = [list(r.cells) for r in records[1:]]
        if (
            issues
            or table.cells.to_numpy().tolist() != expected
            or table.lines_of_rows(list(range(40))) != [r.line for r in records[1:]]
        ):
            wrong.append(broken)
    assert wrong == []


_CELL_TEXT = st.lists(
    st.sampled_from(["a", " ", ",", ",", ";", "\n", "\r", "\r\n", '"']), max_size=4
).map("".join)


@st.composite
def _csv_files(draw):
    width = draw(st.integers(1, 3))
    rows = draw(
        st.lists(st.lists(_CELL_TEXT, min_size=width, max_size=width), max_size=12)
    )
    ends = draw(
        st.lists(
            st.sampled_from(["\n", "\r\n", "\r"]),
            min_size=len(rows) + 1,
            max_size=len(rows) + 1,
        )
    )

    def quoted(cell: str) -> str:
        plain = not any(c in cell for c in ',"\n\r') and draw(st.booleans())
        return cell if plain else '"' + cell.replace('"', '""') + '"'

    header = ",".join(f"c{i}" for i in range(width))
    lines = [header, *(",".join(quoted(c) for c in row) for row in rows)]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text.encode()


@settings(max_examples=300, deadline=None)
@given(raw=_csv_files(), block_size=st.sampled_from([1, 2, 3, 5, 8, 13, 32, None]))
def test_fast_path_agrees_with_the_exact_parser_at_any_block_size(raw, block_size):
    # Arrow's blocks may cut a quoted cell anywhere: the fast path must give
    # the exact parser's cells, lines and issues, or leave the file to it.
    import pyarrow.csv as pacsv

    from osintkit import csvtable

    def outcome(table, issues):
        found = [(i.code, i.line, i.row, i.column) for i in issues]
        if table is None:
            return None, found
        cells = table.cells.to_numpy().tolist()
        return (table.header, cells, table.lines_of_rows(range(table.n_rows))), found

    real_options, real_fast = pacsv.ReadOptions, csvtable._parse_fast
    try:
        if block_size is not None:
            pacsv.ReadOptions = lambda **kw: real_options(
                **{"block_size": block_size, **kw}
            )
        fast = outcome(*read_csv_bytes(raw))
        pacsv.ReadOptions = real_options
        csvtable._parse_fast = lambda *args, **kwargs: None
        exact = outcome(*read_csv_bytes(raw))
    finally:
        pacsv.ReadOptions, csvtable._parse_fast = real_options, real_fast
    assert fast == exact


def test_render_one_edit_changes_only_that_line():
    raw = b'id,value,note\n1,50.60,"kept, quoted"\n2,007,x\n3,1,"y"\n'
    table, _ = read_csv_bytes(raw)
    rows = unchanged(table)
    rows[1] = (1, ["2", "8", "x"])  # only the second data row is edited
    out = table.render(rows)
    assert out.splitlines() == [
        b"id,value,note",
        b'1,50.60,"kept, quoted"',
        b"2,8,x",
        b'3,1,"y"',
    ]


def test_render_edit_keeps_quoting_of_unchanged_cells():
    raw = b'id,value,note\n1,"50.60","kept"\n'
    table, _ = read_csv_bytes(raw)
    out = table.render([(0, ["1", "51", "kept"])])
    assert out == b'id,value,note\n1,51,"kept"\n'


def test_render_appends_rows_and_keeps_missing_final_newline():
    raw = b"id,value\r\n1,a"
    table, _ = read_csv_bytes(raw)
    out = table.render([(0, None), (None, ["2", "b, c"])])
    assert out == b'id,value\r\n1,a\r\n2,"b, c"'


def test_render_deletes_rows():
    raw = b"id,value\n1,a\n2,b\n3,c\n"
    table, _ = read_csv_bytes(raw)
    assert table.render([(0, None), (2, None)]) == b"id,value\n1,a\n3,c\n"


def codes(issues):
    return [(i.line, i.column, i.code) for i in issues]


STRUCTURE_CASES = [
    pytest.param(b"", [(1, 1, "empty-file")], id="empty-file"),
    pytest.param(b"a,b,c\n1,2,3,4\n", [(2, 4, "extra-cell")], id="extra-cell"),
    pytest.param(b"a,b,c\n1,2\n", [(2, 3, "missing-cell")], id="missing-trailing-cell"),
    pytest.param(b"a,b\n1,2\n\n3,4\n", [(3, 1, "blank-row")], id="blank-line"),
    pytest.param(b"a,b\n1,2\n,\n", [(3, 1, "blank-row")], id="row-of-empty-cells"),
    pytest.param(
        b'a,b\n1,"open\n2,3\n', [(2, 2, "unclosed-quote")], id="unclosed-quote"
    ),
    pytest.param(b'a,b\n1,"x"y\n', [(2, 1, "csv-quoting")], id="text-after-quote"),
    pytest.param(b"a,b\n1,x\x00y\n", [(2, 2, "nul-byte")], id="nul-byte"),
    pytest.param(
        'a,b\n1,"line one\nline two"\n2,Белгород\n3,x,extra\n'.encode(),
        [(5, 3, "extra-cell")],
        id="line-numbers-count-quoted-newlines",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), STRUCTURE_CASES)
def test_read_reports_structure_problems(raw, expected):
    _, issues = read_csv_bytes(raw)
    assert codes(issues) == expected


def test_read_reports_every_undecodable_byte_with_line_and_column():
    raw = b"a,b\n1,caf\xe9\n2,ok\n3,\x92quoted\x92\n"  # cp1252 bytes declared as UTF-8
    table, issues = read_csv_bytes(raw, encoding="utf-8")
    assert table is None
    assert codes(issues) == [
        (2, 2, "encoding-error"),
        (4, 2, "encoding-error"),
        (4, 2, "encoding-error"),
    ]
    assert issues[0].value == "0xE9"


def test_read_decodes_declared_cp1252():
    raw = b"a,b\n1,caf\xe9 \x92x\x92\n"
    table, issues = read_csv_bytes(raw, encoding="cp1252")
    assert issues == []
    assert table.cells.iat[0, 1] == "café ’x’"
    assert table.render(unchanged(table)) == raw


def test_read_utf16_excel_export_needs_its_declaration():
    raw = "a,b\r\n1,Курск\r\n".encode("utf-16")
    _, issues = read_csv_bytes(raw, encoding="utf-8")
    assert codes(issues) == [(1, 1, "encoding-mismatch")]
    table, issues = read_csv_bytes(raw, encoding="utf-16")
    assert issues == []
    assert table.cells.iat[0, 1] == "Курск"
    assert table.render(unchanged(table)) == raw


def test_read_flags_mojibake():
    garbled = "Белгород".encode().decode("cp1251")  # 'Р‘РµР»РіРѕСЂРѕРґ'
    raw = f"a,b\n1,{garbled}\n".encode()
    _, issues = read_csv_bytes(raw)
    assert codes(issues) == [(2, 2, "mojibake")]
    assert "Белгород" in issues[0].message


def test_ukrainian_text_is_not_mojibake_and_takes_the_fast_path(monkeypatch):
    import osintkit.csvtable as csvtable

    def no_exact(*args, **kwargs):
        raise AssertionError("the exact parser was used")

    # "Рі" and "Сє" are one pair of the mojibake pattern each; mojibake is a run
    monkeypatch.setattr(csvtable, "_parse_exact", no_exact)
    raw = "a,b\n1,Рівненська область\n2,Сєвськ\n".encode()
    table, issues = read_csv_bytes(raw)
    assert issues == []
    assert table.cells.iat[1, 1] == "Сєвськ"


def test_read_semicolon_dialect():
    raw = b"a;b\n1;2,5\n"
    table, issues = read_csv_bytes(raw, dialect=Dialect(delimiter=";"))
    assert issues == []
    assert table.cells.iat[0, 1] == "2,5"


def test_unparseable_table_refuses_to_render():
    table, _ = read_csv_bytes(b'a,b\n1,"open\n')
    with pytest.raises(ValueError, match="quoting"):
        table.render([])


# -- the column-wise writer and reading its output back from memory -------------

WRITE_CASES = [
    pytest.param([["a", "b"], ["1", "2"]], id="plain"),
    pytest.param([["a,b", "c"], ["", "x"]], id="comma-and-empty"),
    pytest.param([['say "hi"', 'x"'], ["1", "2"]], id="quotes-doubled"),
    pytest.param([["multi\nline", "cr\ronly"], ["a\r\nb", "z"]], id="line-breaks"),
    pytest.param([["", ""], ["", ""]], id="blank-rows"),
    pytest.param([["Тёткино", "it’s ±3"], ["\u200bzw", "NA"]], id="unicode"),
    pytest.param([[], []], id="header-only"),
]


def _reference_csv(header, rows):
    # the kit's cell quoting (csvtable._quote), one line per row, LF
    from osintkit.csvtable import _quote

    lines = [",".join(_quote(c, Dialect()) for c in row) for row in [header, *rows]]
    return "".join(line + "\n" for line in lines).encode("utf-8")


@pytest.mark.parametrize("columns", WRITE_CASES)
def test_write_csv_bytes_matches_the_cell_writer(columns):
    import pyarrow as pa

    from osintkit.csvtable import write_csv_bytes

    header = ["first", "second"]
    arrays = [pa.array(c, pa.large_string()) for c in columns]
    rows = [list(r) for r in zip(*columns, strict=True)]
    assert write_csv_bytes(header, arrays) == _reference_csv(header, rows)


def test_write_csv_bytes_matches_csv_module_and_quotes_bare_cr():
    import csv
    import io

    import pyarrow as pa

    from osintkit.csvtable import write_csv_bytes

    rows = [["1", "a,b", 'q"q'], ["2", "", "line\nbreak"]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["id", "x", "y"], *rows])
    arrays = [pa.array(list(c)) for c in zip(*rows, strict=True)]
    assert write_csv_bytes(["id", "x", "y"], arrays) == buffer.getvalue().encode()
    # csv with lineterminator "\n" leaves a bare CR unquoted; the writer quotes it
    cr = write_csv_bytes(["id", "x"], [pa.array(["1"]), pa.array(["a\rb"])])
    assert cr == b'id,x\n1,"a\rb"\n'


_CELL = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\tТё’\u200b=')), max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=25),
    encoded=st.sampled_from(["plain", "dictionary", "repeated"]),
    step=st.sampled_from([None, 3, 7]),
)
def test_write_csv_bytes_round_trips_any_text(rows, encoded, step):
    """Any cells, as plain or dictionary columns, scanned in any block size."""
    import csv
    import io

    import pyarrow as pa

    import osintkit.csvtable as csvtable

    if encoded == "repeated":  # each row's cells repeated, as an event's claims
        rows = [row for row in rows for _ in range(2)]
    columns = [[row[k] for row in rows] for k in range(3)]
    arrays = [pa.array(c, pa.large_string()) for c in columns]
    if encoded != "plain":
        arrays = [a.dictionary_encode() for a in arrays]
    header = ["a", "b", "c"]
    saved = csvtable._SCAN_STEP
    try:
        if step is not None:
            csvtable._SCAN_STEP = step
        data = csvtable.write_csv_bytes(header, arrays)
    finally:
        csvtable._SCAN_STEP = saved
    assert data == _reference_csv(header, [list(r) for r in rows])
    read_back = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert read_back == [header, *[list(r) for r in rows]]


def test_write_csv_bytes_quotes_across_scan_blocks(monkeypatch):
    import pyarrow as pa

    import osintkit.csvtable as csvtable

    # blocks of 4 bytes: cells and their specials straddle block edges
    monkeypatch.setattr(csvtable, "_SCAN_STEP", 4)
    values = ["abcdef,", "", "x", 'lo"ng cell', "", "a,", "plain text", ","]
    data = csvtable.write_csv_bytes(["v", "n"], [pa.array(values), pa.array(values)])
    rows = [[v, v] for v in values]
    assert data == _reference_csv(["v", "n"], rows)


def test_write_csv_bytes_rejects_nulls():
    import pyarrow as pa

    from osintkit.csvtable import write_csv_bytes

    with pytest.raises(ValueError, match="without nulls"):
        write_csv_bytes(["a"], [pa.array(["x", None])])


@pytest.mark.parametrize("columns", WRITE_CASES)
def test_read_written_csv_equals_parsing_the_bytes(columns):
    import pyarrow as pa

    from osintkit.csvtable import read_written_csv, write_csv_bytes

    header = ["first", "second"]
    arrays = [pa.array(c, pa.large_string()) for c in columns]
    data = write_csv_bytes(header, arrays)
    parsed, parsed_issues = read_csv_bytes(data, label="t.csv")
    taken, taken_issues = read_written_csv(data, header, arrays, label="t.csv")
    assert taken.header == parsed.header
    assert taken.n_rows == parsed.n_rows
    for i in range(len(header)):
        assert taken.cells[i].tolist() == parsed.cells[i].tolist()
        assert taken.cells[i].dtype == parsed.cells[i].dtype
    assert taken_issues == parsed_issues  # blank rows, with their lines
    assert taken.broken_rows == parsed.broken_rows


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("nul\x00byte", id="nul-byte"),
        pytest.param("Р‘РµР»РіРѕСЂРѕРґ", id="mojibake"),
    ],
)
def test_read_written_csv_leaves_odd_content_to_the_exact_reader(cell):
    import pyarrow as pa

    from osintkit.csvtable import read_written_csv, write_csv_bytes

    arrays = [pa.array(["1"]), pa.array([cell])]
    data = write_csv_bytes(["id", "text"], arrays)
    assert read_written_csv(data, ["id", "text"], arrays) is None


def test_read_written_csv_refuses_bytes_of_another_header():
    import pyarrow as pa

    from osintkit.csvtable import read_written_csv, write_csv_bytes

    arrays = [pa.array(["1"]), pa.array(["x"])]
    data = write_csv_bytes(["id", "text"], arrays)
    assert read_written_csv(data, ["id", "other"], arrays) is None


# -- writing a file block by block, dictionary columns, constant columns -------


@pytest.mark.parametrize("columns", WRITE_CASES)
def test_write_csv_file_writes_the_bytes_of_write_csv_bytes(tmp_path, columns):
    import pyarrow as pa

    from osintkit.csvtable import write_csv_bytes, write_csv_file

    header = ["first", "second"]
    arrays = [pa.array(c, pa.large_string()) for c in columns]
    content = write_csv_file(tmp_path / "t.csv", header, arrays)
    data = (tmp_path / "t.csv").read_bytes()
    assert data == write_csv_bytes(header, arrays)
    assert content.size == len(data)
    assert content.line_breaks == data.count(b"\n") + data.count(b"\r") - data.count(
        b"\r\n"
    )
    assert content.invisible == ("\u200b" in "".join(c for col in columns for c in col))


def test_write_csv_bytes_in_blocks_with_dictionaries_and_constants(monkeypatch):
    import pyarrow as pa

    import osintkit.csvtable as csvtable

    monkeypatch.setattr(csvtable, "_BLOCK_BYTES", 16)  # a few rows per block
    shared = ["a,b", 'q"q', "", "plain"]
    rows = [3, 0, 0, 2, 1, 3, 3]
    columns = [
        pa.array([f"id{i}" for i in range(len(rows))]),
        # each row's cell is the dictionary entry it points to
        pa.DictionaryArray.from_arrays(pa.array(rows), pa.array(shared)),
        pa.array(["same, text"] * len(rows)),  # a constant that needs quotes
        pa.array([""] * len(rows)),  # an empty column next to it
        pa.DictionaryArray.from_arrays(pa.array(rows), pa.array(["k"] * 4)),
    ]
    header = ["id", "shared", "constant", "empty", "one"]
    cells = [[f"id{i}", shared[r], "same, text", "", "k"] for i, r in enumerate(rows)]
    assert csvtable.write_csv_bytes(header, columns) == _reference_csv(header, cells)
    # every column constant: the same line repeated
    constant = [pa.array(["x"] * 5), pa.array(["a\rb"] * 5)]
    assert csvtable.write_csv_bytes(["c", "d"], constant) == _reference_csv(
        ["c", "d"], [["x", "a\rb"]] * 5
    )


@pytest.mark.parametrize(
    "last",
    [
        pytest.param(["x", "y\nz", "w"], id="last-shared-with-break"),
        pytest.param(["x", "y", "w"], id="last-shared-without"),
        pytest.param(None, id="last-own"),
    ],
)
def test_write_csv_file_counts_line_breaks_of_shared_runs(tmp_path, monkeypatch, last):
    # columns sharing their rows are joined once per entry; the writer counts
    # the line breaks (also those in cells) without searching every block
    import pyarrow as pa

    import osintkit.csvtable as csvtable

    monkeypatch.setattr(csvtable, "_BLOCK_BYTES", 24)  # a few rows per block
    rows = [2, 0, 0, 1, 2, 2, 1]
    shared = [["a", "b\r\nc", 'q"q'], ["1", "2", "3"], ["cr\ronly", "", "e,f"]]
    columns = [pa.array([f"id{i}" for i in range(len(rows))])]
    columns += [
        pa.DictionaryArray.from_arrays(pa.array(rows), pa.array(entries))
        for entries in shared
    ]
    columns.append(pa.array(["const\nant"] * len(rows)))
    header = ["id", "s1", "s2", "s3", "constant", "last"]
    if last is None:
        columns.append(pa.array([f"own\n{i}" for i in range(len(rows))]))
        tail = [f"own\n{i}" for i in range(len(rows))]
    else:
        columns.append(pa.DictionaryArray.from_arrays(pa.array(rows), pa.array(last)))
        tail = [last[r] for r in rows]
    cells = [
        [f"id{i}", *(entries[r] for entries in shared), "const\nant", tail[i]]
        for i, r in enumerate(rows)
    ]
    content = csvtable.write_csv_file(tmp_path / "t.csv", header, columns)
    data = (tmp_path / "t.csv").read_bytes()
    assert data == _reference_csv(header, cells)
    assert content.line_breaks == data.count(b"\n") + data.count(b"\r") - data.count(
        b"\r\n"
    )


def test_start_csv_file_leaves_nothing_when_making_a_block_fails(tmp_path, monkeypatch):
    import pyarrow as pa

    import osintkit.csvtable as csvtable

    (tmp_path / "t.csv").write_bytes(b"old\n")

    def broken(*args, **kwargs):
        yield memoryview(b"h\n")
        raise RuntimeError("boom")

    monkeypatch.setattr(csvtable, "iter_csv_blocks", broken)
    with pytest.raises(RuntimeError, match="boom"):
        csvtable.start_csv_file(tmp_path / "t.csv", ["h"], [pa.array(["x"])])
    assert (tmp_path / "t.csv").read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@pytest.mark.parametrize("columns", WRITE_CASES)
def test_read_written_csv_from_written_content_equals_parsing(tmp_path, columns):
    import pyarrow as pa

    from osintkit.csvtable import read_written_csv, write_csv_file

    header = ["first", "second"]
    arrays = [pa.array(c, pa.large_string()) for c in columns]
    content = write_csv_file(tmp_path / "t.csv", header, arrays)
    parsed, parsed_issues = read_csv_bytes(
        (tmp_path / "t.csv").read_bytes(), label="t.csv"
    )
    taken, taken_issues = read_written_csv(content, header, arrays, label="t.csv")
    for i in range(len(header)):
        assert taken.cells[i].tolist() == parsed.cells[i].tolist()
    assert taken_issues == parsed_issues
    assert taken.lines_of_rows(list(range(taken.n_rows))) == parsed.lines_of_rows(
        list(range(parsed.n_rows))
    )
    assert taken.raw == (tmp_path / "t.csv").read_bytes()  # re-read, size checked
    (tmp_path / "t.csv").write_bytes(b"changed")
    taken.release()
    with pytest.raises(FileChangedError):
        _ = taken.raw


def test_read_written_csv_from_content_leaves_odd_content_to_the_exact_reader(
    tmp_path,
):
    import pyarrow as pa

    from osintkit.csvtable import read_written_csv, write_csv_file

    arrays = [pa.array(["1"]), pa.array(["Р‘РµР»РіРѕСЂРѕРґ"])]
    content = write_csv_file(tmp_path / "t.csv", ["id", "text"], arrays)
    assert read_written_csv(content, ["id", "text"], arrays) is None
    assert read_written_csv(content, ["id", "other"], arrays[:1] * 2) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("±3 km", id="plus-minus-shares-the-soft-hyphen-lead"),
        pytest.param("±3 soft\u00adhyphen", id="soft-hyphen-after-plus-minus"),
        pytest.param("’quoted’ – \u200bzwsp", id="zwsp-among-common-e2"),
        pytest.param("\u2065 not \u2066 isolate", id="u2065-is-not-invisible"),
        pytest.param("\uff01\ufeff", id="bom-after-full-width"),
        pytest.param("\u00ad" + "±" * 100_001, id="many-leads-after-the-hit"),
        pytest.param("±" * 100_001 + "\u00ad", id="many-leads-before-the-hit"),
        pytest.param("’" * 100_001 + "\u202e", id="many-e2-before-the-hit"),
        pytest.param("Э" * 100_001, id="many-ad-bytes-no-hit"),
    ],
)
def test_has_invisible_agrees_with_the_pattern(text):
    from osintkit.csvtable import has_invisible
    from osintkit.fields import INVISIBLE_BYTES

    data = text.encode("utf-8")
    for start in (0, 1, 4):
        assert has_invisible(data, start) == bool(INVISIBLE_BYTES.search(data, start))
