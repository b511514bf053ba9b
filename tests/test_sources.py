"""The online rate sources against a real HTTP server on 127.0.0.1 (never the internet).

Fixtures (conftest.py): ``local_server`` is a pytest-httpserver HTTPServer on
127.0.0.1 that a test may stop; ``online_env`` gives the test its own
FXAUDIT_CACHE_DIR, turns offline mode off, and sets a 2 s timeout and no retries.
"""
import datetime as dt
import time
import warnings
from decimal import Decimal as D

import pytest
import ratefixtures as F
from werkzeug import Response

import fxaudit
from fxaudit import Rates, audit
from fxaudit.errors import (
    DownloadError,
    InvalidRateDataError,
    NotCachedError,
    StaleRatesWarning,
)
from fxaudit.net import fetch, http_cache_path, is_cached
from fxaudit.sources import (
    EcbSource,
    FedBundledSource,
    FrankfurterSource,
    FredSource,
    RateSource,
    reference_rates,
    resolve_source,
)

NEW = dt.date.fromisoformat(F.NEW_DAY)


def serve(server, path, data, status=200, content_type="application/zip"):
    server.expect_request(path).respond_with_data(data, status=status, content_type=content_type)
    return server.url_for(path)


def ecb(server, data=None, **kw):
    url = serve(server, "/eurofxref-hist.zip", F.ecb_hist_zip() if data is None else data, **kw)
    return Rates(sources=[EcbSource(url, server.url_for("/eurofxref-daily.xml"))]), url


# ---- the ECB online ------------------------------------------------------------------

def test_ecb_history_zip_answers_past_the_bundle(local_server, online_env):
    rates, url = ecb(local_server)
    r = rates.rate("USD", "CNY", F.NEW_DAY)
    assert r.value == D("7.4287") / D("1.1163") and r.source == "ecb-online"
    assert str(r) == "1 USD = 6.6548 CNY (ECB reference rate of 2026-11-02, downloaded from the ECB)"
    assert rates.rate("EUR", "JPY", "2026-10-30").value == D("175.68")
    # "N/A" is a missing rate, not zero
    with pytest.raises(fxaudit.CurrencyNotAvailableError):
        rates.rate("EUR", "BGN", F.NEW_DAY)
    assert http_cache_path().parent == online_env and is_cached(url)


def test_cache_hit_with_the_server_stopped(local_server, online_env):
    rates, url = ecb(local_server)
    first = rates.rate("USD", "JPY", F.NEW_DAY)
    local_server.stop()
    again = Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY)  # a new instance: no memo
    assert again == first


def test_expired_copy_is_used_when_the_refresh_fails(local_server, online_env, monkeypatch, capsys):
    from fxaudit import net

    rates, url = ecb(local_server)
    monkeypatch.setattr(net, "LATEST_EXPIRE", 1)
    rates.rate("USD", "JPY", F.NEW_DAY)
    time.sleep(1.2)
    local_server.stop()
    with pytest.warns(StaleRatesWarning, match="could not refresh the ECB history file.*cached copy"):
        r = Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY)
    assert r.date == NEW
    assert "Traceback" not in capsys.readouterr().err  # one warning line, no traceback


def test_a_bad_refresh_keeps_the_good_cached_copy(local_server, online_env, monkeypatch):
    from fxaudit import net

    rates, url = ecb(local_server)
    monkeypatch.setattr(net, "LATEST_EXPIRE", 1)
    rates.rate("USD", "JPY", F.NEW_DAY)
    time.sleep(1.2)
    local_server.clear()
    serve(local_server, "/eurofxref-hist.zip", F.HTML_PAGE, content_type="text/html")
    with pytest.warns(StaleRatesWarning):
        assert Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY).date == NEW
    local_server.stop()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StaleRatesWarning)
        assert fetch(url, lambda raw: raw[:2], what="x", offline=True) == b"PK"  # still the zip


