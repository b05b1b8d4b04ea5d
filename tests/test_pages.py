"""Pages rendered without a browser: what a reader finds on the home page and on each claim's page."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dash._utils import to_json

from dashboard import ids, pages
from dashboard.context import AppContext
from dashboard.data.query import latest_year
from dashboard.pages import claim as claim_page
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ctx(committed_ctx: AppContext) -> AppContext:
    return committed_ctx


def text_of(component: object) -> str:
    """All the text a reader would see in a component tree (plus attributes, as JSON)."""
    return json.dumps(json.loads(to_json(component)), ensure_ascii=False)


def test_home_lists_every_claim_with_a_text_verdict(ctx: AppContext) -> None:
    page = text_of(pages.render(ctx, "/"))
    for claim in ctx.registry.claims:
        assert ids.card(claim.id) in page
        assert f"/claims/{claim.id}" in page
    for label in ("Supported", "Partly supported", "Not checkable"):
        assert label in page


def test_claim_page_has_chart_inputs_sources_explore_link_and_claimreview(ctx: AppContext) -> None:
    tree = pages.render(ctx, "/claims/export-market-10-years")
    page = text_of(tree)
    assert ids.CLAIM_CHART in page and ids.CLAIM_JSONLD in page
    assert "/explore?" in page and "flow=export" in page
    assert "How the answer changes with the measure and the source" in page
    assert "CIA World Factbook figures" in page  # the sensitivity view names each source family
    script = next(c for c in tree.children if getattr(c, "id", None) == ids.CLAIM_JSONLD)
    review = json.loads(script.children)
    assert review["@type"] == "ClaimReview" and review["identifier"] == "export-market-10-years"


def test_unknown_claim_and_hostile_paths_give_a_message_not_an_error(ctx: AppContext) -> None:
    assert "No claim with the id" in text_of(pages.render(ctx, "/claims/<script>alert(1)</script>"))
    assert "No page at" in text_of(pages.render(ctx, "/" + "x" * 10_000))
    assert "No page at" in text_of(pages.render(ctx, "//..//etc/passwd"))


def page_imports(source: str, package: str) -> set[str]:
    """The modules under dashboard.pages that source imports, its relative imports resolved against package."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n.startswith("dashboard.pages.")}
    return found


def page_of(module: str) -> str:
    """The page a module belongs to: 'dashboard.pages.explore.sync' -> 'explore'."""
    return module.split(".")[2]


PAGES = ROOT / "dashboard" / "pages"
PAGE_MODULES = sorted(p for p in PAGES.rglob("*.py") if p != PAGES / "__init__.py")  # the router may import pages


@pytest.mark.parametrize("path", PAGE_MODULES, ids=lambda p: str(p.relative_to(PAGES)))
def test_no_page_imports_another_page(path: Path) -> None:
    own = path.relative_to(PAGES).parts[0].removesuffix(".py")
    package = ".".join(path.relative_to(ROOT).parent.parts)
    others = {m for m in page_imports(path.read_text(encoding="utf-8"), package) if page_of(m) != own}
    assert not others, f"{path.name} imports another page: {sorted(others)} (shared parts go in dashboard.components)"


def test_the_import_check_sees_absolute_relative_and_package_imports() -> None:
    source = "from dashboard.pages import explore\nfrom .claim import page\nimport dashboard.pages.home\n"
    source += "from ..pages.sources import page\n"
    found = page_imports(source, "dashboard.pages")
    assert {page_of(m) for m in found} == {"explore", "claim", "home", "sources"}


def test_the_latest_year_is_the_newest_full_year_of_peru_exports_to_china(ctx: AppContext) -> None:
    def row(year: int, period_kind: str = "full_year", status: str = "preferred", partner: str = "CHN") -> dict:
        return {"year": year, "period_kind": period_kind, "status": status, "peru_partner": partner,
                "peru_flow": "export", "product": "TOTAL", "measure": "value", "source_family": "peru", "kind": "OFF"}

    rows = [row(2022), row(2023), row(2025, "partial"), row(2024, status="alternative"), row(2026, partner="USA")]
    assert latest_year(pd.DataFrame(rows)) == 2023
    assert ctx.latest_year == ctx.data.latest_year == latest_year(ctx.data.observations) == 2024


