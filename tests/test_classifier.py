import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmclassify import Classifier, Prediction
from pmclassify.errors import InputError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

from .conftest import ENGINEER, GROWTH, PMM


def notes(p: Prediction) -> list[str]:
    return [w.message for w in p.warnings]


@pytest.fixture(scope="module")
def clf():
    return Classifier.load()


def test_growth_posting_with_title(clf):
    p = clf.predict(GROWTH, title="Senior Growth Product Manager")
    assert p.is_pm and p.specialization == "growth" and p.seniority == "senior"
    assert any("growth" in e for e in p.evidence_text()["specialization"])
    # Body phrases are shown as written in the lexicon, not as matched lemmas ("a b test").
    assert 'body: "a/b test"' in p.evidence_text()["specialization"]
    assert p.specialization_score == max(p.specialization_scores.values())
    assert set(p.specialization_scores) == set(SPECIALIZATIONS)
    assert set(p.seniority_scores) == set(SENIORITIES)
    json.dumps(p.to_dict())


def test_pmm_and_non_pm(clf):
    assert clf.predict(PMM, title="Product Marketing Manager").specialization == "pmm"
    p = clf.predict(ENGINEER, title="Software Engineer")
    assert not p.is_pm and p.specialization is None and p.seniority is None


def test_prediction_is_immutable(clf):
    p = clf.predict(GROWTH)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.is_pm = False  # type: ignore[misc]


def test_predict_many_streams_in_order(clf):
    texts = (t for t in [GROWTH, ENGINEER, PMM] * 30)
    titles = (t for t in ["Growth PM", "Software Engineer", "Product Marketing Manager"] * 30)
    out = list(clf.predict_many(texts, titles, batch_size=7))
    assert len(out) == 90
    assert [p.is_pm for p in out[:3]] == [True, False, True]
    assert out[-1].specialization == "pmm"


@pytest.mark.parametrize(("n_texts", "n_titles"), [(3, 1), (1, 2), (70, 69)])
def test_predict_many_refuses_titles_that_do_not_pair_with_the_texts(clf, n_texts, n_titles):
    texts = (GROWTH for _ in range(n_texts))
    titles = ("Growth PM" for _ in range(n_titles))
    with pytest.raises(InputError, match="differ in length"):
        list(clf.predict_many(texts, titles))


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\x02" * 50, "这是一个产品经理职位" * 20])
def test_bad_input_gets_a_clear_result(clf, text):
    p = clf.predict(text)
    assert isinstance(p, Prediction) and not p.is_pm and p.warnings


BOILERPLATE_ONLY = (
    "Benefits\n\nHealth insurance, dental and vision cover from day one. Paid time off and "
    "parental leave of sixteen weeks. A 401(k) plan with a matching contribution.\n\n"
    "Equal Opportunity\n\nWe are an equal opportunity employer: we hire regardless of race, age "
    "or gender, sexual orientation, disability or veteran status.\n\n"
    "Pay\n\nThe base salary range for this position is $90,000 to $120,000.\n\n"
    "How to Apply\n\nClick apply to send us your CV; we read every one.")


def test_a_text_of_only_boilerplate_says_so(clf):
    # Long enough to read, yet no sentence about the role: "too short" would be wrong. (A
    # sentence in a boilerplate section that is not boilerplate in itself is read: see
    # sections.role_part.)
    p = clf.predict(BOILERPLATE_ONLY)
    assert not p.is_pm and notes(p) == [
        "no sentence about the role was found in the text, only what reads as boilerplate "
        "(company, pay, benefits, how to apply)"]
    assert [w.code for w in p.warnings] == ["boilerplate_only"]
    q = clf.predict(BOILERPLATE_ONLY, title="Product Manager")
    assert q.is_pm and notes(q)[0].endswith("boilerplate (company, pay, benefits, how to "
                                              "apply), so the answer rests on the title")
    assert q.evidence_text()["specialization"][0].startswith("body: not read (too short, only "
                                                      "boilerplate")


FIELDS_FIRST = (
    "Job Description:\nPrimary Location: Austin, TX\nJob Function: Product Management\n"
    "Salary Range: $150,000 - $190,000\nOur payments platform team builds the internal APIs and "
    "SDKs that forty product teams use to charge customers. As the Product Manager for this "
    "platform, you will set its roadmap with engineering leads, talk to the internal teams who "
    "build on it and decide build vs buy for new payment methods.")


