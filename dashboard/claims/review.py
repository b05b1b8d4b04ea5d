"""The schema.org ClaimReview of a claim with its computed verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dashboard.claims.registry import Claim
from dashboard.claims.verdict import CONTRADICTED, PARTLY, SUPPORTED, Result
from dashboard.strings import t

RATING = {SUPPORTED: 4, PARTLY: 3, CONTRADICTED: 1}


def claim_review(
    claim: Claim, result: Result, article: Mapping[str, str], *, url: str = "", date_published: str | None = None
) -> dict[str, Any]:
    """Return a schema.org ClaimReview of the claim, with the computed verdict as the rating's alternateName."""
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": t(f"verdict.{result.verdict}"),
        "ratingExplanation": result.explanation,
    }
    if result.verdict in RATING:
        rating.update({"ratingValue": RATING[result.verdict], "bestRating": 4, "worstRating": 1})
    appearance = {
        "@type": "NewsArticle",
        "headline": article.get("title", ""),
        "datePublished": article.get("date_published", ""),
        "publisher": {"@type": "Organization", "name": article.get("publisher", "")},
    }
    if article.get("url"):
        appearance["url"] = article["url"]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.quote,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": article.get("publisher", "")},
            "datePublished": article.get("date_published", ""),
            "appearance": appearance,
        },
        "author": {"@type": "Organization", "name": t("claims.reviewer")},
        "datePublished": date_published or dt.date.today().isoformat(),
        "reviewRating": rating,
        "identifier": claim.id,
    }
    if url:
        review["url"] = url
    return review
