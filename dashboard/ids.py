"""Every Dash component id used by the app, in one place."""

URL = "url"
PAGE = "page"
PAGE_TITLE = "page-title"  # the document title of the current page (set in the browser)
NAV = "nav"
HEADER = "app-header"  # brand, tagline, navigation and language switcher: rebuilt in the page's language
FOOTER = "app-footer"
LANG_SWITCH = "lang-switch"
ERROR_BANNER = "error-banner"


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


# explorer, Chancay and sources pages
EX_YEARS = "ex-years"  # the year range slider (the URL keeps from/to)
EX_PRODUCT = "ex-product"
EX_PARTNER = "ex-partner"
EX_FLOW = "ex-flow"
EX_UNIT = "ex-unit"
EX_SOURCE = "ex-source"
EX_SCALE = "ex-scale"
EX_PANELS = "ex-panels"
EX_NOTICE = "ex-notice"
EX_CTL = "ex-ctl"  # pattern-matching type of the controls: {"type": EX_CTL, "name": EX_FROM, ...}
EX_CARD_HEAD = "ex-card-head"  # a live card's head (heading, summary): {"type": EX_CARD_HEAD, "name": key}
EX_CARD_FOOT = "ex-card-foot"  # a live card's foot (note, sources, CSV, table, claims)
EX_GRAPH = "ex-graph"  # a live card's chart (its figure and style are set on their own): {"type": EX_GRAPH, ...}
EX_LATER_VIEW = "ex-later-view"  # a store: the view (its URL search) the second answer's parts show (sync.LATER_SETS)
EX_NOTICE_BOX = "ex-notice-box"  # pattern-matching type of the notices' container
EX_CSV = "ex-csv"  # pattern-matching type: {"type": EX_CSV, "chart": key}
EX_DOWNLOAD = "ex-download"  # pattern-matching type: {"type": EX_DOWNLOAD, "chart": key}
CHANCAY_PAGE = "chancay-page"
SOURCES_PAGE = "sources-page"
SOURCES_TABLE = "sources-table"
SOURCES_PREV = "sources-prev"
SOURCES_NEXT = "sources-next"
SOURCES_PAGE_NO = "sources-page-no"
COVERAGE_TABLE = "coverage-table"


def ex_graph(key: str) -> str:
    """Id of an explorer (or Chancay) chart's box (the chart, a dcc.Graph, is inside it)."""
    return f"ex-{key}"
EX_TABLE = "ex-table"  # pattern-matching type of a card's table toggle (a Summary): {"type": EX_TABLE, "chart": key}
EX_TABLE_BOX = "ex-table-box"  # pattern-matching type of the box the table fills when first opened
