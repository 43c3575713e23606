"""Importing contacts from spreadsheets and CSV: plan each row, find duplicates, apply, undo."""
