"""Stage 9: other programs' ways in — an HTTP API and page (:mod:`pmclassify.serve.http`, the
``serve`` extra) and a spaCy pipeline component (:mod:`pmclassify.serve.spacy_component`).
Each takes a :class:`~pmclassify.predict.classifier.Classifier` and gives its predictions."""
