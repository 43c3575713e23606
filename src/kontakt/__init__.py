"""Kontakt: contact list and outreach manager for SV's health-policy network.

The version below is the one place the version is written; the package
metadata, ``kontakt --version`` and the About box all read it.
"""

__version__ = "0.1.0"
