"""The rating scale's rules on hand-made tables: families combined per year, the aggregation thresholds, and one
mutation per check (change the decisive figure, the verdict changes)."""

from __future__ import annotations

import pytest

from dashboard import claims as C
from dashboard.claims import verdict as V
from tests.test_claims import (
    claim,
    events,
    facts,
    fraternity,
    growth,
    jobs,
    obs,
    rank,
    run_claim,
    tourists,
    trend,
    value,
)

FB = {"source_family": "factbook", "kind": "FACTBOOK"}


def share(year: int, partner: str, s: float, **kw: object) -> dict[str, object]:
    return {"year": year, "peru_partner": partner, "measure": "share", "value": float(s), "unit": "percent", **kw}


def one_year(*rows: dict[str, object]) -> tuple[str, C.Result]:
    """The combined state of 2020 for Peru's exports, every family in the table."""
    result = C.check_leader_run(run_claim(n=1, end=2020), obs(*rows))
    combined = next(s for s in result.sensitivity if s.get("family") == "combined" and s["flow"] == "export")
    return combined["by_year"][2020], result


# ------------------------------------------------------------------------------- families combined per year


def test_families_that_agree_support_the_year() -> None:
    cell, result = one_year(rank(2020, "CHN", 1), rank(2020, "CHN", 1, **FB))
    assert cell == "CHN" and result.verdict == C.SUPPORTED
    assert "2020 (Peru, CIA Factbook)" in result.explanation  # the families behind the year are named


def test_a_full_year_figure_putting_another_partner_first_contradicts_the_year() -> None:
    cell, result = one_year(rank(2020, "USA", 1), rank(2020, "CHN", 2))
    assert cell == "USA" and result.verdict == C.CONTRADICTED


def test_families_that_conflict_make_the_sources_disagree() -> None:
    cell, result = one_year(rank(2020, "USA", 1), rank(2020, "CHN", 1, **FB))
    assert cell == "?"
    assert "Sources disagree in 2020 (Peru: United States; CIA Factbook: China)" in result.explanation
    assert result.verdict == C.NOT_CHECKABLE  # one year, not settled


def test_equal_top_shares_are_a_tie_even_when_the_source_lists_a_rank_1() -> None:
    # the Factbook 2014 import shares: China 21 %, US 21 %, China listed first
    rows = [rank(2020, "CHN", 1, **FB), rank(2020, "USA", 2, **FB), share(2020, "CHN", 21, **FB)]
    cell, result = one_year(*rows, share(2020, "USA", 21, **FB))
    assert cell == "=" and result.verdict != C.SUPPORTED
    assert "A tie for first is not a lead" in result.explanation
    cell, _ = one_year(*rows, share(2020, "USA", 20, **FB))
    assert cell == "CHN"


def test_partial_and_derived_figures_fill_a_year_only_when_nothing_better_exists() -> None:
    partial = {"period_kind": "partial", "period": "Jan-Jun", "months": 6}
    cell, result = one_year(rank(2020, "USA", 1, **partial), rank(2020, "CHN", 1, **FB))
    assert cell == "CHN" and result.verdict == C.SUPPORTED  # the Factbook's full year decides; the partial is ignored
    cell, result = one_year(rank(2020, "CHN", 1, **partial))
    assert cell == "CHN" and result.verdict == C.PARTLY
    assert "Only partial-year or derived figures fill 2020 (Peru)" in result.explanation


def test_a_rank_more_than_5_means_not_first() -> None:
    cell, result = one_year(rank(2020, "CHN", 5, qualifier="more_than"))
    assert cell == "other" and result.verdict == C.CONTRADICTED


def test_a_less_than_value_is_a_ceiling_never_a_level() -> None:
    # China below 500 cannot be ranked against the US at 400: no leader
    cell, _ = one_year(value(2020, "CHN", 500, qualifier="less_than"), value(2020, "USA", 400))
    assert cell == ""
    # a ceiling below the other partner's level does rank it
    cell, _ = one_year(value(2020, "CHN", 300, qualifier="less_than"), value(2020, "USA", 400))
    assert cell == "USA"


def test_an_unknown_family_joins_the_combination() -> None:
    other = {"source_family": "imf_dots", "kind": "OFF"}  # a family the vocabulary does not know yet
    cell, result = one_year(rank(2020, "CHN", 1), rank(2020, "USA", 1, **other))
    assert cell == "?" and "imf_dots" in result.explanation  # named by its code, not dropped
    assert {s["family"] for s in result.sensitivity if "family" in s} >= {"peru", "imf_dots", "combined"}


