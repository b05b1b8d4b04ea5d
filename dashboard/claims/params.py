"""The parameters of each check: one frozen dataclass per check, built and validated from a claim's params table."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field
from typing import TYPE_CHECKING, Any, Self, get_args, get_origin, get_type_hints

from dashboard.data.vocab import FAMILIES, FLOWS, MEASURES, QUALIFIERS

if TYPE_CHECKING:
    from dashboard.claims.registry import Claim


class ParamError(ValueError):
    """A claim parameter that is missing, unknown, of the wrong type or outside its allowed values."""


def _one_of(choices: Sequence[str], default: Any = MISSING) -> Any:
    """A dataclass field whose value must be one of choices."""
    return field(default=default, metadata={"choices": tuple(choices)})


class Params:
    """Base of the check parameter classes: the typed parameters of one claim's check."""

    @classmethod
    def of(cls, claim: Claim) -> Self:
        """The claim's validated parameters, as this check's parameter class."""
        args = claim.args
        if not isinstance(args, cls):
            raise TypeError(f"claim {claim.id} has {type(args).__name__}, not {cls.__name__}")
        return args


@dataclass(frozen=True)
class Window:
    """A run of consecutive years, first to last inclusive."""

    first: int
    last: int

    @property
    def years(self) -> list[int]:
        """The years of the window, in order."""
        return list(range(self.first, self.last + 1))


@dataclass(frozen=True, kw_only=True)
class LeaderRunParams(Params):
    """leader_run: partner was Peru's No. 1 for flow in each year first_year..end_year, every family combined.

    `years` is the claimed run; the window first_year..end_year must span exactly that many years, and so must
    each alternative window (shown as sensitivity rows). `families` restricts the combination (default: every
    family with figures); `flows` are the flows compared in the sensitivity table.
    """

    partner: str
    flow: str = _one_of(FLOWS)
    years: int
    first_year: int
    end_year: int
    families: tuple[str, ...] = _one_of(FAMILIES, ())
    flows: tuple[str, ...] = _one_of(FLOWS, ())
    windows: tuple[Window, ...] = ()

    def __post_init__(self) -> None:
        if self.years < 1:
            raise ParamError(f"years must be at least 1, not {self.years}")
        for name, window in [("first_year..end_year", self.window), *(("windows", w) for w in self.windows)]:
            if window.last - window.first + 1 != self.years:
                raise ParamError(f"{name} {window.first}-{window.last} must span years = {self.years} years")
        if self.flow not in self.all_flows:
            raise ParamError(f"flows must include flow {self.flow}")

    @property
    def window(self) -> Window:
        """The claimed window."""
        return Window(self.first_year, self.end_year)

    @property
    def all_flows(self) -> tuple[str, ...]:
        """The flows to compare (default: the claimed one)."""
        return self.flows or (self.flow,)


@dataclass(frozen=True)
class FirstFtaParams(Params):
    """first_fta: subject was the first Latin American country to sign an agreement of the category with China."""

    subject: str
    category: str = "fta"


@dataclass(frozen=True)
class EarlyRelationsParams(Params):
    """early_relations: subject among the first top_n (or first top_share) of Latin American countries per category."""

    subject: str
    categories: tuple[str, ...]
    top_n: int = 0
    top_share: float = 0.0

    def __post_init__(self) -> None:
        if (self.top_n > 0) == (self.top_share > 0):
            raise ParamError("set exactly one of top_n (a count) and top_share (a fraction) above 0")
        if self.top_share > 1:
            raise ParamError(f"top_share must be a fraction up to 1, not {self.top_share}")

    def cut_off(self, n: int) -> int:
        """The last place that counts as 'one of the first' among n countries (a share is rounded up)."""
        return self.top_n or math.ceil(self.top_share * n)


@dataclass(frozen=True)
class EventDateParams(Params):
    """event_date: an event of the category happened in year-month (month 0: year only) and mentions the text."""

    category: str
    year: int
    month: int = 0
    mentions: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.month <= 12:
            raise ParamError(f"month must be 1 to 12, or 0 for a year only, not {self.month}")


@dataclass(frozen=True, kw_only=True)
class FirstSettledParams(Params):
    """first_settled: first arrivals within within_years of the earliest, total at least min_share of the largest."""

    subject: str
    within_years: int
    min_share: float
    first_category: str = "immigration_first"
    total_category: str = "immigration_total"

    def __post_init__(self) -> None:
        if self.within_years < 0 or not 0 < self.min_share <= 1:
            raise ParamError("within_years must be 0 or more and min_share a fraction above 0 and up to 1")


