"""Read a CSV file as exact text cells, and write it back losing nothing.

:func:`read_csv_bytes` decodes with the declared encoding (never guessed; a
byte-order mark is honoured and kept), parses with the declared dialect, and
returns a :class:`RawTable`: the header, one text column per header cell, and
the original bytes. Every cell is a string; only the schema layer
(:mod:`osintkit.fields`) gives cells types, so ``007`` and ``NA`` stay text.

Parsing has two paths that give identical cells:

* a fast path with ``pyarrow.csv`` for well-formed UTF-8 files;
* an exact path with Python's :mod:`csv` (strict quoting) that knows the
  physical line of every record. It is taken whenever the fast path sees
  anything unusual (undecodable bytes, NUL, odd quoting, ragged rows), and
  lazily when an issue needs a line number or an edited table is saved.

:meth:`RawTable.render` writes the table back: records that did not change are
copied from the original text byte for byte (quoting, line endings, ``50.60``,
a missing final newline); changed records are re-serialised reusing the
original text of every unchanged cell.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import hashlib
import io
import queue
import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from osintkit.datapackage import Dialect
from osintkit.errors import FileChangedError
from osintkit.issues import Issue, make_visible
from osintkit.persist import atomic_write_parts

__all__ = [
    "RawTable",
    "Record",
    "WrittenContent",
    "decode_text",
    "dictionary_cells",
    "has_invisible",
    "iter_csv_blocks",
    "one_array",
    "read_csv_bytes",
    "read_csv_file",
    "read_written_csv",
    "shared_cells",
    "start_csv_file",
    "write_csv_bytes",
    "write_csv_file",
]

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Cyrillic UTF-8 read as cp1251: ER or ES (U+0420, U+0421) then a cp1251 high char.
_MOJIBAKE = re.compile(
    "(?:[\u0420\u0421][\u0080-\u00bf\u0401-\u040f\u0451-\u045f\u0490\u0491"
    "\u2013-\u203a\u2116\u2122]){2,}"
)

# The same pattern in UTF-8 bytes, to send suspicious files down the exact path.
# Two pairs or more, as above: one pair is ordinary Ukrainian ("Рівне", "Сєвськ").
_MOJIBAKE_BYTES = re.compile(
    rb"(?:\xd0[\xa0\xa1](?:\xc2[\x80-\xbf]|\xd0[\x81-\x8f]|\xd1[\x91-\x9f]"
    rb"|\xd2[\x90\x91]|\xe2\x80[\x93-\xba]|\xe2\x84[\x96\xa2])){2,}"
)

_STRING_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)

# fields.INVISIBLE_BYTES after the lead bytes EF and E2 (see has_invisible).
_BOM_BYTES = re.compile(rb"\xef\xbb\xbf")
_INVISIBLE_E2 = re.compile(
    rb"\xe2(?:\x80[\x8b-\x8f\xaa-\xae]|\x81[\xa0-\xa4\xa6-\xa9])"
)

# Parse problems after which the records do not cover the whole file.
_FATAL_PARSE = {"unclosed-quote", "csv-quoting"}


@dataclass(frozen=True)
class Record:
    """Where one CSV record sits in the decoded text."""

    start: int  # character offset of the record's first character
    end: int  # character offset just past its line terminator
    line: int  # physical line (1-based) where it starts
    cells: tuple[str, ...]

    def terminator(self, text: str) -> str:
        """Return the line terminator that ends the record ('' at end of file)."""
        tail = text[max(self.start, self.end - 2) : self.end]
        if tail.endswith("\r\n"):
            return "\r\n"
        if tail.endswith(("\n", "\r")):
            return tail[-1]
        return ""


@dataclass
class RawTable:
    """A CSV table as text cells, with everything needed to write it back.

    Attributes
    ----------
    label : str
        How issues name the file.
    raw : bytes
        The file's bytes, exactly as read (re-read from ``source`` after
        :meth:`release`, and checked against ``sha256``).
    encoding : str
        The codec the text was decoded with.
    bom : bytes
        The byte-order mark the file starts with (``b""`` when none).
    dialect : Dialect
        Delimiter and quoting.
    header : list of str
        The header cells as written.
    cells : pandas.DataFrame or None
        One text column per header cell (labelled by position ``0..n-1``);
        empty cells are ``""``, never NA. ``None`` after :meth:`release`.
    sha256 : str
        Digest of the file's bytes (computed when first asked for, from the
        bytes as read; ``""`` for a table that is not for saving).
    source : pathlib.Path or None
        The file it was read from, if any.
    """

    @property
    def raw(self) -> bytes:
        """The file's bytes as they were read.

        Raises
        ------
        FileChangedError
            When the bytes were released and the file changed on disk since.
        """
        if self._raw is not None:
            return self._raw
        if self.source is None or not (self.sha256 or self.size is not None):
            raise ValueError(f"{self.label}: the original bytes were released")
        data = self.source.read_bytes()
        if (
            hashlib.sha256(data).hexdigest() != self.sha256
            if self.sha256
            else len(data) != self.size
        ):
            raise FileChangedError(
                f"{self.source} changed on disk since it was loaded; load it again "
                "before saving, so that nothing is overwritten"
            )
        return data

    def release(self) -> None:
        """Free the text cells and cached text; keep what is needed to save.

        The original bytes are dropped too when they can be re-read from
        ``source`` (and verified against ``sha256``).
        """
        self.cells = None
        self._text = None
        self._records = None
        if self.source is not None:
            _ = self.sha256  # the re-read bytes are checked against it
            self._raw = None

    @property
    def sha256(self) -> str:
        """Digest of the file's bytes as read (``""``: not for saving)."""
        if self._digest is None:
            self._digest = hashlib.sha256(self.raw).hexdigest()
        return self._digest

    label: str
    _raw: bytes | None = field(repr=False)
    encoding: str
    bom: bytes
    dialect: Dialect
    header: list[str]
    cells: pd.DataFrame | None
    _digest: str | None = field(default="", repr=False)
    """``None``: not computed yet (see :attr:`sha256`)."""
    source: Path | None = None
    _text: str | None = field(default=None, repr=False)
    _records: list[Record] | None = field(default=None, repr=False)
    _simple_lines: bool | None = field(default=False, repr=False)
    complete: bool = True
    broken_rows: frozenset[int] = frozenset()
    """Data rows (0-based) with a structural problem (blank, too many or too
    few cells): reported once; their cells are not typed or checked."""
    n_rows: int = 0
    invisible: bool | None = None
    """Whether the bytes hold an invisible or bidi-control character, when
    already known (a file just written); ``None``: look in the bytes."""
    size: int | None = None
    """The file's size, for a table just written without a digest: the bytes
    re-read from ``source`` must have it."""

    @property
    def text(self) -> str:
        """The decoded text (without the byte-order mark)."""
        if self._text is None:
            self._text = self.raw[len(self.bom) :].decode(self.encoding)
        return self._text

    def records(self) -> list[Record]:
        """Return every record with its offsets and physical line (header first)."""
        if self._records is None:
            self._records, _ = _parse_exact(self.text, self.dialect, self.label)
        return self._records

    def may_hold_invisible(self) -> bool:
        """Whether the text may hold an invisible or bidi-control character.

        Exact for UTF-8 (the bytes are searched, or the writer's finding is
        used); ``True`` for other encodings, whose cells are then searched.
        """
        if self.encoding != "utf-8":
            return True
        if self.invisible is None:
            self.invisible = has_invisible(self.raw, len(self.bom))
        return self.invisible

    def _one_line_per_record(self) -> bool:
        """Whether record ``i`` sits on physical line ``i + 1`` (no quoted newlines)."""
        if self._simple_lines is None:
            physical = physical_lines(self.raw[len(self.bom) :])
            self._simple_lines = physical == self.n_rows + 1
        return self._simple_lines

    def line_of_row(self, row: int) -> int:
        """Return the physical line where data row ``row`` (0-based) starts."""
        if self._one_line_per_record():
            return row + 2
        records = self.records()
        return records[row + 1].line if row + 1 < len(records) else len(records) + 1

    def lines_of_rows(self, rows: Sequence[int]) -> list[int]:
        """Return the physical lines of several data rows (0-based)."""
        if not len(rows):
            return []
        if self._one_line_per_record():
            return [int(r) + 2 for r in rows]
        return [self.line_of_row(int(r)) for r in rows]

    def render(self, rows: list[tuple[int | None, list[str] | None]]) -> bytes:
        """Return the file's bytes for a new sequence of rows.

        Parameters
        ----------
        rows : list of (int or None, list of str or None)
            For each output row, the original data row it comes from (``None``
            for a new row) and its cells (``None`` when the row is unchanged).
            Changed cells are given as text; a cell equal to the original
            cell keeps its original spelling and quoting.

        Returns
        -------
        bytes
            The encoded file, byte-order mark included.
        """
        if not self.complete:
            raise ValueError(
                f"{self.label}: the file could not be parsed to its end, so it "
                "cannot be rewritten without losing data; fix its quoting first"
            )
        records = self.records()
        text = self.text
        default_terminator = records[0].terminator(text) or "\n"
        no_final_newline = not records[-1].terminator(text)
        pieces: list[str] = [text[records[0].start : records[0].end]]
        for origin, cells in rows:
            record = records[origin + 1] if origin is not None else None
            if record is not None and cells is None:
                piece = text[record.start : record.end]
            else:
                piece = self._serialise(record, cells or [], default_terminator)
            if not pieces[-1].endswith(("\n", "\r")):
                pieces[-1] += default_terminator
            pieces.append(piece)
        if no_final_newline:
            pieces[-1] = pieces[-1].rstrip("\r\n")
        elif not pieces[-1].endswith(("\n", "\r")):
            pieces[-1] += default_terminator
        return self.bom + "".join(pieces).encode(self.encoding)

    def _serialise(
        self, record: Record | None, cells: list[str], default_terminator: str
    ) -> str:
        text = self.text
        if record is None:
            return (
                self.dialect.delimiter.join(_quote(v, self.dialect) for v in cells)
                + default_terminator
            )
        terminator = record.terminator(text)
        body = text[record.start : record.end - len(terminator)]
        raw_cells = _split_raw_cells(body, self.dialect)
        serialised = [
            raw_cells[i]
            if i < len(record.cells) and i < len(raw_cells) and record.cells[i] == value
            else _quote(value, self.dialect)
            for i, value in enumerate(cells)
        ]
        return self.dialect.delimiter.join(serialised) + terminator


