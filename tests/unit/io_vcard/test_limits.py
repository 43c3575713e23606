"""The vCard reader's caps (issue 16, 2): memory bounded by the file; refusals name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontakt.io.importers.raw import ImportRefused
from kontakt.io.vcard import lines, read_vcard_bytes, read_vcard_file


def card(*body: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", "FN:Kari Nordmann", *body, "END:VCARD", ""])


def test_a_folded_line_over_the_limit_refuses_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "MAX_LINE_BYTES", 4096)
    data = (card("EMAIL:a@b.no") + card("NOTE:x", *([" y"] * 200))).encode()
    with pytest.raises(ImportRefused) as refused:
        read_vcard_bytes(data, "liste.vcf")
    assert str(refused.value) == (
        "Fila «liste.vcf» blir ikke lest fordi den ser mistenkelig ut: kort 2 (linje 9): "
        "en linje er over 4 KB."
    )


def test_a_card_over_the_limit_refuses_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "MAX_CARD_BYTES", 8192)
    data = card(*[f"EMAIL:p{i}@example.no" for i in range(300)]).encode()
    with pytest.raises(ImportRefused, match=r"«liste.vcf» .* kort 1 \(linje \d+\): kortet er over"):
        read_vcard_bytes(data, "liste.vcf")


def test_a_file_of_too_many_lines_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "MAX_FILE_LINES", 1000)
    data = card("NOTE:x") + "\r\n" * 2000
    with pytest.raises(ImportRefused, match=r"linje 1001: fila har over 1 000 linjer"):
        read_vcard_bytes(data.encode(), "liste.vcf")


def test_a_binary_value_over_the_line_limit_is_cut_and_the_card_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lines, "MAX_LINE_BYTES", 4096)
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 5000  # 20 KB on one line, never read
    (contact,) = read_vcard_bytes(card(photo, "EMAIL:kari@example.no").encode()).contacts
    assert contact.emails[0].address == "kari@example.no"


def test_thousands_of_comment_lines_keep_ten_numbers_and_the_count(tmp_path: Path) -> None:
    path = tmp_path / "kommentarer.vcf"
    path.write_text(card(*["# kommentar"] * 5000, "EMAIL:kari@example.no"), encoding="utf-8")
    result = read_vcard_file(path)
    (problem,) = result.problems
    assert problem.message.startswith("Kort 1 (linje 4): linje 4, 5, 6, 7, 8, 9, 10, 11, 12 og 13")
    assert problem.message.endswith("(og 4990 til) er ikke vCard-data og ble ignorert")
    assert result.contacts[0].emails[0].address == "kari@example.no"


def test_lines_are_split_the_same_way_across_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """CR LF, CR CR LF and lone CR line ends are read the same when a window ends among them."""
    data = card("N:Nordmann;Kari;;;", "NOTE:a", " b", "EMAIL:kari@example.no").encode()
    data = data.replace(b"\r\nNOTE", b"\r\r\nNOTE").replace(b"\r\nEMAIL", b"\rEMAIL")
    whole = read_vcard_bytes(data).contacts
    for window in range(1, 12):
        monkeypatch.setattr(lines, "_WINDOW", window)
        assert read_vcard_bytes(data).contacts == whole
