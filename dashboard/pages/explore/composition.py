"""The explorer's composition panel: one year's trade with China by product, from one database, as a treemap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from dashboard import figures
from dashboard.components import Panel, short
from dashboard.data.query import select
from dashboard.fmt import fmt_number, fmt_value
from dashboard.pages.explore.common import families, ignores, in_range
from dashboard.pages.explore.prepare import ExploreData
from dashboard.strings import t
from dashboard.urlstate import ExploreState

UNIT = "USD million"


class Layer(NamedTuple):
    """One database layer of the composition: whose figures, at which product level, seen from Peru's flow."""

    family: str  # source family: china (China's imports, CIF), peru (Peru's imports, CIF), baci (reconciled)
    level: str  # product level in products.csv: chapter (HS2) or heading (HS4)
    flow: str  # peru_flow


# Peru's exports to China: China's HS2 mirror (1996-2018), then BACI's headings (2022-2024); imports: Peru's HS2.
LAYERS = {
    "export": (Layer("china", "chapter", "export"), Layer("baci", "heading", "export")),
    "import": (Layer("peru", "chapter", "import"),),
}


def _layer_rows(
    ex: ExploreData, layer: Layer, state: ExploreState, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The preferred full-year values of one layer within the year range (never mixed with another layer)."""
    codes = [c for c, level in ex.product_levels.items() if level == layer.level]
    rows = select(
        ex.obs,
        columns=columns,
        peru_partner="CHN",
        peru_flow=layer.flow,
        product=codes,
        measure="value",
        source_family=layer.family,
        status="preferred",
        period_kind="full_year",
    )
    return in_range(rows[rows["unit"] == UNIT], state)


def pick_layer(ex: ExploreData, state: ExploreState) -> tuple[Layer, pd.DataFrame] | None:
    """The layer and year shown: the latest year of the range some allowed layer covers (None: no layer does)."""
    allowed = families("products", state.source)
    flow = "import" if state.flow == "import" else "export"
    best: tuple[int, Layer, pd.DataFrame] | None = None
    for layer in LAYERS[flow]:
        if layer.family not in allowed:
            continue
        rows = _layer_rows(ex, layer, state, columns=["year", "unit"])  # every column of every year: 17 ms at 1e7
        if not rows.empty and (best is None or int(rows["year"].max()) > best[0]):
            best = (int(rows["year"].max()), layer, rows)
    if best is None:
        return None
    year, layer, rows = best
    return layer, ex.obs.loc[rows.index[rows["year"] == year]]  # that year's rows, every column


def treemap_panel(ex: ExploreData, state: ExploreState, layer: Layer, rows: pd.DataFrame) -> Panel:
    """One year of one database layer as a treemap (section → chapter, or chapter → heading), shares of its total."""
    year = int(rows["year"].iloc[0])
    who = t(f"explore.composition.layer.{layer.family}")
    flow = t(f"explore.composition.flow.{layer.flow}")
    source = t(f"explore.composition.who.{layer.family}")
    title = t("explore.composition.treemap.title", flow=flow, year=year, who=source)
    parents = {c: ex.product_parents.get(c, "") for c in rows["product"]}
    names = {c: short(ex.product_names.get(c, c), 40) for c in [*parents, *parents.values()] if c}
    fig = figures.treemap_figure(
        rows, names=names, parents=parents, title=title, unit=t("explore.axis.usd"), highlight=state.products,
        others=lambda n: t("explore.composition.other", n=n),
    )
    total = float(rows["value"].sum())
    top = rows.sort_values("value", ascending=False).iloc[0]
    summary = t(
        "explore.summary.treemap",
        year=year,
        n=len(rows),
        total=fmt_value(total, UNIT),
        name=ex.product_names.get(top["product"], top["product"]),
        share=fmt_number(top["value"] / total * 100),
        who=who,
    )
    if year < state.to_year:
        summary += " " + t("explore.summary.latest_year", year=year, hi=state.to_year)
    note = t(f"explore.note.treemap.{layer.family}")
    line = ignores(state, flow=layer.flow, unit="usd", scale="linear")
    rows = rows.assign(
        series=rows["product_name"], share_of_total_percent=(rows["value"] / total * 100).round(2)
    ).sort_values("value", ascending=False)
    return Panel("composition", title, fig, rows, summary, ex.claims.get("products", []), note=note, ignores=line)


def baci_chapter_rows(ex: ExploreData, chapters: list[str], measure: str, unit: str) -> pd.DataFrame:
    """For each chosen HS chapter, BACI's figures of the headings it lists in that chapter, added up per year.

    BACI's extract lists Peru's largest flows by HS4 heading, not chapters: the sum (within BACI only) is what the
    headings listed add up to, named in each row's product_name; its sources are BACI's.
    """
    parts = []
    for chapter in chapters:
        heads = [c for c, parent in ex.product_parents.items() if parent == chapter and c in ex.baci_products]
        rows = select(
            ex.obs,
            peru_partner="CHN",
            peru_flow="export",
            product=heads,
            measure=measure,
            source_family="baci",
            status="preferred",
            period_kind="full_year",
        )
        rows = rows[rows["unit"] == unit]
        if rows.empty:
            continue
        for year, group in rows.groupby("year", sort=True):
            first = group.sort_values("product", kind="stable").iloc[0]  # of two releases, the first listed
            listed = "+".join(sorted(group["product"]))
            name = t("explore.baci_chapter", name=ex.product_names.get(chapter, chapter), codes=listed)
            parts.append(
                first.to_dict()
                | {
                    "obs_id": "+".join(sorted(group["obs_id"])),
                    "product": chapter,
                    "product_name": name,
                    "value": float(group["value"].sum()),
                    "year": int(year),
                }
            )
    return pd.DataFrame(parts, columns=ex.obs.columns)
