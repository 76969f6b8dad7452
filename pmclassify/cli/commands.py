"""The commands: thin typer wrappers over the library; errors become one line on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from pmclassify.cli.progress import batch_bar, counted, steps
from pmclassify.errors import InputError, PmClassifyError
from pmclassify.files.read import read_posting

app = typer.Typer(no_args_is_help=True)
lexicon_app = typer.Typer(no_args_is_help=True, help="Inspect the lexicons.")
app.add_typer(lexicon_app, name="lexicon")


def _version(shown: bool) -> None:
    if shown:
        from pmclassify import __version__
        from pmclassify.model.artifacts import read_metadata

        typer.echo(f"pmclassify {__version__} (model {read_metadata()['model_version']})")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print pmclassify's version and its model's, and exit.")] = False) -> None:
    """Classify job postings: PM or not, PM specialization, seniority.

    Exit codes: 0 done; 1 failed (model, output); 2 bad input or usage; 3 batch finished with error rows; 130 interrupted."""

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(fn: F) -> F:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PmClassifyError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2 if isinstance(exc, InputError) else 1) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except OSError as exc:  # the library names its own; this is the last line of defence
            where = f" {exc.filename}" if exc.filename else ""
            typer.echo(f"error: cannot read or write{where}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@_friendly
def classify(
    text: Annotated[str | None, typer.Argument(help="Posting text; '-' or nothing reads stdin.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the posting from a file ('-' = stdin).")] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="The job title, if known.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    model: Annotated[Path | None, typer.Option("--model", help="A model file other than the shipped one.")] = None,
) -> None:
    """Classify one posting.

    Example: pmclassify classify --title "Senior Growth PM" --file posting.txt --json"""
    body = read_posting(text, file)
    from pmclassify.predict.classifier import Classifier
    from pmclassify.predict.describe import describe

    clf = Classifier.load(model)
    p = clf.predict(body, title=title)
    if as_json:
        typer.echo(json.dumps({**p.to_dict(), "model_version": clf.version}, ensure_ascii=False))
    else:
        typer.echo(describe(p, clf.version))


@app.command()
@_friendly
def train(
    postings: Annotated[Path, typer.Argument(help="CSV of postings (unlabeled).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.npz; its .json is written beside it).")],
    text_column: Annotated[str, typer.Option(help="Column with the posting text.")] = "description",
    title_column: Annotated[str, typer.Option(help="Column with the title ('' for none).")] = "title",
    lexicons: Annotated[Path | None, typer.Option(help="Lexicon folder (default: shipped).")] = None,
    writeups: Annotated[Path | None, typer.Option(help="Write-ups folder (default: shipped).")] = None,
    labeled: Annotated[Path | None, typer.Option(help="CSV of labeled write-ups or postings (title, description, is_pm, specialization, seniority) that train beside the weak labels.")] = None,
    gold: Annotated[Path | None, typer.Option(help="Gold CSV: record its metrics in the metadata.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing model file.")] = False,
) -> None:
    """Train a model from a postings CSV (weak labels), the write-ups and --labeled examples.

    Example: pmclassify train postings.csv -o my-model.npz --labeled writeups.csv"""
    from pmclassify.evaluate.build import build_and_save

    if output.exists() and not overwrite:
        raise InputError(f"{output} exists; pass --overwrite to replace it")
    meta = build_and_save(postings, output, text_column=text_column,
                          title_column=title_column or None, lexicon_dir=lexicons,
                          writeups_dir=writeups, gold=gold, labeled=labeled)
    typer.echo(f"wrote {output} (model {meta['model_version']}, sha256 {meta['sha256'][:12]}…)")


@app.command()
@_friendly
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Gold CSV: is_pm, specialization, seniority (secondary, confidence optional); id to join --postings.")],
    postings: Annotated[Path | None, typer.Option("--postings", help="Postings CSV the gold ids refer to (omit when the gold file has the text itself).")] = None,
    text_column: Annotated[str, typer.Option(help="Column with the posting text.")] = "description",
    title_column: Annotated[str, typer.Option(help="Column with the title ('' to score without titles only).")] = "title",
    model: Annotated[Path | None, typer.Option("--model", help="Model file (default: shipped).")] = None,
    crossfit: Annotated[int, typer.Option("--crossfit", help="Instead of one model, train N models on the postings of the other employers and score each employer's gold postings with one that never read them (e.g. 5; 0 = off).")] = 0,
    group_column: Annotated[str, typer.Option(help="Column naming the employer, for --crossfit.")] = "company",
    seed: Annotated[int | None, typer.Option(help="With --crossfit: deal the employers to the folds in an order shuffled by this seed (default: scikit-learn's GroupKFold); several seeds show the spread.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
) -> None:
    """Per-class precision/recall/F1, confusion, calibration; model vs keyword baseline.

    Example: pmclassify evaluate --gold gold.csv --postings postings.csv --crossfit 5"""
    from pmclassify.evaluate.crossfit import crossfit as run_crossfit
    from pmclassify.evaluate.report import format_report
    from pmclassify.evaluate.scoring import evaluate as run
    from pmclassify.predict.classifier import Classifier

    if crossfit and model is not None:
        raise InputError("--crossfit trains its own models from --postings; drop --model")
    columns = {"text_column": text_column, "title_column": title_column}
    if seed is not None and not crossfit:
        raise InputError("--seed deals the employers of --crossfit: add --crossfit N")
    with steps(crossfit > 0 and sys.stderr.isatty(), "cross-fitting: folds") as step:
        report = (run_crossfit(gold, postings, folds=crossfit, group_column=group_column,
                               seed=seed, progress=step, **columns)
                  if crossfit else run(Classifier.load(model), gold, postings, **columns))
    typer.echo(json.dumps(report, indent=1) if as_json else format_report(report))


@lexicon_app.command("report")
@_friendly
def lexicon_report(
    postings: Annotated[Path, typer.Argument(help="CSV of postings to run the labeling functions on.")],
    text_column: Annotated[str, typer.Option(help="Column with the posting text.")] = "description",
    title_column: Annotated[str, typer.Option(help="Column with the title ('' for none).")] = "title",
    lexicons: Annotated[Path | None, typer.Option(help="Lexicon folder (default: shipped).")] = None,
    limit: Annotated[int, typer.Option(help="Read at most this many rows (0 = all).")] = 0,
    entries: Annotated[bool, typer.Option("--entries", help="One line per lexicon phrase instead: how often it fires and agrees.")] = False,
    task: Annotated[str | None, typer.Option(help="With --entries: only this task: specialization, seniority or role.")] = None,
    top: Annotated[int, typer.Option(help="With --entries: the most frequent N phrases per task (0 = all).")] = 25,
) -> None:
    """Each labeling function's coverage, overlaps and conflicts (--entries: each phrase's).

    Example: pmclassify lexicon report postings.csv --entries --task seniority"""
    from itertools import islice

    from pmclassify.cues.lexicons import load_lexicons
    from pmclassify.text.posting import Preprocessor
    from pmclassify.train.fit import read_postings_csv
    from pmclassify.weak.report import entry_report, lf_report

    if task is not None and not entries:
        raise InputError("--task narrows the per-phrase report: add --entries")
    pre = Preprocessor()
    lex = load_lexicons(lexicons, pre=pre)
    rows = read_postings_csv(postings, text_column, title_column or None)
    with steps(sys.stderr.isatty(), "postings read") as step:
        docs = pre.pipe(counted(((r["text"], r["title"]) for r in islice(rows, limit or None)), step))
        # Either fails on a missing column here, before any output.
        stats = entry_report(lex, docs, task=task, top=top) if entries else []
        report = [] if entries else lf_report(lex, list(docs))
    if entries:
        typer.echo(f"{'task':15}{'label':11}{'phrase':32}{'weight':>7}{'fired':>7}{'postings':>9}"
                   f"{'in PM':>7}{'judged':>7}{'agree':>7}{'lift':>6}  source")
        for e in stats:
            weight = f"{-e.weight if e.negative else e.weight:+.1f}"
            lift = f"{e.lift:.1f}" if e.lift is not None else "-"
            typer.echo(f"{e.task:15}{e.label:11}{e.phrase[:31]:32}{weight:>7}{e.fired:7}"
                       f"{e.postings:9}{e.in_pm:7.0%}{e.judged:7}{e.agree:7.0%}{lift:>6}  {e.source}")
        return
    typer.echo(f"{'labeling function':28}{'level':>9}{'units':>7}{'cover':>7}{'overlap':>8}"
               f"{'conflict':>9}  votes")
    for s in report:
        votes = " ".join(f"{k}:{v}" for k, v in sorted(s.labels.items(), key=lambda kv: -kv[1]))
        typer.echo(f"{s.name:28}{s.level:>9}{s.units:7}{s.coverage:7.1%}{s.overlap:8.1%}"
                   f"{s.conflict:9.1%}  {votes}")


@app.command()
@_friendly
def batch(
    input: Annotated[str, typer.Argument(help="Input file (CSV, TSV, JSONL, Parquet) or '-' for stdin.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output file (format by extension) or '-' for stdout.")],
    text_column: Annotated[str, typer.Option(help="Column with the posting text.")] = "description",
    title_column: Annotated[str | None, typer.Option(help="Column with the title (default: 'title' if the input has it; '' for none).")] = None,
    id_column: Annotated[str | None, typer.Option(help="Column with a row id (checked to exist).")] = None,
    input_format: Annotated[str | None, typer.Option("--format", help="Input format: csv, tsv, jsonl or parquet (default: from the extension).")] = None,
    encoding: Annotated[str, typer.Option(help="Input text encoding: a Python codec name, or 'auto' to detect it (a UTF-8 BOM is handled).")] = "utf-8",
    prefix: Annotated[str, typer.Option(help="Prefix for the added columns, e.g. pmc_.")] = "",
    on_bad_line: Annotated[str, typer.Option(help="'error' stops at a malformed line; 'skip' lists it in OUTPUT.bad-lines.txt.")] = "error",
    jobs: Annotated[int, typer.Option(help="Worker processes (0 = all cores).")] = 0,
    chunk_size: Annotated[int, typer.Option(help="Rows per chunk.")] = 500,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing output.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run of the same command.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    model: Annotated[Path | None, typer.Option("--model", help="Model file (default: shipped).")] = None,
    engine: Annotated[str, typer.Option(help="'local' (this machine's cores) or 'dask' (needs the dask extra).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786 (default with --engine dask: a local cluster of --jobs workers).")] = None,
) -> None:
    """Label every row of a file; each row comes out once, in order, with its columns kept.

    Example: pmclassify batch postings.csv -o labeled.parquet --title-column job_title"""
    from pmclassify.batch.run import label_file

    show = not quiet and sys.stderr.isatty()
    with batch_bar(show) as bar:
        s = label_file(input, output, text_column=text_column, title_column=title_column,
                       id_column=id_column, input_format=input_format, encoding=encoding,
                       prefix=prefix, on_bad_line=on_bad_line, jobs=jobs or None,
                       chunk_size=chunk_size, overwrite=overwrite, resume=resume,
                       model_path=model, progress=bar, engine=engine, scheduler=scheduler)
    if not quiet:
        typer.echo("\n".join(s.lines(detected=encoding == "auto")), err=True)
    if s.errors:  # finished, but some rows were not classified: their error column says why
        raise typer.Exit(3)


@app.command()
@_friendly
def report(
    labeled: Annotated[Path, typer.Argument(help="A file `pmclassify batch` wrote (CSV, TSV, JSONL, Parquet).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The page to write (.html), or with --json the figures ('-': stdout).")],
    as_json: Annotated[bool, typer.Option("--json", help="Write the figures as JSON instead of the page.")] = False,
    company_column: Annotated[str | None, typer.Option(help="The column naming the employer: top employers and their mix.")] = None,
    date_column: Annotated[str | None, typer.Option(help="The column dating the posting: postings by month.")] = None,
    prefix: Annotated[str, typer.Option(help="The --prefix batch was run with.")] = "",
    fmt: Annotated[str | None, typer.Option("--format", help="Input format: csv, tsv, jsonl or parquet (default: from the extension).")] = None,
) -> None:
    """Draw a labeled file as one self-contained HTML page of charts (or --json figures).

    Example: pmclassify report labeled.csv -o report.html --company-column company"""
    from pmclassify.report.aggregate import aggregate_file
    from pmclassify.report.html import write_report

    figures = aggregate_file(labeled, fmt=fmt, prefix=prefix, company_column=company_column,
                             date_column=date_column)
    if as_json and str(output) == "-":
        typer.echo(json.dumps(figures, indent=1, ensure_ascii=False))
    else:
        write_report(figures, output, as_json=as_json)
        typer.echo(f"{figures['rows']:,} rows, {figures['pm']:,} PM: wrote {output}", err=True)


@app.command()
@_friendly
def export(
    labeled: Annotated[Path, typer.Argument(help="A file `pmclassify batch` wrote (CSV, TSV, JSONL, Parquet).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (Label Studio: a .json, with its labeling config beside it as .xml).")],
    fmt: Annotated[str, typer.Option("--format", help="labelstudio (tasks with the answers as predictions) or jsonl.")] = "labelstudio",
    only_review: Annotated[bool, typer.Option("--only-review", help="Only the rows flagged needs_review.")] = False,
    text_column: Annotated[str, typer.Option(help="Column with the posting text.")] = "description",
    title_column: Annotated[str, typer.Option(help="Column with the title, if the file has it.")] = "title",
    id_column: Annotated[str, typer.Option(help="Column with the row id, if the file has it (else the line).")] = "id",
    prefix: Annotated[str, typer.Option(help="The --prefix batch was run with.")] = "",
) -> None:
    """Export rows to double-check for review: Label Studio tasks (corrected and exported as JSON, they score the model: evaluate --gold export.json) or JSONL.

    Example: pmclassify export labeled.csv --only-review -o review.json"""
    from pmclassify.report.export import export_file

    s = export_file(labeled, output, fmt=fmt, only_review=only_review, text_column=text_column,
                    title_column=title_column, id_column=id_column, prefix=prefix)
    config = f"; labeling config: {s.config}" if s.config else ""
    typer.echo(f"{s.exported:,} of {s.rows:,} rows exported to {output}{config}", err=True)


@app.command()
@_friendly
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    model: Annotated[Path | None, typer.Option("--model", help="A model file other than the shipped one.")] = None,
) -> None:
    r"""Serve a page and a JSON API at http://HOST:PORT/ (needs: pip install 'pmclassify\[serve]').

    POST /v1/classify takes {"text", "title"}; /openapi.json describes the rest. Ctrl-C stops it.

    Example: pmclassify serve --port 8080"""
    from pmclassify.serve.run import run_server

    run_server(host, port, model)


def main() -> None:
    app(prog_name="pmclassify")
