"""The idea bank: adding documents, finding them by words in their text and files, importing.

Search runs on both backends (FTS5 trigram on SQLite, pg_trgm LIKE on
PostgreSQL); both must ignore case, æøå included, and match parts of words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from tests.fixtures.documents import make_docx, make_pdf

from kontakt.app import Core
from kontakt.domain.documents import (
    DocumentDraft,
    DocumentFilter,
    DocumentKind,
    DocumentStatus,
    Involvement,
)
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.errors import ConflictError, NotFoundError, ValidationError
from kontakt.io.documents import MAX_TEXT_CHARS, DocumentRefused, read_document


def titles(core: Core, **criteria: object) -> list[str]:
    result = core.ideabank.search(DocumentFilter(**criteria))  # type: ignore[arg-type]
    return [r.title for r in result.rows]


@pytest.fixture
def author(core: Core) -> str:
    draft = ContactDraft(
        given_name="Åse", family_name="Ødegård", emails=(EmailData("ase@example.no"),)
    )
    return core.contacts.create(draft).uid


@pytest.fixture
def bank(core: Core, author: str) -> Core:
    """Three documents from different places, years and kinds."""
    add = core.ideabank.add
    add(
        DocumentDraft(
            "Interpellasjon om FØDETILBUDET i Sunnfjord",
            DocumentKind.INTERPELLASJON,
            DocumentStatus.FREMMET,
            topics=("fødetilbud", "Sykehus"),
            municipality="Sunnfjord",
            date=dt.date(2024, 3, 12),
            text="Kommunestyret ber ordføreren svare på hvordan fødeavdelingen sikres.",
            authors=(author,),
        )
    )
    add(
        DocumentDraft(
            "Høringssvar: Nasjonal helse- og samhandlingsplan",
            DocumentKind.HORINGSSVAR,
            DocumentStatus.VEDTATT,
            topics=("Helseforetaksmodellen",),
            county="Trøndelag",
            date=dt.date(2023, 11, 2),
            text="Lokalsykehusene må bestå. Ambulansetjenesten er for tynn i distriktene.",
        )
    )
    add(
        DocumentDraft(
            "Leserinnlegg om psykisk helse for unge",
            DocumentKind.LESERINNLEGG,
            topics=("psykisk helse",),
            county="Vestland",
            text="Ventetidene i BUP er for lange.",
        )
    )
    return core


def test_words_are_found_in_title_and_text_whatever_their_case(bank: Core) -> None:
    assert titles(bank, text="fødetilbudet") == ["Interpellasjon om FØDETILBUDET i Sunnfjord"]
    assert titles(bank, text="FØDEAVDELINGEN") == ["Interpellasjon om FØDETILBUDET i Sunnfjord"]
    # «sykehus» inside «Lokalsykehusene»: parts of words match, as Norwegian compounds need.
    assert titles(bank, text="Sykehus") == ["Høringssvar: Nasjonal helse- og samhandlingsplan"]
    # Every word must match; newest first.
    assert titles(bank, text="helse") == [
        "Høringssvar: Nasjonal helse- og samhandlingsplan",
        "Leserinnlegg om psykisk helse for unge",
    ]
    assert titles(bank, text="helse unge") == ["Leserinnlegg om psykisk helse for unge"]
    # Short words (under the trigram length) fall back to a scan, with the same rules.
    assert titles(bank, text="bup") == ["Leserinnlegg om psykisk helse for unge"]
    assert titles(bank, text="ØR") == [  # ordføreren, Høringssvar
        "Interpellasjon om FØDETILBUDET i Sunnfjord",
        "Høringssvar: Nasjonal helse- og samhandlingsplan",
    ]
    assert titles(bank, text="finnes-ikke") == []


def test_undated_documents_come_last(bank: Core) -> None:
    assert titles(bank) == [
        "Interpellasjon om FØDETILBUDET i Sunnfjord",
        "Høringssvar: Nasjonal helse- og samhandlingsplan",
        "Leserinnlegg om psykisk helse for unge",
    ]


def test_filters_by_kind_topic_county_year_and_status(bank: Core) -> None:
    assert titles(bank, kind=DocumentKind.HORINGSSVAR) == [
        "Høringssvar: Nasjonal helse- og samhandlingsplan"
    ]
    assert titles(bank, topics=("SYKEHUS",)) == ["Interpellasjon om FØDETILBUDET i Sunnfjord"]
    # A county matches documents from its municipalities; former names resolve.
    assert titles(bank, county="Sogn og Fjordane") == [
        "Interpellasjon om FØDETILBUDET i Sunnfjord",
        "Leserinnlegg om psykisk helse for unge",
    ]
    assert titles(bank, year=2023) == ["Høringssvar: Nasjonal helse- og samhandlingsplan"]
    assert titles(bank, status=DocumentStatus.UTKAST) == ["Leserinnlegg om psykisk helse for unge"]
    assert titles(bank, county="Vestland", text="fødetilbud", year=2024) == [
        "Interpellasjon om FØDETILBUDET i Sunnfjord"
    ]
    assert titles(bank, county="Vestland", year=2023) == []
    assert bank.ideabank.years() == [2024, 2023]
    with pytest.raises(NotFoundError, match=r"Ukjent tema «sykhus».*Mente du: Sykehus"):
        titles(bank, topics=("sykhus",))


def test_the_page_shows_authors_place_and_the_contact_lists_what_they_wrote(
    bank: Core, author: str
) -> None:
    (row,) = bank.ideabank.search(DocumentFilter(text="fødetilbud")).rows
    page = bank.ideabank.page(row.id)
    assert [a.name for a in page.row.authors] == ["Åse Ødegård"]
    assert page.row.municipality and page.row.municipality.name == "Sunnfjord"
    assert page.row.county and page.row.county.name == "Vestland"
    assert page.row.topics == ("Fødetilbud", "Sykehus")  # the existing topics
    assert page.recipients == ()
    (mine,) = bank.ideabank.documents_of(author)
    assert (mine.title, mine.involvement, mine.when) == (
        row.title,
        Involvement.WROTE,
        dt.date(2024, 3, 12),
    )


def test_a_word_inside_an_attached_pdf_finds_the_document(core: Core, tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "interpellasjon.pdf",
        ["Interpellasjon til bystyret", "Tannhelsereformen må gjelde ALLE over 67 år i Tromsø."],
    )
    doc_id = core.ideabank.add_path(pdf, DocumentDraft("", DocumentKind.INTERPELLASJON))
    core.ideabank.add(DocumentDraft("Et annet dokument", text="tannlege"))
    assert titles(core, text="tannhelsereformen") == ["Interpellasjon"]
    assert titles(core, text="tromsø alle") == ["Interpellasjon"]
    page = core.ideabank.page(doc_id)
    (file,) = page.files
    assert (file.filename, file.mime_type) == ("interpellasjon.pdf", "application/pdf")
    assert file.size == pdf.stat().st_size and file.text_chars > 40
    assert core.ideabank.file(file.id).content == pdf.read_bytes()
    # Removing the file takes its words out of the search.
    core.ideabank.remove_file(file.id)
    assert titles(core, text="tannhelsereformen") == []


def test_a_docx_is_read_with_its_tables(core: Core, tmp_path: Path) -> None:
    docx = make_docx(
        tmp_path / "Høringssvar fastlegeordningen.docx",
        ["Høringssvar fra SV Nordland", "Fastlegekrisen rammer distriktene først."],
        table=[["Kommune", "Ledige lister"], ["Bodø", "ingen"], ["Værøy", "Rekrutteringsproblem"]],
    )
    doc_id = core.ideabank.add_path(docx, DocumentDraft("", DocumentKind.HORINGSSVAR))
    assert titles(core, text="fastlegekrisen") == ["Høringssvar fastlegeordningen"]
    assert titles(core, text="rekrutteringsproblem værøy") == ["Høringssvar fastlegeordningen"]
    assert core.ideabank.page(doc_id).files[0].filename == "Høringssvar fastlegeordningen.docx"


def test_broken_and_strange_files_are_refused_with_their_name(tmp_path: Path) -> None:
    cases = {
        "skadet.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog",
        "ikke-pdf.pdf": b"<html>en nettside</html>",
        "skadet.docx": b"PK\x03\x04 ikke en ekte zip",
        "gammel.docx": bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600,
        "binær.txt": bytes(range(256)) * 40,
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(DocumentRefused) as caught:
            read_document(tmp_path / name)
        assert f"«{name}»" in str(caught.value)
    with pytest.raises(DocumentRefused, match=r"Fant ikke fila «borte\.pdf»"):
        read_document(tmp_path / "borte.pdf")


def test_extracted_text_is_capped(tmp_path: Path) -> None:
    big = tmp_path / "lang.txt"
    big.write_text("sykehus " * (MAX_TEXT_CHARS // 4), encoding="utf-8")
    file = read_document(big)
    assert len(file.text) == MAX_TEXT_CHARS and file.truncated
    assert file.size == big.stat().st_size  # the file itself is kept whole


def test_a_folder_is_imported_and_a_broken_file_is_reported_and_skipped(
    core: Core, tmp_path: Path
) -> None:
    folder = tmp_path / "fra-facebookgruppa"
    folder.mkdir()
    make_pdf(folder / "interpellasjon_ambulanse_Finnmark.pdf", ["Ambulanseflyet i Hammerfest"])
    make_docx(folder / "Leserinnlegg om kvinnehelse.docx", ["Endometriose må tas på alvor."])
    (folder / "notat.txt").write_bytes("Rusreformen og LAR i Trøndelag".encode("cp1252"))
    (folder / "ødelagt.pdf").write_bytes(b"%PDF-1.4\nbare tull")
    (folder / "bilde.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "~$notat.docx").write_bytes(b"Word's lock file")
    steps = core.ideabank.import_folder(
        folder, DocumentDraft("", topics=("folkehelse",), county="Vestland"), None
    )
    progress = []
    while True:
        try:
            progress.append(next(steps))
        except StopIteration as stop:
            report = stop.value
            break
    assert progress[0] == (0, 4) and progress[-1] == (4, 4)
    assert sorted(name for name, _ in report.added) == [
        "Leserinnlegg om kvinnehelse.docx",
        "interpellasjon_ambulanse_Finnmark.pdf",
        "notat.txt",
    ]
    skipped = dict(report.skipped)
    assert "«ødelagt.pdf» er skadet" in skipped["ødelagt.pdf"]
    assert "«bilde.jpg» er ikke PDF, DOCX eller TXT" in skipped["bilde.jpg"]
    assert "~$notat.docx" not in skipped
    assert report.summary() == "3 dokumenter lagt inn, 2 filer hoppet over."
    # Titles from the names, kinds from the names where they say it.
    rows = {r.title: r for r in core.ideabank.search(DocumentFilter()).rows}
    assert rows["Interpellasjon ambulanse Finnmark"].kind is DocumentKind.INTERPELLASJON
    assert rows["Leserinnlegg om kvinnehelse"].kind is DocumentKind.LESERINNLEGG
    assert rows["Notat"].kind is DocumentKind.ANNET
    assert all(r.topics == ("Folkehelse",) and r.county for r in rows.values())
    assert titles(core, text="endometriose") == ["Leserinnlegg om kvinnehelse"]
    assert titles(core, text="trøndelag") == ["Notat"]  # Windows-1252 text decoded
    # «fl» comes out of this PDF as the ligature «ﬂ»: still found.
    assert titles(core, text="ambulanseflyet") == ["Interpellasjon ambulanse Finnmark"]
    # Importing the folder again adds nothing twice.
    again = core.ideabank.import_folder(folder, DocumentDraft(""), None)
    while True:
        try:
            next(again)
        except StopIteration as stop:
            assert stop.value.added == []
            assert "finnes allerede i idébanken" in dict(stop.value.skipped)["notat.txt"]
            break


def test_editing_checks_fields_and_refuses_a_stale_version(bank: Core, author: str) -> None:
    (row,) = bank.ideabank.search(DocumentFilter(text="unge")).rows
    page = bank.ideabank.page(row.id)
    draft = page.to_draft()
    changed = replace(draft, status=DocumentStatus.VEDTATT, authors=(author,))
    bank.ideabank.update(row.id, changed, page.version)
    saved = bank.ideabank.page(row.id)
    assert saved.row.status is DocumentStatus.VEDTATT
    assert [a.uid for a in saved.row.authors] == [author]
    assert saved.row.county and saved.row.county.name == "Vestland"
    with pytest.raises(ConflictError, match="endret av noen andre"):
        bank.ideabank.update(row.id, draft, page.version)  # read before the save above
    with pytest.raises(ValidationError, match="tittel"):
        bank.ideabank.update(row.id, DocumentDraft("  "), saved.version)
    with pytest.raises(ValidationError, match="nettadresse"):
        bank.ideabank.add(DocumentDraft("Lenke", link="ftp://x"))
    with pytest.raises(NotFoundError, match="Ukjent kommune"):
        bank.ideabank.add(DocumentDraft("Sted", municipality="Atlantis"))
    with pytest.raises(NotFoundError, match="forfatter"):
        bank.ideabank.add(DocumentDraft("Forfatter", authors=("ingen-slik",)))
    link = bank.ideabank.add(DocumentDraft("Lenke", link="www.nrk.no/helse"))
    assert bank.ideabank.page(link).link == "https://www.nrk.no/helse"
    assert bank.ideabank.delete(link) == "Lenke"
    with pytest.raises(NotFoundError, match="Fant ikke dokument"):
        bank.ideabank.page(link)
