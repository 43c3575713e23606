"""`kontakt docs use` and `docs show --json`: where a document travelled, as a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.fixtures.documents import make_docx


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one document (nr. 1) and one contact; returns its path."""
    db = tmp_path / "kontakt.db"
    docx = make_docx(tmp_path / "Interpellasjon_fødetilbud.docx", ["Fødetilbudet i distriktene"])
    added = kontakt("docs", "add", str(docx), "--kind", "interpellasjon", "--topic", "rus", db=db)
    assert added.returncode == 0, added.stderr
    return db


def contact_uid(db: Path, tmp_path: Path) -> str:
    sheet = tmp_path / "folk.csv"
    sheet.write_text("Fornavn;Etternavn;E-post\nÅse;Ødegård;ase@example.no\n", encoding="utf-8")
    imported = kontakt("import", str(sheet), "--consent-basis", "samtykke", db=db)
    assert imported.returncode == 0, imported.stderr
    (person,) = json.loads(kontakt("list", "--json", db=db).stdout)
    return str(person["uid"])


def show(db: Path) -> dict[str, object]:
    result = kontakt("docs", "show", "1", "--json", db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_record_uses_and_read_them_back_as_json(db: Path, tmp_path: Path) -> None:
    uid = contact_uid(db, tmp_path)
    (listed,) = json.loads(kontakt("docs", "list", "--json", db=db).stdout)
    used = kontakt(
        "docs", "use", str(listed["id"]), "--municipality", "Bergen", "--date", "2025-03-04",
        "--outcome", "Vedtatt", "--by", uid, "--link", "https://bergen.kommune.no/sak/7", db=db,
    )  # fmt: skip
    assert used.returncode == 0, used.stderr
    assert used.stdout == "Registrerte bruk nr. 1 av dokument nr. 1: vedtatt i Bergen.\n"
    other = kontakt("docs", "use", "1", "--county", "Hordaland", "--outcome", "fremmet",
                    "--date", "05.06.2025", db=db)  # fmt: skip
    assert other.returncode == 0, other.stderr
    doc = show(db)
    assert doc["uses"] == [
        {
            "id": 2, "municipality": None, "county": {"number": "46", "name": "Vestland"},
            "date": "2025-06-05", "outcome": "fremmet", "by": None, "link": "", "note": "",
        },
        {
            "id": 1, "municipality": {"number": "4601", "name": "Bergen"},
            "county": {"number": "46", "name": "Vestland"}, "date": "2025-03-04",
            "outcome": "vedtatt", "by": {"uid": uid, "name": "Åse Ødegård"},
            "link": "https://bergen.kommune.no/sak/7", "note": "",
        },
    ]  # fmt: skip
    summary = doc["use_summary"]
    assert isinstance(summary, dict)
    assert summary["text"] == "Brukt: fremmet i 1 kommune og 1 fylke, vedtatt i 1 kommune"
    assert summary["vedtatt"] == {"municipalities": 1, "counties": 0}
    (row,) = json.loads(kontakt("docs", "list", "--json", "--used", "vedtatt", db=db).stdout)
    assert (row["used_places"], row["adopted_places"]) == (2, 1)
    assert json.loads(kontakt("docs", "list", "--json", "--used", "aldri", db=db).stdout) == []
    text = kontakt("docs", "show", "1", db=db).stdout
    assert "Brukt: fremmet i 1 kommune og 1 fylke, vedtatt i 1 kommune" in text
    assert "04.03.2025  Vedtatt i Bergen (Åse Ødegård)" in text

    erased = kontakt("privacy", "erase", uid, "--yes", db=db)
    assert erased.returncode == 0, erased.stderr
    uses = show(db)["uses"]
    assert isinstance(uses, list)
    assert [u["by"] for u in uses] == [None, None]  # the use stays, the name goes
    assert "Ødegård" not in json.dumps(show(db), ensure_ascii=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "Bergn"], "Bergn"),
        (["--county", "Atlantis"], "Atlantis"),
        (["--county", "Agder", "--date", "2025-13-01"], "«2025-13-01» er ikke en dato"),
        (["--county", "Agder", "--outcome", "utsatt"], "Ukjent utfall «utsatt»"),
        (["--county", "Agder", "--by", "ingen-slik"], "Fant ingen kontakt med id ingen-slik"),
        ([], "Velg kommunen eller fylket"),
    ],
)
def test_bad_input_exits_1_with_one_norwegian_line_and_records_nothing(
    db: Path, args: list[str], message: str
) -> None:
    result = kontakt("docs", "use", "1", *args, db=db)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("kontakt: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert show(db)["uses"] == []


def test_an_unknown_document_exits_1(db: Path) -> None:
    result = kontakt("docs", "use", "42", "--county", "Agder", db=db)
    assert (result.returncode, result.stderr) == (
        1,
        "kontakt: Fant ikke dokument nr. 42 i idébanken.\n",
    )
