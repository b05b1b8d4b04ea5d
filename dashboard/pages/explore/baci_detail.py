"""The BACI destinations chart's rows: the tidy observations, plus imported releases' detail queried on demand.

An imported release keeps only Peru–China by HS4 in the tidy tables (in memory); Peru's exports of a heading to
every other partner come from its Parquet detail (`dashboard.data.detail`), shaped as observation rows.
"""

from __future__ import annotations

import functools

import pandas as pd

from dashboard.data.detail import Release
from dashboard.data.query import select
from dashboard.pages.explore.prepare import ExploreData
from dashboard.strings import t

PERU = "PER"
LISTED = 15  # destinations taken from a release's detail, besides China
HEADINGS_KEPT = 64  # headings whose flows over every year are kept in memory (each a few thousand rows at most)


def dataset_of(release: Release) -> str:
    """The tidy tables' dataset name of an imported release (as the build names it)."""
    return f"baci_imported_{release.release.lower()}"


def _detail_rows(
    ex: ExploreData,
    release: Release,
    code: str,
    measure: str,
    years: tuple[int, int],
    template: pd.Series,
    shipped: set[tuple[int, str]],
) -> pd.DataFrame:
    """Peru's exports of one code to its largest partners over `years` but China, by year, from a release's
    detail, as observation rows (typed as the tables' columns); a (year, partner) the shipped extract also has
    (shipped) is an alternative figure."""
    flows = peru_flows(release, code)
    # the years asked, Peru's exports, but China's (its rows are in the tables, ranked)
    flows = flows[flows["year"].between(*years) & (flows["exporter"] == PERU) & (flows["importer"] != "CHN")]
    # the largest destinations over the years asked, as many as the shipped extract lists: a chart of every
    # partner (200 over 29 years) would be neither legible nor quick to draw
    top = flows.groupby("importer")["value_usd"].sum().sort_values(ascending=False, kind="stable").index[:LISTED]
    flows = flows[flows["importer"].isin(top)]
    values = flows["value_usd"] / 1e6 if measure == "value" else flows["tonnes"]
    flows = flows.assign(value=values)[values.notna()]
    if flows.empty:
        return pd.DataFrame(columns=ex.obs.columns)
    partners = flows["importer"].tolist()
    years_ = [int(y) for y in flows["year"].tolist()]
    taken = [(y, p) in shipped for y, p in zip(years_, partners, strict=True)]
    dataset = dataset_of(release)
    varying = {
        "obs_id": [f"{dataset}-{y}-{p}-{code}-{measure}" for y, p in zip(years_, partners, strict=True)],
        "year": years_,
        "peru_partner": partners,
        "partner_name": [ex.partner_names.get(p, p) for p in partners],
        "value": flows["value"].tolist(),
        "status": ["alternative" if k else "preferred" for k in taken],
        "status_text": [t("status.alternative") if k else t("status.preferred") for k in taken],
    }
    fixed = {
        "product": code,
        "product_name": ex.product_names.get(code, code),
        "measure": measure,
        "unit": "USD million" if measure == "value" else "tonnes",
        "status_reason": "",
    }
    n = len(partners)
    # each column built in the dtype the tables hold it in: joining them is then a plain concatenation
    columns = {
        c: pd.array(varying[c] if c in varying else [fixed.get(c, template.get(c))] * n, dtype=ex.obs[c].dtype)
        for c in ex.obs.columns
    }
    return pd.DataFrame(columns, index=range(n))


@functools.lru_cache(maxsize=HEADINGS_KEPT)
def peru_flows(release: Release, code: str) -> pd.DataFrame:
    """Peru's flows of one code over every year of a release, read from its detail once (a heading's other views
    filter the years in memory instead of reading the Parquet again); never changed by its callers."""
    return release.query(code, peru=PERU)


def baci_export_rows(ex: ExploreData, code: str, measure: str, years: tuple[int, int]) -> pd.DataFrame:
    """Every BACI figure of Peru's exports of one product by partner: the tidy rows, with imported releases'
    largest partners over `years` other than China read from their detail (a figure the shipped extract also has
    is an alternative)."""
    rows = select(ex.obs, source_family="baci", peru_flow="export", product=code, measure=measure, status=None)
    if not ex.baci_detail:
        return rows
    parts = [rows]
    shipped = set(zip(rows["year"].astype(int).tolist(), rows["peru_partner"].tolist(), strict=True))
    for release in ex.baci_detail:
        if release.release not in ex.baci_templates:
            continue
        parts.append(_detail_rows(ex, release, code, measure, years, ex.baci_templates[release.release], shipped))
    filled = [p for p in parts if not p.empty]
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else rows
