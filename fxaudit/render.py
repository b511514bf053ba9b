"""Reports as HTML (Jupyter's rich display) and as short reprs for terminals.

:func:`report_html` draws the text with every amount of money highlighted:
the two amounts of a finding share the colour of its verdict (green
consistent, red inconsistent, grey unverifiable), other amounts are
underlined, and hovering shows the numbers. A table of the findings follows.
Long texts are cut to excerpts around the amounts. Everything taken from the
text is HTML-escaped.
"""
from __future__ import annotations

import html
from decimal import Decimal

from .rates import format_amount, significant

__all__ = ["COLOURS", "finding_repr", "report_html", "report_repr"]

#: ``verdict: (background, border)`` of the highlights and badges.
COLOURS = {
    "consistent": ("#cdeed4", "#2e7d32"),
    "inconsistent": ("#f8cfcf", "#c62828"),
    "unverifiable": ("#e3e3e3", "#616161"),
}
_RANK = {"consistent": 0, "unverifiable": 1, "inconsistent": 2}
_SYMBOL = {"consistent": "✓", "inconsistent": "✗", "unverifiable": "?"}


def _num(value: Decimal | None, currency: str | None = None) -> str:
    return "–" if value is None else format_amount(value, currency)


def _pct(deviation: Decimal | None) -> str:
    return "–" if deviation is None else f"{deviation:+.1%}".replace("%", " %")


def _rate_words(rate) -> str:
    if rate is None or not rate.value:
        return "–"
    if rate.value >= 1:
        return f"{significant(rate.value)} {rate.quote} per {rate.base}"
    return f"{significant(1 / rate.value)} {rate.base} per {rate.quote}"


def _label(finding) -> str:
    sev = f" ({finding.severity.value})" if finding.severity is not None else ""
    return finding.verdict.value + sev


def finding_tooltip(number: int, finding) -> str:
    """The hover text of a finding's highlights: verdict, numbers, cause."""
    lines = [f"Finding {number}: {_label(finding)}",
             f"{finding.source.text} → {finding.reported.text}"]
    rep_cur = finding.reported.currency
    if finding.expected is not None:
        lines.append(f"expected {_num(finding.expected, rep_cur)}, deviation {_pct(finding.deviation)}")
    if finding.rate is not None:
        lines.append(f"rate {_rate_words(finding.rate)} ({finding.rate.describe_source()})")
    tol = finding.tolerance
    if tol is not None:
        lines.append(f"exact over the rate band {_num(tol.expected_low, rep_cur)} to {_num(tol.expected_high, rep_cur)}; "
                     f"the figure stands for {_num(tol.accepted_low, rep_cur)} to {_num(tol.accepted_high, rep_cur)}")
    if finding.diagnosis:
        lines.append(f"likely cause: {finding.diagnosis}")
    if finding.reason:
        lines.append(f"cannot check: {finding.reason}")
    return "\n".join(lines)


def _mention_tooltip(mention) -> str:
    amount = f"{mention.amount:,}" + (f"–{mention.high:,}" if mention.high is not None else "")
    qual = "" if mention.qualifier.value == "exact" else f" ({mention.qualifier.value})"
    cur = mention.currency or "currency undecided: " + "/".join(mention.candidates or ("?",))
    return f"{amount} {cur}{qual}; not part of a conversion"


def _mark_style(verdict: str | None) -> str:
    if verdict is None:
        return "background:none;color:inherit;border-bottom:1px dashed #888;padding:0 1px"
    bg, border = COLOURS[verdict]
    return (f"background:{bg};color:#111;border:1px solid {border};border-radius:3px;"
            "padding:0 2px")


def _badge(verdict: str, text: str | None = None) -> str:
    bg, border = COLOURS[verdict]
    return (f'<span style="background:{bg};color:#111;border:1px solid {border};border-radius:3px;'
            f'padding:0 4px;white-space:nowrap">{html.escape(text or verdict)}</span>')


def _nowrap(text: str) -> str:
    return f'<span style="white-space:nowrap">{html.escape(text)}</span>'


