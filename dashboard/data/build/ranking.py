"""The preferred-figure rule: rank the observations of each series key, name why the others are alternatives."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from dashboard.data import rules, schema


class RankKey(NamedTuple):
    """How an observation ranks within its series, compared field by field (lower is better)."""

    rejected: bool
    duplicate: bool
    period: int
    derived: bool
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
        derived=bool(o["derived"]),
        kind=rules.KIND_RANK[str(o["kind"])],
        qualifier=rules.QUALIFIER_RANK[str(o["qualifier"])],
        fewer_months=-_months(o["months"]),
        obs_id=str(o["obs_id"]),
    )


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
    if a.derived != p.derived:
        return f"derived; reported figure {pid} exists"
    if a.kind != p.kind:
        return f"lower-ranked than {pid} ({pref['kind']} > {alt['kind']})"
    if a.qualifier != p.qualifier:
        return f"qualifier {alt['qualifier']}; {pref['qualifier']} figure {pid} preferred"
    if a.fewer_months != p.fewer_months:
        return f"shorter period ({alt['period']}); {pid} covers {pref['period']}"
    return f"same rank as {pid}; tie broken by obs_id"


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
