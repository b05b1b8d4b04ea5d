"""Every user-facing text of the app, by language; English is complete, others fall back to it."""

from __future__ import annotations

DEFAULT_LANG = "en"

EN: dict[str, str] = {
    "app.title": "Peru–China Trade Lens",
    "app.tagline": "Every claim of one article, checked against sourced trade data.",
    "app.intro": (
        "Xinhua's article “Belt and Road cooperation between China, Peru benefits the world” "
        "(Lima, 10 November 2024) makes a dozen factual claims about Peru and China. "
        "This dashboard puts each claim next to the figures that support or contradict it, "
        "names the source of every number, shows where sources disagree and leaves gaps where no figure exists."
    ),
    "nav.claims": "Claims",
    "nav.explore": "Explore",
    "nav.chancay": "Chancay port",
    "nav.sources": "Sources",
    "footer.data": (
        "Data: official statistics (SUNAT, BCRP, Mincetur, China customs), trade associations, "
        "the CIA World Factbook, CEPII BACI and the press, as gathered in the project's evidence ledger."
    ),
    "error.callback": "Something went wrong while updating this view: {error}. The rest of the page still works.",
    "error.not_found": "No page at {path}.",
    "error.not_found.back": "Back to the claims",
    "error.server": "The server could not answer this request. Nothing was changed.",
    "health.ok": "ok",
    "home.chart.title": "Peru's goods exports to China and the United States, US$ million",
    "home.chart.source": "Source: Peru-reported full-year figures (SUNAT, Mincetur, BCRP, trade associations) as quoted in {n} sources.",
    "axis.year": "Year",
    "axis.usd_m": "US$ million",
    "partner.CHN": "China",
    "partner.USA": "United States",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "es": {}, "zh": {}}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the text for key in lang (falling back to English), formatted with values."""
    text = CATALOGUES.get(lang, {}).get(key) or EN[key]
    return text.format(**values) if values else text
