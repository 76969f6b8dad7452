"""pmclassify: is a job posting product management, which PM specialization, which seniority.

>>> from pmclassify import Classifier
>>> clf = Classifier.load()                                   # doctest: +SKIP
>>> clf.predict("Own pricing experiments ...", title="Growth PM").specialization  # doctest: +SKIP
'growth'
"""

from pmclassify.errors import InputError, LexiconError, ModelError, PmClassifyError, ResumeError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.predictor import Classifier, Prediction


def label_file(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Label a whole file; see :func:`pmclassify.batch.label_file` (imported on first use)."""
    from pmclassify.batch import label_file as run

    return run(*args, **kwargs)

__version__ = "0.1.0"

__all__ = [
    "Classifier",
    "Prediction",
    "label_file",
    "SPECIALIZATIONS",
    "SENIORITIES",
    "PmClassifyError",
    "ModelError",
    "LexiconError",
    "InputError",
    "ResumeError",
    "__version__",
]
