"""Names that come from the data (partners, products), in the current language; English when none is held.

Partners: CLDR territory names through Babel (ISO 3166 alpha-3 -> alpha-2 by CLDR's own aliases), with China's
customs usage for Hong Kong, Macao and Taiwan in Chinese; groupings (EU, Mercosur, ...) from the catalogue.
Products: dashboard/locales/products.<lang>.json (code -> name), HS names as Peru's tariff (Arancel de Aduanas) and
China's customs tariff (海关进出口税则) word them; a code without a translation keeps its English name.
"""

from __future__ import annotations

import json
from functools import cache

from babel.core import Locale, get_global

from dashboard.fmt import LOCALES as CLDR
from dashboard.strings import DEFAULT_LANG, EN, LOCALES, current_lang, t

# China's customs write these territories as part of China (海关总署 statistics).
ZH_CUSTOMS = {"HKG": "中国香港", "MAC": "中国澳门", "TWN": "中国台湾"}


@cache
def _territories(lang: str) -> dict[str, str]:
    """CLDR territory names of a language, by alpha-2 code."""
    return dict(Locale.parse(CLDR[lang]).territories)


@cache
def product_names(lang: str) -> dict[str, str]:
    """The product-name catalogue of a language (code -> name; {} for English and for a missing file)."""
    path = LOCALES / f"products.{lang}.json"
    if lang == DEFAULT_LANG or not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def partner(code: str, english: str) -> str:
    """A partner's name in the current language (english when the language has none for it)."""
    lang = current_lang()
    if lang == DEFAULT_LANG:
        return english
    if code == "WLD":
        return t("partner.WLD.label")
    if f"partner.{code}" in EN:
        return t(f"partner.{code}")
    if f"partner.group.{code}" in EN:
        return t(f"partner.group.{code}")
    if lang == "zh" and code in ZH_CUSTOMS:
        return ZH_CUSTOMS[code]
    alpha2 = get_global("territory_aliases").get(code, [None])[0]
    return _territories(lang).get(alpha2, english) if alpha2 else english


def product(code: str, english: str) -> str:
    """A product's name in the current language (english when no translation is held)."""
    return product_names(current_lang()).get(code, english)
