"""What the secretary marks survives every trip (issue 18's table, as a test).

For each format Kontakt exports people to: export demo-like contacts with
every field of the table set, import the file into an empty database with
``kontakt import`` (a real process), and compare ``kontakt list --json``
before and after, field by field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.test_cli import kontakt, list_json

from kontakt.app import open_core
from kontakt.domain.records import (
    ContactDraft,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.paths import resolve_database

# The fields of the table, and what identifies a person besides.
COMPARED = (
    "uid", "given_name", "family_name", "emails", "phones", "organisation", "title",
    "municipality", "county", "topics", "roles", "opted_out",
)  # fmt: skip
FORMATS = {
    "vcard": "kort.vcf",
    "vcard4": "kort4.vcf",
    "xlsx": "liste.xlsx",
    "csv-google": "google.csv",
    "csv-outlook": "outlook.csv",
}

AWKWARD = (
    ContactDraft(
        given_name="Kari",
        family_name="Kristoffersen",
        emails=(
            EmailData("kari.kristoffersen@example.org", EmailKind.PRIVAT, True),
            EmailData("kari@example.com", EmailKind.JOBB),
        ),
        phones=(
            PhoneData("+4791234567", PhoneKind.MOBIL, True),
            PhoneData("+4755123456", PhoneKind.JOBB),
            PhoneData("+4722334455", PhoneKind.ANNET),
        ),
        organisation="Herøy kommune",
        title="Ordfører",
        municipality="1818",
        topics=("Psykisk helse", "Rus", "Fødetilbud"),
        roles=(
            RoleData(
                RoleKind.FOLKEVALGT,
                RoleLevel.KOMMUNE,
                "Herøy (Nordland) kommunestyre",
                "Ordfører",
                "SV",
                dt.date(2023, 10, 1),
            ),
            RoleData(
                RoleKind.TILLITSVALGT,
                RoleLevel.ORGANISASJON,
                "Fagforbundet; Herøy",
                "Leder, avdeling",
                "Fagforbundet",
            ),
        ),
        opted_out=True,
    ),
    ContactDraft(
        given_name="Åse",
        family_name="Øvrebø",
        emails=(EmailData("ase@example.org"),),
        county="Finnmark",
        # A topic the secretary made, which a new database lacks: a file from a
        # Kontakt brings it as a topic, not sent to the closest one or made a label.
        # «og» and «/» inside a name do not split it in a file Kontakt wrote.
        topics=("Tannhelsereform", "Klimahelse", "Barn og unge", "Rus/psykiatri"),
        opted_out=True,
    ),
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("kilde") / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    core = open_core(resolve_database(str(db)))
    try:
        for draft in AWKWARD:
            core.contacts.create(draft)
    finally:
        core.close()
    return db


def _comparable(person: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    out = {k: person[k] for k in fields}
    for key in {"emails", "phones", "topics", "labels"} & out.keys():
        out[key] = sorted(out[key])
    out["roles"] = sorted(out["roles"], key=lambda r: json.dumps(r, sort_keys=True))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_field_of_the_table_survives_export_and_import(
    source: Path, tmp_path: Path, fmt: str
) -> None:
    # The CSV files carry the labels too (as Google labels, Outlook categories).
    fields = (*COMPARED, "labels") if fmt.startswith("csv") else COMPARED
    before = {p["uid"]: _comparable(p, fields) for p in list_json(source)}
    assert sum(p["opted_out"] for p in before.values()) >= 10
    exported = tmp_path / FORMATS[fmt]
    result = kontakt("export", fmt, "-o", str(exported), "--private", db=source)
    assert result.returncode == 0, result.stderr
    empty = tmp_path / "tom.db"
    result = kontakt("import", str(exported), "--yes", db=empty)
    assert result.returncode == 0, result.stderr
    after = {p["uid"]: _comparable(p, fields) for p in list_json(empty)}
    assert after.keys() == before.keys()
    wrong = {
        (uid, field): (before[uid][field], after[uid][field])
        for uid in before
        for field in fields
        if before[uid][field] != after[uid][field]
    }
    assert not wrong, f"{len(wrong)} differ, e.g. {list(wrong.items())[:3]}"
