"""Audit many documents: streaming, in order, optionally on a process pool.

    >>> import fxaudit
    >>> docs = [{"id": "a", "text": "A reward of 5,000 yuan (US$818).", "date": "2020-04-15"},
    ...         {"id": "b", "text": "A fine of 3,000 yuan (US$425).", "date": "2020-04-15"},
    ...         {"id": "c", "text": "No money here.", "date": "15 April"}]
    >>> for result in fxaudit.audit_many(docs, progress=False):
    ...     print(result.id, [f.verdict.value for f in result.findings])
    a ['inconsistent']
    b ['consistent']
    c []
    >>> print(result)
    document 'c' (#2): InvalidDateError: the text's date '15 April' is not an ISO date; write it as YYYY-MM-DD, e.g. '2020-04-15'

:func:`audit_many` yields one :class:`~fxaudit.Report` per document, or a
:class:`DocumentError` for a document that could not be audited (no date, a
bad date, a text that is not a string); the run goes on. It reads its input
lazily, so a generator over a file of millions of lines is never held in
memory: at most ``processes × 4 × chunksize`` documents are in flight.
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import ClassVar

from .report import SCHEMA, Report

__all__ = ["DocumentError", "audit_frame", "audit_many", "findings_frame"]

#: Documents sent to a worker process at a time when ``chunksize`` is not given.
DEFAULT_CHUNKSIZE = 64
#: Chunks kept in flight per worker process (bounds memory and keeps workers busy).
_PENDING_PER_PROCESS = 4


@dataclass(frozen=True)
class DocumentError:
    """A document that could not be audited, in place of its :class:`~fxaudit.Report`.

    ``index`` is the document's position in the input (from 0), ``id`` its id
    (the position when it had none), ``error_type`` the exception's class name
    and ``message`` its text. Like a report it has no findings, so code that
    loops over ``result.findings`` needs no special case.
    """

    id: object
    index: int
    error_type: str
    message: str
    date: dt.date | None = None

    findings: ClassVar[tuple] = ()
    mentions: ClassVar[tuple] = ()

    @property
    def inconsistent(self) -> list:
        return []

    def __len__(self) -> int:
        return 0

    def __iter__(self):
        return iter(())

    def to_dict(self) -> dict:
        """``{"schema", "id", "date", "index", "error": {"type", "message"}}``, JSON-ready."""
        from .tabular import jsonable_id

        return {"schema": SCHEMA, "id": jsonable_id(self.id),
                "date": self.date.isoformat() if self.date else None, "index": self.index,
                "error": {"type": self.error_type, "message": self.message}}

    def rows(self) -> list[dict]:
        """The single findings-table row that records the error (its ``error`` column set)."""
        from .tabular import error_row

        return [error_row(self.id, self.date, f"{self.error_type}: {self.message}")]

    def to_dataframe(self):
        from .tabular import to_frame

        return to_frame(self.rows())

    def __str__(self) -> str:
        return f"document {self.id!r} (#{self.index}): {self.error_type}: {self.message}"

    def _repr_html_(self) -> str:
        import html

        return ('<div class="fxaudit-error" style="border-left:3px solid #c62828;padding:4px 10px">'
                f"<strong>fxaudit</strong> · document {html.escape(str(self.id))} could not be audited: "
                f"<code>{html.escape(self.error_type)}</code> {html.escape(self.message)}</div>")


# ---- input records ------------------------------------------------------------------

def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    try:                                   # pandas.NaT, numpy.datetime64("NaT"): not equal to itself
        return bool(value != value)  # noqa: PLR0124
    except Exception:  # noqa: BLE001 - pandas.NA refuses bool()
        return type(value).__name__ == "NAType"


def _as_day(value: object) -> object:
    """Dates from pandas/numpy as ``datetime.date``; other values as given (audit checks them)."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if type(value).__name__ == "datetime64":  # numpy.datetime64
        return dt.date.fromisoformat(str(value)[:10])
    return value