def _windows(spans: list[tuple[int, int]], length: int, context: int) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` windows of ``context`` characters around each span."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        lo, hi = max(0, start - context), min(length, end + context)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _text_html(report, max_chars: int, context: int) -> tuple[str, str]:
    """The highlighted text (or excerpts of it) and a note on what was left out."""
    text = report.text
    marks: dict[int, tuple] = {}        # id(mention) -> (verdict, tooltip, finding numbers)
    numbers: dict[int, list[int]] = {}
    for k, f in enumerate(report.findings, 1):
        tip = finding_tooltip(k, f)
        for m in (f.source, f.reported):
            old = marks.get(id(m))
            verdict = f.verdict.value
            if old is not None:
                if _RANK[old[0]] > _RANK[verdict]:
                    verdict = old[0]
                tip = old[1] + "\n\n" + tip
            marks[id(m)] = (verdict, tip)
            numbers.setdefault(id(m), []).append(k)
    mentions = sorted(report.mentions, key=lambda m: (m.start, m.end))
    spans, last_end = [], -1
    for m in mentions:
        if m.start >= last_end and 0 <= m.start < m.end <= len(text):
            spans.append(m)
            last_end = m.end
    note = ""
    if len(text) <= max_chars:
        windows = [(0, len(text))]
    else:
        windows = _windows([(m.start, m.end) for m in spans], len(text), context) or [(0, min(len(text), context * 2))]
        shown, kept = 0, []
        for w in windows:
            if shown >= max_chars:
                break
            kept.append(w)
            shown += w[1] - w[0]
        left = sum(1 for m in spans if m.start >= kept[-1][1])
        windows = kept
        note = (f"Excerpts around the amounts of a {len(text):,}-character text"
                + (f"; {left} more amount(s) not shown" if left else "") + ".")
    parts: list[str] = []
    spans_iter = iter(spans)
    pending = next(spans_iter, None)
    for n, (lo, hi) in enumerate(windows):
        if lo > 0:
            parts.append('<span style="color:#888">[…]</span> ')
        pos = lo
        while pending is not None and pending.start < hi:
            m = pending
            if m.start >= pos:
                parts.append(html.escape(text[pos:m.start]))
                verdict, tip = marks.get(id(m), (None, _mention_tooltip(m)))
                css = f"fxaudit-mention fxaudit-{verdict or 'amount'}"
                attr = f' data-verdict="{verdict}"' if verdict else ""
                parts.append(f'<mark class="{css}"{attr} style="{_mark_style(verdict)}" '
                             f'title="{html.escape(tip, quote=True)}">{html.escape(text[m.start:m.end])}</mark>')
                if id(m) in numbers:
                    nums = ",".join(str(k) for k in numbers[id(m)])
                    parts.append(f'<sup style="color:#666">{nums}</sup>')
                pos = m.end
            pending = next(spans_iter, None)
        parts.append(html.escape(text[pos:hi]))
        if n == len(windows) - 1 and hi < len(text):
            parts.append(' <span style="color:#888">[…]</span>')
    return "".join(parts), note


def _summary(report) -> str:
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.verdict.value] = counts.get(f.verdict.value, 0) + 1
    if not report.findings:
        return f"no conversions among {len(report.mentions)} amount(s) of money"
    parts = [f"{counts[v]} {v}" for v in ("inconsistent", "unverifiable", "consistent") if v in counts]
    n = len(report.findings)
    return f"{n} conversion{'s' if n != 1 else ''}: " + ", ".join(parts)


def report_html(report, *, max_chars: int = 4000, context: int = 160, max_rows: int = 200) -> str:
    """The report as an HTML fragment: highlighted text, legend and findings table."""
    esc = html.escape
    head = ["<strong>fxaudit</strong>"]
    if getattr(report, "id", None) is not None:
        head.append(f"document {esc(str(report.id))}")
    head.append(f"rates of {report.date.isoformat()}")
    head.append(esc(_summary(report)))
    body, note = _text_html(report, max_chars, context)
    legend = " ".join(_badge(v) for v in ("consistent", "inconsistent", "unverifiable"))
    legend += (' <span style="border-bottom:1px dashed #888">amount, not a conversion</span>'
               ' <span style="color:#666">· hover a highlight for the numbers; superscripts number the findings</span>')
    out = [('<div class="fxaudit-report" style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;'
            'font-size:13px;line-height:1.6;max-width:72em">'),
           f'<div style="margin-bottom:4px">{" · ".join(head)}</div>',
           f'<div class="fxaudit-legend" style="margin-bottom:6px">{legend}</div>',
           ('<div class="fxaudit-text" style="white-space:pre-wrap;border-left:3px solid #bbb;'
            f'padding:4px 10px;margin-bottom:8px">{body}</div>')]
    if note:
        out.append(f'<div style="color:#666;margin-bottom:6px">{esc(note)}</div>')
    if report.findings:
        th = "".join(f'<th style="text-align:left;padding:2px 8px">{h}</th>' for h in
                     ("#", "verdict", "source", "reported", "expected", "deviation", "rate", "note"))
        rows = []
        for k, f in enumerate(report.findings[:max_rows], 1):
            verdict = f.verdict.value
            rate = (f'<span style="white-space:nowrap">{esc(_rate_words(f.rate))}</span><br>'
                    f'<small style="white-space:nowrap">{esc(f.rate.date.isoformat())}, {esc(f.rate.source)}</small>'
                    if f.rate is not None else "–")
            note_text = f.diagnosis or f.reason or ("consistent only after the writer's rounding"
                                                    if f.consistent_only_by_rounding else "")
            cells = [str(k), _badge(verdict, _label(f)), _nowrap(f.source.text), _nowrap(f.reported.text),
                     _nowrap(_num(f.expected, f.reported.currency)), _nowrap(_pct(f.deviation)), rate,
                     esc(note_text)]
            tds = "".join(f'<td style="text-align:left;padding:2px 8px;vertical-align:top">{c}</td>' for c in cells)
            rows.append(f'<tr class="fxaudit-finding" data-verdict="{verdict}" '
                        f'title="{esc(f.explanation, quote=True)}">{tds}</tr>')
        more = len(report.findings) - max_rows
        if more > 0:
            rows.append(f'<tr><td colspan="8" style="color:#666">… {more} more finding(s): '
                        'see Report.to_dataframe()</td></tr>')
        out.append('<table class="fxaudit-findings" style="border-collapse:collapse;width:100%;font-size:inherit">'
                   f'<thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    out.append("</div>")
    return "".join(out)


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def report_repr(report) -> str:
    """``<Report 2020-04-15: 4 conversions: 1 inconsistent, 3 consistent; text 'Police…' (512 chars)>``."""
    ident = f" id={report.id!r}" if getattr(report, "id", None) is not None else ""
    return (f"<Report{ident} {report.date.isoformat()}: {_summary(report)}; "
            f"text {_short(report.text)!r} ({len(report.text):,} chars)>")


def finding_repr(finding) -> str:
    """``<Finding inconsistent (gross): '5,000 yuan' -> 'US$818', +15.5 %>``."""
    dev = f", {_pct(finding.deviation)}" if finding.deviation is not None else ""
    return f"<Finding {_label(finding)}: {finding.source.text!r} -> {finding.reported.text!r}{dev}>"
