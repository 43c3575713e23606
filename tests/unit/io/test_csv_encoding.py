"""Guessing a CSV file's encoding: Norwegian code pages, multi-byte ones, stray bytes."""

from __future__ import annotations

import pytest

from kontakt.io.importers.encoding import decode

TEXT = (
    "Navn;E-post;Kommune\nKåre Ødegård;kare@example.org;Tromsø\n"
    "Åse Bø;ase@example.org;Bærum\nJosé Müller;jose@example.org;Oslo\n"
)


@pytest.mark.parametrize(
    ("written", "read"),
    [("utf-8", "utf-8"), ("cp1252", "cp1252"), ("latin-1", "cp1252"), ("mac_roman", "mac-roman"),
     ("cp865", "cp865"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)  # fmt: skip
def test_norwegian_text_is_read_in_the_encoding_it_was_written_in(written: str, read: str) -> None:
    decoded = decode(TEXT.encode(written))
    assert decoded.text == TEXT and decoded.certain
    assert decoded.encoding.replace("_", "-") == read


def test_shift_jis_is_recognised() -> None:
    text = "名前;メール\n山田太郎;taro@example.jp\n佐藤花子;hanako@example.jp\n"
    decoded = decode(text.encode("shift_jis"))
    assert decoded.text == text and decoded.certain


def test_a_few_stray_bytes_in_utf8_keep_every_other_letter_and_are_named() -> None:
    data = TEXT.encode("utf-8") + "Per Øvre;per@x.no;Bodø\n".encode("cp1252")
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.stray_lines == (5,)
    assert decoded.text == TEXT + "Per Øvre;per@x.no;Bodø\n"
    assert "Ã" not in decoded.text


def test_a_guess_either_way_is_uncertain_and_a_choice_is_taken_as_given() -> None:
    data = "Navn\nJosé\n".encode("cp1252")  # no æøå to tell Windows from Mac
    assert not decode(data).certain
    chosen = decode(data, "mac_roman")
    assert chosen.text == "Navn\nJosÈ\n" and chosen.certain
