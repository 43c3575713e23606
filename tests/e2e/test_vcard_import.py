"""vCard files through `kontakt import`: real address books' exports, round trips, UIDs,
and people erased on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import SHARED_DIR
from tests.e2e.test_cli import kontakt, list_json

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.paths import resolve_database

VCARDS = sorted((SHARED_DIR / "interop" / "vcards").glob("*.vcf"))


@pytest.mark.parametrize("vcf", VCARDS, ids=[p.name for p in VCARDS])
def test_every_real_vcard_file_imports_without_a_crash(vcf: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    report = tmp_path / "rapport.json"
    result = kontakt("import", str(vcf), "--yes", "--report", str(report), db=db)
    assert "Traceback" not in result.stderr
    if result.returncode == 1:  # refused as a whole: one clear line naming the file
        assert vcf.name in result.stderr and result.stderr.count("\n") == 1
        return
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text("utf-8"))
    people = list_json(db)
    assert len(people) == data["created"]
    if not vcf.name.startswith("broken-"):
        assert people, result.stdout
        assert all(p["given_name"] or p["family_name"] for p in people)


def test_a_gmail_export_keeps_names_emails_phones_and_organisation(
    interop_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "k.db"
    vcf = interop_dir / "vcards" / "google-gmail-3.0-list.vcf"
    assert kontakt("import", str(vcf), "--yes", db=db).returncode == 0
    people = {p["family_name"]: p for p in list_json(db)}
    assert people["Smith"]["given_name"] == "Arnold"
    assert people["Smith"]["emails"] == ["asmithk@gmail.com"]


def test_a_broken_card_is_reported_and_the_others_imported(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    vcf = tmp_path / "blandet.vcf"
    vcf.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kari Nordmann\r\nN:Nordmann;Kari;;;\r\n"
        "EMAIL:kari@example.no\r\nCATEGORIES:Rus,Vestland\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Uten Slutt\r\nEMAIL:uten@example.no\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola Hansen\r\nN:Hansen;Ola;;;\r\n"
        "TEL;TYPE=CELL:+47 912 34 567\r\nORG:Fagforbundet\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = kontakt("import", str(vcf), "--yes", db=db)
    assert result.returncode == 0, result.stderr
    assert "blandet.vcf: Rad 2: Kort 2" in result.stderr and "hoppet over" in result.stderr
    people = {p["family_name"]: p for p in list_json(db)}
    assert set(people) == {"Nordmann", "Hansen"}
    assert people["Nordmann"]["topics"] == ["Rus"]
    assert people["Nordmann"]["county"]["name"] == "Vestland"
    assert people["Hansen"]["phones"] == ["+4791234567"]
    assert people["Hansen"]["organisation"] == "Fagforbundet"


def test_export_then_import_keeps_uids_and_reimport_updates(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert kontakt("demo", db=a).returncode == 0
    vcf = tmp_path / "vestland.vcf"
    assert kontakt("export", "vcard", "-o", str(vcf), "--county", "46", db=a).returncode == 0
    first = kontakt("import", str(vcf), "--yes", db=b)
    assert first.returncode == 0, first.stderr
    source = {p["uid"]: p for p in list_json(a, "--county", "46")}
    copied = {p["uid"]: p for p in list_json(b)}
    assert set(copied) == set(source)  # the UIDs came along
    for uid, person in copied.items():
        assert (person["given_name"], person["family_name"]) == (
            source[uid]["given_name"], source[uid]["family_name"],
        )  # fmt: skip
        assert person["emails"][:1] == source[uid]["emails"][:1]
        assert person["county"] == source[uid]["county"]
    again = kontakt("import", str(vcf), "--yes", "--on-duplicate", "update", db=b)
    assert again.returncode == 0, again.stderr
    assert f"oppdatert {len(source)}" in again.stdout
    assert len(list_json(b)) == len(source)  # updated, not doubled


def test_a_person_erased_on_request_is_not_imported_again_unasked(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    core = open_core(resolve_database(str(db)))
    try:
        row = core.contacts.create(
            ContactDraft("Sigrid", "Slettesen", emails=(EmailData("sigrid@example.no"),))
        )
        core.privacy.erase(row.uid)
        assert core.search.count(ContactFilter()) == 0
    finally:
        core.close()
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        "Navn;E-post\nSigrid Slettesen;SIGRID@example.no\nOla Hansen;ola@example.no\n",
        encoding="utf-8",
    )
    result = kontakt("import", str(sheet), "--yes", db=db)
    assert result.returncode == 0, result.stderr
    assert [p["family_name"] for p in list_json(db)] == ["Hansen"]
    report = tmp_path / "r.json"
    dry = kontakt("import", str(sheet), "--dry-run", "--report", str(report), db=db)
    assert dry.returncode == 0
    warnings = json.loads(report.read_text("utf-8"))["warnings"]
    assert any("Slettet etter ønske" in w["message"] for w in warnings)
    override = kontakt("import", str(sheet), "--yes", "--include-erased", db=db)
    assert override.returncode == 0, override.stderr
    assert sorted(p["family_name"] for p in list_json(db)) == ["Hansen", "Slettesen"]
