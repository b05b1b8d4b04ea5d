"""The schema.org ClaimReview export: Google's required and recommended properties, absolute URLs, dates from data."""

from __future__ import annotations

import datetime
import json
import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from dashboard.__main__ import main
from dashboard.claims import NOT_CHECKABLE, Result
from dashboard.claims.review import public_base_url, review_date
from dashboard.data import DataError
from tests.conftest import CLAIM_IDS

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ARTICLE_DAY = "2024-11-10"  # Xinhua, Lima, 10 November 2024 (data/claims.toml [article])


def reviews(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["claims", "--format", "claimreview"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_review_has_googles_properties_an_absolute_url_and_iso_dates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRADE_LENS_BASE_URL", "https://trade-lens.example/app/")
    out = reviews(capsys)
    assert [r["identifier"] for r in out] == CLAIM_IDS
    for r in out:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["url"] == f"https://trade-lens.example/app/claims/{r['identifier']}"
        assert r["claimReviewed"]
        assert r["author"]["@type"] == "Organization" and r["author"]["name"]
        assert urlsplit(r["author"]["url"]).netloc == "trade-lens.example"
        for key in ("datePublished", "dateModified"):
            assert ISO_DAY.fullmatch(r[key]) and datetime.date.fromisoformat(r[key]).isoformat() >= ARTICLE_DAY
        item = r["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"] == {"@type": "Organization", "name": "Xinhua"}
        assert item["datePublished"] == ARTICLE_DAY
        assert item["appearance"]["url"] == "http://en.people.cn/n3/2024/1111/c90000-20239493.html"
        assert item["firstAppearance"]["datePublished"] == ARTICLE_DAY
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        numbers = {"ratingValue", "bestRating", "worstRating"}
        if rating["alternateName"] == "Not checkable":
            assert numbers.isdisjoint(rating)
        else:
            assert numbers <= rating.keys()
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert any(r["reviewRating"]["alternateName"] == "Not checkable" for r in out)


def test_the_scale_orders_the_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    value = {r["reviewRating"]["alternateName"]: r["reviewRating"].get("ratingValue") for r in reviews(capsys)}
    assert value["Supported"] > value["Partly supported"]
    assert value.get("Contradicted", 0) < value["Partly supported"]


def freeze_clock(monkeypatch: pytest.MonkeyPatch, year: int) -> None:
    """Make date.today(), datetime.now() and time.time() say `year`."""

    class Date(datetime.date):
        @classmethod
        def today(cls) -> Date:
            return cls(year, 1, 2)

    class DateTime(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> DateTime:
            return cls(year, 1, 2, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr(datetime, "date", Date)
    monkeypatch.setattr(datetime, "datetime", DateTime)
    monkeypatch.setattr(time, "time", lambda: float((year - 1970) * 365 * 86400))


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
def test_output_is_the_same_whatever_the_clock(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = []
    for year in (2031, 2047):
        freeze_clock(monkeypatch, year)
        runs.append(reviews(capsys))
        monkeypatch.undo()
    assert runs[0] == runs[1]
    assert not any("2031" in json.dumps(r) or "2047" in json.dumps(r) for r in runs[0])


def result(*sources: str, inputs: tuple[str, ...] = ()) -> Result:
    return Result("c", NOT_CHECKABLE, "", "", inputs=[{"source_id": s} for s in inputs], sources=list(sources))


def test_review_date_is_the_latest_full_source_date_never_before_the_article() -> None:
    dates = {"a": "2019-05-01", "b": "2025-03-01", "c": "2026-07", "d": ""}
    assert review_date(result("a", "d"), dates, ARTICLE_DAY) == ARTICLE_DAY
    assert review_date(result("a", inputs=("b",)), dates, ARTICLE_DAY) == "2025-03-01"
    assert review_date(result("c", "unknown"), dates, ARTICLE_DAY) == ARTICLE_DAY  # a month is not a day


def test_public_base_url_defaults_to_the_local_server_and_refuses_a_relative_one() -> None:
    assert public_base_url({}) == "http://127.0.0.1:8050"
    assert public_base_url({"TRADE_LENS_BASE_URL": "https://a.example/x/"}) == "https://a.example/x"
    for bad in ("/claims", "ftp://a.example", "https://a.example/?q=1"):
        with pytest.raises(DataError, match="TRADE_LENS_BASE_URL"):
            public_base_url({"TRADE_LENS_BASE_URL": bad})
