"""The main explorer charts written the way most Dash apps are: filter the whole table and call plotly express
in every callback. Never used by the app; it exists so that the ratio naive/ours is measured, not claimed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.express as px

from bench import common

STATES = [
    {"from": 2008, "to": 2024, "flow": "export", "products": ["081040"], "partners": ["CHN", "USA", "CHE", "JPN"]},
    {"from": 2014, "to": 2023, "flow": "import", "products": ["081040", "080610"], "partners": ["CHN", "USA"]},
    {"from": 2000, "to": 2024, "flow": "export", "products": ["2603", "7403"], "partners": ["CHN", "USA", "KOR"]},
    {"from": 2018, "to": 2024, "flow": "export", "products": ["080440"], "partners": ["CHN", "USA", "CAN", "JPN"]},
]


def naive_chart(obs: pd.DataFrame, s: dict[str, Any], *, rows: str, colour: str, dash: str | None) -> str:
    """One chart the naive way: mask the whole table for this request, then plotly express, then JSON."""
    mask = (obs["measure"] == "value") & (obs["unit"] == "USD million") & (obs["status"] != "rejected")
    mask &= (obs["year"] >= s["from"]) & (obs["year"] <= s["to"])
    if rows == "trade":
        mask &= (obs["peru_partner"] == "CHN") & (obs["peru_flow"] == s["flow"]) & (obs["product"] == "TOTAL")
    elif rows == "partners":
        mask &= obs["peru_partner"].isin(s["partners"]) & (obs["peru_flow"] == s["flow"])
        mask &= obs["product"] == "TOTAL"
    else:
        mask &= obs["product"].isin(s["products"]) & (obs["peru_partner"] == "CHN")
    df = obs[mask].sort_values("year")
    fig = px.line(
        df,
        x="year",
        y="value",
        color=colour,
        line_dash=dash,
        markers=True,
        hover_data=["period", "kind", "source_id"],
        title=rows,
    )
    return fig.to_json()


NAIVE: dict[str, Callable[[pd.DataFrame, dict[str, Any]], str]] = {
    "trade": lambda obs, s: naive_chart(obs, s, rows="trade", colour="source_family", dash=None),
    "partners": lambda obs, s: naive_chart(obs, s, rows="partners", colour="peru_partner", dash="source_family"),
    "trend_value": lambda obs, s: naive_chart(obs, s, rows="products", colour="product", dash="source_family"),
}


def _search(s: dict[str, Any]) -> str:
    return (
        f"?from={s['from']}&to={s['to']}&flow={s['flow']}&product={','.join(s['products'])}"
        f"&partner={','.join(s['partners'])}"
    )


def run(quick: bool) -> dict[str, Any]:
    """Time each chart naive and ours (cold: built from the precomputed data; warm: served from the cache)."""
    from dashboard.context import build_context
    from dashboard.data import load
    from dashboard.pages import explore

    data = load()
    obs = data.observations
    ctx = build_context(data)
    ex = explore.prepare(ctx)
    rounds = 3 if quick else 10
    out: dict[str, Any] = {}
    for key, naive in NAIVE.items():
        naive_s, cold_s, warm_s = [], [], []
        for _ in range(rounds):
            for s in STATES:
                state, _ = explore.parse(ctx, _search(s))
                t0 = time.perf_counter()
                naive(obs, s)
                naive_s.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                explore.PANELS[key](ex, state).figure.to_json()
                cold_s.append(time.perf_counter() - t0)
                explore.cached_panel(ctx, key, state)
                t0 = time.perf_counter()
                explore.cached_panel(ctx, key, state)[0].figure.to_json()
                warm_s.append(time.perf_counter() - t0)
        naive_p, cold_p, warm_p = common.summary_ms(naive_s), common.summary_ms(cold_s), common.summary_ms(warm_s)
        out[key] = {
            "naive_p50_ms": naive_p["p50_ms"],
            "naive_p95_ms": naive_p["p95_ms"],
            "ours_p50_ms": warm_p["p50_ms"],
            "ours_p95_ms": warm_p["p95_ms"],
            "ours_cold_p50_ms": cold_p["p50_ms"],
            "ours_cold_p95_ms": cold_p["p95_ms"],
            "ratio_p50": round(naive_p["p50_ms"] / warm_p["p50_ms"], 1),
            "ratio_cold_p50": round(naive_p["p50_ms"] / cold_p["p50_ms"], 2),
        }
    return {"naive": out}
