"""Small parts of the idea bank: the words indexed, titles and kinds from names, the message."""

from __future__ import annotations

import datetime as dt

from kontakt.domain.documents import (
    DocumentKind,
    DocumentPage,
    DocumentRow,
    DocumentStatus,
    guess_kind,
    labelled_title,
    title_from_filename,
)
from kontakt.domain.records import Place
from kontakt.services.ideabank.sending import mail_draft, text_file_name
from kontakt.services.ideabank.writing import index_text


def test_the_index_holds_each_word_once_casefolded_without_edge_punctuation() -> None:
    text = index_text("Sykehus i «Førde»", "SYKEHUS, sykehus. (Lokalsykehuset) e-post: helse-")
    assert text == "sykehus i førde lokalsykehuset e-post helse"


def test_titles_and_kinds_come_from_file_names() -> None:
    assert title_from_filename("interpellasjon_fødetilbud__Vestland.pdf") == (
        "Interpellasjon fødetilbud Vestland"
    )
    assert title_from_filename("Helse 2.0 – notat.docx") == "Helse 2.0 – notat"
    assert guess_kind("Høringssvar NOU 2023-4.pdf") is DocumentKind.HORINGSSVAR
    assert guess_kind("HORING fastlege.docx") is DocumentKind.HORINGSSVAR
    assert guess_kind("Kronikk i BT.txt") is DocumentKind.LESERINNLEGG
    assert guess_kind("Partiprogram 2025.pdf") is DocumentKind.PROGRAMTEKST
    assert guess_kind("notat.txt") is None


def page(kind: DocumentKind, title: str, text: str = "") -> DocumentPage:
    row = DocumentRow(
        1, "u", title, kind, DocumentStatus.FREMMET, dt.date(2025, 3, 1),
        Place("46", "Vestland"), None, (), (), 0, dt.datetime.now(dt.UTC),
    )  # fmt: skip
    return DocumentPage(row, text, "", (), (), dt.datetime.now(dt.UTC), 1)


def test_the_message_names_the_document_and_keeps_its_braces_literal() -> None:
    draft = mail_draft(page(DocumentKind.HORINGSSVAR, "Svar om {x}", "Tekst {y}"), [], True)
    assert draft.subject == "Høringssvar: Svar om {{x}}"
    assert "Vedlagt er høringssvaret «Svar om {{x}}» fra Vestland (01.03.2025)." in draft.body
    (attachment,) = draft.attachments  # no files: the text goes as a .txt
    assert (attachment.filename, attachment.content) == ("Svar om {x}.txt", b"Tekst {y}")
    draft.check()
    assert labelled_title(DocumentKind.ANNET, "Notat") == "Notat"
    assert labelled_title(DocumentKind.LESERINNLEGG, "Leserinnlegg: x") == "Leserinnlegg: x"
    assert text_file_name('Svar: "ja"/nei?') == "Svar ja nei.txt"
