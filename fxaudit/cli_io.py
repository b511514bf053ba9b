"""The documents side of `fxaudit audit` and `fxaudit extract`: read inputs, write results.

Inputs: ``.txt`` (and any other name: one document per file, dated by
``--date``), ``.jsonl``/``.ndjson`` (one JSON object per line), ``.csv`` (a
header row, then one document per row), each optionally gzipped (``.gz``),
and ``-`` for standard input (text unless ``--input-format`` says otherwise).
Records carry their text, date and id in fields named by ``--text-field``,
``--date-field`` and ``--id-field``; ``--date`` dates records without one.

Outputs (``--format``): ``table`` (coloured on a terminal), ``json`` (an array
of reports), ``jsonl`` (a report per line), ``csv`` (the tidy findings table
of :data:`fxaudit.tabular.COLUMNS`). The CLI needs neither pandas nor tqdm;
with tqdm installed it shows a progress bar on a terminal for inputs of more
than one document.

Exit status: 2 if an input could not be read or a document could not be
audited (every other document is still audited and written), else 1 if a
figure is inconsistent (unless ``--no-fail``), else 0.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import replace

from .batch import DocumentError
from .errors import InvalidArgumentError
from .locales import normalize_locale

__all__ = ["add_audit_arguments", "add_extract_arguments", "run_audit", "run_extract"]

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")


class InputError(Exception):
    """An input that cannot be read at all (a missing file, a CSV without a text column)."""


# ---- arguments ---------------------------------------------------------------------

AUDIT_EPILOG = """input formats (by file name, or --input-format):
  .txt and other names   one document per file; needs --date
  .jsonl / .ndjson       one JSON object per line: {"id": ..., "text": ..., "date": "YYYY-MM-DD"}
  .csv                   a header row naming the text, date and id columns
  -                      standard input (text, or --input-format jsonl|csv)
  files ending in .gz are read through gzip

output formats (--format):
  table   one block per document with findings, coloured on a terminal (default)
  json    a JSON array of reports (schema fxaudit.report/1, see docs/api.md)
  jsonl   one report per line
  csv     the findings table: one row per finding (the columns of Report.to_dataframe)

examples:
  fxaudit audit story.txt --date 2020-04-15
  echo "A reward of 5,000 yuan (US$818)" | fxaudit audit - --date 2020-04-15
  fxaudit audit corpus.jsonl --format csv > findings.csv
  fxaudit audit stories.csv --text-field body --date-field published --id-field url
  zcat archive.jsonl.gz | fxaudit audit - --input-format jsonl --format jsonl --processes 2

exit status: 0 nothing inconsistent, 1 an inconsistent figure (0 with --no-fail),
2 a usage error, or an input or document that could not be read or audited
(the other documents are still audited and written)
"""

EXTRACT_EPILOG = """examples:
  fxaudit extract story.txt
  fxaudit extract corpus.jsonl --format csv > amounts.csv
