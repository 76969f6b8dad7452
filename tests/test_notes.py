import pytest

from pmclassify.text.notes import NOTE_CODES, Evidence, Note


def test_evidence_reads_as_the_sentence_it_stands_for():
    assert str(Evidence("title", "growth")) == 'title: "growth"'
    assert str(Evidence("title", "api", "the product area")) == 'title: "api" (the product area)'
    assert str(Evidence("title", "senior", title_line=1)) == \
        'first line, read as the title: "senior"'
    assert str(Evidence("title", "lead", title_line=2)) == 'line 2, read as the title: "lead"'
    assert str(Evidence("body", "Growth PM", kind="role")) == 'body: names the role "Growth PM"'
    assert str(Evidence("body", note="at least 3 years of experience asked", kind="finding")) \
        == "body: at least 3 years of experience asked"
    assert str(Evidence("rule", note="core, the default", kind="finding")) == "core, the default"
    assert str(Evidence("body", note="the body alone reads 0.31", kind="finding",
                        label="platform")) == "secondary platform: the body alone reads 0.31"
    assert str(Evidence("body", "api", label="platform")) == 'body: "api"'


def test_evidence_in_short_drops_the_place():
    assert Evidence("title", "api", "the product area").short() == "api (the product area)"
    assert Evidence("body", "Senior PM", kind="role").short() == 'names the role "Senior PM"'
    assert Evidence("body", note="no cue", kind="finding").short() == "no cue"


def test_evidence_as_a_dict_has_its_fields_and_its_text():
    d = Evidence("body", "a/b test", start=10, end=18).to_dict()
    assert d["where"] == "body" and (d["start"], d["end"]) == (10, 18)
    assert d["text"] == 'body: "a/b test"'


def test_a_note_has_a_known_code():
    n = Note("truncated", "the text was cut")
    assert str(n) == "the text was cut" and n.to_dict() == {"code": "truncated",
                                                            "message": "the text was cut"}
    assert "truncated" in NOTE_CODES
    with pytest.raises(ValueError, match="unknown note code"):
        Note("cut", "the text was cut")
