"""In Chromium: assets/dash-html.js renders and clicks every html component exactly as Dash's own bundle does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash
import dash.html
import pytest

DASH = Path(dash.__file__).parent
OURS = Path(__file__).resolve().parent.parent / "assets" / "dash-html.js"
VOID = {"Area", "Base", "Br", "Col", "Embed", "Hr", "Img", "Keygen", "Link", "Meta", "Param", "Source", "Track", "Wbr"}
URL_PROPS = {"A": "href", "Button": "formAction", "Embed": "src", "Form": "action", "Iframe": "src", "ObjectEl": "data"}

# What Dash's renderer gives a component: its loading state and clean_url (any answer, the same for both)
STUBS = """
window.__loading = false;
window.dash_component_api = {useDashContext: () => ({useLoading: () => window.__loading})};
window.dash_clientside = {clean_url: (u) => /^\\s*javascript:/i.test(u) ? 'about:blank' : u};
document.addEventListener('click', (e) => e.preventDefault(), true);  // a link clicked stays on the page
"""

# Render each component with the given props by both implementations, click it (unless told not to: a link would
# navigate), let its effects run; return what each put in the page and every setProps call (the click's time as its
# type: it differs by a millisecond).
RENDER = """async ([cases, loading, click]) => {
  window.__loading = loading;
  const out = {dash: [], ours: []};
  for (const [label, ns] of [['dash', window.__dashHtml], ['ours', window.dash_html_components]]) {
    for (const [name, props] of cases) {
      const box = document.createElement('div');
      document.body.appendChild(box);
      const calls = [];
      const root = ReactDOM.createRoot(box);
      ReactDOM.flushSync(() => root.render(React.createElement(ns[name], {...props, setProps: (p) => calls.push(p)})));
      await new Promise((r) => setTimeout(r, 0));
      if (click && box.firstElementChild) box.firstElementChild.dispatchEvent(new MouseEvent('click', {bubbles: true}));
      await new Promise((r) => setTimeout(r, 0));
      out[label].push({name, html: box.innerHTML, calls: calls.map((c) => Object.fromEntries(Object.entries(c).map(
        ([k, v]) => [k, k === 'n_clicks_timestamp' ? typeof v : v instanceof Error ? String(v) : v])))});
      root.unmount();
      box.remove();
    }
  }
  return out;
}"""


@pytest.fixture()
def both(page) -> Any:
    """A blank page with React, Dash's html components (as window.__dashHtml) and ours."""
    page.set_content("<!doctype html><html><body></body></html>")
    for dep in ("react@18", "react-dom@18", "prop-types@15"):
        page.add_script_tag(path=str(next((DASH / "deps").glob(f"{dep}*.min.js"))))
    page.add_script_tag(content=STUBS)
    page.add_script_tag(path=str(DASH / "html" / "dash_html_components.min.js"))
    page.add_script_tag(content="window.__dashHtml = window.dash_html_components; delete window.dash_html_components;")
    page.add_script_tag(path=str(OURS))
    return page


def _compare(
    page: Any, cases: list[tuple[str, dict[str, Any]]], loading: bool = False, click: bool = True
) -> list[dict[str, Any]]:
    out = page.evaluate(RENDER, [cases, loading, click])
    assert len(out["ours"]) == len(cases)
    for theirs, ours in zip(out["dash"], out["ours"], strict=True):
        assert ours == theirs
    return out["ours"]


def _props(name: str, **more: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": f"c-{name}", "className": "k", "style": {"color": "red"}, "title": "t", "aria-label": "l",
        "data-x": "v", "role": "note", "tabIndex": 0, "lang": "es", "n_clicks": 2,
        "loading_state": {"is_loading": False}, **more,
    }
    if name not in VOID:
        props["children"] = "text"
    return props


def test_the_same_components_as_dash_s(both) -> None:
    assert sorted(both.evaluate("Object.keys(window.dash_html_components)")) == sorted(dash.html.__all__)


def test_every_component_renders_and_counts_clicks_as_dash_s(both) -> None:
    out = _compare(both, [(name, _props(name)) for name in dash.html.__all__])
    div = next(o for o in out if o["name"] == "Div")
    assert div["html"] == (
        '<div id="c-Div" class="k" title="t" aria-label="l" data-x="v" role="note" tabindex="0" lang="es"'
        ' style="color: red;">text</div>'
    )
    assert div["calls"] == [{"n_clicks": 3, "n_clicks_timestamp": "number"}]


def test_no_clicks_counted_without_an_id_or_when_disabled(both) -> None:
    cases = [(name, {**_props(name), "disable_n_clicks": True}) for name in ("Div", "Button", "A", "Li")]
    cases += [(name, {k: v for k, v in _props(name).items() if k != "id"}) for name in ("Div", "Span", "Button")]
    assert all(o["calls"] == [] for o in _compare(both, cases))


def test_a_component_being_loaded_says_so(both) -> None:
    out = _compare(both, [(name, _props(name)) for name in ("Div", "Section", "Button")], loading=True)
    assert all('data-dash-is-loading="true"' in o["html"] for o in out)


def test_urls_are_cleaned_and_a_dangerous_one_reported_as_dash_does(both) -> None:
    safe = [(name, _props(name, **{prop: "#here"})) for name, prop in URL_PROPS.items() if name in ("A", "Form")]
    risky = [(name, _props(name, **{prop: "javascript:alert(1)"})) for name, prop in URL_PROPS.items()]
    out = _compare(both, safe + risky, click=False)
    assert 'href="#here"' in out[0]["html"]
    reported = [o for o in out if any(c.get("_dash_error") for c in o["calls"])]  # on rendering: no click
    assert [o["name"] for o in reported] == list(URL_PROPS)
    assert all("javascript:" not in o["html"] for o in reported)
