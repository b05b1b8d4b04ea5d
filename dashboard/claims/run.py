"""The check 'partner was Peru's No. 1 for N consecutive years': every family combined per year, then one rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.claims.inputs import INPUT_COLUMNS, obs_input, sources_of
from dashboard.claims.leaders import FULL, NONE, RANKING_MEASURES
from dashboard.claims.leaders import TIE as TIE_LEADER
from dashboard.claims.params import LeaderRunParams, Window
from dashboard.claims.registry import Claim
from dashboard.claims.text import flow_role, join_list, partner_name
from dashboard.claims.verdict import (
    CONTRADICTS,
    CONTRADICTS_WEAK,
    DISAGREE,
    GAP,
    SUPPORTED,
    SUPPORTS,
    SUPPORTS_WEAK,
    TIE,
    Result,
    aggregate,
)
from dashboard.claims.years import Reading, YearState, combined_years, families_in, family_readings, reading_state
from dashboard.data.query import select
from dashboard.strings import t

COMBINED = "combined"
"""The sensitivity row of every family combined (the verdict's own basis)."""
_FOR = (SUPPORTS, SUPPORTS_WEAK)
_CELL = {DISAGREE: "?", TIE: "=", GAP: ""}


def _family_label(family: str) -> str:
    """A family's short name, or its code for a family this app does not know yet."""
    return t(f"family.short.{family}", default=family)


def _summary(states: Sequence[str], partner_years: Sequence[int], weak: Sequence[int]) -> dict[str, Any]:
    """The counts a sensitivity row shows."""
    return {
        "verdict": aggregate(states),
        "years_led": len(partner_years),
        "years_known": sum(s != GAP for s in states),
        "weak_years": list(weak),
    }


def _family_row(family: str, flow: str, by_year: Mapping[int, Reading], years: Sequence[int], partner: str) -> dict:
    """One family's sensitivity row: its own verdict, as if it were the only source."""
    states = [reading_state(by_year[y], partner) for y in years]
    led = [y for y, s in zip(years, states, strict=True) if s in _FOR]
    weak = [y for y in years if by_year[y].leader is not None and by_year[y].basis != FULL]
    other = [y for y, s in zip(years, states, strict=True) if s in (CONTRADICTS, CONTRADICTS_WEAK)]
    cells = {y: _cell_of(by_year[y].leader) for y in years}
    return {"family": family, "flow": flow, **_summary(states, led, weak), "other_years": other, "by_year": cells}


def _cell_of(leader: str | None) -> str:
    """A leader as one cell of the strip chart ('=' for a tie, blank for none)."""
    return "=" if leader == TIE_LEADER else (leader or "")


def _combined_cell(year: YearState, partner: str) -> str:
    """The combined year as one cell: the partner, the other leader(s), '?' when sources disagree, '=' for a tie."""
    if year.state in _FOR:
        return partner
    if year.state in (CONTRADICTS, CONTRADICTS_WEAK):
        others = set(year.leaders.values())
        return others.pop() if len(others) == 1 else "other"
    return _CELL[year.state]


def _combined_row(flow: str, states: Sequence[YearState], partner: str, **label: Any) -> dict[str, Any]:
    """The sensitivity row of the combined families for one flow (or one window)."""
    years = [y.year for y in states]
    led = [y.year for y in states if y.state in _FOR]
    weak = [y.year for y in states if y.basis not in (FULL, NONE)]
    other = [y.year for y in states if y.state in (CONTRADICTS, CONTRADICTS_WEAK)]
    summary = _summary([y.state for y in states], led, weak)
    cells = {y.year: _combined_cell(y, partner) for y in states}
    return {**label, "flow": flow, **summary, "other_years": other, "by_year": cells, "years": years}


def _run_length(states: Sequence[YearState]) -> int:
    """Count the consecutive years, back from the last, in which the partner led."""
    n = 0
    for year in reversed(states):
        if year.state not in _FOR:
            break
        n += 1
    return n


def _year_item(year: YearState) -> str:
    """A year with the families behind it: '2017 (Peru, CIA Factbook)' or, on disagreement, who each family puts
    first."""
    if year.state in (DISAGREE, TIE, CONTRADICTS, CONTRADICTS_WEAK):
        who = "; ".join(f"{_family_label(f)}: {_leader_words(v)}" for f, v in year.leaders.items())
        return f"{year.year} ({who})"
    return f"{year.year} ({', '.join(_family_label(f) for f in year.families)})"


def _leader_words(leader: str) -> str:
    """A family's reading in words."""
    return t("verdict.run.tie") if leader == TIE_LEADER else partner_name(leader)


def _explain(states: Sequence[YearState], p: LeaderRunParams, window: Window) -> str:
    """The explanation: the count, then each kind of year with the years and the families behind it."""
    led = [y for y in states if y.state in _FOR]
    sentences = [
        t(
            "verdict.run",
            partner=t(f"partner.{p.partner}"),
            what=flow_role(p.flow),
            led=len(led),
            n=p.years,
            first=window.first,
            last=window.last,
            run=_run_length(states),
        )
    ]
    groups = [
        ("verdict.run.full", [y for y in states if y.state == SUPPORTS]),
        ("verdict.run.weak", [y for y in states if y.state == SUPPORTS_WEAK]),
        ("verdict.run.others", [y for y in states if y.state == CONTRADICTS]),
        ("verdict.run.others_weak", [y for y in states if y.state == CONTRADICTS_WEAK]),
        ("verdict.run.disagree", [y for y in states if y.state == DISAGREE]),
        ("verdict.run.ties", [y for y in states if y.state == TIE]),
    ]
    for key, years in groups:
        if years:
            sentences.append(t(key, years=join_list([_year_item(y) for y in years])))
    gaps = [y.year for y in states if y.state == GAP]
    if gaps:
        sentences.append(t("verdict.leader_run.gaps", years=join_list(gaps)))
    return " ".join(sentences)


def _inputs(states: Sequence[YearState]) -> list[dict[str, Any]]:
    """The figures behind each year's state (a gap is one empty row)."""
    inputs = []
    for year in states:
        behind = [r for r in year.readings if r.family in year.families]
        if not behind:
            inputs.append({"year": year.year, "leader": "", "basis": NONE, "source_id": ""})
        for reading in behind:
            for ev in reading.evidence:
                inputs.append(obs_input(ev, leader=reading.leader, basis=reading.basis, how=reading.how))
    return inputs


def check_leader_run(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check 'partner was Peru's No. 1 (flow) for N consecutive years', every family combined per year."""
    p = LeaderRunParams.of(claim)
    partner = p.partner
    # narrow once: every family, flow and window below reads from this
    obs = select(obs, product="TOTAL", measure=RANKING_MEASURES, status=None)[list(INPUT_COLUMNS)]
    families = families_in(obs, p.families)
    windows = [p.window, *p.windows]
    span = sorted({y for w in windows for y in w.years})
    sensitivity: list[dict[str, Any]] = []
    main: list[YearState] = []
    for flow in p.all_flows:
        readings = family_readings(obs, flow=flow, years=span, partner=partner, families=families)
        combined = combined_years(readings, p.window.years, partner)
        sensitivity.append(_combined_row(flow, combined, partner, family=COMBINED))
        sensitivity += [_family_row(f, flow, by_year, p.window.years, partner) for f, by_year in readings.items()]
        if flow != p.flow:
            continue
        main = combined
        for w in p.windows:
            label = t("claims.sensitivity.window", first=w.first, last=w.last)
            sensitivity.append(_combined_row(flow, combined_years(readings, w.years, partner), partner, part=label))
    verdict = aggregate([y.state for y in main])
    explanation = _explain(main, p, p.window)
    for row in sensitivity:
        if "part" in row:
            explanation += " " + t(
                "verdict.run.window", window=row["part"], verdict=t(f"verdict.{row['verdict']}"), led=row["years_led"]
            )
            if row.get("weak_years"):
                explanation += " " + t("verdict.run.window_weak", years=join_list([str(y) for y in row["weak_years"]]))
    inputs = _inputs(main)
    rule = t("rule.leader_run", n=p.years, first=p.first_year, last=p.end_year)
    settle = t("settle.leader_run") if verdict != SUPPORTED else ""
    return Result(claim.id, verdict, explanation, rule, inputs, sources_of(inputs), sensitivity, settle)
