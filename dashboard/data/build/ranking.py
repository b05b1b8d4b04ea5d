"""The preferred-figure rule: rank the observations of each series key, name why the others are alternatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pandas as pd

from dashboard.data import rules, schema
from dashboard.data.build.database import database_label
from dashboard.data.vocab import BOUNDS


class RankKey(NamedTuple):
    """How an observation ranks within its series, compared field by field (lower is better)."""

    rejected: bool
    duplicate: bool
    period: int
    bound: bool
    """A bound (more_than/less_than) never beats a figure of the same period kind."""
    derived: bool
    not_database: bool
    """A database series (WITS, WTO IDB) beats the ledger's figures of its key and year."""
    kind: int
    qualifier: int
    fewer_months: int
    obs_id: str


def _months(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(float(str(value)))


def _rank_key(o: dict[str, object]) -> RankKey:
    return RankKey(
        rejected=o["status"] == "rejected",
        duplicate=bool(o.get("duplicate_of")),
        period=rules.PERIOD_RANK[str(o["period_kind"])],
        bound=o["qualifier"] in BOUNDS,
        derived=bool(o["derived"]),
        not_database=database_label(o.get("dataset")) is None,
        kind=rules.KIND_RANK[str(o["kind"])],
        qualifier=rules.QUALIFIER_RANK[str(o["qualifier"])],
        fewer_months=-_months(o["months"]),
        obs_id=str(o["obs_id"]),
    )


def _figure(value: float) -> str:
    """A value as the reasons show it: whole numbers with thousands separators from 100 on, else two decimals."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _difference(alt: dict[str, object], pref: dict[str, object]) -> str:
    """'this figure is A vs P, ±x.x %' (no percentage when P is zero)."""
    a, p = float(str(alt["value"])), float(str(pref["value"]))
    pct = (a - p) / p * 100 if p else None
    shown = "" if pct is None else f", {pct:+.1f} %" if abs(pct) >= 0.1 or pct == 0 else f", {pct:+.2f} %"
    return f"this figure is {_figure(a)} vs {_figure(p)}{shown}"


def alternative_reason(alt: dict[str, object], pref: dict[str, object]) -> str:
    """Why `alt` is not preferred to `pref`, naming the preferred obs_id."""
    pid = pref["obs_id"]
    if alt.get("duplicate_of"):
        return f"duplicate of {alt['duplicate_of']}"
    a, p = _rank_key(alt), _rank_key(pref)
    if a.period != p.period:
        if pref["period_kind"] == "full_year" and alt["period_kind"] in ("partial", "month"):
            return f"partial year; full-year figure {pid} exists"
        return f"{alt['period_kind']} figure; {pref['period_kind']} figure {pid} preferred"
    for field, why in _REASONS:  # the first field of the rank key on which they differ says why
        if getattr(a, field) != getattr(p, field):
            return why(alt, pref)
    return f"same rank as {pid}; tie broken by obs_id"


Row = dict[str, object]
_REASONS: tuple[tuple[str, Callable[[Row, Row], str]], ...] = (
    ("bound", lambda a, p: f"{a['qualifier']} bound; figure {p['obs_id']} preferred"),
    ("derived", lambda a, p: f"derived; reported figure {p['obs_id']} exists"),
    ("not_database", lambda a, p: (
        f"database series {database_label(p.get('dataset'))} preferred ({p['obs_id']}): {_difference(a, p)}"
    )),
    ("kind", lambda a, p: f"lower-ranked than {p['obs_id']} ({p['kind']} > {a['kind']})"),
    ("qualifier", lambda a, p: f"qualifier {a['qualifier']}; {p['qualifier']} figure {p['obs_id']} preferred"),
    ("fewer_months", lambda a, p: f"shorter period ({a['period']}); {p['obs_id']} covers {p['period']}"),
)
"""After the period: why an alternative loses, by the rank-key field on which it first differs (in key order)."""


def assign_status(obs: pd.DataFrame) -> pd.DataFrame:
    """Apply the preferred-figure rule within each series key; returns a new frame."""
    obs = obs.copy()
    if "duplicate_of" not in obs:
        obs["duplicate_of"] = ""
    records = obs.to_dict("records")
    groups: dict[tuple, list[int]] = {}
    for i, o in enumerate(records):
        groups.setdefault(tuple(o[k] for k in schema.SERIES_KEY), []).append(i)
    status = [""] * len(records)
    reason = [""] * len(records)
    for idx in groups.values():
        ranked = sorted(idx, key=lambda i: _rank_key(records[i]))
        best = records[ranked[0]]
        for i in ranked:
            o = records[i]
            if o["status"] == "rejected":
                status[i], reason[i] = "rejected", str(o["status_reason"])
            elif i == ranked[0]:
                status[i], reason[i] = "preferred", ""
            else:
                status[i], reason[i] = "alternative", alternative_reason(o, best)
    obs["status"] = status
    obs["status_reason"] = reason
    return obs


def mark_duplicates(obs: pd.DataFrame) -> pd.Series:
    """For figures.csv rows repeating another file's row (same series, value, year, URL): its obs_id."""
    key = [*schema.SERIES_KEY, "source_id", "value"]
    others = obs[(obs["dataset"] != "figures") & (obs["status"] != "rejected")]
    first = others.sort_values("obs_id").drop_duplicates(key)[[*key, "obs_id"]]
    merged = obs[key].merge(first, on=key, how="left")
    dup = merged["obs_id"].fillna("").astype(str)
    dup.index = obs.index
    return dup.where((obs["dataset"] == "figures") & ~obs["source_id"].str.startswith("src-derived-"), "")
