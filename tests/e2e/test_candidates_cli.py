"""`kontakt candidates` as a script runs it (a subprocess), on SQLite and PostgreSQL.

Candidates are stored with their election, list, place on the list and
municipality; ``list --json`` and ``kontakt list --json`` show the fields;
``--role-kind kandidat`` filters; ``elected`` (by uid or a file of names)
gives the elected a folkevalgt role for 2027–2031 and undoes as one change;
``pack --dry-run`` shows who gets what; ``pack`` sends through a real SMTP
server with the idébank's documents attached and logs the deliveries.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401

from kontakt.app import open_core
from kontakt.domain.documents import DocumentDraft, DocumentFile, DocumentKind
from kontakt.domain.records import ContactDraft, EmailData, RoleData, RoleKind, RoleLevel
from kontakt.paths import DatabaseLocation, sqlite_location
from kontakt.storage import audit_log
from kontakt.storage.ideabank_models import DocumentRecipient
from kontakt.storage.models import Interaction

KS = "kommunestyrevalget 2027"


def kontakt(location: DatabaseLocation, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    db = str(location.path) if location.path is not None else location.url
    argv = [sys.executable, "-m", "kontakt", "--db", db, *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)


def _candidate(place: int, municipality: str = "Bergen", election: str = KS) -> RoleData:
    return RoleData(
        RoleKind.KANDIDAT,
        election=election,
        list_name="SV",
        list_place=place,
        municipality=municipality,
    )


def _seed(location: DatabaseLocation) -> dict[str, str]:
    core = open_core(location)
    try:
        made = core.contacts.create_many(
            [
                ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@x.no"),),
                             municipality="Bergen", topics=("Psykisk helse",),
                             roles=(_candidate(1),)),
                ContactDraft("Per", "Olsen", emails=(EmailData("per@x.no"),),
                             municipality="Bergen", topics=("Rus",), roles=(_candidate(2),)),
                ContactDraft("Lise", "Berg", emails=(EmailData("lise@x.no"),),
                             municipality="Tromsø", roles=(_candidate(1, "Tromsø"),)),
                ContactDraft("Ola", "Folkevalgt", emails=(EmailData("ola@x.no"),),
                             municipality="Voss", topics=("Psykisk helse",),
                             roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.FYLKE,
                                             "Vestland fylkesting", "Medlem"),)),
                ContactDraft("Eva", "Langtvekk", emails=(EmailData("eva@x.no"),),
                             municipality="Tromsø", topics=("Psykisk helse",),
                             roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE,
                                             "Tromsø kommunestyre", "Medlem"),)),
            ]
        )  # fmt: skip
        core.ideabank.add(
            DocumentDraft(
                "Interpellasjon om ventetid i psykisk helsevern",
                DocumentKind.INTERPELLASJON,
                topics=("Psykisk helse",),
                text="Vil ordføreren sørge for kortere ventetid?",
            )
        )
        core.ideabank.add(
            DocumentDraft("Programtekst om rusomsorg", DocumentKind.PROGRAMTEKST, topics=("Rus",)),
            [DocumentFile("rus.pdf", b"%PDF-1.4 rus", "application/pdf", "rusomsorg")],
        )
        core.ideabank.add(
            DocumentDraft("Om tannhelse", DocumentKind.PROGRAMTEKST, topics=("Tannhelse",))
        )
        return {r.given_name: r.uid for r in made}
    finally:
        core.close()


def test_candidates_list_filter_and_json(location: DatabaseLocation) -> None:
    """Both Bergen candidates in list order with their fields; Tromsø's not; the role kind
    filter and ``list --json`` show the candidate fields (numbers resolved from names)."""
    uids = _seed(location)
    done = kontakt(location, "candidates", "list", "--municipality", "Bergen", "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [c["uid"] for c in listed] == [uids["Kari"], uids["Per"]]
    role = listed[1]["role"]
    assert role["kind"] == "kandidat"
    assert (role["election"], role["list_name"], role["list_place"]) == (KS, "SV", 2)
    assert (role["municipality"], role["county"], role["result"]) == ("4601", "46", "")
    assert listed[1]["text"] == "Kandidat nr. 2, SV, kommunestyrevalget 2027 (Bergen)"

    done = kontakt(location, "candidates", "list", "--county", "Vestland", "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == []  # municipal, not county

    done = kontakt(location, "list", "--role-kind", "kandidat", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {r["uid"] for r in rows} == {uids["Kari"], uids["Per"], uids["Lise"]}
    assert all(r["roles"][0]["election"] == KS for r in rows)

    done = kontakt(location, "candidates", "list", "--municipality", "Bergn")
    assert done.returncode == 1 and "Bergen" in done.stderr and "Traceback" not in done.stderr


def test_elected_by_uid_then_undone(location: DatabaseLocation) -> None:
    """Kari elected: folkevalgt «Bergen kommunestyre» 2027-10-01–2031-09-30 and «valgt»;
    Per «ikke valgt» and listed for review; Tromsø untouched; undo takes all back."""
    uids = _seed(location)
    done = kontakt(
        location, "candidates", "elected", "--municipality", "4601", "--uid", uids["Kari"],
        "--yes",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Ikke valgt (til gjennomgang): Per Olsen" in done.stdout
    change_id = done.stdout.rsplit("candidates undo ", 1)[1].strip()
    core = open_core(location)
    try:
        kari, per, lise = (core.contacts.get(uids[n]) for n in ("Kari", "Per", "Lise"))
        assert kari.roles[0].result == "valgt"
        seat = kari.roles[1]
        assert (seat.kind, seat.level, seat.body, seat.organisation) == (
            RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bergen kommunestyre", "SV",
        )  # fmt: skip
        assert (seat.start, seat.end) == (dt.date(2027, 10, 1), dt.date(2031, 9, 30))
        assert per.roles[0].result == "ikke valgt" and len(per.roles) == 1
        assert lise.roles[0].result == ""
        with core.sessions() as s:  # the history keeps both, under one change
            changed = {e.uid for e in audit_log.of_change(s, change_id)}
        assert changed == {uids["Kari"], uids["Per"]}
    finally:
        core.close()
    done = kontakt(location, "candidates", "undo", change_id)
    assert done.returncode == 0, done.stderr
    core = open_core(location)
    try:
        kari, per = core.contacts.get(uids["Kari"]), core.contacts.get(uids["Per"])
        assert [r.kind for r in kari.roles] == [RoleKind.KANDIDAT]
        assert kari.roles[0].result == "" and per.roles[0].result == ""
    finally:
        core.close()


def test_elected_from_a_file_reports_unmatched_names(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    """A CSV of names: an unknown name is reported and nothing changes; a good one marks."""
    uids = _seed(location)
    bad = tmp_path / "valgte.csv"
    bad.write_text("Navn;E-post\nKari Nordmann;\nPer Ukjent;\n", encoding="utf-8")
    done = kontakt(location, "candidates", "elected", "--municipality", "Bergen", "--file",
                   str(bad), "--yes")  # fmt: skip
    assert done.returncode == 1
    assert "«Per Ukjent»" in done.stderr and "valgte.csv" in done.stderr
    assert "Traceback" not in done.stderr
    core = open_core(location)
    try:
        assert core.contacts.get(uids["Kari"]).roles[0].result == ""
    finally:
        core.close()
    good = tmp_path / "valgte2.csv"
    good.write_text("Navn\nper  OLSEN\n", encoding="utf-8")
    done = kontakt(location, "candidates", "elected", "--municipality", "Bergen", "--file",
                   str(good), "--yes")  # fmt: skip
    assert done.returncode == 0, done.stderr
    core = open_core(location)
    try:
        assert core.contacts.get(uids["Per"]).roles[0].result == "valgt"
        assert core.contacts.get(uids["Kari"]).roles[0].result == "ikke valgt"
    finally:
        core.close()


def test_pack_dry_run_shows_who_gets_what(location: DatabaseLocation) -> None:
    """Bergen's candidates, the documents on their topics (not «Tannhelse»), and the
    county's official on them (Ola in Vestland, not Eva in Troms); nothing sent."""
    _seed(location)
    done = kontakt(location, "candidates", "pack", "--municipality", "Bergen", "--dry-run")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Kari Nordmann <kari@x.no>" in out and "Per Olsen <per@x.no>" in out
    assert "Interpellasjon om ventetid" in out and "Programtekst om rusomsorg" in out
    assert "Om tannhelse" not in out
    assert "Ola Folkevalgt" in out and "Eva" not in out and "Lise" not in out
    assert "Ingenting sendt" in out
    core = open_core(location)
    try:
        assert core.mailings.mailings() == []
    finally:
        core.close()


