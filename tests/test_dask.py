"""The Dask engine, against a real distributed.LocalCluster with 2 worker processes."""

import csv
import logging

import pytest
from typer.testing import CliRunner

from pmclassify.cli import app
from pmclassify.errors import InputError

from .conftest import ENGINEER, GROWTH, PLATFORM, PMM

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

runner = CliRunner()


def _frame(n=40):
    texts = [GROWTH, ENGINEER, PMM, "", PLATFORM]
    titles = ["Growth PM", "Software Engineer", "Product Marketing Manager", "Product Manager",
              None]
    return pd.DataFrame({"id": [str(i) for i in range(n)],
                         "title": [titles[i % 5] for i in range(n)],
                         "description": [texts[i % 5] for i in range(n)]})


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as c:
        yield c


def test_classify_ddf_equals_predict_dataframe_and_loads_once_per_worker(cluster, tmp_path):
    from pmclassify import Classifier
    from pmclassify.batch.dask import classify

    df = _frame()
    path = tmp_path / "in.parquet"
    df.to_parquet(path, row_group_size=10)  # a multi-partition file: 4 row groups
    ddf = dd.read_parquet(path, split_row_groups=True)
    assert ddf.npartitions > 1
    with distributed.Client(cluster) as client:
        got = classify(ddf, text_column="description", title_column="title").compute()
        loads = client.run(lambda: __import__("pmclassify.batch.workers").batch.workers._loads)
    want = Classifier.load().predict_dataframe(df, text_column="description",
                                               title_column="title")
    got = got.reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    for c in want.columns:
        assert got[c].astype(object).where(got[c].notna(), None).tolist() == \
            want[c].astype(object).where(want[c].notna(), None).tolist(), c
    assert got["specialization"].tolist()[:3] == ["growth", None, "pmm"]
    assert got["error"].tolist()[3] == "" and got["is_pm"].tolist()[3]  # from its title
    assert len(loads) == 2 and all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1


def test_classify_ddf_finds_or_turns_down_the_title_column():
    from pmclassify import Classifier
    from pmclassify.batch.dask import classify

    df = _frame(10)
    ddf = dd.from_pandas(df, npartitions=2)
    clf = Classifier.load()
    found = classify(ddf).compute(scheduler="sync").reset_index(drop=True)
    off = classify(ddf, title_column="").compute(scheduler="sync").reset_index(drop=True)
    # The title shows in the evidence ("title: ..."), so the columns tell which was read.
    for got, title in ((found, "title"), (off, "")):
        want = clf.predict_dataframe(df, title_column=title)
        assert got["evidence"].tolist() == want["evidence"].tolist()
        assert got["pm_score"].tolist() == want["pm_score"].tolist()
    assert found["pm_score"].tolist() != off["pm_score"].tolist()


def test_classify_ddf_errors():
    from pmclassify.batch.dask import classify

    ddf = dd.from_pandas(_frame(5), npartitions=2)
    with pytest.raises(InputError, match="columns are: id, title, description"):
        classify(ddf, text_column="text")
    with pytest.raises(InputError, match="prefix"):
        classify(ddf.assign(error=""), text_column="description")


def test_cli_dask_engine_equals_local_engine_row_for_row(cluster, tmp_path):
    src = tmp_path / "in.csv"
    _frame(60).to_csv(src, index=False, quoting=csv.QUOTE_MINIMAL)
    local, remote = tmp_path / "local.csv", tmp_path / "dask.csv"
    r = runner.invoke(app, ["batch", str(src), "-o", str(local), "--title-column", "title",
                            "--jobs", "1", "--chunk-size", "7", "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["batch", str(src), "-o", str(remote), "--title-column", "title",
                            "--engine", "dask", "--scheduler", cluster.scheduler_address,
                            "--chunk-size", "7", "-q"])
    assert r.exit_code == 0, r.output
    assert remote.read_bytes() == local.read_bytes()
    with open(remote, newline="") as f:
        assert len(list(csv.DictReader(f))) == 60


def test_label_file_on_its_own_local_cluster(tmp_path):
    from pmclassify import label_file

    src = tmp_path / "in.csv"
    _frame(5).to_csv(src, index=False)
    s = label_file(src, tmp_path / "o.jsonl", title_column="title", engine="dask", jobs=1,
                   chunk_size=2)
    assert s.rows == 5 and s.errors == 0 and s.specialization["growth"] == 1


def test_cli_dask_engine_errors(tmp_path):
    import dask

    src = tmp_path / "in.csv"
    _frame(3).to_csv(src, index=False)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
            r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"), "--engine",
                                "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2
    assert "cannot reach the Dask scheduler" in r.output
    assert not (tmp_path / "o.csv.pmclassify-partial").exists()
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"),
                            "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--scheduler needs --engine dask" in r.output
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"), "--engine", "spark"])
    assert r.exit_code == 2 and "unknown engine" in r.output
