"""Small payloads in the real formats of the online rate sources, for tests.

- the ECB history zip: ``eurofxref-hist.zip`` holding ``eurofxref-hist.csv``
  (``Date,USD,JPY,...,`` with a trailing comma, newest day first, ``N/A`` for
  a currency not published that day);
- the ECB daily file: ``eurofxref-daily.xml`` (a gesmes envelope, one ``Cube``
  per currency inside the ``Cube time=...`` of the day);
- FRED: ``/fred/series/observations?...&file_type=json`` (``"."`` for a day
  without a value);
- Frankfurter: ``/2020-04-15?from=USD&to=CNY`` and ``/2020-04-01..2020-04-30?...``.

The values of days up to 2026-10-30 are the ECB's and the Fed's published
figures; 2026-11-02 is one day past the bundled table, with made-up plausible
values.
"""
from __future__ import annotations

import io
import json
import zipfile

#: One day past the bundled ECB table (a Monday), and its made-up fixings.
NEW_DAY = "2026-11-02"
NEW_FIXINGS = {"USD": "1.1163", "JPY": "175.41", "CNY": "7.4287"}

# newest first, as the ECB writes them; BGN stopped at the end of 2025 (N/A)
ECB_ROWS = [
    (NEW_DAY, NEW_FIXINGS),
    ("2026-10-30", {"USD": "1.1172", "JPY": "175.68", "CNY": "7.4326"}),
    ("2026-10-29", {"USD": "1.113", "JPY": "175.92", "CNY": "7.4144"}),
]
ECB_CODES = ["USD", "JPY", "BGN", "CNY"]


def ecb_hist_csv(rows=ECB_ROWS, codes=ECB_CODES) -> str:
    lines = ["Date," + ",".join(codes) + ","]
    for day, values in rows:
        lines.append(day + "," + ",".join(values.get(c, "N/A") for c in codes) + ",")
    return "\n".join(lines) + "\n"


def ecb_hist_zip(rows=ECB_ROWS, codes=ECB_CODES, csv_text: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        # a fixed timestamp: the same rows give the same bytes (tests compare SHA-256 digests)
        member = zipfile.ZipInfo("eurofxref-hist.csv", date_time=(2026, 1, 1, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(member, csv_text if csv_text is not None else ecb_hist_csv(rows, codes))
    return buf.getvalue()


def ecb_daily_xml(day: str, values: dict[str, str]) -> bytes:
    cubes = "\n".join(f"\t\t\t<Cube currency='{c}' rate='{v}'/>" for c, v in values.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">\n'
        "\t<gesmes:subject>Reference rates</gesmes:subject>\n"
        "\t<gesmes:Sender>\n\t\t<gesmes:name>European Central Bank</gesmes:name>\n\t</gesmes:Sender>\n"
        f"\t<Cube>\n\t\t<Cube time='{day}'>\n{cubes}\n\t\t</Cube>\n\t</Cube>\n"
        "</gesmes:Envelope>\n").encode()


HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Statistics</title></head>"
             b"<body><p>This page has moved.</p></body></html>\n")

# Fed H.10 (FRED) values: DEXCHUS yuan per dollar, DEXUSEU dollars per euro
FRED_2020 = {
    "DEXCHUS": [("2020-04-09", "7.0341"), ("2020-04-10", "."), ("2020-04-13", "7.0501"),
                ("2020-04-14", "7.0479"), ("2020-04-15", "7.0664"), ("2020-04-16", "7.0778"),
                ("2020-04-17", "7.0711")],
    "DEXUSEU": [("2020-04-09", "1.0916"), ("2020-04-10", "."), ("2020-04-13", "1.0915"),
                ("2020-04-14", "1.0973"), ("2020-04-15", "1.0888"), ("2020-04-16", "1.0842"),
                ("2020-04-17", "1.0861")],
}


def fred_json(series_id: str, year: int, observations) -> bytes:
    return json.dumps({
        "realtime_start": "2026-11-20", "realtime_end": "2026-11-20",
        "observation_start": f"{year}-01-01", "observation_end": f"{year}-12-31",
        "units": "lin", "output_type": 1, "file_type": "json", "order_by": "observation_date",
        "sort_order": "asc", "count": len(observations), "offset": 0, "limit": 100000,
        "observations": [{"realtime_start": "2026-11-20", "realtime_end": "2026-11-20", "date": d,
                          "value": v} for d, v in observations],
    }).encode()


def fred_handler(series: dict[str, list[tuple[str, str]]], api_key: str = "k123"):
    """A werkzeug handler answering FRED's series/observations like FRED does."""
    from werkzeug import Response

    def handler(request):
        args = request.args
        if args.get("api_key") != api_key:
            return Response(json.dumps({"error_code": 400, "error_message": "Bad Request.  The value for "
                                        "variable api_key is not registered."}), 400,
                            content_type="application/json")
        sid = args.get("series_id")
        if sid not in series:
            return Response(json.dumps({"error_code": 400, "error_message": "Bad Request.  The series "
                                        "does not exist."}), 400, content_type="application/json")
        year = int(args["observation_start"][:4])
        obs = [(d, v) for d, v in series[sid] if int(d[:4]) == year]
        return Response(fred_json(sid, year, obs), 200, content_type="application/json")

    return handler


def frankfurter_one(base: str, day: str, rates: dict[str, float]) -> bytes:
    return json.dumps({"amount": 1.0, "base": base, "date": day, "rates": rates}).encode()


def frankfurter_range(base: str, start: str, end: str, rates: dict[str, dict[str, float]]) -> bytes:
    return json.dumps({"amount": 1.0, "base": base, "start_date": start, "end_date": end,
                       "rates": rates}).encode()
