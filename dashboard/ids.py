"""Every Dash component id used by the app, in one place."""

URL = "url"
PAGE = "page"
NAV = "nav"
ERROR_BANNER = "error-banner"

HOME_CHART = "home-chart"
