r"""Stage 5, predict: :class:`~pmclassify.predict.classifier.Classifier` turns postings into
:class:`~pmclassify.predict.prediction.Prediction`\ s — PM or not, then the specialization and
rung by the taxonomy's rules (:mod:`~pmclassify.predict.answers`) — and into table rows
(:mod:`~pmclassify.predict.rows`).
"""
