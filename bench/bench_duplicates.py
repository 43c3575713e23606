"""Duplicate finder benchmark: ``DuplicateFinder.find`` over 100,000 contacts (<= 2 s, <= 300 MB).

Generates the contacts (bench/generate.py), then makes them look like a real
list: a second given name for everyone (so names seldom repeat by chance),
13 % of them moved to Oslo (the big municipality whose names are all compared
with each other) and 30 % without an e-mail address (only they are looked up
by name, as at import). Then it plants 1,000 known duplicates, 250 of each
kind: same phone (other spelling, other place), same e-mail, a name one
letter off in the same municipality (no e-mail, no phone), same name and
organisation elsewhere. A fresh process opens the database and times
``find()`` (first run and the best of three), with its peak RSS; the bench
checks that every planted pair is found.

    .venv/bin/python bench/bench_duplicates.py [--contacts 100000] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import populate
from sqlalchemy import bindparam, delete, select, text, update

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, EmailData, PhoneData
from kontakt.paths import resolve_database
from kontakt.services.demo import GIVEN
from kontakt.storage.models import Contact, ContactEmail, ContactPhone

PLANTED = 1000


def make_realistic(core, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    with core.engine.begin() as conn:
        ids = list(conn.scalars(select(Contact.id)))
        given = dict(conn.execute(select(Contact.id, Contact.given_name)).all())
        conn.execute(
            update(Contact).where(Contact.id == bindparam("cid")).values(given_name=bindparam("g")),
            [{"cid": i, "g": f"{given[i]} {rng.choice(GIVEN)}"} for i in ids],
        )
        oslo = [i for i in ids if rng.random() < 0.13]
        conn.execute(
            update(Contact)
            .where(Contact.id == bindparam("cid"))
            .values(municipality_number="0301", county_number="03"),
            [{"cid": i} for i in oslo],
        )
        bare = [i for i in ids if rng.random() < 0.30]
        for start in range(0, len(bare), 500):
            conn.execute(
                delete(ContactEmail).where(ContactEmail.contact_id.in_(bare[start : start + 500]))
            )


def plant(core, rng: random.Random) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Copies of 1,000 contacts, each a duplicate of one kind; (original uid, copy's draft)."""
    with core.engine.connect() as conn:
        rows = conn.execute(
            select(Contact.id, Contact.uid, Contact.given_name, Contact.family_name,
                   Contact.municipality_number, Contact.organisation)
        ).all()  # fmt: skip
        phones = dict(conn.execute(select(ContactPhone.contact_id, ContactPhone.number)).all())
        emails = dict(conn.execute(select(ContactEmail.contact_id, ContactEmail.address)).all())
    chosen = rng.sample([r for r in rows if r.organisation and r.id in emails], PLANTED)
    originals, drafts = [], []
    for n, r in enumerate(chosen):
        kind = n % 4
        if kind == 0:  # same phone, name spelt shorter, another place
            d = ContactDraft(r.given_name.split()[0], r.family_name, municipality="5001",
                             phones=(PhoneData(phones[r.id]),))  # fmt: skip
        elif kind == 1:  # same e-mail, no place
            d = ContactDraft(r.given_name, r.family_name, emails=(EmailData(emails[r.id].upper()),))
        elif kind == 2:  # one letter off, same municipality, nothing else
            family = r.family_name[:-1] if len(r.family_name) > 4 else r.family_name + "e"
            d = ContactDraft(r.given_name, family, municipality=r.municipality_number)
        else:  # same name and organisation, another place, another address
            other = (EmailData(f"other{n}@example.net"),)
            d = ContactDraft(r.given_name, r.family_name, organisation=r.organisation,
                             municipality="1806", emails=other)  # fmt: skip
        originals.append(r.uid)
        drafts.append(d)
    copies = core.contacts.create_many(drafts)
    return list(zip(originals, [c.uid for c in copies], strict=True))


def peak_rss_mb() -> float:
    """The process's peak RSS since the last reset (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(where: str) -> int:
    """Open the database in this fresh process and time find(); print JSON."""
    core = open_core(resolve_database(where), check=False)
    opened = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Opening a freshly written database peaks above the finder (its start-up backup):
    # reset the peak (Linux: VmHWM) so that what is measured is finding.
    Path("/proc/self/clear_refs").write_text("5")
    t = time.perf_counter()
    pairs = core.duplicates.find()
    first = time.perf_counter() - t
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        core.duplicates.find()
        runs.append(time.perf_counter() - t)
    core.close()
    rss = peak_rss_mb()
    found = [[p.a.uid, p.b.uid] for p in pairs]
    groups = max((p.group for p in pairs), default=0)
    print(
        json.dumps(
            {
                "first": first,
                "best": min(runs),
                "rss": rss,
                "opened": opened,
                "pairs": found,
                "groups": groups,
            }
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--pg", help="an empty PostgreSQL database URL instead of SQLite")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    where = args.pg or str(Path(tempfile.mkdtemp(prefix="kontakt-bench-duplicates-")) / "b.db")
    core = open_core(resolve_database(where))
    rng = random.Random(7)
    populate(core, args.contacts - PLANTED)
    make_realistic(core, rng)
    if core.engine.dialect.name == "postgresql":  # populate() wrote the ids itself
        with core.engine.begin() as conn:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('contact', 'id'), max(id)) FROM contact")
            )
    planted = plant(core, rng)
    if core.engine.dialect.name == "sqlite":
        with core.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    core.close()
    # Opened once more here, so that the first opening's backup of the new database
    # (which reads it all into memory) does not count in the child's peak RSS.
    open_core(resolve_database(where)).close()
    print(
        f"{args.contacts:,} contacts ({PLANTED} planted duplicates),"
        f" {resolve_database(where).describe()}"
    )
    done = subprocess.run(
        [sys.executable, __file__, "--child", where], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(done.stderr)
        return 1
    result = json.loads(done.stdout)
    found = {frozenset(p) for p in result["pairs"]}
    missed = [p for p in planted if frozenset(p) not in found]
    print(f"find(): first {result['first']:.2f} s, best of 3 {result['best']:.2f} s, "
          f"peak RSS {result['rss']:.0f} MB")  # fmt: skip
    print(f"(peak while opening the database, before finding: {result['opened']:.0f} MB)")
    print(f"{len(found):,} pairs in {result['groups']:,} groups; planted found "
          f"{PLANTED - len(missed)}/{PLANTED}")  # fmt: skip
    print("target: <= 2 s, <= 300 MB")
    assert not missed, f"planted duplicates not found: {missed[:5]}"
    return 0


if __name__ == "__main__":
    sys.exit(main())