def test_fields_above_a_posting_do_not_swallow_it(clf):
    # Applicant-tracking exports put "Location: ..." and "Salary Range: ..." lines first; read
    # as section headings they turned the whole posting into boilerplate ("not PM, too short").
    p = clf.predict(FIELDS_FIRST)
    assert p.is_pm and p.specialization == "platform" and not p.warnings


def test_title_only_rests_on_title(clf):
    p = clf.predict("", title="Senior Product Manager")
    assert p.is_pm and p.seniority == "senior" and p.warnings
    # Rule 5's default without a body is a guess, and its confidence says so.
    assert p.specialization == "core" and p.specialization_score == 0.5
    ev = p.evidence_text()
    assert ev["specialization"] == ["body: not read (too short, only boilerplate, or not English); "
                                    "core is the default (TAXONOMY rule 5)"]
    assert clf.predict("", title="Senior Growth PM").specialization_score > 0.85
    # A text that is only a title reads as one.
    q = clf.predict("Senior Product Manager")
    assert q.is_pm and q.seniority == "senior" and q.specialization == "core"
    assert q.evidence_text()["seniority"] == ['first line, read as the title: "senior"']


def test_a_secondary_says_what_it_rests_on(clf):
    platform = ("You will run the payments platform group: the APIs and SDKs that our internal "
                "engineering teams and partners build on. Decide build vs buy, plan for "
                "scalability and service design, and serve the teams that depend on the platform.")
    p = clf.predict(platform, title="Senior Growth Product Manager")
    assert p.specialization == "growth" and p.secondary_specialization == "platform"
    line = "; ".join(p.evidence_text()["specialization"])
    assert "; secondary platform: the body alone reads" in line and '"api"' in line
    # Typed, the secondary's evidence is the items that speak for its label.
    assert 'api' in [e.phrase for e in p.evidence["specialization"] if e.label == "platform"]
    # The title pulls the secondary's entry in specialization_scores down, not its own score.
    own = p.secondary_score
    assert own is not None and own > p.specialization_scores["platform"]
    assert f"{own:.2f}" in line and p.to_dict()["secondary_score"] == own
    assert clf.predict(platform, title="Senior Growth PM").secondary_score is not None
    assert clf.predict("Own the roadmap.", title="Growth PM").secondary_score is None


def test_text_that_is_not_english_is_flagged(clf):
    german = ("Wir suchen einen Produktmanager für unsere Plattform, der mit den Teams die "
              "Roadmap gestaltet und die Bedürfnisse der Kunden versteht. Du bist ein Teamplayer "
              "und hast Erfahrung mit agilen Methoden und der Zusammenarbeit mit Entwicklern.")
    p = clf.predict(german, title="Senior Product Manager")
    assert p.is_pm and any("English" in w for w in notes(p))
    # The body is not read: the title's rung, and rule 5's default as a guess.
    assert p.seniority == "senior" and p.specialization == "core"
    assert p.specialization_score == 0.5 and "not read" in p.evidence_text()["specialization"][0]
    assert not any("English" in w for w in notes(clf.predict(GROWTH)))
    # Its words are not shown as cues ("eng", "design" were, as if read).
    q = clf.predict(german)
    ev = q.evidence_text()
    assert ev["pm"] == ["body: not English, not read for cues; its score is the model's guess"]


def test_a_title_against_pm_says_why(clf):
    assert clf.predict(ENGINEER, title="Software Engineer").evidence_text()["pm"][0].endswith(
        "(a neighbour role, not PM)")
    assert clf.predict(ENGINEER, title="Chef de cuisine").evidence_text()["pm"][0] == \
        'title: "Chef de cuisine" (names no PM role)'


def test_a_title_the_model_does_not_know_yields_to_a_body_naming_a_pm_role(clf):
    named = "As our Product Manager for onboarding, you will own how new users start.\n" + GROWTH
    for title in ("Prodcut Manager", "Roadmap Wizard"):  # a typo; a title of the employer's own
        p = clf.predict(named, title=title)
        assert p.is_pm and p.specialization == "growth", title
        ev = p.evidence_text()
        assert ev["pm"][0] == f'title: "{title}" (names no role the model knows: the body decides)'
        assert any("the answer rests on the body" in w for w in notes(p))
    # A body that names no PM role first does not overrule it, nor any body a neighbour title.
    assert not clf.predict(ENGINEER, title="Roadmap Wizard").is_pm
    assert not clf.predict(GROWTH, title="Roadmap Wizard").is_pm
    assert not clf.predict(named, title="Software Engineer").is_pm
    assert not clf.predict(named, title="Project Mgr").is_pm