def _normalize(item: object, index: int, default_date: object):
    """``(index, id, text, date)`` for a record, or a DocumentError saying what is wrong."""
    if isinstance(item, DocumentError):
        return item
    doc_id: object = index
    if isinstance(item, Mapping):
        if not _missing(item.get("id")):
            doc_id = item["id"]
        if "text" not in item:
            return DocumentError(doc_id, index, "InvalidArgumentError", "the record has no 'text' field")
        text, date = item["text"], item.get("date")
    elif isinstance(item, str):
        text, date = item, None
    elif isinstance(item, (tuple, list)) and len(item) in (2, 3):
        if len(item) == 2:
            text, date = item
        else:
            doc_id, text, date = item
    else:
        return DocumentError(index, index, "InvalidArgumentError",
                             "a document is a (text, date) pair, an (id, text, date) triple, "
                             f"or a dict with 'text', 'date' and 'id'; not {type(item).__name__}")
    if _missing(date):
        date = default_date
    if _missing(date):
        return DocumentError(doc_id, index, "InvalidDateError",
                             "the document has no date; give each record a 'date' (YYYY-MM-DD) "
                             "or pass default_date=")
    if not isinstance(text, str):
        what = "missing" if _missing(text) else f"a {type(text).__name__}"
        return DocumentError(doc_id, index, "InvalidArgumentError", f"the text is {what}, not a str",
                             date if isinstance(date, dt.date) else None)
    return index, doc_id, text, _as_day(date)


# ---- the work, in this process or a worker -------------------------------------------

_worker_options: dict = {}


def _init_worker(options: dict) -> None:
    """Pool initializer: keep the audit options and load the rate table and lexicon once."""
    global _worker_options
    _worker_options = options
    if options.get("rates") is None:
        from .audit import audit

        audit("warm-up: 1 euro ($1.09)", "2020-04-15")


def _audit_one(item, options: dict, record: bool):
    if isinstance(item, DocumentError):
        return item
    from .audit import audit
    from .dates import as_date

    index, doc_id, text, date = item
    try:
        report = audit(text, date, **options)
    except Exception as exc:
        if not record:
            raise
        try:
            day = as_date(date)
        except Exception:  # noqa: BLE001
            day = None
        return DocumentError(doc_id, index, type(exc).__name__, str(exc), day)
    return replace(report, id=doc_id)


def _audit_chunk(chunk: list, record: bool) -> list:
    return [_audit_one(item, _worker_options, record) for item in chunk]


# ---- progress ---------------------------------------------------------------------------

def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def progress_bar(progress: bool | None, total: int | None, desc: str | None = None):
    """A tqdm bar on stderr, or None: ``progress`` True forces it, None means "if stderr is a TTY"."""
    if progress is False or (progress is None and not _isatty(sys.stderr)):
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        if progress:
            raise ImportError("progress bars need tqdm: pip install 'fxaudit[progress]'") from None
        return None
    kwargs = {"total": total, "unit": "doc", "desc": desc, "file": sys.stderr, "dynamic_ncols": True,
              "mininterval": 0.25, "smoothing": 0.1}
    try:
        return tqdm(delay=0.5 if progress is None else 0, **kwargs)
    except TypeError:  # tqdm older than 4.62: no delay
        return tqdm(**kwargs)


# ---- the public functions --------------------------------------------------------------------

def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while True:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk


def audit_many(docs: Iterable, *, default_date: object = None, processes: int | None = None,
               chunksize: int | None = None, progress: bool | None = None, total: int | None = None,
               errors: str = "record", mp_context: str | None = None,
               **audit_kwargs) -> Iterator[Report | DocumentError]:
    """Audit documents one after another; yield a result per document, in input order.

    ``docs`` is any iterable (a list, a generator, a file being read) of
    ``(text, date)`` pairs, ``(id, text, date)`` triples, dicts with ``"text"``,
    ``"date"`` and optionally ``"id"``, or bare strings when ``default_date``
    is given. ``default_date`` is used for documents without a date.
    Documents without an id get their position in the input (from 0).

    ``processes``: ``None`` or 1 audits in this process; N > 1 uses a pool of
    N worker processes (``0``: one per CPU), each loading the rate table once.
    Workers are started with ``mp_context`` (default ``"spawn"``, safe
    everywhere; call from under ``if __name__ == "__main__":`` in scripts).
    ``chunksize`` documents go to a worker at a time (default
    :data:`DEFAULT_CHUNKSIZE`).

    ``progress``: a tqdm bar on stderr; ``None`` (default) shows it when stderr
    is a terminal, ``True`` always, ``False`` never. ``total`` is its length
    (taken from ``len(docs)`` when there is one).

    ``errors="record"`` (default) yields a :class:`DocumentError` for a
    document that fails and goes on; ``"raise"`` raises the exception.
    Other keyword arguments go to :func:`fxaudit.audit` (``locale``,
    ``rates``, ``band_fixings``, ...).
    """
    if errors not in ("record", "raise"):
        raise ValueError(f"errors must be 'record' or 'raise', not {errors!r}")
    record = errors == "record"
    if processes is not None and (not isinstance(processes, int) or processes < 0):
        raise ValueError(f"processes must be None or an int >= 0, not {processes!r}")
    if processes == 0:
        import os

        processes = os.cpu_count() or 1
    if chunksize is None:
        chunksize = DEFAULT_CHUNKSIZE
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be an int >= 1, not {chunksize!r}")
    if total is None and hasattr(docs, "__len__"):
        try:
            total = len(docs)
        except TypeError:
            total = None
    return _run(docs, default_date, processes or 1, chunksize, progress, total, record,
                mp_context or "spawn", audit_kwargs)