def read_csv_file(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    dialect: Dialect | None = None,
    label: str | None = None,
) -> tuple[RawTable | None, list[Issue]]:
    """Read a CSV file with a declared encoding and dialect.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    encoding : str
        Declared encoding (a Python codec name). A byte-order mark must agree
        with it; nothing is guessed.
    dialect : Dialect, optional
        Delimiter and quoting; the RFC 4180 comma dialect by default.
    label : str, optional
        How issues name the file; defaults to ``path``.

    Returns
    -------
    tuple of (RawTable or None, list of Issue)
        The table (``None`` when it cannot be read at all) and every problem.

    Examples
    --------
    >>> table, issues = read_csv_file(SAMPLE / "sources.csv")
    >>> table.header[:2], issues
    (['source_id', 'name'], [])
    """
    path = Path(path)
    label = label or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            Issue(
                file=label,
                line=1,
                column=1,
                code="file-unreadable",
                message=f"cannot read the file: {exc.strerror or exc}",
                hint="check that the path in datapackage.json exists and is readable",
            )
        ]
    table, issues = read_csv_bytes(raw, encoding=encoding, dialect=dialect, label=label)
    if table is not None:
        table.source = path
    return table, issues


def read_csv_bytes(
    raw: bytes,
    *,
    encoding: str = "utf-8",
    dialect: Dialect | None = None,
    label: str = "<bytes>",
) -> tuple[RawTable | None, list[Issue]]:
    """Parse CSV bytes; see :func:`read_csv_file`."""
    dialect = dialect or Dialect()
    if not raw:
        return None, [
            _file_issue(
                label,
                "empty-file",
                "the file is empty (not even a header)",
                "write the header row; an empty table still needs its header",
            )
        ]
    bom, codec, problem = _resolve_encoding(raw, encoding, label)
    if problem is not None:
        return None, [problem]
    body = raw[len(bom) :]
    if codec == "utf-8" and _looks_regular(body, dialect):
        table = _parse_fast(raw, bom, body, dialect, label)
        if table is not None:
            issues = _blank_row_issues(table)
            table.broken_rows = frozenset(i.row - 1 for i in issues if i.row)
            return table, issues
    text = body.decode(codec, errors="surrogateescape")
    records, issues = _parse_exact(text, dialect, label)
    if not records:
        issues.append(
            _file_issue(label, "empty-file", "the file has no header row", "write one")
        )
        return None, issues
    locate = _Locator(text, records, dialect)
    undecodable = _undecodable_issues(text, label, encoding, locate)
    if undecodable:
        return None, undecodable
    issues.extend(_nul_issues(text, label, locate))
    issues.extend(_mojibake_issues(text, label, codec, locate))
    table = _table_from_records(raw, bom, codec, dialect, label, text, records)
    table.complete = not any(i.code in _FATAL_PARSE for i in issues)
    structure = _structure_issues(table, records)
    table.broken_rows = frozenset(i.row - 1 for i in structure if i.row)
    issues.extend(structure)
    return table, issues


def _file_issue(label: str, code: str, message: str, hint: str) -> Issue:
    return Issue(file=label, line=1, column=1, code=code, message=message, hint=hint)


def _resolve_encoding(
    raw: bytes, declared: str, label: str
) -> tuple[bytes, str, Issue | None]:
    codec = codecs.lookup(declared).name
    family = codec.replace("-sig", "")
    for bom, bom_codec in _BOMS:
        if raw.startswith(bom):
            if family.startswith(bom_codec):
                decode_as = {"utf-8": "utf-8"}.get(bom_codec, codec)
                if bom_codec != "utf-8" and family in {"utf-16", "utf-32"}:
                    decode_as = _endian_codec(bom, bom_codec)
                return bom, decode_as, None
            name = bom_codec.upper()
            return (
                b"",
                codec,
                _file_issue(
                    label,
                    "encoding-mismatch",
                    f"the file starts with a {name} byte-order mark but "
                    f"{declared!r} is declared",
                    f'declare "encoding": "{bom_codec}" for this resource, '
                    "or save the file as declared",
                ),
            )
    if family in {"utf-16", "utf-32"}:
        return (
            b"",
            codec,
            _file_issue(
                label,
                "encoding-mismatch",
                f"{declared!r} is declared but the file has no byte-order mark",
                "declare utf-16-le / utf-16-be explicitly, or save with a BOM",
            ),
        )
    return b"", family if family == "utf-8" else codec, None


