"""Stage 3, weak labels (training only): labeling functions that vote or abstain on sentences and
postings, their separate aggregation into training labels, and the report of their coverage,
overlaps and conflicts.
"""