def _run(docs, default_date, processes, chunksize, progress, total, record, mp_context, options):
    # a generator apart from audit_many, so that bad arguments raise at the call
    items = (_normalize(item, i, default_date) for i, item in enumerate(docs))
    bar = progress_bar(progress, total)
    try:
        if processes == 1:
            for item in items:
                result = _audit_one(item, options, record)
                if not record and isinstance(result, DocumentError):
                    raise _as_exception(result)
                if bar is not None:
                    bar.update(1)
                yield result
            return
        yield from _pooled(items, processes, chunksize, record, mp_context, options, bar)
    finally:
        if bar is not None:
            bar.close()


def _as_exception(error: DocumentError) -> Exception:
    from . import errors as fx_errors

    cls = getattr(fx_errors, error.error_type, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = ValueError
    return cls(f"{error.message} (document {error.id!r}, #{error.index})")


def _pooled(items, processes, chunksize, record, mp_context, options, bar):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context(mp_context)
    chunks = _chunks(items, chunksize)
    pending: deque = deque()
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_init_worker,
                             initargs=(options,)) as pool:
        try:
            for chunk in itertools.islice(chunks, processes * _PENDING_PER_PROCESS):
                pending.append(pool.submit(_audit_chunk, chunk, record))
            while pending:
                try:
                    results = pending.popleft().result()
                except BrokenProcessPool as exc:
                    raise RuntimeError(
                        f"a worker process of audit_many died ({exc}). With mp_context={mp_context!r} "
                        "each worker re-imports the calling script: run it from a file (not stdin) and "
                        "start the work under `if __name__ == \"__main__\":`") from exc
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.append(pool.submit(_audit_chunk, nxt, record))
                for result in results:
                    if not record and isinstance(result, DocumentError):
                        raise _as_exception(result)
                    if bar is not None:
                        bar.update(1)
                    yield result
        finally:
            for future in pending:
                future.cancel()


def findings_frame(results: Iterable):
    """The tidy findings DataFrame (:data:`fxaudit.tabular.COLUMNS`) of reports and errors.

    Each report contributes one row per finding (none when it has no
    findings); each :class:`DocumentError` one row with only ``id``, ``date``
    and ``error`` set. Needs pandas.
    """
    from .tabular import to_frame

    return to_frame(row for result in results for row in result.rows())


def audit_frame(df, text: str = "text", date: str = "date", id: str | None = None, *,
                default_date: object = None, processes: int | None = None,
                chunksize: int | None = None, progress: bool | None = False,
                errors: str = "record", **audit_kwargs):
    """Audit the texts of a pandas DataFrame into the tidy findings DataFrame.

    ``text`` and ``date`` name the columns holding each document's text and
    date (a date column may hold strings, dates or timestamps);
    ``default_date`` stands in for a missing date or a missing ``date``
    column. ``id`` names the column whose values identify the documents in
    the result's ``id`` column; by default the frame's index is used.

    The result has one row per finding (:data:`fxaudit.tabular.COLUMNS`);
    documents without findings have no row (merge on ``id`` to keep them), a
    document that could not be audited has one row with its ``error``.
    ``processes``, ``chunksize``, ``progress`` (off by default here) and
    ``errors`` are those of :func:`audit_many`; other keyword arguments go to
    :func:`fxaudit.audit`.
    """
    from .errors import InvalidArgumentError

    if text not in df.columns:
        raise InvalidArgumentError(f"the DataFrame has no text column {text!r}; "
                                   f"its columns are {list(df.columns)}")
    if date not in df.columns and default_date is None:
        raise InvalidArgumentError(f"the DataFrame has no date column {date!r}; name it with date=, "
                                   "or pass default_date= for every row")
    if id is not None and id not in df.columns:
        raise InvalidArgumentError(f"the DataFrame has no id column {id!r}")
    ids = df[id] if id is not None else df.index
    dates = df[date] if date in df.columns else itertools.repeat(None)
    records = zip(ids, df[text], dates)
    results = audit_many(records, default_date=default_date, processes=processes, chunksize=chunksize,
                         progress=progress, total=len(df), errors=errors, **audit_kwargs)
    return findings_frame(results)
