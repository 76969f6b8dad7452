"""Stage 6, train: weak labels over a postings file plus the project's write-ups in; a fitted
:class:`~pmclassify.model.pmmodel.PmModel` out.
"""