def _endian_codec(bom: bytes, family: str) -> str:
    little = bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE)
    return f"{family}-{'le' if little else 'be'}"


def _looks_regular(body: bytes, dialect: Dialect) -> bool:
    """Return whether the fast parser can be trusted with ``body``.

    Anything odd (NUL bytes, an odd number of quote characters, a quote inside
    an unquoted cell or after a closing quote) sends the file down the exact
    path, which reports it precisely.
    """
    if not _plain_content(body):
        return False
    quote = dialect.quote_char.encode()
    if quote in body:
        return _quotes_regular(body, ord(quote), ord(dialect.delimiter))
    return True


def _quotes_regular(body: bytes, quote: int, delimiter: int) -> bool:
    """Whether every quote character can open, close or double a quoted cell.

    Vectorised over the bytes: the quote count must be even, and no quote may
    stand between two ordinary characters (``5" screen``, ``"x"y``).
    """
    array = np.frombuffer(body, dtype=np.uint8)
    positions = np.flatnonzero(array == quote)
    if positions.size % 2:
        return False
    inner = positions[(positions > 0) & (positions < array.size - 1)]
    structural = np.array([delimiter, quote, 0x0D, 0x0A], dtype=np.uint8)
    before = np.isin(array[inner - 1], structural)
    after = np.isin(array[inner + 1], structural)
    return not bool((~before & ~after).any())


def _plain_content(body: bytes) -> bool:
    """Whether ``body`` holds no NUL byte and no text that looks like mojibake."""
    if b"\x00" in body:
        return False
    return body.isascii() or not search_after_lead(body, b"\xd0", _MOJIBAKE_BYTES)


def search_after_lead(
    data: bytes, lead: bytes, pattern: re.Pattern[bytes], start: int = 0
) -> bool:
    r"""Whether ``pattern`` (which always starts with ``lead``) occurs in ``data``.

    ``lead`` is found with ``bytes.find`` (``memchr`` for one byte: fast, no
    copy) and the pattern is tried only where it occurs, which is much faster
    than a regex scan of a large file whose lead bytes are rare. After many
    occurrences the regex takes over the rest of the search.

    Examples
    --------
    >>> search_after_lead("a\u200bb".encode(), b"\xe2", re.compile(rb"\xe2\x80\x8b"))
    True
    """
    position = data.find(lead, start)
    tried = 0
    while position != -1:
        if pattern.match(data, position):
            return True
        tried += 1
        if tried == 100_000:  # the lead is common here: let the regex scan
            return bool(pattern.search(data, position))
        position = data.find(lead, position + 1)
    return False


def has_invisible(data: bytes, start: int = 0) -> bool:
    r"""Whether UTF-8 bytes hold any invisible or bidi-control character.

    Every such character starts with the byte C2, E2 or EF; each is looked
    for from a byte found with ``memchr`` (:func:`search_after_lead`), so
    that common characters sharing a lead (``± ’ – “``) cost one step each
    rather than a regex scan of the whole file.

    Examples
    --------
    >>> has_invisible("it’s ±3".encode()), has_invisible("a\u200bb".encode())
    (False, True)
    >>> has_invisible("±soft\u00adhyphen".encode()), has_invisible("\ufeff".encode())
    (True, True)
    """
    if data.isascii():
        return False
    # fields.INVISIBLE_BYTES, split by lead byte: U+00AD (C2 AD) is found from its
    # rarer second byte (``±`` is C2 B1, common in notes), U+FEFF (EF BB BF)
    # and the E2 characters from their lead.
    return (
        _pair_after(data, 0xC2, b"\xad", start)
        or search_after_lead(data, b"\xef", _BOM_BYTES, start)
        or search_after_lead(data, b"\xe2", _INVISIBLE_E2, start)
    )


def _pair_after(data: bytes, first: int, second: bytes, start: int = 0) -> bool:
    r"""Whether the two bytes ``first`` ``second`` occur in ``data`` from ``start``.

    ``second`` is found with ``bytes.find`` (``memchr``) and the byte before
    it compared; after many occurrences one substring search decides.

    Examples
    --------
    >>> _pair_after(b"a\xc2\xb1 \xc2\xad", 0xC2, b"\xad")
    True
    >>> _pair_after(b"\xad\xc2", 0xC2, b"\xad")
    False
    """
    position = data.find(second, start + 1)
    tried = 0
    while position != -1:
        if data[position - 1] == first:
            return True
        tried += 1
        if tried == 100_000:
            return data.find(bytes([first]) + second, start) != -1
        position = data.find(second, position + 1)
    return False


def may_hold_invisible(data: bytes) -> bool:
    """Whether UTF-8 bytes may hold an invisible or bidi-control character.

    A cheap pre-test (``bytes.find``, no copy of the data): ASCII files hold
    none; otherwise the first two bytes of U+00AD, U+200B..U+206F and U+FEFF
    are looked for.
    """
    if data.isascii():
        return False
    return any(
        lead in data for lead in (b"\xe2\x80", b"\xe2\x81", b"\xc2\xad", b"\xef\xbb")
    )


def physical_lines(body: bytes) -> int:
    r"""Count the physical lines of ``body`` (``\n``, ``\r\n`` or ``\r`` ends one).

    Examples
    --------
    >>> physical_lines(b"a\nb\r\nc"), physical_lines(b"a\rb\n"), physical_lines(b"")
    (3, 2, 1)
    """
    terminators = body.count(b"\n")
    if b"\r" in body:
        terminators += body.count(b"\r") - body.count(b"\r\n")
    return terminators + (0 if body.endswith((b"\n", b"\r")) else 1)


def _parse_fast(
    raw: bytes, bom: bytes, body: bytes, dialect: Dialect, label: str
) -> RawTable | None:
    header = _first_record(body, dialect)
    if header is None:
        return None
    quoted = dialect.quote_char.encode() in body
    # Arrow splits a file into blocks at line breaks and parses the blocks on
    # all cores; with ``newlines_in_values`` it must find the breaks that are
    # not inside quotes, which is much slower. Most files have no line break
    # inside a cell, so the file is parsed without first, and that parse is
    # kept only if every physical line made one record and no record was cut
    # at a block's end. A cell whose line break fell on a block boundary ends
    # the block: Arrow closes it there, so it is the last cell of a record
    # (a cell before the last would leave its record short: ragged) and ends
    # with that line break; the rest of the cell is read as lines of its own,
    # which can keep the count of records right. Otherwise (Arrow refuses the
    # parse, a record took two lines, or one was cut) it is parsed again,
    # allowing line breaks in cells. (A file with a ragged or blank row is
    # thus parsed twice before the exact parser reports the row.)
    lines = physical_lines(body) if quoted else None
    table = _arrow_parse(body, dialect, len(header), newlines=False)
    if quoted and (table is None or table.num_rows != lines or _cut_at_block(table)):
        lines = None
        # Arrow (to 26 at least) drops the "\n" of a "\r\n" inside a quoted
        # cell when its blocks split the pair; a file with a "\r" is then
        # parsed as one block (one core), or by the exact parser if too big.
        whole = b"\r" in body
        if whole and len(body) >= _ONE_BLOCK_LIMIT:
            return None
        table = _arrow_parse(
            body,
            dialect,
            len(header),
            newlines=True,
            block_size=len(body) + 1 if whole else None,
        )
    if table is None or table.num_rows == 0:
        return None
    width = len(header)
    first = [table.column(i)[0].as_py() for i in range(width)]
    if first != header:
        return None
    # One chunk per column: later takes and filters do not pay per chunk.
    body_table = table.slice(1).combine_chunks()
    cells = pd.DataFrame(
        {
            i: body_table.column(i).to_pandas(types_mapper=_string_mapper)
            for i in range(width)
        }
    )
    return RawTable(
        label=label,
        _raw=raw,
        encoding="utf-8",
        bom=bom,
        dialect=dialect,
        header=header,
        cells=cells,
        _digest=None,  # computed when asked for (an import never asks)
        _simple_lines=True if lines is not None else None,
        n_rows=len(cells),
    )


