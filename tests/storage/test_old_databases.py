"""Databases made by every released schema version open in today's Kontakt, data intact.

tests/fixtures/old_databases/schema-NNNN.db were made and filled by the code
of schema version NNNN itself (make_old_databases.py there), with a manifest
of what that code read back (schema-NNNN.json). Each test upgrades a copy the
way the app opens a file (the command line, or open_core) and checks: the
schema is today's with no drift from the models, a backup of the old file was
taken first, no stored value changed, and the contacts, lists, history,
mailings, events, erasures and idébank documents read the same as before.
The checks compare with HEAD (migrate.HEAD_REVISION), so a new migration is
tested against every stored file without changing this module; whoever adds a
migration adds schema-<its number>.db (make_old_databases.py).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.storage.old_databases import (
    SCHEMAS,
    contact_differences,
    copy_of,
    documents_now,
    events_now,
    expected_overview,
    fixture,
    history_now,
    lists_now,
    load_into_server,
    mailings_now,
    manifest,
    overview_now,
    revision_of,
    roles_match,
    schema_objects,
    since,
    stored_differences,
)
from tests.storage.test_migrations import model_drift

from kontakt.app import open_core
from kontakt.domain.documents import DocumentFilter
from kontakt.domain.records import ContactFilter
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.storage import backup, migrate

KNOWN_EMAILS = ["kari.gammeldata@example.org", "kari@jobb.example.org"]
KNOWN_PHONES = ["+4791234567", "+4755123456"]


def merged_extra(schema: str) -> int:
    """From 0012 the file holds a merge: a kept contact and one said to be someone else."""
    return 2 if schema >= "0012" else 0


def backups_of(location: DatabaseLocation) -> list[Path]:
    assert location.backup_dir is not None
    return backup.list_backups(location.backup_dir)


def test_every_older_schema_has_a_stored_database() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = {s.revision for s in scripts.walk_revisions()}
    # The newest may wait for its file until the next migration makes it old.
    assert revisions - {migrate.HEAD_REVISION} <= set(SCHEMAS)
    for schema in SCHEMAS:
        assert revision_of(fixture(schema)) == schema == manifest(schema)["revision"]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_opens_at_head_without_drift_after_a_backup(schema: str, tmp_path: Path) -> None:
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    open_core(location).close()

    core = open_core(location)  # a second start migrates nothing and backs nothing up
    try:
        with core.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD_REVISION
            assert model_drift(conn) == []
    finally:
        core.close()
    # What the models do not describe (search indexes, covering indexes, triggers)
    # is there too, as in a database made new today.
    open_core(resolve_database(str(tmp_path / "new.db"))).close()
    assert schema_objects(location.path) == schema_objects(tmp_path / "new.db")
    conn = sqlite3.connect(location.path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()

    made = backups_of(location)
    if schema == migrate.HEAD_REVISION:
        assert made == []  # nothing to migrate, nothing backed up
        return
    assert len(made) == 1 and "for-oppgradering" in made[0].name
    assert revision_of(made[0]) == schema
    assert stored_differences(fixture(schema), made[0]) == []


@pytest.mark.parametrize("schema", SCHEMAS)
def test_no_stored_value_is_lost_or_changed(schema: str, tmp_path: Path) -> None:
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    open_core(location).close()
    assert stored_differences(fixture(schema), location.path) == []

    # Columns added since: filled from the data that was there.
    conn = sqlite3.connect(location.path)
    links = conn.execute(
        "SELECT ct.county_number, CASE WHEN c.deleted_at IS NULL THEN c.county_number END"
        " FROM contact_topic ct JOIN contact c ON c.id = ct.contact_id"
    ).fetchall()
    sequences = [s for (s,) in conn.execute("SELECT sequence FROM event")]
    settings = (
        dict(conn.execute("SELECT * FROM app_setting").fetchall()) if schema >= "0003" else {}
    )
    conn.close()
    assert "suppression_salt" not in settings  # the digests' secret left the file
    assert links and all(link == county for link, county in links)
    if schema >= "0002":
        # One event, changed once where the version could change events; 0007
        # counts changes from then on, so an event changed before counts 0.
        changed = schema >= "0007" and manifest(schema)["event_updated"]
        assert sequences == [1 if changed else 0]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_contacts_lists_and_search_read_as_before(schema: str, tmp_path: Path) -> None:
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    facts = manifest(schema)
    live = {c["uid"]: c for c in facts["contacts"] if not c["trashed"]}
    listed = kontakt("list", "--json", db=location.path)  # the upgrade, as a script meets it
    assert listed.returncode == 0, listed.stderr
    rows = {r["uid"]: r for r in json.loads(listed.stdout)}
    # 24 sample + Kari + 2 imported; 1 in the bin; from 0012 two of a merge, kept apart
    assert len(rows) == len(live) == 27 + merged_extra(schema)
    assert rows.keys() == live.keys()
    for uid, row in rows.items():
        old = live[uid]
        assert row["emails"] == [e["address"] for e in old["emails"]]
        assert row["phones"] == [p["number"] for p in old["phones"]]
        assert (row["county"] or {}).get("number", "") == old["county"]
        assert row["topics"] == old["topics"] and roles_match(row["roles"], old["roles"])

    kari = rows[facts["known_uid"]]
    assert (kari["given_name"], kari["family_name"]) == ("Kari", "Gammeldata-Ødegård")
    assert kari["emails"] == KNOWN_EMAILS and kari["phones"] == KNOWN_PHONES
    assert kari["topics"] == ["Psykisk helse", "Rus"] and kari["labels"] == ["fast testperson"]
    assert kari["county"] == {"number": "46", "name": "Vestland"}
    assert kari["municipality"] == {"number": "4601", "name": "Bergen"}
    assert [(r["kind"], r["level"], r["body"], r["title"]) for r in kari["roles"]] == [
        ("folkevalgt", "fylke", "Vestland fylkesting", "Leder av helseutvalget"),
        ("tillitsvalgt", "organisasjon", "Fagforbundet Vestland", "Hovedtillitsvalgt"),
    ]
    assert kari["roles"][0]["start"] == "2023-10-01"
    assert (kari["consent_basis"], kari["last_confirmed"]) == ("offentlig verv", "2025-01-15")

    core = open_core(location)
    try:
        assert contact_differences(core, facts) == []  # every field, the bin too
        trashed = core.search.all_rows(ContactFilter(trashed=True))
        assert [r.uid for r in trashed] == [facts["trashed_uid"]]
        notes = core.contacts.get(facts["known_uid"]).notes
        assert notes == "Skrevet med æøå – «sitat» og to\nlinjer."
        # The search index and a saved search (its filter stored as JSON) still find her.
        for f in (
            ContactFilter(text="Gammeldata"),
            ContactFilter(text="kari@jobb"),
            core.catalog.saved_search("Vestland og rus"),
        ):
            assert facts["known_uid"] in {r.uid for r in core.search.all_rows(f)}, f
        lists = lists_now(core)
        assert core.catalog.saved_searches() == facts["saved_searches"]
    finally:
        core.close()
    assert lists == facts["lists"] and len(lists["Styret"]) == 4


@pytest.mark.parametrize("schema", SCHEMAS)
def test_overview_counts_each_live_contact(schema: str, tmp_path: Path) -> None:
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    facts = manifest(schema)
    expected = expected_overview(facts)
    result = kontakt("overview", "--json", db=location.path)
    assert result.returncode == 0, result.stderr
    cells = json.loads(result.stdout)
    for what in ("count", "folkevalgt"):
        counted = {(c["county"]["number"], c["topic"]): c[what] for c in cells if c[what]}
        assert counted == expected[what], what
    assert sum(expected["count"].values()) > 40 and expected["count"]["46", "Rus"] >= 1

    # The upgraded file keeps its counts up to date: the one in the bin comes back.
    core = open_core(location)
    try:
        core.contacts.restore([facts["trashed_uid"]])
        after = overview_now(core)["count"]
    finally:
        core.close()
    assert after["03", "Sykehus"] == expected["count"]["03", "Sykehus"] + 1


@pytest.mark.parametrize("schema", since("0003"))
def test_an_erased_person_stays_erased(schema: str, tmp_path: Path) -> None:
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    erased = manifest(schema)["erased"]
    sheet = tmp_path / "gammel-liste.csv"
    sheet.write_text(
        "Fornavn;Etternavn;E-post;Mobil\n"
        f"Erik;Slettmeg;{erased['email']};\n"
        "Ny;Person;ny.person@example.org;\n"
        "Erik;Nummer;;987 65 432\n",
        encoding="utf-8",
    )
    result = kontakt("import", str(sheet), "--yes", db=location.path)
    assert result.returncode == 0, result.stderr
    core = open_core(location)
    try:
        names = {(r.given_name, r.family_name) for r in core.search.all_rows(ContactFilter())}
    finally:
        core.close()
    assert ("Ny", "Person") in names
    assert not names & {("Erik", "Slettmeg"), ("Erik", "Nummer")}
    # The merge's two contacts share one name (set apart as two people).
    assert len(names) == 28 + min(merged_extra(schema), 1)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_history_reads_as_before(schema: str, tmp_path: Path) -> None:
    facts = manifest(schema)
    core = open_core(copy_of(schema, tmp_path))
    try:
        history = history_now(core, facts["known_uid"])
    finally:
        core.close()
    assert history == facts["history"]
    assert ["Ringte om rusreformen", "Vil ha høringssvaret."] in history


@pytest.mark.parametrize("schema", since("0002"))
def test_mailings_and_events_read_as_before(schema: str, tmp_path: Path) -> None:
    facts = manifest(schema)
    core = open_core(copy_of(schema, tmp_path))
    try:
        mailings, events = mailings_now(core), events_now(core)
    finally:
        core.close()
    assert mailings == facts["mailings"]
    assert {"subject": "Nytt fra nettverket, {fornavn}", "counts": {"failed": 1, "sent": 2}} in (
        mailings
    )
    assert events == facts["events"] and len(events) == 1
    assert ["Kari Gammeldata-Ødegård", "accepted"] in events[0]["participants"]


@pytest.mark.parametrize("schema", since("0012"))
def test_a_merge_made_before_still_resolves_and_undoes(schema: str, tmp_path: Path) -> None:
    merged = manifest(schema)["merged"]
    core = open_core(copy_of(schema, tmp_path))
    try:
        assert core.merging.resolve(merged["other"]) == merged["kept"]
        core.merging.undo()
        assert core.merging.resolve(merged["other"]) == merged["other"]
        assert core.contacts.get(merged["other"]).family_name == "Sammenslaat"
    finally:
        core.close()


@pytest.mark.parametrize("schema", since("0004"))
def test_idebank_documents_read_as_before(schema: str, tmp_path: Path) -> None:
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    facts = manifest(schema)
    listed = kontakt("docs", "list", "--json", db=location.path)
    assert listed.returncode == 0, listed.stderr
    assert sorted(d["title"] for d in json.loads(listed.stdout)) == [
        "Høringssvar om sykehusstruktur",
        "Interpellasjon om rusomsorg",
    ]
    core = open_core(location)
    try:
        documents = documents_now(core)
        # A word only in the attached file's text: the search index came through.
        found = core.ideabank.search(DocumentFilter(text="lavterskeltilbud")).rows
    finally:
        core.close()
    assert [d.title for d in found] == ["Interpellasjon om rusomsorg"]
    assert documents == facts["documents"]
    assert documents[1]["authors"] == [facts["known_uid"]]
    assert len(documents[1]["recipients"]) == 3


@pytest.mark.postgres
@pytest.mark.parametrize("schema", SCHEMAS)
def test_a_server_database_at_each_schema_upgrades_with_its_data(
    schema: str, pg_location: DatabaseLocation
) -> None:
    # The same schema made on PostgreSQL by today's scripts, the file's rows copied in.
    load_into_server(schema, pg_location)
    facts = manifest(schema)
    core = open_core(pg_location)
    try:
        with core.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD_REVISION
            assert model_drift(conn) == []
        assert contact_differences(core, facts) == []
        assert lists_now(core) == facts["lists"]
        assert overview_now(core) == expected_overview(facts)
        assert history_now(core, facts["known_uid"]) == facts["history"]
        if schema >= "0002":
            assert (mailings_now(core), events_now(core)) == (facts["mailings"], facts["events"])
        if schema >= "0003":
            erased = facts["erased"]
            assert core.privacy.suppressed([erased["email"]], [])
            assert core.privacy.suppressed([], [erased["phone"]])
        if schema >= "0004":
            assert documents_now(core) == facts["documents"]
            found = core.ideabank.search(DocumentFilter(text="lavterskeltilbud")).rows
            assert [d.title for d in found] == ["Interpellasjon om rusomsorg"]
        assert facts["known_uid"] in {
            r.uid for r in core.search.all_rows(ContactFilter(text="Gammeldata"))
        }
    finally:
        core.close()


NEW_DAMAGING_REVISION = '''
"""test revision: a broken migration that changes one e-mail address"""
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE contact_email SET address = 'x' || address"
        " WHERE id = (SELECT min(id) FROM contact_email)"
    )


def downgrade():
    pass
'''


def test_a_migration_that_damages_data_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "0099_damage.py").write_text(
        NEW_DAMAGING_REVISION.format(head=migrate.HEAD_REVISION), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0099")
    schema = SCHEMAS[0]
    location = copy_of(schema, tmp_path)
    assert location.path is not None
    core = open_core(location)
    try:
        changed = contact_differences(core, manifest(schema))
    finally:
        core.close()
    assert len(changed) == 1 and ".emails:" in changed[0]
    problems = stored_differences(fixture(schema), location.path)
    assert len(problems) == 1 and problems[0].startswith("contact_email: lost")
