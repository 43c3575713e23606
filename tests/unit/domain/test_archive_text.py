"""The archive's neutral text: no person's name, place or role survives a merge field."""

from __future__ import annotations

import pytest

from kontakt.domain.archive_text import neutral_text


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("Hei {fornavn}!", "Hei!"),
        ("Hei {fornavn} {etternavn},\n\nNytt", "Hei,\n\nNytt"),
        ("<p>Hei {fornavn}</p>", "<p>Hei</p>"),
        ("Kjære {fornavn},", "Kjære medlem,"),
        ("Takk, {fornavn}, for alt", "Takk for alt"),
        ("Hva skjer i {kommune}?", "Hva skjer i din kommune?"),
        ("Nytt fra {fylke}.", "Nytt fra ditt fylke."),
        ("Som {verv} i {organisasjon} vet du", "Som ditt verv i din organisasjon vet du"),
        ("{fornavn} {etternavn} er invitert", "medlem er invitert"),
        ("Skriv {{fornavn}} i malen", "Skriv {fornavn} i malen"),
        ("Ingen felt her.", "Ingen felt her."),
    ],
)
def test_merge_fields_become_neutral_words_or_go(written: str, published: str) -> None:
    assert neutral_text(written) == published


def test_an_unknown_field_is_removed_not_published() -> None:
    assert neutral_text("Hei {telefon} og {fornavn_2}.") == "Hei  og ."
