"""fxaudit.dask on a real distributed LocalCluster: 2 worker processes, 1 thread each."""
import json
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import fxaudit
from fxaudit.dask import audit_bag, audit_dataframe, audit_reports, setup_workers
from fxaudit.tabular import COLUMN_NAMES

DAY = "2020-04-15"
TEXTS = ["A reward of 5,000 yuan (US$818) was offered.",
         "A fine of 3,000 yuan (US$425) was imposed.",
         "No money at all.",
         "The club paid 60 million euros ($65.4 million) for the striker."]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def docs():
    return pd.DataFrame({"id": [f"d{i}" for i in range(24)],
                         "text": [TEXTS[i % 4] for i in range(24)],
                         "date": [DAY] * 23 + ["not a date"]})


def _sorted(df):
    return df.sort_values(["id", "finding"], key=lambda s: s.astype(str)).reset_index(drop=True)


def test_workers_load_the_rates_once(client):
    loaded = setup_workers(client)
    assert len(loaded) == 2 and all("ECB" in v for v in loaded.values())
    # the plugin stays registered for workers that join later
    plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert all("fxaudit-rates" in names for names in plugins.values())

    def table_id():
        from fxaudit.rates import default_rates

        return id(default_rates().table)

    first, second = client.run(table_id), client.run(table_id)
    assert first == second                                        # the same table object each time


def test_audit_dataframe_on_the_cluster_matches_pandas(client, docs):
    ddf = dd.from_pandas(docs, npartitions=4)
    lazy = audit_dataframe(ddf, id="id")
    assert list(lazy.columns) == list(COLUMN_NAMES)
    result = lazy.compute()
    expected = fxaudit.audit_frame(docs, id="id")
    assert len(result) == len(expected) == 18                     # 17 findings + 1 error row
    pd.testing.assert_frame_equal(_sorted(result), _sorted(expected), check_dtype=False)
    assert (result["verdict"] == "inconsistent").sum() == 6
    assert result.loc[result["error"].notna(), "id"].tolist() == ["d23"]


def test_audit_bag_of_json_lines(client, tmp_path, docs):
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(rec) + "\n" for rec in docs.to_dict("records")))
    bag = db.read_text(str(path), blocksize=400).map(json.loads)
    assert bag.npartitions > 1
    result = audit_bag(bag).compute()
    assert _sorted(result)["id"].tolist() == _sorted(fxaudit.audit_frame(docs, id="id"))["id"].tolist()
    reports = audit_reports(bag).compute()
    assert len(reports) == 24 and isinstance(reports[0], fxaudit.Report)
    assert isinstance(reports[-1], fxaudit.DocumentError)


def test_bag_records_without_ids_get_partition_ids(client):
    bag = db.from_sequence([(TEXTS[0], DAY)] * 4, npartitions=2)
    result = audit_bag(bag).compute()
    assert sorted(result["id"]) == ["0:0", "0:1", "1:0", "1:1"]


def test_the_documented_corpus_run(client):
    """docs/dask.md: the 1,000-document corpus, read as JSON lines in blocks, on the cluster."""
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus.jsonl"
    setup_workers(client)
    bag = db.read_text(str(corpus), blocksize="64 kB").map(json.loads)
    assert bag.npartitions >= 2
    findings = audit_bag(bag).compute()
    assert findings["verdict"].value_counts().to_dict() == {"consistent": 612, "inconsistent": 246}
    labels = {rec["id"]: rec["label"] for rec in map(json.loads, corpus.read_text().splitlines())}
    flagged = set(findings.loc[findings["verdict"] == "inconsistent", "id"])
    assert flagged == {i for i, label in labels.items() if label in ("slip", "inverted", "stale")}


def test_the_documented_script_runs_as_written(tmp_path):
    """docs/dask.md's LocalCluster script, taken from the page and run as a script from the repo."""
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "dask.md").read_text(encoding="utf-8")
    (script,) = [b for b in re.findall(r"```python\n(.*?)```", page, re.DOTALL) if "LocalCluster(" in b]
    path = tmp_path / "run_on_a_local_cluster.py"
    path.write_text(script)
    out = subprocess.run([sys.executable, str(path)], cwd=root, capture_output=True, text=True,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert re.search(r"consistent\s+612", out.stdout) and re.search(r"inconsistent\s+246", out.stdout)
