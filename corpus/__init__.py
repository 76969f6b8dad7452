"""Package data: the lexicons and the project's own role write-ups (see README.md here)."""
