"""An import never turns a reservation against e-mail off, whatever the file says and
whichever duplicate choice is made; a file can only add one."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt, list_json

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.paths import resolve_database

KARI = "Kari;Nordmann;kari@example.org"
FILES = {
    "says no": f"Fornavn;Etternavn;E-post;Reservert mot e-post\n{KARI};Nei\n",
    "consents": f"Fornavn;Etternavn;E-post;Samtykke\n{KARI};Ja\n",
    "says nothing": f"Fornavn;Etternavn;E-post;Organisasjon\n{KARI};SV\n",
}


def _database(tmp_path: Path, opted_out: bool) -> Path:
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        core.contacts.create(
            ContactDraft(
                given_name="Kari",
                family_name="Nordmann",
                emails=(EmailData("kari@example.org"),),
                opted_out=opted_out,
            )
        )
    finally:
        core.close()
    return db


@pytest.mark.parametrize("mode", ["update", "merge"])
@pytest.mark.parametrize("content", FILES)
def test_an_import_never_lifts_a_reservation(tmp_path: Path, mode: str, content: str) -> None:
    db = _database(tmp_path, opted_out=True)
    source = tmp_path / "rad.csv"
    source.write_text(FILES[content], encoding="utf-8")
    result = kontakt("import", str(source), "--on-duplicate", mode, "--yes", db=db)
    assert result.returncode == 0, result.stderr
    (kari,) = list_json(db)
    assert kari["opted_out"] is True
    if content == "says nothing":
        assert kari["organisation"] == "SV"  # the row was joined in


@pytest.mark.parametrize("mode", ["update", "merge"])
def test_an_import_can_add_a_reservation(tmp_path: Path, mode: str) -> None:
    db = _database(tmp_path, opted_out=False)
    source = tmp_path / "rad.csv"
    source.write_text(FILES["says no"].replace(";Nei", ";Ja"), encoding="utf-8")
    result = kontakt("import", str(source), "--on-duplicate", mode, "--yes", db=db)
    assert result.returncode == 0, result.stderr
    assert list_json(db)[0]["opted_out"] is True
