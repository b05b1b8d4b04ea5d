"""The one vocabulary of the tidy tables: reliability kinds, flows, families, measures, periods, statuses, orders."""

from __future__ import annotations

KINDS = ("OFF", "BACI", "ASSOC", "FACTBOOK", "CO", "ACAD", "NEWS", "REF", "DERIVED")
"""Reliability codes, best first (the order used by the preferred-figure rule). ACAD (academic work, historians'
essays) and REF (encyclopedias, their mirrors, reference sites) come from the curated dated files."""

KIND_RANK = {k: i for i, k in enumerate(KINDS)}
UNKNOWN_RANK = len(KINDS)
"""Rank given to a kind outside KINDS: after every known one."""

STATUSES = ("preferred", "alternative", "rejected")
LIVE_STATUSES = ("preferred", "alternative")

FLOWS = (
    "export",
    "import",
    "trade",
    "balance",
    "export_goods_services",
    "import_goods_services",
    "export_metals_only",
    "tourism",
)
MIRROR_FLOW = {
    "export": "import",
    "import": "export",
    "trade": "trade",
    "balance": "balance",  # sign is the reporter's; no China-reported balance exists in the raw data
    "export_goods_services": "import_goods_services",
    "import_goods_services": "export_goods_services",
    "export_metals_only": "import_metals_only",
    "tourism": "tourism",
}

FAMILIES = ("peru", "factbook", "china", "mirror", "baci", "other")
"""Source families: whose statistics a figure is (each has its own preferred series)."""
PARTNER_REPORTED = ("mirror",)
"""Families in which each partner reports its own figure: a partner missing from a year is unknown, not smaller."""
FAMILY_ORDER = ("peru", "china", "mirror", "factbook", "baci", "other")
"""The order families are shown in charts and tables."""

MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "value": ("USD million", "CNY billion"),
    "volume": ("tonnes",),
    "share": ("percent",),
    "rank": ("rank",),
    "growth": ("percent",),
    "arrivals": ("visitors",),
}
MEASURES = tuple(MEASURE_UNITS)

QUALIFIERS = ("exact", "about", "more_than", "less_than", "projected")
BOUNDS = ("more_than", "less_than")
"""Qualifiers of a bound: a limit on the figure, never the figure itself."""
LEVELS = tuple(q for q in QUALIFIERS if q not in BOUNDS)
"""Qualifiers of a level (a figure that can be drawn as a value), as opposed to a bound."""
QUALIFIER_RANK = {"exact": 0, "about": 1, "more_than": 2, "less_than": 2, "projected": 3}

PERIOD_KINDS = ("full_year", "partial", "season", "month", "multi_year", "projection", "other")
PERIOD_RANK = {
    "full_year": 0,
    "season": 1,
    "partial": 2,
    "month": 2,
    "multi_year": 3,
    "projection": 3,
    "other": 3,
}
PARTIAL_PERIODS = ("partial", "month", "season")
"""Period kinds that cover part of a year."""
NON_ANNUAL = ("multi_year", "projection", "other")
"""Period kinds that are never drawn as one year's point."""


def kind_rank(kind: object) -> int:
    """Reliability rank of a kind code (0 is best; unknown kinds come last)."""
    return KIND_RANK.get(str(kind), UNKNOWN_RANK)

EVENT_CATEGORIES = (
    "diplomatic_relations",
    "partnership",
    "fta",
    "fta_upgrade",
    "bri",
    "chancay",
    "fraternity_day",
    "protocol",
    "relations_resumed",
    "partnership_disputed",
    "immigration_first",
    "immigration_total",
    "immigration",
    "other",
)
"""Categories of dated events, in the order the timeline shows them."""
