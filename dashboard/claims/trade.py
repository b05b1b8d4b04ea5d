"""Trade and trends: growth since a year, product growth, evidence of a product's sales, and 'more and more'."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from dashboard import names
from dashboard.claims.inputs import obs_input, sources_of
from dashboard.claims.params import GrowthSinceParams, ProductEvidenceParams, ProductGrowthParams, TrendParams
from dashboard.claims.registry import Claim
from dashboard.claims.text import field_name, fmt, join_list, pct, period_label
from dashboard.claims.verdict import (
    CONTRADICTED,
    CONTRADICTS,
    CONTRADICTS_WEAK,
    GAP,
    NOT_CHECKABLE,
    PARTLY,
    SUPPORTED,
    SUPPORTS,
    SUPPORTS_WEAK,
    Result,
    aggregate,
    combine,
)
from dashboard.data.query import select
from dashboard.data.vocab import kind_rank
from dashboard.strings import t


def _preferred_value(
    obs: pd.DataFrame, *, partner: str, flow: str, year: int, product: str = "TOTAL", family: str = "peru"
) -> pd.Series | None:
    """Return the preferred full-year value figure (US$ million) of a series in a year, or None."""
    rows = select(
        obs,
        status="preferred",
        source_family=family,
        peru_partner=partner,
        peru_flow=flow,
        product=product,
        measure="value",
        period_kind="full_year",
    )
    rows = rows[(rows["unit"] == "USD million") & (rows["year"] == year)]
    return None if rows.empty else rows.iloc[0]


def check_growth_since(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check that trade with the partner grew since the base year, faster than with the benchmark."""
    p = GrowthSinceParams.of(claim)
    base, end, partner, benchmark = p.base_year, p.end_year, p.partner, p.benchmark
    rows = {
        (who, y): _preferred_value(obs, partner=who, flow=p.flow, year=y)
        for who in (partner, benchmark)
        for y in (base, end)
    }
    inputs = [obs_input(r) for r in rows.values() if r is not None]
    unmeasured = join_list([field_name(f) for f in p.fields_unmeasured])
    r0, r1 = rows[(partner, base)], rows[(partner, end)]
    if r0 is None or r1 is None:
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.growth.missing", base=base, end=end),
            t("rule.growth"),
            inputs,
            sources_of(inputs),
            settle=t("settle.growth"),
        )
    a0, a1 = float(r0["value"]), float(r1["value"])
    explanation = t(
        "verdict.growth.partner",
        partner=t(f"partner.{partner}"),
        base=base,
        end=end,
        v0=fmt(a0),
        v1=fmt(a1),
        pct=pct(a1, a0),
    )
    trade_part = SUPPORTED if a1 > a0 else CONTRADICTED
    q0, q1 = rows[(benchmark, base)], rows[(benchmark, end)]
    if q0 is not None and q1 is not None:
        b0, b1 = float(q0["value"]), float(q1["value"])
        explanation += " " + t("verdict.growth.benchmark", v0=fmt(b0), v1=fmt(b1), pct=pct(b1, b0))
        if a1 / a0 <= b1 / b0 and trade_part == SUPPORTED:
            trade_part = PARTLY
    if unmeasured:
        explanation += " " + t("verdict.growth.unmeasured", fields=unmeasured)
    verdict = combine([trade_part, NOT_CHECKABLE]) if unmeasured else trade_part
    return Result(
        claim.id,
        verdict,
        explanation,
        t("rule.growth"),
        inputs,
        sources_of(inputs),
        settle=t("settle.growth") if unmeasured else "",
    )


_PRODUCT_UNITS = {"value": "USD million", "volume": "tonnes"}
_PRODUCT_FAMILIES = ("peru", "china")  # one side's statistics: Peru FOB or China CIF, never mixed
_TREND_KEY = {"value": "verdict.product.trend", "volume": "verdict.product.trend_tonnes"}


def _product_rows(obs: pd.DataFrame, product: str, partner: str, skip: Iterable[str]) -> pd.DataFrame:
    """Usable levels of Peru's exports of one product to the partner: values and tonnes, no bounds, none flagged."""
    rows = select(obs, product=product, peru_partner=partner, peru_flow="export", measure=tuple(_PRODUCT_UNITS))
    usable = rows["unit"] == rows["measure"].map(_PRODUCT_UNITS)
    usable &= rows["qualifier"].isin(("exact", "about")) & ~rows["obs_id"].isin(list(skip))
    return rows[usable]


