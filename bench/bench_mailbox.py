"""Benchmark: fetching and classifying 5,000 messages from a local Dovecot.

A SQLite database gets 5,000 contacts and a mailing sent to all of them
(recipients stored with Kontakt's Message-IDs, as the sender stores them).
A fresh folder on the test IMAP server (.ci/start-dovecot.sh) gets 5,000
answers, written into its Maildir: replies (60 %), RFC 3464 bounces (15 %),
auto-replies (10 %), opt-outs (10 %) and real bounces from flufl.bounce's
corpus that match nothing (5 %). Then ``kontakt mail fetch --json`` runs in
a fresh process, first only reporting (the fetch and classification the
target is about), then with ``--yes`` on a second folder copy (fetch +
apply). Wall time and the child's peak RSS are printed.

Usage: KONTAKT_TEST_IMAP=$(.ci/start-dovecot.sh) python bench/bench_mailbox.py [--messages N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from sqlalchemy import insert, select  # noqa: E402
from tests.fixtures.imap_server import ImapFolder, new_folder  # noqa: E402
from tests.unit.mailbox.messages import BOUNCES, dsn, reply  # noqa: E402

from kontakt.app import open_core  # noqa: E402
from kontakt.domain.records import ContactDraft, EmailData  # noqa: E402
from kontakt.paths import resolve_database  # noqa: E402
from kontakt.storage.models import Contact  # noqa: E402
from kontakt.storage.outreach_models import Mailing, MailingRecipient  # noqa: E402


def make_database(path: Path, n: int) -> dict[str, str]:
    """n contacts and one mailing sent to all; returns address -> Message-ID."""
    core = open_core(resolve_database(str(path)))
    try:
        core.contacts.create_many(
            [
                ContactDraft(given_name=f"Person{i}", family_name="Nordmann",
                             emails=(EmailData(f"p{i}@example.no"),))
                for i in range(n)
            ]
        )  # fmt: skip
        ids: dict[str, str] = {}
        with core.sessions.begin() as s:
            mailing = Mailing(subject="Nyhetsbrev", body="Hei", sender_address="n@sv.example")
            s.add(mailing)
            s.flush()
            rows = []
            for cid in s.scalars(select(Contact.id)):
                address = f"p{cid - 1}@example.no"
                mid = f"<kontakt.m{mailing.id}.r{cid}.{random.getrandbits(64):016x}@sv.example>"
                ids[address] = mid
                rows.append(
                    {"mailing_id": mailing.id, "contact_id": cid, "name": "", "address": address,
                     "values": {}, "status": "sent", "message_id": mid, "error": "",
                     "sent_at": mailing.created_at}
                )  # fmt: skip
            s.execute(insert(MailingRecipient), rows)
        return ids
    finally:
        core.close()


def fill(box: ImapFolder, ids: dict[str, str], n: int) -> None:
    rng = random.Random(19)
    corpus = [p.read_bytes() for p in sorted(BOUNCES.glob("*.txt"))]
    addresses = list(ids)
    for i in range(n):
        address = addresses[i % len(addresses)]
        mid = ids[address]
        roll = rng.random()
        if roll < 0.60:
            raw = reply(address, "Re: Nyhetsbrev", "Takk for brevet!\n\n> Hei\n> " + "x" * 200, mid)
        elif roll < 0.75:
            raw = dsn(address, mid)
        elif roll < 0.85:
            raw = reply(
                address, "Fravær: Nyhetsbrev", "Borte.", mid, {"Auto-Submitted": "auto-replied"}
            )
        elif roll < 0.95:
            raw = reply(address, "Re: Nyhetsbrev", "Avmeld", mid)
        else:
            raw = rng.choice(corpus)
        box.deliver(raw)


def run(db: Path, box: ImapFolder, *extra: str) -> tuple[float, float, dict[str, object]]:
    """Seconds and peak RSS (MB) of one `kontakt mail fetch` in a fresh process."""
    env = {**os.environ, "KONTAKT_IMAP_PASSWORD": box.password}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(db), "mail", "fetch", *box.cli_args(),
         "--json", *extra],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    if not os.environ.get("KONTAKT_TEST_IMAP"):
        raise SystemExit("Start Dovecot first: export KONTAKT_TEST_IMAP=$(.ci/start-dovecot.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(home / var)
        db = home / "kontakt.db"
        t = time.perf_counter()
        ids = make_database(db, args.messages)
        box, box2 = new_folder(), new_folder()
        fill(box, ids, args.messages)
        fill(box2, ids, args.messages)
        print(f"set-up (database, {args.messages:,} messages x 2): {time.perf_counter() - t:.1f} s")
        seconds, rss, found = run(db, box)
        counts = {k: (len(v) if isinstance(v, list) else v) for k, v in found.items()}
        print(f"fetch + classify {args.messages:,} (report only): {seconds:.2f} s, "
              f"peak RSS {rss:.0f} MB  {counts}")  # fmt: skip
        seconds, rss, _ = run(db, box2, "--yes")
        print(f"fetch + classify + apply, second folder: {seconds:.2f} s, peak RSS {rss:.0f} MB")
        print("target: <= 20 s, <= 300 MB (2 cores)")


if __name__ == "__main__":
    main()
