"""Use cases the window and the command line share; they own the transactions."""
