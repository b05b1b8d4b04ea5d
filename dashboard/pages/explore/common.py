"""What the explorer's panel builders share: units, source families by chart, year range and row helpers."""

from __future__ import annotations

import pandas as pd

from dashboard.data.vocab import FAMILY_ORDER
from dashboard.strings import t
from dashboard.urlstate import ExploreState

UNIT_MEASURE = {"usd": ("value", "USD million"), "share": ("share", "percent"), "tonnes": ("volume", "tonnes")}
BACI_DEFAULT = "2603"
# Which source families each chart draws, by the `source` parameter.
FAMILIES = {
    "trade": {"preferred": ("peru", "china"), "all": FAMILY_ORDER, "peru": ("peru",), "china": ("china",)},
    "partners": {"preferred": ("peru", "factbook"), "all": FAMILY_ORDER, "peru": ("peru",), "china": ()},
    "products": {"preferred": ("peru", "china", "baci"), "all": FAMILY_ORDER, "peru": ("peru",), "china": ("china",)},
}


def years_of(state: ExploreState) -> list[int]:
    """Every year of the state's range."""
    return list(range(state.from_year, state.to_year + 1))


def in_range(rows: pd.DataFrame, state: ExploreState) -> pd.DataFrame:
    """The rows within the state's year range."""
    return rows[rows["year"].between(state.from_year, state.to_year)]


def families(chart: str, source: str) -> dict[str, str]:
    """The source families a chart draws for the `source` parameter, with their short names."""
    return {f: t(f"family.short.{f}") for f in FAMILIES[chart][source]}


def latest(rows: pd.DataFrame) -> pd.DataFrame:
    """Preferred full-year rows, the latest year first."""
    full = rows[(rows["status"] == "preferred") & (rows["period_kind"] == "full_year")]
    return full.sort_values(["year", "obs_id"], ascending=[False, True])


def unit_axis(unit: str) -> str:
    """The axis title of a unit parameter."""
    return t(f"explore.axis.{unit}")


DATABASES = ("wits", "wto")
"""obs_id prefixes of the trade databases' rows (their series are preferred while they last)."""


def source_switches(rows: pd.DataFrame, family: str, label: str) -> list[tuple[float, str]]:
    """Where a family's preferred full-year line passes from a database to ledger figures: (x, label) marks."""
    line = latest(rows[rows["source_family"] == family]).sort_values("year").drop_duplicates("year")
    from_db = line["obs_id"].str.startswith(DATABASES).tolist()
    years = line["year"].tolist()
    return [(years[i] - 0.5, label.format(year=years[i - 1])) for i in range(1, len(years))
            if from_db[i - 1] and not from_db[i]]


def by_family(rows: pd.DataFrame, names: pd.Series, fams: dict[str, str]) -> pd.Series:
    """Series labels 'name (family)' for rows."""
    return names + " (" + rows["source_family"].map(lambda f: fams.get(f, f)) + ")"
