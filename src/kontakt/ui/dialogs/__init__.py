"""Dialogs of the Kontakt window, one module each (e.g. :mod:`.contact_editor`)."""
