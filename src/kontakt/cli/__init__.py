"""The command line: ``main`` holds the command table; one module per command group.

The contract (commands, options, output, exit codes) is in DESIGN.md and the
README's «Command line»; scripts rely on it.
"""
