"""Stage 4b: turn weak labels into training sets and fit the models.

Training text is a CSV of postings (its text unlabeled) plus the project's own role write-ups in
``corpus/texts/``. Labels come only from the labeling functions (and, for the write-ups, from
their authors); a gold file is never read here.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pmclassify.cues.lexicons import Lexicons, load_lexicons
from pmclassify.cues.title import named_label, title_role, title_seniority
from pmclassify.errors import InputError
from pmclassify.files.read import open_csv
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.model.estimators import PostingClassifier, RoleClassifier, SentenceSpecializer
from pmclassify.model.features import role_dense_features, seniority_features
from pmclassify.model.pmmodel import PmModel, export_model
from pmclassify.text.posting import Preprocessor, ProcessedPosting
from pmclassify.weak.functions import posting_specialization_label, sentence_label

if TYPE_CHECKING:  # the predictor imports this module
    from pmclassify.predict.prediction import Prediction


@dataclass(frozen=True)
class WriteUp:
    """One of the project's own role write-ups (corpus/texts/*.jsonl), labeled by its author."""

    id: str
    title: str
    text: str
    is_pm: bool
    specialization: str | None
    seniority: str | None


def load_writeups(path: str | Path | None = None) -> list[WriteUp]:
    """The project's own role write-ups (default: the ones shipped in the package)."""
    root: Any = Path(path) if path is not None else resources.files("pmclassify.corpus").joinpath(
        "texts")
    out = []
    for f in sorted(root.iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".jsonl"):
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                out.append(WriteUp(d["id"], d.get("title", ""), d["text"], bool(d["is_pm"]),
                                   d.get("specialization"), d.get("seniority")))
    return out


def read_labeled(path: str | Path, text_column: str = "description",
                 title_column: str = "title") -> list[WriteUp]:
    """Labeled write-ups or postings from a CSV with ``is_pm``, ``specialization`` and
    ``seniority`` (label ids, any case) beside the text and title: examples a person labeled,
    which train beside the weak labels (``../shared/data/writeups_dev.csv`` is one)."""
    cols, rows = open_csv(path)
    missing = [c for c in (text_column, title_column, "is_pm", "specialization", "seniority")
               if c not in cols]
    if missing:
        raise InputError(f"{path} has no column {', '.join(map(repr, missing))}; a labeled file "
                         "has the text, the title, is_pm, specialization and seniority")
    out = []
    for n, r in enumerate(rows, start=2):
        flag = (r["is_pm"] or "").strip().lower()
        if flag not in ("true", "false", "yes", "no", "1", "0"):
            raise InputError(f"{path} line {n}: is_pm {r['is_pm']!r} is neither true nor false")
        spec = (r["specialization"] or "").strip().lower() or None
        rung = (r["seniority"] or "").strip().lower() or None
        if spec not in (None, *SPECIALIZATIONS) or rung not in (None, *SENIORITIES):
            raise InputError(f"{path} line {n}: {spec or rung!r} is not a label id (see "
                             "docs/labels.md)")
        out.append(WriteUp(r.get("id") or f"{Path(path).name}:{n}", r[title_column] or "",
                           r[text_column] or "", flag in ("true", "yes", "1"), spec, rung))
    return out


def read_postings_csv(path: str | Path, text_column: str = "description",
                      title_column: str | None = "title",
                      group_column: str | None = "company") -> Iterator[dict[str, str]]:
    """Rows of a postings CSV with at least ``text_column``, lazily; a missing column is an
    error at the call, before any row is read."""
    cols, rows = open_csv(path)
    for c, option in ((text_column, "--text-column"), (title_column, "--title-column")):
        if c and c not in cols:
            raise InputError(f"{path} has no column {c!r}; its columns are: "
                             f"{', '.join(cols)} (name one with {option})")
    return ({"text": row.get(text_column) or "",
             "title": (row.get(title_column) or "") if title_column else "",
             "group": (row.get(group_column) or "") if group_column else ""} for row in rows)