def test_a_partner_reported_family_without_the_partner_says_nothing_about_the_lead() -> None:
    mirror = {"source_family": "mirror", "kind": "OFF"}  # each partner reports its own imports from Peru
    cell, _ = one_year(rank(2020, "CHN", 1), value(2020, "USA", 6000.0, **mirror), value(2020, "JPN", 2000.0, **mirror))
    assert cell == "CHN"  # China's own report is missing that year: unknown, not "the US leads"
    cell, _ = one_year(
        rank(2020, "CHN", 1), value(2020, "USA", 6000.0, **mirror), value(2020, "CHN", 9000.0, **mirror)
    )
    assert cell == "CHN"


def test_combine_year_on_readings() -> None:
    full = [C.Reading("peru", "CHN", C.FULL), C.Reading("factbook", "CHN", C.FULL)]
    assert C.combine_year(2020, full, "CHN").state == V.SUPPORTS
    weak = [C.Reading("peru", "USA", C.PARTIAL), C.Reading("factbook", None, C.NONE)]
    assert C.combine_year(2020, weak, "CHN").state == V.CONTRADICTS_WEAK
    assert C.combine_year(2020, [], "CHN").state == V.GAP


def test_the_window_is_explicit_and_its_alternative_is_a_sensitivity_row() -> None:
    table = obs(rank(2020, "USA", 1), *(rank(y, "CHN", 1) for y in (2021, 2022, 2023)))
    c = claim(
        "leader_run",
        partner="CHN",
        flow="export",
        years=3,
        first_year=2020,
        end_year=2022,
        windows=[{"first": 2021, "last": 2023}],
    )
    result = C.check_leader_run(c, table)
    window = next(s for s in result.sensitivity if s.get("part") == "window 2021–2023")
    assert result.verdict == C.PARTLY and window["verdict"] == C.SUPPORTED
    assert "Over the window 2021–2023 instead: Supported" in result.explanation


# ------------------------------------------------------------------------------------ the aggregation rule


@pytest.mark.parametrize(
    ("units", "verdict"),
    [
        ([V.SUPPORTS] * 10, C.SUPPORTED),
        ([V.SUPPORTS] * 9 + [V.SUPPORTS_WEAK], C.PARTLY),
        ([V.SUPPORTS] * 5 + [V.GAP] * 5, C.PARTLY),
        ([V.SUPPORTS] * 4 + [V.GAP] * 6, C.NOT_CHECKABLE),
        ([V.SUPPORTS] * 9 + [V.CONTRADICTS], C.PARTLY),
        ([V.SUPPORTS] * 4 + [V.CONTRADICTS] * 6, C.CONTRADICTED),
        ([V.SUPPORTS_WEAK] * 4 + [V.CONTRADICTS_WEAK] * 6, C.PARTLY),  # no strong contradiction
        ([V.DISAGREE] * 6 + [V.SUPPORTS] * 4, C.NOT_CHECKABLE),
        ([], C.NOT_CHECKABLE),
    ],
)
def test_aggregate_thresholds(units: list[str], verdict: str) -> None:
    assert C.aggregate(units) == verdict


# --------------------------------------------------------------- one mutation per check: the decisive figure


def test_mutation_leader_run() -> None:
    base = [rank(y, "CHN", 1) for y in (2020, 2021, 2022)]
    assert C.check_leader_run(run_claim(), obs(*base)).verdict == C.SUPPORTED
    mutated = [rank(2020, "USA", 1), rank(2021, "USA", 1), rank(2022, "CHN", 1)]
    assert C.check_leader_run(run_claim(), obs(*mutated)).verdict == C.CONTRADICTED


def test_mutation_first_fta() -> None:
    c = claim("first_fta", subject="PER")
    peru = ("2009-04-28", "fta", "PER", "China–Peru FTA", "")
    assert C.check_first_fta(c, obs(), events(peru, ("2010-01-01", "fta", "CHL", "Chile FTA", ""))).verdict == (
        C.SUPPORTED
    )
    assert C.check_first_fta(c, obs(), events(peru, ("2005", "fta", "CHL", "Chile FTA", ""))).verdict == (
        C.CONTRADICTED
    )


def test_mutation_event_date() -> None:
    text = "Congress votes to make 1 February 'Fraternity Day'"
    assert (
        C.check_event_date(fraternity(), obs(), events(("2024-05-29", "fraternity_day", "PER", text, ""))).verdict
        == C.SUPPORTED
    )
    assert (
        C.check_event_date(fraternity(), obs(), events(("2024-06-29", "fraternity_day", "PER", text, ""))).verdict
        == C.PARTLY
    )


def test_mutation_growth_since() -> None:
    world = [value(2018, "WLD", 1000), value(2023, "WLD", 1100)]
    up = obs(value(2018, "CHN", 100), value(2023, "CHN", 200), *world)
    down = obs(value(2018, "CHN", 100), value(2023, "CHN", 90), *world)
    assert C.check_growth_since(growth(), up).verdict == C.SUPPORTED
    assert C.check_growth_since(growth(), down).verdict == C.CONTRADICTED


