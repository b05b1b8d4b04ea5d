"""The schema.org ClaimReview of a claim with its computed verdict (Google's fact-check properties, no clock)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from dashboard.claims.registry import Claim
from dashboard.claims.verdict import CONTRADICTED, PARTLY, SUPPORTED, Result
from dashboard.data.errors import DataError
from dashboard.strings import TAGS, current_lang, t, with_lang

BASE_URL_ENV = "TRADE_LENS_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8050"
# The ordered verdict scale (worst to best); "not checkable" is off the scale and gets no number.
RATING = {CONTRADICTED: 1, PARTLY: 2, SUPPORTED: 3}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def public_base_url(environ: Mapping[str, str] | None = None) -> str:
    """The app's public address for absolute links (TRADE_LENS_BASE_URL, else the local default); DataError if bad."""
    value = (os.environ if environ is None else environ).get(BASE_URL_ENV, "") or DEFAULT_BASE_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise DataError(BASE_URL_ENV, None, f"not an absolute http(s) address without query: {value!r}")
    return value.rstrip("/")


def source_dates(sources: pd.DataFrame) -> dict[str, str]:
    """The sources table's date of each source id ('' when not known)."""
    return dict(zip(sources["source_id"], sources["date"].fillna("").astype(str), strict=True))


def claim_url(base_url: str, claim_id: str, lang: str = "en") -> str:
    """Absolute address of a claim's page (in lang)."""
    return base_url + with_lang(f"/claims/{claim_id}", lang)


def review_date(result: Result, source_dates: Mapping[str, str], article_date: str) -> str:
    """Date of the review: the latest full date of the sources behind the verdict's inputs, never before the article."""
    ids = [*result.sources, *(str(i.get("source_id", "")) for i in result.inputs)]
    dates = [d for d in (str(source_dates.get(s, "") or "") for s in ids) if ISO_DAY.fullmatch(d)]
    return max([article_date, *dates])


def claim_review(
    claim: Claim, result: Result, article: Mapping[str, str], *, base_url: str, source_dates: Mapping[str, str]
) -> dict[str, Any]:
    """Return a schema.org ClaimReview of the claim: the computed verdict as the rating's alternateName.

    `base_url` is the app's public address (public_base_url()); `source_dates` the sources table's date by id.
    """
    label = t(f"verdict.{result.verdict}")
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": label,
        "name": label,
        "ratingExplanation": result.explanation,
    }
    if result.verdict in RATING:
        rating.update({"ratingValue": RATING[result.verdict], "bestRating": max(RATING.values()), "worstRating": 1})
    author = {"@type": "Organization", "name": article.get("publisher", "")}
    article_date = article.get("date_published", "")
    first = {"@type": "NewsArticle", "headline": article.get("title", ""), "datePublished": article_date}
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": author,
        "datePublished": article_date,
        "firstAppearance": {**first, "publisher": author},
    }
    if article.get("url"):  # where the registry read the article (a reprint may carry another publisher's address)
        item["appearance"] = {**first, "url": article["url"], "author": author}
    date = review_date(result, source_dates, article_date)
    lang = current_lang()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "inLanguage": TAGS[lang],  # the review's language; the claim itself stays in the article's English
        "url": claim_url(base_url, claim.id, lang),
        "claimReviewed": claim.quote,
        "itemReviewed": {**item, "inLanguage": "en"},
        "author": {"@type": "Organization", "name": t("claims.reviewer"), "url": base_url + "/"},
        "datePublished": date,
        "dateModified": date,
        "reviewRating": rating,
        "identifier": claim.id,
    }
