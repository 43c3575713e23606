"""Google and Outlook CSV: every number and address a layout has room for goes in, a Google
cell of several numbers is not marked as text, and what Outlook has no room for is told."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt, list_json

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, EmailData, PhoneData, PhoneKind
from kontakt.paths import resolve_database

PHONES = tuple(f"+47{n}" for n in range(91000001, 91000010))  # nine mobile numbers
EMAILS = tuple(f"kari{n}@example.org" for n in range(4))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("mange") / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        core.contacts.create(
            ContactDraft(
                given_name="Kari",
                family_name="Mange",
                emails=tuple(EmailData(a) for a in EMAILS),
                phones=(
                    *(PhoneData(p, PhoneKind.MOBIL) for p in PHONES[:3]),
                    *(PhoneData(p, PhoneKind.JOBB) for p in PHONES[3:6]),
                    *(PhoneData(p, PhoneKind.ANNET) for p in PHONES[6:]),
                ),
            )
        )
        core.contacts.create(ContactDraft(given_name="Ola", emails=(EmailData("ola@example.org"),)))
    finally:
        core.close()
    return db


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_google_cell_of_several_numbers_is_not_marked_as_text(
    crowded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "google.csv"
    assert kontakt("export", "csv-google", "-o", str(out), db=crowded).returncode == 0
    kari = next(r for r in _rows(out) if r["Last Name"] == "Mange")
    last = kari["Phone 3 - Value"]
    assert " ::: " in last and not last.startswith("'")
    cells = " ::: ".join(kari[f"Phone {n} - Value"] for n in (1, 2, 3))
    assert len(cells.split(" ::: ")) == len(PHONES)


def test_outlook_fills_its_columns_and_says_what_did_not_fit(crowded: Path, tmp_path: Path) -> None:
    out = tmp_path / "outlook.csv"
    result = kontakt("export", "csv-outlook", "-o", str(out), db=crowded)
    assert result.returncode == 0, result.stderr
    assert (
        "Outlook har plass til 3 e-postadresser og 7 telefonnumre per kontakt: "
        "2 telefonnumre og 1 e-postadresse hos 1 kontakt ble ikke med i fila."
    ) in result.stdout
    kari = next(r for r in _rows(out) if r["Last Name"] == "Mange")
    written = {v.replace(" ", "") for k, v in kari.items() if "Phone" in k and v}
    assert len(written) == 7 and written <= set(PHONES)
    assert [kari[f"{p} Address"] for p in ("E-mail", "E-mail 2", "E-mail 3")] == list(EMAILS[:3])


def test_outlook_says_nothing_when_everything_fits(crowded: Path, tmp_path: Path) -> None:
    out = tmp_path / "ola.csv"
    result = kontakt("export", "csv-outlook", "-o", str(out), "--search", "Ola", db=crowded)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Skrev 1 kontakter til {out}"


def test_pdf_text_has_the_exact_address_not_ligature_glyphs(tmp_path: Path) -> None:
    from pypdf import PdfReader

    db = tmp_path / "kontakt.db"
    address = "kari.kristoffersen@example.org"
    core = open_core(resolve_database(str(db)))
    try:
        draft = ContactDraft(
            given_name="Kari", family_name="Kristoffersen", emails=(EmailData(address),)
        )
        uid = core.contacts.create(draft).uid
    finally:
        core.close()
    out = tmp_path / "liste.pdf"
    result = kontakt("export", "pdf", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert not set(text) & set("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
    assert address in text.replace("\n", "").replace(" ", "")
    assert "Kristoffersen" in text
    # The access report (art. 15) is a PDF of the person's data too.
    report = tmp_path / "innsyn.json"
    result = kontakt("privacy", "export", uid, "-o", str(report), db=db)
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(report.with_suffix(".pdf")).pages)
    assert address in text.replace("\n", "").replace(" ", "")


def test_googles_system_groups_are_not_labels(interop_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    sample = interop_dir / "csv" / "google-contacts-export-sample.csv"
    assert kontakt("import", str(sample), "--yes", db=db).returncode == 0
    own = tmp_path / "google.csv"
    own.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Value\n"
        "Kari,Nordmann,* myContacts ::: * starred ::: Styret ::: * friends,kari@example.org\n",
        encoding="utf-8",
    )
    assert kontakt("import", str(own), "--yes", db=db).returncode == 0
    labels = {p["family_name"]: p["labels"] for p in list_json(db)}
    assert labels == {"Müller-Łukasiewicz": [], "Nordmann": ["Styret"]}
