"""The home page's card charts: legible at card size (spaced year ticks, a caption with the unit, no scrolling)."""

from __future__ import annotations

import pandas as pd

from dashboard import figures
from dashboard.components.claim_chart import claim_figure


def _rows(groups: int, first: int = 2008, last: int = 2024) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"g": f"g{i}", "year": y, "value": 10.0 * (i + 1) + y - first, "unit": "USD million", "status": "preferred",
             "period_kind": "full_year", "period": str(y), "kind": "official", "obs_id": f"o{i}-{y}", "derived": False,
             "source_id": "s", "publisher": "P"}
            for i in range(groups)
            for y in range(first, last + 1)
        ]
    )


def test_a_small_chart_spaces_its_year_ticks_and_grows_with_its_legend() -> None:
    groups = {"g0": "First series", "g1": "Second series", "g2": "A third series with a very long name indeed"}
    fig = figures.evidence_figure(_rows(3), group="g", groups=groups, title="t", y_title="US$ million",
                                  years=list(range(2008, 2025)))
    small = figures.compact(fig, figures.axis_caption(fig))
    layout = small.to_plotly_json()["layout"]
    assert layout["xaxis"]["dtick"] >= 2 and (2024 - 2008) / layout["xaxis"]["dtick"] <= 8  # no "20082009…"
    assert layout["title"]["text"] == "US$ million"  # the unit, said once
    assert layout["showlegend"] and layout["legend"]["maxheight"] >= 18 * 3  # the legend never scrolls
    assert layout["height"] >= 230 + 18 * 3
    assert all(len(tr.name) <= 40 for tr in small.data)


def test_every_card_chart_has_a_caption_and_spaced_year_ticks(committed_ctx) -> None:
    for claim in committed_ctx.registry.claims:
        fig = claim_figure(committed_ctx, claim, committed_ctx.results[claim.id], small=True)
        if fig is None:
            continue
        layout = fig.to_plotly_json()["layout"]
        assert layout["title"]["text"], claim.id
        span = layout["xaxis"].get("range")
        if span and layout["xaxis"].get("type") not in ("category", "date"):
            assert (span[1] - span[0]) / layout["xaxis"]["dtick"] <= 9, claim.id


def test_rank_labels_mark_only_changes_so_they_fit_a_phone() -> None:
    ranks = {2010: 1, 2011: 1, 2012: 1, 2013: 2, 2014: 2, 2016: 2, 2017: 1, 2018: 1}
    fig = figures.destinations_figure(
        _rows(1, 2010, 2018), group="g", groups={"g0": "China"}, ranks=ranks, rank_label="#{rank}", title="t",
        y_title="%", years=range(2010, 2019),
    )
    labels = {a.x: a.text for a in fig.layout.annotations}
    # first year, each change, the year after a gap (2015 has no rank), the last year
    assert labels == {2010: "#1", 2013: "#2", 2016: "#2", 2017: "#1", 2018: "#1"}


def test_milestone_labels_alternate_in_height() -> None:
    fig = figures.add_event_lines(figures.base_figure("t"), [(2019.3, "BRI MoU"), (2024.4, "Chancay")], lo=2008,
                                  hi=2024)
    heights = [a.y for a in fig.layout.annotations]
    assert len(set(heights)) == 2


def test_claim_charts_on_a_year_axis_draw_no_multi_year_total(committed_ctx) -> None:
    # figures.csv holds Mincetur's 2010-2019 cumulative exports to China (US$ 89,958 million), dated 2019:
    # drawn at 2019 it looked like one year's exports six times the real figure
    obs = committed_ctx.data.observations
    cumulative = obs[(obs["period_kind"] == "multi_year") & (obs["peru_partner"] == "CHN")]["value"]
    assert (cumulative > 80_000).any()  # the row is still in the data, as an alternative
    claim = committed_ctx.registry.get("bri-fruitful-results")
    fig = claim_figure(committed_ctx, claim, committed_ctx.results[claim.id])
    assert fig is not None
    ys = [y for trace in fig.data if trace.y is not None for y in trace.y if y is not None]
    assert ys and max(ys) < 80_000


