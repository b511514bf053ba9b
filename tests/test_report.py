"""Reports as data: to_dict/JSON, the findings DataFrame, HTML for Jupyter, reprs."""
import datetime as dt
import html
import json
import re
from decimal import Decimal

import pandas as pd
import pytest

import fxaudit
from fxaudit.tabular import COLUMN_NAMES, COLUMNS

DAY = "2020-04-15"
REWARD = "A reward of 5,000 yuan (US$818) was offered."


@pytest.fixture(scope="module")
def story():
    with open("examples/story.txt", encoding="utf-8") as f:
        return fxaudit.audit(f.read(), DAY)


def test_known_finding_as_dict_survives_json():
    report = fxaudit.audit(REWARD, DAY)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["schema"] == "fxaudit.report/1"
    assert data["id"] is None and data["date"] == DAY
    (f,) = data["findings"]
    assert f["verdict"] == "inconsistent" and f["severity"] == "gross"
    assert f["rate"]["source"] == "ecb-bundled" and f["rate"]["date"] == DAY
    assert Decimal(f["deviation"]) == report.findings[0].deviation           # exact, as a string
    assert Decimal(f["tolerance"]["accepted_low"]) == Decimal("817.5")
    assert [m["text"] for m in data["mentions"]] == ["5,000 yuan", "US$818"]
    # the finding's own dict is the same object as the one inside the report
    assert report.findings[0].to_dict() == report.to_dict()["findings"][0]


def test_ids_are_json_scalars():
    np = pytest.importorskip("numpy")
    report = fxaudit.audit(REWARD, DAY)
    from dataclasses import replace

    assert replace(report, id=np.int64(7)).to_dict()["id"] == 7
    assert replace(report, id="doc-1").to_dict()["id"] == "doc-1"
    assert replace(report, id=dt.date(2020, 1, 1)).to_dict()["id"] == "2020-01-01"


def test_dataframe_columns_dtypes_and_values():
    df = fxaudit.audit(REWARD, DAY).to_dataframe()
    assert list(df.columns) == list(COLUMN_NAMES)
    for name, dtype, _ in COLUMNS:
        if dtype == "str":
            assert pd.api.types.is_string_dtype(df[name]) or df[name].dtype == object, name
        else:
            assert str(df[name].dtype) == dtype, name
    (row,) = df.to_dict("records")
    assert row["verdict"] == "inconsistent" and row["severity"] == "gross"
    assert row["source_text"] == "5,000 yuan" and row["source_currency"] == "CNY"
    assert row["reported_amount"] == 818.0 and row["reported_currency"] == "USD"
    assert row["deviation"] == pytest.approx(0.1554, abs=1e-4)
    assert row["expected"] == pytest.approx(708.005, abs=1e-3)
    assert row["rate_text"] == "7.0621 CNY per USD"
    assert row["rate_date"] == pd.Timestamp(DAY) and row["date"] == pd.Timestamp(DAY)
    assert row["rate_source"] == "ecb-bundled"
    assert (row["accepted_low"], row["accepted_high"]) == (817.5, 818.5)
    assert row["expected_low"] < row["expected"] < row["expected_high"]
    assert row["diagnosis"].startswith("stale rate")
    assert (row["source_start"], row["source_end"], row["reported_start"], row["reported_end"]) == (12, 22, 24, 30)
    assert row["finding"] == 0 and row["consistent_only_by_rounding"] is False
    assert pd.isna(row["error"]) and pd.isna(row["reason"])


def test_dataframe_of_a_text_without_findings_is_empty_but_typed():
    df = fxaudit.audit("No money here.", DAY).to_dataframe()
    assert df.empty and list(df.columns) == list(COLUMN_NAMES)
    assert str(df["deviation"].dtype) == "float64"


def test_story_dataframe(story):
    df = story.to_dataframe()
    assert df["verdict"].tolist() == ["inconsistent", "consistent", "consistent", "consistent"]
    assert df["consistent_only_by_rounding"].tolist() == [False, False, True, False]
    assert df["reported_qualifier"].tolist()[-1] == "approximate"
    assert df["hedge"].tolist()[-1] == pytest.approx(0.03)


def test_rows_keep_exact_values(story):
    rows = story.rows()
    assert isinstance(rows[0]["deviation"], Decimal)
    assert rows[0]["rate_date"] == dt.date(2020, 4, 15)
    assert story.findings[0].to_row()["verdict"] == "inconsistent"


def _marks(page: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<mark class="[^"]*"(?: data-verdict="(\w+)")? style="[^"]*" title="([^"]*)">(.*?)</mark>', page)


def test_html_highlights_every_mention_by_verdict(story):
    page = story._repr_html_()
    marks = _marks(page)
    assert len(marks) == len(story.mentions) == 9
    by_text = {text: verdict for verdict, _, text in marks}
    assert by_text["US$818"] == "inconsistent" and by_text["5,000 yuan"] in ("inconsistent", "consistent")
    assert by_text["US$425"] == "consistent"
    assert by_text["2,500 yuan"] == ""                       # an amount that is no conversion
    tip = next(html.unescape(t) for v, t, text in marks if text == "US$818")
    assert "deviation +15.5 %" in tip and "7.0621 CNY per USD" in tip and "stale rate" in tip
    for colour in ("#f8cfcf", "#cdeed4"):                       # red and green highlights
        assert colour in page
    assert "fxaudit-legend" in page and page.count('class="fxaudit-finding"') == 4
    # the text between the highlights is all there
    plain = re.sub(r"<sup[^>]*>.*?</sup>", "", re.search(r'<div class="fxaudit-text"[^>]*>(.*?)</div>', page, re.DOTALL).group(1))
    assert html.unescape(re.sub(r"<[^>]+>", "", plain)) == story.text


def test_html_escapes_the_text():
    text = '<script>alert("x")</script> A reward of 5,000 yuan (US$818) & "more".'
    page = fxaudit.audit(text, DAY)._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&amp; &quot;more&quot;" in page
    # attribute values are escaped too: a quote in a surface cannot end the title attribute
    for _, title, _ in _marks(page):
        assert '"' not in title


def test_html_of_a_long_text_shows_excerpts():
    filler = "Nothing about money happens in this sentence at all. " * 400
    text = filler + REWARD + " " + filler
    report = fxaudit.audit(text, DAY)
    page = report.to_html(max_chars=2000, context=100)
    assert len(page) < 8000 and "US$818" in page and "[…]" in page
    assert f"{len(text):,}-character text" in page


def test_html_of_a_report_without_findings():
    page = fxaudit.audit("It cost 5 euros.", DAY)._repr_html_()
    assert "no conversions" in page and "<table" not in page and "5 euros</mark>" in page


def test_reprs(story):
    text = repr(story)
    assert text.startswith("<Report 2020-04-15: 4 conversions: 1 inconsistent, 3 consistent;")
    assert "(530 chars)>" in text and "\n" not in text
    assert repr(story.findings[0]) == "<Finding inconsistent (gross): '5,000 yuan' -> 'US$818', +15.5 %>"
    assert str(story).splitlines()[0].startswith("[BAD] '5,000 yuan' → 'US$818'")
    from dataclasses import replace

    assert repr(replace(story, id="s1")).startswith("<Report id='s1' 2020-04-15")


def test_existing_constructor_still_works():
    r = fxaudit.Report("x", dt.date(2020, 1, 1), (), ())
    assert r.id is None and len(r) == 0 and r.to_dataframe().empty
