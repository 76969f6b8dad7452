"""Stage 8b: scale out on Dask (``pip install .[dask]``).

Two ways in:

* :func:`classify` labels a Dask DataFrame partition by partition (``map_partitions``), for
  users who already hold their postings in Dask.
* ``pmclassify batch --engine dask`` (:class:`DaskExecutor`) keeps :func:`label_file`'s reading
  and writing in this process and sends the chunks to the cluster. Splitting a CSV by byte
  ranges, as ``dask.dataframe.read_csv`` does, cuts quoted fields that hold newlines, which
  posting descriptions nearly always do; reading in one place keeps every row whole, in order,
  resumable and with malformed lines reported, while the classifying (the costly part, about
  100× slower than parsing) spreads over the workers.

Either way each worker process loads the model once and keeps it
(:func:`pmclassify.batch.workers.worker_classifier`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmclassify.batch.workers import Workers
from pmclassify.errors import InputError, PmClassifyError


def _label_partition(df: Any, text_column: str, title_column: str | None, prefix: str,
                     model_path: str | None, version: str) -> Any:
    from pmclassify.batch.workers import worker_classifier

    return worker_classifier(model_path, version).predict_dataframe(
        df, text_column=text_column, title_column=title_column, prefix=prefix)


def classify(ddf: Any, text_column: str = "description", title_column: str | None = None, *,
             prefix: str = "", model_path: str | Path | None = None) -> Any:
    """A lazy Dask DataFrame: ``ddf``'s columns plus the prediction columns.

    The model (the shipped one, or ``model_path``, which every worker must be able to read)
    is loaded once per worker process, on its first partition. ``title_column=None`` reads
    ``ddf``'s ``title`` column when it has one; ``""`` none.

    >>> import dask.dataframe as dd, pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({
    ...     "description": ["Craft positioning and messaging for each launch.", "Write Go code."],
    ...     "title": ["Product Marketing Manager", "Software Engineer"]}), npartitions=1)
    >>> out = classify(ddf, text_column="description", title_column="title")
    >>> out[["is_pm", "specialization"]].compute(scheduler="sync").values.tolist()
    [[True, 'pmm'], [False, None]]

    With real data: ``classify(dd.read_parquet("postings/"), ...).to_parquet("labeled/")``.
    """
    import pandas as pd

    from pmclassify.model.artifacts import read_metadata
    from pmclassify.predict.rows import OUTPUT_COLUMNS, PANDAS_DTYPES, input_columns

    title_column = input_columns([str(c) for c in ddf.columns], text_column, title_column,
                                 prefix, "the DataFrame")
    meta = ddf._meta.copy()
    for c in OUTPUT_COLUMNS:
        meta[prefix + c] = pd.Series(dtype=PANDAS_DTYPES[c])
    path = str(model_path) if model_path is not None else None
    # Workers must label with the model this process would use (checked on each worker).
    version = read_metadata(path)["model_version"]
    # "" and not None: a partition must not find a title column the caller turned down.
    return ddf.map_partitions(_label_partition, text_column, title_column or "", prefix, path,
                              version, meta=meta)


class DaskExecutor(Workers):
    """Classifies :func:`~pmclassify.batch.label_file`'s chunks on a Dask cluster, through its
    client's :class:`concurrent.futures.Executor`: the cluster at ``scheduler``, or a local
    cluster of ``workers`` processes when None."""

    def __init__(self, scheduler: str | None, workers: int, model_path: str | Path | None,
                 model_version: str) -> None:
        import logging

        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise PmClassifyError("the dask engine needs the dask extra: pip install "
                                  "'pmclassify[dask]'") from exc
        self.cluster = None
        try:
            if scheduler is None:
                # A random dashboard port: None does not turn it off (dask/distributed#8136).
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=True, dashboard_address=":0",
                                            silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            else:
                # Waits distributed.comm.timeouts.connect (Dask's config) before giving up.
                self.client = Client(scheduler)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; check "
                             "the address (e.g. tcp://host:8786) and that it is running") from exc
        # pure=False: two equal chunks are two tasks, each with its own rows.
        super().__init__(self.client.get_executor(pure=False),
                         max(1, len(self.client.scheduler_info()["workers"])), model_path,
                         model_version)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
