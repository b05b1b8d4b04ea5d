"""Three languages: complete catalogues with the same placeholders, the language in the URL, CLDR formats."""

from __future__ import annotations

import json
import re
import string
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from dashboard import fmt, strings, urlstate
from dashboard.pages import chancay

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "dashboard").rglob("*.py")))
OTHERS = [lang for lang in strings.LANGS if lang != strings.DEFAULT_LANG]


def placeholders(text: str) -> list[str]:
    """The named fields of a format string, sorted."""
    return sorted({field for _, field, _, _ in string.Formatter().parse(text) if field is not None})


def used_keys(keys: list[str], source: str = SOURCE) -> set[str]:
    """The keys the code names: as a literal, or matched by an f-string such as f"verdict.{name}"."""
    literals = set(re.findall(r"[\"']([A-Za-z_][\w.\-]*)[\"']", source))
    patterns = [
        re.compile(re.sub(r"\\\{[^}]*\\\}", r"[\\w.\\-]+", re.escape(body)) + "$")
        for body in re.findall(r'\bf"([A-Za-z_][\w.\-]*\{[^"]*)"', source)
        + re.findall(r"\bf'([A-Za-z_][\w.\-]*\{[^']*)'", source)
        if re.fullmatch(r"[\w.\-]*(\{[^}]*\}[\w.\-]*)+", body)
    ]
    dynamic = {f"{key.replace('_', '.')}.title" for key in chancay.PANELS}  # chancay.py: f"{key...}.title"
    return {k for k in keys if k in literals or k in dynamic or any(p.match(k) for p in patterns)}


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_exactly_the_english_keys(lang: str) -> None:
    catalogue = strings.CATALOGUES[lang]
    assert sorted(set(strings.EN) - set(catalogue)) == [], "missing"
    assert sorted(set(catalogue) - set(strings.EN)) == [], "not in English"
    assert [k for k, v in catalogue.items() if not v.strip()] == [], "empty"


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_are_the_same_in_every_language(lang: str) -> None:
    catalogue = strings.CATALOGUES[lang]
    differ = {k: (placeholders(v), placeholders(catalogue[k])) for k, v in strings.EN.items() if k in catalogue}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}


def test_every_key_is_used_by_the_code() -> None:
    keys = list(strings.EN)
    assert sorted(set(keys) - used_keys(keys)) == []


def test_the_unused_key_check_can_fail() -> None:
    assert used_keys(["verdict.run", "a.b.c", "x.y.title"], 'f"x.{k}.title" t("verdict.run")') == {
        "verdict.run",
        "x.y.title",
    }


def test_translated_quotes_cover_every_claim_and_english_matches_the_registry() -> None:
    claims = tomllib.loads((ROOT / "data" / "claims.toml").read_text(encoding="utf-8"))["claim"]
    for claim in claims:
        assert strings.EN[f"claim.quote.{claim['id']}"] == claim["quote"]
        if claim.get("part"):
            assert strings.EN[f"claim.part.{claim['id']}"] == claim["part"]
        params = claim.get("params", {})
        for field in [*params.get("unmeasured", []), *params.get("fields_unmeasured", [])]:
            assert strings.EN[f"claim.field.{field.replace(' ', '_')}"] == field
        for flagged in params.get("implausible", []):
            assert strings.EN[f"claim.implausible.{flagged['obs_id']}"] == flagged["reason"]
    quotes = {k for k in strings.EN if k.startswith("claim.quote.")}
    assert quotes == {f"claim.quote.{c['id']}" for c in claims}


def test_translations_are_not_english_copies() -> None:
    """A translation equal to the English text is a key someone forgot (names and codes are the exceptions)."""
    same_ok = re.compile(
        r"^(ok|Mercosur|CEPII BACI|BACI|CIA Factbook|CIA World Factbook|China|Chile|Cuba|Argentina|English|Español|"
        r"中文|US\$|◀ China|Chancay|, |\{\w+\}[^\w]*(\{\w+\})?[^\w]*|[\W\d]*)$"
    )
    for lang in OTHERS:
        copies = [k for k, v in strings.CATALOGUES[lang].items() if v == strings.EN[k] and not same_ok.match(v)]
        assert copies == [], lang


def test_t_reads_the_current_language_and_falls_back_to_english() -> None:
    assert strings.current_lang() == "en"
    with strings.use_lang("es"):
        assert strings.t("nav.sources") == "Fuentes"
        with strings.use_lang("zh"):
            assert strings.t("nav.sources") == "来源"
        assert strings.t("nav.sources", lang="en") == "Sources"
        assert strings.t("no.such.key", default="x") == "x"
    with strings.use_lang("xx"):  # unknown: the default language
        assert strings.current_lang() == "en"
    assert strings.t("nav.sources") == "Sources"


@pytest.mark.parametrize(
    ("search", "lang"),
    [("?lang=es", "es"), ("from=2010&lang=ZH", "zh"), ("?lang=fr", None), ("", None), (None, None), ("?lang", None)],
)
def test_the_language_is_read_from_the_query_string(search: str | None, lang: str | None) -> None:
    assert strings.lang_in(search) == lang


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("es-PE,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("zh-CN,zh;q=0.9", "zh"),
        ("fr-FR,zh;q=0.5,es;q=0.7", "es"),
        ("de", "en"),
        ("", "en"),
        (None, "en"),
        ("es;q=abc,zh", "zh"),
    ],
)
def test_accept_language_picks_the_first_visit_language(header: str | None, lang: str) -> None:
    assert strings.negotiate(header) == lang