@dataclass(frozen=True, kw_only=True)
class GrowthSinceParams(Params):
    """growth_since: the flow to partner grew from base_year to end_year, faster than to benchmark."""

    partner: str
    benchmark: str
    flow: str = _one_of(FLOWS)
    base_year: int
    end_year: int
    fields_unmeasured: tuple[str, ...] = ()


@dataclass(frozen=True)
class Implausible:
    """A figure that must not be a verdict endpoint: its obs_id and why (as its raw note flags it)."""

    obs_id: str
    reason: str


@dataclass(frozen=True)
class ProductGrowthParams(Params):
    """product_growth: Peru's exports of each product to partner grew (recently, from recent_from on)."""

    products: tuple[str, ...]
    partner: str
    recent_from: int = 0
    implausible: tuple[Implausible, ...] = ()


@dataclass(frozen=True)
class ProductEvidenceParams(Params):
    """product_evidence: some trade figure measures the products' sales in partner (groups give context)."""

    products: tuple[str, ...]
    partner: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrendParams(Params):
    """trend: the measure rises in the latest comparable periods up to as_of_year."""

    as_of_year: int
    measure: str = _one_of(MEASURES)


@dataclass(frozen=True)
class StatedFigure:
    """One figure a claim states: metric, value and how it is qualified."""

    metric: str
    value: float
    qualifier: str = _one_of(QUALIFIERS)


@dataclass(frozen=True)
class StatedFiguresParams(Params):
    """stated_figures: each claimed project figure against every party's statement."""

    figures: tuple[StatedFigure, ...]


@dataclass(frozen=True)
class ForwardLookingParams(Params):
    """forward_looking: measured indicators so far, context figures, and what cannot be measured yet."""

    metrics: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    unmeasured: tuple[str, ...] = ()


PARAMS: dict[str, type[Params]] = {
    "leader_run": LeaderRunParams,
    "first_fta": FirstFtaParams,
    "early_relations": EarlyRelationsParams,
    "event_date": EventDateParams,
    "first_settled": FirstSettledParams,
    "growth_since": GrowthSinceParams,
    "product_growth": ProductGrowthParams,
    "product_evidence": ProductEvidenceParams,
    "trend": TrendParams,
    "stated_figures": StatedFiguresParams,
    "forward_looking": ForwardLookingParams,
}
"""The parameter class of every check, by check name (the checks a claim may name)."""


def build_params(check: str, raw: Mapping[str, Any]) -> Params:
    """Build and validate a check's parameters from a claim's params table; ParamError says what is wrong."""
    cls = PARAMS.get(check)
    if cls is None:
        raise ParamError(f"unknown check {check}")
    return _build(cls, raw, "")


def _build(cls: type[Any], raw: Mapping[str, Any], prefix: str) -> Any:
    """Build one parameter dataclass from a table, naming parameters with prefix."""
    if not isinstance(raw, Mapping):
        raise ParamError(f"{prefix.rstrip('.') or 'params'} must be a table")
    known = {f.name: f for f in dataclasses.fields(cls)}
    problems = [f"unknown parameter {prefix}{name}" for name in raw if name not in known]
    problems += [
        f"missing parameter {prefix}{name}"
        for name, f in known.items()
        if name not in raw and f.default is MISSING and f.default_factory is MISSING
    ]
    if problems:
        raise ParamError("; ".join(problems))
    hints = get_type_hints(cls)
    values = {
        name: _coerce(raw[name], hints[name], prefix + name, f.metadata.get("choices"))
        for name, f in known.items()
        if name in raw
    }
    return cls(**values)


def _coerce(value: Any, kind: Any, name: str, choices: tuple[str, ...] | None) -> Any:
    """Check one value against its declared type (and allowed values); return it in that type."""
    if get_origin(kind) is tuple:
        if not isinstance(value, list | tuple):
            raise ParamError(f"{name} must be a list")
        item = get_args(kind)[0]
        return tuple(_coerce(v, item, f"{name}[{i}]", choices) for i, v in enumerate(value, start=1))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _build(kind, value, f"{name}.")
    if kind is str and not isinstance(value, str):
        raise ParamError(f"{name} must be a string")
    if kind in (int, float) and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ParamError(f"{name} must be {'an integer' if kind is int else 'a number'}")
    if kind is int and not isinstance(value, int):
        raise ParamError(f"{name} must be an integer")
    if choices is not None and value not in choices:
        raise ParamError(f"{name} must be one of {', '.join(choices)}, not {value}")
    return float(value) if kind is float else value