def _longest_series(rows: pd.DataFrame) -> pd.DataFrame | None:
    """The longest comparable series (one family, one measure, one kind of period), latest end on a tie."""
    best, best_key = None, (0, 0)
    for family in _PRODUCT_FAMILIES:
        for measure in _PRODUCT_UNITS:
            for group in _comparable_pools(select(rows, source_family=family, measure=measure)):
                pool = _best_per_year(group)
                key = (len(pool), int(pool["year"].max()) if len(pool) else 0)
                if len(pool) >= 2 and key > best_key:
                    best, best_key = pool, key
    return best


def _product_part(rows: pd.DataFrame, name: str, recent_from: int) -> tuple[str, str, list[dict[str, Any]]]:
    """One product's unit state, sentence and endpoints."""
    best = _longest_series(rows)
    if best is None:
        return GAP, t("verdict.product.missing", product=name), []
    first, last = best.iloc[0], best.iloc[-1]
    sentence = t(
        _TREND_KEY[str(last["measure"])],
        product=name,
        y0=period_label(first),
        y1=period_label(last),
        v0=fmt(first["value"]),
        v1=fmt(last["value"]),
        pct=pct(last["value"], first["value"]),
        side=t(f"family.{first['source_family']}"),
    )
    if last["value"] <= first["value"]:
        state = CONTRADICTS
    elif int(last["year"]) < recent_from:
        state = SUPPORTS_WEAK
        sentence += " " + t("verdict.product.stale", year=int(last["year"]), recent=recent_from)
    else:
        state = SUPPORTS
    return state, sentence, [obs_input(first), obs_input(last)]


def check_product_growth(claim: Claim, obs: pd.DataFrame, products: pd.DataFrame | None = None, **_: Any) -> Result:
    """Check that exports of each product to the partner grew between the first and last comparable figures."""
    p = ProductGrowthParams.of(claim)
    flagged = {f.obs_id: f.reason for f in p.implausible}
    states, sentences, inputs = [], [], []
    for code in p.products:
        name = _product_name(products, code)
        state, sentence, ends = _product_part(_product_rows(obs, code, p.partner, flagged), name, p.recent_from)
        states.append(state)
        sentences.append(sentence)
        inputs += ends
        for _, r in select(obs, product=code, peru_partner=p.partner, status=None).iterrows():
            if r["obs_id"] in flagged:
                sentences.append(
                    t(
                        "verdict.product.implausible",
                        product=name,
                        period=period_label(r),
                        value=fmt(float(r["value"])),
                        unit=r["unit"],
                        reason=t(f"claim.implausible.{r['obs_id']}", default=flagged[r["obs_id"]]),
                    )
                )
    agri = _share_of_agri(obs)
    if agri:
        sentences.append(agri[0])
        inputs += agri[1]
    return Result(
        claim.id,
        aggregate(states),
        " ".join(sentences),
        t("rule.product_growth"),
        inputs,
        sources_of(inputs),
        [{"part": c, "verdict": _STATE_VERDICT[s]} for c, s in zip(p.products, states, strict=True)],
        t("settle.product") if GAP in states or SUPPORTS_WEAK in states else "",
    )


_STATE_VERDICT = {SUPPORTS: SUPPORTED, SUPPORTS_WEAK: PARTLY, CONTRADICTS: CONTRADICTED, GAP: NOT_CHECKABLE}


def _best_per_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Keep one figure per year: the preferred one, else the most reliable kind."""
    ranked = rows.assign(_s=rows["status"] != "preferred", _k=rows["kind"].map(kind_rank))
    return ranked.sort_values(["year", "_s", "_k", "obs_id"]).drop_duplicates("year").drop(columns=["_s", "_k"])


def _comparable_pools(rows: pd.DataFrame) -> Iterable[pd.DataFrame]:
    """Yield groups of figures comparable across years: calendar years, seasons, the same months (never mixed)."""
    yield select(rows, period_kind="full_year", status=None)
    yield select(rows, period_kind="season", status=None)
    partial = select(rows, period_kind=("partial", "month"), status=None)
    for _, same in partial.groupby(partial["period"].str.replace(r"\d{4}", "", regex=True).str.strip()):
        yield same


def _share_of_agri(obs: pd.DataFrame) -> tuple[str, list[dict[str, Any]]] | None:
    """Return a sentence on agriculture's share of Peru's exports to China in the latest year with both figures."""
    for year in sorted(obs["year"].unique(), reverse=True):
        agri = _preferred_value(obs, partner="CHN", flow="export", year=int(year), product="AGRI")
        total = _preferred_value(obs, partner="CHN", flow="export", year=int(year))
        if agri is not None and total is not None:
            share = float(agri["value"]) / float(total["value"]) * 100
            return (
                t("verdict.product.agri_share", year=int(year), value=fmt(float(agri["value"])), share=f"{share:.1f}"),
                [obs_input(agri), obs_input(total)],
            )
    return None


def _product_name(products: pd.DataFrame | None, code: str) -> str:
    """Return a product's name from the products table in the current language, or its code."""
    if products is not None and not products.empty:
        match = products[products["code"] == code]
        if not match.empty:
            return names.product(code, str(match.iloc[0]["name"]))
    return code


