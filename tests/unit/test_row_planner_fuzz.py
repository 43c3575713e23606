"""Whatever a cell holds, planning a row gives errors or warnings, never an exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kontakt.domain.column_mapping import Field
from kontakt.domain.geography import load_geography
from kontakt.io.importers.table import RawRow, RawTable
from kontakt.services.importing.model import ImportOptions
from kontakt.services.importing.rows import RowPlanner

FIELDS = [f for f in Field if f is not Field.IGNORE]
CELL = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.sampled_from(["Ja", "Nei", "-", "anonymous", "postmottak@x.no", "301", "Viken", "98765432.0",
                     "Kommunestyrerepresentant", "Psykisk helse, rus og eldreomsorg", "Herøy"]),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(CELL, min_size=len(FIELDS), max_size=len(FIELDS)))
def test_any_cells_plan_without_crashing(cells: list[object]) -> None:
    headers = tuple(f.value for f in FIELDS)
    row = RawRow(number=2, cells=tuple(cells))
    table = RawTable(path=Path("x.xlsx"), sheet="Ark1", header_row=1, headers=headers, rows=(row,))
    planner = RowPlanner(
        table, dict(enumerate(FIELDS)), load_geography(), ["Rus", "Psykisk helse"], ImportOptions()
    )
    plan = planner.plan(row)
    assert plan.errors or plan.clean is not None
    for issue in plan.errors + plan.warnings:
        assert issue.row == 2 and issue.message
