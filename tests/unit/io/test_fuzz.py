"""Property tests: whatever is in the file, read_table returns a table or refuses it.

Anything but :class:`ImportRefused` escaping (a crash, an IndexError, a Rust
panic) would show the user a traceback instead of a message.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from tests.unit.io.sheet_files import write_xlsx

from kontakt.io.importers.table import ImportRefused, RawTable, read_table

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.sampled_from(["=1+2", "'=SUM(A1)", "\u00a0", "  ", "E-post", "Navn", "98765432"]),
)
grids = st.lists(st.lists(cell_values, max_size=6), max_size=8)


def check(path: Path, **options: object) -> None:
    try:
        table = read_table(path, **options)  # type: ignore[arg-type]
    except ImportRefused as refused:
        assert str(refused)
        assert "\n" not in str(refused)
        return
    assert isinstance(table, RawTable)
    assert table.rows
    assert len(set(name.casefold() for name in table.headers)) == len(table.headers)
    assert all(table.headers)
    for row in table.rows:
        assert row.number > table.header_row
        assert len(row.cells) == len(table.headers)
        assert any(cell is not None for cell in row.cells)
        for cell in row.cells:
            assert cell is None or isinstance(
                cell, str | int | float | bool | datetime.date | datetime.time
            )
            assert not isinstance(cell, str) or (cell and len(cell) <= 2000)


@FUZZ
@given(grid=grids, header_row=st.one_of(st.none(), st.integers(min_value=1, max_value=9)))
def test_any_xlsx_content(grid: list[list[object]], header_row: int | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "fuzz.xlsx", {"Ark1": grid})
        check(path, header_row=header_row)


@FUZZ
@given(text=st.text(max_size=400), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_csv_text(text: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(text.encode(encoding, errors="surrogatepass"))
        check(path)


@FUZZ
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from("ab ;,\t\"\n\r\u00a0æ'=@"), max_size=8), max_size=5
        ),
        max_size=6,
    )
)
def test_csv_made_of_delimiters_and_quotes(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_text("\n".join(";".join(row) for row in rows), encoding="utf-8")
        check(path)


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".ods"]))
def test_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        check(path)
