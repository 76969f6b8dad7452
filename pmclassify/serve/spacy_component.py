"""Stage 9d: pmclassify as a spaCy pipeline component, registered as the factory
``"pmclassify"`` through the ``spacy_factories`` entry point (no import needed once installed).

It sets ``doc._.pm`` (the :class:`~pmclassify.predict.prediction.Prediction`) and
``doc.spans["pm_evidence"]`` (the evidence read in the text, each span labelled with the answer
it speaks for: ``pm``, ``specialization`` or ``seniority``), which displaCy draws with
``displacy.render(doc, style="span", options={"spans_key": "pm_evidence"})``. A title, when
known, goes in ``doc._.pm_title`` before the component runs.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("pmclassify")
>>> doc = nlp.make_doc("Own positioning and messaging for every launch, with sales enablement.")
>>> doc._.pm_title = "Product Marketing Manager"
>>> doc = nlp(doc)
>>> doc._.pm.specialization
'pmm'
>>> [s.text for s in doc.spans["pm_evidence"] if s.label_ == "specialization"]
['positioning', 'messaging', 'launch', 'sales enablement']

The prediction travels with the doc as plain data (``doc._.pm_data``), so the component works
under ``nlp.pipe(texts, n_process=2)`` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from pmclassify.predict.classifier import Classifier
from pmclassify.predict.prediction import Prediction

SPANS_KEY = "pm_evidence"


def _prediction(doc: Doc) -> Prediction | None:
    data = doc._.pm_data
    return Prediction.from_dict(data) if data is not None else None


for _name, _kwargs in (("pm_data", {"default": None}), ("pm_title", {"default": None}),
                       ("pm", {"getter": _prediction})):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, **_kwargs)


class PmClassifier:
    """The component: classifies each doc's text (and ``doc._.pm_title``) with a model."""

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self._clf: Classifier | None = None

    @property
    def classifier(self) -> Classifier:
        if self._clf is None:  # loaded on first use: a pipeline built to be pickled stays light
            self._clf = Classifier.load(self.model)
        return self._clf

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            yield from self._label(list(batch))

    def _label(self, docs: list[Doc]) -> Iterator[Doc]:
        preds = self.classifier.predict_many([d.text for d in docs],
                                             [d._.pm_title for d in docs])
        for doc, p in zip(docs, preds, strict=True):
            doc._.pm_data = p.to_dict()
            spans = []
            for answer, items in p.evidence.items():
                for e in items:
                    if e.start is None or e.end is None or (e.where == "title"
                                                            and not e.title_line):
                        continue  # not placed, or placed in the title, not this text
                    span = doc.char_span(e.start, e.end, label=answer, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
            doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
            yield doc


@Language.factory("pmclassify", default_config={"model": None, "batch_size": 64})
def make_component(nlp: Language, name: str, model: str | None, batch_size: int) -> PmClassifier:
    """The ``"pmclassify"`` factory: ``nlp.add_pipe("pmclassify", config={"model": path})``."""
    return PmClassifier(model, batch_size)


