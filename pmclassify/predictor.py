"""Stage 5: the public predictor, :class:`Classifier` (its result, :class:`Prediction`, is in
:mod:`pmclassify.prediction`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from pmclassify.batch_io import as_text
from pmclassify.cues import (
    body_named_rungs,
    body_named_specializations,
    reports_to_top,
    years_required,
)
from pmclassify.errors import InputError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.model import role_dense_features, seniority_features, temper
from pmclassify.prediction import Prediction
from pmclassify.preprocess import ProcessedPosting, reads_as_english
from pmclassify.training import PmModel
from pmclassify.weak_labels import (
    title_area_specialization,
    title_from_first_line,
    title_role,
    title_seniority,
    title_specialization,
)

# How much a title that names the answer outweighs the body (TAXONOMY rule 1 and §3), so its
# score floor. On dev_gold such titles are right in 88 of 88 specializations, 294 of 294 rungs
# and 294 of 295 PM answers; at 0.85 the rungs scored 0.85-1.00 and read as less sure than they
# are. Answers do not change with it: the title's label wins at any share above one half.
TITLE_SHARE = 0.95
# A title's product area without a named specialization ("Senior PM, API") weighs as much as
# the body: cross-fitted macro-F1 with titles 0.711 -> 0.734, flat from 0.3 to 0.85.
AREA_SHARE = 0.5
# So does a body that names its own role's specialization ("as our Growth Product Manager"),
# when the title says nothing: cross-fitted macro-F1 without titles 0.666 -> 0.680 (0.677 at a
# share of 0.3, 0.680 at 0.85). The model alone under-trusts this feature; where it is clear it
# names the gold primary in 58 of 58 dev_gold postings.
NAMED_SHARE = 0.5
# The same for the rung the text names its role at ("we're hiring a Senior Product Manager"),
# when the title names none: cross-fitted seniority without titles 0.660 -> 0.704 accurate,
# 0.864 -> 0.884 within one rung (the same at 0.85, 0.697/0.878 at 0.3); right in 176 of 221
# dev_gold postings, 29 of the 45 misses a senior role the intro calls "a Product Manager".
NAMED_RUNG_SHARE = 0.5
# A second specialization is reported when the body gives it at least this probability.
SECONDARY_MIN = 0.25
# Shortest body that says anything about a role; below it, only the title speaks.
MIN_BODY_TOKENS = 8
# A text this long whose role part is still too short holds no sentence about the role: all
# of it is company, pay, benefits or how-to-apply text (some postings of 5,000+ characters).
BOILERPLATE_ONLY_WORDS = 40
# Without a body, `core` is rule 5's default, not a finding: a title-only "Product Manager" is
# core by the spec, but only about a third of real PM postings are (dev_gold: 96 of 294).
NO_BODY_CORE = 0.5
RULE5_SCORES = {lbl: NO_BODY_CORE if lbl == "core" else (1 - NO_BODY_CORE) / 5
                for lbl in SPECIALIZATIONS}


def _no_body_warning(p: ProcessedPosting) -> str:
    """Why a posting's body is not read, for a text in English whose role part is too short."""
    if len(p.whole_text().split()) >= BOILERPLATE_ONLY_WORDS:
        why = ("no sentence about the role was found in the text, only what reads as "
               "boilerplate (company, pay, benefits, how to apply)")
    else:
        why = ("the text is too short to read a role from" if p.title
               else "the text is empty or too short")
    return why + ", so the answer rests on the title" if p.title else why


def _r(x: float) -> float:
    return round(float(x), 4)


def _pull(scores: dict[str, float], label: str | None, share: float) -> dict[str, float]:
    """``scores`` with ``share`` of the mass moved onto ``label`` (unchanged for None)."""
    if label is None:
        return scores
    return {lbl: share * (lbl == label) + (1 - share) * v for lbl, v in scores.items()}


def _title_said(p: ProcessedPosting) -> str:
    """How evidence names the title: the one given, or the text's first line read as one."""
    return "first line, read as the title" if p.title_is_first_line else "title"


def _pairs(texts: Iterable[str], titles: Iterable[str | None] | None,
           ) -> Iterator[tuple[str, str | None]]:
    if titles is None:
        yield from zip(texts, repeat(None))
        return
    try:
        # strict zip stays lazy: it raises only when one side ends before the other.
        yield from zip(texts, titles, strict=True)
    except ValueError as exc:
        raise InputError("texts and titles differ in length: pass one title (or None) per "
                         "text, or no titles") from exc


