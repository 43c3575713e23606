"""Tables for privacy: suppression entries left by an erasure, and per-database settings.

A suppression entry is a salted hash of an erased person's e-mail address or
phone number, with no name: enough for an import to recognise them («slettet
etter ønske») and too little to say who they were. The salt is random per
database and kept in ``app_setting``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class Suppression(Base):
    """One hashed e-mail address or phone number of a person erased on request."""

    __tablename__ = "suppression"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class AppSetting(Base):
    """A setting that belongs to the database (shared by everyone who opens it)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
