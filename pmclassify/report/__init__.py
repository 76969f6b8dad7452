"""Report: what a labeled file says about the market it holds — its figures, streamed
(:mod:`pmclassify.report.aggregate`), drawn as one self-contained HTML page
(:mod:`pmclassify.report.html`, charts from :mod:`pmclassify.report.svg`)."""
