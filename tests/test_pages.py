"""Pages rendered without a browser: what a reader finds on the home page and on each claim's page."""

from __future__ import annotations

import json

import pytest
from dash._utils import to_json

from dashboard import ids, pages
from dashboard.context import AppContext, build_context
from dashboard.data import load


@pytest.fixture(scope="module")
def ctx() -> AppContext:
    return build_context(load())


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
