import pytest

from pmclassify.errors import InputError
from pmclassify.weak.report import entry_report, lf_report

from .conftest import ENGINEER, GROWTH, PMM


def test_report_counts(env):
    pre, lex = env
    docs = [pre.process(GROWTH, "Growth PM"), pre.process(PMM, "Product Marketing Manager"),
            pre.process(ENGINEER, "Software Engineer")]
    stats = {s.name: s for s in lf_report(lex, docs)}
    assert stats["title_growth"].coverage == pytest.approx(1 / 3)
    assert stats["title_role"].coverage == 1.0
    assert stats["body_lexicon_pmm"].labels == {"pmm": stats["body_lexicon_pmm"].labels["pmm"]}
    for s in stats.values():
        assert 0 <= s.conflict <= s.overlap <= s.coverage <= 1


def test_entry_report_counts_and_agreement(env):
    pre, lex = env
    docs = [pre.process(GROWTH, "Growth PM"), pre.process(PMM, "Product Marketing Manager"),
            pre.process(ENGINEER, "Software Engineer"), pre.process(GROWTH, "Data Analyst")]
    stats = entry_report(lex, iter(docs))  # read once: a generator will do
    by = {(s.task, s.phrase): s for s in stats}
    funnel = by[("specialization", "funnel")]
    # Two postings, one sentence each; both sentences voted growth.
    assert (funnel.label, funnel.fired, funnel.postings, funnel.judged) == ("growth", 2, 2, 2)
    assert funnel.agree == 1.0 and funnel.in_pm == 0.5
    assert funnel.lift is not None and funnel.lift > 1
    # Most frequent first within a task, tasks in a fixed order.
    tasks = [s.task for s in stats]
    assert tasks == sorted(tasks, key=["specialization", "seniority", "role"].index)
    spec = [s.fired for s in stats if s.task == "specialization"]
    assert spec == sorted(spec, reverse=True)
    for s in stats:
        assert 0 <= s.agree <= 1 and s.judged <= s.fired and s.postings <= s.fired


def test_entry_report_filters(env):
    pre, lex = env
    docs = [pre.process(GROWTH, "Growth PM"), pre.process(PMM, "Product Marketing Manager")]
    top = entry_report(lex, docs, task="specialization", top=2)
    assert len(top) == 2 and {s.task for s in top} == {"specialization"}
    with pytest.raises(InputError, match="no lexicon task 'x'; use one of"):
        entry_report(lex, docs, task="x")