"""


def _add_input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="text, .jsonl or .csv files; '-' for standard input")
    p.add_argument("--input-format", choices=["auto", "txt", "jsonl", "csv"], default="auto",
                   help="how to read the inputs (default: by file name; text for '-')")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="field or column holding the text (default: text)")
    p.add_argument("--date-field", default="date", metavar="NAME",
                   help="field or column holding the date (default: date)")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="field or column holding the document id (default: id; "
                        "else FILE:LINE)")
    p.add_argument("--locale", default="en", type=_locale_argument,
                   help="CLDR locale of the texts, a hint for what they leave open: "
                        "'en', 'en_IN', 'de-CH', 'zh_Hant_TW' (default: en)")
    p.add_argument("--default-currency", metavar="CODE",
                   help="currency of bare '$' and other undecided symbols, e.g. USD")


def _locale_argument(value: str) -> str:
    """--locale's type: the canonical name, or argparse's usage error saying why not."""
    try:
        return normalize_locale(value)
    except InvalidArgumentError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_audit_arguments(p: argparse.ArgumentParser) -> None:
    _add_input_arguments(p)
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the texts' date; for .jsonl/.csv, the date of records without one")
    p.add_argument("--format", choices=["table", "json", "jsonl", "csv"], default="table",
                   help="output format (default: table)")
    p.add_argument("--no-fail", action="store_true",
                   help="exit 0 even when a figure is inconsistent")
    p.add_argument("--reference", dest="references", action="append", metavar="NAME",
                   choices=["ecb", "fed", "frankfurter"],
                   help="check against this reference (repeat for several: --reference ecb "
                        "--reference fed); the finding names the one the figure fits best")
    p.add_argument("--processes", type=int, default=1, metavar="N",
                   help="worker processes (default 1; 0 = one per CPU)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                   help="colour the table (auto: on a terminal, unless NO_COLOR is set)")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show a progress bar on stderr (needs tqdm)")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show one (default: on a terminal, for more than one document)")


def add_extract_arguments(p: argparse.ArgumentParser) -> None:
    _add_input_arguments(p)
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table",
                   help="output format (default: table, tab-separated)")


# ---- reading documents ------------------------------------------------------------------

def _open_text(path: str):
    if path == "-":
        raw = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        if raw is None:                       # a StringIO in tests
            return sys.stdin
        return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
    try:
        if path.endswith(".gz"):
            return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig", errors="replace", newline="")
        return open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _kind(path: str, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    name = path.removesuffix(".gz")
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    return "txt"


def _label(path: str) -> str:
    return "<stdin>" if path == "-" else path


class _Doc:
    """A document read from an input, with where it came from."""

    __slots__ = ("file", "item", "kind", "line", "where")

    def __init__(self, item, where: str, file: str, line: int | None, kind: str = "record"):
        self.item, self.where, self.file, self.line, self.kind = item, where, file, line, kind


def _error(where: str, message: str, error_type: str = "InputError") -> DocumentError:
    return DocumentError(where, -1, error_type, message)     # the index is set in order later


def _read_jsonl(f, path: str, args) -> Iterator[_Doc]:
    label = _label(path)
    for line_no, line in enumerate(f, 1):
        if not line.strip():
            continue
        where = f"{label}:{line_no}"
        try:
            obj = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield _Doc(_error(where, f"not valid JSON ({exc.msg}, column {exc.colno})"), where, label, line_no)
            continue
        if not isinstance(obj, dict):
            yield _Doc(_error(where, f"expected a JSON object, got {type(obj).__name__}"), where, label, line_no)
            continue
        yield _Doc(_record(obj, where, args), where, label, line_no)


def _record(obj, where: str, args):
    doc_id = obj.get(args.id_field)
    if doc_id in (None, ""):
        doc_id = where
    if args.text_field not in obj:
        return _error(doc_id, f"{where}: no {args.text_field!r} field (use --text-field to name it)")
    return {"id": doc_id, "text": obj[args.text_field], "date": obj.get(args.date_field)}


def _read_csv(f, path: str, args) -> Iterator[_Doc]:
    label = _label(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(f)
    fields = reader.fieldnames or []
    if args.text_field not in fields:
        raise InputError(f"{label}: no {args.text_field!r} column (its columns: {', '.join(fields) or 'none'}); "
                         "name the text column with --text-field")
    start = reader.line_num + 1
    for row in reader:
        where = f"{label}:{start}"              # the row's first line (a quoted text may span several)
        yield _Doc(_record(row, where, args), where, label, start)
        start = reader.line_num + 1


def _read_inputs(args, errors: list[str]) -> Iterator[_Doc]:
    """Every document of every input, in order; unreadable inputs are reported and skipped."""
    for path in args.files:
        kind = _kind(path, args.input_format)
        label = _label(path)
        try:
            f = _open_text(path)
        except InputError as exc:
            errors.append(str(exc))
            _warn(str(exc))
            continue
        try:
            if kind == "txt":
                yield _Doc({"id": label, "text": f.read(), "date": None}, label, label, None, "txt")
            elif kind == "jsonl":
                yield from _read_jsonl(f, path, args)
            else:
                yield from _read_csv(f, path, args)
        except InputError as exc:
            errors.append(str(exc))
            _warn(str(exc))
        except (OSError, EOFError, UnicodeError, csv.Error) as exc:  # a corrupt gzip, a bad CSV
            msg = f"{label}: cannot read: {exc}"
            errors.append(msg)
            _warn(msg)
        finally:
            if f is not sys.stdin and path != "-":
                f.close()


def _count_documents(args) -> int | None:
    """How many documents the inputs hold, when that is cheap to know (for the progress bar)."""
    total = 0
    for path in args.files:
        kind = _kind(path, args.input_format)
        if kind == "txt":
            total += 1
        elif kind == "jsonl" and path != "-" and not path.endswith(".gz"):
            try:
                with open(path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                pass
        else:
            return None
    return total


def _warn(message: str) -> None:
    print(f"fxaudit: error: {message}", file=sys.stderr)


# ---- output ---------------------------------------------------------------------------

_ANSI = {"red": "\033[1;31m", "green": "\033[32m", "yellow": "\033[33m", "dim": "\033[2m",
         "bold": "\033[1m", "reset": "\033[0m"}


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Painter:
    def __init__(self, on: bool):
        self.on = on

    def __call__(self, text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_ANSI['reset']}" if self.on else text


def _pct(deviation) -> str:
    return "" if deviation is None else f"{deviation:+.1%}".replace("%", " %")


class _Tally:
    def __init__(self):
        self.documents = self.with_findings = self.errors = 0
        self.verdicts = {"consistent": 0, "inconsistent": 0, "unverifiable": 0}
        self.gross = 0

    def add(self, result) -> None:
        self.documents += 1
        if isinstance(result, DocumentError):
            self.errors += 1
            return
        if result.findings:
            self.with_findings += 1
        for f in result.findings:
            self.verdicts[f.verdict.value] += 1
            self.gross += f.severity is not None and f.severity.value == "gross"

    def line(self) -> str:
        n = sum(self.verdicts.values())
        docs = f"{self.documents:,} document{'s' if self.documents != 1 else ''}"
        if not n:
            text = f"{docs}: no conversions found"
        else:
            v = self.verdicts
            parts = [f"{v['inconsistent']:,} inconsistent"
                     + (f" ({self.gross:,} gross)" if self.gross else ""),
                     f"{v['consistent']:,} consistent"]
            if v["unverifiable"]:
                parts.append(f"{v['unverifiable']:,} unverifiable")
            text = f"{docs}, {n:,} conversion{'s' if n != 1 else ''}: " + ", ".join(parts)
        if self.errors:
            text += f"; {self.errors:,} could not be audited"
        return text


def _table_block(result, where: str, paint: _Painter, out) -> None:
    n = len(result.findings)
    bad = len(result.inconsistent)
    head = f"{where}: {n} conversion{'s' if n != 1 else ''} checked at the rates of {result.date}"
    if bad:
        head += ", " + paint(f"{bad} inconsistent", "red")
    out.write(paint(head, "bold") if not bad else head)
    out.write("\n")
    for f in result.findings:
        verdict = f.verdict.value
        tag = {"consistent": paint("consistent", "green"), "inconsistent": paint("INCONSISTENT", "red"),
               "unverifiable": paint("unverifiable", "yellow")}[verdict]
        sev = f" ({f.severity.value})" if f.severity else ""
        dev = f"  {_pct(f.deviation)}" if f.deviation is not None and verdict != "consistent" else ""
        out.write(f"  {tag}{sev}: {f.source.text!r} -> {f.reported.text!r}{dev}\n")
        out.write(f"    {paint(f.explanation, 'dim')}\n")
        if f.diagnosis:
            out.write(f"    likely cause: {f.diagnosis}\n")


def _quiet_bar(bar):
    """Clear the progress bar while something is printed, then draw it again."""
    import contextlib

    return bar.external_write_mode() if bar is not None else contextlib.nullcontext()


def _report_dict(result, doc: _Doc) -> dict:
    return {"file": doc.file, "line": doc.line, **result.to_dict()}


# ---- the commands ------------------------------------------------------------------------

def _validated_date(args):
    if args.date is None:
        return None
    from .dates import as_date

    return as_date(args.date, "--date")


def run_audit(args) -> int:
    from .batch import audit_many, progress_bar
    from .tabular import COLUMN_NAMES, csv_value

    default_date = _validated_date(args)
    if default_date is None:
        texts = [_label(p) for p in args.files if _kind(p, args.input_format) == "txt"]
        if texts:
            raise _usage(f"{texts[0]} is read as one text: give its date with --date YYYY-MM-DD "
                         "(.jsonl and .csv records carry their own dates)")
    if args.processes < 0:
        raise _usage("--processes must be 0 (one per CPU) or more")
    input_errors: list[str] = []
    docs = _read_inputs(args, input_errors)
    where: deque[_Doc] = deque()

    def items():
        for index, doc in enumerate(docs):
            where.append(doc)
            item = doc.item
            if isinstance(item, DocumentError):
                item = replace(item, index=index)
            elif default_date is None and item.get("date") in (None, ""):
                item = DocumentError(item["id"], index, "InvalidDateError",
                                     f"no {args.date_field!r} field: name the date field with "
                                     "--date-field, or date such records with --date YYYY-MM-DD")
            yield item

    progress, total = args.progress, None
    if progress is None or progress:
        total = _count_documents(args) if (progress or _isatty(sys.stderr)) else None
    if progress is None:
        progress = _isatty(sys.stderr) and total != 1
    if progress:
        try:
            import tqdm  # noqa: F401
        except ImportError:
            progress = False
    out = sys.stdout
    paint = _Painter(_use_color(args.color, out) and args.format == "table")
    tally = _Tally()
    writer = None
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMN_NAMES)
    elif args.format == "json":
        out.write("[")
    options = {"locale": args.locale}
    if args.default_currency:
        options["default_currency"] = args.default_currency
    if args.references:
        options["references"] = list(dict.fromkeys(args.references))
    results = audit_many(items(), default_date=default_date, processes=args.processes,
                         progress=False, **options)
    bar = progress_bar(True, total) if progress else None
    first = True
    try:
        for result in results:
            doc = where.popleft()
            tally.add(result)
            if bar is not None:
                bar.update(1)
            if isinstance(result, DocumentError):
                message = result.message
                if not message.startswith(doc.where):
                    message = f"{doc.where}: {message}"
                with _quiet_bar(bar):
                    _warn(message)
            if args.format == "table":
                if result.findings:
                    label = doc.where if result.id == doc.where else f"{doc.where} [{result.id}]"
                    with _quiet_bar(bar):
                        _table_block(result, label, paint, out)
            elif args.format == "csv":
                writer.writerows([csv_value(row[c]) for c in COLUMN_NAMES] for row in result.rows())
            elif args.format == "jsonl":
                out.write(json.dumps(_report_dict(result, doc), ensure_ascii=False) + "\n")
            else:
                text = json.dumps(_report_dict(result, doc), ensure_ascii=False, indent=2)
                out.write(("\n" if first else ",\n") + text)
            first = False
    finally:
        if bar is not None:
            bar.close()
    if args.format == "json":
        out.write("\n]\n" if not first else "]\n")
    if args.format == "table":
        out.write(tally.line() + "\n")
    elif _isatty(sys.stderr):
        print(f"fxaudit: {tally.line()}", file=sys.stderr)
    out.flush()
    if input_errors or tally.errors:
        return 2
    return 1 if tally.verdicts["inconsistent"] and not args.no_fail else 0


def _usage(message: str):
    from .errors import InvalidArgumentError

    return InvalidArgumentError(message)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


#: Columns of ``fxaudit extract --format csv``.
MENTION_COLUMNS = ("id", "start", "end", "text", "amount", "high", "currency", "qualifier",
                   "precision", "candidates", "evidence")


def run_extract(args) -> int:
    from .extract import extract
    from .tabular import csv_value

    input_errors: list[str] = []
    out = sys.stdout
    writer = None
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(MENTION_COLUMNS)
    failed = 0
    for doc in _read_inputs(args, input_errors):
        item = doc.item
        if isinstance(item, DocumentError):
            _warn(item.message if item.message.startswith(doc.where) else f"{doc.where}: {item.message}")
            failed += 1
            continue
        if not isinstance(item["text"], str):
            _warn(f"{doc.where}: the text is not a string")
            failed += 1
            continue
        ident = item["id"]
        try:
            mentions = extract(item["text"], locale=args.locale, default_currency=args.default_currency)
        except Exception as exc:  # noqa: BLE001 - report and go on
            _warn(f"{doc.where}: {type(exc).__name__}: {exc}")
            failed += 1
            continue
        for m in mentions:
            if args.format == "table":
                high = f"-{m.high}" if m.high is not None else ""
                out.write(f"{ident}:{m.start}-{m.end}\t{m.amount}{high}\t{m.currency or '?'}\t"
                          f"{m.qualifier.value}\t{m.text!r}\n")
                continue
            row = {"id": ident, "start": m.start, "end": m.end, "text": m.text, "amount": m.amount,
                   "high": m.high, "currency": m.currency, "qualifier": m.qualifier.value,
                   "precision": m.precision, "candidates": " ".join(m.candidates), "evidence": m.evidence}
            if args.format == "csv":
                writer.writerow([csv_value(row[c]) for c in MENTION_COLUMNS])
            else:
                from .tabular import jsonable_id

                row = {k: (str(v) if hasattr(v, "as_tuple") else v) for k, v in row.items()}
                row["id"] = jsonable_id(ident)
                row["candidates"] = list(m.candidates)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()
    return 2 if input_errors or failed else 0
