"""The `recbot` command line: main.py parses and dispatches; one module per family of commands."""