def test_mutation_product_growth() -> None:
    c = claim("product_growth", products=["080440"], partner="CHN", recent_from=2019)
    china = {"product": "080440", "source_family": "china", "measure": "volume", "unit": "tonnes"}
    table = obs(value(2017, "CHN", 6700, **china), value(2022, "CHN", 28400, **china))
    assert C.check_product_growth(c, table).verdict == C.SUPPORTED
    table.loc[1, "value"] = 5000.0
    assert C.check_product_growth(c, table).verdict == C.CONTRADICTED


def test_product_growth_never_compares_a_season_with_a_calendar_year() -> None:
    c = claim("product_growth", products=["081040"], partner="CHN")
    table = obs(
        value(2017, "CHN", 34, product="081040"),
        value(2022, "CHN", 222, product="081040", period_kind="season", period="season 2022/23"),
    )
    assert C.check_product_growth(c, table).verdict == C.NOT_CHECKABLE


def test_an_implausible_figure_is_never_an_endpoint() -> None:
    grapes = {"product": "080610"}
    table = obs(value(2013, "CHN", 40, **grapes), value(2014, "CHN", 86, **grapes), value(2021, "CHN", 30, **grapes))
    flagged = [{"obs_id": str(table.loc[2, "obs_id"]), "reason": "cannot pay for the tonnes"}]
    plain = claim("product_growth", products=["080610"], partner="CHN")
    assert C.check_product_growth(plain, table).verdict == C.CONTRADICTED  # 40 -> 30
    skipping = claim("product_growth", products=["080610"], partner="CHN", implausible=flagged)
    result = C.check_product_growth(skipping, table)
    assert result.verdict == C.SUPPORTED  # 40 -> 86
    assert "cannot pay for the tonnes" in result.explanation
    assert all(i["obs_id"] != flagged[0]["obs_id"] for i in result.inputs)


def test_mutation_product_evidence() -> None:
    c = claim("product_evidence", products=["9503"], partner="CHN")
    assert C.check_product_evidence(c, obs(value(2024, "WLD", 1.3, product="9503"))).verdict == C.NOT_CHECKABLE
    assert C.check_product_evidence(c, obs(value(2024, "CHN", 1.3, product="9503"))).verdict == C.PARTLY


def test_mutation_trend() -> None:
    assert C.check_trend(trend(), tourists((2022, "FY", 100, False), (2023, "FY", 150, False))).verdict == C.SUPPORTED
    fall = C.check_trend(trend(), tourists((2022, "FY", 100, False), (2023, "FY", 90, False)))
    assert fall.verdict == C.CONTRADICTED


def test_mutation_stated_figures() -> None:
    rows = [("jobs_direct", 1300, "exact", "Ministry", "OFF"), ("jobs_indirect", 8000, "about", "Ministry", "OFF")]
    assert C.check_stated_figures(jobs(), obs(), chancay=facts(*rows)).verdict == C.SUPPORTED
    rows[0] = ("jobs_direct", 900, "exact", "Ministry", "OFF")
    assert C.check_stated_figures(jobs(), obs(), chancay=facts(*rows)).verdict != C.SUPPORTED


def test_mutation_forward_looking_and_consistency_with_chancay_hub() -> None:
    ship = claim("forward_looking", metrics=["transit_days_saved"], unmeasured=["industrialization"])
    hub = claim("forward_looking", metrics=["transshipment_share"], unmeasured=["hub status"])
    operator = facts(
        ("transit_days_saved", 10, "exact", "COSCO", "CO"), ("transshipment_share", 30, "exact", "COSCO", "CO")
    )
    # an interested party's figures are context only, for both claims
    assert C.check_forward_looking(ship, obs(), chancay=operator).verdict == C.NOT_CHECKABLE
    assert C.check_forward_looking(hub, obs(), chancay=operator).verdict == C.NOT_CHECKABLE
    official = operator.assign(kind="OFF")
    assert C.check_forward_looking(ship, obs(), chancay=official).verdict == C.PARTLY
    assert C.check_forward_looking(hub, obs(), chancay=official).verdict == C.PARTLY


def test_growth_that_ends_before_recent_from_is_only_weak_support() -> None:
    table = obs(value(2013, "CHN", 40, product="080610"), value(2014, "CHN", 86, product="080610"))
    assert C.check_product_growth(claim("product_growth", products=["080610"], partner="CHN"), table).verdict == (
        C.SUPPORTED
    )
    stale = C.check_product_growth(claim("product_growth", products=["080610"], partner="CHN", recent_from=2019), table)
    assert stale.verdict == C.PARTLY and "from 2014, before 2019" in stale.explanation
