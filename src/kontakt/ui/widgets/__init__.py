"""Reusable form widgets (editor fields, lists of values, tables)."""
