from pmclassify.predict.prediction import Prediction
from pmclassify.predict.review import ReviewPolicy, reasons, reviewed

from .conftest import GROWTH

POLICY = ReviewPolicy(specialization_min=0.75, seniority_min=0.3,
                      specialization_min_untitled=0.8, seniority_min_untitled=0.9)


def _pm(spec=0.99, sen=0.99, pm=0.99):
    return Prediction(True, pm, "growth", None, "senior", {"growth": spec}, {"senior": sen})


def test_the_policy_comes_from_the_metadata_or_the_defaults():
    assert ReviewPolicy.from_metadata({}) == ReviewPolicy()
    meta = {"review": {**POLICY.to_dict(), "unknown": 1}}
    assert ReviewPolicy.from_metadata(meta) == POLICY


def test_each_reason():
    assert reasons(_pm(), POLICY) == ()
    assert reasons(_pm(spec=0.7), POLICY) == ("specialization score 0.70 is under 0.75",)
    # Without a title, its own thresholds.
    assert reasons(_pm(spec=0.78, sen=0.85), POLICY, titled=False) == (
        "specialization score 0.78 is under 0.80", "seniority score 0.85 is under 0.90")
    assert reasons(_pm(pm=0.55), POLICY) == ("PM or not is close (score 0.55)",)
    no = Prediction(False, 0.1, None, None, None)
    assert reasons(no, POLICY) == ()
    assert reasons(no, POLICY, body_read=False) == (
        "the body was not read and no title names the role",)
    assert reasons(no, POLICY, body_read=False, title_named_role=True) == ()
    assert reasons(_pm(), POLICY, title_overruled=True) == (
        "the title names no role the model knows, so the body decided",)


def test_reviewed_sets_the_flag_and_keeps_the_rest():
    p = reviewed(_pm(spec=0.5), POLICY)
    assert p.needs_review and p.review_reasons and p.specialization == "growth"
    assert p.to_dict()["review_reasons"] == list(p.review_reasons)
    assert not reviewed(_pm(), POLICY).needs_review


def test_the_classifier_flags_what_it_cannot_vouch_for():
    from pmclassify import Classifier

    clf = Classifier.load()
    assert clf.review_policy == ReviewPolicy.from_metadata(clf.metadata)
    sure = clf.predict(GROWTH, title="Senior Growth Product Manager")
    assert not sure.needs_review and sure.review_reasons == ()
    guess = clf.predict("Own the roadmap.", title="Product Manager")  # rule 5's core, 0.50
    assert guess.needs_review and any("specialization score" in r for r in guess.review_reasons)
    unread = clf.predict("We sell shoes.")
    assert unread.needs_review and "body was not read" in unread.review_reasons[0]