def test_offline_mode_reads_the_cache_only(local_server, online_env, monkeypatch):
    url = serve(local_server, "/eurofxref-hist.zip", F.ecb_hist_zip())
    with pytest.raises(NotCachedError, match="not in the cache.*online=True"):
        Rates(sources=[EcbSource(url, offline=True)]).rate("USD", "JPY", F.NEW_DAY)
    assert len(local_server.log) == 0  # offline: no request at all
    Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY)
    local_server.stop()
    monkeypatch.setenv("FXAUDIT_OFFLINE", "1")
    assert Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY).date == NEW
    with pytest.raises(NotCachedError, match="FXAUDIT_OFFLINE is set; unset it to download"):
        Rates(sources=[EcbSource(url + "?other")]).rate("USD", "JPY", F.NEW_DAY)
    with pytest.raises(NotCachedError, match="FXAUDIT_OFFLINE is set"):  # the switch beats online=True
        reference_rates("fed", online=True).rate("USD", "CNY", "2026-11-02")
    assert len(local_server.log) == 1


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_are_clear_and_not_cached(local_server, online_env, status):
    rates, url = ecb(local_server, b"Not Found" if status == 404 else b"oops", status=status,
                     content_type="text/plain")
    with pytest.raises(DownloadError, match=f"HTTP {status}.*eurofxref-hist.zip.*FXAUDIT_ECB_URL"):
        rates.rate("USD", "JPY", F.NEW_DAY)
    assert not is_cached(url)


def test_server_errors_are_retried_with_backoff(local_server, online_env, monkeypatch):
    from fxaudit import net

    monkeypatch.setenv("FXAUDIT_HTTP_RETRIES", "2")
    monkeypatch.setattr(net, "BACKOFF_FACTOR", 0.01)
    answers = iter([Response("busy", 503), Response("busy", 503), Response(F.ecb_hist_zip(), 200)])
    local_server.expect_request("/eurofxref-hist.zip").respond_with_handler(lambda request: next(answers))
    r = Rates(sources=[EcbSource(local_server.url_for("/eurofxref-hist.zip"))]).rate("USD", "JPY", F.NEW_DAY)
    assert r.date == NEW and len(local_server.log) == 3


def test_timeout(local_server, online_env, monkeypatch):
    monkeypatch.setenv("FXAUDIT_HTTP_TIMEOUT", "0.3")

    def slow(request):
        time.sleep(1.0)
        return Response(F.ecb_hist_zip(), 200)

    local_server.expect_request("/eurofxref-hist.zip").respond_with_handler(slow)
    url = local_server.url_for("/eurofxref-hist.zip")
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"timed out \(timeout 0.3 s"):
        Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY)
    assert time.monotonic() - started < 0.9
    assert not is_cached(url)


@pytest.mark.parametrize("payload, message", [
    (F.ecb_hist_zip()[:-40], "damaged or truncated"),
    (F.HTML_PAGE, "HTML page"),
    (b"", "empty"),
    (F.ecb_hist_zip(csv_text="Datum;USD\n2026-11-02;1.1\n"), "not an ECB history file"),
    (F.ecb_hist_zip(rows=[(F.NEW_DAY, {"USD": "11.2"}), ("2026-10-30", {"USD": "1.1172"})]),
     "implausible USD rate on 2026-11-02"),
    (F.ecb_hist_zip(rows=[(F.NEW_DAY, {"USD": "0"})]), "not a positive rate"),
    (F.ecb_hist_zip(rows=[(F.NEW_DAY, {"USD": "-1.1"})]), "not a positive rate"),
    (F.ecb_hist_zip(rows=[("2026-11-01", {"USD": "1.1"})]), "Sunday"),
    (F.ecb_hist_zip(rows=[("2999-01-04", {"USD": "1.1"})]), "in the future"),
    (F.ecb_hist_zip(rows=[("2026-13-02", {"USD": "1.1"})]), "not a YYYY-MM-DD date"),
])
def test_invalid_payloads_are_refused_and_never_cached(local_server, online_env, payload, message):
    rates, url = ecb(local_server, payload)
    with pytest.raises(InvalidRateDataError, match=message):
        rates.rate("USD", "JPY", F.NEW_DAY)
    assert not is_cached(url)
    # once the server is fixed, the same URL answers: nothing bad was left behind
    local_server.clear()
    serve(local_server, "/eurofxref-hist.zip", F.ecb_hist_zip())
    assert Rates(sources=[EcbSource(url)]).rate("USD", "JPY", F.NEW_DAY).date == NEW


