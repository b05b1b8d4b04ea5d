"""The explorer, Chancay and sources pages without a browser: what they say for a URL, and the explorer callback."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd
import pytest
from dash import no_update

from dashboard import figures, pages
from dashboard.pages import chancay, explore, sources
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ctx(committed_ctx):
    return committed_ctx


def texts(component: Any) -> list[str]:
    """Every string child in a component tree."""
    out: list[str] = []
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "children"):
            stack.append(node.children)
    return out


def find(component: Any, predicate) -> list[Any]:
    """Every component in a tree for which predicate holds."""
    out, stack = [], [component]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            if predicate(node):
                out.append(node)
            stack.append(getattr(node, "children", None))
    return out


def test_bad_year_renders_the_page_with_a_notice(ctx) -> None:
    page = pages.render(ctx, "/explore", "?from=abc")
    words = " ".join(texts(page))
    assert "from=abc" in words
    assert "Explore" in words
    assert find(page, lambda c: type(c).__name__ == "Graph")  # charts still drawn, with defaults


@pytest.mark.parametrize(
    "search", ["?to=1000&from=3000", "?product=" + "x" * 10_000, "?partner=<img src=x onerror=alert(1)>", "?&=&=="]
)
def test_hostile_urls_never_fail_and_always_explain(ctx, search: str) -> None:
    page = pages.render(ctx, "/explore", search)
    notice = find(page, lambda c: getattr(c, "id", None) == "ex-notice")
    assert notice and " ".join(texts(notice[0]))
    assert find(page, lambda c: type(c).__name__ == "Graph")


def test_valid_url_sets_the_controls(ctx) -> None:
    page = pages.render(ctx, "/explore", "?from=2014&to=2024&product=081040,080610&unit=share&flow=import")
    values = {
        c.id["name"]: c.value
        for c in find(page, lambda c: isinstance(getattr(c, "id", None), dict))
        if c.id.get("type") == "ex-ctl"
    }
    assert values["ex-years"] == [2014, 2024]
    assert values["ex-product"] == ["081040", "080610"]
    assert values["ex-unit"] == "share" and values["ex-flow"] == "import"
    assert "from=abc" not in " ".join(texts(page))


def test_every_chart_card_has_summary_sources_csv_and_table(ctx) -> None:
    page = pages.render(ctx, "/explore", "?from=2010&to=2024&product=081040")
    cards = find(page, lambda c: "ex-card" in (getattr(c, "className", "") or ""))
    assert len(cards) == len(explore.PANELS)
    for card in cards:
        words = " ".join(texts(card))
        assert "Sources:" in words
        assert find(card, lambda c: type(c).__name__ == "Download")
        if find(card, lambda c: type(c).__name__ == "Graph"):
            assert find(card, lambda c: type(c).__name__ == "Details"), card.id  # numbers as a table


def test_empty_state_says_what_is_missing(ctx) -> None:
    panel = explore.panel_for(ctx, "trend_volume", "?product=081040&from=2010&to=2012")
    assert panel.figure is None
    assert "Blueberries" in panel.summary and "2010" in panel.summary and "2012" in panel.summary


def test_the_destinations_chart_without_figures_in_the_range_says_so(ctx) -> None:
    panel = explore.panel_for(ctx, "baci", "?product=2603&from=2008&to=2012")  # the extract covers 2022-2024
    assert panel.figure is None
    assert "2008" in panel.summary and "2012" in panel.summary and "2022" in panel.summary


def test_partners_summary_states_chinas_share_in_words(ctx) -> None:
    panel = explore.panel_for(ctx, "partners", "?from=2014&to=2023&unit=share")
    assert "China took" in panel.summary and "%" in panel.summary and "2023" in panel.summary
    assert "ranked first" in panel.summary


def test_trade_chart_keeps_peru_and_china_figures_apart(ctx) -> None:
    panel = explore.panel_for(ctx, "trade", "?from=2010&to=2024")
    names = [tr.name for tr in panel.figure.data]
    assert any(n.startswith("Peru") for n in names) and any(n.startswith("China") for n in names)
    assert set(panel.rows["source_family"]) == {"peru", "china"}
    assert (panel.rows["status"] != "rejected").all()


def test_the_timeline_keeps_events_of_one_date_in_the_order_the_events_table_lists_them(ctx) -> None:
    rows = explore.panel_for(ctx, "timeline", "?from=2000&to=2024").rows
    assert rows["date"].is_monotonic_increasing and rows["date"].duplicated().sum() >= 5  # ties to keep in order
    for _date, same in rows.groupby("date"):
        assert same.index.is_monotonic_increasing, same[["date", "event"]]


def test_the_timeline_summary_dates_each_milestone_to_its_precision(ctx) -> None:
    summary = explore.panel_for(ctx, "timeline", "?from=2012&to=2022").summary  # the first known by its year only
    assert "the first in 2012 (" in summary and "the latest on 2022-12-10 (" in summary


def test_claims_links_point_to_claims_of_the_same_chart(ctx) -> None:
    panel = explore.panel_for(ctx, "trend_value", "")
    charts = {c.id: c.chart for c in ctx.registry.claims}
    assert panel.claims and all(charts[cid] == "products" for cid, _ in panel.claims)


def test_csv_of_a_chart_is_its_rows_with_source_columns(ctx) -> None:
    data = explore.csv_download(ctx, "trend_value", "?product=081040&from=2015&to=2024")
    rows = list(csv.DictReader(io.StringIO(data["content"])))
    obs = pd.read_csv(ROOT / "data" / "observations.csv", dtype=str)
    blue = obs[(obs["product"] == "081040") & (obs["peru_partner"] == "CHN") & (obs["measure"] == "value")]
    blue = blue[(blue["status"] != "rejected") & blue["year"].astype(int).between(2015, 2024)]
    assert sorted(r["obs_id"] for r in rows) == sorted(blue["obs_id"])
    for col in ("publisher", "url", "kind", "status", "note"):
        assert col in rows[0]
    assert "source_id" not in rows[0]  # the source by name and address, never by internal id
    assert not any(r["publisher"].startswith("src-") or not r["publisher"] for r in rows)
    assert explore.csv_download(ctx, "no-such-chart", "") is None


def test_control_change_writes_the_url_once(ctx) -> None:
    values = dict(
        zip(explore.CONTROL_IDS, [[2014, 2024], ["TOTAL"], ["CHN", "USA"], "export", "tonnes", "all", "linear"],
            strict=True)
    )
    controls, _panels, url, notices = explore.respond(ctx, {"name": "ex-unit"}, "?from=2014", values)
    assert "unit=tonnes" in url and "from=2014" in url and "source=all" in url
    assert all(v is no_update for v in controls)  # nothing to correct: the controls keep what the user chose
    assert notices == [[]]
    again = explore.respond(ctx, {"name": "ex-unit"}, url, values)
    assert again[2] is no_update  # the same view never rewrites the URL (no loop, no extra history entry)


def test_url_change_sets_the_controls_and_never_writes_the_url(ctx) -> None:
    values = dict(zip(explore.CONTROL_IDS, [[2008, 2024], ["TOTAL"], ["CHN"], "export", "usd", "preferred", "linear"],
                      strict=True))
    controls, _, url, _ = explore.respond(ctx, "url", "?from=2016&product=081040", values)
    assert url is no_update
    assert controls[0] == [2016, 2024] and controls[1] == ["081040"]


def test_impossible_control_choice_is_corrected_with_a_notice(ctx) -> None:
    values = dict(zip(explore.CONTROL_IDS, [[2020, 2010], [], ["CHN"], "export", "usd", "preferred", "linear"],
                      strict=True))
    controls, _, url, notices = explore.respond(ctx, {"name": "ex-years"}, "", values)
    assert controls[:2] == [[2008, 2024], ["TOTAL"]]  # the default years; an empty product choice: all goods
    assert all(v is no_update for v in controls[2:])  # valid choices are left as the user set them
    assert "from=2008" in url and "to=2024" in url and "product=TOTAL" in url
    assert "before" in " ".join(texts(notices))


def test_callback_on_another_page_changes_nothing(ctx) -> None:
    assert explore.respond(ctx, "url", "?x=1", {}) == [[], [], no_update, []]


def test_chancay_page_lists_each_statement_once_with_its_source(ctx) -> None:
    page = pages.render(ctx, "/chancay")
    ledger = find(page, lambda c: getattr(c, "id", None) == "chancay-ledger")[0]
    rows = find(ledger, lambda c: type(c).__name__ == "Tr")[1:]
    facts = pd.read_csv(ROOT / "data" / "chancay.csv", dtype=str)
    assert len(rows) == (facts["duplicate_of"].isna()).sum()
    links = find(ledger, lambda c: type(c).__name__ == "A")
    assert len(links) == len(rows) and all(a.href.startswith("http") for a in links)
    words = " ".join(texts(page))
    assert "about" in words and "more than" in words and "projected" in words
    assert len(find(page, lambda c: type(c).__name__ == "Graph")) == 4


def test_chancay_capacity_summary_compares_throughput_with_capacity(ctx) -> None:
    panel = chancay.panel_for(ctx, "chancay_capacity")
    assert "%" in panel.summary and "1,000,000" in panel.summary


def test_sources_page_lists_every_source_and_explains_the_coverage_codes(ctx) -> None:
    page = pages.render(ctx, "/sources")
    table = find(page, lambda c: getattr(c, "id", None) == "sources-table")[0]
    first = find(table, lambda c: type(c).__name__ == "Tr")[1:]
    assert len(first) == sources.PAGE_SIZE  # the first page only: the whole table froze the browser for 17 s
    n_sources = len(pd.read_csv(ROOT / "data" / "sources.csv"))
    seen, page_no, at_end = len(first), 0, False
    while not at_end:  # turning pages shows every source once, then stops
        rows, page_no, at_start, at_end = sources.turn_page(ctx, page_no, 1)
        seen += len(find(rows, lambda c: type(c).__name__ == "Tr")) - 1
        assert not at_start
    assert seen == n_sources
    assert sources.turn_page(ctx, page_no, 1)[1] == page_no  # never past the last page
    assert sources.turn_page(ctx, 0, -1)[1:3] == (0, True)  # nor before the first
    words = " ".join(texts(page))
    for phrase in ("official statistics", "full-year", "partial-year", "derived", "no figure"):
        assert phrase in words
    cov = find(page, lambda c: getattr(c, "id", None) == "coverage-table")[0]
    cells = find(cov, lambda c: type(c).__name__ == "Td")
    assert cells and all(getattr(c, "title", "") for c in cells)  # each letter has its meaning in words
    years = [y for y in sources.coverage_table(ctx).columns if y != "series"]
    rows = [find(r, lambda c: type(c).__name__ == "Td") for r in find(cov, lambda c: type(c).__name__ == "Tr")]
    assert len([r for r in rows if r]) == len(sources.coverage_table(ctx))
    for cells in filter(None, rows):  # a series' runs of years span the whole range, once
        assert sum(getattr(c, "colSpan", None) or 1 for c in cells) == len(years)
    assert sum(map(len, rows)) < len(years) * len(sources.coverage_table(ctx)) / 2  # runs: a compact grid
    assert sources._runs(["F", "F", ".", "F", "P", "P"]) == [(0, 2), (2, 1), (3, 1), (4, 2)]


def _patched_panels(cards: list[Any]) -> list[str]:
    """The keys of the charts a response replaces (the others are left as they are on screen)."""
    return sorted(key for key, parts in zip(explore.PANELS, cards, strict=True)
                  if any(p is not no_update for p in parts))


def test_a_product_change_resends_only_the_charts_that_depend_on_products(ctx) -> None:
    values = dict(zip(explore.CONTROL_IDS, [[2010, 2024], ["081040"], ["CHN", "USA"], "export", "usd", "preferred",
                                            "linear"], strict=True))
    search = "?from=2010&to=2024&product=TOTAL&partner=CHN,USA&flow=export&unit=usd&source=preferred"
    _, panels, url, _ = explore.respond(ctx, {"name": "ex-product"}, search, values)
    # the composition treemap outlines the chosen products, so it follows them too
    assert _patched_panels(panels) == ["baci", "composition", "trend_value", "trend_volume"]
    assert "product=081040" in url


def test_a_year_change_resends_every_chart(ctx) -> None:
    values = dict(zip(explore.CONTROL_IDS, [[2015, 2024], ["TOTAL"], ["CHN", "USA"], "export", "usd", "preferred",
                                            "linear"], strict=True))
    search = "?from=2010&to=2024&product=TOTAL&partner=CHN,USA&flow=export&unit=usd&source=preferred"
    _, panels, _, _ = explore.respond(ctx, {"name": "ex-years"}, search, values)
    assert _patched_panels(panels) == sorted(explore.PANELS)


def test_table_of_a_panel_is_built_on_demand_with_every_row(ctx) -> None:
    table = explore.table_for(ctx, "trend_value", "?from=2015&to=2024&product=081040")
    panel = explore.panel_for(ctx, "trend_value", "?from=2015&to=2024&product=081040")
    rows = find(table, lambda c: type(c).__name__ == "Tr")
    assert len(rows) == len(panel.rows) + 1  # a header row, then one row per figure
    assert explore.table_for(ctx, "no-such-chart", "") is None


def _panel(ctx, name: str, search: str):
    """One explorer panel for a URL query, as the page builds it."""
    from dashboard import urlstate
    from dashboard.pages.explore.panels import PANELS
    from dashboard.pages.explore.prepare import prepare

    ex = prepare(ctx)
    state, _ = urlstate.parse(search, products=ex.products, partners=ex.partners, years=ex.years, latest=ex.latest)
    return PANELS[name](ex, state)


def test_composition_is_one_database_year_never_two_sources_added(ctx) -> None:
    mirror = _panel(ctx, "composition", "?product=26&from=1996&to=2018")
    assert set(mirror.rows["source_family"]) == {"china"} and set(mirror.rows["year"]) == {2018}
    assert set(mirror.rows["product"].str.len()) == {2}  # HS chapters
    assert "China's customs" in mirror.title and mirror.figure.data[0].type == "treemap"
    assert round(mirror.rows["share_of_total_percent"].sum()) == 100
    baci = _panel(ctx, "composition", "?from=2019&to=2024")
    assert set(baci.rows["source_family"]) == {"baci"} and set(baci.rows["year"]) == {2024}
    imports = _panel(ctx, "composition", "?from=2000&to=2010&flow=import")
    assert set(imports.rows["source_family"]) == {"peru"} and set(imports.rows["peru_flow"]) == {"import"}
    ledger = _panel(ctx, "composition", "?source=peru")  # no database of Peru's exports by product: the ledger bars
    assert ledger.figure is not None and ledger.figure.data[0].type == "bar"
    tonnes = _panel(ctx, "composition", "?from=1996&to=2018&unit=tonnes")
    assert "whatever the unit" in tonnes.ignores  # says what it ignores


def test_a_chapter_trend_runs_on_chinas_mirror_then_on_the_baci_headings_it_lists(ctx) -> None:
    panel = _panel(ctx, "trend_value", "?product=26&from=1996&to=2024")
    by_family = panel.rows.groupby("source_family")["year"].agg(["min", "max"])
    assert tuple(by_family.loc["china"]) == (1996, 2018) and tuple(by_family.loc["baci"]) == (2022, 2024)
    baci = panel.rows[panel.rows["source_family"] == "baci"]
    raw = ctx.data.observations
    listed = raw[(raw["source_family"] == "baci") & raw["product"].isin(["2601", "2603"])
                 & (raw["peru_partner"] == "CHN") & (raw["year"] == 2024) & (raw["status"] == "preferred")
                 & (raw["measure"] == "value")]
    assert baci[baci["year"] == 2024]["value"].iloc[0] == pytest.approx(listed["value"].sum())
    assert "2601+2603" in baci["product_name"].iloc[-1] and "BACI" in panel.note
    names = [tr.name for tr in panel.figure.data][:2]
    assert names == ["Ores, slag and ash (China customs)", "Ores, slag and ash (BACI)"]


def test_the_trade_line_marks_where_the_database_ends_and_names_each_points_source(ctx) -> None:
    panel = _panel(ctx, "trade", "?from=2010&to=2024")
    marks = [a.text for a in panel.figure.layout.annotations]
    assert "UN Comtrade to 2021 | official after" in marks  # short: it must fit a phone's chart
    peru = panel.figure.data[0]
    hovers = figures.hover_lines(peru)
    assert "WITS" in hovers[0] and not any("src-" in x for x in hovers)  # a name, never an id
    before = _panel(ctx, "trade", "?from=2010&to=2020")  # the database covers the whole range: no mark
    assert not any("UN Comtrade" in a.text for a in before.figure.layout.annotations)


def test_the_source_switch_label_never_shares_a_row_with_the_milestones(ctx) -> None:
    # at the top, its 50-character label ran over "BRI MoU" (seen in a screenshot at 1366 px)
    notes = _panel(ctx, "trade", "?from=2008&to=2024").figure.layout.annotations
    switch = [a.y for a in notes if "UN Comtrade" in a.text]
    milestones = {a.y for a in notes if "UN Comtrade" not in a.text and not a.text.startswith("#")}
    assert switch and milestones and not set(switch) & milestones


def test_product_options_follow_the_hs_hierarchy_and_only_products_traded_with_china(ctx) -> None:
    from dashboard.pages.explore.prepare import prepare, product_tree

    products = pd.DataFrame(
        {
            "code": ["TOTAL", "S02", "08", "080440", "26", "2603", "COPPER"],
            "name": ["All", "Vegetable products", "Fruit", "Avocados", "Ores", "Copper ores", "Copper"],
            "parent": ["", "TOTAL", "S02", "08", "S05", "26", "TOTAL"],
        }
    )
    tree = product_tree(products, {"TOTAL", "2603", "26", "080440", "08", "COPPER"})
    assert [o["value"] for o in tree] == ["TOTAL", "08", "080440", "26", "2603", "COPPER"]
    assert [o["label"] for o in tree][:3] == ["All (TOTAL)", "Fruit (08)", "· Avocados (080440)"]
    assert product_tree(products, {"2603"})[0]["label"] == "Copper ores (2603)"  # no parent shown: not indented
    options = {o["value"] for o in prepare(ctx).product_options}
    assert "26" in options and "WITS_MINERALS" not in options  # a Peru-World sector has no China figure


def test_series_labels_name_the_family_and_stay_missing_where_a_name_is() -> None:
    from dashboard.pages.explore.common import by_family

    rows = pd.DataFrame({"source_family": pd.array(["peru", "china", "other", "peru"], dtype="str")})
    names = pd.Series(pd.array(["Copper", "Copper", "Zinc", None], dtype="str"), index=rows.index)
    labels = by_family(rows, names, {"peru": "Peru", "china": "China"})
    assert labels.tolist()[:3] == ["Copper (Peru)", "Copper (China)", "Zinc (other)"]  # an unnamed family: its code
    assert pd.isna(labels.iloc[3]) and labels.dtype == names.dtype
