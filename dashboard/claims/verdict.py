"""Verdicts: the four verdicts, Result, the states of a unit (a year, a part) and the one rule aggregating them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE = "supported", "partly_supported", "contradicted", "not_checkable"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE)

# The state of one unit of a claim (a year of a run, a product of a list, a figure of a statement); see
# docs/rating-scale.md. "weak" means the unit rests only on partial-year, derived or interested-party evidence.
SUPPORTS, SUPPORTS_WEAK = "supports", "supports_weak"
CONTRADICTS, CONTRADICTS_WEAK = "contradicts", "contradicts_weak"
DISAGREE, TIE, GAP = "disagree", "tie", "gap"
UNIT_STATES = (SUPPORTS, SUPPORTS_WEAK, CONTRADICTS, CONTRADICTS_WEAK, DISAGREE, TIE, GAP)
_SETTLED = (SUPPORTS, SUPPORTS_WEAK, CONTRADICTS, CONTRADICTS_WEAK)
_AGAINST = (CONTRADICTS, CONTRADICTS_WEAK)


@dataclass
class Result:
    """A computed verdict with its explanation, the rule applied, its inputs, sources and sensitivity."""

    claim_id: str
    verdict: str
    explanation: str
    rule: str
    inputs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    settle: str = ""


def aggregate(units: Sequence[str]) -> str:
    """The claim verdict from its units' states: the one rule of docs/rating-scale.md, for every claim."""
    unknown = [u for u in units if u not in UNIT_STATES]
    if unknown:
        raise ValueError(f"unknown unit state {unknown[0]}")
    if not units:
        return NOT_CHECKABLE
    if all(u == SUPPORTS for u in units):
        return SUPPORTED
    settled = [u for u in units if u in _SETTLED]
    if len(settled) * 2 < len(units):
        return NOT_CHECKABLE
    against = [u for u in settled if u in _AGAINST]
    if CONTRADICTS in units and len(against) * 2 > len(settled):
        return CONTRADICTED
    return PARTLY


_PART_STATE = {SUPPORTED: SUPPORTS, PARTLY: SUPPORTS_WEAK, CONTRADICTED: CONTRADICTS, NOT_CHECKABLE: GAP}


def combine(parts: Sequence[str]) -> str:
    """Combine the verdicts of a claim's parts into one, by the same rule (a partly supported part is weak support)."""
    return aggregate([_PART_STATE[p] for p in parts])
