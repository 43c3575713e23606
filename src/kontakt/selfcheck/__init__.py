"""``kontakt --self-check``: prove that an installation (above all the bundle) works.

``runner.py`` holds the step list and runs it; ``context.py`` what the steps
share; one module per area holds its steps (database, importing, outreach,
ideabank, passwords, window).
"""
