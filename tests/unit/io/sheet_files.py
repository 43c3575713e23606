"""Builders for the spreadsheets the table-reader tests need, all written at test time.

Imported by the tests as ``tests.unit.io.sheet_files`` (pytest's ``pythonpath``
puts the project root on ``sys.path``).

.xlsx files are written with openpyxl; .ods and .xls files (no writer is
installed for them) are put together by hand: an .ods is a zip with a
``content.xml``, an .xls a BIFF8 workbook stream inside a minimal OLE compound
file, just enough for python-calamine to read.
"""

from __future__ import annotations

import datetime
import signal
import struct
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from xml.sax.saxutils import escape

import openpyxl

Rows = Sequence[Sequence[object]]


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the test (instead of hanging) if the block runs longer than ``seconds``."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- .xlsx ------------------------------------------------------------------------------


def write_xlsx(
    path: Path,
    sheets: dict[str, Rows],
    merges: dict[str, Sequence[str]] | None = None,
    hidden: Sequence[str] = (),
) -> Path:
    """Write a workbook; ``merges`` maps a sheet name to ranges such as ``"C1:D1"``."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(name, ()):
            sheet.merge_cells(cells)
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


# -- .ods -------------------------------------------------------------------------------

_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, sheets: dict[str, Rows], raw_tables: str = "") -> Path:
    """Write a minimal OpenDocument spreadsheet (``raw_tables`` adds hand-written tables)."""
    tables = raw_tables
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        tables += f'<table:table table:name="{escape(name)}">{body}</table:table>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIME)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


# -- .xls -------------------------------------------------------------------------------


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


Merge = tuple[int, int, int, int]


def _biff8(sheets: dict[str, Rows], merges: Sequence[Merge], locked: bool) -> bytes:
    """A BIFF8 workbook stream: text in a shared string table, numbers as NUMBER records."""
    strings: list[str] = []
    bodies: list[bytes] = []
    for rows in sheets.values():
        cells = b""
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value not in strings:
                        strings.append(value)
                    cells += _record(0x00FD, struct.pack("<HHHI", r, c, 0, strings.index(value)))
                elif isinstance(value, int | float):
                    cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
        width = max((len(row) for row in rows), default=0)
        body = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        body += cells
        if merges and not bodies:
            refs = b"".join(struct.pack("<HHHH", *m) for m in merges)
            body += _record(0x00E5, struct.pack("<H", len(merges)) + refs)
        bodies.append(body + _record(0x000A))
    table = b"".join(struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    sst = _record(0x00FC, struct.pack("<II", len(strings), len(strings)) + table)
    head = _bof(0x0005)
    if locked:  # FILEPASS: the workbook is encrypted (RC4 header, dummy bytes)
        head += _record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x11" * 48)
    head += _record(0x0042, struct.pack("<H", 1200))

    def boundsheets(offsets: Sequence[int]) -> bytes:
        return b"".join(
            _record(0x0085, struct.pack("<IBBBB", at, 0, 0, len(n), 1) + n.encode("utf-16-le"))
            for n, at in zip(sheets, offsets, strict=True)
        )

    size = len(head + boundsheets([0] * len(bodies)) + sst + _record(0x000A))
    offsets = []
    for body in bodies:
        offsets.append(size)
        size += len(body)
    return head + boundsheets(offsets) + sst + _record(0x000A) + b"".join(bodies)


def ole_file(stream: bytes, name: str = "Workbook") -> bytes:
    """A version 3 OLE compound file holding one stream (padded to 4 KB: no mini stream)."""
    stream = stream.ljust(4096, b"\x00")
    sectors = (len(stream) + 511) // 512
    assert sectors + 2 <= 128, "one FAT sector only"
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(sectors - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108

    def entry(entry_name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = entry_name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\x00" * 36
            + struct.pack("<IQ", start, size)
        )

    root = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0)
    directory = root + entry(name, 2, 0xFFFFFFFF, 2, len(stream))
    return (
        header
        + struct.pack("<128I", *fat)
        + directory.ljust(512, b"\x00")
        + stream.ljust(sectors * 512, b"\x00")
    )


def write_xls(
    path: Path,
    sheets: dict[str, Rows],
    merges: Sequence[Merge] = (),
    locked: bool = False,
) -> Path:
    """Write an Excel 97-2003 file; ``merges`` are (first row, last row, first col, last col)."""
    path.write_bytes(ole_file(_biff8(sheets, merges, locked)))
    return path


# -- zip packages -----------------------------------------------------------------------


def rewrite_zip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """Copy a zip package, replacing (or adding) some members."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in replace:
                new.writestr(info.filename, old.read(info.filename))
        for member, data in replace.items():
            new.writestr(member, data)
    return target


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/sharedStrings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
</Types>"""
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
_WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="{_RELATIONSHIPS}"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets>\
</workbook>"""
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{_RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>\
</Relationships>"""
SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_raw_xlsx(path: Path, sheet_data: str, shared_strings: Sequence[str] = ()) -> Path:
    """An .xlsx with one sheet "Ark1" whose ``<sheetData>`` content is given as XML.

    Cells refer to ``shared_strings`` by index (``t="s"``); a string starting
    with ``<!DOCTYPE`` is written as the whole sharedStrings part instead.
    """
    worksheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{SPREADSHEETML}"><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    if shared_strings and shared_strings[0].startswith(("<?xml", "<!DOCTYPE")):
        strings = shared_strings[0]
    else:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared_strings)
        count = len(shared_strings)
        strings = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{SPREADSHEETML}" count="{count}" uniqueCount="{count}">{items}</sst>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", worksheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<sst xmlns="{SPREADSHEETML}" count="2" uniqueCount="2">'
    "<si><t>&lol9;</t></si><si><t>E-post</t></si></sst>"
)
"""A sharedStrings part that expands to 3 GB of "lol" in a parser that expands entities."""
