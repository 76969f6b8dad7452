import csv
import json
import shlex

from typer.testing import CliRunner

from pmclassify import Classifier
from pmclassify.cli import app

from .conftest import GROWTH, ROOT

runner = CliRunner()


def test_classify_text_file_stdin_and_json(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text(GROWTH)
    r = runner.invoke(app, ["classify", "--title", "Senior Growth PM", "--file", str(f)])
    assert r.exit_code == 0, r.output
    assert "Growth PM [growth]" in r.output and "Senior PM [senior]" in r.output
    assert "Evidence:" in r.output
    r = runner.invoke(app, ["classify", "--json", "--title", "Growth PM", "-"], input=GROWTH)
    d = json.loads(r.output)
    assert d["specialization"] == "growth" and d["model_version"]
    r = runner.invoke(app, ["classify", GROWTH])
    assert r.exit_code == 0
    # An empty posting has no evidence, and says so rather than print a bare heading.
    r = runner.invoke(app, ["classify", "-"], input="   ")
    assert r.exit_code == 0 and "Evidence:       none" in r.output
    assert "the text is empty or too short" in r.output


def test_the_readmes_first_command_runs_as_written(monkeypatch):
    # A newcomer pastes it in a fresh clone: the posting it names must be there.
    line = next(x for x in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if x.startswith("pip install . && pmclassify classify"))
    args = shlex.split(line.split("pmclassify", 1)[1])
    monkeypatch.chdir(ROOT)
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "Growth PM [growth]" in r.output and "Senior PM [senior]" in r.output


def test_classify_shows_the_secondarys_own_score():
    platform = ("You will run the payments platform group: the APIs and SDKs that our internal "
                "engineering teams and partners build on. Decide build vs buy, plan for "
                "scalability and service design, and serve the teams that depend on the platform.")
    r = runner.invoke(app, ["classify", "--title", "Senior Growth Product Manager", platform])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if x.strip().startswith("secondary:"))
    own = Classifier.load().predict(platform, title="Senior Growth Product Manager")
    assert f"Platform PM [platform]  (the body alone reads {own.secondary_score:.2f})" in line


