"""One base exception; each subclass's message says how to fix the problem."""

from __future__ import annotations


class PmClassifyError(Exception):
    """Base class of every error pmclassify raises on purpose."""


class ModelError(PmClassifyError):
    """A model file is missing, corrupt, tampered with or from an incompatible version."""


class LexiconError(PmClassifyError):
    """A lexicon file is malformed."""


class InputError(PmClassifyError):
    """The input (text, file, column, format) cannot be used as given."""


class OutputError(PmClassifyError):
    """An output file or folder cannot be written."""


class ResumeError(PmClassifyError):
    """A batch run cannot be resumed as asked."""
