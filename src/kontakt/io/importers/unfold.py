"""Labelled values inside cells made into columns of their own, before the mapping.

Two layouts keep several fields in a pair of columns or in one cell:

- Google Contacts' «Custom Field N - Label» / «Custom Field N - Value» (the
  legacy export: «- Type»): the label says, row by row, what the value is;
- Kontakt's block in an Outlook «Notes» cell (:mod:`kontakt.io.exporters.kontakt_fields`):
  a line «[Kontakt]», then ``Label: value`` lines.

Each label becomes a column after the file's own ones, named by the label,
so that the ordinary header mapping reads «Verv», «Tema», «Kontakt-id» ...
as it does in a spreadsheet; a block is taken out of its notes cell. At most
:data:`MAX_LABELS` labels become columns (a file with more keeps the rest
where they are, ignored), so no file can make the table wider than that.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kontakt.domain.cell_values import cell_text
from kontakt.domain.column_mapping import Field, guess_field
from kontakt.io.exporters.kontakt_fields import LABELS, NOTES_MARKER
from kontakt.io.importers.raw import RawRow, RawTable

MAX_LABELS = 20
_CUSTOM = re.compile(r"^custom field (\d+) - (label|type|value)$", re.IGNORECASE)
_BLOCK_LINE = re.compile(r"^([^:\n]{1,40}): ?(.*)$")
_KNOWN = {label.casefold(): label for label in LABELS}


def _custom_pairs(headers: tuple[str, ...]) -> list[tuple[int, int]]:
    """(label column, value column) of each custom field."""
    labels: dict[str, int] = {}
    values: dict[str, int] = {}
    for i, header in enumerate(headers):
        match = _CUSTOM.match(header.strip())
        if match:
            (values if match[2].lower() == "value" else labels)[match[1]] = i
    return [(labels[n], values[n]) for n in labels if n in values]


def _block(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(the notes before Kontakt's block, the block's labelled values), or None."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == NOTES_MARKER)
    except StopIteration:
        return None
    found = []
    for line in lines[start + 1 :]:
        match = _BLOCK_LINE.match(line.strip())
        if match is None or match[1].strip().casefold() not in _KNOWN:
            return None  # not Kontakt's block: the notes stay as written
        found.append((_KNOWN[match[1].strip().casefold()], match[2].strip()))
    return "\n".join(lines[:start]).strip(), found


class _Columns:
    """The new columns, by label, in the order first seen."""

    def __init__(self, headers: tuple[str, ...]) -> None:
        self.taken = {h.casefold() for h in headers}
        self.slots: dict[str, int] = {}
        self.headers: list[str] = []

    def slot(self, label: str) -> int | None:
        key = label.casefold()
        if key not in self.slots:
            if len(self.slots) >= MAX_LABELS:
                return None
            name, n = label, 2
            while name.casefold() in self.taken:
                name, n = f"{label} ({n})", n + 1
            self.taken.add(name.casefold())
            self.slots[key] = len(self.headers)
            self.headers.append(name)
        return self.slots[key]


def unfold(table: RawTable) -> RawTable:
    """The table with custom fields and Kontakt's notes block as columns of their own."""
    pairs = _custom_pairs(table.headers)
    notes = [i for i, h in enumerate(table.headers) if guess_field(h) is Field.NOTES]
    if not pairs and not notes:
        return table
    columns = _Columns(table.headers)
    found_rows: list[tuple[RawRow, list[object], dict[int, object]]] = []
    for row in table.rows:
        cells = list(row.cells)
        found: dict[int, object] = {}
        for label_at, value_at in pairs:
            label = cell_text(cells[label_at]).strip("* ").strip()
            value = cells[value_at]
            slot = columns.slot(label) if label and value not in (None, "") else None
            if slot is not None:
                found.setdefault(slot, value)
        for i in notes:
            text = cells[i]
            block = _block(text) if isinstance(text, str) and NOTES_MARKER in text else None
            if block is not None:
                cells[i] = block[0] or None
                for label, value in block[1]:
                    slot = columns.slot(label)
                    if slot is not None and value:
                        found.setdefault(slot, value)
        found_rows.append((row, cells, found))
    if not columns.headers:
        return table
    width = len(columns.headers)
    rows = tuple(
        RawRow(row.number, (*cells, *(found.get(k) for k in range(width))))
        for row, cells, found in found_rows
    )
    return replace(table, headers=(*table.headers, *columns.headers), rows=rows)
