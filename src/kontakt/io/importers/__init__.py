"""Readers that turn files the user picks (spreadsheets, CSV, vCard) into plain Python values.

Nothing here touches the database: an importer either returns what it read or
raises :class:`kontakt.io.importers.table.ImportRefused` with a Norwegian
message naming the file.
"""
