"""Concurrency: audit from many threads at once from cold caches, and on spawn process pools.

fxaudit loads its data lazily (the rate table, the lexicon, the per-language
tables, babel's locale data). The thread test runs in a fresh interpreter so
that every one of those caches starts empty and 8 threads race to fill them;
the results must equal a serial run's.
"""
from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys
import textwrap
from functools import partial
from pathlib import Path

import fxaudit

ROOT = Path(__file__).resolve().parent.parent

#: (text, date, locale): conversions in many currencies and scripts, consistent, wrong,
#: unverifiable, ranges, hedges, stated rates, and text with no money at all.
DOCS = [
    ("A reward of 5,000 yuan (US$818) was offered.", "2020-04-15", "en"),
    ("The fine is 3,000 yuan (US$425).", "2020-04-15", "en"),
    ("It cost €20 billion ($23 billion) in 2019.", "2019-06-03", "en"),
    ("The bridge cost £1.2bn (about $1.5bn).", "2016-03-01", "en"),
    ("He earns Rs 50,000 (about $700) a month.", "2018-08-20", "en_IN"),
    ("The deal is worth 2.5 lakh crore rupees ($34 billion).", "2021-02-01", "en_IN"),
    ("Tickets cost ¥10,000 (about $90).", "2019-11-11", "en"),
    ("罚款5万元（约合7,000美元）。", "2020-04-15", "zh_CN"),
    ("他获得了五千元奖金。", "2020-04-15", "zh_CN"),
    ("Die Strafe beträgt 1.500 Euro (rund 1.700 Dollar).", "2020-01-15", "de"),
    ("Le billet coûte 5,50 € (6 $ US).", "2021-05-05", "fr"),
    ("Between $1m and $2m (€0.9m–€1.8m) was spent.", "2020-07-01", "en"),
    ("Prices rose from 5 to 6 dlrs a barrel.", "2015-01-05", "en"),
    ("The rate was fixed at ($1 = 83.12 rupees).", "2024-01-10", "en"),
    ("A 10-pound bag of flour and 600 mln pounds of polyethylene.", "2020-04-15", "en"),
    ("No money is mentioned here, only 1987 and 42 apples.", "2020-04-15", "en"),
    ("The company paid HK$1.2 million (US$154,000).", "2022-09-09", "en"),
    ("She sold it for C$500 (US$370).", "2023-03-15", "en"),
    ("An estimated 4,000 Swiss francs ($4,300) was lost.", "2017-10-10", "en"),
    ("It cost 1,000 kronor (about $95).", "2022-02-22", "en"),
    ("The Kremlin paid 3 billion rubles ($40 million).", "2021-12-01", "en"),
    ("Bitcoin rose to 30,000 dollars (27,000 euros).", "2021-01-04", "en"),
    ("The loan of 100 million won ($75,000) was repaid.", "2020-10-10", "en"),
    ("Prize: 1 million Mexican pesos ($50,000).", "2020-04-15", "en"),
    ("Costs of 5,000 yuan (US$818) in 2014.", "2014-11-25", "en"),
    ("A reward of 5,000 yuan (US$818) was offered.", "1998-12-31", "en"),
    ("A reward of 5,000 yuan (US$818) was offered.", "2099-01-01", "en"),
    ("The $5 note and the 5,000 yuan (US$708) fine.", "2020-04-15", "en"),
    ("Up to 700 dollars (600 euros) per person.", "2019-05-05", "en"),
    ("More than 9 billion forint ($30 million) was spent.", "2019-09-09", "en"),
    ("The fee is 25 cts (0.20 euro).", "2012-12-12", "en"),
    ("A 3,000–5,000 yuan ($425–$708) fine.", "2020-04-15", "en"),
    ("日本円で1万円（約90ドル）です。", "2019-11-11", "ja"),
    ("Штраф 5000 рублей (около $70).", "2020-04-15", "ru"),
    ("Il costo è di 2.000 euro (2.200 dollari).", "2020-02-02", "it"),
    ("Una multa de 1.000 euros (1.100 dólares).", "2020-03-03", "es"),
    ("The $ sign alone, 5 apples, and ¥ alone.", "2020-04-15", "en"),
    ("About A$2,000 (US$1,400) was raised.", "2020-06-30", "en"),
    ("5,000 yuan ($818), 5,000 yuan ($818), 5,000 yuan ($818).", "2020-04-15", "en"),
    ("The grant was 12 million Danish kroner (1.6 million euros).", "2018-04-04", "en"),
]