def test_huge_posting(clf):
    p = clf.predict(GROWTH * 20000, title="Product Manager")
    assert p.is_pm and any("cut" in w for w in notes(p))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=600), st.one_of(st.none(), st.text(max_size=60)))
def test_predict_never_raises(clf, text, title):
    p = clf.predict(text, title=title)
    assert 0.0 <= p.pm_score <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(exclude_categories=()), max_size=400),
                 st.binary(max_size=400)),
       st.one_of(st.none(), st.text(alphabet=st.characters(exclude_categories=()), max_size=40)))
def test_any_text_or_bytes_is_answered_and_writes_as_utf8(clf, text, title):
    # Lone surrogates (bytes that were not UTF-8) and raw bytes included.
    import json

    p = clf.predict(text, title=title)
    json.dumps(p.to_dict(), ensure_ascii=False).encode("utf-8")


def test_predict_dataframe(clf):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"description": [GROWTH, ENGINEER, None], "title": ["Growth PM", None, "PM"]})
    out = clf.predict_dataframe(df, text_column="description", title_column="title")
    assert out["specialization"][0] == "growth" and pd.isna(out["specialization"][1])
    assert out["error"].tolist()[2] == "" and out["is_pm"].tolist()[2]  # read from its title
    assert list(df.columns) == ["description", "title"]
    # Its title column is found unless turned down with "".
    assert clf.predict_dataframe(df).equals(out)
    assert clf.predict_dataframe(df, title_column="")["pm_score"][0] != out["pm_score"][0]
    with pytest.raises(InputError, match="its columns are"):
        clf.predict_dataframe(df, text_column="body")


def test_body_that_names_the_role_is_evidence():
    from pmclassify import Classifier

    p = Classifier.load().predict(
        "What you'll do\nAs our Platform Product Manager you will own the internal APIs other "
        "teams build on.\nDecide build vs buy for shared services.\nWork with infrastructure "
        "engineers on the developer platform.")
    assert p.specialization == "platform"
    assert "body: names the role as platform" in p.evidence_text()["specialization"]
    assert p.is_pm and 'body: names the role "Platform Product Manager"' in p.evidence_text()["pm"]


def test_a_body_naming_its_rung_decides_seniority_without_a_title(clf):
    p = clf.predict("We're hiring a Principal Product Manager to lead our platform.\n"
                    "What you'll do\nOwn the roadmap for the internal APIs other teams build on."
                    "\nMentor product managers.\nWork with infrastructure engineers.")
    assert p.is_pm and p.seniority == "group"
    assert 'body: names the role "Principal Product Manager"' in p.evidence_text()["seniority"]
    # A title's rung still decides over the body's.
    assert clf.predict("We're hiring a Principal Product Manager to lead our platform.",
                       title="Associate Product Manager").seniority == "apm"


def test_years_asked_are_quoted_as_the_least_the_posting_asks(clf):
    body = ("We're hiring a Product Manager.\nWhat you'll do\nOwn the roadmap for our app.\n"
            "What you bring\n{} years of product management experience.")
    for asked, quoted in (("15", 15), ("3-5", 3), ("7+", 7)):
        ev = clf.predict(body.format(asked)).evidence_text()["seniority"]
        assert f"body: at least {quoted} years of experience asked" in ev, ev


def test_a_head_of_product_reporting_to_the_ceo_is_a_vp(clf):
    body = ("What you'll do\nReporting to the CEO, you will lead our product managers and "
            "designers.\nOwn the product strategy across all our products.\n"
            "Build the product team as we grow.")
    p = clf.predict(body, title="Head of Product")
    assert p.seniority == "vp"
    assert any("Reporting to the CEO" in e for e in p.evidence_text()["seniority"])
    # TAXONOMY §3: without that scope, or heading only product marketing, it is a director.
    lower = body.replace("Reporting to the CEO", "Reporting to our VP of Product, who reports "
                         "to the CEO")
    assert clf.predict(lower, title="Head of Product").seniority == "director"
    assert clf.predict(body, title="Head of Product Marketing").seniority == "director"


def test_a_title_area_outweighs_a_bland_body(clf):
    body = ("What you'll do\nOwn the roadmap and work with engineering and design.\n"
            "Talk to customers and prioritize what to build next.\nWrite clear specs.")
    assert clf.predict(body, title="Senior Product Manager").specialization != "platform"
    p = clf.predict(body, title="Senior Product Manager, API")
    assert p.specialization == "platform"
    assert 'title: "api" (the product area)' in p.evidence_text()["specialization"]


