"""Pure query helpers over the tidy tables (DataFrames in, DataFrames out)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

YEARS = range(2000, 2025)
COVERAGE_CODES = {
    "F": "preferred full-year figure",
    "P": "only partial-year or season figures",
    "D": "only derived figures",
    ".": "no figure",
}


def series(
    obs: pd.DataFrame,
    *,
    peru_partner: str,
    peru_flow: str,
    product: str = "TOTAL",
    measure: str = "value",
    source_family: str | Iterable[str] | None = None,
    include: Iterable[str] = ("preferred", "alternative"),
) -> pd.DataFrame:
    """Observations of one series seen from Peru, optionally limited to source families and statuses."""
    m = (
        (obs["peru_partner"] == peru_partner)
        & (obs["peru_flow"] == peru_flow)
        & (obs["product"] == product)
        & (obs["measure"] == measure)
        & obs["status"].isin(list(include))
    )
    if source_family is not None:
        fams = [source_family] if isinstance(source_family, str) else list(source_family)
        m &= obs["source_family"].isin(fams)
    return obs[m].sort_values(["source_family", "year", "status", "obs_id"]).reset_index(drop=True)


def year_code(rows: pd.DataFrame) -> str:
    """Coverage code of one year's observations: F, P, D or '.'."""
    live = rows[rows["status"] != "rejected"]
    if live.empty:
        return "."
    reported = live[~live["derived"].astype(bool)]
    if ((reported["status"] == "preferred") & (reported["period_kind"] == "full_year")).any():
        return "F"
    if reported["period_kind"].isin(["full_year", "partial", "season", "month"]).any():
        return "P"
    return "D" if len(reported) < len(live) else "."


def key_series(obs: pd.DataFrame, n_products: int = 5) -> list[tuple[str, dict[str, object]]]:
    """The key series of the coverage report: (label, selection) pairs."""
    out: list[tuple[str, dict[str, object]]] = [
        ("Peru exports to China (Peru, FOB)", {"peru_partner": "CHN", "peru_flow": "export", "family": "peru"}),
        (
            "Peru exports to China (China mirror, CIF)",
            {"peru_partner": "CHN", "peru_flow": "export", "family": "china"},
        ),
        ("Peru imports from China (Peru)", {"peru_partner": "CHN", "peru_flow": "import", "family": "peru"}),
        ("Peru exports to the US (Peru)", {"peru_partner": "USA", "peru_flow": "export", "family": "peru"}),
        ("Peru total exports (Peru)", {"peru_partner": "WLD", "peru_flow": "export", "family": "peru"}),
    ]
    goods = obs[
        (obs["peru_partner"] == "CHN") & ~obs["product"].isin(["TOTAL", "TOURISM"]) & (obs["status"] != "rejected")
    ]
    top = goods.groupby("product").size().reset_index(name="n")
    top = top.sort_values(["n", "product"], ascending=[False, True]).head(n_products)
    for prod in top["product"]:
        out.append(
            (
                f"Product {prod} to/from China (all sources)",
                {"peru_partner": "CHN", "product": prod, "measures": ("value", "volume")},
            )
        )
    return out


def coverage(obs: pd.DataFrame, years: Iterable[int] = YEARS, n_products: int = 5) -> pd.DataFrame:
    """Year-by-year coverage (F/P/D/.) of the key series: one row per series, one column per year."""
    years = list(years)
    rows = []
    for label, sel in key_series(obs, n_products):
        m = (obs["peru_partner"] == sel["peru_partner"]) & obs["measure"].isin(sel.get("measures", ("value",)))
        m &= obs["product"] == sel.get("product", "TOTAL")
        if "peru_flow" in sel:
            m &= obs["peru_flow"] == sel["peru_flow"]
        if "family" in sel:
            m &= obs["source_family"] == sel["family"]
        sub = obs[m]
        by_year = {int(y): g for y, g in sub.groupby("year")}
        codes = {y: year_code(by_year[y]) if y in by_year else "." for y in years}
        rows.append({"series": label, **codes})
    return pd.DataFrame(rows, columns=["series", *years])


def sources_for(obs: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The sources behind a set of observations, with how many of them each supports."""
    counts = obs.groupby("source_id").size().rename("n_selected").reset_index()
    out = sources.merge(counts, on="source_id", how="inner")
    return out.sort_values(["n_selected", "source_id"], ascending=[False, True]).reset_index(drop=True)
