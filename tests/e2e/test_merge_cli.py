"""`kontakt merge` and `kontakt undo-merge` as a user runs them, and a vCard with the
UID of a contact merged away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.test_cli import kontakt, list_json

KEEP = "6f1d3a52-8c1e-4d7b-9a41-2b5c7d8e9f01"
OTHER = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"


def _card(uid: str, email: str, extra: str = "") -> str:
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:Kari Nordmann\r\nN:Nordmann;Kari;;;\r\n"
        f"EMAIL:{email}\r\n{extra}END:VCARD\r\n"
    )


def _two_karis(tmp_path: Path) -> Path:
    db = tmp_path / "k.db"
    vcf = tmp_path / "kari.vcf"
    vcf.write_text(
        _card(KEEP, "kari@example.org")
        + _card(OTHER, "kari.n@example.net", "ORG:Fagforbundet\r\nCATEGORIES:Rus\r\n"),
        encoding="utf-8",
    )
    result = kontakt("import", str(vcf), "--yes", db=db)
    assert result.returncode == 0, result.stderr
    assert {p["uid"] for p in list_json(db)} == {KEEP, OTHER}
    return db


def _people(db: Path) -> list[dict[str, Any]]:
    people = list_json(db)
    for p in people:
        p.pop("updated_at")  # type: ignore[attr-defined]
    return sorted(people, key=lambda p: str(p["uid"]))  # type: ignore[return-value]


def test_merge_prints_the_changes_and_a_later_vcard_with_the_old_uid_updates_the_kept(
    tmp_path: Path,
) -> None:
    db = _two_karis(tmp_path)
    unconfirmed = kontakt("merge", KEEP, OTHER, db=db)  # no terminal, no --yes
    assert unconfirmed.returncode == 1
    assert unconfirmed.stderr.strip().endswith("legg til --yes.")
    assert unconfirmed.stderr.count("\n") == 1
    assert len(list_json(db)) == 2

    result = kontakt("merge", KEEP, OTHER, "--yes", db=db)
    assert result.returncode == 0, result.stderr
    assert "Organisasjon: tom -> Fagforbundet" in result.stdout
    assert "E-post: kari@example.org -> kari@example.org, kari.n@example.net" in result.stdout
    assert "undo-merge 1" in result.stdout
    [kari] = list_json(db)
    assert kari["uid"] == KEEP and kari["topics"] == ["Rus"]

    # Her phone's address book still has the card it got before the merge; only
    # its UID says who it is (a new address, no municipality to match a name in).
    later = tmp_path / "telefon.vcf"
    later.write_text(_card(OTHER, "kari@privat.example", "TEL:+47 912 34 567\r\n"), "utf-8")
    result = kontakt("import", str(later), "--yes", "--on-duplicate", "merge", db=db)
    assert result.returncode == 0, result.stderr
    [kari] = list_json(db)
    assert kari["uid"] == KEEP and kari["phones"] == ["+4791234567"]
    assert "kari@privat.example" in kari["emails"]


def test_undo_merge_gives_back_both_contacts_as_they_were(tmp_path: Path) -> None:
    db = _two_karis(tmp_path)
    before = _people(db)
    assert kontakt("merge", OTHER, KEEP, "--yes", db=db).returncode == 0
    result = kontakt("undo-merge", db=db)
    assert result.returncode == 0, result.stderr
    assert "Sammenslåing 1 er angret" in result.stdout
    assert _people(db) == before
    again = kontakt("undo-merge", "1", db=db)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "allerede angret" in again.stderr


def test_bad_merges_are_refused_with_one_line(tmp_path: Path) -> None:
    db = _two_karis(tmp_path)
    for args, words in [
        ((KEEP, KEEP), "seg selv"),
        ((KEEP, "9c9c9c9c-0000-4000-8000-000000000000"), "Fant ingen kontakt"),
    ]:
        result = kontakt("merge", *args, "--yes", db=db)
        assert result.returncode == 1
        assert words in result.stderr and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
    assert kontakt("undo-merge", db=db).returncode == 1
    assert len(list_json(db)) == 2