def test_pack_sent_to_a_real_server_with_attachments(
    location: DatabaseLocation,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    """Each candidate gets one message with the PDF and the interpellation's text attached;
    each delivery is logged: document recipients and history entries per document."""
    uids = _seed(location)
    done = kontakt(
        location, "candidates", "pack", "--municipality", "Bergen", "--yes",
        "--smtp-host", smtp_server.host, "--smtp-port", str(smtp_server.port),
        "--from", "nettverk@example.org",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    received = {rcpt: msg for rcpt, msg in smtp_server.received}
    assert set(received) == {"kari@x.no", "per@x.no"}
    msg = received["kari@x.no"]
    assert msg["Subject"] == "Kandidatpakke for Bergen"
    files = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
    assert files["rus.pdf"] == b"%PDF-1.4 rus"
    text_name = next(n for n in files if n.startswith("Interpellasjon"))
    assert "kortere ventetid" in files[text_name]
    body = msg.get_body(("plain",))
    assert body is not None and "Ola Folkevalgt" in body.get_content()
    core = open_core(location)
    try:
        with core.sessions() as s:
            assert s.scalar(select(func.count()).select_from(DocumentRecipient)) == 4
            kari_id = core.search.rows_by_uid([uids["Kari"]])[0].id
            notes = s.scalars(
                select(Interaction.channel).where(Interaction.contact_id == kari_id)
            ).all()
            assert notes.count("dokument") == 2
        assert len(core.mailings.mailings()) == 1
    finally:
        core.close()


def test_candidate_role_survives_vcard_export_and_import(tmp_path: Path) -> None:
    """A county candidate with a result and a municipal one come back from a vCard as they
    were (election, list, place on the list, municipality/county, result)."""
    source = sqlite_location(tmp_path / "kilde.db")
    core = open_core(source)
    try:
        county = RoleData(
            RoleKind.KANDIDAT, election="fylkestingsvalget 2027", list_name="SV, Troms",
            list_place=12, county="Troms", result="ikke valgt",
        )  # fmt: skip
        core.contacts.create(
            ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@x.no"),),
                         municipality="Tromsø", roles=(county, _candidate(4, "Tromsø")))
        )  # fmt: skip
    finally:
        core.close()
    card = tmp_path / "kort.vcf"
    done = kontakt(source, "export", "vcard", "-o", str(card))
    assert done.returncode == 0, done.stderr
    assert "Kandidat nr. 12" in card.read_text(encoding="utf-8")
    target = sqlite_location(tmp_path / "mål.db")
    assert kontakt(target, "import", str(card), "--yes").returncode == 0
    before = json.loads(kontakt(source, "list", "--json").stdout)[0]["roles"]
    after = json.loads(kontakt(target, "list", "--json").stdout)[0]["roles"]
    assert after == before
    assert (after[0]["county"], after[0]["list_place"], after[0]["result"]) == (
        "55", 12, "ikke valgt",
    )  # fmt: skip
    assert after[1]["municipality"] == "5501"