def test_a_body_naming_its_specialization_outweighs_a_bland_body(clf):
    body = ("What you'll do\nOwn the roadmap and work with engineering and design.\n"
            "Talk to customers and prioritize what to build next.\nWrite clear specs.")
    assert clf.predict(body).specialization != "growth"
    p = clf.predict("We're hiring a Growth Product Manager.\n" + body)
    assert p.specialization == "growth"
    assert "body: names the role as growth" in p.evidence_text()["specialization"]
    # A title that names another specialization still decides.
    assert clf.predict("We're hiring a Growth Product Manager.\n" + body,
                       title="Platform Product Manager").specialization == "platform"


def test_every_answer_of_a_pm_posting_has_evidence(clf):
    # A body with no PM phrase, no role name and no rung cue still says what it rests on.
    body = ("What you'll do\nDecide what the team builds next and why.\n"
            "Work with engineering and design on the plan for each quarter.\n"
            "Talk to customers and turn what you learn into specs.")
    p = clf.predict(body)
    assert p.is_pm
    assert all(p.evidence_text()[k] for k in ("pm", "specialization", "seniority"))
    ev = p.evidence_text()
    assert ev["seniority"] == ["body: no cue (no rung in the title, role name, scope phrase or "
                               "years asked); the model's best guess"]


def test_a_text_opening_with_its_title_is_read_with_it(clf):
    body = ("About us\nWe make bookkeeping software.\nWhat you'll do\nOwn the roadmap for our "
            "product and work with engineering and design.\nTalk to customers and decide what "
            "to build next.\nWrite clear specs.")
    p = clf.predict("Senior Platform Product Manager\n" + body)
    assert p.is_pm and p.specialization == "platform" and p.seniority == "senior"
    assert 'first line, read as the title: "platform"' in p.evidence_text()["specialization"]
    assert 'first line, read as the title: "senior"' in p.evidence_text()["seniority"]
    # Every title cue says where the title came from; the body's cues are as always.
    assert p.evidence_text()["pm"][0] == 'first line, read as the title: "product manager"'
    assert not any(e.startswith("title: ") for v in p.evidence_text().values() for e in v)
    assert any(e.startswith("body: ") for e in p.evidence_text()["pm"])
    # A given title is the title.
    q = clf.predict("Senior Platform Product Manager\n" + body, title="Growth PM")
    assert q.specialization == "growth" and q.seniority == "pm"
    assert not any(e.startswith("first line") for v in q.evidence_text().values() for e in v)
    # A page copied whole may put the company's name first; the evidence names the line.
    r = clf.predict("Northwind\nLead Platform Product Manager\n" + body)
    assert r.seniority == "group" and r.specialization == "platform"
    assert 'line 2, read as the title: "lead"' in r.evidence_text()["seniority"]


def test_a_body_with_no_cue_for_any_specialization_is_core(clf):
    # Near-even sentence scores must not pick a label by a hair: rule 5 decides, and says so.
    for title in ("Product Manager", None):
        p = clf.predict("Own the roadmap. " * 10, title=title)
        assert p.specialization == "core" and p.specialization_score == 0.5
        assert p.secondary_specialization is None and p.secondary_score is None
        ev = p.evidence_text()
        assert ev["specialization"][0].endswith("core is the default (TAXONOMY rule 5)")
    # A title naming a specialization still decides.
    assert clf.predict("Own the roadmap. " * 10, title="Growth PM").specialization == "growth"
    # Words that only lean toward a label ("recent", "year": requirement words that technical
    # postings use too) are no cue: before, this read technical 0.40 on "recent", "2", "year".
    p = clf.predict("Join our rotational APM program. Support senior PMs with research, data "
                    "analysis and coordination. 0-2 years of experience; recent graduates "
                    "welcome.", title="Associate Product Manager")
    assert p.specialization == "core"
    said = " ".join(p.evidence_text()["specialization"])
    assert not any(f'"{w}"' in said for w in ("recent", "2", "year"))


