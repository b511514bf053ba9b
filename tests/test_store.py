"""`fxaudit rates update`: download, validate, merge atomically; the store is never damaged.

Every test runs against a real HTTP server on 127.0.0.1 (``local_server``) with
its own FXAUDIT_CACHE_DIR (``online_env``); see conftest.py.
"""
import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest
import ratefixtures as F
from werkzeug import Response

import fxaudit
from fxaudit.cli import main
from fxaudit.errors import (
    DownloadError,
    InvalidRateDataError,
    NotCachedError,
    RateSourceError,
)
from fxaudit.rates import Rates, bundled_table, reset_default_rates
from fxaudit.store import (
    load_store_table,
    parse_ecb_history,
    store_info,
    store_metadata,
    store_metadata_path,
    store_path,
    update_rates,
)

NEW = dt.date.fromisoformat(F.NEW_DAY)


def serve(server, data, path="/eurofxref-hist.zip", status=200, content_type="application/zip"):
    server.expect_request(path).respond_with_data(data, status=status, content_type=content_type)
    return server.url_for(path)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the store folder, byte for byte."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


_made_store: dict[str, bytes] = {}


@pytest.fixture
def updated(local_server, online_env):
    """A store made by one successful update from the fixture zip; returns its folder.

    The first use runs the update; later ones copy its files (the same bytes) to save time.
    """
    if not _made_store:
        result = update_rates(serve(local_server, F.ecb_hist_zip()))
        assert result.new_fixings == 1 and result.last == NEW
        _made_store.update(snapshot(store_path().parent))
    else:
        store_path().parent.mkdir(parents=True)
        for name, data in _made_store.items():
            (store_path().parent / name).write_bytes(data)
        reset_default_rates()
    return store_path().parent


def test_update_writes_a_merged_store_with_provenance(local_server, online_env):
    url = serve(local_server, F.ecb_hist_zip())
    result = update_rates(url)
    bundled = bundled_table()
    assert (result.first, result.last, result.previous_last) == (bundled.first, NEW, bundled.last)
    assert result.fixings == len(bundled.dates) + 1 and result.revised == 0
    assert str(result).startswith(f"ECB rates updated from {url}: 7,127 fixings 1999-01-04 to 2026-11-02 "
                                  f"(1 new fixing after 2026-10-30)")
    assert store_path() == online_env / "rates" / "ecb.csv.gz"
    meta = store_metadata()
    assert meta["source_url"] == url and meta["last_date"] == F.NEW_DAY and meta["new_fixings"] == 1
    assert meta["currencies"]["USD"] == ["1999-01-04", F.NEW_DAY]
    assert meta["currencies"]["RUB"] == ["2005-04-01", "2022-03-01"]  # from the bundle
    import hashlib

    assert meta["store_sha256"] == hashlib.sha256(store_path().read_bytes()).hexdigest()
    assert meta["input_sha256"] == hashlib.sha256(F.ecb_hist_zip()).hexdigest()
    text = gzip.decompress(store_path().read_bytes()).decode()
    assert text.splitlines()[-1].startswith(f"{F.NEW_DAY},1.1163,175.41,")


def test_after_an_update_rates_and_audits_use_the_store_offline(updated, local_server):
    local_server.stop()
    r = fxaudit.rate("USD", "CNY", F.NEW_DAY)
    assert r.source == "ecb-store" and r.value == D("7.4287") / D("1.1163")
    assert str(r) == "1 USD = 6.6548 CNY (ECB reference rate of 2026-11-02, local store)"
    assert [s.name for s in Rates().sources] == ["ecb-store", "ecb-bundled"]
    assert fxaudit.rate("USD", "CNY", "2020-04-15").value == D("7.6998") / D("1.0903")
    f = fxaudit.audit("A reward of 5,000 yuan (US$751).", F.NEW_DAY).findings[0]
    assert f.verdict is fxaudit.Verdict.CONSISTENT and f.rate.source == "ecb-store"
    with pytest.raises(fxaudit.DateOutOfCoverageError, match="after the last stored ECB fixing \\(2026-11-02\\)"):
        fxaudit.rate("USD", "CNY", "2026-11-20")


def test_a_second_update_merges_and_counts_revisions(updated, local_server):
    rows = [("2026-11-03", {"USD": "1.1201", "JPY": "176.02", "CNY": "7.4501"}),
            (F.NEW_DAY, {"USD": "1.1164", "JPY": "175.41", "CNY": "7.4287"})]  # USD revised
    local_server.clear()
    result = update_rates(serve(local_server, F.ecb_hist_zip(rows=rows)))
    assert (result.new_fixings, result.revised, result.previous_last) == (1, 1, NEW)
    assert fxaudit.rate("EUR", "USD", F.NEW_DAY).value == D("1.1164")
    assert fxaudit.rate("EUR", "JPY", "2026-11-03").value == D("176.02")
    assert fxaudit.rate("EUR", "JPY", "2026-10-30").value == D("175.68")  # kept from before