def test_daily_xml_extends_the_history(local_server, online_env):
    hist = F.ecb_hist_zip(rows=F.ECB_ROWS[1:])  # ends 2026-10-30
    url = serve(local_server, "/eurofxref-hist.zip", hist)
    daily = serve(local_server, "/eurofxref-daily.xml", F.ecb_daily_xml(F.NEW_DAY, F.NEW_FIXINGS),
                  content_type="text/xml")
    rates = Rates(sources=[EcbSource(url, daily)])
    assert rates.rate("EUR", "USD", "2026-10-30").value == D("1.1172")
    assert [r.date for r in rates.history("USD", "CNY", F.NEW_DAY, 2)] == [
        NEW, dt.date(2026, 10, 30), dt.date(2026, 10, 29)]
    assert rates.rate("EUR", "CNY", F.NEW_DAY).value == D("7.4287")


def test_daily_xml_that_is_not_valid(local_server, online_env):
    url = serve(local_server, "/eurofxref-hist.zip", F.ecb_hist_zip(rows=F.ECB_ROWS[1:]))
    daily = serve(local_server, "/eurofxref-daily.xml", F.ecb_daily_xml(F.NEW_DAY, {"USD": "11.2"}),
                  content_type="text/xml")
    with pytest.raises(InvalidRateDataError, match="implausible USD"):
        Rates(sources=[EcbSource(url, daily)]).rate("EUR", "USD", F.NEW_DAY)
    assert not is_cached(daily)
    local_server.clear()
    serve(local_server, "/eurofxref-daily.xml", b"<html><body>moved</body></html>", content_type="text/html")
    with pytest.raises(InvalidRateDataError, match="HTML"):
        Rates(sources=[EcbSource(url, daily)]).rate("EUR", "USD", F.NEW_DAY)


# ---- FRED -------------------------------------------------------------------------------

@pytest.fixture
def fred(local_server, online_env, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "k123")
    local_server.expect_request("/fred/series/observations").respond_with_handler(F.fred_handler(F.FRED_2020))
    return local_server.url_for("/fred")


def test_fred_rates_and_cross_rates(fred):
    rates = Rates(sources=[FredSource(base_url=fred)])
    r = rates.rate("USD", "CNY", "2020-04-15")
    assert r.value == D("7.0664") and r.source == "fred"
    assert str(r) == "1 USD = 7.0664 CNY (Federal Reserve H.10 rate of 2020-04-15, from FRED)"
    # DEXUSEU is dollars per euro: EUR/CNY = 7.0664 * 1.0888
    assert rates.rate("EUR", "CNY", "2020-04-15").value == D("7.0664") * D("1.0888")
    # "." (Good Friday in New York here) is a day without a value: the fixing before is used
    assert rates.rate("USD", "CNY", "2020-04-10").date == dt.date(2020, 4, 9)
    assert [h.date.day for h in rates.history("USD", "CNY", "2020-04-15", 2)] == [15, 14, 13]
    with pytest.raises(fxaudit.CurrencyNotAvailableError, match="do not include RON"):
        rates.rate("USD", "RON", "2020-04-15")


def test_fred_api_key_is_not_stored_and_offline_needs_no_key(fred, monkeypatch, local_server):
    Rates(sources=[FredSource(base_url=fred)]).rate("USD", "CNY", "2020-04-15")
    assert b"k123" not in http_cache_path().read_bytes()
    local_server.stop()
    monkeypatch.delenv("FRED_API_KEY")
    r = Rates(sources=[FredSource(base_url=fred, offline=True)]).rate("CNY", "USD", "2020-04-15")
    assert r.value == 1 / D("7.0664")


def test_fred_errors(fred, monkeypatch):
    with pytest.raises(DownloadError, match="HTTP 400.*api_key=\\*\\*\\*.*api_key is not registered"):
        Rates(sources=[FredSource(api_key="wrong", base_url=fred)]).rate("USD", "CNY", "2020-04-15")
    monkeypatch.delenv("FRED_API_KEY")
    with pytest.raises(DownloadError, match="requires an API key: set FRED_API_KEY"):
        Rates(sources=[FredSource(base_url=fred)]).rate("USD", "CNY", "2020-04-15")


def test_fred_implausible_values(local_server, online_env):
    bad = {"DEXCHUS": [("2020-04-14", "7.0479"), ("2020-04-15", "70.664")]}
    local_server.expect_request("/fred/series/observations").respond_with_handler(F.fred_handler(bad))
    with pytest.raises(InvalidRateDataError, match="implausible DEXCHUS rate on 2020-04-15"):
        Rates(sources=[FredSource("k123", local_server.url_for("/fred"))]).rate("USD", "CNY", "2020-04-15")


