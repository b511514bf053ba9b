"""What fxaudit accepts as a locale, and that every spelling of one locale reads alike."""
import pytest

from fxaudit import FxauditError, audit, extract
from fxaudit.locales import locale_info, normalize_locale

ACCEPTED = [
    ("en", "en"), ("EN", "en"), ("en_US", "en_US"), ("en-US", "en_US"), ("en-us", "en_US"),
    (" de_CH ", "de_CH"), ("de_DE.UTF-8", "de_DE"), ("ca_ES@valencia", "ca_ES"),
    ("zh_Hant_TW", "zh_Hant_TW"), ("zh-hant-tw", "zh_Hant_TW"), ("zh_TW", "zh_Hant_TW"),
    ("sr-Latn", "sr_Latn"), ("es-419", "es_419"), ("pt_BR", "pt_BR"), ("iw", "he_IL"),
]
REFUSED = [
    ("C", "names no language"), ("POSIX", "names no language"), ("C.UTF-8", "names no language"),
    ("und", "names no language"), ("root", "names no language"), ("xx", "CLDR has no such locale"),
    ("en_XX", "CLDR has no such locale"), ("en US", "not a locale name"), ("", "not a locale name"),
    ("e", "not a locale name"), ("../etc/passwd", "not a locale name"), ("x" * 1000, "not a locale name"),
    (None, "must be a string"), (5, "must be a string"), (["en"], "must be a string"),
]


@pytest.mark.parametrize("given, canonical", ACCEPTED)
def test_accepted_spellings(given, canonical):
    assert normalize_locale(given) == canonical
    assert locale_info(given).name == canonical


@pytest.mark.parametrize("given, message", REFUSED)
def test_refused_locales_say_why(given, message):
    with pytest.raises(FxauditError, match=message):
        normalize_locale(given)
    with pytest.raises(FxauditError, match="such as 'en'"):
        extract("5 dollars", locale=given)


@pytest.mark.parametrize("a, b", [("en-US", "en_US"), ("de-de", "de_DE"), ("zh_TW", "zh-Hant-TW")])
def test_spellings_of_one_locale_read_alike(a, b):
    text = "Der Preis stieg von 1.500 € auf $2.500 (rund 2.300 Euro)."
    assert extract(text, locale=a) == extract(text, locale=b)
    assert audit(text, "2020-04-15", locale=a).to_dict() == audit(text, "2020-04-15", locale=b).to_dict()


def test_locale_decides_what_the_text_leaves_open():
    # the locale's own symbols: '$' is the Australian dollar in en_AU, the US dollar in en
    assert extract("It costs $40.", locale="en_AU")[0].currency == "AUD"
    assert extract("It costs $40.", locale="en-US")[0].currency == "USD"
    # its number marks: a dot groups thousands in German
    assert extract("Es kostet 1.500 €.", locale="de-DE")[0].amount == 1500


def test_number_marks_come_from_cldr():
    assert (locale_info("de").decimal_mark, locale_info("de").group_mark) == (",", ".")
    assert (locale_info("en-IN").decimal_mark, locale_info("en-IN").group_mark) == (".", ",")
