"""Dated facts: first FTA, early diplomatic milestones, and the date of an event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.claims.inputs import sources_of
from dashboard.claims.params import EarlyRelationsParams, EventDateParams, FirstFtaParams
from dashboard.claims.reference import country_name, latam_codes
from dashboard.claims.registry import Claim
from dashboard.claims.text import join_list, partner_name
from dashboard.claims.verdict import CONTRADICTED, NOT_CHECKABLE, PARTLY, SUPPORTED, Result, combine
from dashboard.strings import t


def _latam(events: pd.DataFrame) -> pd.DataFrame:
    """Keep events whose subject is a Latin American or Caribbean country."""
    return events[events["country"].isin(latam_codes())]


def _event_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return one dated event as a verdict input."""
    return {
        "event_id": row["event_id"],
        "date": str(row["date"]),
        "country": row["country"],
        "event": row["event"],
        "source_id": row["source_id"],
        "kind": row["kind"],
    }


def _scope(row: Mapping[str, Any], events: pd.DataFrame) -> str:
    """Return an FTA's scope as the evidence states it: 'goods only', 'comprehensive' or ''."""
    text = f"{row['event']} {row.get('note', '')}".lower()
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
    ftas = _latam(events[events["category"] == p.category]).sort_values(["date", "event_id"])
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
    inputs = [_event_input(r) for _, r in pd.concat([earlier, signed.to_frame().T]).iterrows()]
    subject_scope = _scope(signed, events)
    if earlier.empty:
        verdict = SUPPORTED
        explanation = t("verdict.first_fta.first", country=t(f"partner.{subject}"), date=signed["date"])
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
            date=signed["date"],
        )
    return Result(claim.id, verdict, explanation, t("rule.first_fta"), inputs, sources_of(inputs))


def check_early_relations(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check 'the subject was among the first N Latin American countries' for each category of milestone."""
    p = EarlyRelationsParams.of(claim)
    subject, top_n = p.subject, p.top_n
    parts, sentences, inputs, sensitivity = [], [], [], []
    for category in p.categories:
        rows = _latam(events[events["category"] == category]).sort_values(["date", "event_id"])
        firsts = rows.drop_duplicates("country")
        what = t(f"event.{category}")
        if subject not in set(firsts["country"]):
            parts.append(NOT_CHECKABLE)
            sentences.append(t("verdict.early.missing", what=what, country=t(f"partner.{subject}")))
        elif len(firsts) == 1:
            parts.append(NOT_CHECKABLE)
            only = firsts.iloc[0]
            sentences.append(t("verdict.early.alone", what=what, country=t(f"partner.{subject}"), date=only["date"]))
        else:
            position = list(firsts["country"]).index(subject) + 1
            before = [partner_name(c) for c in firsts["country"][: position - 1]]
            parts.append(SUPPORTED if position <= top_n else CONTRADICTED)
            sentences.append(
                t(
                    "verdict.early.position",
                    what=what,
                    country=t(f"partner.{subject}"),
                    date=firsts.iloc[position - 1]["date"],
                    position=position,
                    before=join_list(before) or "-",
                    n=len(firsts),
                )
            )
        inputs += [_event_input(r) for _, r in firsts.iterrows()]
        sensitivity.append({"part": category, "verdict": parts[-1]})
    verdict = combine(parts)
    settle = t("settle.early") if NOT_CHECKABLE in parts else ""
    return Result(
        claim.id,
        verdict,
        " ".join(sentences),
        t("rule.early", n=top_n),
        inputs,
        sources_of(inputs),
        sensitivity,
        settle,
    )


def check_event_date(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check that an event of a category happened in the stated month and says what the claim says."""
    p = EventDateParams.of(claim)
    rows = events[events["category"] == p.category].sort_values(["date", "event_id"])
    if rows.empty:
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.no_events", what=t(f"event.{p.category}")),
            t("rule.event_date"),
            settle=t("settle.event_date"),
        )
    inputs = [_event_input(r) for _, r in rows.iterrows()]
    first = rows.iloc[0]
    date = str(first["date"])
    in_month = date[:7] == f"{p.year:04d}-{p.month:02d}"
    mentions = p.mentions.lower() in f"{first['event']} {first.get('note', '')}".lower()
    verdict = SUPPORTED if in_month and mentions else (PARTLY if in_month or mentions else CONTRADICTED)
    later = "; ".join(f"{r['date']}: {r['event']}" for _, r in rows.iloc[1:].iterrows())
    explanation = t("verdict.event_date", date=date, event=first["event"])
    if later:
        explanation += " " + t("verdict.event_date.later", later=later)
    if not in_month:
        explanation += " " + t("verdict.event_date.other_month", year=p.year, month=p.month)
    return Result(claim.id, verdict, explanation, t("rule.event_date"), inputs, sources_of(inputs))
