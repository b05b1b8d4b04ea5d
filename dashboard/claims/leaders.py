"""Who led Peru's trade each year, and the check 'partner was No. 1 for N consecutive years'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard.claims.inputs import INPUT_COLUMNS, obs_input, sources_of
from dashboard.claims.params import LeaderRunParams
from dashboard.claims.registry import Claim
from dashboard.claims.text import flow_role, join_list, partner_name
from dashboard.claims.verdict import CONTRADICTED, NOT_CHECKABLE, PARTLY, SUPPORTED, Result
from dashboard.data.query import select
from dashboard.data.vocab import PARTIAL_PERIODS, kind_rank
from dashboard.strings import t

# Evidence bases for one year's ranking, strongest first.
FULL, DERIVED, PARTIAL, NONE = "full", "derived", "partial", "none"
_BASIS_ORDER = {FULL: 0, DERIVED: 1, PARTIAL: 2, NONE: 3}
_RANKING_MEASURES = ("rank", "share", "value")

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


def _leader_in(tier: list[Row]) -> tuple[str | None, list[Row]]:
    """Return (leader, evidence rows) from one tier: an explicit rank 1, else the largest share, else value."""
    firsts = sorted((r for r in tier if r["measure"] == "rank" and r["value"] == 1), key=_kind_key)
    if firsts:
        return str(firsts[0]["peru_partner"]), firsts[:1]
    for measure in ("share", "value"):
        rows = [r for r in tier if r["measure"] == measure and (measure == "share" or r["unit"] == "USD million")]
        best: dict[str, Row] = {}
        for r in sorted(rows, key=_kind_key):
            best.setdefault(r["peru_partner"], r)
        if len(best) >= 2:
            ranked = sorted(best.values(), key=lambda r: -r["value"])
            return str(ranked[0]["peru_partner"]), ranked
    return None, []


def year_leaders(
    obs: pd.DataFrame, *, flow: str, family: str, years: Sequence[int], partner: str = "CHN"
) -> pd.DataFrame:
    """Return, per year, who led Peru's `flow` on `family` figures, the evidence basis and the rows used."""
    pool = select(obs, source_family=family, product="TOTAL", measure=_RANKING_MEASURES)
    pool = pool[(pool["peru_partner"] != "WLD") & pool["year"].isin(list(years))][list(INPUT_COLUMNS)]
    by_year: dict[int, list[Row]] = {}
    for row in pool.to_dict("records"):
        row["derived"] = bool(row["derived"])
        by_year.setdefault(int(row["year"]), []).append(row)
    records = []
    for year in years:
        in_year = by_year.get(year, [])
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
        behind = [r for r in own if r["value"] > 1]
        if behind:  # the partner is known not to lead, whoever does
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
    if exp["leader"] == imp["leader"] and exp["leader"] != "other":
        basis = max(exp["basis"], imp["basis"], key=_BASIS_ORDER.__getitem__)
        rank = 1 if exp["leader"] == partner else None
        how = "both_flows"
        return {"leader": exp["leader"], "partner_rank": rank, "basis": basis, "evidence": evidence, "how": how}
    return _no_leader(evidence, "split")


def _run_verdict(leaders: pd.DataFrame, partner: str) -> str:
    """Verdict for 'partner led in every one of these years' from a year_leaders table."""
    known = leaders[leaders["leader"].notna()]
    if len(known) * 2 < len(leaders):
        return NOT_CHECKABLE
    others = known[known["leader"] != partner]
    if (others["basis"] == FULL).any():
        return CONTRADICTED
    if others.empty and len(known) == len(leaders) and (known["basis"] == FULL).all():
        return SUPPORTED
    return PARTLY


def _run_length(leaders: pd.DataFrame, partner: str) -> int:
    """Count the consecutive years, back from the last, in which partner led."""
    n = 0
    for leader in reversed(leaders["leader"].tolist()):
        if leader != partner:
            break
        n += 1
    return n


def check_leader_run(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check 'partner was Peru's No. 1 (flow) for N consecutive years' on each family and measure."""
    p = LeaderRunParams.of(claim)
    partner, flow, n, main_family = p.partner, p.flow, p.years, p.family
    years = list(range(p.end_year - n + 1, p.end_year + 1))

    sensitivity = []
    main: pd.DataFrame | None = None
    # narrow once: year_leaders runs for every family and measure below
    obs = select(obs, product="TOTAL", measure=_RANKING_MEASURES, status=None)[list(INPUT_COLUMNS)]
    for family in p.all_families:
        for measure in p.all_flows:
            leaders = year_leaders(obs, flow=measure, family=family, years=years, partner=partner)
            verdict = _run_verdict(leaders, partner)
            sensitivity.append(
                {
                    "family": family,
                    "flow": measure,
                    "verdict": verdict,
                    "years_led": int((leaders["leader"] == partner).sum()),
                    "years_known": int(leaders["leader"].notna().sum()),
                    "weak_years": [int(y) for y in leaders.loc[leaders["basis"].isin([DERIVED, PARTIAL]), "year"]],
                    "other_years": [
                        int(y) for y in leaders.loc[leaders["leader"].notna() & (leaders["leader"] != partner), "year"]
                    ],
                    "by_year": {int(r.year): ("" if pd.isna(r.leader) else r.leader) for r in leaders.itertuples()},
                }
            )
            if family == main_family and measure == flow:
                main = leaders
    assert main is not None
    verdict = _run_verdict(main, partner)

    inputs = []
    for row in main.itertuples():
        if row.leader is None:
            inputs.append({"year": int(row.year), "leader": "", "basis": NONE, "source_id": ""})
            continue
        for ev in row.evidence:
            inputs.append(obs_input(ev, leader=row.leader, basis=row.basis, how=row.how))
    led = main[main["leader"] == partner]
    weak = main[(main["leader"] == partner) & (main["basis"] != FULL)]["year"].tolist()
    gaps = main[main["leader"].isna()]["year"].tolist()
    others = main[main["leader"].notna() & (main["leader"] != partner)]
    explanation = t(
        "verdict.leader_run",
        partner=t(f"partner.{partner}"),
        what=flow_role(flow),
        family=t(f"family.{main_family}"),
        led=len(led),
        n=n,
        first=years[0],
        last=years[-1],
        run=_run_length(main, partner),
    )
    if weak:
        explanation += " " + t("verdict.leader_run.weak", years=join_list(weak))
    if gaps:
        explanation += " " + t("verdict.leader_run.gaps", years=join_list(gaps))
    if not others.empty:
        explanation += " " + t(
            "verdict.leader_run.others",
            years=join_list([f"{int(r.year)} ({partner_name(r.leader)})" for r in others.itertuples()]),
        )
    rule = t("rule.leader_run", n=n, first=years[0], last=years[-1])
    settle = t("settle.leader_run") if verdict != SUPPORTED else ""
    return Result(claim.id, verdict, explanation, rule, inputs, sources_of(inputs), sensitivity, settle)
