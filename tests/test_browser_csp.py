"""In Chromium, no page breaks the Content-Security-Policy, and the policy does block an injected inline script."""

from __future__ import annotations

import pytest

from tests.conftest import CLAIM_IDS

PAGES = ["/", "/explore", f"/claims/{CLAIM_IDS[0]}", "/chancay", "/sources"]
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


@pytest.fixture()
def csp_page(page):
    """The page with a listener for CSP violations, and console messages that name the policy."""
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    return page, console


@pytest.mark.parametrize("path", PAGES)
def test_no_page_violates_the_content_security_policy(live_server, csp_page, path: str) -> None:
    page, console = csp_page
    page.goto(live_server + path, wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector("#page > *", state="attached", timeout=60_000)  # the router has drawn the page
    page.wait_for_load_state("networkidle", timeout=60_000)
    assert page.evaluate("window.__csp") == []
    assert console == []


def test_the_policy_blocks_an_injected_inline_script(live_server, csp_page) -> None:
    page, _ = csp_page
    page.goto(live_server + "/", wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector("#page > *", state="attached", timeout=60_000)
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); }""")
    page.wait_for_function("window.__csp.length > 0", timeout=10_000)
    assert page.evaluate("window.__injected") is None
    assert page.evaluate("window.__csp")[0].startswith("script-src")