def test_internal_links_keep_the_language() -> None:
    assert strings.with_lang("/explore", "en") == "/explore"
    assert strings.with_lang("/explore", "es") == "/explore?lang=es"
    assert strings.with_lang("/explore?from=2010", "zh") == "/explore?from=2010&lang=zh"
    with strings.use_lang("zh"):
        assert strings.with_lang("/") == "/?lang=zh"


def test_the_explorer_url_keeps_the_language_and_does_not_treat_it_as_unknown() -> None:
    known = {"products": {"TOTAL"}, "partners": {"CHN"}, "years": (2000, 2024), "latest": 2024}
    state, notices = urlstate.parse("?from=2010&lang=es", **known)
    assert notices == [] and state.from_year == 2010
    assert urlstate.serialize(state, "es").endswith("&lang=es")
    assert "lang" not in urlstate.serialize(state)


@pytest.mark.parametrize(
    ("lang", "bn", "m", "pct", "date"),
    [
        ("en", "US$25.2 billion", "US$5.3 million", "25.3%", "2009-04-28"),
        ("es", "US$ 25,200 millones", "US$ 5.3 millones", "25.3%", "28 de abril de 2009"),
        ("zh", "252.0亿美元", "530万美元", "25.3%", "2009年4月28日"),
    ],
)
def test_numbers_money_and_dates_follow_cldr(lang: str, bn: str, m: str, pct: str, date: str) -> None:
    with strings.use_lang(lang):
        assert fmt.fmt_value(25_200, "USD million") == bn
        assert fmt.fmt_value(5.3, "USD million") == m
        assert fmt.fmt_value(25.3, "percent") == pct
        assert fmt.fmt_date("2009-04-28") == date
        assert fmt.fmt_date("2009") == "2009"  # a year never gets a thousands separator
        assert fmt.fmt_date("not a date") == "not a date"


def test_catalogues_are_valid_json_with_one_key_once() -> None:
    for lang in strings.LANGS:
        path = strings.LOCALES / f"{lang}.json"
        json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=strings._unique)


def test_product_names_are_translated_for_every_product_of_the_data() -> None:
    from dashboard import names

    codes = set(pd.read_csv(ROOT / "data" / "products.csv", dtype=str)["code"])
    for lang in OTHERS:
        held = names.product_names(lang)
        assert set(held) == codes, lang
        assert [c for c, v in held.items() if not v.strip()] == [], lang


def test_partner_names_follow_cldr_and_china_customs_usage() -> None:
    from dashboard import names

    with strings.use_lang("es"):
        assert names.partner("DEU", "Germany") == "Alemania"
        assert names.partner("WLD", "World") == "Mundo"
        assert names.partner("EUU", "European Union") == "Unión Europea"
        assert names.partner("XXX", "Nowhere") == "Nowhere"
    with strings.use_lang("zh"):
        assert names.partner("TWN", "Taiwan") == "中国台湾"
        assert names.partner("USA", "United States") == "美国"
    assert names.partner("DEU", "Germany") == "Germany"


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from dashboard.app import create_app

    return create_app(warm=False).server.test_client()


def test_a_first_visit_goes_to_the_language_the_browser_prefers(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/explore?from=2010", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/explore?from=2010&lang=zh")
    assert "Accept-Language" in r.headers.get("Vary", "")
    assert client.get("/explore", headers={"Accept-Language": "en-US"}).status_code == 200
    chosen = client.get("/explore?lang=en", headers={"Accept-Language": "es-PE"})  # a choice beats the header
    assert chosen.status_code == 200 and '<html lang="en">' in chosen.get_data(as_text=True)
    assert client.get("/no-such-page", headers={"Accept-Language": "es"}).status_code == 404  # no redirect


def test_the_document_carries_its_language_title_and_alternates(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/sources?lang=es").get_data(as_text=True)
    assert '<html lang="es-PE">' in page
    assert "<title>Fuentes y cobertura · Lupa del comercio Perú–China</title>" in page
    for tag, lang in (("en", "en"), ("es-PE", "es"), ("zh-Hans", "zh")):
        assert f'hreflang="{tag}" href="http://127.0.0.1:8050/sources?lang={lang}"' in page
    assert 'hreflang="x-default" href="http://127.0.0.1:8050/sources"' in page
    assert strings.current_lang() == "en"  # the request's language ends with the request (threads are reused)
    missing = client.get("/no-such-page?lang=zh")
    assert missing.status_code == 404 and "<title>未找到页面 · 秘中贸易透视</title>" in missing.get_data(as_text=True)


def test_the_claims_cli_speaks_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.__main__ import main

    assert main(["claims", "--lang", "zh", "--format", "claimreview"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert {r["inLanguage"] for r in reviews} == {"zh-Hans"}
    assert reviews[0]["claimReviewed"].startswith("China has been Peru's")  # the claim stays in the article's English
    assert reviews[0]["reviewRating"]["alternateName"] == "得到支持"
    assert reviews[0]["url"].endswith("?lang=zh")
    assert main(["claims", "--lang", "es"]) == 0
    assert "Respaldada" in capsys.readouterr().out
    assert strings.current_lang() == "en"  # the command's language ends with the command
