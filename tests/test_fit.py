import csv
import re

import pytest

from pmclassify.errors import InputError
from pmclassify.train.fit import load_writeups, read_postings_csv, train_model

from .conftest import ENGINEER, GROWTH, PLATFORM, PMM, POSTINGS, ROOT, SHARED


def test_writeups_ship_with_labels():
    ups = load_writeups()
    assert len(ups) >= 20
    assert {w.seniority for w in ups if w.is_pm} >= {"apm", "director", "vp", "cpo"}
    assert {w.specialization for w in ups if w.is_pm} >= {"core", "growth", "platform",
                                                          "innovation"}
    assert any(not w.is_pm for w in ups)


def _runs(text: str, n: int = 12) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_runs_find_a_shared_passage():
    a = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert _runs("Intro: " + a) & _runs(a + ", outro")
    assert not _runs("one two three four five six seven eight nine ten eleven") & _runs(a)


@pytest.mark.shared
@pytest.mark.skipif(not POSTINGS.exists(), reason="needs ../shared")
def test_writeups_copy_no_seed_or_posting_text():
    # The write-ups (and the README's example posting) are the team's own words: no 12-word
    # run of a seed document or a posting (headings and stock phrases such as "what you'll do:
    # own the roadmap" are shorter).
    ours = set().union(*(_runs(w.text) for w in load_writeups()),
                       *(_runs(f.read_text(encoding="utf-8"))
                         for f in (ROOT / "corpus" / "examples").glob("*.txt")))
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        assert not ours & _runs(seed.read_text(encoding="utf-8")), seed.name
    csv.field_size_limit(1 << 30)
    with open(POSTINGS, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert not ours & _runs(row["description"]), row["id"]


def test_train_on_tiny_csv(tiny_csv):
    model, report = train_model(tiny_csv)
    assert report.postings == 24
    assert report.role["pm"] >= 12 and report.role["not_pm"] >= 8
    assert set(model.specialization.classes_) >= {"growth", "pmm", "platform"}


def test_missing_column_lists_columns(tiny_csv):
    with pytest.raises(InputError, match="its columns are: id, title"):
        list(read_postings_csv(tiny_csv, text_column="body"))


def _ladder_csv(path, employers):
    titles = ["Senior Product Manager", "Product Manager", "Group Product Manager"]
    texts = [GROWTH, PMM, PLATFORM]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "company", "description"])
        for i in range(36):
            w.writerow([i, titles[i % 3], f"firm{i % employers}", texts[(i // 3) % 3]])
            w.writerow([f"e{i}", "Software Engineer", f"firm{i % employers}", ENGINEER])
    return path


def test_seniority_scores_without_a_title_rung_are_calibrated_out_of_fold(tmp_path):
    # 12 employers: 5 employer-disjoint folds.
    model, _ = train_model(_ladder_csv(tmp_path / "p.csv", 12))
    assert 0.25 <= model.seniority_temperature <= 4.0 and model.seniority_temperature != 1.0
    # Too few employers to fold: the scores stay as they are.
    assert train_model(_ladder_csv(tmp_path / "q.csv", 3))[0].seniority_temperature == 1.0


def _labeled(tmp_path, rows):
    import csv as _csv

    path = tmp_path / "labeled.csv"
    with open(path, "w", newline="") as f:
        w = _csv.writer(f)
        w.writerow(["id", "company", "title", "description", "is_pm", "specialization",
                    "secondary", "seniority"])
        w.writerows(rows)
    return path


def test_labeled_examples_train_beside_the_weak_labels(tiny_csv, tmp_path):
    import pytest

    from pmclassify.errors import InputError
    from pmclassify.train.fit import read_labeled, train_model

    from .conftest import GROWTH, PLATFORM

    path = _labeled(tmp_path, [("a:1", "A", "Product Manager", PLATFORM, "TRUE", "Platform", "",
                                "PM"), ("b:1", "B", "Designer", GROWTH, "false", "", "", "")])
    got = read_labeled(path)
    assert [(w.is_pm, w.specialization, w.seniority) for w in got] == [
        (True, "platform", "pm"), (False, None, None)]
    _, report = train_model(tiny_csv, labeled=path)
    _, plain = train_model(tiny_csv)
    assert report.writeups == plain.writeups + 2
    bad = _labeled(tmp_path, [("a:1", "A", "PM", PLATFORM, "true", "devops", "", "pm")])
    with pytest.raises(InputError, match="'devops' is not a label id"):
        read_labeled(bad)


def test_writeups_are_scored_by_models_that_never_read_their_organization(tiny_csv, tmp_path):
    from pmclassify.evaluate.writeups import crossfit_writeups

    from .conftest import GROWTH, PLATFORM, PMM

    path = _labeled(tmp_path, [("a:1", "A", "Growth PM", GROWTH, "true", "growth", "", "pm"),
                               ("b:1", "B", "PMM", PMM, "true", "pmm", "", "pm"),
                               ("c:1", "C", "Platform PM", PLATFORM, "true", "platform", "",
                                "pm")])
    r = crossfit_writeups(path, tiny_csv, folds=3)
    assert r["crossfit"]["employers"] == 3 and r["with_titles"]["model"]["n"] == 3
    assert r["with_titles"]["model"]["specialization"]["accuracy"] == 1.0
