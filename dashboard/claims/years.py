"""One year, every source family: combine the families' readings of who led into one year state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.claims.leaders import DERIVED, FULL, NONE, PARTIAL, TIE, year_leaders
from dashboard.claims.verdict import CONTRADICTS, CONTRADICTS_WEAK, DISAGREE, GAP, SUPPORTS, SUPPORTS_WEAK
from dashboard.claims.verdict import TIE as TIE_STATE
from dashboard.data.vocab import FAMILY_ORDER

FILL_ORDER = (FULL, DERIVED, PARTIAL)
"""Evidence bases in the order they may settle a year: derived and partial figures only fill a year nothing better
settles."""


@dataclass(frozen=True)
class Reading:
    """One family's reading of one year: who led (a partner code, 'other', TIE or None) and on what basis."""

    family: str
    leader: str | None
    basis: str
    evidence: tuple[dict[str, Any], ...] = ()
    how: str = ""


@dataclass(frozen=True)
class YearState:
    """A year of a claim once its families are combined: the state, the basis and the families behind it."""

    year: int
    state: str
    basis: str = NONE
    families: tuple[str, ...] = ()
    readings: tuple[Reading, ...] = field(default=(), repr=False)

    @property
    def leaders(self) -> dict[str, str]:
        """The leader each family behind the state reads in this year."""
        return {r.family: str(r.leader) for r in self.readings if r.family in self.families}


def families_in(obs: pd.DataFrame, only: Sequence[str] = ()) -> list[str]:
    """The families to combine: `only` if given, else every family with figures, known ones first, then others."""
    if only:
        return list(only)
    present = set(obs["source_family"].dropna().astype(str))
    return [f for f in FAMILY_ORDER if f in present] + sorted(present - set(FAMILY_ORDER))


def reading_state(reading: Reading, partner: str) -> str:
    """The state one reading gives a year: for, against, tie or gap, weak when not on a full-year reported figure."""
    if reading.leader is None:
        return GAP
    if reading.leader == TIE:
        return TIE_STATE
    weak = reading.basis != FULL
    if reading.leader == partner:
        return SUPPORTS_WEAK if weak else SUPPORTS
    return CONTRADICTS_WEAK if weak else CONTRADICTS


def combine_year(year: int, readings: Sequence[Reading], partner: str) -> YearState:
    """Combine the families' readings of a year: the strongest basis with any reading decides; agree or disagree."""
    for basis in FILL_ORDER:
        tier = [r for r in readings if r.basis == basis and r.leader is not None]
        if not tier:
            continue
        states = {reading_state(r, partner) for r in tier}
        families = tuple(r.family for r in tier)
        state = states.pop() if len(states) == 1 else DISAGREE
        return YearState(year, state, basis, families, tuple(readings))
    return YearState(year, GAP, NONE, (), tuple(readings))


def family_readings(
    obs: pd.DataFrame, *, flow: str, years: Sequence[int], partner: str, families: Sequence[str]
) -> dict[str, dict[int, Reading]]:
    """Each family's reading of each year (from year_leaders), by family and year."""
    out: dict[str, dict[int, Reading]] = {}
    for family in families:
        leaders = year_leaders(obs, flow=flow, family=family, years=years, partner=partner)
        out[family] = {
            int(r.year): Reading(
                family, None if pd.isna(r.leader) else str(r.leader), str(r.basis), tuple(r.evidence), str(r.how)
            )
            for r in leaders.itertuples()
        }
    return out


def combined_years(
    readings: Mapping[str, Mapping[int, Reading]], years: Sequence[int], partner: str
) -> list[YearState]:
    """Combine the families' readings year by year."""
    return [combine_year(y, [by_year[y] for by_year in readings.values() if y in by_year], partner) for y in years]
