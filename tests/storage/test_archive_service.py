"""The archive service on SQLite and PostgreSQL: which mailings are newsletters to publish."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from tests.fixtures.newsletters import store_newsletters

from kontakt.app import open_core
from kontakt.paths import DatabaseLocation
from kontakt.storage.outreach_models import MailingRecipient


def test_sent_newsletters_are_published_newest_first_with_stable_names(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    core = open_core(location)
    try:
        made = store_newsletters(core)
        issues, site = core.archive.issues()
        assert site == "Helsenettverket i SV"
        assert [i.slug for i in issues] == [
            "2026-12-01-nyhetsbrev-for-desember-aeoa",
            "2026-11-03-nyhetsbrev-november",
        ]
        assert core.archive.issues()[0] == issues  # the same on every read
        # A newsletter nobody has received yet is not published.
        with core.sessions.begin() as session:
            session.execute(
                update(MailingRecipient)
                .where(MailingRecipient.mailing_id == made["november"])
                .values(status="pending")
            )
        assert [i.slug for i in core.archive.issues()[0]] == [issues[0].slug]
        result = core.archive.refresh(tmp_path / "arkiv")
        assert (result.newsletters, result.written) == (1, 1)
    finally:
        core.close()
