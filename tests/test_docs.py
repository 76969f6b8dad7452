"""The docs that are generated must be current (this module runs in the main environment only:
help text is rendered by the installed typer and rich)."""

import subprocess
import sys

from .conftest import ROOT


def test_cli_reference_is_current():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr + r.stdout


def test_readme_stays_short_and_points_to_docs_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    import re

    for link in re.findall(r"\]\(((?:docs|CHANGELOG)[^)#]*)\)", readme):
        assert (ROOT / link).exists(), link


def _python_blocks(text: str) -> list[str]:
    import re

    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def test_the_readmes_spacy_example_runs_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in _python_blocks(readme) if 'add_pipe("pmclassify")' in b)
    scope = {"description": "Own positioning and messaging for every launch, with sales "
                            "enablement and competitive intelligence."}
    # The block's last line is an expression to look at; run it and keep what it gives.
    *body, last = block.strip().splitlines()
    exec("\n".join(body), scope)
    spec, spans = eval(last.split("#")[0], scope)
    assert spec == "pmm" and [s.text for s in spans]
