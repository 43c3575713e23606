"""SQLAlchemy models: the tables behind contacts, tags, lists, imports and the audit log.

Only storage/ and services/ touch these classes; everything above them works
with the value types in ``kontakt.domain.records``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kontakt.storage.base import Base, UtcDateTime, binary_string, utcnow

contact_topic = Table(
    "contact_topic",
    Base.metadata,
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True),
    # The contact's county while it is live, NULL while it is in the bin: kept
    # by triggers (migration 0006) so the overview grid counts one index.
    Column("county_number", String(2), nullable=True),
    Index("ix_contact_topic_grid", "county_number", "topic_id", "contact_id"),
)

contact_label = Table(
    "contact_label",
    Base.metadata,
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("label.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Contact(Base):
    """A person. ``uid`` is stable (also the vCard UID); ``version`` guards against lost updates."""

    __tablename__ = "contact"
    __table_args__ = (
        # SQLite does without these two (migration 0005): its covering search
        # indexes ix_contact_walk(_county) start with the same columns.
        Index("ix_contact_sort_key", "sort_key").ddl_if(dialect="postgresql"),
        Index("ix_contact_county_sort", "county_number", "sort_key").ddl_if(dialect="postgresql"),
        # Sorting the table by a column walks one of these and stops after a page.
        Index("ix_contact_by_municipality", "municipality_sort", "sort_key", "id"),
        Index("ix_contact_by_county", "county_sort", "sort_key", "id"),
        Index("ix_contact_by_organisation", "organisation_sort", "sort_key", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    # Norwegian alphabetical key of "family given" (domain.text.sort_key).
    sort_key: Mapped[str] = mapped_column(binary_string(420), default="")
    # Norwegian alphabetical keys of the municipality's and county's names and of
    # the organisation; empty values get a key that sorts last (domain.text.LAST).
    municipality_sort: Mapped[str] = mapped_column(binary_string(200), default="")
    county_sort: Mapped[str] = mapped_column(binary_string(200), default="")
    organisation_sort: Mapped[str] = mapped_column(binary_string(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    municipality_number: Mapped[str | None] = mapped_column(String(4), index=True)
    county_number: Mapped[str | None] = mapped_column(String(2))
    party: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    consent_basis: Mapped[str | None] = mapped_column(String(40))
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    consent_source: Mapped[str] = mapped_column(String(200), default="")
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    last_confirmed: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    # Casefolded name, e-mails, phones, organisation and municipality: what free-text
    # search matches against (SQLite folds only ASCII itself). Kept by the contact service.
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactEmail.position",
        lazy="selectin",
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactPhone.position",
        lazy="selectin",
    )
    roles: Mapped[list[Role]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="Role.position",
        lazy="selectin",
    )
    topics: Mapped[list[Topic]] = relationship(secondary=contact_topic, lazy="selectin")
    labels: Mapped[list[Label]] = relationship(secondary=contact_label, lazy="selectin")


class ContactEmail(Base):
    """One e-mail address of a contact, normalised."""

    __tablename__ = "contact_email"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(320), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="annet")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Base):
    """One phone number of a contact in E.164."""

    __tablename__ = "contact_phone"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="mobil")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="phones")


class Role(Base):
    """A role (verv): kind, level, body, title, organisation and period."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), index=True)
    level: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A candidate (kind «kandidat», issue 22): the election (e.g.
    # «kommunestyrevalget 2027»), the party list, the place on it, and where.
    election: Mapped[str] = mapped_column(String(60), default="", server_default="")
    list_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    list_place: Mapped[int | None] = mapped_column(Integer)
    municipality_number: Mapped[str | None] = mapped_column(String(4))
    county_number: Mapped[str | None] = mapped_column(String(2))
    # After the election: «valgt» or «ikke valgt» (empty before).
    result: Mapped[str] = mapped_column(String(20), default="", server_default="")

    contact: Mapped[Contact] = relationship(back_populates="roles")


class Topic(Base):
    """A topic of the network's vocabulary (psykisk helse, rus, ...)."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # Casefolded name: "Psykisk helse" and "psykisk helse" are one topic.
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Label(Base):
    """A free label beside the topics (e.g. "styret", "eksempeldata")."""

    __tablename__ = "label"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ContactList(Base):
    """A static list of contacts, e.g. "Styret"."""

    __tablename__ = "contact_list"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ListMember(Base):
    """Membership of a contact in a static list."""

    __tablename__ = "list_member"

    list_id: Mapped[int] = mapped_column(
        ForeignKey("contact_list.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class SavedSearch(Base):
    """A named, stored contact filter (the fields of ``ContactFilter`` as JSON)."""

    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    filter: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Interaction(Base):
    """Something that happened with a contact: a call, a meeting, a mailing received."""

    __tablename__ = "interaction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    mailing_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailing.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )


class ImportBatch(Base):
    """One import of a file: what was read, how it was mapped, what it did."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ImportChange(Base):
    """One contact an import created or changed, with its state before, for undo."""

    __tablename__ = "import_change"
    __table_args__ = (UniqueConstraint("batch_id", "contact_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    contact_uid: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version_after: Mapped[int] = mapped_column(Integer)


class AuditEntry(Base):
    """Who changed what and when, with the values before and after."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36), index=True)
    # Entries written by one user action share a change id, so it can be undone as one.
    change_id: Mapped[str | None] = mapped_column(String(36), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# The outreach tables live in their own module; importing it here puts them in
# Base.metadata wherever the models are used (migrations, the drift test).
from kontakt.storage import cleanup_models as cleanup_models  # noqa: E402
from kontakt.storage import ideabank_models as ideabank_models  # noqa: E402
from kontakt.storage import mailbox_models as mailbox_models  # noqa: E402
from kontakt.storage import newsletter_models as newsletter_models  # noqa: E402
from kontakt.storage import outreach_models as outreach_models  # noqa: E402
from kontakt.storage import politics_models as politics_models  # noqa: E402
from kontakt.storage import privacy_models as privacy_models  # noqa: E402
from kontakt.storage import survey_models as survey_models  # noqa: E402
from kontakt.storage import vocabulary_models as vocabulary_models  # noqa: E402
