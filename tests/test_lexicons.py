import json
import shutil
from importlib import resources

import pytest

from pmclassify.cues.lexicons import TASKS, load_lexicons
from pmclassify.errors import LexiconError


@pytest.fixture(scope="module")
def lex():
    return load_lexicons()


def test_every_label_has_a_file_and_every_entry_its_provenance(lex):
    for task, labels in TASKS.items():
        for label in labels:
            kinds = lex.entries[task][label]
            entries = [e for es in kinds.values() for e in es]
            assert entries, f"{task}/{label} is empty"
            for e in entries:
                assert e.source and e.passage and e.weight > 0


def test_phrases_match_on_lemmas(lex):
    hits = {p for p, _ in lex.phrase_matches("specialization", "we run a b test on funnel")}
    assert {"a b test", "funnel"} <= hits
    assert lex.phrase_scores("specialization", "own positioning and messaging")["pmm"] >= 2
    # "this position" (the job) is not positioning, nor are ML models growth modeling.
    assert "pmm" not in lex.phrase_scores("specialization", "this position report to")
    assert "growth" not in lex.phrase_scores("specialization", "train model")


def test_title_patterns(lex):
    labels = [lbl for lbl, _, _ in lex.title_matches("specialization",
                                                     "senior product marketing manager")]
    assert labels == ["pmm"]
    assert lex.title_matches("role", "product designer")[0][0] == "not_pm"
    # Short forms are marked as such in the data; a spelled-out name is not one.
    short = {m: e.abbreviation for lbl, m, e in lex.title_matches("role", "gpm, pm or cpo")}
    assert short == {"gpm": True, "pm": True, "cpo": True}
    assert not any(e.abbreviation for _, _, e in lex.title_matches("role", "product manager"))


@pytest.mark.parametrize("text,found", [
    ("We're hiring a Senior Product Manager to own growth.",
     [("pm", "Senior Product Manager")]),
    ("As our Product Marketing Manager, you", [("pm", "Product Marketing Manager")]),
    ("You will join as the Head of Product.", [("pm", "Head of Product")]),
    ("As Product Marketing Director for the game, you", [("pm", "Product Marketing Director")]),
    ("Reporting to our CEO, the Head of Product", [("pm", "Head of Product")]),
    # Up to five modifiers, commas and "Sr." among them.
    ("We're looking for a driven and detail-oriented Senior Product Manager to",
     [("pm", "driven and detail-oriented Senior Product Manager")]),
    ("We are seeking a hands-on, vision-led Product Lead.",
     [("pm", "hands-on, vision-led Product Lead")]),
    ("As Sr. Product Manager for the team, you", [("pm", "Sr. Product Manager")]),
    ("As a leader in the AI space, the Product Owner will", [("pm", "Product Owner")]),
    ("We want a team where each and every one of our Product Managers", []),
    ("As a Product Designer you partner with product managers.",
     [("not_pm", "Product Designer")]),
    ("We need an engineer who loves product.", [("not_pm", "engineer")]),
    # Colleagues (plurals), careers and teams are not the role.
    ("Work with product managers and designers.", []),
    ("Product management experience at a startup.", []),
    ("You will lead our engineering team and the head of product design.", []),
    # Someone the role works with or reports to is not the role.
    ("You will report to the VP of Product and work with an engineer.", []),
    ("Under the oversight of the Head of Product, you own the roadmap.", []),
])
def test_role_mentions_read_the_role_a_body_names_as_its_own(lex, text, found):
    assert [(lbl, m) for lbl, m, _ in lex.role_mentions("role", text)] == found


def _copy_shipped(tmp_path):
    src = resources.files("pmclassify.corpus").joinpath("lexicons")
    with resources.as_file(src) as p:
        shutil.copytree(p, tmp_path / "lex")
    return tmp_path / "lex"


def test_missing_provenance_is_refused(tmp_path):
    root = _copy_shipped(tmp_path)
    f = root / "specialization" / "growth.json"
    data = json.loads(f.read_text())
    del data["phrases"][0]["source"]
    f.write_text(json.dumps(data))
    with pytest.raises(LexiconError, match="lacks source"):
        load_lexicons(root)


def test_two_phrases_of_a_label_that_read_the_same_are_refused(tmp_path):
    root = _copy_shipped(tmp_path)
    f = root / "specialization" / "innovation.json"
    data = json.loads(f.read_text())
    assert any(e["phrase"] == "prototyping" for e in data["phrases"])
    data["phrases"].append({**data["phrases"][0], "phrase": "prototypes"})
    f.write_text(json.dumps(data))
    with pytest.raises(LexiconError, match="'prototypes' and 'prototyping' match the same lemmas"):
        load_lexicons(root)


def test_missing_file_and_bad_regex_are_refused(tmp_path):
    root = _copy_shipped(tmp_path)
    for task, label, kind in (("seniority", "vp", "title_patterns"),
                              ("role", "not_pm", "role_nouns")):
        f = root / task / f"{label}.json"
        good = f.read_text()
        data = json.loads(good)
        data[kind][0]["pattern"] = "(unclosed"
        f.write_text(json.dumps(data))
        with pytest.raises(LexiconError, match=rf"{kind}\[0\] is not a valid regex"):
            load_lexicons(root)
        f.write_text(good)
    (root / "role" / "pm.json").unlink()
    with pytest.raises(LexiconError, match="missing"):
        load_lexicons(root)