def test_a_card_shows_the_lead_of_its_explanation_and_the_claim_page_all_of_it(ctx: AppContext) -> None:
    from dashboard.pages.home import lead

    assert lead("China led in 2014. It led in 2015. Sources disagree in 2019 (Peru: China).") == (
        "China led in 2014. It led in 2015. …"
    )
    assert lead("No. 3 of 27 countries. Short.") == "No. 3 of 27 countries. Short."
    assert lead("x " * 400).endswith("…") and len(lead("x " * 400)) <= 320
    claim = ctx.registry.claims[0]
    full = ctx.results[claim.id].explanation
    card = text_of(pages.render(ctx, "/"))
    assert lead(full) in card and (full in card) == (lead(full) == full)
    assert full in text_of(pages.render(ctx, f"/claims/{claim.id}"))


def _walk(component: Any) -> list[Any]:
    """Every component of a tree."""
    from tests.test_pages_explore import find

    return find(component, lambda _c: True)


def test_claim_tables_and_hovers_name_things_in_words_never_by_internal_id(ctx: AppContext) -> None:
    import re

    for claim_id in ("agri-products-welcomed", "chancay-jobs", "early-diplomatic-relations", "export-market-10-years"):
        page = claim_page.page(ctx, claim_id)
        tables = [c for c in _walk(page) if type(c).__name__ == "Table"]
        words = text_of(tables)
        assert not re.search(r"src-[0-9a-f]|jobs_direct|diplomatic_relations|\b081040\b", words), claim_id
    agri = text_of([c for c in _walk(claim_page.page(ctx, "agri-products-welcomed")) if type(c).__name__ == "Table"])
    assert "Part of the claim" in agri and "Source family" not in agri
    assert "direct jobs" in text_of(claim_page.page(ctx, "chancay-jobs"))



def test_every_chart_has_a_cite_line_with_title_publishers_and_slots_for_address_and_date(ctx: AppContext) -> None:
    from dashboard.pages import chancay, explore, sources

    panel = explore.panel_for(ctx, "trend_value", "?product=081040&from=2015&to=2024")
    from dashboard.components import card

    cites = [c for c in _walk(card(panel)) if getattr(c, "className", "") == "cite-text"]
    assert len(cites) == 1
    template = getattr(cites[0], "data-template")
    assert panel.title in template and "{url}" in template and "{date}" in template
    assert str(panel.rows["publisher"].iloc[0]) in template
    on_claim = _walk(claim_page.page(ctx, "bri-fruitful-results"))
    claim = [c for c in on_claim if getattr(c, "className", "") == "cite-text"]
    assert len(claim) == 1 and "{url}" in getattr(claim[0], "data-template")
    chancay_cites = [c for c in _walk(chancay.page(ctx)) if getattr(c, "className", "") == "cite-text"]
    graphs = [c for c in _walk(chancay.page(ctx)) if type(c).__name__ == "Graph"]
    assert len(chancay_cites) == len(graphs)
    empty = explore.panel_for(ctx, "trend_volume", "?product=TOTAL&from=2008&to=2024")  # no tonnage figure
    assert empty.figure is None
    assert not [c for c in _walk(card(empty)) if getattr(c, "className", "") == "cite-text"]  # was "Data: none."
    links = [c for c in _walk(sources.page(ctx)) if type(c).__name__ == "A" and getattr(c, "download", None)]
    assert [a.href for a in links] == ["/download/peru-china-trade-lens-data.zip"]


def test_a_chart_bearing_two_claims_of_one_sentence_links_each_by_the_part_it_checks(ctx: AppContext) -> None:
    from dashboard.pages import explore

    card = explore.cached_panel(ctx, "partners", explore.parse(ctx, "")[0])[1]
    links = [c.children for c in _walk(card) if type(c).__name__ == "Link" and str(c.href).startswith("/claims/")]
    assert len(links) >= 2 and len(set(links)) == len(links), links  # the two halves of one sentence: two names
    assert any("export-market half" in link for link in links)
