"""HTTP for the online rate sources: one persistent cache, timeouts, retries, offline mode.

Every download fxaudit makes goes through :func:`fetch`, which uses a
``requests_cache.CachedSession`` backed by SQLite at
``<cache dir>/http_cache.sqlite``. The cache directory is ``$FXAUDIT_CACHE_DIR``
when set, else the user's cache directory (``~/.cache/fxaudit`` on Linux)::

    >>> import os
    >>> cache_dir() == Path(os.environ["FXAUDIT_CACHE_DIR"])   # set by the test suite
    True

Rules the sources rely on:

- An answer is validated (parsed) *before* it is written to the cache: a bad
  payload (an HTML error page, a truncated zip, implausible rates) raises
  :class:`~fxaudit.errors.InvalidRateDataError` and is never stored, so it
  cannot poison later runs.
- Each request says how long its answer stays fresh: the fixings of a past
  period never change, so they never expire; "latest" files expire within hours.
- When a refresh fails (network error, HTTP error, bad payload) and an expired
  copy is cached, that copy is used and a one-line
  :class:`~fxaudit.errors.StaleRatesWarning` says so (no traceback).
- Offline mode (``offline=True`` or ``FXAUDIT_OFFLINE=1``) answers from the cache
  only, expired entries included; a miss raises :class:`~fxaudit.errors.NotCachedError`.
- Timeouts (``FXAUDIT_HTTP_TIMEOUT``, default 30 s) and retries with exponential
  backoff on connection errors and HTTP 429/500/502/503/504
  (``FXAUDIT_HTTP_RETRIES``, default 3) apply to every request.

requests and requests_cache are imported on first use only.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .errors import (
    DownloadError,
    InvalidArgumentError,
    InvalidRateDataError,
    NotCachedError,
    StaleRatesWarning,
)

#: Seconds before a request that gets no answer is abandoned.
DEFAULT_TIMEOUT = 30.0
#: Retries after a connection error or an HTTP 429/5xx answer.
DEFAULT_RETRIES = 3
#: Backoff factor for the retries: waits of 0, 2×, 4× … this many seconds.
BACKOFF_FACTOR = 0.5
#: ``expire_after`` for answers that never change (a past period's fixings).
NEVER_EXPIRE = -1
#: ``expire_after`` for answers that change daily ("latest" files, the current period).
LATEST_EXPIRE = 3600

_RETRY_STATUS = (429, 500, 502, 503, 504)
_TRUE = {"1", "true", "yes", "on"}
_dirs_lock = threading.Lock()
_user_cache_dir: Path | None = None


def cache_dir() -> Path:
    """Where fxaudit keeps its HTTP cache and its rates store (not created here)."""
    global _user_cache_dir
    env = os.environ.get("FXAUDIT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if _user_cache_dir is None:
        with _dirs_lock:
            import platformdirs

            _user_cache_dir = Path(platformdirs.user_cache_dir("fxaudit", appauthor=False))
    return _user_cache_dir


def http_cache_path() -> Path:
    """The SQLite file of the HTTP cache."""
    return cache_dir() / "http_cache.sqlite"


def offline_default() -> bool:
    """True when ``FXAUDIT_OFFLINE`` asks for cache-only operation."""
    return os.environ.get("FXAUDIT_OFFLINE", "").strip().lower() in _TRUE


def _env_number(name: str, default: float, kind: type) -> Any:
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = kind(text)
    except ValueError:
        raise InvalidArgumentError(f"{name} must be a number, not {text!r}") from None
    if value < 0:
        raise InvalidArgumentError(f"{name} must not be negative, not {text!r}")
    return value


def timeout_default() -> float:
    return _env_number("FXAUDIT_HTTP_TIMEOUT", DEFAULT_TIMEOUT, float)


def retries_default() -> int:
    return _env_number("FXAUDIT_HTTP_RETRIES", DEFAULT_RETRIES, int)


class _DropRefreshTraceback(logging.Filter):
    """requests-cache logs a full traceback when it falls back to a stale response;
    fxaudit issues its own one-line StaleRatesWarning instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Request for URL")


_filter_installed = False


def _install_log_filter() -> None:
    global _filter_installed
    if not _filter_installed:
        logging.getLogger("requests_cache.session").addFilter(_DropRefreshTraceback())
        _filter_installed = True


def _session(validate: Callable[[Any], bool], retries: int):
    """A CachedSession on the shared SQLite cache that stores only answers ``validate`` accepts."""
    from requests.adapters import HTTPAdapter
    from requests_cache import CachedSession
    from urllib3.util.retry import Retry

    _install_log_filter()
    path = http_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    session = CachedSession(
        str(path), backend="sqlite", expire_after=LATEST_EXPIRE, allowable_codes=(200,),
        stale_if_error=True, filter_fn=validate, cache_control=False)
    # read=False: a read timeout is reported at once, not retried (each try would wait the
    # whole timeout again); connection errors and 429/5xx answers are retried with backoff.
    retry = Retry(total=retries, connect=retries, read=False, status=retries,
                  status_forcelist=_RETRY_STATUS, allowed_methods={"GET"},
                  backoff_factor=BACKOFF_FACTOR, raise_on_status=False)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = "fxaudit (https://pypi.org/project/fxaudit/)"
    return session


