"""Claims: the registry of the article's claims and the pure functions that turn the tidy tables into verdicts.

- registry.py: Claim, Registry, load_registry (reads data/claims.toml; a bad claim is a DataError)
- params.py: one frozen dataclass per check declaring its parameters, validated when the registry is loaded
- verdict.py: the four verdicts, Result, unit states and aggregate (the rating scale's rule, docs/rating-scale.md)
- text.py: the wording of explanations; inputs.py: what a verdict cites
- leaders.py: who led Peru's trade each year on one family (year_leaders); years.py: every family combined per year
- run.py: check_leader_run (the run of years, with alternative windows as sensitivity rows)
- dated.py: first FTA, early milestones, event dates; reference.py: the Latin American countries
- spans.py: dates known to the day, month or year as spans, and a country's place when sources disagree
- history.py: where Chinese immigrants first arrived and settled in large numbers
- trade.py: growth since a year, products, trends; chancay.py: the port's stated figures and forecasts
- review.py: the schema.org ClaimReview export
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboard.claims.chancay import check_forward_looking, check_stated_figures
from dashboard.claims.dated import check_early_relations, check_event_date, check_first_fta
from dashboard.claims.history import check_first_settled
from dashboard.claims.leaders import DERIVED, FULL, NONE, PARTIAL, TIE, year_leaders
from dashboard.claims.params import PARAMS, ParamError, Params
from dashboard.claims.registry import KINDS, Claim, Registry, load_registry
from dashboard.claims.review import RATING, claim_review, public_base_url, source_dates
from dashboard.claims.run import check_leader_run
from dashboard.claims.text import flow_role, join_list, partner_name, period_label
from dashboard.claims.trade import check_growth_since, check_product_evidence, check_product_growth, check_trend
from dashboard.claims.verdict import CONTRADICTED, NOT_CHECKABLE, PARTLY, SUPPORTED, VERDICTS, Result, aggregate
from dashboard.claims.years import Reading, YearState, combine_year

__all__ = [
    "CHECKS",
    "CONTRADICTED",
    "DERIVED",
    "FULL",
    "KINDS",
    "NONE",
    "NOT_CHECKABLE",
    "PARAMS",
    "PARTIAL",
    "PARTLY",
    "RATING",
    "SUPPORTED",
    "TIE",
    "VERDICTS",
    "Claim",
    "ParamError",
    "Params",
    "Reading",
    "Registry",
    "Result",
    "YearState",
    "aggregate",
    "check_early_relations",
    "check_event_date",
    "check_first_fta",
    "check_first_settled",
    "check_forward_looking",
    "check_growth_since",
    "check_leader_run",
    "check_product_evidence",
    "check_product_growth",
    "check_stated_figures",
    "check_trend",
    "claim_review",
    "combine_year",
    "evaluate",
    "evaluate_all",
    "flow_role",
    "join_list",
    "load_registry",
    "partner_name",
    "period_label",
    "public_base_url",
    "source_dates",
    "year_leaders",
]

CHECKS: dict[str, Callable[..., Result]] = {
    "leader_run": check_leader_run,
    "first_fta": check_first_fta,
    "early_relations": check_early_relations,
    "event_date": check_event_date,
    "first_settled": check_first_settled,
    "growth_since": check_growth_since,
    "product_growth": check_product_growth,
    "product_evidence": check_product_evidence,
    "trend": check_trend,
    "stated_figures": check_stated_figures,
    "forward_looking": check_forward_looking,
}


def evaluate(claim: Claim, data: Any) -> Result:
    """Run a claim's check on a Dataset (anything with observations, events, chancay and products tables)."""
    check = CHECKS[claim.check]
    return check(claim, data.observations, events=data.events, chancay=data.chancay, products=data.products)


def evaluate_all(registry: Registry, data: Any) -> dict[str, Result]:
    """Run every claim of the registry on the data; return results by claim id, in registry order."""
    return {claim.id: evaluate(claim, data) for claim in registry.claims}
