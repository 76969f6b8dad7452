"""Stage 7, evaluate: score a model against gold labels (with and without titles, beside a
keyword baseline), cross-fit the training recipe over employers, and build the shipped model
with its figures.
"""
