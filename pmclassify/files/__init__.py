"""Streaming readers and writers for tables of postings (CSV, TSV, JSONL, Parquet), below every
stage: training, gold files, lexicon reports and batch runs all read through
:class:`~pmclassify.files.read.Reader`.

A reader never invents or drops a cell: it yields ``(line_number, row)`` with each value as the
file holds it (strings from CSV/TSV, JSON values from JSONL with only the keys each record has,
typed values from Parquet). What it cannot read whole stops it with one line that names the
place and says what to do — text that is not in the encoding given (checked over the whole
file before the first row), a header that names a column twice, CSV quoting that breaks — or,
for a line that is malformed on its own (a wrong number of fields, a JSONL line that is not an
object), goes to a callback when the caller skips such lines. Standard input is copied to a
temporary file first, so it is read exactly as a file is.
"""
