"""Audit collections of documents too big for one machine, with Dask.

Needs the ``dask`` extra (``pip install 'fxaudit[dask]'``: dask's dataframe and
distributed). Dask is imported when these functions are called, not when this
module is imported.

- :func:`audit_dataframe`: a ``dask.dataframe.DataFrame`` of documents → a
  dask DataFrame of findings, one row per finding, with the columns of
  :data:`fxaudit.tabular.COLUMNS` (the same table :func:`fxaudit.audit_frame`
  makes for pandas).
- :func:`audit_bag`: a ``dask.bag.Bag`` of records (dicts with ``text``,
  ``date``, ``id``, or ``(text, date)`` pairs; e.g. JSON lines read with
  ``dask.bag.read_text(...).map(json.loads)``) → the same findings DataFrame.
- :func:`audit_reports`: a Bag of records → a Bag of :class:`fxaudit.Report`
  and :class:`fxaudit.DocumentError` objects (they pickle).
- :func:`setup_workers`: on a ``distributed`` cluster, load the rate table and
  lexicon once on every worker, now and on workers that join later.

Each worker process reads the rate table once, on first use, and keeps it
(about 0.1 s and 6 MiB); tasks never ship it. The graph is lazy: call
``.compute()``, ``.to_parquet(...)`` or ``.to_csv(...)`` on the result.

    >>> import pandas as pd, dask.dataframe as dd
    >>> from fxaudit.dask import audit_dataframe
    >>> docs = pd.DataFrame({"text": ["A reward of 5,000 yuan (US$818).", "A fine of 3,000 yuan (US$425)."],
    ...                      "date": ["2020-04-15", "2020-04-15"]})
    >>> findings = audit_dataframe(dd.from_pandas(docs, npartitions=2))
    >>> findings.compute(scheduler="sync")[["id", "verdict", "deviation"]].round(3)
       id       verdict  deviation
    0   0  inconsistent      0.155
    0   1    consistent      0.000
"""
from __future__ import annotations

from collections.abc import Mapping

__all__ = ["audit_bag", "audit_dataframe", "audit_reports", "meta", "setup_workers", "warm_up"]


def meta():
    """An empty findings DataFrame: the columns and dtypes every partition has."""
    from .tabular import empty_frame

    return empty_frame()


def _audit_partition(pdf, text, date, id_, default_date, options):
    from .batch import audit_frame

    if len(pdf) == 0:
        return meta()
    return audit_frame(pdf, text=text, date=date, id=id_, default_date=default_date, progress=False,
                       **options)


def audit_dataframe(ddf, text: str = "text", date: str = "date", id: str | None = None, *,
                    default_date: object = None, **audit_kwargs):
    """Audit each row of a dask DataFrame of documents; a lazy dask DataFrame of findings.

    The arguments are those of :func:`fxaudit.audit_frame`: ``text`` and
    ``date`` name columns, ``id`` the column of document ids (default: the
    index), ``default_date`` stands in for missing dates; other keyword
    arguments go to :func:`fxaudit.audit`. Documents without findings have no
    row; a document that could not be audited has one row with its ``error``.
    """
    return ddf.map_partitions(_audit_partition, text, date, id, default_date, audit_kwargs,
                              meta=meta(), enforce_metadata=False, align_dataframes=False)


def _with_ids(records, partition: int):
    """Records of one bag partition, each given an id if it has none: 'P:K'."""
    for k, rec in enumerate(records):
        if isinstance(rec, Mapping) and rec.get("id") in (None, ""):
            rec = {**rec, "id": f"{partition}:{k}"}
        elif isinstance(rec, (tuple, list)) and len(rec) == 2:
            rec = (f"{partition}:{k}", rec[0], rec[1])
        yield rec


def _bag_reports(records, partition: int, default_date, options) -> list:
    from .batch import audit_many

    return list(audit_many(_with_ids(records, partition), default_date=default_date, progress=False,
                           **options))


def _bag_frame(records, partition: int, default_date, options):
    from .batch import findings_frame

    return findings_frame(_bag_reports(records, partition, default_date, options))


def audit_reports(bag, *, default_date: object = None, **audit_kwargs):
    """A Bag of :class:`fxaudit.Report` (or :class:`fxaudit.DocumentError`), one per record.

    Records are those of :func:`fxaudit.audit_many`. A record without an id
    gets ``"P:K"``, its partition and position in it.
    """
    import dask
    import dask.bag as db

    parts = [dask.delayed(_bag_reports)(part, n, default_date, audit_kwargs)
             for n, part in enumerate(bag.to_delayed())]
    return db.from_delayed(parts)


def audit_bag(bag, *, default_date: object = None, **audit_kwargs):
    """Audit a Bag of records into a lazy dask DataFrame of findings (one partition per bag partition)."""
    import dask
    import dask.dataframe as dd

    parts = [dask.delayed(_bag_frame)(part, n, default_date, audit_kwargs)
             for n, part in enumerate(bag.to_delayed())]
    return dd.from_delayed(parts, meta=meta(), verify_meta=False)


def warm_up() -> str:
    """Load the bundled rate table and the lexicon in this process; say what was loaded."""
    from .audit import audit
    from .rates import default_rates

    table = default_rates().table
    audit("warm-up: 1 euro ($1.09)", "2020-04-15")
    return f"{table.label} rates {table.first} to {table.last}"


def setup_workers(client) -> dict:
    """Load the rates on every worker of a ``distributed`` client, now and on later workers.

    Registers a worker plugin (:class:`fxaudit._dask_plugin.RatesPlugin`) and
    returns ``{worker address: what was loaded}``.
    """
    from ._dask_plugin import RatesPlugin

    client.register_plugin(RatesPlugin())
    return client.run(warm_up)
