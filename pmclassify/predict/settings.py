"""Stage 5f: every tuning constant the answers depend on, in one place, as a model records them.

The constants live beside the code that uses them, each with the measurement that chose it;
:func:`prediction_settings` gathers them. A model's metadata records them when it is built
(``settings``), and :meth:`~pmclassify.predict.classifier.Classifier.load` refuses a model
whose figures were measured with other values than this code's, naming them: its answers
would no longer be the ones measured.

>>> prediction_settings()["title_share"]
0.95
"""

from __future__ import annotations

from typing import Any

from pmclassify.cues import title
from pmclassify.predict import answers, inputs
from pmclassify.text import clean, sections


def prediction_settings() -> dict[str, Any]:
    """The constants that decide a prediction, by name (JSON-able)."""
    return {
        # Reading the text.
        "max_chars": clean.MAX_CHARS, "opening_lines": clean.OPENING_LINES,
        "max_title_chars": clean.MAX_TITLE_CHARS, "max_title_words": clean.MAX_TITLE_WORDS,
        "min_role_words": sections.MIN_ROLE_WORDS,
        "boilerplate_only_words": inputs.BOILERPLATE_ONLY_WORDS,
        # What a title says.
        "title_weight": title.TITLE_WEIGHT, "area_min_weight": title.AREA_MIN_WEIGHT,
        "title_priority": list(title.TITLE_PRIORITY),
        # The answers.
        "title_share": answers.TITLE_SHARE, "area_share": answers.AREA_SHARE,
        "named_share": answers.NAMED_SHARE, "named_rung_share": answers.NAMED_RUNG_SHARE,
        "secondary_min": answers.SECONDARY_MIN, "telling_coef": answers.TELLING_COEF,
        "no_body_core": answers.NO_BODY_CORE, "leader_rungs": list(answers.LEADER_RUNGS),
        "leader_min": answers.LEADER_MIN,
    }


def changed_settings(recorded: dict[str, Any] | None) -> list[str]:
    """The settings a model recorded that differ from this code's (none when it recorded
    none)."""
    if not recorded:
        return []
    now = prediction_settings()
    return sorted(k for k in set(recorded) | set(now) if recorded.get(k) != now.get(k))
