"""Benchmark: idea-bank search over 5,000 generated documents.

The query the Idébank window runs per keystroke: one or two words (plus, in
some queries, a kind, county or year filter), the first 200 rows newest
first, the total count, and the rows loaded as ``DocumentRow`` snapshots,
through the real ``IdeaBankService.search``.

The documents are invented from Norwegian health-policy words (Zipf-like
frequencies, so common words hit most documents and rare ones few); most are
a few hundred words, 15 % a few thousand and 5 % 5,000–20,000 words (a long
consultation answer). Inserted in bulk with SQLAlchemy Core; the search
index (FTS5 triggers on SQLite, the trigram index on PostgreSQL) is
maintained by the database as in normal use.

Usage: python bench/bench_ideabank.py [--documents N] [--runs R] [--pg URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, text

from kontakt.app import open_core
from kontakt.domain.document_uses import UseOutcome
from kontakt.domain.documents import (
    DocumentFilter,
    DocumentKind,
    DocumentOrder,
    DocumentStatus,
    UseFilter,
)
from kontakt.paths import resolve_database
from kontakt.services.ideabank.writing import index_text
from kontakt.storage.base import utcnow
from kontakt.storage.ideabank_models import Document, DocumentUse, document_topic

WORDS = """
helse sykehus pasient behandling kommune fylke tilbud ventetid psykisk rus eldreomsorg
fastlege legevakt ambulanse fødetilbud jordmor sykepleier bemanning heltid turnus lønn
tannhelse tannhelsereform rehabilitering kvinnehelse folkehelse helseforetak styring
kommersialisering anbud privatisering helseforetaksmodellen nedleggelse lokalsykehus
akuttkirurgi fødeavdeling beredskap distrikt avstand reisetid helikopter luftambulanse
barn unge skolehelsetjenesten helsesykepleier BUP DPS døgnplasser sengeplasser korridor
overbelegg kreft screening forebygging rusreform LAR brukerplan pårørende hjemmetjeneste
sykehjem omsorgsbolig velferdsteknologi digitalisering journal personvern finansiering
innsatsstyrt stykkpris rammefinansiering budsjett statsbudsjett revidert interpellasjon
ordfører kommunestyre fylkesting bystyre representant forslag vedtak høring høringssvar
utredning NOU stortingsmelding helse- og omsorgstjenesteloven pasientrettigheter
fritt behandlingsvalg ventelister fristbrudd kapasitet investering bygg sammenslåing
utviklingsplan samhandling utskrivningsklare kommunal medfinansiering rekruttering
utdanning spesialist allmennlege listelengde basistilskudd fastlegeordningen krise
""".split()
FILLER = "og i på for til med som at er det en av ikke må skal vil kan har ble fra om".split()
PLACES = ("Bergen", "Tromsø", "Bodø", "Førde", "Ålesund", "Kirkenes", "Gjøvik", "Arendal")
RARE = "Kvalsundtunnelen"  # planted in 12 documents: a word that is hard to find
QUERIES: list[tuple[str, DocumentFilter]] = [
    ("sykehus", DocumentFilter(text="sykehus")),
    ("fødetilbud", DocumentFilter(text="fødetilbud")),
    ("tannhelsereform", DocumentFilter(text="tannhelsereform")),
    ("psykisk helse", DocumentFilter(text="psykisk helse")),
    ("BUP + Vestland", DocumentFilter(text="bup", county="Vestland")),
    ("ambulanse + 2023", DocumentFilter(text="ambulanse", year=2023)),
    ("høringssvar kind + rus", DocumentFilter(text="rus", kind=DocumentKind.HORINGSSVAR)),
    (RARE, DocumentFilter(text=RARE.lower())),
    # Issue 22: the list sorted and narrowed by use (document_use, ~12,000 uses).
    ("(all) mest brukt", DocumentFilter(order=DocumentOrder.MOST_USED)),
    ("sykehus, mest brukt", DocumentFilter(text="sykehus", order=DocumentOrder.MOST_USED)),
    ("(all) vedtatt et sted", DocumentFilter(use=UseFilter.ADOPTED)),
    ("(all) aldri brukt", DocumentFilter(use=UseFilter.NEVER)),
]


SUFFIXES = ("en", "et", "ene", "er", "ens", "ets", "ane", "a")


def word(rng: random.Random, weights: list[float]) -> str:
    """A content word as real text has them: inflected, compounded, now and then a number.

    This gives long documents thousands of distinct words, as real ones have,
    not just the few hundred of the base list.
    """
    roll = rng.random()
    base = rng.choices(WORDS, weights)[0]
    if roll < 0.25:
        return base + rng.choices(WORDS, weights)[0]  # a compound: «sykehusbemanning»
    if roll < 0.55:
        return base + rng.choice(SUFFIXES)
    if roll < 0.60:
        return str(rng.randrange(1, 100_000))
    return base


def sentence(rng: random.Random, weights: list[float]) -> str:
    n = rng.randint(6, 18)
    words = [rng.choice(FILLER) if rng.random() < 0.4 else word(rng, weights) for _ in range(n)]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, weights: list[float]) -> str:
    roll = rng.random()
    words = (
        rng.randint(5_000, 20_000) if roll < 0.05 else
        rng.randint(1_000, 3_000) if roll < 0.20 else
        rng.randint(100, 400)
    )  # fmt: skip
    sentences, count = [], 0
    while count < words:
        s = sentence(rng, weights)
        sentences.append(s)
        count += s.count(" ") + 1
    return " ".join(sentences)


def populate(core, n: int, seed: int = 7) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    """Insert n documents; returns (seconds, characters of text, characters indexed)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(WORDS))]
    rng.shuffle(weights)
    municipalities = core.geography.municipalities
    with core.engine.connect() as conn:
        topic_ids = [r[0] for r in conn.execute(text("SELECT id FROM topic"))]
    rare_docs = set(rng.sample(range(n), 12))
    start = time.perf_counter()
    now = utcnow()
    docs, tags, uses, chars, indexed = [], [], [], 0, 0
    for i in range(n):
        kind = rng.choice(list(DocumentKind))
        title = f"{kind.value.capitalize()}: {sentence(rng, weights)[:-1]}"[:300]
        content = body(rng, weights)
        if i in rare_docs:
            content += f" Vedlikehold av {RARE} er nevnt."
        chars += len(content)
        search_text = index_text(title, content)
        indexed += len(search_text)
        m = rng.choice(municipalities) if rng.random() < 0.6 else None
        county = m.county_number if m else rng.choice(core.geography.counties).number
        docs.append(
            {
                "id": i + 1,
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "title": title,
                "kind": kind.value,
                "status": rng.choice(list(DocumentStatus)).value,
                "county_number": county,
                "municipality_number": m.number if m else None,
                "date": dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2900))
                if rng.random() < 0.9
                else None,
                "text": content,
                "link": "",
                "search_text": search_text,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        for topic in rng.sample(topic_ids, rng.randint(1, 3)):
            tags.append({"document_id": i + 1, "topic_id": topic})
        if rng.random() < 0.4:  # 40 % travel, to 1-11 places (about 12,000 uses in all)
            for _ in range(rng.randint(1, 11)):
                place = rng.choice(municipalities)
                uses.append(
                    {
                        "document_id": i + 1,
                        "county_number": place.county_number,
                        "municipality_number": place.number,
                        "date": dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1500)),
                        "outcome": rng.choice(["", *(o.value for o in UseOutcome)]),
                        "link": "",
                        "note": "",
                        "actor": "bench",
                        "created_at": now,
                    }
                )
    with core.engine.begin() as conn:
        for chunk in range(0, n, 500):
            conn.execute(insert(Document), docs[chunk : chunk + 500])
        conn.execute(insert(document_topic), tags)
        conn.execute(insert(DocumentUse), uses)
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('document_id_seq', :n)"), {"n": n})
    if core.engine.dialect.name == "postgresql":
        with core.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE document")
            )
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE document_use")
            )
    return time.perf_counter() - start, chars, indexed