def test_classify_errors_are_one_line(tmp_path):
    r = runner.invoke(app, ["classify", "--file", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "cannot read" in r.output and "Traceback" not in r.output
    bad = tmp_path / "m.npz"
    bad.write_bytes(b"junk")
    r = runner.invoke(app, ["classify", "--model", str(bad), "text"])
    assert r.exit_code == 1 and "no metadata" in r.output
    r = runner.invoke(app, ["classify", "--model", str(tmp_path / "none.npz"), "text"])
    assert r.exit_code == 1 and "does not exist" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["classify", "--model", str(tmp_path / "old.pkl.gz"), "text"])
    assert r.exit_code == 1 and "pickled model" in r.output and "pmclassify train" in r.output


def test_train_and_use_model(tiny_csv, tmp_path):
    out = tmp_path / "m.npz"
    r = runner.invoke(app, ["train", str(tiny_csv), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.exists() and (tmp_path / "m.json").exists()
    r = runner.invoke(app, ["classify", "--model", str(out), "--title", "Product Manager", GROWTH])
    assert r.exit_code == 0 and "PM role:        yes" in r.output
    r = runner.invoke(app, ["train", str(tiny_csv), "-o", str(out)])
    assert r.exit_code == 2 and "--overwrite" in r.output
    labeled = tmp_path / "labeled.csv"
    labeled.write_text("title,description,is_pm,specialization,seniority\n"
                       f'Growth PM,"{GROWTH}",true,growth,pm\n')
    r = runner.invoke(app, ["train", str(tiny_csv), "-o", str(out), "--overwrite", "--labeled",
                            str(labeled)])
    assert r.exit_code == 0, r.output
    import json

    assert json.loads((tmp_path / "m.json").read_text())["training_data"]["labeled"]["file"] == \
        "labeled.csv"
    labeled.write_text("title,description\nGrowth PM,x\n")
    r = runner.invoke(app, ["train", str(tiny_csv), "-o", str(out), "--overwrite", "--labeled",
                            str(labeled)])
    assert r.exit_code == 2 and "has no column" in r.output


def test_train_and_lexicon_report_on_a_file_that_is_not_utf8(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"title,description\nSenior PM,Own the r\xe9sum\xe9 tools roadmap.\n")
    for args in (["train", str(latin), "-o", str(tmp_path / "m.npz")],
                 ["lexicon", "report", str(latin)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and r.output.startswith("error:")
        assert "save the file as UTF-8" in r.output


def test_train_missing_column(tiny_csv, tmp_path):
    r = runner.invoke(app, ["train", str(tiny_csv), "-o", str(tmp_path / "m.npz"),
                            "--text-column", "body"])
    assert r.exit_code == 2 and "its columns are" in r.output


def test_evaluate(tiny_csv, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("id,is_pm,specialization,secondary,seniority\n1,True,growth,,senior\n")
    r = runner.invoke(app, ["evaluate", "--gold", str(gold), "--postings", str(tiny_csv)])
    assert r.exit_code == 0, r.output
    assert "specialization macro-F1" in r.output
    r = runner.invoke(app, ["evaluate", "--gold", str(tmp_path / "none.csv"),
                            "--postings", str(tiny_csv)])
    assert r.exit_code == 2 and "cannot read" in r.output
    r = runner.invoke(app, ["evaluate", "--gold", str(gold)])  # no text in it, no --postings
    assert r.exit_code == 2 and "pass --postings" in r.output


def test_evaluate_a_gold_file_with_its_own_text(tmp_path):
    gold = tmp_path / "mine.csv"
    with open(gold, "w", newline="") as f:
        csv.writer(f).writerows([["role", "body", "is_pm", "specialization", "seniority"],
                                 ["Growth PM", GROWTH, "true", "growth", "pm"]])
    r = runner.invoke(app, ["evaluate", "--gold", str(gold), "--text-column", "body",
                            "--title-column", "role"])
    assert r.exit_code == 0, r.output
    assert "=== with titles ===" in r.output and "PM-or-not" not in r.output
    r = runner.invoke(app, ["evaluate", "--gold", str(gold), "--text-column", "body"])
    assert r.exit_code == 2 and "--title-column ''" in r.output


def test_evaluate_crossfit(tiny_csv, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("id,is_pm,specialization,secondary,seniority\n1,True,growth,,senior\n"
                    "2,True,pmm,,pm\n")
    r = runner.invoke(app, ["evaluate", "--gold", str(gold), "--postings", str(tiny_csv),
                            "--crossfit", "2"])
    assert r.exit_code == 0, r.output
    assert "cross-fitted: 2 folds" in r.output
    r = runner.invoke(app, ["evaluate", "--gold", str(gold), "--postings", str(tiny_csv),
                            "--crossfit", "2", "--model", str(tmp_path / "m.npz")])
    assert r.exit_code == 2 and "drop --model" in r.output
    r = runner.invoke(app, ["evaluate", "--gold", str(gold), "--postings", str(tiny_csv),
                            "--seed", "3"])
    assert r.exit_code == 2 and "add --crossfit" in r.output


def test_lexicon_report(tiny_csv, tmp_path):
    r = runner.invoke(app, ["lexicon", "report", str(tiny_csv)])
    assert r.exit_code == 0, r.output
    assert "body_lexicon_growth" in r.output and "title_ladder" in r.output
    r = runner.invoke(app, ["lexicon", "report", str(tiny_csv), "--lexicons", str(tmp_path)])
    assert r.exit_code == 1 and "missing" in r.output
    # A missing column is one error line, with no table header before it.
    for column in ("--text-column", "--title-column"):
        r = runner.invoke(app, ["lexicon", "report", str(tiny_csv), column, "body"])
        assert r.exit_code == 2 and r.output.startswith("error:") and column in r.output


def test_lexicon_report_entries(tiny_csv):
    r = runner.invoke(app, ["lexicon", "report", str(tiny_csv), "--entries", "--task",
                            "specialization", "--top", "3"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split()[:3] == ["task", "label", "phrase"] and len(lines) == 4
    assert all(line.startswith("specialization") for line in lines[1:])
    r = runner.invoke(app, ["lexicon", "report", str(tiny_csv), "--entries", "--task", "colour"])
    assert r.exit_code == 2 and "no lexicon task 'colour'" in r.output
    r = runner.invoke(app, ["lexicon", "report", str(tiny_csv), "--task", "role"])
    assert r.exit_code == 2 and "add --entries" in r.output


def test_errors_import_stays_light():
    import subprocess
    import sys

    code = "import sys, pmclassify.errors, pmclassify.cli; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_classify_reads_any_bytes_without_a_traceback(tmp_path):
    latin = "Own the résumé builder roadmap: run A/B tests on onboarding.".encode("latin-1")
    r = runner.invoke(app, ["classify", "-", "--title", "Growth PM"], input=latin)
    assert r.exit_code == 0 and "Note: the text was bytes in cp1252" in r.output
    f = tmp_path / "latin.txt"
    f.write_bytes(latin)
    r = runner.invoke(app, ["classify", "--file", str(f), "--title", "Growth PM"])
    assert r.exit_code == 0 and "Note: the text was bytes in cp1252" in r.output
    # Bad UTF-8 in the arguments arrives as lone surrogates.
    r = runner.invoke(app, ["classify", "Own the r\udce9sum\udce9 roadmap.", "--title", "PM\udcff"])
    assert r.exit_code == 0 and "not valid Unicode" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["classify", "-"], input=bytes(range(256)) * 10)
    assert r.exit_code == 0 and "Traceback" not in r.output


def test_classify_refuses_stdin_over_50_mb_as_it_refuses_a_file():
    r = runner.invoke(app, ["classify", "-"], input=b"a" * (50 * 1024 * 1024 + 1))
    assert r.exit_code == 2 and "over 50 MB" in r.output


def test_batch_progress_bar_draws_rows_rate_and_share():
    import io

    from rich.console import Console

    from pmclassify.batch.summary import Progress
    from pmclassify.cli.progress import batch_bar

    out = io.StringIO()
    with batch_bar(True, Console(file=out, force_terminal=True, width=100)) as bar:
        assert bar is not None
        bar(Progress(rows=1500, seconds=2.0, fraction=0.5))
    assert "1,500 rows" in out.getvalue() and "750 rows/s" in out.getvalue()
    with batch_bar(False) as none:
        assert none is None


def test_serve_starts_the_server_and_refuses_a_busy_port(monkeypatch):
    import socket

    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    r = runner.invoke(app, ["serve", "--port", "0"])
    assert r.exit_code == 0 and seen["port"] == 0 and seen["host"] == "127.0.0.1"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = runner.invoke(app, ["serve", "--port", str(s.getsockname()[1])])
    assert r.exit_code == 2 and r.output.count("\n") == 1
    assert r.output.startswith("error: cannot listen on 127.0.0.1:")


def test_report_writes_the_page_or_the_figures(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,company,description\n1,acme,Run A/B tests on the onboarding funnel to lift "
                   "activation.\n2,bolt,Write Go code and review pull requests.\n",
                   encoding="utf-8")
    labeled = tmp_path / "labeled.csv"
    assert runner.invoke(app, ["batch", str(src), "-o", str(labeled), "--jobs", "1"]).exit_code == 0
    r = runner.invoke(app, ["report", str(labeled), "-o", str(tmp_path / "r.html"),
                            "--company-column", "company"])
    assert r.exit_code == 0 and "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")
    r = runner.invoke(app, ["report", str(labeled), "-o", "-", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["rows"] == 2
    r = runner.invoke(app, ["report", str(src), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and r.output.startswith("error: ") and "pmclassify batch" in r.output


def test_version_module_entry_and_exit_codes(tmp_path):
    import subprocess
    import sys

    from pmclassify import Classifier, __version__

    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == (
        f"pmclassify {__version__} (model {Classifier.load().version})")
    assert "Exit codes: 0 done" in runner.invoke(app, ["--help"]).output
    for command in ("classify", "train", "evaluate", "batch", "report", "serve"):
        assert "Example: pmclassify " + command in runner.invoke(app, [command, "--help"]).output
    out = subprocess.run([sys.executable, "-m", "pmclassify", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("pmclassify ")
    # A batch that finished with rows it could not classify exits 3; the rows are all written.
    src = tmp_path / "in.csv"
    src.write_text('id,description\n1,Own the roadmap and run A/B tests.\n2,""\n', encoding="utf-8")
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"), "--jobs", "1"])
    assert r.exit_code == 3 and "1 rows with errors" in r.output
    assert len((tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()) == 3
