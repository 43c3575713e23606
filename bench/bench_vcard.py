"""Benchmark: 50,000 contacts written as vCard 3.0 (target <= 2 s), and read back.

The contacts are built in memory as ``ContactRow`` snapshots (names from the
demo data with æøå, e-mail, one or two phone numbers, organisation, title,
county, topics, a note on some), so only the writer is timed, not a database.
The file is then read back with the import reader, for information.

Usage: python bench/bench_vcard.py [--contacts N] [--version 3.0|4.0] [--no-read]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import time
import uuid

from kontakt.domain.geography import load_geography
from kontakt.domain.records import ContactRow, EmailData, EmailKind, PhoneData, PhoneKind, Place
from kontakt.io.vcard import VCardOptions, read_vcard_bytes, write_vcards
from kontakt.services.demo import FAMILY, GIVEN, HOSPITALS, MOBILE_PREFIXES, UNIONS

TOPICS = ("Psykisk helse", "Rus", "Eldreomsorg", "Tannhelse", "Sykehus", "Bemanning, turnus")
TITLES = ("Sykepleier", "Bystyremedlem", "Hovedtillitsvalgt", "Rådgiver", "Lege", "")


def make_rows(count: int, seed: int = 7) -> list[ContactRow]:
    """``count`` realistic contacts, the same ones for the same seed."""
    rng = random.Random(seed)
    counties = [Place(c.number, c.name) for c in load_geography().counties]
    organisations = [*UNIONS, *HOSPITALS.values(), "SV", "Sosialistisk Venstreparti"]
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        local = f"{given}.{family}.{i}".lower().translate(str.maketrans("æøåá", "eoaa"))
        emails = (EmailData(f"{local}@example.no", EmailKind.JOBB, True),)
        if i % 3 == 0:
            emails += (EmailData(f"{local}@privat.example.com", EmailKind.PRIVAT, False),)
        phones = (PhoneData(f"+47{rng.choice(MOBILE_PREFIXES)}{i % 1_000_000:06d}",
                            PhoneKind.MOBIL, True),)  # fmt: skip
        if i % 4 == 0:
            phones += (PhoneData(f"+4722{i % 1_000_000:06d}", PhoneKind.JOBB, False),)
        rows.append(
            ContactRow(
                id=i + 1,
                uid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                given_name=given,
                family_name=family,
                emails=emails,
                phones=phones,
                organisation=rng.choice(organisations),
                title=rng.choice(TITLES),
                municipality=None,
                county=rng.choice(counties),
                party="SV",
                notes="Møtte på landsmøtet.\nVil ha nyhetsbrev." if i % 5 == 0 else "",
                topics=tuple(rng.sample(TOPICS, rng.randint(0, 3))),
                labels=(),
                roles=(),
                consent_basis=None,
                consent_date=None,
                consent_source="",
                opted_out=False,
                last_confirmed=None,
                created_at=base,
                updated_at=base + dt.timedelta(minutes=i),
                deleted_at=None,
                version=1,
            )
        )
    return rows


def main() -> None:
    """Build the contacts, time the writer (best of three) and the reader."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--version", choices=("3.0", "4.0"), default="3.0")
    parser.add_argument("--no-read", action="store_true", help="time the writer only")
    args = parser.parse_args()

    rows = make_rows(args.contacts)
    options = VCardOptions(version=args.version, include_notes=True)
    times = []
    data = b""
    for _ in range(3):
        out = io.BytesIO()
        start = time.perf_counter()
        written = write_vcards(rows, out, options)
        times.append(time.perf_counter() - start)
        data = out.getvalue()
    assert written == len(rows)
    print(
        f"write vCard {args.version}: {len(rows):,} contacts in {min(times):.2f} s "
        f"(best of 3; {len(data) / 1e6:.1f} MB) - target <= 2 s"
    )
    if not args.no_read:
        start = time.perf_counter()
        result = read_vcard_bytes(data, "bench.vcf")
        elapsed = time.perf_counter() - start
        assert len(result.contacts) == len(rows), result.problems[:3]
        print(f"read back: {len(result.contacts):,} cards in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