# ---- Frankfurter ----------------------------------------------------------------------------

def test_frankfurter_date_and_range_endpoints(local_server, online_env):
    local_server.expect_request("/v1/2020-04-15", query_string="from=USD&to=CNY").respond_with_data(
        F.frankfurter_one("USD", "2020-04-15", {"CNY": 7.0621}), content_type="application/json")
    april = {"2020-04-01": {"CNY": 7.0852}, "2020-04-02": {"CNY": 7.0977}}
    march = {"2020-03-30": {"CNY": 7.0938}, "2020-03-31": {"CNY": 7.0851}}
    local_server.expect_request("/v1/2020-04-01..2020-04-30").respond_with_data(
        F.frankfurter_range("USD", "2020-04-01", "2020-04-30", april), content_type="application/json")
    local_server.expect_request("/v1/2020-03-01..2020-03-31").respond_with_data(
        F.frankfurter_range("USD", "2020-03-01", "2020-03-31", march), content_type="application/json")
    rates = Rates(sources=[FrankfurterSource(local_server.url_for("/v1"))])
    r = rates.rate("USD", "CNY", "2020-04-15")
    assert r.value == D("7.0621") and r.source == "frankfurter"  # exact: JSON numbers read as Decimal
    assert "Frankfurter API rate of 2020-04-15" in str(r)
    # a band of fixings asks for whole months, here March and April
    assert [h.value for h in rates.history("USD", "CNY", "2020-04-02", 2)] == [
        D("7.0977"), D("7.0852"), D("7.0851")]
    local_server.stop()
    assert Rates(sources=[FrankfurterSource(local_server.url_for("/v1"))]).rate(
        "USD", "CNY", "2020-04-15").value == D("7.0621")  # from the cache, never expiring


def test_frankfurter_errors(local_server, online_env):
    base = local_server.url_for("/v1")
    local_server.expect_request("/v1/2020-04-15").respond_with_json({"message": "not found"}, status=404)
    with pytest.raises(DownloadError, match="HTTP 404.*not found.*FXAUDIT_FRANKFURTER_URL"):
        Rates(sources=[FrankfurterSource(base)]).rate("USD", "CNY", "2020-04-15")
    local_server.clear()
    local_server.expect_request("/v1/2020-04-15").respond_with_data(
        F.frankfurter_one("EUR", "2020-04-15", {"CNY": 7.6998}), content_type="application/json")
    with pytest.raises(InvalidRateDataError, match="base 'EUR', not USD"):
        Rates(sources=[FrankfurterSource(base)]).rate("USD", "CNY", "2020-04-15")
    local_server.clear()
    local_server.expect_request("/v1/2020-04-15").respond_with_data(
        F.frankfurter_one("USD", "2020-04-15", {"CNY": -7}), content_type="application/json")
    with pytest.raises(InvalidRateDataError, match="not a positive rate"):
        Rates(sources=[FrankfurterSource(base)]).rate("USD", "CNY", "2020-04-15")
    assert not is_cached(f"{base}/2020-04-15", {"from": "USD", "to": "CNY"})


# ---- composing sources, references --------------------------------------------------------

def test_default_rates_never_go_online(local_server, online_env, monkeypatch):
    monkeypatch.setenv("FXAUDIT_ECB_URL", serve(local_server, "/eurofxref-hist.zip", F.ecb_hist_zip()))
    assert [s.name for s in Rates().sources] == ["ecb-bundled"]
    with pytest.raises(fxaudit.DateOutOfCoverageError, match="fxaudit rates update"):
        fxaudit.rate("USD", "CNY", F.NEW_DAY)
    assert len(local_server.log) == 0
    online = Rates(online=True)
    assert [s.name for s in online.sources] == ["ecb-bundled", "ecb-online"]
    assert online.rate("USD", "CNY", "2020-04-15").source == "ecb-bundled"  # local first
    assert len(local_server.log) == 0
    assert online.rate("USD", "CNY", F.NEW_DAY).source == "ecb-online"  # online past the bundle
    # a date before every history is not worth a download
    with pytest.raises(fxaudit.DateOutOfCoverageError, match="1999-01-04"):
        Rates(online=True).rate("USD", "JPY", "1990-01-02")


