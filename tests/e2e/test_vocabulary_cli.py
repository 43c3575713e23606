"""`kontakt topics …` and `kontakt labels …` as a user runs them (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import kontakt, list_json

FAMILY_CARDS = """BEGIN:VCARD
VERSION:3.0
N:Hansen;Mor;;;
FN:Mor Hansen
TEL;TYPE=CELL:+4791234567
ADR;TYPE=HOME:;;;Bergen;;;Norge
CATEGORIES:Familie
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Hansen;Bror;;;
FN:Bror Hansen
TEL;TYPE=CELL:+4791234568
CATEGORIES:Familie,Rus
END:VCARD
"""


def overview_topics(db: Path) -> set[str]:
    result = kontakt("overview", "--json", db=db)
    assert result.returncode == 0, result.stderr
    return {cell["topic"] for cell in json.loads(result.stdout)}


def test_the_familie_topic_from_a_phone_is_deleted_and_leaves_the_overview(
    tmp_path: Path,
) -> None:
    db = tmp_path / "k.db"
    vcf = tmp_path / "telefon.vcf"
    vcf.write_text(FAMILY_CARDS, "utf-8")
    imported = kontakt("import", str(vcf), "--yes", "--new-topics", "create", db=db)
    assert imported.returncode == 0, imported.stderr
    assert "Familie" in overview_topics(db)  # a gap in every county
    listed = json.loads(kontakt("topics", "list", "--json", db=db).stdout)
    assert {"name": "Familie", "count": 2, "synonyms": []} in listed

    # Without a terminal and without --yes nothing is deleted: one line, exit 1.
    refused = kontakt("topics", "delete", "familie", db=db)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "2 kontakter" in refused.stderr and "--yes" in refused.stderr
    assert "Familie" in overview_topics(db)

    deleted = kontakt("topics", "delete", "familie", "--yes", db=db)
    assert deleted.returncode == 0, deleted.stderr
    assert "Slettet temaet «Familie» (2 kontakter)" in deleted.stdout
    assert "Familie" not in overview_topics(db)
    assert sorted(p["topics"] for p in list_json(db)) == [[], ["Rus"]]  # type: ignore[type-var]

    undone = kontakt("topics", "undo", db=db)
    assert undone.returncode == 0, undone.stderr
    assert "Familie" in overview_topics(db)
    assert len(list_json(db, "--topic", "Familie")) == 2


def test_rename_merge_and_the_errors_a_user_meets(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    csv = tmp_path / "svar.csv"
    csv.write_text(
        "Fornavn;Etternavn;E-post;Tema;Etiketter\n"
        "Kari;Nordmann;kari@example.org;psykiatri;Styret\n"
        "Ola;Nordmann;ola@example.org;Rus;Presse\n",
        "utf-8",
    )
    assert kontakt("import", str(csv), "--yes", db=db).returncode == 0
    # «psykiatri» is a synonym: the import put Kari under Psykisk helse.
    assert [p["given_name"] for p in list_json(db, "--topic", "Psykisk helse")] == ["Kari"]
    assert [p["given_name"] for p in list_json(db, "--topic", "psykiatri")] == ["Kari"]

    taken = kontakt("topics", "rename", "Rus", "psykisk helse", db=db)
    assert taken.returncode == 1 and taken.stderr.count("\n") == 1
    assert 'kontakt topics merge Rus "Psykisk helse"' in taken.stderr
    unknown = kontakt("topics", "rename", "Russ", "Rusfeltet", db=db)
    assert unknown.returncode == 1 and "Mente du: Rus" in unknown.stderr
    empty = kontakt("labels", "rename", "Styret", " ", db=db)
    assert empty.returncode == 1 and "tomt" in empty.stderr

    merged = kontakt("labels", "merge", "Presse", "styret", db=db)
    assert merged.returncode == 0, merged.stderr
    assert json.loads(kontakt("labels", "list", "--json", db=db).stdout) == [
        {"name": "Styret", "count": 2}
    ]
    assert kontakt("labels", "undo", db=db).returncode == 0
    assert len(json.loads(kontakt("labels", "list", "--json", db=db).stdout)) == 2

    renamed = kontakt("topics", "rename", "Rus", "Rusomsorg", db=db)
    assert renamed.returncode == 0, renamed.stderr
    assert [p["topics"] for p in list_json(db, "--topic", "Rusomsorg")] == [["Rusomsorg"]]


def test_synonyms_edited_by_the_board_steer_the_next_import(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    set_words = kontakt("topics", "synonyms", "Rus", "--set", "rusfeltet", "alkohol", db=db)
    assert set_words.returncode == 0, set_words.stderr
    assert set_words.stdout.strip() == "alkohol, rusfeltet"
    clash = kontakt("topics", "synonyms", "Sykehus", "--set", "rusfeltet", db=db)
    assert clash.returncode == 1 and "synonym for temaet «Rus»" in clash.stderr
    csv = tmp_path / "fylke.csv"
    csv.write_text("Fornavn;Etternavn;E-post;Tema\nSiri;Dahl;siri@example.org;Rusfeltet\n", "utf-8")
    assert kontakt("import", str(csv), "--yes", "--new-topics", "create", db=db).returncode == 0
    assert list_json(db)[0]["topics"] == ["Rus"]  # not a new topic «Rusfeltet»
