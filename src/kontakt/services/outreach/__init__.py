"""Outreach: personal e-mail over SMTP, invitations to events, a contact's history."""
