"""Tables of a clean list (issue 21): merges of duplicates, remembered uids, «not the same person».

A merge keeps one contact (``kept_uid``) and removes the other; what both
looked like before and which records moved from one to the other are kept in
``contact_merge`` so the merge can be undone. The removed contact's uid lives
on in ``contact_alias``: a later vCard with that UID updates the kept contact.
Both go with the kept contact when it is erased (an erasure also removes the
merges that name the erased uid).

``not_duplicate`` holds the pairs the secretary said are two people, uids in
sorted order, so they are not proposed again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class ContactMerge(Base):
    """One merge of two contacts into one, with what is needed to undo it."""

    __tablename__ = "contact_merge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    kept_uid: Mapped[str] = mapped_column(String(36), index=True)
    other_uid: Mapped[str] = mapped_column(String(36), index=True)
    # The audit log's change id of the merge (and of its undo, once undone).
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    undo_change_id: Mapped[str | None] = mapped_column(String(36))
    # Contact states (domain.contact_state) of both before the merge.
    kept_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    other_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The kept contact's version right after the merge: undo refuses if it changed since.
    kept_version_after: Mapped[int] = mapped_column(Integer)
    # Records that moved from the other contact to the kept one: table -> keys.
    moved: Mapped[dict[str, Any]] = mapped_column(JSON)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ContactAlias(Base):
    """A uid of a contact merged away, and the contact it now belongs to."""

    __tablename__ = "contact_alias"

    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    merge_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact_merge.id", ondelete="SET NULL"), index=True
    )


class NotDuplicate(Base):
    """Two contacts the secretary said are different people (``uid_a`` < ``uid_b``)."""

    __tablename__ = "not_duplicate"

    uid_a: Mapped[str] = mapped_column(String(36), primary_key=True)
    uid_b: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