def timed(core, f: DocumentFilter, runs: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    core.ideabank.search(f)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = core.ideabank.search(f)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result.total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--pg", metavar="URL", help="also run against this (empty) PostgreSQL db")
    args = parser.parse_args()
    targets = [("SQLite", resolve_database(str(Path(tempfile.mkdtemp()) / "bench.db")))]
    if args.pg:
        targets.append(("PostgreSQL", resolve_database(args.pg)))
    for label, location in targets:
        core = open_core(location)
        try:
            seconds, chars, indexed = populate(core, args.documents)
            print(
                f"\n{label}: {args.documents:,} documents ({chars / 1e6:.1f} million characters "
                f"of text, {indexed / 1e6:.1f} million in the index's distinct words) "
                f"generated and inserted in {seconds:.1f} s"
            )
            print(f"{'query':26} {'ms':>8} {'matches':>8}")
            medians = []
            for name, f in QUERIES:
                ms, total = timed(core, f, args.runs)
                medians.append(ms)
                print(f"{name:26} {ms:8.2f} {total:8}")
            short_ms, short_total = timed(core, DocumentFilter(text="sy"), args.runs)
            print(f"{'sy (2 letters, no index)':26} {short_ms:8.2f} {short_total:8}")
            print(
                f"median over queries: {statistics.median(medians):.2f} ms per search "
                "(first 200 rows + total count; target <= 50 ms on SQLite)"
            )
        finally:
            core.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
