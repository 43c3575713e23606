"""The pairs the secretary said are two people («Ikke samme person»), uids in sorted order."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from kontakt.storage.base import utcnow
from kontakt.storage.cleanup_models import NotDuplicate


def ordered(uid_1: str, uid_2: str) -> tuple[str, str]:
    """The pair as the table keeps it: the smaller uid first."""
    return (uid_1, uid_2) if uid_1 < uid_2 else (uid_2, uid_1)


def add(session: Session, uid_1: str, uid_2: str, actor: str) -> bool:
    """Remember the pair; False if it was remembered already."""
    a, b = ordered(uid_1, uid_2)
    if session.get(NotDuplicate, (a, b)) is not None:
        return False
    session.add(NotDuplicate(uid_a=a, uid_b=b, at=utcnow(), actor=actor))
    return True


def remove(session: Session, uid_1: str, uid_2: str) -> bool:
    """Forget the pair (an undo); False if it was not remembered."""
    a, b = ordered(uid_1, uid_2)
    gone = session.execute(
        delete(NotDuplicate).where(NotDuplicate.uid_a == a, NotDuplicate.uid_b == b)
    )
    return bool(getattr(gone, "rowcount", 0))


def all_pairs(conn: Connection) -> set[tuple[str, str]]:
    """Every remembered pair, smaller uid first."""
    rows = conn.execute(select(NotDuplicate.uid_a, NotDuplicate.uid_b))
    return {(a, b) for a, b in rows}
