"""Stage 5: the public predictor, :class:`Classifier`: preprocesses postings in batches, runs the
models, answers PM or not, and leaves the specialization and rung of a PM posting to
:mod:`pmclassify.predict.answers` (its result, :class:`Prediction`, is in
:mod:`pmclassify.predict.prediction`)."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from pmclassify.cues.body import body_named_specializations
from pmclassify.cues.title import (
    first_named_role,
    named_label,
    title_from_opening_lines,
    title_role,
)
from pmclassify.errors import ModelError
from pmclassify.model.features import role_dense_features, seniority_features
from pmclassify.model.pmmodel import PmModel
from pmclassify.predict import tables
from pmclassify.predict.answers import (
    SECONDARY_MIN,
    TITLE_SHARE,
    finding,
    leader_default,
    phrases,
    rounded,
    seniority_answer,
    specialization_answer,
    title_evidence,
)
from pmclassify.predict.inputs import given_pairs, no_body_warning
from pmclassify.predict.prediction import Prediction
from pmclassify.predict.review import ReviewPolicy, reviewed
from pmclassify.predict.settings import changed_settings
from pmclassify.predict.spans import with_spans
from pmclassify.text.clean import as_unicode, language, reads_as_english
from pmclassify.text.notes import Evidence, Note
from pmclassify.text.posting import ProcessedPosting
from pmclassify.text.sections import MIN_ROLE_WORDS


class Classifier:
    """Classifies postings with a trained model.

    >>> clf = Classifier.load()
    >>> p = clf.predict("Run A/B tests on our onboarding funnel to lift activation and "
    ...                 "retention.", title="Growth PM")
    >>> p.is_pm, p.specialization, p.seniority
    (True, 'growth', 'pm')
    """

    def __init__(self, model: PmModel, metadata: dict[str, Any] | None = None) -> None:
        self.model = model
        self.metadata = metadata or {}
        self.review_policy = ReviewPolicy.from_metadata(self.metadata)

    @classmethod
    def load(cls, path: str | Path | None = None,
             lexicon_dir: str | Path | None = None) -> Classifier:
        """Load the shipped model, or the model file at ``path`` (a ``model.npz``, its
        ``.json`` metadata beside it).

        The file's format and sha256 are checked against its metadata first; it holds only
        arrays, so loading runs no code from it. The lexicons come from the package (or
        ``lexicon_dir``) and must be the ones the model was trained with.
        """
        from pmclassify.model.artifacts import load_model

        model, meta = load_model(path, lexicon_dir)
        changed = changed_settings(meta.get("settings"))
        if changed:
            raise ModelError(
                f"the model was built and measured with other settings ({', '.join(changed)}) "
                "than this pmclassify uses; retrain it with `pmclassify train`, or install the "
                "pmclassify that built it")
        return cls(model, meta)

    @property
    def version(self) -> str:
        return str(self.metadata.get("model_version", "unversioned"))

    def predict(self, text: str | bytes, title: str | None = None) -> Prediction:
        """Classify one posting (``title`` optional). Bytes are decoded (UTF-8, else the
        encoding they read as) and characters that are not Unicode replaced, each with a
        warning; any other type is an :class:`~pmclassify.errors.InputError`."""
        return next(self.predict_many([text], [title]))

    def predict_many(self, texts: Iterable[str | bytes],
                     titles: Iterable[str | None] | None = None,
                     batch_size: int = 64, spans: bool = True) -> Iterator[Prediction]:
        """Classify any iterable of postings lazily, one result per input, in order.

        ``titles``, when given, has one title (or None) per text; a length mismatch is an
        :class:`~pmclassify.errors.InputError` once the shorter runs out, not a silently
        shortened output. ``spans=False`` leaves the evidence without its places in the text
        (``start``/``end`` None), which table outputs do not show.
        """
        # The raw pairs are kept beside the preprocessed postings until answered: the evidence's
        # spans point into them.
        given: deque[tuple[str | bytes, str | None]] | None = deque() if spans else None

        def kept() -> Iterator[tuple[str | bytes, str | None]]:
            for pair in given_pairs(texts, titles):
                if given is not None:
                    given.append(pair)
                yield pair

        batch: list[ProcessedPosting] = []
        for posting in self.model.preprocessor.pipe(kept(), batch_size=batch_size):
            batch.append(posting)
            if len(batch) >= batch_size:
                yield from self._answer(batch, given)
                batch = []
        if batch:
            yield from self._answer(batch, given)

    def _answer(self, batch: list[ProcessedPosting],
                given: deque[tuple[str | bytes, str | None]] | None) -> Iterator[Prediction]:
        for posting, p in zip(batch, self._predict_batch(batch), strict=True):
            if given is None:
                yield p
                continue
            text, title = given.popleft()
            yield with_spans(p, as_unicode(text)[0], as_unicode(title)[0],
                             [s.text for s in posting.sentences])

    def predict_dataframe(self, df: Any, text_column: str = "description",
                          title_column: str | None = None, prefix: str = "") -> Any:
        """A new pandas DataFrame: ``df``'s columns plus the prediction columns.

        ``title_column=None`` reads ``df``'s ``title`` column when it has one; ``""`` none.

        >>> import pandas as pd
        >>> df = pd.DataFrame({"description": ["Write launch messaging and positioning."],
        ...                    "title": ["Product Marketing Manager"]})
        >>> Classifier.load().predict_dataframe(df, title_column="title")[
        ...     ["title", "is_pm", "specialization", "seniority"]].values.tolist()
        [['Product Marketing Manager', True, 'pmm', 'pm']]
        """
        return tables.predict_dataframe(self, df, text_column, title_column, prefix)

    def predict_arrow(self, data: Any, text: str = "description", title: str | None = None,
                      prefix: str = "") -> Any:
        """The prediction columns of an Arrow table, record batch or reader (or a Polars frame,
        a DuckDB relation: anything with ``__arrow_c_stream__``), as an Arrow table with one
        row per input row (``title=None`` reads a ``title`` column when there is one; ``""``
        none). Recipes for DuckDB, Polars and Spark: docs/recipes.md.

        >>> import pyarrow as pa
        >>> t = pa.table({"description": ["Run A/B tests on the onboarding funnel."],
        ...               "title": ["Product Manager"]})
        >>> Classifier.load().predict_arrow(t).column("specialization").to_pylist()
        ['growth']
        """
        return tables.predict_arrow(self, data, text, title, prefix)

    # ---- internals ------------------------------------------------------------------------

    def _predict_batch(self, postings: list[ProcessedPosting]) -> list[Prediction]:
        m = self.model
        lex = m.lexicons
        # A posting given without a title but opening with one ("Senior Product Manager -
        # Remote", perhaps after the company's name) is read with that line as its title, and
        # its evidence says so.
        postings = [replace(p, title=t[1], title_lemmas=m.preprocessor.lemmatize(t[1]),
                            title_line=t[0])
                    if (t := title_from_opening_lines(lex, p)) else p for p in postings]
        bodies = [p.body_lemmas() for p in postings]
        role_p = m.role.predict_proba(
            (bodies, np.vstack([role_dense_features(p, lex) for p in postings])))
        pm_col = list(m.role.classes_).index("pm")
        out: list[Prediction | None] = [None] * len(postings)
        pm_idx: list[int] = []
        has_body: list[bool] = []
        facts: list[dict[str, bool]] = []
        for i, p in enumerate(postings):
            long_enough = sum(len(s.lemmas.split()) for s in p.role_sentences()) >= MIN_ROLE_WORDS
            english = reads_as_english(p.whole_text())
            lang = language(p.whole_text(), english)
            # A body in another language is not read for the specialization or the rung: its
            # words are unknown to the English lexicons and models, so the title speaks alone.
            has_body.append(long_enough and english)
            body_p = float(role_p[i, pm_col]) if long_enough else 0.5
            vote = title_role(lex, p.title)
            evidence: dict[str, list[Evidence]] = {"pm": []}
            warnings: list[Note] = []
            # A title no lexicon pattern knows (a typo, the employer's own name for the job, a
            # language the lexicon does not read) is weak evidence, not a verdict: a body that
            # names its own role a PM role first decides instead (2 of the 2,566 such
            # postings.csv titles, both "as a product director"; 236 of the 294 gold PM bodies).
            fact = {"body_read": long_enough and english,
                    "title_named_role": named_label(vote) is not None, "title_overruled": False,
                    "titled": bool(p.title) and not p.title_line}
            facts.append(fact)
            if vote is not None and named_label(vote) is None and long_enough and english:
                own = first_named_role(lex, p.whole_text())
                if own is not None and own[0] == "pm":
                    fact["title_overruled"] = True
                    evidence["pm"].append(title_evidence(
                        p, vote.evidence, "names no role the model knows: the body decides"))
                    # No "; " inside: batch joins the notes with it.
                    warnings.append(Note("title_overruled",
                                         "the title names no role the model knows, so the "
                                         f'answer rests on the body, which calls the role '
                                         f'"{own[1]}"'))
                    vote = None
            if not english:
                warnings.append(Note("not_english",
                                     "the text does not read as English, the only language the "
                                     "model reads: the answers rest on the title, or are "
                                     "guesses without one"))
            elif not long_enough:
                warnings.append(no_body_warning(p))
            if p.truncated:
                warnings.append(Note("truncated", "the text was cut to its first 60,000 "
                                                  "characters"))
            warnings += p.repairs
            if vote is not None:  # a given title decides: a PM job's title says so
                strong = vote.label == "pm"
                score = TITLE_SHARE + (1 - TITLE_SHARE) * body_p if strong else \
                    (1 - TITLE_SHARE) * body_p
                note = ""
                if not strong:  # a weak vote is a title that names no role the lexicon knows
                    names_role = named_label(vote) is not None
                    note = "a neighbour role, not PM" if names_role else "names no PM role"
                evidence["pm"].append(title_evidence(p, vote.evidence, note))
            else:
                score = body_p if long_enough else 0.0
            if long_enough and not english:  # its words would be shown as cues they are not
                evidence["pm"].append(finding("not English, not read for cues; its score is "
                                              "the model's guess"))
            elif long_enough:  # the body's cues for the answer given
                answer = "pm" if score >= 0.5 else "not_pm"
                says = [t for lbl, t, _ in lex.role_mentions("role", p.whole_text())
                        if lbl == answer]
                said = [Evidence("body", t, kind="role") for t in says[:1]]
                said += [Evidence("body", ph) for ph in phrases(self.model, "role", p, answer)]
                # No role name or phrase: the words weighed most (for a "no", only when no
                # title speaks either: it is the common case in a batch, and costs 1.3 ms).
                if not said and (answer == "pm" or not evidence["pm"]):
                    said = [Evidence("body", t, kind="term")
                            for t in m.role.top_terms(answer, bodies[i], k=4)]
                if not said and not evidence["pm"]:
                    said = [finding("no cue either way (no role named, no telling phrase or "
                                    "word); the model's best guess")]
                evidence["pm"] += said
            if score >= 0.5:
                pm_idx.append(i)
            out[i] = Prediction(False, rounded(score), None, None, None, evidence=evidence,
                                warnings=tuple(warnings), language=lang)
        if pm_idx:
            pm_posts = [postings[i] for i in pm_idx]
            named = [body_named_specializations(lex, p) for p in pm_posts]
            spec_p = m.specialization.predict_proba(m.spec_features(pm_posts, named))
            sen_p = m.seniority.predict_proba(
                np.vstack([seniority_features(p, lex) for p in pm_posts]))
            for row, i in enumerate(pm_idx):
                prev = out[i]
                assert prev is not None
                out[i] = self._pm_prediction(postings[i], prev, spec_p[row], sen_p[row],
                                             named[row], has_body[i])
        return [reviewed(p, self.review_policy, **f)
                for p, f in zip(out, facts, strict=True) if p is not None]

    def _pm_prediction(self, p: ProcessedPosting, prev: Prediction, spec_row: np.ndarray,
                       sen_row: np.ndarray, named: Counter[str], has_body: bool) -> Prediction:
        spec, primary, (secondary, second_score), spec_ev = specialization_answer(
            self.model, p, spec_row, named, has_body)
        sen, seniority, sen_ev = seniority_answer(self.model, p, sen_row, has_body, primary)
        leader = leader_default(self.model, p, spec, primary, seniority)
        if leader is not None:  # the stray top label stays as the secondary when it is one
            if secondary is None and spec[primary] >= SECONDARY_MIN:
                secondary, second_score = primary, spec[primary]
            spec, spec_ev = leader
            primary = "core"
            if secondary == "core":
                secondary, second_score = None, None
        return Prediction(
            is_pm=True, pm_score=prev.pm_score, specialization=primary,
            secondary_specialization=secondary, seniority=seniority,
            specialization_scores={k: rounded(v) for k, v in spec.items()},
            seniority_scores={k: rounded(v) for k, v in sen.items()},
            evidence={**prev.evidence, "specialization": spec_ev, "seniority": sen_ev},
            warnings=prev.warnings, language=prev.language,
            secondary_score=None if second_score is None else rounded(second_score),
        )
