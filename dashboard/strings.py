"""Every user-facing text of the app, by language: catalogues are JSON files in dashboard/locales/ (key → text).

English (`en.json`) is complete; other languages fall back to it key by key.
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT_LANG = "en"
LOCALES = Path(__file__).resolve().parent / "locales"


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
CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "es": _catalogue("es"), "zh": _catalogue("zh")}


def t(key: str, lang: str = DEFAULT_LANG, default: str | None = None, **values: object) -> str:
    """Return the text for key in lang (falling back to English, then to default), formatted with values."""
    text = CATALOGUES.get(lang, {}).get(key) or EN.get(key)
    if text is None:
        if default is None:
            raise KeyError(key)
        return default
    return text.format(**values) if values else text