def _audit(doc: tuple[str, str, str]) -> fxaudit.Report:
    text, day, locale = doc
    return fxaudit.audit(text, day, locale=locale)


def test_the_docs_are_varied():
    reports = [_audit(d) for d in DOCS]
    verdicts = {f.verdict.value for r in reports for f in r.findings}
    assert verdicts == {"consistent", "inconsistent", "unverifiable"}
    assert sum(1 for r in reports if not r.findings) >= 3
    assert len({d[2] for d in DOCS}) >= 8


THREADS_SCRIPT = textwrap.dedent('''
    import pickle, sys, threading
    from concurrent.futures import ThreadPoolExecutor

    sys.setswitchinterval(1e-5)   # switch threads as often as possible during the cold start
    sys.path.insert(0, sys.argv[1])
    import fxaudit
    from test_concurrency import DOCS, _audit

    start, warm = threading.Barrier(8), threading.Barrier(8)

    def worker(k):                # thread k: 20 docs from doc 5k on; each doc gets 4 threads
        order = (DOCS[k * 5:] + DOCS[:k * 5])[:20]
        start.wait()              # all 8 threads hit the empty caches together
        results = {0: _audit(order[0])}
        if warm.wait() == 0:      # every cache is filled: back to the usual switching
            sys.setswitchinterval(0.005)
        results.update((i, _audit(d)) for i, d in enumerate(order) if i)
        return results, k

    with ThreadPoolExecutor(8) as pool:
        threaded = [pool.submit(worker, k) for k in range(8)]
        threaded = [f.result() for f in threaded]
    serial = [_audit(d) for d in DOCS]
    for results, k in threaded:
        order = (DOCS[k * 5:] + DOCS[:k * 5])[:20]
        assert len(results) == len(order) == 20
        for i, d in enumerate(order):
            assert results[i] == serial[DOCS.index(d)], (k, d)
    sys.stdout.write("ok %d threads x %d docs, %d findings\\n"
                     % (len(threaded), len(DOCS), sum(len(r.findings) for r in serial)))
''')


def test_eight_threads_from_cold_caches_match_a_serial_run():
    result = subprocess.run([sys.executable, "-c", THREADS_SCRIPT, str(Path(__file__).parent)],
                            check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok 8 threads x 40 docs"), result.stdout


def test_spawn_process_pool_gives_the_serial_results():
    serial = [_audit(d) for d in DOCS]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        pooled = pool.map(_audit, DOCS, chunksize=5)
        plain = pool.map(partial(fxaudit.audit, date="2020-04-15"), [d[0] for d in DOCS[:10]])
    assert pooled == serial
    assert plain == [fxaudit.audit(d[0], "2020-04-15") for d in DOCS[:10]]
    assert pickle.loads(pickle.dumps(pooled)) == serial


def test_audit_many_on_spawned_processes():
    if not hasattr(fxaudit, "audit_many"):  # pragma: no cover - before batch.py landed
        return
    en = [(text, day) for text, day, locale in DOCS if locale == "en"]
    serial = [fxaudit.audit(text, day) for text, day in en]
    pooled = list(fxaudit.audit_many(en, processes=2, chunksize=4, progress=False,
                                     mp_context="spawn"))
    assert [(r.findings, r.mentions) for r in pooled] == [(r.findings, r.mentions) for r in serial]
