"""Figures of products: a treemap of one year's exports by HS section and chapter, from one source (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from dashboard.figures.base import PALETTE, base_figure
from dashboard.figures.fig import Figure, trace
from dashboard.fmt import fmt_number

TREEMAP_TILES = 50  # products drawn as tiles of their own; the rest share one "Others (n)" tile
OTHERS_ID = "(others)"  # the tile of the rest: never a product or section code
OTHERS_COLOUR = "#9E9E9E"


def treemap_figure(
    frame: pd.DataFrame, *, names: Mapping[str, str], parents: Mapping[str, str], title: str, unit: str,
    others: Callable[[int], str], highlight: Sequence[str] = (), top: int = TREEMAP_TILES,
) -> Figure:
    """A two-level treemap (section → product) of one source's figures for one year, with each product's share.

    frame has columns product and value, from ONE source family and ONE year (never summed across sources); parents
    maps a product code to its section code ('' or missing: the product sits at the top). The `top` largest products
    (and every highlighted one, outlined) get a tile; the rest share one top-level tile labelled others(n), so no
    value is dropped. Sections are sized by the sum of their products drawn; every share is of the whole total.
    """
    fig = base_figure(title)
    rows = frame[frame["value"] > 0]
    if rows.empty:
        return fig
    total = float(rows["value"].sum())
    products = rows.groupby("product", sort=True)["value"].sum()
    chosen = set(highlight)
    ranked = products.sort_values(ascending=False, kind="stable")  # ties: by code
    drawn = ranked.index[:top].union(ranked.index.intersection(list(chosen)), sort=False)
    rest = ranked.drop(drawn)
    products = products[products.index.isin(drawn)]
    section_of = {p: parents.get(p, "") for p in products.index}
    sections = pd.Series(section_of, dtype=object).replace("", pd.NA).dropna()
    section_sums = products.groupby(sections).sum() if not sections.empty else pd.Series(dtype=float)
    ids = [*section_sums.index, *products.index]
    labels = [names.get(c, c) for c in ids]
    tops = [""] * len(section_sums) + [section_of[p] for p in products.index]
    values = [*section_sums.to_numpy(dtype=float), *products.to_numpy(dtype=float)]
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(ids)}
    colours = [colour[section_of.get(c) or c] for c in ids]
    if not rest.empty:
        ids.append(OTHERS_ID)
        labels.append(others(len(rest)))
        tops.append("")
        values.append(float(rest.sum()))
        colours.append(OTHERS_COLOUR)
    shares = [v / total * 100 for v in values]
    fig.add_trace(
        trace("treemap",
            ids=ids,
            labels=labels,
            parents=tops,
            values=values,
            branchvalues="total",
            customdata=[[fmt_number(v), fmt_number(s)] for v, s in zip(values, shares, strict=True)],
            texttemplate="%{label}<br>%{customdata[1]} %",
            hovertemplate="<b>%{label}</b><br>%{customdata[0]} " + unit + " · %{customdata[1]} %<extra></extra>",
            marker={
                "colors": colours,
                "line": {"width": [3 if c in chosen else 1 for c in ids], "color": "#111"},
            },
            tiling={"pad": 2},
            root={"color": "white"},
            sort=True,
        )
    )
    fig.update_layout(margin={"l": 8, "r": 8, "t": 48, "b": 8}, height=460)
    return fig
