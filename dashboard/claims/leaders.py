"""Who led Peru's trade each year on one source family's figures: explicit ranks, else shares, else values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard.claims.inputs import INPUT_COLUMNS
from dashboard.data import query
from dashboard.data.query import select
from dashboard.data.vocab import PARTIAL_PERIODS, PARTNER_REPORTED, kind_rank

# Evidence bases for one year's ranking, strongest first.
FULL, DERIVED, PARTIAL, NONE = "full", "derived", "partial", "none"
_BASIS_ORDER = {FULL: 0, DERIVED: 1, PARTIAL: 2, NONE: 3}
RANKING_MEASURES = ("rank", "share", "value")
TIE = "tie"
"""The leader of a year whose top figures are equal: a tie is not a lead."""
_POINT = ("exact", "about")
"""Qualifiers of a level; more_than is a lower bound and less_than an upper bound, never a level."""

Row = dict[str, Any]


def _kind_key(row: Row) -> tuple[int, str]:
    """Sort key: most reliable kind first, then obs_id for a deterministic choice."""
    return kind_rank(row["kind"]), row["obs_id"]


def _tiers(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Split a year's figures into evidence tiers, strongest first."""
    full = [r for r in rows if r["period_kind"] == "full_year"]
    return [
        (FULL, [r for r in full if not r["derived"]]),
        (DERIVED, [r for r in full if r["derived"]]),
        (PARTIAL, [r for r in rows if r["period_kind"] in PARTIAL_PERIODS]),
    ]


def _bounds(row: Row) -> tuple[float, float]:
    """The interval a figure allows: a level is a point, more_than a floor, less_than a ceiling."""
    value, qualifier = float(row["value"]), row["qualifier"]
    if qualifier == "more_than":
        return value, float("inf")
    if qualifier == "less_than":
        return float("-inf"), value
    return value, value


def _largest(rows: list[Row]) -> tuple[str | None, list[Row]]:
    """Return (leader, rows) by level: the partner whose floor exceeds every other's ceiling, TIE, or None."""
    best: dict[str, Row] = {}
    for r in sorted(rows, key=_kind_key):
        best.setdefault(r["peru_partner"], r)
    if len(best) < 2:
        return None, []
    ranked = sorted(best.values(), key=lambda r: -_bounds(r)[0])
    top, rivals = ranked[0], ranked[1:]
    floor = _bounds(top)[0]
    if all(_bounds(r)[1] < floor for r in rivals):
        return str(top["peru_partner"]), ranked
    level = top["qualifier"] in _POINT
    close = [r for r in rivals if _bounds(r)[1] >= floor]
    if level and all(r["qualifier"] in _POINT and float(r["value"]) == floor for r in close):
        return TIE, [top, *close]
    return None, []


def _leader_in(tier: list[Row]) -> tuple[str | None, list[Row]]:
    """Return (leader, evidence rows) from one tier: an explicit rank 1, else the largest share, else value.

    An explicit rank 1 whose own source gives another partner the same share is a tie, not a lead.
    """
    shares = _largest([r for r in tier if r["measure"] == "share"])
    firsts = sorted(
        (r for r in tier if r["measure"] == "rank" and r["value"] == 1 and r["qualifier"] in _POINT), key=_kind_key
    )
    if firsts:
        if shares[0] == TIE and firsts[0]["peru_partner"] in {r["peru_partner"] for r in shares[1]}:
            return shares
        return str(firsts[0]["peru_partner"]), firsts[:1]
    if shares[0] is not None:
        return shares
    return _largest([r for r in tier if r["measure"] == "value" and r["unit"] == "USD million"])


def year_leaders(
    obs: pd.DataFrame, *, flow: str, family: str, years: Sequence[int], partner: str = "CHN"
) -> pd.DataFrame:
    """Return, per year, who led Peru's `flow` on `family` figures, the evidence basis and the rows used."""
    pool = select(obs, source_family=family, product="TOTAL", measure=RANKING_MEASURES)
    pool = pool[(pool["peru_partner"] != "WLD") & pool["year"].isin(list(years))][list(INPUT_COLUMNS)]
    by_year: dict[int, list[Row]] = {}
    for row in query.records(pool):
        row["derived"] = bool(row["derived"])
        by_year.setdefault(int(row["year"]), []).append(row)
    records = []
    for year in years:
        in_year = by_year.get(year, [])
        if family in PARTNER_REPORTED and not any(r["peru_partner"] == partner for r in in_year):
            records.append({"year": year, **_no_leader(how="not reported")})  # e.g. China's 2019 mirror is missing
            continue
        record = _lead_for_flow(in_year, flow, partner)
        if record["leader"] is None and flow == "trade":
            record = _trade_from_parts(in_year, partner)
        records.append({"year": year, **record})
    return pd.DataFrame.from_records(records, columns=["year", "leader", "partner_rank", "basis", "evidence", "how"])


def _no_leader(evidence: list[Row] | None = None, how: str = "") -> dict[str, Any]:
    """A year with no leader found."""
    return {"leader": None, "partner_rank": None, "basis": NONE, "evidence": evidence or [], "how": how}


def _lead_for_flow(rows: list[Row], flow: str, partner: str) -> dict[str, Any]:
    """Find the leader of one flow in one year's rows, trying the strongest tier first."""
    rows = [r for r in rows if r["peru_flow"] == flow]
    for basis, tier in _tiers(rows):
        own = [r for r in tier if r["peru_partner"] == partner and r["measure"] == "rank"]
        leader, evidence = _leader_in(tier)
        if leader is not None:
            rank = int(min(r["value"] for r in own)) if own else (1 if leader == partner else None)
            return {"leader": leader, "partner_rank": rank, "basis": basis, "evidence": evidence, "how": "ranked"}
        behind = [r for r in own if r["value"] > 1 or r["qualifier"] == "more_than"]
        behind = [r for r in behind if r["qualifier"] != "less_than"]  # 'better than 3rd' says nothing of 1st
        if behind:  # the partner is known not to lead, whoever does (more_than 5: not in the top 5)
            rank = int(min(r["value"] for r in behind))
            return {"leader": "other", "partner_rank": rank, "basis": basis, "evidence": behind[:1], "how": "ranked"}
    return _no_leader()


def _trade_from_parts(rows: list[Row], partner: str) -> dict[str, Any]:
    """Infer the largest trading partner: a partner that leads both exports and imports leads their sum."""
    exp = _lead_for_flow(rows, "export", partner)
    imp = _lead_for_flow(rows, "import", partner)
    if exp["leader"] is None or imp["leader"] is None:
        return _no_leader()
    evidence = exp["evidence"] + imp["evidence"]
    if exp["leader"] == imp["leader"] and exp["leader"] not in ("other", TIE):
        basis = max(exp["basis"], imp["basis"], key=_BASIS_ORDER.__getitem__)
        rank = 1 if exp["leader"] == partner else None
        how = "both_flows"
        return {"leader": exp["leader"], "partner_rank": rank, "basis": basis, "evidence": evidence, "how": how}
    return _no_leader(evidence, "split")
