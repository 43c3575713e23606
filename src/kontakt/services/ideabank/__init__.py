"""The idea bank (Idébank): the network's documents, their search, import and sending."""

from kontakt.services.ideabank.service import IdeaBankService

__all__ = ["IdeaBankService"]