def test_a_cut_legend_name_keeps_its_source_in_brackets() -> None:
    # two series of one long product name differ only in their last bracket: cutting the end made them identical
    peru = figures.short_name("Blueberries (cranberries, bilberries) (Peru)", 40)
    china = figures.short_name("Blueberries (cranberries, bilberries) (China customs)", 40)
    assert peru != china and peru.endswith("(Peru)") and china.endswith("(China customs)")
    assert len(peru) <= 40 and len(china) <= 40 and "…" in china
    assert figures.short_name("Alpaca fibre, derivatives and garments made of it", 20) == "Alpaca fibre, deriv…"
    assert figures.short_name("Copper (Peru)", 40) == "Copper (Peru)"


def test_a_long_title_is_wrapped_to_fit_a_phone_and_the_margin_makes_room() -> None:
    fig = figures.base_figure("Peru's exports to China and to the world, US$ million (Peru-reported)")
    fig.update_layout(margin_t=48, height=300)
    figures.wrap_title(fig, 38)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= 38 for line in lines)
    assert " ".join(lines) == "Peru's exports to China and to the world, US$ million (Peru-reported)"
    assert fig.layout.margin.t >= 30 + 19 * 2 and fig.layout.height == 300 + 19
    short = figures.wrap_title(figures.base_figure("Chinese visitors"), 38)
    assert short.layout.title.text == "Chinese visitors"


def test_the_claim_page_chart_titles_fit_a_phone(committed_ctx) -> None:
    from dashboard.pages import claim as claim_page

    def graphs(component):
        if type(component).__name__ == "Graph":
            yield component
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            yield from graphs(child)

    for claim in committed_ctx.registry.claims:
        for graph in graphs(claim_page.page(committed_ctx, claim.id)):
            title = graph.figure.layout.title.text or ""
            assert all(len(line) <= 38 for line in title.split("<br>")), (claim.id, title)
            if graph.figure.data and graph.figure.data[0].type == "heatmap":
                assert graph.figure.layout.xaxis.type == "linear"  # plotly spaces numeric year ticks to the width


def test_the_leader_grid_writes_the_target_as_a_mark_and_names_it_in_the_hover() -> None:
    rows = [{"family": "peru", "by_year": {2014: "CHN", 2015: "USA", 2016: None}, "weak_years": [2015]}]
    fig = figures.leader_strip_figure(rows, years=[2014, 2015, 2016], title="t", target_mark="●")
    cell = fig.data[0]
    assert list(cell.text[0]) == ["●", "USA*", ""]  # short enough for a phone's cells
    assert list(cell.customdata[0]) == ["CHN", "USA*", ""] and "customdata" in cell.hovertemplate


def test_stated_figures_fit_a_phone_labels_wrapped_values_inside_the_range_legend_off_the_ticks() -> None:
    facts = pd.DataFrame(
        {
            "metric": ["jobs_direct", "jobs_indirect"],
            "stated_by": ["COSCO Shipping Ports spokesman", "Prime Minister Otárola"],
            "period": ["construction (works at >40%)", "2023"],
            "qualifier": ["exact", "more_than"],
            "value": [1300.0, 8500.0],
        }
    )
    fig = figures.statements_figure(facts, title="Jobs", metrics={"jobs_direct": "Direct", "jobs_indirect": "Indirect"},
                                    qualifiers={"more_than": "more than"})
    labels = [y for tr in fig.data for y in tr.y]
    assert all(len(line) <= 22 for label in labels for line in label.split("<br>"))
    assert "COSCO Shipping Ports spokesman · construction (works at >40%)" in fig.data[0].customdata  # hover: whole
    assert fig.layout.xaxis.range[1] >= 8500 * 1.4  # "more than 8,500" printed right of its bar, not cut
    plot_height = fig.layout.height - 92
    assert fig.layout.legend.y * plot_height <= -50  # below the tick labels, whatever the chart's height
