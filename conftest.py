"""Test-wide setup: keep every test, doctest and subprocess away from the user's real cache.

``FXAUDIT_CACHE_DIR`` (the HTTP cache and the local rates store) points to a
fresh temporary folder for the whole run, and ``FXAUDIT_OFFLINE=1`` makes sure
no test or doctest reaches the internet by accident: tests of the online
sources turn it off and talk to a local server only.
"""
import pytest


@pytest.fixture(scope="session", autouse=True)
def _isolated_fxaudit_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FXAUDIT_CACHE_DIR", str(tmp_path_factory.mktemp("fxaudit-cache")))
        mp.setenv("FXAUDIT_OFFLINE", "1")
        for name in ("FXAUDIT_ECB_URL", "FXAUDIT_ECB_DAILY_URL", "FXAUDIT_FRED_URL",
                     "FXAUDIT_FRANKFURTER_URL", "FRED_API_KEY"):
            mp.delenv(name, raising=False)
        from fxaudit.rates import reset_default_rates

        reset_default_rates()
        yield
        reset_default_rates()


@pytest.fixture
def local_server():
    """A real HTTP server on 127.0.0.1 (pytest-httpserver), one per test, so a test may stop it."""
    from pytest_httpserver import HTTPServer

    class QuickStopServer(HTTPServer):
        def thread_target(self):  # poll for shutdown every 20 ms, not every 0.5 s
            self.server.serve_forever(poll_interval=0.02)

    server = QuickStopServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def online_env(monkeypatch, tmp_path):
    """A private cache dir, online mode, short timeouts and no retries: for tests of downloads."""
    from fxaudit.rates import reset_default_rates

    monkeypatch.setenv("FXAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FXAUDIT_OFFLINE", raising=False)
    monkeypatch.setenv("FXAUDIT_HTTP_TIMEOUT", "2")
    monkeypatch.setenv("FXAUDIT_HTTP_RETRIES", "0")
    reset_default_rates()
    yield tmp_path / "cache"
    reset_default_rates()
