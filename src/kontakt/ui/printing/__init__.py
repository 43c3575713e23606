"""Printed lists: PDF made with Qt's PDF writer (works with no screen)."""
