"""Stage 4, model: the features of a posting, the scikit-learn estimators that training fits,
their export to plain arrays run with numpy (:mod:`~pmclassify.model.linear`),
:class:`~pmclassify.model.pmmodel.PmModel`, and the model file format
(:mod:`~pmclassify.model.artifacts`). Prediction imports no scikit-learn: only ``estimators``
does.
"""
