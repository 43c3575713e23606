"""Self-check step for a clean list: duplicates found, merged and the merge undone.

Listed in :data:`kontakt.selfcheck.runner.STEPS`. Finding similar names loads
numpy (rapidfuzz's cdist hands back a numpy matrix) only when the finder runs,
so a bundle without numpy would start and fail only here.
"""

from __future__ import annotations

from kontakt.selfcheck.context import CheckContext, CheckFailed


def step_duplicates(ctx: CheckContext) -> str:
    """Two records of one person (no e-mail, alike names, one municipality) found and merged."""
    from kontakt.domain.records import ContactDraft

    core = ctx.core
    first = core.contacts.create(ContactDraft("Selma", "Selvsjekk", municipality="Tromsø")).uid
    second = core.contacts.create(ContactDraft("Selma", "Selvsjek", municipality="Tromsø")).uid
    try:
        pairs = core.duplicates.find()
        ours = [p for p in pairs if {p.a.uid, p.b.uid} == {first, second}]
        if not ours:
            raise CheckFailed(f"fant ikke paret blant {len(pairs)} mulige duplikater")
        merged = core.merging.merge(first, second)
        if core.merging.resolve(second) != first:
            raise CheckFailed("den sammenslåtte kontaktens id peker ikke på den som ble beholdt")
        core.merging.undo(merged.merge_id)
        if core.merging.resolve(second) != second:
            raise CheckFailed("angring av sammenslåingen ga ikke kontakten tilbake")
    finally:
        # The window step counts the imported contacts: these two leave again
        # (also when this step failed, so that one failure is reported once).
        alive = [u for u in (first, second) if core.merging.resolve(u) == u]
        core.contacts.trash(alive)
        core.contacts.purge(alive)
    reasons = "; ".join(r.text for r in ours[0].reasons)
    return f"{len(pairs)} mulige duplikater ({reasons}); slått sammen og angret"
