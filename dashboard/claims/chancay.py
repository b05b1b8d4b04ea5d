"""Chancay port: claimed project figures against every party's statement, and forecasts about the port."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.claims.inputs import sources_of
from dashboard.claims.params import ForwardLookingParams, StatedFiguresParams
from dashboard.claims.registry import Claim
from dashboard.claims.text import field_name, fmt, join_list
from dashboard.claims.verdict import (
    CONTRADICTED,
    GAP,
    NOT_CHECKABLE,
    PARTLY,
    SUPPORTED,
    SUPPORTS_WEAK,
    Result,
    aggregate,
    combine,
)
from dashboard.data.query import distinct_chancay_facts
from dashboard.strings import t

_INDEPENDENT = "OFF"
"""The kind of statement that counts as independent: an official body's, not the owner's, builder's or the press's."""
_FACT_KEYS = ("fact_id", "metric", "value", "unit", "qualifier", "stated_by", "period", "source_id", "kind")


def _fact_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return one party's statement of a project figure as a verdict input."""
    return {k: float(row[k]) if k == "value" else row[k] for k in _FACT_KEYS}


def _matches(value: float, qualifier: str, stated: float, stated_q: str) -> bool:
    """True when a stated figure matches the claimed one (exact, or within 10% for 'about')."""
    if stated_q == "projected":
        return False  # a projection is not a statement that the jobs exist
    if qualifier == "about" or stated_q == "about":
        return abs(stated - value) <= 0.1 * value
    return stated == value


def check_stated_figures(claim: Claim, obs: pd.DataFrame, chancay: pd.DataFrame, **_: Any) -> Result:
    """Check claimed project figures against every party's statement: who says the same, who says otherwise."""
    parts, sentences, inputs = [], [], []
    facts = distinct_chancay_facts(chancay)
    for fig in StatedFiguresParams.of(claim).figures:
        rows = facts[facts["metric"] == fig.metric]
        inputs += [_fact_input(r) for _, r in rows.iterrows()]
        if rows.empty:
            parts.append(NOT_CHECKABLE)
            sentences.append(t("verdict.stated.none", metric=t(f"metric.{fig.metric}")))
            continue
        same = rows[
            [
                _matches(fig.value, fig.qualifier, float(v), q)
                for v, q in zip(rows["value"], rows["qualifier"], strict=True)
            ]
        ]
        other = rows.drop(same.index)
        independent = same[same["kind"] == _INDEPENDENT]
        if same.empty:
            parts.append(CONTRADICTED)
        else:
            parts.append(SUPPORTED if not independent.empty else PARTLY)
        who = "; ".join(sorted(set(same["stated_by"]))) or "-"
        others = (
            "; ".join(
                f"{fmt(float(r['value']))} ({r['qualifier'].replace('_', ' ')}, {r['stated_by']}, {r['period']})"
                for _, r in other.iterrows()
            )
            or "-"
        )
        sentences.append(
            t(
                "verdict.stated.figure",
                metric=t(f"metric.{fig.metric}"),
                value=fmt(fig.value),
                who=who,
                others=others,
            )
        )
    verdict = combine(parts)
    if verdict == SUPPORTED or all(p != CONTRADICTED for p in parts):
        sentences.append(t("verdict.stated.interested"))
    return Result(
        claim.id, verdict, " ".join(sentences), t("rule.stated"), inputs, sources_of(inputs), settle=t("settle.stated")
    )


def check_forward_looking(claim: Claim, obs: pd.DataFrame, chancay: pd.DataFrame, **_: Any) -> Result:
    """Check a forecast: what the measured indicators say so far, and what cannot be measured yet."""
    p = ForwardLookingParams.of(claim)
    facts = distinct_chancay_facts(chancay)
    measured = facts[facts["metric"].isin(p.metrics)]
    context = facts[facts["metric"].isin(p.context)]
    inputs = [_fact_input(r) for _, r in pd.concat([measured, context]).iterrows()]
    sentences = []
    for _, r in measured.iterrows():
        sentences.append(
            t(
                "verdict.forward.measured",
                metric=t(f"metric.{r['metric']}"),
                value=fmt(float(r["value"])),
                unit=r["unit"],
                who=r["stated_by"],
            )
        )
    cap = context[context["metric"] == "capacity_containers"]
    thr = context[context["metric"] == "throughput_first_year"]
    if not cap.empty and not thr.empty:
        c = float(cap.iloc[0]["value"])
        lo, hi = float(thr["value"].min()), float(thr["value"].max())
        sentences.append(
            t(
                "verdict.forward.utilisation",
                lo=fmt(lo),
                hi=fmt(hi),
                cap=fmt(c),
                plo=f"{lo / c * 100:.0f}",
                phi=f"{hi / c * 100:.0f}",
            )
        )
    unmeasured = join_list([field_name(f) for f in p.unmeasured])
    sentences.append(t("verdict.forward.unmeasured", what=unmeasured))
    if not measured.empty and (measured["kind"] != _INDEPENDENT).all():
        sentences.append(t("verdict.forward.interested"))
    # one unit per indicator and per unmeasured aspect: an indicator counts only when an independent body states it,
    # and then only as weak support (a forecast cannot be fully supported before it comes true)
    independent = set(measured.loc[measured["kind"] == _INDEPENDENT, "metric"])
    units = [SUPPORTS_WEAK if m in independent else GAP for m in p.metrics] + [GAP for _ in p.unmeasured]
    verdict = aggregate(units)
    return Result(
        claim.id,
        verdict,
        " ".join(sentences),
        t("rule.forward"),
        inputs,
        sources_of(inputs),
        settle=t("settle.forward", what=unmeasured),
    )
