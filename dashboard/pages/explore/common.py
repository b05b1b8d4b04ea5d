"""What the explorer's panel builders share: units, source families by chart, year range and row helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.vocab import FAMILY_ORDER
from dashboard.figures import Figure
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
    """Preferred full-year rows, the latest year first (then by obs_id)."""
    # positions worked out on plain arrays and taken once: on the few dozen rows a chart has, a boolean selection
    # then a sort took two passes over every column (1.2-1.7 ms, several times a chart)
    keep = np.flatnonzero((rows["status"].to_numpy() == "preferred") & (rows["period_kind"].to_numpy() == "full_year"))
    years, ids = rows["year"].to_numpy(), rows["obs_id"].to_numpy()
    return rows.iloc[sorted(keep.tolist(), key=lambda i: (-years[i], ids[i]))]


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
    """Series labels 'name (family)' for rows (missing where the name or the family is)."""
    # joined on plain lists: three pandas string operations and a map took about 0.5 ms a chart
    labels = [
        f"{n} ({fams.get(f, f)})" if isinstance(n, str) and isinstance(f, str) else None
        for n, f in zip(names.tolist(), rows["source_family"].tolist(), strict=True)
    ]
    return pd.Series(labels, index=rows.index, dtype=names.dtype)


def ignores(state: ExploreState, **shown: str) -> str:
    """The line under a chart's title naming each control it does not follow: shown maps a state field (flow, unit,
    scale) to what the chart shows instead; a field whose chosen value the chart shows is left out ('' if none)."""
    parts = [t(f"explore.ignores.{field}.{value}") for field, value in shown.items() if getattr(state, field) != value]
    return t("explore.ignores", parts="; ".join(parts)) if parts else ""


def first_values(rows: pd.DataFrame, key: str) -> dict[str, tuple[int, float]]:
    """Each series' first preferred full-year (year, value) in the rows: the base of an index."""
    full = rows[(rows["status"] == "preferred") & (rows["period_kind"] == "full_year") & rows["value"].notna()]
    full = full[full["value"] != 0].sort_values(["year", "obs_id"])
    first = full.drop_duplicates(key)
    return {str(k): (int(y), float(v)) for k, y, v in first[[key, "year", "value"]].itertuples(index=False)}


def scaled(rows: pd.DataFrame, key: str, state: ExploreState, names: dict[str, str]) -> tuple[pd.DataFrame, str]:
    """The rows a trend chart draws for the scale: indexed (each series' first year in range = 100) for scale=index,
    with a note naming the series indexed to a later year; unchanged for linear and log (log is the axis's type)."""
    if state.scale != "index" or rows.empty:
        return rows, ""
    base = first_values(rows, key)
    factor = rows[key].map(lambda k: 100 / base[k][1] if k in base else float("nan"))
    later = [t("explore.index.later", name=names.get(k, k), year=y)
             for k, (y, _) in base.items() if y > state.from_year]
    note = t("explore.index.note", lo=state.from_year)
    if later:
        note += " " + t("explore.index.later_lead", series="; ".join(later))
    return rows.assign(value=rows["value"] * factor, unit=t("explore.axis.index")), note


def scale_axis(fig: Figure, state: ExploreState, rows: pd.DataFrame) -> str:
    """Set a trend figure's y axis for the scale (log: a log axis); return a note when a log axis hides values."""
    if state.scale != "log":
        return ""
    fig.update_yaxes(type="log")
    return t("explore.log.hidden") if (rows["value"] <= 0).any() else ""


def axis_title(state: ExploreState, axis: str) -> str:
    """The y axis title of a trend chart for the scale."""
    return t("explore.axis.index") if state.scale == "index" else axis
