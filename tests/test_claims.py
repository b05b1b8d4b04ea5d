"""Verdict functions on small hand-made tables: every outcome each check can give."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dashboard import claims as C
from dashboard.data.errors import DataError

ROOT = Path(__file__).resolve().parent.parent

OBS_DEFAULTS: dict[str, Any] = {
    "dataset": "test",
    "raw_row": 1,
    "reporter": "PER",
    "source_family": "peru",
    "partner": "CHN",
    "flow": "export",
    "peru_partner": "CHN",
    "peru_flow": "export",
    "product": "TOTAL",
    "measure": "value",
    "year": 2020,
    "period": "FY",
    "period_kind": "full_year",
    "months": 12,
    "value": 1.0,
    "unit": "USD million",
    "qualifier": "exact",
    "source_id": "src-a",
    "kind": "OFF",
    "derived": False,
    "status": "preferred",
    "status_reason": "",
    "note": "",
}


def obs(*rows: dict[str, Any]) -> pd.DataFrame:
    """Build an observations table from partial rows (defaults fill the rest)."""
    records = []
    for i, row in enumerate(rows):
        rec = {**OBS_DEFAULTS, **row}
        rec.setdefault("obs_id", f"t-{i:04d}-{rec['measure']}")
        if rec["peru_partner"] != OBS_DEFAULTS["peru_partner"] and "partner" not in row:
            rec["partner"] = rec["peru_partner"]
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=["obs_id", *OBS_DEFAULTS])
    frame["months"] = frame["months"].astype("Int64")
    return frame


def rank(year: int, partner: str, r: int, **kw: Any) -> dict[str, Any]:
    return {"year": year, "peru_partner": partner, "measure": "rank", "value": float(r), "unit": "rank", **kw}


def value(year: int, partner: str, v: float, **kw: Any) -> dict[str, Any]:
    return {"year": year, "peru_partner": partner, "measure": "value", "value": float(v), **kw}


def claim(check: str, **params: Any) -> C.Claim:
    return C.Claim(
        id="test", quote="q", paragraph=1, kind="quantitative", check=check, params=params, chart="", preset={}
    )


def run_claim(n: int = 3, end: int = 2022, flow: str = "export") -> C.Claim:
    return claim(
        "leader_run",
        partner="CHN",
        flow=flow,
        years=n,
        first_year=end - n + 1,
        end_year=end,
        flows=["export", "import", "trade"],
    )


EVENT_COLUMNS = ["event_id", "date", "precision", "year", "category", "country", "event", "value", "value_high"]
EMPTY_EVENTS = pd.DataFrame(columns=[*EVENT_COLUMNS, "unit", "source_id", "kind", "note"])


# ---------------------------------------------------------------------------------------------- leader_run


def test_leader_run_supported_when_china_ranks_first_every_year() -> None:
    table = obs(*(rank(y, "CHN", 1) for y in (2020, 2021, 2022)))
    result = C.check_leader_run(run_claim(), table)
    assert result.verdict == C.SUPPORTED
    assert "3 of the 3 years" in result.explanation
    assert [i["year"] for i in result.inputs] == [2020, 2021, 2022]


def test_leader_run_contradicted_when_another_partner_leads_most_years_on_full_year_figures() -> None:
    table = obs(rank(2020, "USA", 1), rank(2021, "USA", 1), rank(2021, "CHN", 2), rank(2022, "CHN", 1))
    result = C.check_leader_run(run_claim(), table)
    assert result.verdict == C.CONTRADICTED
    assert "2021 (Peru: United States)" in result.explanation


def test_leader_run_partly_when_one_year_of_three_has_another_leader() -> None:
    table = obs(rank(2020, "CHN", 1), rank(2021, "USA", 1), rank(2021, "CHN", 2), rank(2022, "CHN", 1))
    result = C.check_leader_run(run_claim(), table)
    assert result.verdict == C.PARTLY
    assert "another partner first in 2021 (Peru: United States)" in result.explanation


def test_leader_run_partly_supported_when_a_year_rests_on_partial_or_derived_figures() -> None:
    table = obs(
        rank(2020, "CHN", 1),
        value(2021, "CHN", 900, derived=True, kind="DERIVED"),
        value(2021, "USA", 500, derived=True, kind="DERIVED"),
        rank(2022, "CHN", 1, period_kind="partial", period="Jan-Oct", months=10),
    )
    result = C.check_leader_run(run_claim(), table)
    assert result.verdict == C.PARTLY
    assert "derived figures fill 2021 (Peru) and 2022 (Peru)" in result.explanation  # weak years and families


def test_leader_run_not_checkable_with_too_few_years() -> None:
    result = C.check_leader_run(run_claim(n=4), obs(rank(2022, "CHN", 1)))
    assert result.verdict == C.NOT_CHECKABLE
    assert result.settle


def test_leader_run_ignores_rejected_figures() -> None:
    table = obs(
        rank(2020, "CHN", 1), rank(2021, "USA", 1, status="rejected"), rank(2021, "CHN", 1), rank(2022, "CHN", 1)
    )
    assert C.check_leader_run(run_claim(), table).verdict == C.SUPPORTED


def test_value_comparison_decides_when_no_rank_is_stated() -> None:
    table = obs(value(2020, "CHN", 10), value(2020, "USA", 12))
    leaders = C.year_leaders(table, flow="export", family="peru", years=[2020])
    assert leaders.loc[0, "leader"] == "USA"
    assert leaders.loc[0, "basis"] == C.FULL


def test_trading_partner_inferred_when_china_leads_both_exports_and_imports() -> None:
    rows = []
    for y in (2020, 2021, 2022):
        rows += [rank(y, "CHN", 1), rank(y, "CHN", 1, peru_flow="import", flow="import")]
    result = C.check_leader_run(run_claim(flow="trade"), obs(*rows))
    assert result.verdict == C.SUPPORTED
    assert {i["how"] for i in result.inputs} == {"both_flows"}


def test_trading_partner_unknown_when_the_flows_have_different_leaders() -> None:
    table = obs(rank(2020, "CHN", 1), rank(2020, "USA", 1, peru_flow="import", flow="import"))
    leaders = C.year_leaders(table, flow="trade", family="peru", years=[2020])
    assert leaders.loc[0, "leader"] is None


def test_sensitivity_reports_each_family_and_measure() -> None:
    table = obs(
        *(rank(y, "CHN", 1) for y in (2020, 2021, 2022)),
        *(rank(y, "USA", 1, source_family="factbook", kind="FACTBOOK") for y in (2020, 2021, 2022)),
    )
    result = C.check_leader_run(run_claim(), table)
    by_key = {(s["family"], s["flow"]): s for s in result.sensitivity}
    assert by_key[("peru", "export")]["verdict"] == C.SUPPORTED
    assert by_key[("factbook", "export")]["verdict"] == C.CONTRADICTED
    assert by_key[("peru", "import")]["verdict"] == C.NOT_CHECKABLE


# ----------------------------------------------------------------------------------------------- events


def events(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    records = [
        {
            "event_id": f"e{i}",
            "date": d,
            "precision": "day",
            "year": int(d[:4]),
            "category": cat,
            "country": c,
            "event": text,
            "value": None,
            "value_high": None,
            "unit": "",
            "source_id": "src-e",
            "kind": "NEWS",
            "note": note,
        }
        for i, (d, cat, c, text, note) in enumerate(rows)
    ]
    return pd.DataFrame.from_records(records)


def test_first_fta_partly_supported_when_earlier_one_was_goods_only() -> None:
    ev = events(
        ("2005", "fta", "CHL", "Chile–China FTA (goods only)", "Peru's is the first comprehensive one"),
        ("2009-04-28", "fta", "PER", "China–Peru FTA signed", ""),
    )
    result = C.check_first_fta(claim("first_fta", subject="PER", category="fta"), obs(), ev)
    assert result.verdict == C.PARTLY
    assert "Chile" in result.explanation and "comprehensive" in result.explanation and "2005" in result.explanation


def test_first_fta_supported_when_first() -> None:
    ev = events(
        ("2009-04-28", "fta", "PER", "China–Peru FTA signed", ""), ("2010-01-01", "fta", "CRI", "Costa Rica FTA", "")
    )
    assert C.check_first_fta(claim("first_fta", subject="PER"), obs(), ev).verdict == C.SUPPORTED


def test_first_fta_contradicted_when_an_earlier_comparable_one_exists() -> None:
    ev = events(("2005", "fta", "CHL", "Chile–China FTA", ""), ("2009-04-28", "fta", "PER", "China–Peru FTA", ""))
    assert C.check_first_fta(claim("first_fta", subject="PER"), obs(), ev).verdict == C.CONTRADICTED


def test_first_fta_not_checkable_without_events() -> None:
    assert C.check_first_fta(claim("first_fta", subject="PER"), obs(), EMPTY_EVENTS).verdict == C.NOT_CHECKABLE


def early(categories: tuple[str, ...] = ("diplomatic_relations", "partnership"), **cut: Any) -> C.Claim:
    return claim("early_relations", subject="PER", categories=list(categories), **(cut or {"top_share": 0.4}))


# eight countries' dates of relations, in this order; Peru third (the real order, dates simplified)
RELATIONS = ["CUB", "CHL", "PER", "MEX", "ARG", "VEN", "BRA", "COL"]


def relations(peru: str = "1971-11-02", *extra: tuple[str, str, str, str, str]) -> pd.DataFrame:
    rows = [(f"{1960 + 4 * i}-06-01", "diplomatic_relations", c, c, "") for i, c in enumerate(RELATIONS) if c != "PER"]
    return events(*rows, ("" + peru, "diplomatic_relations", "PER", "Peru", ""), *extra)


def test_early_relations_supported_within_the_first_share() -> None:
    result = C.check_early_relations(early(("diplomatic_relations",)), obs(), relations())
    assert result.verdict == C.SUPPORTED
    assert "No. 3 of the 8" in result.explanation and "earlier: Cuba and Chile" in result.explanation
    assert "first 4" in result.explanation  # 40% of 8, rounded up
    quarter = C.check_early_relations(early(("diplomatic_relations",), top_share=0.25), obs(), relations())
    assert quarter.verdict == C.CONTRADICTED  # a quarter of 8 is 2: third is not among them


def test_early_relations_flips_when_peru_is_dated_later() -> None:
    # Peru moved after Mexico and Argentina: No. 5 of 8, outside the first 40% (4) and the first 3
    late = relations("1977-01-01")
    assert C.check_early_relations(early(("diplomatic_relations",)), obs(), late).verdict == C.CONTRADICTED
    assert C.check_early_relations(early(("diplomatic_relations",), top_n=3), obs(), late).verdict == C.CONTRADICTED
    assert C.check_early_relations(early(("diplomatic_relations",), top_n=5), obs(), late).verdict == C.SUPPORTED


def test_early_relations_partly_when_sources_disagree_across_the_cut_off() -> None:
    # Chile dated 1962 by one source and 1972 by another: Peru (1971) is No. 2 or No. 3; cut-off 2
    ev = events(
        ("1961", "diplomatic_relations", "CUB", "Cuba", ""),
        ("1962-06-01", "diplomatic_relations", "CHL", "Chile", ""),
        ("1972-01-01", "diplomatic_relations", "CHL", "Chile", "CONFLICT"),
        ("1971-11-02", "diplomatic_relations", "PER", "Peru", ""),
        ("1974", "diplomatic_relations", "MEX", "Mexico", ""),
        ("1975", "diplomatic_relations", "ARG", "Argentina", ""),
    )
    result = C.check_early_relations(early(("diplomatic_relations",), top_n=2), obs(), ev)
    assert result.verdict == C.PARTLY
    assert "No. 2–3" in result.explanation and "Chile (1962-06-01, 1972-01-01)" in result.explanation
    agreed = ev[ev["note"] != "CONFLICT"]
    assert C.check_early_relations(early(("diplomatic_relations",), top_n=2), obs(), agreed).verdict == C.CONTRADICTED


def test_early_relations_cannot_fail_with_no_more_countries_than_the_cut_off() -> None:
    ev = events(
        ("1960-09-28", "diplomatic_relations", "CUB", "Cuba", ""),
        ("1970-12-15", "diplomatic_relations", "CHL", "Chile", ""),
        ("1971-11-02", "diplomatic_relations", "PER", "Peru", ""),
    )
    result = C.check_early_relations(early(("diplomatic_relations",), top_n=3), obs(), ev)
    assert result.verdict == C.NOT_CHECKABLE
    assert "cannot fail" in result.explanation and result.settle


def test_early_relations_partly_when_one_milestone_is_missing() -> None:
    result = C.check_early_relations(early(), obs(), relations())
    assert result.verdict == C.PARTLY
    assert [s["verdict"] for s in result.sensitivity] == [C.SUPPORTED, C.NOT_CHECKABLE]


def test_early_relations_ignores_countries_outside_latin_america_and_month_dates_refine_years() -> None:
    ev = relations(
        "1971",
        ("1971-11", "diplomatic_relations", "PER", "Peru", ""),
        ("1950", "diplomatic_relations", "IND", "India", ""),
    )
    result = C.check_early_relations(early(("diplomatic_relations",)), obs(), ev)
    assert "on 1971-11:" in result.explanation and "No. 3 of the 8" in result.explanation


# ------------------------------------------------------------------------------------- Chinese immigrants


def settled(within: int = 5, share: float = 0.5) -> C.Claim:
    return claim("first_settled", subject="PER", within_years=within, min_share=share)


def arrivals(peru_first: str = "1849-10-15", peru_total: tuple[float, float | None] = (90000, 100000)) -> pd.DataFrame:
    ev = events(
        ("1847-06-03", "immigration_first", "CUB", "first Chinese arrive in Cuba", ""),
        ("1847", "immigration_first", "CUB", "first contingent", "CONFLICT on count"),
        (peru_first, "immigration_first", "PER", "first Chinese arrive at Callao", ""),
        ("1847", "immigration_total", "CUB", "total Chinese in Cuba (1847-1889)", ""),
        ("1849", "immigration_total", "PER", "total Chinese in Peru (1849-1874)", ""),
        ("1850", "immigration_total", "ESP", "not Latin America", ""),
    )
    ev["value"] = [206.0, 571.0, 75.0, 125000.0, peru_total[0], 900000.0]
    ev.loc[4, "value_high"] = peru_total[1]
    return ev


def test_first_settled_supported_two_years_after_cuba_with_a_comparable_total() -> None:
    result = C.check_first_settled(settled(), obs(), arrivals())
    assert result.verdict == C.SUPPORTED
    assert "Cuba's, on 1847-06-03: 2 years earlier" in result.explanation
    assert "Peru 90,000 to 100,000" in result.explanation and "72%" in result.explanation
    assert {i["value"] for i in result.inputs} >= {75.0, 206.0, 125000.0}


def test_first_settled_flips_when_peru_arrives_late_or_few() -> None:
    late = C.check_first_settled(settled(), obs(), arrivals(peru_first="1860-03-01"))
    assert late.verdict == C.PARTLY and late.sensitivity[0]["verdict"] == C.CONTRADICTED
    few = C.check_first_settled(settled(), obs(), arrivals(peru_total=(20000, None)))
    assert few.verdict == C.PARTLY and few.sensitivity[1]["verdict"] == C.CONTRADICTED
    both = C.check_first_settled(settled(), obs(), arrivals("1860-03-01", (20000, None)))
    assert both.verdict == C.CONTRADICTED


def test_first_settled_partly_when_a_range_straddles_the_threshold() -> None:
    # 55,000-70,000 against 125,000 x 0.5 = 62,500: the low end misses, the high end reaches
    result = C.check_first_settled(settled(), obs(), arrivals(peru_total=(55000, 70000)))
    assert result.sensitivity[1]["verdict"] == C.PARTLY


def test_first_settled_not_checkable_without_another_country() -> None:
    alone = arrivals()
    alone = alone[alone["country"] == "PER"]
    result = C.check_first_settled(settled(), obs(), alone)
    assert result.verdict == C.NOT_CHECKABLE and result.settle
    assert C.check_first_settled(settled(), obs(), EMPTY_EVENTS).verdict == C.NOT_CHECKABLE


def fraternity(month: int = 5) -> C.Claim:
    return claim("event_date", category="fraternity_day", year=2024, month=month, mentions="1 February")


def test_event_date_supported_when_month_and_content_match() -> None:
    ev = events(("2024-05-29", "fraternity_day", "PER", "Congress votes to make 1 February 'Fraternity Day'", ""))
    assert C.check_event_date(fraternity(), obs(), ev).verdict == C.SUPPORTED


def test_event_date_partly_when_month_differs() -> None:
    ev = events(("2024-06-21", "fraternity_day", "PER", "Law on 1 February 'Fraternity Day' published", ""))
    result = C.check_event_date(fraternity(), obs(), ev)
    assert result.verdict == C.PARTLY
    assert "5/2024" in result.explanation


def test_event_date_contradicted_when_nothing_matches() -> None:
    ev = events(("2023-01-10", "fraternity_day", "PER", "Friendship day on 25 July", ""))
    assert C.check_event_date(fraternity(), obs(), ev).verdict == C.CONTRADICTED


def test_event_date_with_a_year_only_takes_the_most_precise_record_of_the_earliest_year() -> None:
    bri = claim("event_date", category="bri", year=2019, mentions="sign")
    ev = events(
        ("2019-04", "bri", "PER", "Peru signs the BRI memorandum", ""),
        ("2019-04-25", "bri", "PER", "Peru signs the BRI memorandum in Beijing", ""),
        ("2024-11-08", "bri", "PER", "Annual meeting on the BRI in Lima", ""),
    )
    result = C.check_event_date(bri, obs(), ev)
    assert result.verdict == C.SUPPORTED
    assert result.explanation.startswith("Dated record: 2019-04-25")
    moved = ev.assign(date=["2020-04", "2020-04-25", "2024-11-08"], year=[2020, 2020, 2024])
    later = C.check_event_date(bri, obs(), moved)
    assert later.verdict == C.PARTLY and "in 2019," in later.explanation
    unsigned = ev.assign(event=["Peru studies the BRI", "Peru studies the BRI", "Annual meeting"])
    assert C.check_event_date(bri, obs(), unsigned).verdict == C.PARTLY


def test_event_date_not_checkable_without_the_event() -> None:
    assert C.check_event_date(fraternity(), obs(), EMPTY_EVENTS).verdict == C.NOT_CHECKABLE


# ------------------------------------------------------------------------------------------ trade trends


def growth() -> C.Claim:
    return claim(
        "growth_since",
        partner="CHN",
        flow="export",
        base_year=2018,
        end_year=2023,
        benchmark="WLD",
        fields_unmeasured=[],
    )


def test_growth_supported_when_trade_with_partner_outgrew_the_world() -> None:
    table = obs(value(2018, "CHN", 100), value(2023, "CHN", 200), value(2018, "WLD", 1000), value(2023, "WLD", 1100))
    result = C.check_growth_since(growth(), table)
    assert result.verdict == C.SUPPORTED
    assert "+100%" in result.explanation and "+10%" in result.explanation


def test_growth_partly_when_slower_than_the_world_or_fields_unmeasured() -> None:
    table = obs(value(2018, "CHN", 100), value(2023, "CHN", 110), value(2018, "WLD", 1000), value(2023, "WLD", 2000))
    assert C.check_growth_since(growth(), table).verdict == C.PARTLY
    table = obs(value(2018, "CHN", 100), value(2023, "CHN", 200))
    unmeasured = claim(
        "growth_since",
        partner="CHN",
        flow="export",
        base_year=2018,
        end_year=2023,
        benchmark="WLD",
        fields_unmeasured=["finance"],
    )
    result = C.check_growth_since(unmeasured, table)
    assert result.verdict == C.PARTLY
    assert "finance" in result.explanation


def test_growth_contradicted_by_a_fall_and_not_checkable_without_figures() -> None:
    assert (
        C.check_growth_since(growth(), obs(value(2018, "CHN", 100), value(2023, "CHN", 90))).verdict == C.CONTRADICTED
    )
    assert C.check_growth_since(growth(), obs(value(2018, "CHN", 100))).verdict == C.NOT_CHECKABLE


def agri() -> C.Claim:
    return claim("product_growth", products=["081040", "080610"], partner="CHN")


def test_product_growth_supported_when_each_product_grew() -> None:
    table = obs(
        value(2017, "CHN", 34, product="081040"),
        value(2023, "CHN", 300, product="081040"),
        value(2017, "CHN", 50, product="080610"),
        value(2022, "CHN", 60, product="080610"),
    )
    result = C.check_product_growth(agri(), table)
    assert result.verdict == C.SUPPORTED
    assert "2017" in result.explanation and "2023" in result.explanation


def test_product_growth_partly_when_a_product_fell_and_not_checkable_without_pairs() -> None:
    table = obs(
        value(2017, "CHN", 34, product="081040"),
        value(2023, "CHN", 300, product="081040"),
        value(2017, "CHN", 50, product="080610"),
        value(2022, "CHN", 40, product="080610"),
    )
    assert C.check_product_growth(agri(), table).verdict == C.PARTLY
    table = obs(value(2017, "CHN", 50, product="080610"), value(2022, "CHN", 40, product="080610"))
    assert (
        C.check_product_growth(claim("product_growth", products=["080610"], partner="CHN"), table).verdict
        == C.CONTRADICTED
    )
    assert C.check_product_growth(agri(), obs()).verdict == C.NOT_CHECKABLE


def test_product_growth_never_compares_different_month_spans() -> None:
    table = obs(
        value(2017, "CHN", 34, product="081040", period_kind="partial", period="Jan-Aug", months=8),
        value(2023, "CHN", 30, product="081040", period_kind="partial", period="Jan-Oct", months=10),
    )
    result = C.check_product_growth(claim("product_growth", products=["081040"], partner="CHN"), table)
    assert result.verdict == C.NOT_CHECKABLE


def test_product_evidence_not_checkable_without_a_figure_to_the_partner() -> None:
    table = obs(value(2024, "WLD", 1.302, product="9503", period_kind="partial", period="Jan-May", months=5))
    result = C.check_product_evidence(claim("product_evidence", products=["9503"], partner="CHN"), table)
    assert result.verdict == C.NOT_CHECKABLE
    assert "1.3" in result.explanation and result.settle


def test_product_evidence_partly_when_a_figure_exists() -> None:
    table = obs(value(2024, "CHN", 2.5, product="9503"))
    result = C.check_product_evidence(claim("product_evidence", products=["9503"], partner="CHN"), table)
    assert result.verdict == C.PARTLY


def tourists(*rows: tuple[int, str, float, bool]) -> pd.DataFrame:
    return obs(
        *(
            {
                "year": y,
                "period": p,
                "period_kind": "full_year" if p == "FY" else "partial",
                "months": 12 if p == "FY" else 10,
                "measure": "arrivals",
                "unit": "visitors",
                "value": v,
                "derived": d,
                "kind": "DERIVED" if d else "OFF",
            }
            for y, p, v, d in rows
        )
    )


def trend() -> C.Claim:
    return claim("trend", measure="arrivals", as_of_year=2024)


def test_trend_supported_when_rising_on_reported_figures_above_any_peak() -> None:
    table = tourists((2022, "FY", 100, False), (2023, "FY", 150, False))
    assert C.check_trend(trend(), table).verdict == C.SUPPORTED


def test_trend_partly_when_the_comparison_uses_a_derived_figure_or_stays_below_the_peak() -> None:
    table = tourists((2019, "FY", 41067, False), (2023, "Jan-Oct", 16024, True), (2024, "Jan-Oct", 29693, False))
    result = C.check_trend(trend(), table)
    assert result.verdict == C.PARTLY
    assert "+85%" in result.explanation and "41,067" in result.explanation


def test_trend_contradicted_by_a_fall_and_not_checkable_without_comparable_periods() -> None:
    assert (
        C.check_trend(trend(), tourists((2022, "FY", 200, False), (2023, "FY", 150, False))).verdict == C.CONTRADICTED
    )
    assert C.check_trend(trend(), tourists((2023, "FY", 150, False))).verdict == C.NOT_CHECKABLE


# --------------------------------------------------------------------------------------------- Chancay


FACT_COLUMNS = [
    "fact_id",
    "metric",
    "value",
    "unit",
    "qualifier",
    "period",
    "stated_by",
    "source_id",
    "kind",
    "note",
    "duplicate_of",
]


def facts(*rows: tuple[str, float, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [
            {
                "fact_id": f"f{i}",
                "metric": m,
                "value": v,
                "unit": "jobs",
                "qualifier": q,
                "period": "2023",
                "stated_by": who,
                "source_id": f"src-{i}",
                "kind": kind,
                "note": "",
                "duplicate_of": "",
            }
            for i, (m, v, q, who, kind) in enumerate(rows)
        ],
        columns=FACT_COLUMNS,
    )


def jobs() -> C.Claim:
    return claim(
        "stated_figures",
        figures=[
            {"metric": "jobs_direct", "value": 1300, "qualifier": "exact"},
            {"metric": "jobs_indirect", "value": 8000, "qualifier": "about"},
        ],
    )


def test_stated_figures_partly_when_only_the_company_says_so() -> None:
    f = facts(
        ("jobs_direct", 1300, "exact", "COSCO", "CO"),
        ("jobs_indirect", 8000, "about", "COSCO", "CO"),
        ("jobs_direct", 8500, "exact", "Minister", "OFF"),
    )
    result = C.check_stated_figures(jobs(), obs(), chancay=f)
    assert result.verdict == C.PARTLY
    assert "8,500" in result.explanation and "COSCO" in result.explanation


def test_stated_figures_supported_when_an_official_body_agrees() -> None:
    f = facts(("jobs_direct", 1300, "exact", "Ministry", "OFF"), ("jobs_indirect", 7500, "about", "Ministry", "OFF"))
    assert C.check_stated_figures(jobs(), obs(), chancay=f).verdict == C.SUPPORTED


def test_stated_figures_contradicted_when_no_statement_matches() -> None:
    f = facts(("jobs_direct", 500, "exact", "Ministry", "OFF"), ("jobs_indirect", 2000, "exact", "Ministry", "OFF"))
    assert C.check_stated_figures(jobs(), obs(), chancay=f).verdict == C.CONTRADICTED


def test_stated_figures_not_checkable_without_statements() -> None:
    assert C.check_stated_figures(jobs(), obs(), chancay=facts()).verdict == C.NOT_CHECKABLE


def test_forward_looking_is_partly_with_indicators_and_not_checkable_without() -> None:
    f = facts(
        ("transit_days_saved", 10, "exact", "COSCO", "CO"),
        ("capacity_containers", 1_000_000, "exact", "x", "NEWS"),
        ("throughput_first_year", 286_255, "exact", "y", "NEWS"),
    )
    c = claim(
        "forward_looking",
        metrics=["transit_days_saved"],
        context=["throughput_first_year", "capacity_containers"],
        unmeasured=["industrialization"],
    )
    result = C.check_forward_looking(c, obs(), chancay=f)
    assert result.verdict == C.NOT_CHECKABLE  # only the operator states the indicator: context, not evidence
    assert "29%" in result.explanation and "interested party" in result.explanation
    f.loc[f["metric"] == "transit_days_saved", "kind"] = "OFF"  # an independent body states it
    assert C.check_forward_looking(c, obs(), chancay=f).verdict == C.PARTLY
    hub = claim("forward_looking", metrics=["transshipment_share"], context=[], unmeasured=["hub status"])
    assert C.check_forward_looking(hub, obs(), chancay=f).verdict == C.NOT_CHECKABLE


# ---------------------------------------------------------------------------------------------- registry


def test_registry_quotes_are_exact_and_in_their_paragraph() -> None:
    registry = C.load_registry(ROOT / "data" / "claims.toml")
    paragraphs = [p.strip() for p in (ROOT / "data" / "article.txt").read_text(encoding="utf-8").split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    assert len(registry.claims) >= 12
    for c in registry.claims:
        assert (
            c.quote in paragraphs[c.paragraph - 1].replace("\n", " ")
            or c.quote[0].lower() + c.quote[1:] in paragraphs[c.paragraph - 1]
        ), c.id


def test_registry_rejects_an_unknown_check_and_duplicate_ids(tmp_path: Path) -> None:
    bad = tmp_path / "claims.toml"
    bad.write_text('[[claim]]\nid="a"\nquote="q"\nparagraph=1\nkind="qualitative"\ncheck="nope"\n', encoding="utf-8")
    with pytest.raises(DataError, match="claim a: unknown check nope"):
        C.load_registry(bad)
    claim = '[[claim]]\nid="a"\nquote="q"\nparagraph=1\nkind="qualitative"\ncheck="trend"\n'
    bad.write_text((claim + 'params={measure="arrivals", as_of_year=2024}\n') * 2, encoding="utf-8")
    with pytest.raises(DataError, match="claim 2: duplicate id a"):
        C.load_registry(bad)


@dataclass
class _Data:
    observations: pd.DataFrame
    events: pd.DataFrame
    chancay: pd.DataFrame
    products: pd.DataFrame


def test_evaluate_all_gives_every_registered_claim_a_known_verdict() -> None:
    registry = C.load_registry(ROOT / "data" / "claims.toml")
    data = _Data(obs(), EMPTY_EVENTS, facts(), pd.DataFrame(columns=["code", "name"]))
    results = C.evaluate_all(registry, data)
    assert list(results) == [c.id for c in registry.claims]
    assert {r.verdict for r in results.values()} <= set(C.VERDICTS)
