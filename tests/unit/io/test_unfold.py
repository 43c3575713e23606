"""Google's custom fields and Kontakt's notes block become columns of their own."""

from __future__ import annotations

from pathlib import Path

from kontakt.io.importers.raw import RawRow, RawTable
from kontakt.io.importers.unfold import MAX_LABELS, unfold

GOOGLE = (
    "First Name", "Notes", "Custom Field 1 - Label", "Custom Field 1 - Value",
    "Custom Field 2 - Label", "Custom Field 2 - Value",
)  # fmt: skip


def _table(headers: tuple[str, ...], *rows: tuple[object, ...]) -> RawTable:
    return RawTable(
        Path("x.csv"), "", 1, headers, tuple(RawRow(n + 2, r) for n, r in enumerate(rows))
    )


def test_labels_that_differ_from_row_to_row_each_get_a_column() -> None:
    table = unfold(
        _table(
            GOOGLE,
            ("Kari", None, "Kontakt-id", "abc", "Verv", "Leder (annet)"),
            ("Ola", None, "Verv", "Medlem (annet)", None, None),
            ("Per", None, "Employee ID", "42", "", "ignored without a label"),
        )
    )
    assert table.headers == (*GOOGLE, "Kontakt-id", "Verv", "Employee ID")
    assert [r.cells[6:] for r in table.rows] == [
        ("abc", "Leder (annet)", None),
        (None, "Medlem (annet)", None),
        (None, None, "42"),
    ]


def test_kontakts_block_leaves_the_notes_and_becomes_columns() -> None:
    notes = "Ringte i mai.\n\n[Kontakt]\nKontakt-id: abc\nReservert mot e-post: Ja"
    table = unfold(_table(("Fornavn", "Notes"), ("Kari", notes), ("Ola", "[Kontakt]\nHei: du")))
    assert table.headers == ("Fornavn", "Notes", "Kontakt-id", "Reservert mot e-post")
    assert table.rows[0].cells == ("Kari", "Ringte i mai.", "abc", "Ja")
    # Not Kontakt's block (an unknown label): the notes stay as they were.
    assert table.rows[1].cells == ("Ola", "[Kontakt]\nHei: du", None, None)


def test_no_file_makes_more_than_max_labels_columns() -> None:
    headers = tuple(
        h for n in range(1, 40) for h in (f"Custom Field {n} - Label", f"Custom Field {n} - Value")
    )
    row = tuple(v for n in range(1, 40) for v in (f"Felt {n}", str(n)))
    table = unfold(_table(headers, row))
    assert len(table.headers) == len(headers) + MAX_LABELS


def test_a_table_without_either_is_left_alone() -> None:
    table = _table(("Fornavn", "E-post"), ("Kari", "kari@example.org"))
    assert unfold(table) is table
