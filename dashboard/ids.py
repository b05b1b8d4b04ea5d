"""Every Dash component id used by the app, in one place."""

URL = "url"
PAGE = "page"
NAV = "nav"
ERROR_BANNER = "error-banner"

HOME_CHART = "home-chart"

CLAIM_GRID = "claim-grid"
CLAIM_PAGE = "claim-page"
CLAIM_CHART = "claim-chart"
CLAIM_EXPLANATION = "claim-explanation"
CLAIM_JSONLD = "claim-jsonld"


def card(claim_id: str) -> str:
    """Id of a claim's card on the home page."""
    return f"card-{claim_id}"


def card_chart(claim_id: str) -> str:
    """Id of the small chart in a claim's card."""
    return f"card-chart-{claim_id}"