FAILURES = {
    "404": {"data": b"Not Found", "status": 404, "content_type": "text/plain",
            "error": DownloadError, "match": "HTTP 404"},
    "500": {"data": b"Internal error", "status": 500, "content_type": "text/plain",
            "error": DownloadError, "match": "HTTP 500"},
    "truncated zip": {"data": F.ecb_hist_zip()[:200], "error": InvalidRateDataError, "match": "truncated"},
    "html": {"data": F.HTML_PAGE, "content_type": "text/html", "error": InvalidRateDataError,
             "match": "HTML page"},
    "jump in the file": {"data": F.ecb_hist_zip(rows=[("2026-11-03", {"USD": "0.1116"}),
                                                      (F.NEW_DAY, {"USD": "1.1163"})]),
                         "error": InvalidRateDataError, "match": "implausible USD rate on 2026-11-03"},
    "jump from the store": {"data": F.ecb_hist_zip(rows=[("2026-11-03", {"USD": "11.9"})]),
                            "error": InvalidRateDataError, "match": "implausible USD rate on 2026-11-03"},
    "rewritten history": {"data": F.ecb_hist_zip(rows=[("2026-10-30", {"USD": "1.3172"})]),
                          "error": InvalidRateDataError,
                          "match": "the download says 1.3172.*known say 1.1172"},
    "zero": {"data": F.ecb_hist_zip(rows=[("2026-11-03", {"USD": "0.0000"})]),
             "error": InvalidRateDataError, "match": "not a positive rate"},
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failed_update_leaves_the_store_byte_identical(updated, local_server, case):
    spec = dict(FAILURES[case])
    error, match = spec.pop("error"), spec.pop("match")
    before = snapshot(updated)
    local_server.clear()
    url = serve(local_server, spec.pop("data"), path="/broken.zip", **spec)
    with pytest.raises(error, match=match) as info:
        update_rates(url)
    assert f"the local store {store_path()} was left as it was" in str(info.value)
    assert snapshot(updated) == before
    assert fxaudit.rate("USD", "CNY", F.NEW_DAY).source == "ecb-store"


def test_timeout_and_unreachable_server(updated, local_server, monkeypatch):
    monkeypatch.setenv("FXAUDIT_HTTP_TIMEOUT", "0.3")
    before = snapshot(updated)

    def slow(request):
        time.sleep(1.0)
        return Response(F.ecb_hist_zip(), 200)

    local_server.clear()
    local_server.expect_request("/slow.zip").respond_with_handler(slow)
    with pytest.raises(DownloadError, match="timed out"):
        update_rates(local_server.url_for("/slow.zip"))
    url = local_server.url_for("/eurofxref-hist.zip")
    local_server.stop()
    with pytest.raises(DownloadError, match="connection refused"):
        update_rates(url)  # `rates update` refreshes: a cached copy is not silently reused
    assert snapshot(updated) == before


def test_an_interrupted_write_leaves_the_store_intact(updated, local_server, monkeypatch):
    before = snapshot(updated)
    local_server.clear()
    url = serve(local_server, F.ecb_hist_zip(rows=[("2026-11-03", {"USD": "1.1201"})]))

    def power_cut(fd):
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr(os, "fsync", power_cut)
        with pytest.raises(KeyboardInterrupt):
            update_rates(url)
    assert snapshot(updated) == before  # no temporary file left behind either
    assert fxaudit.rate("EUR", "USD", F.NEW_DAY).source == "ecb-store"
    assert update_rates(url).last == dt.date(2026, 11, 3)  # and the next update works


def test_first_update_failing_writes_nothing(local_server, online_env):
    url = serve(local_server, F.HTML_PAGE, content_type="text/html")
    with pytest.raises(InvalidRateDataError, match="no local store was written"):
        update_rates(url)
    assert not store_path().parent.exists() or snapshot(store_path().parent) == {}
    assert [s.name for s in Rates().sources] == ["ecb-bundled"]


def test_offline_update_uses_the_cached_download(local_server, online_env):
    url = serve(local_server, F.ecb_hist_zip())
    with pytest.raises(NotCachedError, match="not in the cache"):
        update_rates(url, offline=True)
    assert len(local_server.log) == 0
    fxaudit.Rates(sources=[fxaudit.sources.EcbSource(url)]).rate("EUR", "USD", F.NEW_DAY)  # fills the cache
    local_server.stop()
    assert update_rates(url, offline=True).last == NEW


def test_update_from_a_file_path(online_env, tmp_path):
    path = tmp_path / "eurofxref-hist.zip"
    path.write_bytes(F.ecb_hist_zip())
    assert update_rates(str(path)).last == NEW
    assert update_rates(path.as_uri()).new_fixings == 0
    with pytest.raises(DownloadError, match="cannot read"):
        update_rates(str(tmp_path / "missing.zip"))
    with pytest.raises(DownloadError, match="only http"):
        update_rates("ftp://example.invalid/x.zip")


def test_a_damaged_store_is_reported_and_repaired(updated, local_server):
    store_path().write_bytes(b"not gzip at all")
    with pytest.raises(RateSourceError, match="cannot be read.*rates update"):
        fxaudit.rate("USD", "CNY", F.NEW_DAY)
    assert update_rates(serve(local_server, F.ecb_hist_zip(), path="/again.zip")).last == NEW
    assert load_store_table().last == NEW


def test_parse_rejects_malformed_history():
    cases = {
        "Date,USD,\n2020-04-15,1.09,\n2020-04-15,1.09,\n": "appears twice",
        "Date,usd,\n2020-04-15,1.09,\n": "bad currency code",
        "Date,USD,\n2020-04-15,1.09,2.0,\n": "more values than currencies",
        "Date,USD,\n2020-04-15,abc,\n": "not a number",
        "Date,USD,\n": "no fixings",
        "Date,USD,\n1998-12-31,1.09,\n": "before the first fixing",
    }
    for text, message in cases.items():
        with pytest.raises(InvalidRateDataError, match=message):
            parse_ecb_history(text)


# ---- the command line -----------------------------------------------------------------------

def test_done_when_scenario_in_process(local_server, online_env, monkeypatch, capsys, tmp_path):
    """`FXAUDIT_ECB_URL=<zip with one more day> fxaudit rates update`, stop the server, ask the rate."""
    monkeypatch.setenv("FXAUDIT_ECB_URL", serve(local_server, F.ecb_hist_zip()))
    assert main(["rates", "update"]) == 0
    assert "1 new fixing after 2026-10-30" in capsys.readouterr().out
    local_server.stop()
    assert main(["rate", "USD", "CNY", F.NEW_DAY]) == 0
    assert capsys.readouterr().out.strip() == (
        "1 USD = 6.6548 CNY (ECB reference rate of 2026-11-02, local store)")
    story = tmp_path / "story.txt"
    story.write_text("A reward of 5,000 yuan (US$751) was offered.")
    assert main(["audit", str(story), "--date", F.NEW_DAY]) == 0
    assert "2026-11-02" in capsys.readouterr().out
    assert main(["rates", "info"]) == 0
    out = capsys.readouterr().out
    assert "7,127 fixings, 1999-01-04 to 2026-11-02" in out and str(online_env) in out
    # and a broken server: exit 2, a clear message, nothing lost
    before = snapshot(store_path().parent)
    assert main(["rates", "update"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fxaudit: error: could not download the ECB history file") and "was left as it was" in err
    assert snapshot(store_path().parent) == before


def _console() -> str:
    found = shutil.which("fxaudit", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the fxaudit console script is not installed next to this Python")
    return found


def test_done_when_scenario_with_the_console_command(local_server, online_env):
    exe = _console()
    env = {k: v for k, v in os.environ.items() if k != "FXAUDIT_OFFLINE"}
    env["FXAUDIT_ECB_URL"] = serve(local_server, F.ecb_hist_zip())
    run = {"capture_output": True, "text": True, "env": env, "timeout": 120}
    done = subprocess.run([exe, "rates", "update"], check=False, **run)
    assert done.returncode == 0, done.stderr
    local_server.stop()
    rate = subprocess.run([exe, "rate", "USD", "CNY", F.NEW_DAY], check=False, **run)
    assert rate.returncode == 0, rate.stderr
    assert rate.stdout.strip() == "1 USD = 6.6548 CNY (ECB reference rate of 2026-11-02, local store)"
    before = snapshot(store_path().parent)
    broken = subprocess.run([exe, "rates", "update"], check=False, **run)  # the server is gone
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert "connection refused" in broken.stderr and "was left as it was" in broken.stderr
    assert snapshot(store_path().parent) == before


def test_rate_command_sources(capsys, online_env):
    assert main(["rate", "USD", "CNY", "2020-04-15", "--source", "fed"]) == 0
    assert capsys.readouterr().out.strip() == (
        "1 USD = 7.0664 CNY (Federal Reserve H.10 rate of 2020-04-15, bundled data)")
    assert main(["rates", "info"]) == 0
    assert "local store:   none" in capsys.readouterr().out
    assert json.loads(json.dumps(store_info()))["store"] is None
    assert store_metadata_path().name == "ecb.json"
