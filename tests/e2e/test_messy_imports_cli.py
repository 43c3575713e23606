"""Messy files from the survey, county chapters and phones, through `kontakt import`.

Each test runs the command line as a script would and checks the database
(`list --json`) or the report (`--report`): nothing the file says is lost.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.fixtures.sheets import write_csv


def kontakt(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(db), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def imported(db: Path, path: Path, *args: str) -> dict[str, Any]:
    """Import ``path`` (exit 0 expected) and return the report."""
    report = path.with_suffix(".report.json")
    result = kontakt(db, "import", str(path), "--yes", "--report", str(report), *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def people(db: Path) -> dict[str, dict[str, Any]]:
    result = kontakt(db, "list", "--json")
    assert result.returncode == 0, result.stderr
    return {f"{p['given_name']} {p['family_name']}": p for p in json.loads(result.stdout)}


def test_place_names_typed_without_aeoeaa_are_read_with_a_warning(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sheet = write_csv(
        tmp_path / "fylkeslag.csv",
        ["Navn", "E-post", "Kommune", "Fylke"],
        [["Kari Nordmann", "kari@example.org", "Tromso", ""],
         ["Ola Nordmann", "ola@example.org", "Baerum", ""],
         ["Per Hansen", "per@example.org", "Aalesund", "More og Romsdal"],
         ["Siri Lund", "siri@example.org", "Heroy", ""],  # two Herøy: which one?
         ["Eva Berg", "eva@example.org", "Bergen", ""]],  # written right: no note
    )  # fmt: skip
    report = imported(db, sheet)
    stored = people(db)
    assert stored["Kari Nordmann"]["municipality"]["name"] == "Tromsø"
    assert stored["Ola Nordmann"]["municipality"]["name"] == "Bærum"
    assert stored["Per Hansen"]["municipality"]["name"] == "Ålesund"
    assert stored["Per Hansen"]["county"]["name"] == "Møre og Romsdal"
    notes = {(w["row"], w["message"]) for w in report["warnings"]}
    assert (2, "«Tromso» er lest som Tromsø.") in notes
    assert (3, "«Baerum» er lest som Bærum.") in notes
    assert (4, "«Aalesund» er lest som Ålesund.") in notes
    assert (4, "«More og Romsdal» er lest som Møre og Romsdal.") in notes
    assert not [w for w in report["warnings"] if w["row"] == 6]
    # The ambiguous one stays an error naming both candidates, at its cell.
    [error] = report["errors"]
    assert error["row"] == 5 and "Kommune" in error["column"]
    assert "Herøy (Møre og Romsdal), Herøy (Nordland)" in error["message"]
    assert "Siri Lund" not in stored


SURVEY = ["Navn", "E-post", "Mobil", "Kommune", "Tema", "Verv", "Kan vi sende deg e-post?"]


def test_someone_who_answered_twice_is_one_contact_with_both_answers(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sheet = write_csv(
        tmp_path / "undersokelse.csv",
        SURVEY,
        [["Kari Nordmann", "kari@example.org", "", "Bergen", "Rus", "", "Nei"],
         ["Ola Nordmann", "ola@example.org", "", "Oslo", "Sykehus", "", "Ja"],
         ["Kari Nordmann", "KARI@example.org", "98765432", "Bergen", "Sykehus, Fastlege",
          "Bystyremedlem", "Ja"],
         ["Kari Nordmann", "kari.n@example.net", "98765432", "Bergen", "Kvinnehelse", "",
          "Ja"]],
    )  # fmt: skip
    report = imported(db, sheet)
    stored = people(db)
    assert len(stored) == 2
    kari = stored["Kari Nordmann"]
    assert set(kari["topics"]) == {"Rus", "Sykehus", "Fastlege", "Kvinnehelse"}
    assert {e.casefold() for e in kari["emails"]} == {"kari@example.org", "kari.n@example.net"}
    assert kari["phones"] == ["+4798765432"]
    assert [r["kind"] for r in kari["roles"]] == ["folkevalgt"]
    # She said no to e-mail the first time: a later «Ja» does not undo it.
    assert kari["opted_out"] is True
    assert (report["created"], report["skipped"]) == (2, 0)
    combined = {c["row"]: c["message"] for c in report["combined"]}
    assert set(combined) == {4, 5}
    assert combined[4].startswith("Slått sammen med rad 2 (samme e-post")
    assert "«Sykehus», «Fastlege»" in combined[4] and "telefon +4798765432" in combined[4]
    assert "rad 2" in combined[5] and "«Kvinnehelse»" in combined[5]


def test_a_repeat_of_a_stored_person_left_as_stored_is_left_too(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    kari = ["Kari Nordmann", "kari@example.org", "98765432", "Bergen", "Rus", "", ""]
    first = write_csv(tmp_path / "for.csv", SURVEY, [kari])
    imported(db, first)
    again = write_csv(
        tmp_path / "igjen.csv",
        SURVEY,
        [
            ["Kari Nordmann", "kari@example.org", "", "Bergen", "Sykehus", "", ""],
            ["Kari Nordmann", "", "98765432", "Bergen", "Fastlege", "", ""],
        ],
    )
    report = imported(db, again)  # --on-duplicate skip: stored people as they are
    assert (report["created"], report["skipped"]) == (0, 2)
    assert people(db)["Kari Nordmann"]["topics"] == ["Rus"]
    merged = imported(db, again, "--on-duplicate", "merge")
    assert merged["updated"] == 1
    assert set(people(db)["Kari Nordmann"]["topics"]) == {"Rus", "Sykehus", "Fastlege"}


def test_topics_kontakt_lacks_take_the_closest_and_are_created_only_when_asked(
    tmp_path: Path,
) -> None:
    db = tmp_path / "k.db"
    sheet = write_csv(
        tmp_path / "tema.csv",
        ["Navn", "E-post", "Tema"],
        [["Kari Nordmann", "kari@example.org", "tannhelse, psykisk"],
         ["Ola Nordmann", "ola@example.org", "Familie"],
         ["Per Hansen", "ikke-en-adresse@", "Klimapolitikk"]],  # an error: left out
    )  # fmt: skip
    report = imported(db, sheet)
    stored = people(db)
    assert set(stored["Kari Nordmann"]["topics"]) == {"Tannhelsereform", "Psykisk helse"}
    assert stored["Ola Nordmann"]["topics"] == []
    assert stored["Ola Nordmann"]["labels"] == ["Familie"]
    assert report["created_topics"] == []
    topics = kontakt(db, "topics", "list", "--json")
    names = {t["name"].casefold() for t in json.loads(topics.stdout)}
    assert "familie" not in names and "tannhelse" not in names

    db2 = tmp_path / "k2.db"
    created = imported(db2, sheet, "--new-topics", "create")
    # Only the topics of rows that came in: Per's row was left out. «tannhelse» is a
    # synonym of Tannhelsereform (issue 21): known, so not created.
    assert created["created_topics"] == ["psykisk", "Familie"]
    assert set(people(db2)["Kari Nordmann"]["topics"]) == {"Tannhelsereform", "psykisk"}
    assert people(db2)["Ola Nordmann"]["topics"] == ["Familie"]

    db3 = tmp_path / "k3.db"
    imported(db3, sheet, "--new-topics", "ignore")
    assert people(db3)["Kari Nordmann"]["topics"] == ["Tannhelsereform"]  # a synonym is known


def test_a_phones_categories_do_not_become_topics(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    card = tmp_path / "telefon.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kari Nordmann\r\nN:Nordmann;Kari;;;\r\n"
        "TEL;TYPE=CELL:+47 987 65 432\r\nCATEGORIES:Familie,Venner\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = kontakt(db, "import", str(card), "--yes")
    assert result.returncode == 0, result.stderr
    assert "«Familie», «Venner»" in result.stdout and "--new-topics create" in result.stdout
    kari = people(db)["Kari Nordmann"]
    assert kari["topics"] == [] and set(kari["labels"]) == {"Familie", "Venner"}


def test_the_legal_basis_and_source_are_recorded(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sheet = write_csv(tmp_path / "liste.csv", ["Navn", "E-post"], [["Kari Nordmann", "k@x.no"]])
    imported(db, sheet, "--consent-basis", "samtykke", "--source", "Landsmøtet 2025")
    other = write_csv(tmp_path / "andre.csv", ["Navn", "E-post"], [["Ola Nordmann", "o@x.no"]])
    imported(db, other, "--consent-basis", "medlemskap")
    with sqlite3.connect(db) as conn:
        rows = dict(
            (f"{g} {f}", (b, s))
            for g, f, b, s in conn.execute(
                "SELECT given_name, family_name, consent_basis, consent_source FROM contact"
            )
        )
    assert rows["Kari Nordmann"] == ("samtykke", "Landsmøtet 2025")
    basis, source = rows["Ola Nordmann"]
    assert basis == "medlemskap" and source.startswith("import andre.csv ")
    wrong = kontakt(db, "import", str(sheet), "--yes", "--consent-basis", "fordi")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr


NORWEGIAN = [
    ["Åse Ødegård", "ase@example.org", "Tromsø"],
    ["Bjørn Dæhlie", "bd@example.org", "Bærum"],
]


def test_a_file_with_a_stray_byte_keeps_its_aeoeaa(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    path = tmp_path / "liste.csv"
    text = "Navn;E-post;Kommune\n" + "".join(";".join(r) + "\n" for r in NORWEGIAN)
    # One cell pasted from an older program: «Ø» as the single byte Windows-1252 writes.
    data = text.encode("utf-8") + "Per Øvre;per@example.org;Bodø\n".encode("cp1252")
    path.write_bytes(data)
    report = imported(db, path)
    assert sorted(people(db)) == ["Bjørn Dæhlie", "Per Øvre", "Åse Ødegård"]
    assert people(db)["Per Øvre"]["municipality"]["name"] == "Bodø"
    [note] = [w for w in report["warnings"] if "UTF-8" in w["message"]]
    assert "linje 4" in note["message"]


def test_files_in_other_encodings_are_read(tmp_path: Path) -> None:
    for n, encoding in enumerate(("cp1252", "latin-1", "utf-16-le", "mac_roman")):
        db = tmp_path / f"k{n}.db"
        path = write_csv(
            tmp_path / f"liste-{n}.csv", ["Navn", "E-post", "Kommune"], NORWEGIAN,
            encoding=encoding,
        )  # fmt: skip
        imported(db, path)
        assert sorted(people(db)) == ["Bjørn Dæhlie", "Åse Ødegård"], encoding
    db = tmp_path / "jp.db"
    path = write_csv(
        tmp_path / "japan.csv", ["Navn", "E-post"], [["山田 太郎", "taro@example.jp"]],
        encoding="shift_jis",
    )  # fmt: skip
    imported(db, path)
    assert list(people(db)) == ["山田 太郎"]


def test_an_uncertain_guess_is_warned_about_and_can_be_chosen(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    path = write_csv(
        tmp_path / "liste.csv", ["Navn", "E-post"], [["José Müller", "jose@example.org"]],
        encoding="cp1252",
    )  # fmt: skip
    result = kontakt(db, "import", str(path), "--yes", "--dry-run")
    assert result.returncode == 0
    assert "tegnkodingen er gjettet" in result.stderr and "--encoding" in result.stderr
    chosen = kontakt(db, "import", str(path), "--yes", "--encoding", "cp1252")
    assert chosen.returncode == 0 and "tegnkodingen" not in chosen.stderr
    assert list(people(db)) == ["José Müller"]
    wrong = kontakt(db, "import", str(path), "--yes", "--encoding", "klingon")
    assert wrong.returncode == 2 and "ukjent tegnkoding" in wrong.stderr
