"""`kontakt demo` shows ideas that travel: sample documents used across counties."""

from __future__ import annotations

import datetime as dt

from kontakt.app import Core
from kontakt.domain.documents import DocumentFilter, DocumentOrder, UseFilter

TODAY = dt.date(2026, 6, 15)


def test_the_sample_documents_travel_and_one_is_never_used(sqlite_core: Core) -> None:
    core = sqlite_core
    summary = core.demo.add_data(today=TODAY)
    assert summary.document_uses == 19
    assert "Registrerte 19 steder dokumentene i idébanken er brukt." in summary.lines()
    rows = core.ideabank.search(DocumentFilter(order=DocumentOrder.MOST_USED)).rows
    assert [r.used_places for r in rows] == [9, 5, 3, 2, 0]
    assert len(core.ideabank.search(DocumentFilter(use=UseFilter.NEVER)).rows) == 1
    most = core.document_uses.uses(rows[0].id)
    assert len({u.county.number for u in most if u.county}) >= 3  # several counties
    assert len({u.outcome for u in most}) >= 3  # several outcomes
    assert all(u.by is not None for u in most)
    assert any(u.municipality is None for u in most)  # a county council among them
    assert core.document_uses.summary(rows[0].id).text().startswith("Brukt")
    year = core.year_summary.summary(2026).document_uses.uses
    year += core.year_summary.summary(2025).document_uses.uses
    assert year == 19