def employer_key(name: str | None, fallback: str) -> str:
    """The employer a posting is grouped by: its name folded, or ``fallback`` (unique to the
    posting) when it has none, so that employer-less postings are not one big employer.

    >>> employer_key(" Acme ", "7"), employer_key("", "7")
    ('acme', '\\x007')
    """
    return (name or "").strip().lower() or f"\x00{fallback}"


@dataclass
class TrainingReport:
    """What training saw: counts of units and of weak labels per class."""

    postings: int = 0
    writeups: int = 0
    sentences_labeled: dict[str, int] = field(default_factory=dict)
    posting_specialization: dict[str, int] = field(default_factory=dict)
    posting_seniority: dict[str, int] = field(default_factory=dict)
    role: dict[str, int] = field(default_factory=dict)


def train_model(postings_csv: str | Path, *, text_column: str = "description",
                title_column: str | None = "title", lexicon_dir: str | Path | None = None,
                writeups_dir: str | Path | None = None, labeled: str | Path | None = None,
                sentence_C: float = 1.5, posting_C: float = 0.3, export: bool = True,
                ) -> tuple[PmModel, TrainingReport]:
    """Fit a model from a postings CSV (weak labels) plus the project's write-ups and, with
    ``labeled``, a CSV of labeled write-ups (:func:`read_labeled`), which train as the project's
    do (``export``: see :func:`fit_model`)."""
    pre = Preprocessor()
    lex = load_lexicons(lexicon_dir, pre=pre)
    rows = list(read_postings_csv(postings_csv, text_column, title_column))
    writeups = load_writeups(writeups_dir) + (read_labeled(labeled) if labeled else [])
    if not rows and not writeups:
        raise InputError(f"{postings_csv} has no rows to train on; pass a postings CSV")
    postings = list(pre.pipe((r["text"], r["title"]) for r in rows))
    own = list(pre.pipe((w.text, w.title) for w in writeups))
    groups = [employer_key(r["group"], str(i)) for i, r in enumerate(rows)]
    return fit_model(lex, postings, writeups, own, sentence_C=sentence_C, posting_C=posting_C,
                     pre=pre, groups=groups, export=export)