def shown_url(url: str, params: Mapping[str, str] | None = None) -> str:
    """The URL as it may be printed: query included, any API key masked."""
    if not params:
        return url
    safe = {k: ("***" if "key" in k.lower() else v) for k, v in params.items()}
    return f"{url}?{urlencode(safe, safe='*')}"


def _reason(exc: BaseException) -> str:
    """Short words for a requests exception, without the nested urllib3 repr."""
    import requests

    if isinstance(exc, requests.Timeout):
        return "timed out"
    text = str(exc)
    for marker, words in (("Connection refused", "connection refused"),
                          ("Name or service not known", "host name not found"),
                          ("nodename nor servname", "host name not found"),
                          ("timed out", "timed out"),
                          ("Max retries exceeded", "could not connect")):
        if marker in text:
            return words
    return type(exc).__name__


def fetch(url: str, parse: Callable[[bytes], Any], *, what: str, params: Mapping[str, str] | None = None,
          expire_after: float = LATEST_EXPIRE, offline: bool | None = None, refresh: bool = False,
          hint: str = "", timeout: float | None = None, retries: int | None = None,
          error_detail: Callable[[bytes], str | None] | None = None) -> Any:
    """GET ``url`` through the cache and return ``parse(body)``.

    ``parse`` validates the body and raises :class:`InvalidRateDataError` when it
    is not acceptable; only bodies it accepts are cached. ``what`` names the
    thing fetched in messages ("the ECB history file"), ``hint`` says what the
    user can do ("check FXAUDIT_ECB_URL"). ``refresh=True`` ignores the cached
    copy (it is replaced only by a valid new one, and a failure is an error, not
    a silent fallback). ``error_detail`` may extract a server's own error text
    from an HTTP error body.
    """
    import requests

    offline = offline_default() if offline is None else offline
    timeout = timeout_default() if timeout is None else timeout
    retries = retries_default() if retries is None else retries
    shown = shown_url(url, params)
    tail = f"; {hint}" if hint else ""
    parsed: dict[bytes, Any] = {}

    def validate(response) -> bool:
        if response.status_code != 200:
            return True  # not cached anyway (allowable_codes), and reported below
        key = hashlib.sha256(response.content).digest()
        if key not in parsed:
            parsed[key] = parse(response.content)  # raises InvalidRateDataError: not cached
        return True

    session = _session(validate, retries)
    try:
        try:
            response = session.get(url, params=params, timeout=timeout, expire_after=expire_after,
                                   only_if_cached=offline, force_refresh=refresh and not offline)
        except InvalidRateDataError as exc:
            _forget(session, url, params)
            raise InvalidRateDataError(f"{what} from {shown} is not valid: {exc}{tail}") from None
        except requests.RequestException as exc:
            raise DownloadError(f"could not download {what} from {shown}: {_reason(exc)} "
                                f"(timeout {timeout:g} s, {retries} retries){tail}") from None
        status = response.status_code
        if status == 504 and offline:  # requests-cache's answer to a miss with only_if_cached
            why = ("FXAUDIT_OFFLINE is set; unset it to download" if offline_default() else
                   "downloads were not asked for; pass online=True (command line: --online) to download it")
            raise NotCachedError(f"{what} ({shown}) is not in the cache at {http_cache_path()}, and {why}")
        if status != 200:
            detail = error_detail(response.content) if error_detail else None
            detail = f" ({detail})" if detail else ""
            raise DownloadError(f"could not download {what}: HTTP {status} {response.reason or ''}"
                                f"".rstrip() + f" from {shown}{detail}{tail}")
        if getattr(response, "from_cache", False) and response.is_expired and not offline:
            created = getattr(response, "created_at", None)
            when = f" of {created:%Y-%m-%d %H:%M} UTC" if created else ""
            warnings.warn(StaleRatesWarning(
                f"fxaudit: could not refresh {what} from {shown}; using the cached copy{when}"),
                stacklevel=3)
        key = hashlib.sha256(response.content).digest()
        if key in parsed:
            return parsed[key]
        try:
            return parse(response.content)
        except InvalidRateDataError as exc:
            _forget(session, url, params)
            raise InvalidRateDataError(f"{what} from {shown} is not valid: {exc}{tail}") from None
    finally:
        session.close()


def _forget(session, url: str, params: Mapping[str, str] | None) -> None:
    """Remove a cached answer (one that no longer validates)."""
    import requests

    request = requests.Request("GET", url, params=params).prepare()
    session.cache.delete(requests=[request])


def forget(url: str, params: Mapping[str, str] | None = None) -> None:
    """Remove the cached answer to this GET request, if any."""
    session = _session(lambda response: True, 0)
    try:
        _forget(session, url, params)
    finally:
        session.close()


def is_cached(url: str, params: Mapping[str, str] | None = None) -> bool:
    """Whether the cache holds an answer for this GET request (fresh or expired)."""
    import requests

    session = _session(lambda response: True, 0)
    try:
        return session.cache.contains(request=requests.Request("GET", url, params=params).prepare())
    finally:
        session.close()
