"""`kontakt docs`: the idea bank from scripts, as a real process with real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.fixtures.documents import make_docx, make_pdf


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kontakt.db"


def docs_json(db: Path, *args: str) -> list[dict[str, object]]:
    result = kontakt("docs", "list", "--json", *args, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_add_a_pdf_and_list_it_by_topic_kind_and_a_word_inside(db: Path, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "Interpellasjon_rusreform.pdf", ["LAR-tilbudet i Trondheim"])
    added = kontakt(
        "docs", "add", str(pdf), "--kind", "interpellasjon", "--topic", "rus",
        "--topic", "Psykisk helse", "--municipality", "Trondheim", "--date", "2024-05-06",
        db=db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout == "La inn dokument nr. 1: «Interpellasjon rusreform».\n"
    docx = make_docx(tmp_path / "svar.docx", ["Høringssvar om tannhelse"])
    other = kontakt(
        "docs", "add", str(docx), "--kind", "høringssvar", "--topic", "Tannhelsereform",
        "--title", "Høringssvar: tannhelse for alle", db=db,
    )  # fmt: skip
    assert other.returncode == 0, other.stderr

    (doc,) = docs_json(db, "--topic", "RUS")
    assert doc["title"] == "Interpellasjon rusreform"
    assert doc["kind"] == "interpellasjon"
    assert doc["topics"] == ["Psykisk helse", "Rus"]
    assert doc["municipality"] == {"number": "5001", "name": "Trondheim - Tråante"}
    assert doc["county"] == {"number": "50", "name": "Trøndelag - Trööndelage"}
    assert doc["date"] == "2024-05-06" and doc["files"] == 1
    assert [d["title"] for d in docs_json(db, "--kind", "høringssvar")] == [
        "Høringssvar: tannhelse for alle"
    ]
    assert [d["title"] for d in docs_json(db, "--search", "TRONDHEIM")] == [
        "Interpellasjon rusreform"
    ]
    assert docs_json(db, "--county", "Sør-Trøndelag", "--year", "2024")[0]["id"] == 1
    table = kontakt("docs", "list", "--topic", "Tannhelsereform", db=db)
    assert table.returncode == 0
    assert "Høringssvar: tannhelse for alle" in table.stdout
    assert table.stdout.endswith("1 av 1 dokumenter\n")
    shown = json.loads(kontakt("docs", "show", "1", "--json", db=db).stdout)
    assert shown["files"] == [
        {"name": pdf.name, "mime_type": "application/pdf", "size": pdf.stat().st_size}
    ]
    assert shown["recipients"] == []
    assert shown["text"] == ""  # the words are in the file's text, found by --search above


def test_bad_input_exits_1_with_a_norwegian_line_naming_the_file(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "ødelagt.pdf"
    broken.write_bytes(b"%PDF-1.4\nikke mer")
    result = kontakt("docs", "add", str(broken), "--kind", "annet", "--topic", "rus", db=db)
    assert result.returncode == 1
    assert result.stderr.startswith("kontakt: Fila «ødelagt.pdf» er skadet")
    assert result.stderr.count("\n") == 1
    missing = kontakt("docs", "add", str(tmp_path / "borte.docx"), "--kind", "annet",
                      "--topic", "rus", db=db)  # fmt: skip
    assert (missing.returncode, missing.stderr) == (1, "kontakt: Fant ikke fila «borte.docx».\n")
    typo = kontakt("docs", "add", str(broken), "--kind", "annet", "--topic", "psykisk hlese", db=db)
    assert typo.returncode == 1 and "Mente du: Psykisk helse?" in typo.stderr
    unknown_author = kontakt(
        "docs", "add", str(make_docx(tmp_path / "a.docx", ["x"])), "--kind", "annet",
        "--topic", "rus", "--author", "ingen-slik", db=db,
    )  # fmt: skip
    assert unknown_author.returncode == 1 and "ingen-slik" in unknown_author.stderr
    assert docs_json(db) == []  # nothing half-written


def test_wrong_usage_exits_2(db: Path, tmp_path: Path) -> None:
    file = make_docx(tmp_path / "a.docx", ["x"])
    assert kontakt("docs", "add", str(file), "--topic", "rus", db=db).returncode == 2  # no --kind
    assert kontakt("docs", "add", str(file), "--kind", "annet", db=db).returncode == 2  # no --topic
    assert (
        kontakt("docs", "add", str(file), "--kind", "brev", "--topic", "rus", db=db).returncode == 2
    )
    bad_date = kontakt(
        "docs", "add", str(file), "--kind", "annet", "--topic", "rus", "--date", "1.2.2024", db=db
    )
    assert bad_date.returncode == 2 and "ÅÅÅÅ-MM-DD" in bad_date.stderr
    assert kontakt("docs", "list", "--kind", "brev", db=db).returncode == 2


def test_import_a_folder_reports_the_broken_file_and_imports_the_rest(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "dokumenter"
    folder.mkdir()
    make_docx(folder / "Høringssvar sykehusplan.docx", ["Nei til nedleggelse av akuttkirurgi"])
    (folder / "innlegg.txt").write_text("Eldreomsorgen trenger flere hender.", encoding="utf-8")
    (folder / "skadet.docx").write_bytes(b"PK\x03\x04tull")
    result = kontakt("docs", "import", str(folder), "--topic", "Sykehus", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 dokumenter lagt inn, 1 fil hoppet over.\n"
    assert "Hoppet over: Fila «skadet.docx» er skadet" in result.stderr
    docs = {d["title"]: d for d in docs_json(db)}
    assert set(docs) == {"Høringssvar sykehusplan", "Innlegg"}
    assert docs["Høringssvar sykehusplan"]["kind"] == "høringssvar"
    assert [d["title"] for d in docs_json(db, "--search", "akuttkirurgi")] == [
        "Høringssvar sykehusplan"
    ]


def test_adding_a_file_already_in_the_idea_bank_says_so_and_stores_it_once(
    db: Path, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "Interpellasjon_rusreform.pdf", ["LAR-tilbudet i Trondheim"])
    first = kontakt("docs", "add", str(pdf), "--kind", "interpellasjon", "--topic", "Rus", db=db)
    assert first.returncode == 0, first.stderr
    again = kontakt("docs", "add", str(pdf), "--kind", "interpellasjon", "--topic", "Rus", db=db)
    assert again.returncode == 0 and again.stdout == ""
    assert again.stderr == (
        "«Interpellasjon_rusreform.pdf» finnes allerede i idébanken (dokument nr. 1, "
        "«Interpellasjon rusreform»); den ble ikke lagt inn en gang til.\n"
    )
    assert len(docs_json(db)) == 1
    # The same name with other bytes is another document.
    make_pdf(pdf, ["Et annet innhold"])
    assert (
        kontakt(
            "docs", "add", str(pdf), "--kind", "interpellasjon", "--topic", "Rus", db=db
        ).returncode
        == 0
    )
    assert len(docs_json(db)) == 2