def fit_model(lex: Lexicons, postings: list[ProcessedPosting], writeups: list[WriteUp],
              own: list[ProcessedPosting], *, sentence_C: float = 1.5, posting_C: float = 0.3,
              specialization_C: float = 0.1, pre: Preprocessor | None = None,
              groups: list[str] | None = None, export: bool = True,
              ) -> tuple[PmModel, TrainingReport]:
    """Fit every estimator from preprocessed postings and write-ups (``own``, one per
    write-up, in order); the weak labels are computed here. With ``groups`` (one employer per
    posting), the seniority scores of postings without a title rung are calibrated on
    employer-disjoint folds (:func:`calibrate_seniority`). The model's parts are the fitted
    scikit-learn estimators with ``export=False``, else their plain-array exports
    (:func:`~pmclassify.model.pmmodel.export_model`), which is what a model file holds."""
    pre = pre or Preprocessor()
    report = TrainingReport(postings=len(postings), writeups=len(writeups))

    # Sentences of every posting, PM or not: a marketing job still teaches PMM vocabulary.
    sent_x, sent_y, sent_w = [], [], []
    for p in postings + own:
        for s in p.role_sentences():
            label, conf = sentence_label(lex, s)
            if label is not None and conf >= 0.6:
                sent_x.append(s.lemmas)
                sent_y.append(label)
                sent_w.append(conf)
    report.sentences_labeled = dict(Counter(sent_y))
    sentence = SentenceSpecializer(C=sentence_C).fit(sent_x, sent_y, sample_weight=sent_w)

    # Role: title votes label every posting; write-ups carry their own label.
    role_labels = []
    for p in postings:
        role_labels.append(named_label(title_role(lex, p.title)))
    role_docs = [(p, y) for p, y in zip(postings, role_labels, strict=True) if y is not None]
    role_docs += [(p, "pm" if w.is_pm else "not_pm") for p, w in zip(own, writeups, strict=True)]
    role = RoleClassifier().fit(
        ([p.body_lemmas() for p, _ in role_docs],
         np.vstack([role_dense_features(p, lex) for p, _ in role_docs])),
        [y for _, y in role_docs])
    report.role = dict(Counter(y for _, y in role_docs))

    # Posting-level specialization and seniority, on PM postings only, from body features.
    model = PmModel(lex, sentence, PostingClassifier(), PostingClassifier(), role, pre)
    spec_docs, spec_y, spec_w, sen_docs, sen_y = [], [], [], [], []
    sen_groups = []
    for i, (p, y) in enumerate(zip(postings, role_labels, strict=True)):
        if y != "pm":
            continue
        label, conf = posting_specialization_label(lex, p)
        if label is not None:
            spec_docs.append(p)
            spec_y.append(label)
            spec_w.append(conf)
        v = title_seniority(lex, p)
        if v is not None:
            sen_docs.append(p)
            sen_y.append(v.label)
            sen_groups.append(groups[i] if groups is not None else "")
    for p, w in zip(own, writeups, strict=True):
        if w.is_pm and w.specialization:
            spec_docs.append(p)
            spec_y.append(w.specialization)
            spec_w.append(1.0)
        if w.is_pm and w.seniority:
            sen_docs.append(p)
            sen_y.append(w.seniority)
    report.posting_specialization = dict(Counter(spec_y))
    report.posting_seniority = dict(Counter(sen_y))
    model.specialization = PostingClassifier(C=specialization_C).fit(
        model.spec_features(spec_docs), spec_y, sample_weight=spec_w)
    # Unweighted: the ladder's rare rungs must not pull typical postings away from their rung.
    sen_X = np.vstack([seniority_features(p, lex) for p in sen_docs])
    model.seniority = PostingClassifier(C=posting_C, class_weight=None).fit(sen_X, sen_y)
    if groups is not None:
        model.seniority_temperature = calibrate_seniority(
            model, sen_docs, sen_X, sen_y, sen_groups, posting_C)
    return (export_model(model) if export else model), report


def calibrate_seniority(model: PmModel, docs: list[ProcessedPosting], X: np.ndarray,
                        y: list[str], groups: list[str], C: float, folds: int = 5) -> float:
    """The temperature that makes the seniority score of a posting without a title rung mean
    what it says. The postings whose title names a rung are scored with their titles withheld,
    each by a seniority model fitted on the other employers (out of fold; the write-ups, which
    come last in ``docs`` and have no group, always train), exactly as the predictor scores
    them; their title rungs are the labels. In-sample scores would be overconfident."""
    from sklearn.model_selection import GroupKFold

    from pmclassify.model.estimators import fit_temperature

    n = len(groups)  # the postings; the write-ups follow them
    if len(set(groups)) < folds:
        return 1.0
    scores: list[dict[str, float]] = []
    labels: list[str] = []
    for train, test in GroupKFold(n_splits=folds).split(np.zeros(n), groups=groups):
        keep = np.concatenate([train, np.arange(n, len(docs))])
        fold = dataclasses.replace(model, seniority=PostingClassifier(C=C, class_weight=None).fit(
            X[keep], [y[i] for i in keep]), seniority_temperature=1.0)
        for i, p in zip(test, predict_untitled(fold, [docs[i] for i in test]), strict=True):
            if p.seniority is not None:
                scores.append(p.seniority_scores)
                labels.append(y[i])
    return fit_temperature(scores, labels) if labels else 1.0


def predict_untitled(model: PmModel, docs: list[ProcessedPosting]) -> list[Prediction]:
    """``model``'s answers for postings already preprocessed, with their titles withheld: what
    the predictor answers for their text given alone, without tokenizing them again (the
    predictor's batch step, not ``predict_many``)."""
    from pmclassify.predict.classifier import Classifier

    untitled = [dataclasses.replace(p, title="", title_lemmas="") for p in docs]
    return Classifier(model)._predict_batch(untitled)
