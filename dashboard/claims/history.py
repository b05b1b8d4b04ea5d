"""Historical claims: where Chinese immigrants first arrived and settled in large numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.claims.dated import event_input, latam
from dashboard.claims.inputs import sources_of
from dashboard.claims.params import FirstSettledParams
from dashboard.claims.registry import Claim
from dashboard.claims.spans import distinct_dates, name, spans
from dashboard.claims.text import fmt
from dashboard.claims.verdict import CONTRADICTED, NOT_CHECKABLE, PARTLY, SUPPORTED, Result, combine
from dashboard.strings import t


def check_first_settled(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check 'the subject is one of the Latin American countries where Chinese immigrants first arrived in numbers'."""
    p = FirstSettledParams.of(claim)
    firsts = latam(events[events["category"] == p.first_category])
    totals = latam(events[events["category"] == p.total_category].dropna(subset=["value"]))
    first_verdict, first_text = _first_part(p, firsts)
    total_verdict, total_text = _total_part(p, totals)
    used = pd.concat([distinct_dates(firsts), totals.sort_values(["date", "event_id"])])
    inputs = [event_input(r) for _, r in used.iterrows()]
    parts = [first_verdict, total_verdict]
    sensitivity = [{"part": c, "verdict": v} for c, v in zip((p.first_category, p.total_category), parts, strict=True)]
    return Result(
        claim.id,
        combine(parts),
        f"{first_text} {total_text}",
        t("rule.settled", within=p.within_years, share=f"{p.min_share:.0%}"),
        inputs,
        sources_of(inputs),
        sensitivity,
        t("settle.settled") if NOT_CHECKABLE in parts else "",
    )


def _first_part(p: FirstSettledParams, firsts: pd.DataFrame) -> tuple[str, str]:
    """Did the subject's first arrivals come within within_years of the earliest Latin American ones?"""
    by_country = spans(firsts)
    country = name(p.subject)
    if p.subject not in by_country:
        return NOT_CHECKABLE, t("verdict.settled.first_missing", country=country)
    me = by_country.pop(p.subject)
    if not by_country:
        return NOT_CHECKABLE, t("verdict.settled.first_alone", country=country, date=me.label)
    lead = min(by_country.values(), key=lambda s: (s.lo, s.country))
    best, worst = int(me.lo[:4]) - int(lead.hi[:4]), int(me.hi[:4]) - int(lead.lo[:4])
    gap = str(max(best, 0)) if best == worst else f"{max(best, 0)}–{max(worst, 0)}"
    text = t(
        "verdict.settled.first",
        country=country,
        date=me.label,
        other=name(lead.country),
        other_date=lead.label,
        gap=gap,
        within=p.within_years,
    )
    verdict = SUPPORTED if worst <= p.within_years else (CONTRADICTED if best > p.within_years else PARTLY)
    return verdict, text


def _total_part(p: FirstSettledParams, totals: pd.DataFrame) -> tuple[str, str]:
    """Does the subject's stated total reach min_share of the largest total stated elsewhere in Latin America?"""
    country = name(p.subject)
    highs = totals["value_high"].fillna(totals["value"])
    lowest = totals.groupby("country")["value"].min()
    highest = highs.groupby(totals["country"]).max()
    if p.subject not in lowest.index:
        return NOT_CHECKABLE, t("verdict.settled.total_missing", country=country)
    others_high, others_low = highest.drop(p.subject), lowest.drop(p.subject)
    if others_high.empty:
        return NOT_CHECKABLE, t("verdict.settled.total_alone", country=country)
    other = str(others_high.idxmax())
    text = t(
        "verdict.settled.total",
        country=country,
        low=fmt(lowest[p.subject]),
        high=fmt(highest[p.subject]),
        other=name(other),
        other_low=fmt(lowest[other]),
        other_high=fmt(highest[other]),
        ratio=f"{lowest[p.subject] / others_high.max():.0%}",
        share=f"{p.min_share:.0%}",
    )
    if lowest[p.subject] >= p.min_share * others_high.max():
        return SUPPORTED, text
    return (CONTRADICTED if highest[p.subject] < p.min_share * others_low.max() else PARTLY), text
