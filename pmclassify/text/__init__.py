"""Stage 1, text: a posting's raw text in; out, a :class:`~pmclassify.text.posting.ProcessedPosting`
(cleaned text, sections, the role sentences as lemma strings, the opening lines).
"""
