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
    ex: ExploreData, release: Release, code: str, measure: str, years: tuple[int, int], template: pd.Series
) -> pd.DataFrame:
    """Peru's exports of one code to its largest partners over `years` but China, by year, from a release's
    detail, as observation rows."""
    flows = peru_flows(release, code)  # China's rows are in the tables: left out
    flows = flows[flows["year"].between(*years) & (flows["exporter"] == PERU) & (flows["importer"] != "CHN")]
    # the largest destinations over the years asked, as many as the shipped extract lists: a chart of every
    # partner (200 over 29 years) would be neither legible nor quick to draw
    top = flows.groupby("importer")["value_usd"].sum().sort_values(ascending=False, kind="stable").index[:LISTED]
    flows = flows[flows["importer"].isin(top)]
    values = flows["value_usd"] / 1e6 if measure == "value" else flows["tonnes"]
    flows = flows.assign(value=values)[values.notna()]
    if flows.empty:
        return pd.DataFrame(columns=ex.obs.columns)
    partners = flows["importer"].to_numpy()
    years = flows["year"].astype(int).to_numpy()
    dataset = dataset_of(release)
    varying = {
        "obs_id": [f"{dataset}-{y}-{p}-{code}-{measure}" for y, p in zip(years, partners, strict=True)],
        "year": years,
        "peru_partner": partners,
        "partner_name": [ex.partner_names.get(p, p) for p in partners],
        "partner": partners,
        "value": flows["value"].to_numpy(),
    }
    fixed = {
        "product": code,
        "product_name": ex.product_names.get(code, code),
        "measure": measure,
        "unit": "USD million" if measure == "value" else "tonnes",
        "status": "preferred",
        "status_reason": "",
        "status_text": t("status.preferred"),
    }
    columns = {c: varying.get(c, fixed.get(c, template.get(c))) for c in ex.obs.columns}
    rows = pd.DataFrame(columns, index=range(len(years)))
    return rows[[c for c in ex.obs.columns if c in rows.columns]]


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
    shipped = pd.MultiIndex.from_frame(rows[["year", "peru_partner"]])
    for release in ex.baci_detail:
        if release.release not in ex.baci_templates:
            continue
        detail = _detail_rows(ex, release, code, measure, years, ex.baci_templates[release.release])
        detail = detail[detail["peru_partner"] != "CHN"]  # China's rows are in the tidy tables, ranked
        taken = pd.MultiIndex.from_frame(detail[["year", "peru_partner"]]).isin(shipped)
        detail.loc[taken, ["status", "status_text"]] = ["alternative", t("status.alternative")]
        parts.append(detail)
    filled = [p for p in parts if not p.empty]
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else rows