def _clear_top(counts: Counter[str]) -> str | None:
    """The label named most often, if it beats the runner-up ("Growth" twice over "Platform"
    once); ``None`` when nothing is named or the top is a tie."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


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

    @classmethod
    def load(cls, path: str | Path | None = None) -> Classifier:
        """Load the shipped model, or the model file at ``path`` (its ``.json`` beside it).

        The file's sha256 and library versions are checked against its metadata first. Model
        files are pickles: load only files from a source you trust.
        """
        from pmclassify.artifacts import load_model

        model, meta = load_model(path)
        return cls(model, meta)

    @property
    def version(self) -> str:
        return str(self.metadata.get("model_version", "unversioned"))

    def predict(self, text: str, title: str | None = None) -> Prediction:
        """Classify one posting (``title`` optional)."""
        return next(self.predict_many([text], [title]))

    def predict_many(self, texts: Iterable[str], titles: Iterable[str | None] | None = None,
                     batch_size: int = 64) -> Iterator[Prediction]:
        """Classify any iterable of postings lazily, one result per input, in order.

        ``titles``, when given, has one title (or None) per text; a length mismatch is an
        :class:`~pmclassify.errors.InputError` once the shorter runs out, not a silently
        shortened output.
        """
        pairs = _pairs(texts, titles)
        batch: list[ProcessedPosting] = []
        for posting in self.model.preprocessor.pipe(pairs, batch_size=batch_size):
            batch.append(posting)
            if len(batch) >= batch_size:
                yield from self._predict_batch(batch)
                batch = []
        if batch:
            yield from self._predict_batch(batch)

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
        import pandas as pd

        from pmclassify.batch_workers import (
            OUTPUT_COLUMNS,
            PANDAS_DTYPES,
            check_columns,
            classify_rows,
            title_column_of,
        )

        title_column = title_column_of([str(c) for c in df.columns], title_column)
        check_columns([str(c) for c in df.columns], (text_column, title_column), prefix,
                      "the DataFrame")

        def cell(v: Any) -> str | None:  # None, NaN, pd.NA and NaT are all "no value"
            return None if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else \
                as_text(v)

        texts = [cell(v) or "" for v in df[text_column].tolist()]
        titles = ([cell(v) for v in df[title_column].tolist()] if title_column
                  else [None] * len(texts))
        rows = classify_rows(self, list(zip(texts, titles, strict=True)))
        out = df.copy()
        for c in OUTPUT_COLUMNS:
            out[prefix + c] = pd.Series([r[c] for r in rows], index=df.index,
                                        dtype=PANDAS_DTYPES[c])
        return out

    # ---- internals ------------------------------------------------------------------------

    def _predict_batch(self, postings: list[ProcessedPosting]) -> list[Prediction]:
        m = self.model
        lex = m.lexicons
        # A posting given without a title but opening with one ("Senior Product Manager -
        # Remote") is read with that line as its title, and its evidence says so.
        postings = [replace(p, title=t, title_lemmas=m.preprocessor.lemmatize(t),
                            title_is_first_line=True)
                    if (t := title_from_first_line(lex, p)) else p for p in postings]
        bodies = [p.body_lemmas() for p in postings]
        role_p = m.role.predict_proba(
            (bodies, np.vstack([role_dense_features(p, lex) for p in postings])))
        pm_col = list(m.role.classes_).index("pm")
        out: list[Prediction | None] = [None] * len(postings)
        pm_idx: list[int] = []
        has_body: list[bool] = []
        for i, p in enumerate(postings):
            long_enough = sum(len(s.lemmas.split()) for s in p.role_sentences()) >= MIN_BODY_TOKENS
            english = reads_as_english(p.whole_text())
            # A body in another language is not read for the specialization or the rung: its
            # words are unknown to the English lexicons and models, so the title speaks alone.
            has_body.append(long_enough and english)
            body_p = float(role_p[i, pm_col]) if long_enough else 0.5
            vote = title_role(lex, p.title)
            evidence: dict[str, list[str]] = {"pm": []}
            warnings = []
            if not english:
                warnings.append("the text does not read as English, the only language the model "
                                "reads: the answers rest on the title, or are guesses without one")
            elif not long_enough:
                warnings.append(_no_body_warning(p))
            if p.truncated:
                warnings.append("the text was cut to its first 60,000 characters")
            if vote is not None:  # a given title decides: a PM job's title says so
                strong = vote.label == "pm"
                score = TITLE_SHARE + (1 - TITLE_SHARE) * body_p if strong else \
                    (1 - TITLE_SHARE) * body_p
                shown = f'{_title_said(p)}: "{vote.evidence}"'
                if not strong:  # a weak vote is a title that names no role the lexicon knows
                    shown += " (a neighbour role, not PM)" if vote.weight > 1 else \
                        " (names no PM role)"
                evidence["pm"].append(shown)
            else:
                score = body_p if long_enough else 0.0
            if long_enough:  # the body's cues for the answer given
                answer = "pm" if score >= 0.5 else "not_pm"
                says = [t for lbl, t, _ in lex.role_mentions("role", p.whole_text())
                        if lbl == answer]
                said = [f'body: names the role "{t}"' for t in says[:1]]
                said += [f'body: "{ph}"' for ph in self._phrases("role", p, answer)]
                # No role name or phrase: the words weighed most (for a "no", only when no
                # title speaks either: it is the common case in a batch, and costs 1.3 ms).
                if not said and (answer == "pm" or not evidence["pm"]):
                    said = [f'body: "{t}"' for t in m.role.top_terms(bodies[i], label=answer)]
                if not said and not evidence["pm"]:
                    said = ["body: no cue either way (no role named, no telling phrase or "
                            "word); the model's best guess"]
                evidence["pm"] += said
            if score >= 0.5:
                pm_idx.append(i)
            out[i] = Prediction(False, _r(score), None, None, None, evidence=evidence,
                                warnings=tuple(warnings))
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
        return [p for p in out if p is not None]

    def _phrases(self, task: str, p: ProcessedPosting, label: str, k: int = 4) -> list[str]:
        # Keyed by the matched lemmas, shown as the lexicon writes the phrase ("a/b test").
        seen: dict[str, tuple[float, str]] = {}
        for phrase, e in self.model.lexicons.phrase_matches(task, p.body_lemmas()):
            if e.label == label and not e.negative:
                w, shown = seen.get(phrase, (0.0, e.text))
                seen[phrase] = (w + e.weight, shown)
        return [shown for _, shown in sorted(seen.values(), key=lambda v: -v[0])[:k]]

    def _pm_prediction(self, p: ProcessedPosting, prev: Prediction, spec_row: np.ndarray,
                       sen_row: np.ndarray, named: Counter[str], has_body: bool) -> Prediction:
        spec, primary, (secondary, second_score), spec_ev = self._specialization(
            p, spec_row, named, has_body)
        sen, seniority, sen_ev = self._seniority(p, sen_row, has_body, primary)
        return Prediction(
            is_pm=True, pm_score=prev.pm_score, specialization=primary,
            secondary_specialization=secondary, seniority=seniority,
            specialization_scores={k: _r(v) for k, v in spec.items()},
            seniority_scores={k: _r(v) for k, v in sen.items()},
            evidence={**prev.evidence, "specialization": spec_ev, "seniority": sen_ev},
            warnings=prev.warnings,
            secondary_score=None if second_score is None else _r(second_score),
        )

    def _specialization(self, p: ProcessedPosting, spec_row: np.ndarray, named: Counter[str],
                        has_body: bool,
                        ) -> tuple[dict[str, float], str, tuple[str | None, float | None],
                                   list[str]]:
        """Scores, primary, (secondary, its body score) and evidence of a PM posting's
        specialization."""
        m = self.model
        lex = m.lexicons
        # The body's probabilities, pulled toward a title that names the specialization or its
        # product area, or else toward the specialization the body names its role with.
        body = {str(c): float(v) for c, v in zip(m.specialization.classes_, spec_row, strict=True)}
        body = {lbl: body.get(lbl, 0.0) for lbl in SPECIALIZATIONS}
        tvote = title_specialization(lex, p)
        if not has_body:  # rule 5's default, as the guess it is
            body = dict(RULE5_SCORES)
        avote = title_area_specialization(lex, p) if tvote is None else None
        pull: tuple[str | None, float] = (None, 0.0)
        if tvote is not None:
            pull = (tvote.label, TITLE_SHARE)
        elif avote is not None:
            pull = (avote.label, AREA_SHARE)
        elif has_body:
            pull = (_clear_top(named), NAMED_SHARE)
        spec = _pull(body, *pull)
        primary = max(spec, key=lambda k: spec[k])
        rest = {k: v for k, v in body.items() if k != primary}
        second = max(rest, key=lambda k: rest[k])
        secondary = second if has_body and rest[second] >= SECONDARY_MIN else None
        ev = [f'{_title_said(p)}: "{tvote.evidence}"'] if tvote is not None else []
        if avote is not None and avote.label == primary:
            ev.append(f'{_title_said(p)}: "{avote.evidence}" (the product area)')
        if has_body and named.get(primary):
            ev.append(f"body: names the role as {primary}")
        ev += [f'body: "{ph}"' for ph in self._phrases("specialization", p, primary)]
        if not ev and not has_body:
            ev = ["body: not read (too short, only boilerplate, or not English); core is the "
                  "default (TAXONOMY rule 5)"]
        elif not ev:
            ev = [f'body: "{t}"' for t in self._top_sentence_terms(p, primary)]
        if not ev and not (named or any(v > 0 for v in lex.phrase_scores(
                "specialization", p.body_lemmas()).values())):
            # Nothing in the title or body speaks for any label ("Own the roadmap." ten times
            # read platform 0.64 on near-even sentence scores): rule 5's default.
            return dict(RULE5_SCORES), "core", (None, None), [
                "body: no cue for any specialization (none named, no lexicon phrase, no "
                "telling word); core is the default (TAXONOMY rule 5)"]
        if not ev:
            ev = [f"body: no cue for {primary} (the cues found speak for other labels); the "
                  "model's best guess"]
        if secondary is not None:  # its score is pulled down with the body's; say what it rests on
            said = self._phrases("specialization", p, secondary, k=3) or \
                self._top_sentence_terms(p, secondary)
            ev.append(f"secondary {secondary}: the body alone reads {rest[second]:.2f}"
                      + "".join(f'; body: "{t}"' for t in said))
        return spec, primary, (secondary, rest[second] if secondary else None), ev

    def _seniority(self, p: ProcessedPosting, sen_row: np.ndarray, has_body: bool,
                   spec: str) -> tuple[dict[str, float], str, list[str]]:
        """Scores, rung and evidence of a PM posting's seniority."""
        m = self.model
        lex = m.lexicons
        # The title's rung when it names one (§3), else the body's scope pulled toward the rung
        # the text names its role at.
        sbody = {str(c): float(v) for c, v in zip(m.seniority.classes_, sen_row, strict=True)}
        sbody = {lbl: sbody.get(lbl, 0.0) for lbl in SENIORITIES}
        svote = title_seniority(lex, p)
        named = body_named_rungs(lex, p)
        if svote is not None:
            label = svote.label
            sev = [f'{_title_said(p)}: "{svote.evidence}"']
            if label == "director" and "head" in svote.evidence:
                # §3: a head of product over the whole product function, reporting to the CEO,
                # is a VP. A head of product marketing or design runs part of it.
                top = reports_to_top(p.whole_text()) if has_body and spec != "pmm" else None
                if sbody["vp"] + sbody["cpo"] > 0.5 or top is not None:
                    label = "vp"
                if top is not None:
                    sev.append(f'body: "{top}" (a head of product over the whole function)')
            sen = _pull(sbody, label, TITLE_SHARE)
        else:
            named_rung = _clear_top(Counter(r for r, _ in named)) if has_body else None
            sen = temper(_pull(sbody, named_rung, NAMED_RUNG_SHARE), m.seniority_temperature)
            sev = []
        seniority = max(sen, key=lambda k: sen[k])
        says = [t for r, t in named if r == seniority]
        sev += [f'body: names the role "{t}"' for t in says[:1]]
        sev += [f'body: "{ph}"' for ph in self._phrases("seniority", p, seniority, 3)]
        years = years_required(" ".join(s.text for s in p.role_sentences()))
        if years is not None:
            # The least the posting asks ("3-5 years" reads 3): "N+" would misquote "15 years".
            sev.append(f"body: at least {years} years of experience asked")
        if not sev:
            sev.append("body: no cue (no rung in the title, role name, scope phrase or years "
                       "asked); the model's best guess")
        return sen, seniority, sev

    def _top_sentence_terms(self, p: ProcessedPosting, label: str) -> list[str]:
        sents = [s.lemmas for s in p.role_sentences()]
        if not sents or label not in self.model.sentence.classes_:
            return []
        col = list(self.model.sentence.classes_).index(label)
        probs = self.model.sentence.predict_proba(sents)[:, col]
        best = sents[int(np.argmax(probs))]
        return self.model.sentence.top_terms(label, best)

