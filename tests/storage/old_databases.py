"""Helpers for test_old_databases.py: the stored files, what today's code reads from them.

Each ``*_now`` function reads one kind of data through today's services in
the shape fill_old_database.py wrote into the manifest from the old code, so
a test compares the two with ``==``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, MetaData, Table, create_engine, insert, select, text

from kontakt.app import Core
from kontakt.domain.contact_state import row_to_state
from kontakt.domain.documents import DocumentFilter
from kontakt.domain.records import ContactFilter
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.storage import erasure_register, migrate
from kontakt.storage.engine import create_kontakt_engine
from kontakt.storage.erasure_register import Register
from kontakt.storage.models import Base

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "old_databases"
# Whoever adds a migration adds schema-<its number>.db, made by make_old_databases.py.
SCHEMAS = sorted(p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.db"))
# Tables whose rows are derived (search indexes) or change by design on upgrade.
DERIVED = ("sqlite_", "contact_fts", "document_fts", "alembic_version")
# Columns rewritten on purpose when an old file is first opened: (table, column) -> why.
REWRITTEN: dict[tuple[str, str], str] = {
    ("suppression", "digest"): "keyed with the erasure key kept outside the file (issue 16)",
}
# Settings that leave the file or are added when an old file is first opened:
# the suppression salt moves to the erasure register outside the database.
SETTINGS_MOVED = {"suppression_salt", "database_id", "erasure_key_check"}

Rows = dict[str, tuple[list[str], Counter[tuple[Any, ...]]]]


def since(first: str) -> list[str]:
    """The stored schema versions from ``first`` on (those that have its tables)."""
    return [s for s in SCHEMAS if s >= first]


def fixture(schema: str) -> Path:
    return FIXTURES / f"schema-{schema}.db"


def manifest(schema: str) -> dict[str, Any]:
    """What the old code read back from its database (see fill_old_database.py)."""
    data: dict[str, Any] = json.loads((FIXTURES / f"schema-{schema}.json").read_text("utf-8"))
    return data


def copy_of(schema: str, folder: Path) -> DatabaseLocation:
    """A copy of the stored file, with its erasure register on this machine when the
    version kept the key outside the file (0008 on)."""
    target = folder / "kontakt.db"
    shutil.copyfile(fixture(schema), target)
    install_register(schema)
    return resolve_database(str(target))


def install_register(schema: str) -> None:
    """That version's erasure register on this machine, as a board member brings the key
    (0008 on; the database's copy on a server needs it as much as the file does)."""
    register = FIXTURES / f"schema-{schema}.register.json"
    if register.exists():
        erasure_register.save(Register.from_json(json.loads(register.read_text("utf-8"))))


def read_only(path: Path) -> sqlite3.Connection:
    """Open a file without writing anything beside it (no -wal, no -shm)."""
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True)


def revision_of(path: Path) -> str:
    conn = read_only(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def schema_objects(path: Path) -> set[tuple[str, str, str]]:
    """The file's tables, indexes, triggers and views: (type, name, table)."""
    conn = read_only(path)
    try:
        return set(conn.execute("SELECT type, name, tbl_name FROM sqlite_master"))
    finally:
        conn.close()


def stored_rows(path: Path) -> Rows:
    """Every table's columns and rows (as a multiset: row order is not kept)."""
    conn = read_only(path)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(DERIVED)
        ]
        found = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            found[table] = (columns, Counter(rows))
        return found
    finally:
        conn.close()


def stored_differences(old: Path, new: Path) -> list[str]:
    """Rows or values of ``old`` missing from ``new``, or added (in the columns ``old`` has)."""
    before, after = stored_rows(old), stored_rows(new)
    problems = []
    for table, (columns, rows) in before.items():
        if table not in after:
            problems.append(f"{table}: table gone")
            continue
        new_columns, new_rows = after[table]
        if table == "app_setting":
            rows, new_rows = (
                Counter({r: n for r, n in found.items() if r[0] not in SETTINGS_MOVED})
                for found in (rows, new_rows)
            )
        problems += [f"{table}.{c}: column gone" for c in columns if c not in new_columns]
        kept = [c for c in columns if c in new_columns and (table, c) not in REWRITTEN]
        old_values = _projected(rows, [columns.index(c) for c in kept])
        new_values = _projected(new_rows, [new_columns.index(c) for c in kept])
        if old_values != new_values:
            lost = list((old_values - new_values).elements())[:3]
            added = list((new_values - old_values).elements())[:3]
            problems.append(f"{table}: lost {lost}, now {added}")
    return problems


def _projected(rows: Counter[tuple[Any, ...]], indexes: list[int]) -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    for row, n in rows.items():
        out[tuple(row[i] for i in indexes)] += n
    return out


def roles_match(now: Any, old: Any) -> bool:
    """The roles as an older version read them: its keys equal, and the keys added
    since (a candidate's election, list, place … from 0013) at their empty defaults."""
    if not isinstance(now, list) or not isinstance(old, list) or len(now) != len(old):
        return bool(now == old)
    return all(
        {k: n.get(k) for k in o} == o and all(n[k] in ("", None) for k in n.keys() - o.keys())
        for n, o in zip(now, old, strict=True)
    )


