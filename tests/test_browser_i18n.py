"""Real-browser checks of the three languages: no English left on screen, lang attributes, the language kept in the
URL through filter changes, a switcher on every page, Chinese chart text drawn with a CJK font (no empty boxes)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from dashboard.strings import TAGS
from tests.conftest import ROOT, wait_for_graph

pytestmark = pytest.mark.browser

CLAIM = "export-market-10-years"
PAGES = {"/": ids.card_chart(CLAIM), "/explore": ids.ex_graph("trade"), f"/claims/{CLAIM}": ids.CLAIM_CHART}
# Words that are English and never Spanish: one of them on a Spanish or Chinese page is text left untranslated.
ENGLISH = re.compile(
    r"\b(the|of|and|with|from|to|on|by|for|is|are|was|were|which|this|that|only|not|none|other|all|figures?|"
    r"years?|exports?|imports?|sources?|partners?|chart|shows?|selected|search|options|table|download|claims?)\b",
    re.IGNORECASE,
)
# Proper names and codes that stay as they are in every language, and the article's title (quoted in its language).
NAMES = [
    "Belt and Road cooperation between China, Peru benefits the world",
    "CIA World Factbook", "CIA Factbook", "CEPII BACI", "UN Comtrade", "El Peruano", "Xinhua", "Mincetur", "SUNAT",
    "BCRP", "WITS", "BACI", "GACC", "Cosco Shipping", "COSCO", "TEU", "CSV", "PNG", "FOB", "CIF",
]
# Visible text of the page: text nodes the reader can see, outside what is marked as English (the article's quotes,
# the switcher's "English"), in HTML and in the charts' SVG.
VISIBLE_TEXT = """() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const node = walk.currentNode, el = node.parentElement, text = node.textContent.trim();
        if (!text || !el || el.closest('script, style, noscript, [lang="en"], .modebar')) continue;
        if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        out.push(text);
    }
    return out;
}"""


def data_texts() -> list[str]:
    """Texts that come from the data as received (source titles and publishers, event records, Chancay statements):
    quoted from their sources, they stay in their own language."""
    import pandas as pd

    texts: set[str] = set()
    for name, columns in {
        "sources.csv": ["title", "publisher", "owner", "read_at"],
        "events.csv": ["event"],
        "chancay.csv": ["stated_by", "period", "note"],
    }.items():
        frame = pd.read_csv(ROOT / "data" / name, dtype=str)
        for column in columns:
            if column in frame:
                texts |= {str(v).strip() for v in frame[column].dropna() if str(v).strip()}
    return sorted(texts | set(NAMES), key=len, reverse=True)


@pytest.fixture(scope="module")
def allowed() -> list[str]:
    return data_texts()


def english_left(texts: list[str], allowed: list[str]) -> list[str]:
    """The texts that still hold an English word once proper names, codes, addresses and data texts are removed."""
    left = []
    for text in texts:
        rest = re.sub(r"https?://\S+|\b[\w.-]+\.(org|com|pe|gob|cn|net|int)\S*", " ", text)
        for name in allowed:
            if name in rest:
                rest = rest.replace(name, " ")
        # a data text cut short by a card ("…") does not match whole: a fragment that begins one is data too
        fragments = re.split(r"(?<=[.;:。；：])\s+", rest)
        if any(ENGLISH.search(f) and not _starts_data(f, allowed) for f in fragments):
            left.append(text)
    return left


def _starts_data(fragment: str, allowed: list[str]) -> bool:
    """Whether a fragment ending in '…' is the start of a data text."""
    core = fragment.strip().removesuffix("…").strip()
    return fragment.strip().endswith("…") and len(core) >= 15 and any(a.startswith(core) for a in allowed)


def test_the_english_check_finds_english(allowed: list[str]) -> None:
    assert english_left(["Exportaciones del Perú", "Peru's exports to China", "Xinhua", "出口"], allowed) == [
        "Peru's exports to China"
    ]


def _open(page: Page, url: str, graph_id: str) -> None:
    page.goto(url)
    expect(page.locator("h1")).to_be_visible(timeout=30_000)  # a language's first page builds its data
    wait_for_graph(page, graph_id)
    page.wait_for_timeout(300)  # the last charts of the page settle


@pytest.mark.parametrize("lang", ["es", "zh"])
@pytest.mark.parametrize("path", list(PAGES))
def test_pages_speak_the_language(
    page: Page, live_server: str, console_errors: list[str], allowed: list[str], lang: str, path: str
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _open(page, f"{live_server}{path}?lang={lang}", PAGES[path])
    assert page.evaluate("document.documentElement.lang") == TAGS[lang]
    switcher = page.locator(f"#{ids.LANG_SWITCH} a")
    expect(switcher).to_have_count(3)
    expect(page.locator(f"#{ids.LANG_SWITCH} a[aria-current='true']")).to_have_attribute("hreflang", TAGS[lang])
    for link in page.locator(f"#{ids.NAV} a").all():  # internal links keep the language
        assert f"lang={lang}" in (link.get_attribute("href") or ""), link.get_attribute("href")
    left = english_left(page.evaluate(VISIBLE_TEXT), allowed)
    assert left == [], left[:20]
    if path.startswith("/claims/"):  # the article's words stay in English, with our translation beneath
        expect(page.locator(".quote .quote-original[lang='en']")).to_contain_text("China has been Peru's largest")
        expect(page.locator(f".quote .quote-translation[lang='{TAGS[lang]}']")).to_be_visible()
        review = page.locator(f"#{ids.CLAIM_JSONLD}").text_content() or ""
        assert f'"inLanguage": "{TAGS[lang]}"' in review
    assert console_errors == []


def test_english_pages_have_the_switcher_and_lang(page: Page, live_server: str) -> None:
    for path in ("/", "/explore", "/chancay", "/sources", f"/claims/{CLAIM}"):
        page.goto(f"{live_server}{path}")
        expect(page.locator(f"#{ids.LANG_SWITCH} a")).to_have_count(3)
        assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(f"#{ids.LANG_SWITCH} a[hreflang='zh-Hans']").click()  # the switcher keeps the page
    expect(page).to_have_url(re.compile(rf"/claims/{CLAIM}\?lang=zh$"))
    expect(page.locator("h1")).to_contain_text("核对", timeout=30_000)
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"


def test_the_language_survives_filter_changes(page: Page, live_server: str, console_errors: list[str]) -> None:
    _open(page, f"{live_server}/explore?from=2012&lang=es", ids.ex_graph("trade"))
    page.locator(f"#{ids.EX_FLOW}").get_by_text("Importaciones").click()
    expect(page).to_have_url(re.compile(r"flow=import"))
    assert "lang=es" in page.url and "from=2012" in page.url
    page.locator(f"#{ids.EX_UNIT}").get_by_text("Toneladas").click()
    expect(page).to_have_url(re.compile(r"unit=tonnes"))
    assert "lang=es" in page.url
    expect(page.locator("h1")).to_have_text("Explorar los datos comerciales")
    # a later card (answered by a request of its own) speaks the page's language too
    expect(page.locator("#ex-baci-heading")).to_contain_text("toneladas")
    page.go_back()  # back keeps the language too
    expect(page).to_have_url(re.compile(r"unit=usd"))
    assert "lang=es" in page.url
    expect(page.locator("#ex-baci-heading")).to_contain_text("millones")
    page.locator(f"#{ids.NAV} a", has_text="Fuentes").click()  # a link inside the app: the language goes along
    expect(page).to_have_url(re.compile(r"/sources\?lang=es$"))
    expect(page.locator("h1")).to_have_text("Fuentes y cobertura")
    assert console_errors == []


# Width per character of the chart titles' text: a CJK glyph is about 1 em wide; the empty box a browser draws for
# a character no font has is about half that.
CJK_WIDTHS = """() => Array.from(document.querySelectorAll('.js-plotly-plot text'))
    .filter(t => t.checkVisibility({visibilityProperty: true, opacityProperty: true}) && t.getBBox().width > 0)
    .map(t => ({text: t.textContent, width: t.getBBox().width,
                size: parseFloat(getComputedStyle(t).fontSize),
                cjk: (t.textContent.match(/[\\u4e00-\\u9fff]/g) || []).length}))
    .filter(t => t.cjk >= 2 && t.cjk === t.text.replace(/[\\s\\d\\p{P}]/gu, '').length)"""


def test_chinese_chart_text_is_drawn_with_a_cjk_font(page: Page, live_server: str) -> None:
    _open(page, f"{live_server}/explore?lang=zh", ids.ex_graph("timeline"))
    labels = page.evaluate(CJK_WIDTHS)
    assert len(labels) >= 3, labels  # the timeline's kinds of event, the milestones' labels
    narrow = [x for x in labels if x["width"] < 0.85 * x["cjk"] * x["size"]]
    assert narrow == [], narrow[:5]


@pytest.mark.skipif(os.environ.get("UPDATE_SCREENSHOTS") != "1", reason="UPDATE_SCREENSHOTS=1 writes docs/ images")
@pytest.mark.parametrize("lang", ["es", "zh"])
def test_screenshots_in_each_language(page: Page, live_server: str, lang: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    for path, name in (("/", "home"), ("/explore", "explore")):
        _open(page, f"{live_server}{path}?lang={lang}", PAGES[path])
        page.wait_for_timeout(1500)
        page.screenshot(path=str(Path(ROOT / "docs" / f"screenshot-{name}-{lang}.png")), full_page=False)