def test_a_body_naming_another_role_is_not_pm_without_a_title(clf):
    p = clf.predict("We're hiring a Product Designer to join our team.\nWhat you'll do\n"
                    "Design flows in Figma with product managers.\nRun usability studies.\n"
                    "Build the design system with engineers and other designers.")
    assert not p.is_pm and p.specialization is None and p.seniority is None
    # A "no" shows the cues for it, not the PM words it outweighed ("product managers").
    assert p.evidence_text()["pm"][0] == 'body: names the role "Product Designer"'
    assert 'body: "figma"' in p.evidence_text()["pm"]
    assert not any("product manager" in e for e in p.evidence_text()["pm"])
    # With no role named and no not-PM phrase, the words that weighed against PM are shown.
    payroll = clf.predict("Responsibilities\nPrepare the monthly payroll for all staff.\n"
                          "Reconcile payroll accounts with the ledger each week.\n"
                          "Answer employee questions about their pay slips.")
    assert not payroll.is_pm and payroll.evidence_text()["pm"]
    assert all(e.startswith('body: "') for e in payroll.evidence_text()["pm"])
    # A body that is no language at all says the answer is a guess.
    noise = clf.predict("x y z " * 20)
    assert not noise.is_pm and "the model's guess" in noise.evidence_text()["pm"][0]


def test_predict_dataframe_refuses_a_column_it_would_overwrite():
    pd = pytest.importorskip("pandas")
    from pmclassify import Classifier
    from pmclassify.errors import InputError

    df = pd.DataFrame({"description": ["Own the roadmap."], "error": ["kept"]})
    with pytest.raises(InputError, match="prefix"):
        Classifier.load().predict_dataframe(df)
    out = Classifier.load().predict_dataframe(df, prefix="pmc_")
    assert out["error"].tolist() == ["kept"] and out["pmc_error"].tolist() == [""]


def test_the_seniority_temperature_softens_only_untitled_scores(clf):
    import dataclasses

    from pmclassify import Classifier

    body = ("What you'll do\nOwn the roadmap for our billing product.\nMentor two product "
            "managers and lead strategic initiatives.\n5+ years of product management.")
    soft = Classifier(dataclasses.replace(clf.model, seniority_temperature=3.0))
    hard = Classifier(dataclasses.replace(clf.model, seniority_temperature=1.0))
    a, b = soft.predict(body), hard.predict(body)
    assert a.seniority == b.seniority and a.seniority_score < b.seniority_score
    titled = [c.predict(body, title="Senior Product Manager") for c in (soft, hard)]
    assert titled[0].seniority_scores == titled[1].seniority_scores


def test_bytes_are_decoded_and_other_types_refused(clf):
    from pmclassify.errors import InputError

    latin = ("What you'll do\nOwn the résumé builder: run A/B tests on its onboarding funnel "
             "to lift activation and retention.").encode("latin-1")
    p = clf.predict(latin, title="Product Manager")
    assert p.is_pm and p.specialization == "growth"
    assert any("bytes in cp1252" in w for w in notes(p))
    assert [w.code for w in p.warnings] == ["decoded"]
    assert clf.predict(GROWTH.encode()) == clf.predict(GROWTH)  # UTF-8 bytes: no note
    for bad in (123, 4.5, ["a"]):
        with pytest.raises(InputError, match="is a str"):
            clf.predict(bad)  # type: ignore[arg-type]
    for one in ("a posting", b"a posting"):
        with pytest.raises(InputError, match="one string: pass a list"):
            list(clf.predict_many(one))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="titles is one string"):
        list(clf.predict_many([GROWTH], "Growth PM"))  # type: ignore[arg-type]


def test_characters_that_are_not_unicode_are_read_with_a_note(clf):
    p = clf.predict(GROWTH + " caf\udce9", title="Growth PM\udcff")
    assert p.is_pm and p.specialization == "growth"
    assert [w.split(" (")[0] for w in notes(p)] == [
        "the text held 1 character that is not valid Unicode",
        "the title held 1 character that is not valid Unicode"]
    import json

    json.dumps(p.to_dict()).encode("utf-8")  # and it all writes as UTF-8


def test_every_answer_says_its_language(clf):
    indonesian = ("Kami mencari manajer produk yang akan memimpin peta jalan produk dan bekerja "
                  "sama dengan tim teknik untuk pelanggan kami. Anda akan memimpin riset pengguna.")
    p = clf.predict(indonesian, title="Product Manager")
    # The word check read Indonesian as English; now it is not read as such, and named.
    assert p.language == "id" and any("not read as English" in w or "does not read as English"
                                      in w for w in notes(p))
    assert clf.predict(GROWTH).language == "en"
    assert clf.predict("").language == "" and clf.predict(GROWTH).to_dict()["language"] == "en"