def contact_differences(core: Core, facts: dict[str, Any]) -> list[str]:
    """Each contact's state (everything editable, the bin too) as the old code read it, now."""
    rows = [
        *core.search.all_rows(ContactFilter()),
        *core.search.all_rows(ContactFilter(trashed=True)),
    ]
    now = {r.uid: row_to_state(r) for r in rows}
    problems = []
    for old in facts["contacts"]:
        state = now.pop(old["uid"], None)
        if state is None:
            problems.append(f"{old['uid']}: gone")
            continue
        problems += [
            f"{old['uid']}.{k}: {v!r} -> {state.get(k)!r}"
            for k, v in old.items()
            if k != "uid"
            and not (roles_match(state.get(k), v) if k == "roles" else state.get(k) == v)
        ]
    problems += [f"{uid}: new" for uid in now]
    return problems


def lists_now(core: Core) -> dict[str, list[str]]:
    return {
        c.name: sorted(r.uid for r in core.search.all_rows(ContactFilter(list_name=c.name)))
        for c in core.catalog.lists()
    }


def history_now(core: Core, uid: str) -> list[list[str]]:
    return [[i.subject, i.note] for i in core.history.history(uid)]


def mailings_now(core: Core) -> list[dict[str, Any]]:
    return [
        {"subject": m.subject, "counts": {s.value: n for s, n in sorted(m.counts.items())}}
        for m in core.mailings.mailings()
    ]


def events_now(core: Core) -> list[dict[str, Any]]:
    return [
        {
            "title": e.data.title,
            "place": e.data.place,
            "starts_at": e.data.starts_at.isoformat(),
            "ends_at": e.data.ends_at.isoformat(),
            "participants": sorted(
                [name, str(status)] for _, name, status in core.events.participants(e.id)
            ),
        }
        for e in core.events.events()
    ]


def documents_now(core: Core) -> list[dict[str, Any]]:
    pages = [core.ideabank.page(d.id) for d in core.ideabank.search(DocumentFilter()).rows]
    facts = [
        {
            "title": p.row.title,
            "kind": str(p.row.kind),
            "county": p.row.county.number if p.row.county else None,
            "municipality": p.row.municipality.number if p.row.municipality else None,
            "date": p.row.date.isoformat() if p.row.date else None,
            "topics": sorted(p.row.topics),
            "authors": sorted(a.uid for a in p.row.authors),
            "text": p.text,
            "link": p.link,
            "files": sorted([f.filename, f.size] for f in p.files),
            "recipients": sorted(d.address for d in p.recipients),
        }
        for p in pages
    ]
    return sorted(facts, key=lambda d: str(d["title"]))


def expected_overview(facts: dict[str, Any]) -> dict[str, Counter[tuple[str, str]]]:
    """The overview's cells counted from the contacts themselves: all, and folkevalgte."""
    count: Counter[tuple[str, str]] = Counter()
    folkevalgt: Counter[tuple[str, str]] = Counter()
    for c in facts["contacts"]:
        if c["trashed"] or not c["county"]:
            continue
        for topic in c["topics"]:
            count[c["county"], topic] += 1
            if any(r["kind"] == "folkevalgt" for r in c["roles"]):
                folkevalgt[c["county"], topic] += 1
    return {"count": count, "folkevalgt": folkevalgt}


def overview_now(core: Core) -> dict[str, Counter[tuple[str, str]]]:
    grid = core.overview.grid()
    return {
        "count": +Counter({(c.county_number, c.topic): c.count for c in grid}),
        "folkevalgt": +Counter({(c.county_number, c.topic): c.folkevalgt for c in grid}),
    }


def load_into_server(schema: str, location: DatabaseLocation) -> None:
    """Make the schema version on a server with today's scripts and copy the stored rows in.

    The columns are the file's own; a column or table the models no longer
    know fails here (a rename needs a mapping) rather than being left out.
    """
    from alembic import command

    install_register(schema)
    engine = create_kontakt_engine(location)
    source = create_engine("sqlite://", creator=lambda: read_only(fixture(schema)))
    present = stored_rows(fixture(schema))
    try:
        with engine.connect() as conn:
            command.upgrade(migrate.alembic_config(conn), schema)
            conn.commit()
        with source.connect() as src, engine.begin() as dst:
            for model in reversed(Base.metadata.sorted_tables):
                if model.name in present:  # rows the migrations seed (topics)
                    dst.execute(text(f"DELETE FROM {model.name}"))
            for model in Base.metadata.sorted_tables:
                if model.name not in present:
                    continue
                names = present.pop(model.name)[0]
                # Plain columns: no model defaults for columns this schema lacks yet.
                table = Table(
                    model.name,
                    MetaData(),
                    *(
                        Column(n, JSON(none_as_null=True))
                        if isinstance(model.c[n].type, JSON)
                        else Column(n, model.c[n].type)
                        for n in names
                    ),
                )
                rows = [dict(r) for r in src.execute(select(table)).mappings()]
                if rows:
                    dst.execute(insert(table), rows)
                if "id" in names:
                    dst.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{model.name}', 'id'),"
                            f" (SELECT coalesce(max(id), 0) + 1 FROM {model.name}), false)"
                        )
                    )
        assert not present, f"tables the models do not know: {sorted(present)}"
    finally:
        source.dispose()
        engine.dispose()
