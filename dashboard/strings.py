"""Every user-facing text of the app, by language: catalogues are JSON files in dashboard/locales/ (key → text).

English (`en.json`), Peruvian Spanish (`es.json`) and Simplified Chinese (`zh.json`) hold the same keys with the
same placeholders (tests/test_i18n.py). The language of the current request lives in a context variable, set by
the router, the callbacks and the page-serving hook from the URL's `?lang=`; `t()` reads it, so call sites need not
pass a language. Anything that caches rendered text must key it with `current_lang()`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import parse_qsl

DEFAULT_LANG = "en"
LANGS = ("en", "es", "zh")
LANG_PARAM = "lang"
# The BCP 47 tag of each language, for <html lang>, hreflang and JSON-LD inLanguage.
TAGS = {"en": "en", "es": "es-PE", "zh": "zh-Hans"}
LOCALES = Path(__file__).resolve().parent / "locales"

_LANG: ContextVar[str] = ContextVar("trade_lens_lang", default=DEFAULT_LANG)


def _unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """A catalogue's entries as a dict; a key written twice is an error (the second would hide the first)."""
    keys = [k for k, _ in pairs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"key(s) written twice: {', '.join(repeated)}")
    return dict(pairs)


def _catalogue(lang: str, locales: Path = LOCALES) -> dict[str, str]:
    """The catalogue of one language ({} when it has no file yet); a bad file fails with one line naming it."""
    path = locales / f"{lang}.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_unique)
    except ValueError as error:  # JSONDecodeError is a ValueError
        raise ValueError(f"{path}: {error}") from None


EN: dict[str, str] = _catalogue("en")
CATALOGUES: dict[str, dict[str, str]] = {lang: EN if lang == "en" else _catalogue(lang) for lang in LANGS}


def current_lang() -> str:
    """The language of the current request or command ('en', 'es' or 'zh')."""
    return _LANG.get()


def set_lang(lang: str | None) -> str:
    """Make lang (or the default, when it is not a known language) the current language; return it."""
    chosen = lang if lang in LANGS else DEFAULT_LANG
    _LANG.set(chosen)
    return chosen


@contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Within the block, texts are in lang (the default when unknown); the previous language comes back after."""
    token = _LANG.set(lang if lang in LANGS else DEFAULT_LANG)
    try:
        yield _LANG.get()
    finally:
        _LANG.reset(token)


def lang_in(search: str | None) -> str | None:
    """The language a query string asks for with `lang=` (None when absent or not a known language)."""
    if not isinstance(search, str):
        return None
    for key, value in parse_qsl(search.lstrip("?")[:2000], keep_blank_values=True):
        if key == LANG_PARAM:
            word = value.strip().lower()
            return word if word in LANGS else None
    return None


def negotiate(accept_language: str | None) -> str:
    """The known language an Accept-Language header prefers most (the default when it names none)."""
    best, best_q = DEFAULT_LANG, 0.0
    for position, item in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        lang = tag.strip().lower().split("-")[0]
        score = q - position * 1e-6  # equal weights: the first listed wins
        if lang in LANGS and score > best_q:
            best, best_q = lang, score
    return best


def with_lang(href: str, lang: str | None = None) -> str:
    """An internal link that keeps the language (`?lang=` added unless it is the default)."""
    chosen = lang or current_lang()
    if chosen == DEFAULT_LANG:
        return href
    return f"{href}{'&' if '?' in href else '?'}{LANG_PARAM}={chosen}"


def t(key: str, lang: str | None = None, default: str | None = None, **values: object) -> str:
    """Return the text for key in lang (default: the current language; then English, then default), formatted."""
    text = CATALOGUES.get(lang or _LANG.get(), {}).get(key) or EN.get(key)
    if text is None:
        if default is None:
            raise KeyError(key)
        return default
    return text.format(**values) if values else text