def test_the_most_useful_error_is_raised(local_server, online_env):
    url = serve(local_server, "/eurofxref-hist.zip", b"gone", status=404, content_type="text/plain")
    rates = Rates(sources=["ecb-bundled", EcbSource(url)])
    with pytest.raises(DownloadError, match="HTTP 404"):
        rates.rate("USD", "CNY", F.NEW_DAY)


def test_source_names_and_protocol():
    for name in ("ecb-bundled", "ecb-store", "ecb-online", "fed-bundled", "fred", "frankfurter"):
        source = resolve_source(name)
        assert isinstance(source, RateSource) and source.name == name
    with pytest.raises(fxaudit.InvalidArgumentError, match="unknown rate source 'ecb-live'"):
        Rates(sources=["ecb-live"])
    with pytest.raises(fxaudit.InvalidArgumentError):
        Rates(sources=[])
    with pytest.raises(fxaudit.InvalidArgumentError, match="unknown reference"):
        reference_rates("imf")


def test_fed_bundled_series():
    fed = Rates(sources=[FedBundledSource()])
    assert fed.rate("USD", "CNY", "2020-04-15").value == D("7.0664")
    assert fed.rate("USD", "CNY", "1981-01-02").value == D("1.5341")
    assert fed.table.last == dt.date(2026, 9, 18) and fed.name == "fed"
    with pytest.raises(fxaudit.CurrencyNotAvailableError):
        fed.rate("USD", "JPY", "2020-04-15")


def test_audit_against_several_references():
    text = "A reward of 5,000 yuan (US$708) and a fine of 3,000 yuan (US$450)."
    report = audit(text, "2020-04-15", references=["ecb", "fed", "frankfurter"])
    ok, bad = report.findings
    assert [c.reference for c in ok.references] == ["ecb", "fed", "frankfurter"]
    assert ok.verdict is fxaudit.Verdict.CONSISTENT and ok.best_reference == "ecb"
    assert ok.references[1].rate.source == "fed-bundled"
    assert ok.references[2].verdict is fxaudit.Verdict.UNVERIFIABLE
    assert "not in the cache" in ok.references[2].reason  # offline: cache only, no crash
    assert "it fits ecb best (0.00% off); fed +0.06% (consistent); frankfurter cannot tell" in ok.explanation
    assert bad.verdict is fxaudit.Verdict.INCONSISTENT and bad.diagnosis
    assert ok.to_dict()["references"][1]["reference"] == "fed"
    # fits only the Fed's rate: consistent, and the Fed named
    f = audit("Fine: 100,000 yuan (US$14,151).", "2020-04-15", references=["ecb", "fed"],
              source_spread=0, band_fixings=0).findings[0]
    assert [c.verdict.value for c in f.references] == ["inconsistent", "consistent"]
    assert f.verdict is fxaudit.Verdict.CONSISTENT and f.best_reference == "fed"
    assert f.rate.source == "fed-bundled" and "Federal Reserve H.10 rate of 2020-04-15" in f.explanation


def test_audit_references_edge_cases():
    same = audit("Fine: 3,000 yuan (US$425).", "2020-04-15")
    one = audit("Fine: 3,000 yuan (US$425).", "2020-04-15", references=["ecb"]).findings[0]
    assert one.verdict == same.findings[0].verdict and one.explanation == same.findings[0].explanation
    assert same.findings[0].references == () and one.best_reference == "ecb"
    past = audit("Fine: 3,000 yuan (US$425).", "2030-01-02", references=["ecb", "fed"]).findings[0]
    assert past.verdict is fxaudit.Verdict.UNVERIFIABLE and past.best_reference is None
    assert past.reason.startswith("ecb: ") and "; fed: " in past.reason
    named = Rates(sources=["fed-bundled"], name="h10")
    assert audit("Fine: 3,000 yuan (US$425).", "2020-04-15",
                 references=[named]).findings[0].best_reference == "h10"
    for bad in ([], ["ecb", "ecb"], ["imf"], [3], 3):
        with pytest.raises(fxaudit.InvalidArgumentError):
            audit("Fine: 3,000 yuan (US$425).", "2020-04-15", references=bad)
