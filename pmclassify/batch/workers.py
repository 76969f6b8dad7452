"""Stage 8b: where a batch's chunks are classified — the model each worker process keeps, and
the executors (in this process, or a process pool; Dask's is in :mod:`pmclassify.batch.dask`)
that turn a chunk of ``(text, title)`` pairs into its rows (:mod:`pmclassify.predict.rows`).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import signal
import sys
from pathlib import Path
from typing import Any

from pmclassify.errors import ModelError
from pmclassify.predict.rows import classify_rows

# Per process: model path -> Classifier. Pool and Dask workers load a model once and keep it;
# a forked pool inherits the parent's entry and loads nothing.
_classifiers: dict[str | None, Any] = {}
_loads = 0  # models this process has loaded (the Dask test reads it on each worker)


def worker_classifier(model_path: str | None, version: str) -> Any:
    """This process's Classifier for ``model_path``, loaded on first use; refuses a model whose
    version is not ``version`` (the one the calling process labels with)."""
    global _loads
    clf = _classifiers.get(model_path)
    if clf is None or clf.version != version:  # a file changed under a long-lived worker
        from pmclassify.predict.classifier import Classifier

        clf = _classifiers[model_path] = Classifier.load(model_path)
        _loads += 1
    if clf.version != version:
        raise ModelError(f"a worker has model {clf.version}, this process {version}: install the "
                         "same pmclassify (or pass --model with a path every worker can read) on "
                         "all workers")
    return clf


def classify_chunk(pairs: list[tuple[str, str | None]], model_path: str | None,
                   version: str) -> list[dict[str, Any]]:
    """:func:`classify_rows` in a worker process, with its cached model."""
    return classify_rows(worker_classifier(model_path, version), pairs)


class Workers:
    """Where a batch's chunks are classified: a :class:`concurrent.futures.Executor` (this
    process, a process pool, or Dask's ``Client.get_executor()``) running
    :func:`classify_chunk`, and how many chunks it takes at once (``workers``)."""

    def __init__(self, executor: cf.Executor, workers: int, model_path: str | Path | None,
                 version: str) -> None:
        self.executor = executor
        self.workers = workers
        self.args = (str(model_path) if model_path else None, version)

    def submit(self, pairs: list[tuple[str, str | None]]) -> cf.Future[list[dict[str, Any]]]:
        return self.executor.submit(classify_chunk, pairs, *self.args)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class _Inline(cf.Executor):
    """Runs each call at once, in this process."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as exc:  # the caller's result() raises it, as a pool's would
            fut.set_exception(exc)
        return fut


class InProcess(Workers):
    """Chunks classified in this process, by the classifier it holds."""

    def __init__(self, clf: Any, model_path: str | Path | None) -> None:
        super().__init__(_Inline(), 1, model_path, clf.version)
        _classifiers[self.args[0]] = clf

    def close(self) -> None:
        _classifiers.pop(self.args[0], None)  # the caller holds its own reference


def quiet_worker() -> None:
    """A worker process's set-up: the run's own process answers Ctrl-C (once, in one line), so
    workers ignore it; and a worker ends with that process, however it ends (``kill -9``
    included), instead of printing a broken pipe's traceback or living on as an orphan."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ProcessPool(Workers):
    """Chunks classified on ``jobs`` processes of this machine, each with its model loaded once
    (forked from this process, they start with it)."""

    def __init__(self, jobs: int, clf: Any, model_path: str | Path | None) -> None:
        import multiprocessing as mp

        context = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
        super().__init__(cf.ProcessPoolExecutor(jobs, mp_context=context,
                                                initializer=quiet_worker),
                         jobs, model_path, clf.version)
        _classifiers[self.args[0]] = clf  # forked workers inherit it

    def close(self) -> None:
        # Not waiting for the chunks in flight (an interrupted run resumes from its parts), but
        # for the pool's own thread, whose exit hook would otherwise write to closed pipes.
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        for p in processes:
            p.terminate()
        super().close()
        _classifiers.pop(self.args[0], None)  # the caller holds its own reference
