"""pmclassify: is a job posting product management, which PM specialization, which seniority.

>>> from pmclassify import Classifier
>>> clf = Classifier.load()
>>> clf.predict("Own the pricing experiments and the activation funnel.",
...             title="Growth PM").specialization
'growth'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pmclassify.errors import InputError, LexiconError, ModelError, PmClassifyError, ResumeError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

if TYPE_CHECKING:
    from pmclassify.batch.run import label_file
    from pmclassify.predict.classifier import Classifier
    from pmclassify.predict.prediction import Prediction
    from pmclassify.text.notes import Evidence, Note

__version__ = "0.1.0"

# Imported on first use: `import pmclassify.errors` (every CLI call) must not pay for sklearn.
_LAZY = {"Classifier": "pmclassify.predict.classifier",
         "Prediction": "pmclassify.predict.prediction",
         "label_file": "pmclassify.batch.run",
         "Evidence": "pmclassify.text.notes",
         "Note": "pmclassify.text.notes"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pmclassify' has no attribute {name!r}")


__all__ = [
    "Classifier",
    "Prediction",
    "Evidence",
    "Note",
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
