"""The command line (``pmclassify``, ``python -m pmclassify``): the commands
(:mod:`pmclassify.cli.commands`) and their progress bars (:mod:`pmclassify.cli.progress`). Typer
and rich are used here only."""

from pmclassify.cli.commands import app, main

__all__ = ["app", "main"]
