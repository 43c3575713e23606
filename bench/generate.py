"""Generate many invented contacts quickly for the benchmarks (SQLAlchemy Core bulk insert).

Each contact goes through the app's own validation and column values, so
the data looks exactly like what the app stores; only the insert is bulk.
"""

from __future__ import annotations

import random
import time
import uuid

from sqlalchemy import insert, text

from kontakt.domain.records import ContactDraft, EmailData, PhoneData
from kontakt.services.demo import FAMILY, GIVEN, MOBILE_PREFIXES
from kontakt.services.validation import validate_draft
from kontakt.storage.base import utcnow
from kontakt.storage.contact_columns import WRITTEN, contact_values
from kontakt.storage.models import Contact, ContactEmail, ContactPhone, contact_topic


def populate(core, n: int, seed: int = 1) -> float:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    municipalities = core.geography.municipalities
    start = time.perf_counter()
    contacts, emails, phones, tags = [], [], [], []
    with core.engine.connect() as conn:
        topic_ids = [r[0] for r in conn.execute(text("SELECT id FROM topic"))]
    now = utcnow()
    for i in range(n):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        m = rng.choice(municipalities)
        draft = ContactDraft(
            given_name=given,
            family_name=family,
            municipality=m.number,
            organisation=rng.choice(("", "Fagforbundet", "NSF", f"{m.name} kommune")),
            emails=(EmailData(f"{given}.{family}{i}@example.org".lower()),),
            phones=(PhoneData(f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**6):06d}"),),
        )
        clean = validate_draft(draft, core.geography)
        d = clean.draft
        contacts.append(
            {
                **dict(zip(WRITTEN, contact_values(clean, core.geography), strict=True)),
                "id": i + 1,
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        emails.append(
            {
                "contact_id": i + 1,
                "address": d.emails[0].address,
                "kind": "annet",
                "is_primary": True,
                "position": 0,
            }
        )
        for topic_id in rng.sample(topic_ids, rng.choice((1, 1, 2, 3))):
            tags.append({"contact_id": i + 1, "topic_id": topic_id})
        phones.append(
            {
                "contact_id": i + 1,
                "number": d.phones[0].number,
                "kind": "mobil",
                "is_primary": True,
                "position": 0,
            }
        )
    with core.engine.begin() as conn:
        conn.execute(insert(Contact.__table__), contacts)
        conn.execute(insert(ContactEmail.__table__), emails)
        conn.execute(insert(ContactPhone.__table__), phones)
        conn.execute(insert(contact_topic), tags)
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - start
