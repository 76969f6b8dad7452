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
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pmclassify.batch.parts import Lock, join_parts, save_state, write_part
from pmclassify.batch.summary import BatchSummary, Progress, count
from pmclassify.batch.workers import InProcess, ProcessPool, Workers
from pmclassify.errors import InputError, OutputError, ResumeError
from pmclassify.files.formats import detect_format, output_format
from pmclassify.files.read import Reader
from pmclassify.files.write import Writer, as_text
from pmclassify.predict.rows import OUTPUT_COLUMNS, TYPES, input_columns


@dataclass(frozen=True)
class RunOptions:
    """What decides a run's output: an interrupted run resumes only with the same (the input
    file's size and modification time included, so that an edited input starts over)."""

    input: str
    format: str
    text: str
    title: str | None
    id: str | None
    prefix: str
    encoding: str
    on_bad_line: str
    chunk_size: int
    output_format: str
    model_version: str
    columns: list[str]
    input_size: int | None = None
    input_mtime_ns: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v is not None or k not in ("input_size",
                                                                          "input_mtime_ns")}

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:16]

    def changed_from(self, saved: dict[str, Any]) -> list[str]:
        """The options whose value differs from ``saved`` (a :meth:`to_dict` of another run)."""
        return [k for k, v in self.to_dict().items() if saved.get(k) != v]


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
    src, dst = str(input_path), str(output_path)
    fmt_in = detect_format(src, input_format)
    fmt_out = output_format(dst) if dst != "-" else ("jsonl" if fmt_in == "jsonl" else "csv")
    if chunk_size < 1:
        raise InputError(f"--chunk-size must be at least 1, not {chunk_size}")
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs} (leave it out for one per core)")
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
    lock = Lock(partial) if partial is not None else None
    if lock is not None and partial is not None and partial.exists():
        lock.acquire()  # refuses while another run writes this output
        if not resume:
            lock.release()
            raise ResumeError(f"{partial} holds an interrupted run: pass --resume to continue "
                              "it, or delete that folder to start over")
    try:
        return _label(src, dst, fmt_in, fmt_out, partial, lock, text_column=text_column,
                      title_column=title_column, id_column=id_column, encoding=encoding,
                      prefix=prefix, on_bad_line=on_bad_line, jobs=jobs, chunk_size=chunk_size,
                      resume=resume, model_path=model_path, progress=progress, engine=engine,
                      scheduler=scheduler)
    except OSError as exc:
        where = exc.filename or dst
        raise OutputError(f"cannot write {where}: {exc.strerror or exc}; check that its folder "
                          "exists, is writable and has room") from exc
    finally:
        if lock is not None:
            lock.release()


def _label(src: str, dst: str, fmt_in: str, fmt_out: str, partial: Path | None,
           lock: Lock | None, *, text_column: str, title_column: str | None,
           id_column: str | None, encoding: str, prefix: str, on_bad_line: str,
           jobs: int | None, chunk_size: int, resume: bool, model_path: str | Path | None,
           progress: Callable[[Progress], None] | None, engine: str, scheduler: str | None,
           ) -> BatchSummary:
    from pmclassify.predict.classifier import Classifier

    bad_lines: list[tuple[int, str]] = []
    reader = Reader(src, fmt_in, encoding,
                    (lambda n, why: bad_lines.append((n, why))) if on_bad_line == "skip" else None)
    try:
        cols = reader.columns
        title_column = input_columns(cols, text_column, title_column, prefix, src, id_column)
        out_cols = [prefix + c for c in OUTPUT_COLUMNS]
        clf = Classifier.load(model_path)
        st = os.stat(src) if src != "-" else None
        opts = RunOptions(
            input=os.path.abspath(src), format=fmt_in, text=text_column, title=title_column,
            id=id_column, prefix=prefix, encoding=encoding, on_bad_line=on_bad_line,
            chunk_size=chunk_size, output_format=fmt_out, model_version=clf.version,
            columns=out_cols, input_size=st.st_size if st else None,
            input_mtime_ns=st.st_mtime_ns if st else None)
        # Before the partial folder exists: a cluster that cannot be reached leaves nothing behind.
        executor = make_executor(engine, jobs or os.cpu_count() or 1, model_path, scheduler, clf)
        try:
            summary = _run(reader, cols, out_cols, opts, dst, partial, lock, fmt_out, chunk_size,
                           executor, resume, progress, bad_lines)
            summary.encoding = reader.encoding_used
            return summary
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


_COUNTS = ("rows", "errors", "needs_review", "specialization", "seniority", "notes")


def _run(reader: Reader, cols: list[str], out_cols: list[str], opts: RunOptions, dst: str,
         partial: Path | None, lock: Lock | None, fmt_out: str, chunk_size: int,
         executor: Workers, resume: bool,
         progress: Callable[[Progress], None] | None,
         bad_lines: list[tuple[int, str]]) -> BatchSummary:
    summary = BatchSummary(output=dst, title_column=opts.title)
    state: dict[str, Any] = {"fingerprint": opts.fingerprint(), "options": opts.to_dict(),
                             "parts": 0, "counts": {}}
    if partial is not None:
        state_file = partial / "state.json"
        if resume and state_file.exists():
            saved = json.loads(state_file.read_text())
            if saved["fingerprint"] != state["fingerprint"]:
                changed = opts.changed_from(saved["options"])
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
        if lock is not None:
            lock.acquire()
    text_c, title_c = opts.text, opts.title
    t0 = time.perf_counter()
    types = {prefix_c: TYPES[c] for c, prefix_c in zip(OUTPUT_COLUMNS, out_cols, strict=True)
             if c in TYPES}

    def pairs_of(chunk: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
        # A JSONL record may lack a key: its cell is empty.
        return [(as_text(r.get(text_c)), as_text(r.get(title_c)) if title_c else None)
                for r in chunk]

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
        preds = fut.result()
        rows = [{**r, **{oc: pr[c] for c, oc in zip(OUTPUT_COLUMNS, out_cols, strict=True)}}
                for r, pr in zip(chunk, preds, strict=True)]
        for pr in preds:
            count(summary, pr)
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


def make_executor(engine: str, jobs: int, model_path: str | Path | None, scheduler: str | None,
              clf: Any) -> Workers:
    if engine == "dask":
        from pmclassify.batch.dask import DaskExecutor

        return DaskExecutor(scheduler, jobs, model_path, clf.version)
    return ProcessPool(jobs, clf, model_path) if jobs > 1 else InProcess(clf, model_path)
