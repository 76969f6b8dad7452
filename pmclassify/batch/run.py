"""Stage 8: label a file of any size — streamed in chunks, in order, on several cores,
crash-safe and resumable.

Every input row comes out exactly once, in input order, with its columns unchanged plus the
prediction columns. Chunks are written as numbered part files in ``OUTPUT.pmclassify-partial/``
next to the output, each renamed into place only when complete, with a state file that records
the options; at the end the parts are joined into a temporary file that is renamed onto
``OUTPUT``. ``resume=True`` continues from the last complete part.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmclassify.batch.parts import join_parts, save_state, write_part
from pmclassify.batch.workers import Executor, InProcess, ProcessPool
from pmclassify.errors import InputError, ResumeError
from pmclassify.files import Reader, Writer, as_text, detect_format
from pmclassify.predict.rows import OUTPUT_COLUMNS, TYPES, check_columns, title_column_of


@dataclass
class Progress:
    rows: int
    seconds: float
    fraction: float | None  # of the input read, when known


@dataclass
class BatchSummary:
    """What a batch run did."""

    output: str
    rows: int = 0
    errors: int = 0
    skipped_lines: int = 0
    seconds: float = 0.0
    resumed_from: int = 0
    specialization: dict[str, int] = field(default_factory=dict)
    seniority: dict[str, int] = field(default_factory=dict)
    # Rows answered only weakly, by the reason in their ``notes`` (its first clause).
    notes: dict[str, int] = field(default_factory=dict)
    bad_line_report: str | None = None
    # The title column read, None when titles were not used.
    title_column: str | None = None

    @property
    def rows_per_second(self) -> float:
        return (self.rows - self.resumed_from) / self.seconds if self.seconds else 0.0


def _fingerprint(opts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(opts, sort_keys=True).encode()).hexdigest()[:16]


def label_file(
    input_path: str | Path, output_path: str | Path, *, text_column: str = "description",
    title_column: str | None = None, id_column: str | None = None, input_format: str | None = None,
    encoding: str = "utf-8", prefix: str = "", on_bad_line: str = "error", jobs: int | None = None,
    chunk_size: int = 500, overwrite: bool = False, resume: bool = False,
    model_path: str | Path | None = None, progress: Callable[[Progress], None] | None = None,
    engine: str = "local", scheduler: str | None = None,
) -> BatchSummary:
    """Label every row of ``input_path`` into ``output_path`` (``"-"`` = stdin / stdout).

    ``title_column=None`` reads the input's ``title`` column when it has one (titles decide
    the specialization and rung when they name them, TAXONOMY rules 1 and §3); ``""`` reads no
    titles. The summary's ``title_column`` says which was used.

    ``engine="local"`` classifies on ``jobs`` processes of this machine; ``engine="dask"``
    sends the chunks to the Dask cluster at ``scheduler`` (or to a local cluster of ``jobs``
    workers when None). Either way this process reads and writes the files, so order,
    resume and bad-line handling are the same.

    >>> import pathlib, tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> d = pathlib.Path(tmp.name)
    >>> _ = (d / "in.csv").write_text("title,description\\n"
    ...                               "Growth PM,Run A/B tests on the onboarding funnel.\\n")
    >>> s = label_file(d / "in.csv", d / "out.csv", title_column="title", jobs=1)
    >>> s.rows, s.errors, s.specialization
    (1, 0, {'growth': 1})
    >>> tmp.cleanup()
    """
    from pmclassify.predict.classifier import Classifier

    src, dst = str(input_path), str(output_path)
    fmt_in = detect_format(src, input_format)
    fmt_out = detect_format(dst, None) if dst != "-" else ("jsonl" if fmt_in == "jsonl" else "csv")
    if on_bad_line not in ("error", "skip"):
        raise InputError("--on-bad-line takes 'error' or 'skip'")
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; use 'local' or 'dask'")
    if scheduler is not None and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if dst != "-" and Path(dst).exists() and not overwrite:
        raise InputError(f"{dst} exists; pass --overwrite to replace it")
    if resume and "-" in (src, dst):
        raise ResumeError("--resume needs a named input and output file, not stdin/stdout")
    partial = Path(dst + ".pmclassify-partial") if dst != "-" else None
    if partial is not None and partial.exists() and not resume:
        raise ResumeError(f"{partial} holds an interrupted run: pass --resume to continue it, "
                          "or delete that folder to start over")

    bad_lines: list[tuple[int, str]] = []
    reader = Reader(src, fmt_in, encoding,
                    (lambda n, why: bad_lines.append((n, why))) if on_bad_line == "skip" else None)
    try:
        cols = reader.columns
        title_column = title_column_of(cols, title_column)
        check_columns(cols, (text_column, title_column, id_column), prefix, src)
        out_cols = [prefix + c for c in OUTPUT_COLUMNS]
        clf = Classifier.load(model_path)
        opts = {"input": os.path.abspath(src), "format": fmt_in, "text": text_column,
                "title": title_column, "id": id_column, "prefix": prefix, "encoding": encoding,
                "on_bad_line": on_bad_line, "chunk_size": chunk_size, "output_format": fmt_out,
                "model_version": clf.version, "columns": out_cols}
        if src != "-":
            st = os.stat(src)
            opts["input_size"], opts["input_mtime_ns"] = st.st_size, st.st_mtime_ns
        # Before the partial folder exists: a cluster that cannot be reached leaves nothing behind.
        executor = make_executor(engine, jobs or os.cpu_count() or 1, model_path, scheduler, clf)
        try:
            return _run(reader, cols, out_cols, opts, dst, partial, fmt_out, chunk_size,
                        executor, resume, progress, bad_lines)
        except InputError:
            # The file itself must change before a rerun, so nothing is left to resume.
            if partial is not None and partial.exists():
                shutil.rmtree(partial)
            raise
        finally:
            executor.close()
    finally:
        reader.close()


def _chunks(rows: Iterator[tuple[int, dict[str, Any]]], size: int
            ) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for _, row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_COUNTS = ("rows", "errors", "specialization", "seniority", "notes")


def _run(reader: Reader, cols: list[str], out_cols: list[str], opts: dict[str, Any], dst: str,
         partial: Path | None, fmt_out: str, chunk_size: int, executor: Executor, resume: bool,
         progress: Callable[[Progress], None] | None,
         bad_lines: list[tuple[int, str]]) -> BatchSummary:
    summary = BatchSummary(output=dst, title_column=opts["title"])
    state: dict[str, Any] = {"fingerprint": _fingerprint(opts), "options": opts, "parts": 0,
                             "counts": {}}
    if partial is not None:
        state_file = partial / "state.json"
        if resume and state_file.exists():
            saved = json.loads(state_file.read_text())
            if saved["fingerprint"] != state["fingerprint"]:
                changed = [k for k in opts if saved["options"].get(k) != opts[k]]
                raise ResumeError("the interrupted run used other options or another model ("
                                  f"{', '.join(changed)} differ); rerun it with the same ones, or "
                                  f"delete {partial} to start over")
            state = saved
            for k, v in state["counts"].items():
                setattr(summary, k, v)
            summary.resumed_from = summary.rows
        else:
            partial.mkdir(parents=True, exist_ok=True)
            save_state(partial, state)
    text_c, title_c = opts["text"], opts["title"]
    t0 = time.perf_counter()
    types = {prefix_c: TYPES[c] for c, prefix_c in zip(OUTPUT_COLUMNS, out_cols, strict=True)
             if c in TYPES}

    def pairs_of(chunk: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
        return [(as_text(r[text_c]), as_text(r[title_c]) if title_c else None) for r in chunk]

    chunks = _chunks(iter(reader), chunk_size)
    for _ in range(state["parts"]):  # parts already written: read past their rows
        next(chunks, None)
    pending: deque[tuple[list[dict[str, Any]], Any]] = deque()
    stdout_writer = None
    if partial is None:
        stdout_writer = Writer(sys.stdout.buffer, fmt_out, cols + out_cols, True, types,
                               reader.arrow_schema)

    def flush_one() -> None:
        chunk, fut = pending.popleft()
        preds = executor.result(fut)
        rows = [{**r, **dict(zip(out_cols, pr.values(), strict=True))}
                for r, pr in zip(chunk, preds, strict=True)]
        for r in rows:
            _count(summary, r, out_cols)
        if stdout_writer is not None:
            for row in rows:
                stdout_writer.write(row)
        else:
            assert partial is not None
            write_part(partial, state["parts"], fmt_out, cols + out_cols, rows, types,
                        reader.arrow_schema)
            state["parts"] += 1
            state["counts"] = {k: getattr(summary, k) for k in _COUNTS}
            save_state(partial, state)
        if progress is not None:
            # The reader is ahead of the rows done by the chunks in flight: scale its position.
            read = reader.position()
            done = read * summary.rows / rows_read if read is not None and rows_read else None
            progress(Progress(summary.rows, time.perf_counter() - t0, done))

    rows_read = summary.rows  # rows of earlier runs were read past too
    for chunk in chunks:
        rows_read += len(chunk)
        pending.append((chunk, executor.submit(pairs_of(chunk))))
        if len(pending) >= 2 * executor.workers:
            flush_one()
    while pending:
        flush_one()
    if stdout_writer is not None:
        stdout_writer.close()
        sys.stdout.flush()
    summary.skipped_lines = len(bad_lines)
    if bad_lines and dst != "-":
        report = dst + ".bad-lines.txt"
        Path(report).write_text("".join(f"line {n}: {why}\n" for n, why in bad_lines))
        summary.bad_line_report = report
    if partial is not None:
        join_parts(partial, state["parts"], Path(dst), fmt_out, cols + out_cols, types,
                    reader.arrow_schema)
        shutil.rmtree(partial)
    summary.seconds = time.perf_counter() - t0
    return summary


def _count(summary: BatchSummary, out: dict[str, Any], out_cols: list[str]) -> None:
    summary.rows += 1
    spec, sen, notes, err = (out[out_cols[OUTPUT_COLUMNS.index(c)]]
                             for c in ("specialization", "seniority", "notes", "error"))
    if err:
        summary.errors += 1
    for note in notes.split("; ") if notes else ():  # a note itself holds no "; "
        reason = re.split(r"[,:]", note, maxsplit=1)[0]
        summary.notes[reason] = summary.notes.get(reason, 0) + 1
    if spec:
        summary.specialization[spec] = summary.specialization.get(spec, 0) + 1
    if sen:
        summary.seniority[sen] = summary.seniority.get(sen, 0) + 1


def make_executor(engine: str, jobs: int, model_path: str | Path | None, scheduler: str | None,
              clf: Any) -> Executor:
    if engine == "dask":
        from pmclassify.batch.dask import DaskExecutor

        return DaskExecutor(scheduler, jobs, model_path, clf.version)
    return ProcessPool(jobs, clf, model_path) if jobs > 1 else InProcess(clf)