def check_product_evidence(claim: Claim, obs: pd.DataFrame, products: pd.DataFrame | None = None, **_: Any) -> Result:
    """Check whether any trade figure measures the product's sales in the partner country."""
    p = ProductEvidenceParams.of(claim)
    rows = select(obs, product=p.products, measure=("value", "volume"))
    to_partner = rows[rows["peru_partner"] == p.partner]
    context = rows[rows["peru_partner"] != p.partner]
    groups = select(obs, product=p.groups, peru_partner=p.partner)
    inputs = [obs_input(r) for _, r in pd.concat([to_partner, context, groups]).iterrows()]
    names = ", ".join(_product_name(products, c) for c in p.products)
    if not to_partner.empty:
        v = to_partner.sort_values("year").iloc[-1]
        explanation = t(
            "verdict.evidence.found", product=names, year=int(v["year"]), value=fmt(float(v["value"])), unit=v["unit"]
        )
        return Result(claim.id, PARTLY, explanation, t("rule.product_evidence"), inputs, sources_of(inputs))
    explanation = t("verdict.evidence.none", product=names, partner=t(f"partner.{p.partner}"))
    if not context.empty:
        v = context.sort_values("year").iloc[-1]
        explanation += " " + t(
            "verdict.evidence.context", year=int(v["year"]), period=v["period"], value=fmt(float(v["value"]))
        )
    if not groups.empty:
        explanation += " " + t("verdict.evidence.groups", n=len(groups))
    return Result(
        claim.id,
        NOT_CHECKABLE,
        explanation,
        t("rule.product_evidence"),
        inputs,
        sources_of(inputs),
        settle=t("settle.product_evidence", product=names),
    )


def check_trend(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check 'more and more': the latest comparable periods rise; note a level still below an earlier peak."""
    p = TrendParams.of(claim)
    rows = select(obs, measure=p.measure).sort_values(["year", "obs_id"])
    as_of = p.as_of_year
    rows = rows[rows["year"] <= as_of]
    latest = rows[rows["year"] == rows["year"].max()] if not rows.empty else rows
    for _, last in latest.sort_values("kind", key=lambda k: k.map(kind_rank)).iterrows():
        prior = rows[(rows["year"] == last["year"] - 1) & (rows["period"] == last["period"])]
        if prior.empty:
            continue
        prev = prior.iloc[0]
        full = rows[(rows["period_kind"] == "full_year") & (rows["year"] < last["year"])]
        peak = full.loc[full["value"].idxmax()] if not full.empty else None
        inputs = [obs_input(prev), obs_input(last)] + ([obs_input(peak)] if peak is not None else [])
        rising = last["value"] > prev["value"]
        explanation = t(
            "verdict.trend",
            period=last["period"],
            y0=int(prev["year"]),
            y1=int(last["year"]),
            v0=fmt(float(prev["value"])),
            v1=fmt(float(last["value"])),
            pct=pct(float(last["value"]), float(prev["value"])),
        )
        weak = bool(prev["derived"]) or bool(last["derived"])
        if weak:
            explanation += " " + t("verdict.trend.derived")
        below_peak = peak is not None and peak["value"] > last["value"] and last["period_kind"] == "full_year"
        if peak is not None and peak["value"] > last["value"] * (12 / (last["months"] or 12)):
            below_peak = True
        if below_peak and peak is not None:
            explanation += " " + t("verdict.trend.peak", year=int(peak["year"]), value=fmt(float(peak["value"])))
        # one unit: a fall contradicts, a rise supports; a derived figure or a level below the peak makes it weak
        if not rising:
            verdict = aggregate([CONTRADICTS_WEAK if weak else CONTRADICTS])
        else:
            verdict = aggregate([SUPPORTS_WEAK if weak or below_peak else SUPPORTS])
        return Result(claim.id, verdict, explanation, t("rule.trend"), inputs, sources_of(inputs))
    return Result(claim.id, NOT_CHECKABLE, t("verdict.trend.missing"), t("rule.trend"), settle=t("settle.trend"))
