"""Dated facts: first FTA, early diplomatic milestones, and the date of an event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.claims.inputs import sources_of
from dashboard.claims.params import EarlyRelationsParams, EventDateParams, FirstFtaParams
from dashboard.claims.reference import country_name, latam_codes
from dashboard.claims.registry import Claim
from dashboard.claims.spans import Span, distinct_dates, place, spans
from dashboard.claims.spans import name as _name
from dashboard.claims.text import join_list
from dashboard.claims.verdict import CONTRADICTED, NOT_CHECKABLE, PARTLY, SUPPORTED, Result, combine
from dashboard.fmt import fmt_date
from dashboard.strings import t


def latam(events: pd.DataFrame) -> pd.DataFrame:
    """Keep events whose subject is a Latin American or Caribbean country."""
    return events[events["country"].isin(latam_codes())]


def event_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return one dated event as a verdict input (with the figure it states, if any)."""
    out = {
        "event_id": row["event_id"],
        "date": str(row["date"]),
        "country": row["country"],
        "event": row["event"],
        "source_id": row["source_id"],
        "kind": row["kind"],
    }
    if pd.notna(row.get("value")):
        out["value"], out["unit"] = float(row["value"]), row.get("unit", "")
    return out


def _precise_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows by year, the most precise date first within a year (a day before 'April' before '2009')."""
    key = rows["date"].astype(str)
    return rows.assign(_y=key.str[:4], _p=-key.str.len()).sort_values(["_y", "_p", "date", "event_id"])


def _scope(row: Mapping[str, Any], events: pd.DataFrame) -> str:
    """Return an FTA's scope as any of the country's records of it states it: 'goods only', 'comprehensive' or ''."""
    same = events[(events["country"] == row["country"]) & (events["category"] == row["category"])]
    text = " ".join(same["event"] + " " + same["note"].fillna("")).lower()
    if "goods only" in text:
        return "goods_only"
    name = country_name(str(row["country"])).lower()
    notes = " ".join(events["note"].fillna("").str.lower()) + " " + " ".join(events["event"].str.lower())
    if name and f"{name}'s is the first comprehensive" in notes:
        return "comprehensive"
    return ""


def check_first_fta(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check 'the subject was the first Latin American country to sign an FTA (package) with China'."""
    p = FirstFtaParams.of(claim)
    subject = p.subject
    ftas = _precise_first(latam(events[events["category"] == p.category]))
    if ftas.empty or subject not in set(ftas["country"]):
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.no_events", what=t("event.fta")),
            t("rule.first_fta"),
            settle=t("settle.first_fta"),
        )
    signed = ftas[ftas["country"] == subject].iloc[0]
    earlier = ftas[(ftas["date"].str[:4] < str(signed["date"])[:4]) & (ftas["country"] != subject)]
    inputs = [event_input(r) for _, r in pd.concat([earlier, signed.to_frame().T]).iterrows()]
    subject_scope = _scope(signed, events)
    if earlier.empty:
        verdict = SUPPORTED
        explanation = t("verdict.first_fta.first", country=t(f"partner.{subject}"), date=fmt_date(signed["date"]))
    else:
        first = earlier.iloc[0]
        earlier_scopes = {_scope(r, events) for _, r in earlier.iterrows()}
        # an earlier goods-only agreement leaves Peru first only as a comprehensive package
        only_in_part = subject_scope == "comprehensive" and earlier_scopes <= {"goods_only"}
        verdict = PARTLY if only_in_part else CONTRADICTED
        explanation = t(
            "verdict.first_fta.comprehensive" if only_in_part else "verdict.first_fta.not_first",
            other=t(f"partner.{first['country']}"),
            other_year=str(first["date"])[:4],
            country=t(f"partner.{subject}"),
            date=fmt_date(signed["date"]),
        )
    return Result(claim.id, verdict, explanation, t("rule.first_fta"), inputs, sources_of(inputs))


def check_early_relations(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check 'the subject was one of the first Latin American countries' for each category of milestone."""
    p = EarlyRelationsParams.of(claim)
    parts, sentences, inputs, sensitivity = [], [], [], []
    for category in p.categories:
        rows = latam(events[events["category"] == category])
        verdict, sentence = _early_part(p, category, spans(rows))
        parts.append(verdict)
        sentences.append(sentence)
        inputs += [event_input(r) for _, r in distinct_dates(rows).iterrows()]
        sensitivity.append({"part": category, "verdict": verdict})
    verdict = combine(parts)
    settle = t("settle.early") if NOT_CHECKABLE in parts else ""
    rule = t("rule.early", first=_first_rule(p))
    return Result(claim.id, verdict, " ".join(sentences), rule, inputs, sources_of(inputs), sensitivity, settle)


def _first_rule(p: EarlyRelationsParams) -> str:
    """What 'one of the first' means for these parameters, in words."""
    return t("rule.early.top_n", n=p.top_n) if p.top_n else t("rule.early.share", share=f"{p.top_share:.0%}")


def _early_part(p: EarlyRelationsParams, category: str, by_country: dict[str, Span]) -> tuple[str, str]:
    """The verdict and sentence of one milestone: the subject's place among the countries dated."""
    what, country = t(f"event.{category}"), _name(p.subject)
    if p.subject not in by_country:
        return NOT_CHECKABLE, t("verdict.early.missing", what=what, country=country)
    n = len(by_country)
    cut = p.cut_off(n)
    best, worst, before = place(p.subject, by_country)
    subject = by_country[p.subject]
    position = str(best) if best == worst else f"{best}–{worst}"
    sentence = t(
        "verdict.early.position",
        what=what,
        country=country,
        date=subject.label,
        position=position,
        before=join_list([_name(c) for c in before]) or "-",
        n=n,
        cut=cut,
    )
    disputed = [f"{_name(s.country)} ({', '.join(s.dates)})" for s in by_country.values() if not s.agree]
    if disputed:
        sentence += " " + t("verdict.early.disputed", countries="; ".join(disputed))
    if n <= cut:
        return NOT_CHECKABLE, sentence + " " + t("verdict.early.cannot_fail", n=n, cut=cut)
    verdict = SUPPORTED if worst <= cut else (CONTRADICTED if best > cut else PARTLY)
    return verdict, sentence


def check_event_date(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check that an event of a category happened in the stated month (or year) and says what the claim says."""
    p = EventDateParams.of(claim)
    rows = _precise_first(events[events["category"] == p.category])
    if rows.empty:
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.no_events", what=t(f"event.{p.category}")),
            t("rule.event_date"),
            settle=t("settle.event_date"),
        )
    inputs = [event_input(r) for _, r in rows.iterrows()]
    first = rows.iloc[0]
    date = str(first["date"])
    in_month = date[:7] == f"{p.year:04d}-{p.month:02d}" if p.month else date[:4] == f"{p.year:04d}"
    mentions = p.mentions.lower() in f"{first['event']} {first.get('note', '')}".lower()
    verdict = SUPPORTED if in_month and mentions else (PARTLY if in_month or mentions else CONTRADICTED)
    later = "; ".join(f"{fmt_date(r['date'])}: {r['event']}" for _, r in rows.iloc[1:].iterrows())
    explanation = t("verdict.event_date", date=fmt_date(date), event=first["event"])
    if later:
        explanation += " " + t("verdict.event_date.later", later=later)
    if not in_month:
        when = f"{p.month}/{p.year}" if p.month else str(p.year)
        explanation += " " + t("verdict.event_date.other_month", when=when)
    return Result(claim.id, verdict, explanation, t("rule.event_date"), inputs, sources_of(inputs))
