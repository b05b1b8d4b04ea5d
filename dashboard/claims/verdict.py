"""Verdicts: the four verdicts, Result, and how the verdicts of a claim's parts combine into one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE = "supported", "partly_supported", "contradicted", "not_checkable"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE)


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


def combine(parts: Sequence[str]) -> str:
    """Combine the verdicts of a claim's parts into one."""
    if not parts:
        return NOT_CHECKABLE
    if all(p == SUPPORTED for p in parts):
        return SUPPORTED
    if all(p == CONTRADICTED for p in parts):
        return CONTRADICTED
    if all(p == NOT_CHECKABLE for p in parts):
        return NOT_CHECKABLE
    return PARTLY