def _cut_at_block(table: pa.Table) -> bool:
    r"""Whether a cell of the last column ends with a line break (see _parse_fast).

    Examples
    --------
    >>> _cut_at_block(pa.table({"a": ["1", "2"], "b": ["x", "y\n"]}))
    True
    """
    last = table.column(table.num_columns - 1)
    ends = pc.or_(pc.ends_with(last, "\n"), pc.ends_with(last, "\r"))
    return bool(pc.any(ends).as_py())


_ONE_BLOCK_LIMIT = 2**31 - 2
"""Arrow's largest block (its block size is a 32-bit integer)."""


def _arrow_parse(
    body: bytes,
    dialect: Dialect,
    width: int,
    *,
    newlines: bool,
    block_size: int | None = None,
) -> pa.Table | None:
    """Parse ``body`` with Arrow into ``width`` text columns (``None``: it cannot).

    A row with another number of cells than ``width`` makes it ``None`` (the
    exact parser then reports it). ``block_size`` overrides Arrow's default
    (1 MiB blocks, parsed on all cores).
    """
    ragged: list[object] = []

    def on_invalid(row: object) -> str:
        ragged.append(row)
        return "skip"

    names = [f"f{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(
                column_names=names,
                **({} if block_size is None else {"block_size": block_size}),
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=dialect.delimiter,
                quote_char=dialect.quote_char,
                double_quote=dialect.double_quote,
                newlines_in_values=newlines,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return None if ragged else table


def _string_mapper(dtype: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    return _STRING_DTYPE if dtype in (pa.string(), pa.large_string()) else None


def _first_record(body: bytes, dialect: Dialect) -> list[str] | None:
    head = body[: 1 << 16].decode("utf-8", errors="replace")
    reader = csv.reader(
        io.StringIO(head, newline=""),
        delimiter=dialect.delimiter,
        quotechar=dialect.quote_char,
        doublequote=dialect.double_quote,
        strict=True,
    )
    try:
        return next(reader)
    except (csv.Error, StopIteration):
        return None


class _Locator:
    """Map a character offset of the text to (line, data row, cell position)."""

    def __init__(self, text: str, records: list[Record], dialect: Dialect) -> None:
        self.text = text
        self.records = records
        self.dialect = dialect
        self.starts = [record.start for record in records]

    def __call__(self, index: int) -> tuple[int, int | None, int]:
        line = self.text.count("\n", 0, index) + 1
        position = bisect.bisect_right(self.starts, index) - 1
        if position < 0:
            return line, None, 1
        record = self.records[position]
        cell = _field_position(self.text, record.start, index, self.dialect)
        return line, (position or None), cell


def _located_issue(
    locate: _Locator,
    index: int,
    label: str,
    code: str,
    value: str | None,
    message: str,
    hint: str,
) -> Issue:
    """Build an issue about the character at ``index`` of the decoded text."""
    line, row, cell = locate(index)
    return Issue(
        file=label,
        line=line,
        column=cell,
        code=code,
        row=row,
        value=value,
        message=message,
        hint=hint,
    )


def _undecodable_issues(
    text: str, label: str, declared: str, locate: _Locator
) -> list[Issue]:
    """One issue per run of consecutive undecodable bytes (a word in cp1251...)."""
    issues = []
    for match in re.finditer("[\udc80-\udcff]+", text):
        run = match.group(0)
        shown = " ".join(f"0x{ord(ch) - 0xDC00:02X}" for ch in run[:8])
        shown += " …" if len(run) > 8 else ""
        issues.append(
            _located_issue(
                locate,
                match.start(),
                label,
                "encoding-error",
                shown,
                f"{len(run)} byte(s) ({shown}) are not valid {declared}",
                "declare the file's real encoding in datapackage.json "
                '(e.g. "encoding": "cp1252" or "cp1251"), or re-save it as UTF-8',
            )
        )
    return issues


def _nul_issues(text: str, label: str, locate: _Locator) -> list[Issue]:
    return [
        _located_issue(
            locate,
            match.start(),
            label,
            "nul-byte",
            "<U+0000>",
            "the cell contains a NUL byte",
            "remove it; NUL bytes come from broken exports or binary files",
        )
        for match in re.finditer("\x00", text)
    ]


def _mojibake_issues(
    text: str, label: str, codec: str, locate: _Locator
) -> list[Issue]:
    issues: list[Issue] = []
    if codec.replace("_", "").startswith(("cp1251", "windows1251")):
        return issues
    for match in _MOJIBAKE.finditer(text):
        fragment = match.group(0)
        try:
            repaired = fragment.encode("cp1251").decode("utf-8")
        except UnicodeError:
            continue
        issues.append(
            _located_issue(
                locate,
                match.start(),
                label,
                "mojibake",
                make_visible(fragment),
                f"text {fragment!r} is UTF-8 that was read as cp1251 "
                f"(it should read {repaired!r})",
                "re-export the original file as UTF-8; do not open and re-save "
                "it in a program that assumed cp1251",
            )
        )
    return issues


class _LineCounter:
    """Iterate over lines while remembering offsets, for the exact parser."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.offset = 0
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            raise StopIteration
        self.offset += len(line)
        self.line += 1
        return line


def _parse_exact(
    text: str, dialect: Dialect, label: str
) -> tuple[list[Record], list[Issue]]:
    counter = _LineCounter(text)
    reader = csv.reader(
        counter,
        delimiter=dialect.delimiter,
        quotechar=dialect.quote_char,
        doublequote=dialect.double_quote,
        strict=True,
    )
    records: list[Record] = []
    issues: list[Issue] = []
    start, start_line = 0, 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            issues.append(_quoting_issue(text, start, start_line, dialect, label, exc))
            break
        records.append(Record(start, counter.offset, start_line, tuple(cells)))
        start, start_line = counter.offset, counter.line + 1
    return records, issues


def _quoting_issue(
    text: str, start: int, start_line: int, dialect: Dialect, label: str, exc: Exception
) -> Issue:
    message = str(exc)
    if "unexpected end of data" in message:
        return Issue(
            file=label,
            line=start_line,
            column=_field_position(text, start, len(text), dialect),
            code="unclosed-quote",
            message="a quoted cell is never closed before the end of the file",
            hint=f"add the closing {dialect.quote_char} (a quote inside a quoted "
            f"cell is written twice: {dialect.quote_char * 2})",
        )
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    return Issue(
        file=label,
        line=start_line,
        column=1,
        code="csv-quoting",
        value=make_visible(text[start:line_end]),
        message=f"malformed quoting: {message}",
        hint=f"a quoted cell must end right after its closing {dialect.quote_char}; "
        f"write a quote inside a cell twice ({dialect.quote_char * 2})",
    )


def _field_position(text: str, start: int, end: int, dialect: Dialect) -> int:
    """Return the 1-based cell position at which an unclosed quote opens."""
    in_quotes = False
    position = opened_at = 1
    for char in text[start:end]:
        if char == dialect.quote_char:
            if in_quotes:
                in_quotes = False
            else:
                in_quotes = True
                opened_at = position
        elif char == dialect.delimiter and not in_quotes:
            position += 1
        elif char in "\r\n" and not in_quotes:
            break
    return opened_at if in_quotes else position


def _table_from_records(
    raw: bytes,
    bom: bytes,
    codec: str,
    dialect: Dialect,
    label: str,
    text: str,
    records: list[Record],
) -> RawTable:
    header = list(records[0].cells)
    width = len(header)
    columns: list[list[str]] = [[] for _ in range(width)]
    for record in records[1:]:
        cells = record.cells
        for i in range(width):
            columns[i].append(cells[i] if i < len(cells) else "")
    cells_frame = pd.DataFrame(
        {i: pd.Series(columns[i], dtype=_STRING_DTYPE) for i in range(width)}
    )
    return RawTable(
        label=label,
        _raw=raw,
        encoding=codec,
        bom=bom,
        dialect=dialect,
        header=header,
        cells=cells_frame,
        _digest=None,  # computed when asked for (an import never asks)
        _text=text,
        _records=records,
        n_rows=len(records) - 1,
    )


def _structure_issues(table: RawTable, records: list[Record]) -> list[Issue]:
    width = len(table.header)
    issues: list[Issue] = []
    for row, record in enumerate(records[1:], start=1):
        count = len(record.cells)
        if count == 0 or (all(cell == "" for cell in record.cells) and count <= width):
            issues.append(_blank_row_issue(table.label, record.line, row))
        elif count > width:
            issues.append(
                Issue(
                    file=table.label,
                    line=record.line,
                    column=width + 1,
                    code="extra-cell",
                    row=row,
                    value=make_visible(record.cells[width]),
                    message=f"the row has {count} cells but the header has {width}",
                    hint="remove the extra cell, or quote a cell that contains the "
                    f"delimiter {table.dialect.delimiter!r}",
                )
            )
        elif count < width:
            issues.append(
                Issue(
                    file=table.label,
                    line=record.line,
                    column=count + 1,
                    code="missing-cell",
                    row=row,
                    field=table.header[count],
                    message=f"the row has {count} cells but the header has {width}",
                    hint="add the missing cells (empty ones still need their "
                    "delimiters)",
                )
            )
    return issues


def _blank_row_issue(label: str, line: int, row: int) -> Issue:
    return Issue(
        file=label,
        line=line,
        column=1,
        code="blank-row",
        row=row,
        message="the row is blank",
        hint="delete the blank line; blank rows are not records",
    )


def _blank_row_issues(table: RawTable) -> list[Issue]:
    if table.n_rows == 0:
        return []
    blank = np.ones(table.n_rows, dtype=bool)
    assert table.cells is not None, "the table's cells were released"
    for column in table.cells.columns:
        shared = shared_cells(table.cells[column])
        if shared is None:
            blank &= (table.cells[column] == "").to_numpy()
        else:
            rows, entries = shared
            blank &= (entries == "").to_numpy()[rows]
        if not blank.any():  # usually after the first column (the key)
            return []
    rows = np.flatnonzero(blank)
    lines = table.lines_of_rows(rows.tolist())
    return [
        _blank_row_issue(table.label, line, int(row) + 1)
        for row, line in zip(rows, lines, strict=True)
    ]


def one_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Return a column as one Arrow array, without a copy when it has one chunk.

    ``ChunkedArray.combine_chunks`` copies even a single chunk (hundreds of
    megabytes for a column of sentences).

    Examples
    --------
    >>> one_array(pa.chunked_array([["a"], ["b"]])).to_pylist()
    ['a', 'b']
    """
    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def dictionary_cells(column: pd.Series) -> pa.DictionaryArray | None:
    """Return a dictionary-typed column as one Arrow array, else ``None``.

    Examples
    --------
    >>> array = pa.DictionaryArray.from_arrays([1, 0], ["a", "b"])
    >>> dictionary_cells(pd.Series(pd.arrays.ArrowExtensionArray(array))).to_pylist()
    ['b', 'a']
    >>> dictionary_cells(pd.Series(["a"])) is None
    True
    """
    dtype = column.dtype
    if not (
        isinstance(dtype, pd.ArrowDtype) and pa.types.is_dictionary(dtype.pyarrow_dtype)
    ):
        return None
    return one_array(column.array.__arrow_array__())


def shared_cells(column: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """Split a column of shared cells into each row's entry and the entries.

    :func:`read_written_csv` keeps a column written from a dictionary array
    (rows sharing cells) as one, so that each entry is checked once.

    Parameters
    ----------
    column : pandas.Series
        A column of :attr:`RawTable.cells`.

    Returns
    -------
    tuple of (numpy.ndarray, pandas.Series), or None
        The entry of each row (positions into the entries) and the entries
        as text; ``None`` for a plain text column.

    Examples
    --------
    >>> array = pa.DictionaryArray.from_arrays([1, 0, 1], ["a", "b"])
    >>> rows, entries = shared_cells(pd.Series(pd.arrays.ArrowExtensionArray(array)))
    >>> rows.tolist(), entries.tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    array = dictionary_cells(column)
    if array is None or array.null_count:  # nulls: not written by write_csv_bytes
        return None
    entries = pa.chunked_array([_large_text(array.dictionary)])
    rows = array.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    # pandas-stubs lack StringDtype.__from_arrow__ (pandas has it)
    strings = _STRING_DTYPE.__from_arrow__(entries)  # type: ignore[attr-defined]
    return rows, pd.Series(strings)


def _split_raw_cells(record_text: str, dialect: Dialect) -> list[str]:
    """Split one record's text into cells, keeping each cell's original spelling."""
    cells: list[str] = []
    current: list[str] = []
    in_quotes = False
    quote = dialect.quote_char
    for char in record_text:
        if char == quote:
            in_quotes = not in_quotes
            current.append(char)
        elif char == dialect.delimiter and not in_quotes:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
    cells.append("".join(current))
    return cells


def _quote(value: str, dialect: Dialect) -> str:
    """Quote a cell minimally, as Python's csv.QUOTE_MINIMAL would."""
    quote = dialect.quote_char
    if any(ch in value for ch in (dialect.delimiter, quote, "\r", "\n")):
        return quote + value.replace(quote, quote * 2) + quote
    return value


# -- writing text columns -------------------------------------------------------

_LARGE = pa.large_string()
_SPECIAL = tuple(b'",\r\n')
_SCAN_STEP = 1 << 24
#: About how many bytes of CSV the writer makes at a time.
_BLOCK_BYTES = 1 << 24


def write_csv_bytes(
    header: Sequence[str], columns: Sequence[pa.Array | pa.ChunkedArray]
) -> bytes:
    r"""Write text columns as CSV: minimal quoting, UTF-8, LF line endings.

    A cell is quoted only when it holds a comma, a quote (written twice) or a
    line break, as curators write CSV by hand and as :mod:`csv` does with
    ``QUOTE_MINIMAL`` and ``lineterminator="\n"``. Built column-wise with
    pyarrow: no Python call per cell. A column may be a dictionary array
    (each row's cell is its dictionary entry): the dictionary is quoted once.

    Parameters
    ----------
    header : sequence of str
        The column names.
    columns : sequence of pyarrow arrays
        The cells, one text array per column, all of one length, with no
        nulls (an empty cell is ``""``).

    Returns
    -------
    bytes
        The file's content: the header line and one line per row.

    Examples
    --------
    >>> cells = [pa.array(["a", 'say "hi", then go']), pa.array(["1", ""])]
    >>> write_csv_bytes(["text", "n"], cells)
    b'text,n\na,1\n"say ""hi"", then go",\n'
    """
    return b"".join(bytes(block) for block in iter_csv_blocks(header, columns))


@dataclass(frozen=True)
class WrittenContent:
    """What :func:`write_csv_file` wrote: facts about the bytes, not the bytes.

    Gathered from each block of bytes as it was written, so that the file can
    be checked without being held in memory or read again (see
    :func:`read_written_csv`).

    Attributes
    ----------
    path : pathlib.Path
        The file written.
    header : tuple of str
        The column names of its header line.
    size : int
        Its size in bytes.
    line_breaks : int
        Its physical line terminators (LF, CRLF or a lone CR).
    plain : bool
        No NUL byte and no text that looks like mojibake
        (what :func:`read_csv_bytes` needs to take its fast path).
    invisible : bool
        Whether it holds an invisible or direction-changing character.
    """

    path: Path
    header: tuple[str, ...]
    size: int
    line_breaks: int
    plain: bool
    invisible: bool


class _ContentScan:
    """Facts about bytes fed block by block (each block ends at a line end)."""

    def __init__(self) -> None:
        self.size = 0
        self.line_breaks = 0
        self.nul = False
        self.mojibake = False
        self.invisible = False

    def feed(self, block: bytes, line_breaks: int | None = None) -> None:
        """Take in the next block, and its line breaks if the writer counted them."""
        self.size += len(block)
        self.line_breaks += _count_breaks(block) if line_breaks is None else line_breaks
        self.nul = self.nul or b"\x00" in block
        if block.isascii():
            return
        self.mojibake = self.mojibake or search_after_lead(
            block, b"\xd0", _MOJIBAKE_BYTES
        )
        self.invisible = self.invisible or has_invisible(block)


def write_csv_file(
    path: str | Path,
    header: Sequence[str],
    columns: Sequence[pa.Array | pa.ChunkedArray],
) -> WrittenContent:
    """Write text columns as a CSV file, atomically, a block of rows at a time.

    The bytes are those of :func:`write_csv_bytes` (same quoting, same
    lines), written as they are made, so that a table of gigabytes is never
    held whole in memory; the file replaces ``path`` atomically (see
    :func:`osintkit.persist.atomic_write_parts`).

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write.
    header, columns
        As for :func:`write_csv_bytes`.

    Returns
    -------
    WrittenContent
        Its size and what the checks need to know about its bytes.

    Raises
    ------
    SaveError
        When the file cannot be written (the target is then unchanged).
    """
    return start_csv_file(path, header, columns).result()


def start_csv_file(
    path: str | Path,
    header: Sequence[str],
    columns: Sequence[pa.Array | pa.ChunkedArray],
) -> Future[WrittenContent]:
    """Write a CSV file as :func:`write_csv_file` does, finishing in the background.

    The blocks are made in the calling thread and written, scanned, flushed
    and fsynced by a writer thread, so that making the next block overlaps
    writing the last; this returns once every block is made, while the
    writer may still be writing and syncing. The file is in place (atomically)
    when the future's result is available.

    Returns
    -------
    concurrent.futures.Future of WrittenContent
        Its result is what :func:`write_csv_file` returns; it raises what
        writing raised (:class:`~osintkit.errors.SaveError`), and the target
        is then unchanged.
    """
    path = Path(path)
    scan = _ContentScan()
    pipe: queue.Queue[tuple[memoryview, int | None] | BaseException | None] = (
        queue.Queue(maxsize=2)
    )

    def parts() -> Iterator[bytes]:
        while True:
            item = pipe.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            view, breaks = item
            block = bytes(view)
            scan.feed(block, breaks)
            yield block

    def write() -> WrittenContent:
        atomic_write_parts(path, parts())
        return WrittenContent(
            path=path,
            header=tuple(header),
            size=scan.size,
            line_breaks=scan.line_breaks,
            plain=not scan.nul and not scan.mojibake,
            invisible=scan.invisible,
        )

    result: Future[WrittenContent] = Future()
    result.set_running_or_notify_cancel()

    def run() -> None:
        try:
            result.set_result(write())
        except BaseException as exc:  # handed to the caller through the future
            result.set_exception(exc)

    writer = threading.Thread(target=run, name=f"write {path.name}", daemon=True)
    writer.start()

    def send(item: tuple[memoryview, int | None] | BaseException | None) -> bool:
        while not result.done():
            try:
                pipe.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False  # the writer stopped (its error is in the future)

    counts: list[int] = []
    try:
        for view in iter_csv_blocks(header, columns, counts):
            if not send((view, counts.pop() if counts else None)):
                break
        else:
            send(None)
    except BaseException as exc:
        send(exc)  # the writer removes its temporary file
        writer.join()
        raise
    return result


def iter_csv_blocks(
    header: Sequence[str],
    columns: Sequence[pa.Array | pa.ChunkedArray],
    line_breaks: list[int] | None = None,
) -> Iterator[memoryview]:
    """Yield the CSV bytes of :func:`write_csv_bytes` in blocks of whole lines.

    The header line first, then blocks of about :data:`_BLOCK_BYTES` bytes.
    Each block is a view of a buffer that is released when the next block is
    made: use (write, copy) it before asking for the next.

    Parameters
    ----------
    header, columns
        As for :func:`write_csv_bytes`.
    line_breaks : list of int, optional
        Receives, before each block is yielded, the number of physical line
        breaks in it (LF, CRLF or a lone CR): one per row, and those inside
        quoted cells, counted only in columns that hold any.
    """
    names = [_quote(str(name), Dialect()) for name in header]
    first = (",".join(names) + "\n").encode("utf-8")
    if line_breaks is not None:
        line_breaks.append(_count_breaks(first))
    yield memoryview(first)
    arrays = [_writable(column) for column in columns]
    if not arrays or not len(arrays[0]):
        return
    if len({len(array) for array in arrays}) > 1:
        raise ValueError("write_csv_bytes takes columns of one length")
    n = len(arrays[0])
    per_row = len(arrays) + sum(_mean_cell_bytes(array) for array in arrays)
    step = max(1, int(_BLOCK_BYTES // per_row))
    # Runs of columns with one value in every row (empty, or a constant) are
    # written as one piece of text: fewer pieces to join on every line.
    segments: list[pa.Array | str] = []
    for array in arrays:
        value = _constant_cell(array)
        if value is None:
            segments.append(array)
        elif segments and isinstance(segments[-1], str):
            segments[-1] += "," + value
        else:
            segments.append(value)
    comma, newline = pa.scalar(",", _LARGE), pa.scalar("\n", _LARGE)
    empty = pa.scalar("", _LARGE)
    if isinstance(segments[-1], str):
        segments[-1] += "\n"
    if all(isinstance(segment, str) for segment in segments):
        line = ",".join(str(segment) for segment in segments).encode("utf-8")
        for start in range(0, n, step):
            if line_breaks is not None:
                line_breaks.append(_count_breaks(line) * min(step, n - start))
            yield memoryview(line * min(step, n - start))
        return
    # What may hold line breaks (a dictionary is searched once), before the
    # line's own break goes into the last column's entries (once per entry).
    parts = [_Segment(segment, _may_break(segment)) for segment in segments]
    last = segments[-1]
    folded = isinstance(last, pa.DictionaryArray)
    if folded:
        assert isinstance(last, pa.DictionaryArray)
        entries = pc.binary_join_element_wise(last.dictionary, newline, empty)
        parts[-1] = _Segment(
            pa.DictionaryArray.from_arrays(last.indices, entries), parts[-1].breaks
        )
    parts = _join_shared_runs(parts)
    segments = [part.value for part in parts]
    for start in range(0, n, step):
        cells = [
            pa.scalar(segment, _LARGE)
            if isinstance(segment, str)
            else _block_cells(segment, start, step)
            for segment in segments
        ]
        if line_breaks is not None:
            rows = min(step, n - start)
            line_breaks.append(_block_breaks(parts, cells, rows, folded))
        if isinstance(segments[-1], pa.Array) and not isinstance(
            segments[-1], pa.DictionaryArray
        ):
            cells[-1] = pc.binary_join_element_wise(cells[-1], newline, empty)
        # one piece: the lines are made already (a row of shared cells only)
        lines = (
            cells[0] if len(cells) == 1 else pc.binary_join_element_wise(*cells, comma)
        )
        offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
        offsets = offsets[lines.offset : lines.offset + len(lines) + 1]
        yield memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]]


@dataclass(frozen=True)
class _Segment:
    """A piece of every line: a column, or text shared by every row.

    ``breaks`` is, for text, how many line breaks it holds; for a column,
    whether its cells may hold any (then they are counted block by block).
    """

    value: pa.Array | str
    breaks: int


def _may_break(segment: pa.Array | str) -> int:
    """Line breaks in a constant; for a column, whether its cells may hold any."""
    if isinstance(segment, str):
        return _count_breaks(segment.encode("utf-8"))
    if isinstance(segment, pa.DictionaryArray):
        return int(_holds_breaks(_value_bytes(segment.dictionary)[0]))
    return 1  # a plain column: its cells are searched block by block


def _block_breaks(
    parts: list[_Segment], cells: list[Any], rows: int, folded: bool
) -> int:
    """Count the line breaks of a block of ``rows`` lines made of ``cells``.

    One per line, and those inside cells (searched only in the columns that
    may hold any). ``folded``: the last column's cells end with the line's
    own break, which is not counted twice.
    """
    total = rows
    for part, cell in zip(parts, cells, strict=True):
        if not part.breaks:
            continue
        if isinstance(part.value, str):
            total += part.breaks * rows
        else:
            total += _count_breaks(_value_bytes(cell)[0].tobytes())
    if folded and parts[-1].breaks:
        total -= rows
    return total


def _join_shared_runs(segments: list[_Segment]) -> list[_Segment]:
    """Join runs of dictionary columns that share their indices, entry by entry.

    Rows that share most of their cells (the claims of one event) are given as
    dictionary columns with the same indices: such a run of columns (and the
    constant pieces between them) is one piece of text per dictionary entry,
    joined once per entry rather than once per row, and taken once per block.

    Examples
    --------
    >>> rows = pa.array([1, 0, 1])
    >>> a = pa.DictionaryArray.from_arrays(rows, pa.array(["a0", "a1"], _LARGE))
    >>> b = pa.DictionaryArray.from_arrays(rows, pa.array(["b0", "b1"], _LARGE))
    >>> parts = [_Segment(a, 0), _Segment("x", 0), _Segment(b, 1)]
    >>> (joined,) = _join_shared_runs(parts)
    >>> joined.value.dictionary.to_pylist(), joined.value.indices.to_pylist()
    (['a0,x,b0', 'a1,x,b1'], [1, 0, 1])
    >>> joined.breaks
    1
    """
    out: list[_Segment] = []
    run: list[_Segment] = []  # a dictionary column, then what shares its rows

    def close() -> None:
        tail: list[_Segment] = []
        while run and isinstance(run[-1].value, str):
            tail.insert(0, run.pop())
        if sum(not isinstance(part.value, str) for part in run) > 1:
            pieces = [
                pa.scalar(part.value, _LARGE)
                if isinstance(part.value, str)
                else part.value.dictionary
                for part in run
            ]
            joined = pc.binary_join_element_wise(*pieces, pa.scalar(",", _LARGE))
            first = run[0].value  # a run starts with a dictionary column
            assert isinstance(first, pa.DictionaryArray)
            value = pa.DictionaryArray.from_arrays(first.indices, joined)
            out.append(_Segment(value, int(any(part.breaks for part in run))))
        else:
            out.extend(run)
        out.extend(tail)
        run.clear()

    for segment in segments:
        if run and (
            isinstance(segment.value, str) or _shares_rows(run[0].value, segment.value)
        ):
            run.append(segment)
            continue
        close()
        if isinstance(segment.value, pa.DictionaryArray):
            run.append(segment)
        else:
            out.append(segment)
    close()
    return out


def _shares_rows(first: pa.Array | str, other: pa.Array | str) -> bool:
    """Whether two dictionary columns pick their entries by the same indices."""
    return (
        isinstance(first, pa.DictionaryArray)
        and isinstance(other, pa.DictionaryArray)
        and len(first.dictionary) == len(other.dictionary)
        and first.indices.equals(other.indices)
    )


def _constant_cell(array: pa.Array) -> str | None:
    """Return the quoted cell of a column whose rows all hold one value, or None."""
    values = array.dictionary if isinstance(array, pa.DictionaryArray) else array
    if not len(values):
        return None
    raw, offsets = _value_bytes(values)
    if not raw.size:
        return ""
    lengths = np.diff(offsets)
    if (lengths != lengths[0]).any():
        return None
    # cells of one length: compare their bytes with the first cell's, a sample
    # of cells first (a column of dates differs early)
    cells = raw.reshape(len(values), int(lengths[0]))
    sample = cells[:: max(1, len(values) // 64)]
    if (sample != cells[0]).any() or (cells != cells[0]).any():
        return None
    value = bytes(cells[0]).decode("utf-8")
    # a dictionary is quoted already (see _writable); a text column is not
    return value if values is not array else _quote(value, Dialect())


def _writable(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Return a column ready to be written: text, or a dictionary of quoted text."""
    column = one_array(column)
    if isinstance(column, pa.DictionaryArray):
        dictionary = _large_text(column.dictionary)
        if column.null_count or dictionary.null_count:
            raise ValueError(
                "write_csv_bytes takes text cells without nulls ('' if empty)"
            )
        return pa.DictionaryArray.from_arrays(column.indices, _quote_cells(dictionary))
    column = _large_text(column)
    if column.null_count:
        raise ValueError("write_csv_bytes takes text cells without nulls ('' if empty)")
    return column


def _mean_cell_bytes(array: pa.Array) -> float:
    values = array.dictionary if isinstance(array, pa.DictionaryArray) else array
    if not len(values):
        return 0.0
    _, offsets = _value_bytes(values)
    return float(offsets[-1]) / len(values)


def _block_cells(array: pa.Array, start: int, length: int) -> pa.Array:
    """Return the quoted cells of rows ``start`` to ``start + length``."""
    part = array.slice(start, length)
    if isinstance(part, pa.DictionaryArray):
        return part.dictionary.take(part.indices)
    return _quote_cells(part)


def decode_text(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Return a text column as one ``large_string`` array (dictionaries decoded).

    Examples
    --------
    >>> column = pa.DictionaryArray.from_arrays([1, 0, 1], ["a", "b"])
    >>> decode_text(column).to_pylist()
    ['b', 'a', 'b']
    """
    column = one_array(column)
    if isinstance(column, pa.DictionaryArray):
        return _large_text(column.dictionary).take(column.indices)
    return _large_text(column)


def _large_text(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    column = one_array(column)
    if column.type != _LARGE:
        column = column.cast(_LARGE)
    return column


def _quote_cells(array: pa.Array) -> pa.Array:
    """Quote the cells that hold a comma, a quote or a line break."""
    present = _special_bytes(array)
    if not present:
        return array
    needs = _cells_holding(array, present)
    quote = pa.scalar('"', _LARGE)
    empty = pa.scalar("", _LARGE)
    if needs.all():  # e.g. a column of sentences: every cell is quoted
        chosen = (
            pc.replace_substring(array, '"', '""') if ord('"') in present else array
        )
        return pc.binary_join_element_wise(quote, chosen, quote, empty)
    mask = pa.array(needs)
    chosen = pc.filter(array, mask)
    if ord('"') in present:
        chosen = pc.replace_substring(chosen, '"', '""')
    quoted = pc.binary_join_element_wise(quote, chosen, quote, empty)
    return pc.replace_with_mask(array, mask, quoted)


def _value_bytes(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Return the value bytes of a ``large_string`` array and its cells' offsets."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)
    offsets = offsets[array.offset : array.offset + len(array) + 1]
    data = array.buffers()[2]
    raw = (
        np.frombuffer(data, dtype=np.uint8)
        if data is not None
        else np.zeros(0, np.uint8)
    )
    return raw[offsets[0] : offsets[-1]], offsets - offsets[0]


def _special_bytes(array: pa.Array) -> set[int]:
    """Which of the bytes CSV quoting cares about occur in ``array``.

    Searches the value bytes a slice at a time with ``bytes.find``
    (``memchr``: much faster than comparing every byte in numpy), so that a
    column of hundreds of megabytes costs no temporary of its size.
    """
    found: set[int] = set()
    if not len(array):
        return found
    raw, _ = _value_bytes(array)
    for start in range(0, raw.size, _SCAN_STEP):
        part = raw[start : start + _SCAN_STEP].tobytes()
        found.update(byte for byte in _SPECIAL if bytes([byte]) in part)
        if len(found) == len(_SPECIAL):
            break
    return found


def _holds_breaks(raw: np.ndarray) -> bool:
    """Whether value bytes hold a line break (CR or LF), searched by slices."""
    for start in range(0, raw.size, _SCAN_STEP):
        part = raw[start : start + _SCAN_STEP].tobytes()
        if b"\n" in part or b"\r" in part:
            return True
    return False


def _count_breaks(data: bytes) -> int:
    r"""Count physical line breaks: LF, CRLF and a lone CR each count once.

    Examples
    --------
    >>> _count_breaks(b"a\nb\r\nc\rd"), _count_breaks(b"abc")
    (3, 0)
    """
    if b"\n" not in data and b"\r" not in data:
        return 0
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _cells_holding(array: pa.Array, present: set[int]) -> np.ndarray:
    """Per cell, whether it holds one of the bytes ``present`` (numpy, in blocks)."""
    raw, offsets = _value_bytes(array)
    needs = np.zeros(len(array), dtype=bool)
    row = 0
    while row < len(array):
        # a block of rows of about _SCAN_STEP bytes (at least one row)
        end = int(np.searchsorted(offsets, offsets[row] + _SCAN_STEP, side="right"))
        end = min(max(end - 1, row + 1), len(array))
        lo, hi = offsets[row], offsets[end]
        if hi > lo:
            part = raw[lo:hi]
            flags = np.zeros(part.size + 1, dtype=bool)  # a False at the end
            for byte in present:
                flags[:-1] |= part == byte
            starts = offsets[row:end] - lo
            filled = offsets[row + 1 : end + 1] > offsets[row:end]
            needs[row:end] = np.logical_or.reduceat(flags, starts) & filled
        row = end
    return needs


def read_written_csv(
    data: bytes | WrittenContent,
    header: Sequence[str],
    columns: Sequence[pa.Array | pa.ChunkedArray],
    *,
    label: str = "<bytes>",
) -> tuple[RawTable, list[Issue]] | None:
    """Read back what :func:`write_csv_bytes` wrote, from the cells in memory.

    :func:`read_csv_bytes` of the written bytes takes its fast path and
    parses the cells that were written (the writer's output always has
    regular quoting and one cell per column in every row), so the cells are
    taken from ``columns`` instead of being parsed again. What depends on the
    content is still checked on the bytes: a file with a NUL byte or text
    that looks like mojibake would take the exact path, and gets ``None``
    here (read it with :func:`read_csv_bytes`). Blank rows are reported as
    that reader reports them.

    Parameters
    ----------
    data : bytes or WrittenContent
        The bytes :func:`write_csv_bytes` returned for ``header`` and
        ``columns``, or what :func:`write_csv_file` found in the bytes it
        wrote (the table then re-reads the file if it needs the bytes, and
        checks its size).
    header, columns
        What was written.
    label : str
        How issues name the file.

    Returns
    -------
    tuple of (RawTable, list of Issue), or None
        As :func:`read_csv_bytes` returns them (without the digest:
        ``sha256`` is empty, so the table is for checking, not for saving);
        ``None`` when the file needs the exact reader.

    Examples
    --------
    >>> cells = [pa.array(["a", "b"]), pa.array(["1", ""])]
    >>> data = write_csv_bytes(["text", "n"], cells)
    >>> table, issues = read_written_csv(data, ["text", "n"], cells)
    >>> table.cells[1].tolist(), issues
    (['1', ''], [])
    """
    if isinstance(data, WrittenContent):
        if data.header != tuple(header) or not data.plain:
            return None
    elif not data.startswith(write_csv_bytes(header, [])) or not _plain_content(data):
        return None
    # A dictionary column (rows sharing cells) stays one: its entries are
    # checked once each (see shared_cells).
    arrays = [
        pa.DictionaryArray.from_arrays(column.indices, _large_text(column.dictionary))
        if isinstance(column, pa.DictionaryArray)
        else decode_text(column)
        for column in columns
    ]
    if len(arrays) != len(header) or len({len(a) for a in arrays}) > 1:
        raise ValueError("read_written_csv needs one column of cells per header cell")
    n_rows = len(arrays[0]) if arrays else 0
    cells = pd.DataFrame(
        {
            i: pd.Series(
                pd.arrays.ArrowExtensionArray(pa.chunked_array([array]))
                if isinstance(array, pa.DictionaryArray)
                # pandas-stubs lack StringDtype.__from_arrow__ (pandas has it)
                else _STRING_DTYPE.__from_arrow__(  # type: ignore[attr-defined]
                    pa.chunked_array([array])
                )
            )
            for i, array in enumerate(arrays)
        },
        index=pd.RangeIndex(n_rows),
    )
    del arrays
    written = (
        {
            "_raw": None,
            "source": data.path,
            "_simple_lines": data.line_breaks == n_rows + 1,
            "invisible": data.invisible,
            "size": data.size,
        }
        if isinstance(data, WrittenContent)
        else {"_raw": data, "_simple_lines": None}
    )
    table = RawTable(
        label=label,
        encoding="utf-8",
        bom=b"",
        dialect=Dialect(),
        header=list(header),
        cells=cells,
        n_rows=n_rows,
        **written,
    )
    issues = _blank_row_issues(table)
    table.broken_rows = frozenset(i.row - 1 for i in issues if i.row)
    return table, issues
