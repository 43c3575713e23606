"""The CSV reader's caps (issue 16, 2): one row, one field and the file stay in proportion."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontakt.io.importers import csv_reader
from kontakt.io.importers.table import ImportRefused, read_table


def test_a_row_with_too_many_columns_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "MAX_COLUMNS", 100)
    path = tmp_path / "bred.csv"
    path.write_text("Navn;E-post\nKari;kari@example.no\n" + "a;" * 150 + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        read_table(path)
    assert str(refused.value) == (
        "Fila «bred.csv» kan ikke leses fra rad 3: raden har over 100 kolonner. "
        "Er det riktig fil, og er skilletegnet riktig?"
    )


def test_a_row_over_the_character_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "MAX_RECORD_CHARS", 1000)
    path = tmp_path / "lang.csv"
    lines = ("x" * 50 + "\n") * 30  # one quoted field over 30 lines
    path.write_text(f'Navn;Adresse\nKari;"{lines}"\n', encoding="utf-8")
    with pytest.raises(
        ImportRefused, match=r"«lang.csv» kan ikke leses fra rad 2: raden er over 1 000"
    ):
        read_table(path)


def test_a_file_of_too_many_lines_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "MAX_LINES", 1000)
    path = tmp_path / "tom.csv"
    path.write_text("Navn;E-post\nKari;kari@example.no\n" + "\n" * 2000, encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        read_table(path)
    assert str(refused.value).endswith("fila har over 1 000 linjer.")


def test_line_ends_of_every_kind_still_split_rows(tmp_path: Path) -> None:
    path = tmp_path / "blandet.csv"
    path.write_bytes(
        b'Navn;E-post\r\nKari;kari@example.no\rOla;"ola@\nexample.no"\nPer;per@example.no'
    )
    table = read_table(path)
    assert [row.cells for row in table.rows] == [
        ("Kari", "kari@example.no"),
        ("Ola", "ola@\nexample.no"),
        ("Per", "per@example.no"),
    ]
