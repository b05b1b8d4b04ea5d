"""The explorer's figure builders, on small hand-made frames: what a reader would see in the chart."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import figures
from dashboard.fmt import fmt_number


def _obs(rows: list[dict]) -> pd.DataFrame:
    base = {
        "period": "FY",
        "period_kind": "full_year",
        "unit": "USD million",
        "source_id": "src-a",
        "kind": "OFF",
        "derived": False,
        "status": "preferred",
        "obs_id": "x",
    }
    out = pd.DataFrame([{**base, **r} for r in rows])
    out["obs_id"] = [f"o{i}" for i in range(len(out))]
    return out


def test_event_lines_draw_only_milestones_inside_the_years_shown() -> None:
    fig = figures.base_figure("t")
    figures.add_event_lines(fig, [(2009.3, "FTA signed"), (2019.3, "BRI MoU"), (1990.0, "old")], lo=2005, hi=2020)
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["FTA signed", "BRI MoU"]
    assert len(fig.layout.shapes) == 2
    assert {s.line.dash for s in fig.layout.shapes} == {"dot"}


def test_destinations_figure_writes_chinas_rank_above_each_year_with_one() -> None:
    frame = _obs(
        [
            {"key": "CHN|peru", "year": 2012, "value": 20.0},
            {"key": "CHN|peru", "year": 2014, "value": 25.0},
            {"key": "USA|peru", "year": 2012, "value": 22.0},
            {"key": "USA|peru", "year": 2014, "value": 15.0},
            {"key": "USA|factbook", "year": 2014, "value": 16.0},
        ]
    )
    fig = figures.destinations_figure(
        frame,
        group="key",
        groups={"CHN|peru": "China", "USA|peru": "US", "USA|factbook": "US (Factbook)"},
        ranks={2012: 2, 2014: 1},
        rank_label="No. {rank}",
        title="t",
        y_title="%",
        years=range(2012, 2015),
    )
    labels = {a.x: a.text for a in fig.layout.annotations}
    assert labels == {2012: "No. 2", 2014: "No. 1"}  # 2013 has no rank: no label, a visible gap
    china = next(tr for tr in fig.data if tr.name == "China")
    assert math.isnan(china.y[1])  # no figure in 2013: a gap in the line, not a zero


def test_composition_bars_are_side_by_side_never_stacked_and_sorted() -> None:
    frame = pd.DataFrame(
        {
            "product": ["2603", "081040", "2603"],
            "source_family": ["peru", "peru", "china"],
            "value": [15000.0, 300.0, 14000.0],
            "publisher": ["SUNAT", "SUNAT", "GACC"],
        }
    )
    fig = figures.composition_figure(
        frame,
        names={"2603": "Copper ores", "081040": "Blueberries"},
        families={"peru": "Peru", "china": "China"},
        title="t",
        x_title="US$ million",
    )
    assert fig.layout.barmode == "group"
    peru = next(tr for tr in fig.data if tr.name == "Peru")
    assert list(peru.y) == ["Blueberries", "Copper ores"]  # largest at the top of a horizontal bar chart
    assert list(peru.x) == [300.0, 15000.0]
    china = next(tr for tr in fig.data if tr.name == "China")
    assert math.isnan(china.x[0]) and china.x[1] == 14000.0


def test_destination_bars_mark_china_and_draw_one_trace_per_year() -> None:
    frame = pd.DataFrame(
        {
            "year": [2023, 2023, 2024, 2024],
            "partner": ["CHN", "JPN", "CHN", "JPN"],
            "partner_name": ["China", "Japan", "China", "Japan"],
            "value": [100.0, 30.0, 120.0, 20.0],
        }
    )
    fig = figures.destination_bars_figure(frame, title="t", x_title="US$ million", target_mark="◀")
    assert [tr.name for tr in fig.data] == ["2023", "2024"]
    assert "China ◀" in list(fig.data[0].y)
    assert fig.data[1].x[list(fig.data[1].y).index("China ◀")] == 120.0


def test_destinations_over_more_than_bar_years_are_one_heatmap_of_partner_by_year() -> None:
    years = list(range(2019, 2020 + figures.BAR_YEARS))  # one year more than bars are drawn for
    frame = pd.DataFrame(
        [{"year": y, "partner": p, "partner_name": n, "value": v * (y - 2018)}
         for y in years for p, n, v in (("CHN", "China", 100.0), ("JPN", "Japan", 30.0), ("KOR", "Korea", 50.0))
         if not (p == "KOR" and y == 2020)]  # Korea has no 2020 figure
    )
    fig = figures.destination_bars_figure(frame, title="t", x_title="US$ million", target_mark="◀")
    (heat,) = fig.data
    assert heat.type == "heatmap" and list(heat.x) == years
    assert list(heat.y) == ["Japan", "Korea", "China ◀"]  # the largest of the latest year at the top
    z = [list(row) for row in heat.z]
    assert z[2] == [100.0 * (y - 2018) for y in years] and z[0][0] == 30.0
    assert math.isnan(z[1][1]) and heat.hoverongaps is False  # a gap stays blank, never a zero
    assert heat.colorbar.title.text == "US$ million"  # the colour bar says the unit
    assert all(f in heat.hovertemplate for f in ("%{y}", "%{x}", "%{customdata", "US$ million"))
    assert [list(row) for row in heat.customdata][2] == z[2]  # the hover says the value itself
    assert fig.layout.xaxis.title.text in (None, "")  # years across: the unit is on the colour bar, not this axis
    bars = figures.destination_bars_figure(frame[frame["year"] <= years[-2]], title="t", x_title="US$ million")
    assert [tr.type for tr in bars.data] == ["bar"] * figures.BAR_YEARS


def test_destinations_over_orders_of_magnitude_are_coloured_by_their_logarithm() -> None:
    years = [2020, 2021, 2022, 2023]
    frame = pd.DataFrame(
        [{"year": y, "partner": p, "partner_name": p, "value": v} for y in years
         for p, v in (("CHN", 20_000.0), ("JPN", 150.0), ("KOR", 2.0), ("USA", 0.0))]
    )
    heat = figures.destination_bars_figure(frame, title="t", x_title="US$ million").data[0]
    z = {label: list(row) for label, row in zip(heat.y, heat.z, strict=True)}
    assert z["CHN ◀"][0] == pytest.approx(math.log10(20_000)) and z["JPN"][0] == pytest.approx(math.log10(150))
    assert z["USA"][0] == pytest.approx(math.log10(2.0))  # a zero takes the lowest colour, not a gap
    assert list(heat.colorbar.tickvals) == [0, 2, 4]  # every other power of ten over six: they fit a phone
    assert list(heat.colorbar.ticktext) == ["1", "100", "10,000"]
    assert {label: row[0] for label, row in zip(heat.y, heat.customdata, strict=True)}["CHN ◀"] == 20_000.0
    near = frame.assign(value=frame["value"].clip(lower=10.0).clip(upper=500.0))  # within 100x: linear colours
    linear = figures.destination_bars_figure(near, title="t", x_title="u").data[0]
    assert sorted({v for row in linear.z for v in row}) == [10.0, 150.0, 500.0] and linear.colorbar.tickvals is None


def test_range_figure_spans_lowest_to_highest_statement() -> None:
    facts = pd.DataFrame(
        {
            "metric": ["inv", "inv", "inv"],
            "value": [1300.0, 1400.0, 1315.0],
            "qualifier": ["more_than", "exact", "exact"],
            "stated_by": ["PM", "press", "COSCO"],
            "period": ["2023", "2024", "2022"],
        }
    )
    fig = figures.range_figure(
        facts, title="t", metrics={"inv": "Investment"}, x_title="US$ million", qualifiers={"more_than": "more than"}
    )
    bar, points = fig.data
    assert list(bar.x) == [1300.0, 1400.0]
    assert sorted(points.x) == [1300.0, 1315.0, 1400.0]
    assert "more than 1,300" in [c[0] for c in points.customdata]


def test_builders_return_an_empty_titled_figure_for_no_data() -> None:
    empty = pd.DataFrame(columns=["product", "source_family", "value", "publisher", "year", "partner", "partner_name"])
    for fig in (
        figures.composition_figure(empty, names={}, families={"peru": "Peru"}, title="none", x_title=""),
        figures.destination_bars_figure(empty, title="none", x_title=""),
    ):
        assert len(fig.data) == 0 and fig.layout.title.text == "none"


def test_a_top5_bound_is_drawn_as_a_bound_off_the_line_never_as_a_level() -> None:
    frame = _obs(
        [
            {"key": "JPN", "year": 2019, "value": 2000.0, "qualifier": "exact"},
            {"key": "JPN", "year": 2020, "value": 1500.0, "qualifier": "less_than"},  # not in the top 5 that year
            {"key": "JPN", "year": 2021, "value": 2100.0, "qualifier": "exact"},
        ]
    )
    labels = {"legend.bound": "bounds", "qualifier.less_than": "less than"}
    fig = figures.evidence_figure(
        frame, group="key", groups={"JPN": "Japan"}, title="t", y_title="y", years=[2019, 2020, 2021], labels=labels
    )
    line = fig.data[0]
    assert [None if math.isnan(v) else v for v in line.y] == [2000.0, None, 2100.0]  # a gap, not 1,500
    (bound,) = [tr for tr in fig.data if tr.name == "Japan · bounds"]
    assert list(bound.x) == [2020] and list(bound.y) == [1500.0] and "less than" in figures.hover_lines(bound)[0]
    assert bound.marker.symbol == "triangle-down-open"


def test_the_treemap_nests_products_in_their_sections_with_shares_of_the_total() -> None:
    frame = pd.DataFrame({"product": ["26", "74", "03", "08"], "value": [8000.0, 1500.0, 300.0, 200.0]})
    fig = figures.treemap_figure(
        frame,
        names={"26": "Ores", "74": "Copper", "S05": "Mineral products"},
        parents={"26": "S05", "74": "S15", "03": "S01", "08": "S01"},
        title="t",
        unit="US$ million",
        highlight=["74"],
        others="Others ({})".format,
    )
    (tree,) = fig.data
    by_id = dict(zip(tree.ids, zip(tree.parents, tree["values"], strict=True), strict=True))
    assert by_id["S01"] == ("", 500.0) and by_id["03"] == ("S01", 300.0) and by_id["26"] == ("S05", 8000.0)
    assert tree.branchvalues == "total"  # a section is the sum of its chapters: no double counting
    shares = {i: c[1] for i, c in zip(tree.ids, tree.customdata, strict=True)}
    assert shares["26"] == "80" and shares["S01"] == "5"  # of the 10,000 total
    assert dict(zip(tree.ids, tree.labels, strict=True))["S05"] == "Mineral products"
    widths = dict(zip(tree.ids, tree.marker.line.width, strict=True))
    assert widths["74"] > widths["26"]  # the chosen product is outlined
    empty = figures.treemap_figure(frame.assign(value=0.0), names={}, parents={}, title="t", unit="u", others=str)
    assert len(empty.data) == 0


def test_the_treemap_draws_the_largest_products_and_one_others_tile_holding_the_rest() -> None:
    # 200 products in two sections, values 200..1: the 50 largest get tiles, the others share one
    codes = [f"{i:03d}" for i in range(200)]
    frame = pd.DataFrame({"product": codes, "value": [float(200 - i) for i in range(200)]})
    parents = {c: "S01" if i % 2 else "S02" for i, c in enumerate(codes)}
    kw = {"names": {}, "parents": parents, "title": "t", "unit": "u", "others": "Others ({})".format}
    (tree,) = figures.treemap_figure(frame, **kw, highlight=["199"]).data
    by_id = dict(zip(tree.ids, zip(tree.labels, tree.parents, tree["values"], strict=True), strict=True))
    assert [i for i in tree.ids if i in codes] == [*codes[:50], "199"]  # the 50 largest, and the chosen one
    label, parent, value = by_id[figures.OTHERS_ID]
    assert (label, parent) == ("Others (149)", "")  # at the top: the rest spans sections
    assert value == sum(range(2, 151))  # never dropped: products 050..198 are worth 150..2
    total = float(frame["value"].sum())
    assert sum(v for _, p, v in by_id.values() if p == "") == total  # the top level adds up to the total
    assert by_id["S01"][2] + by_id["S02"][2] == total - value
    shares = {i: c[1] for i, c in zip(tree.ids, tree.customdata, strict=True)}
    assert shares["000"] == fmt_number(200 / total * 100) != fmt_number(200 / (total - value) * 100)  # of the total
    few = figures.treemap_figure(frame.head(50), **kw).data[0]
    assert figures.OTHERS_ID not in few.ids and len(few.ids) == 52  # 50 products and 2 sections, no empty tile


def test_hovers_name_the_source_and_say_how_a_derived_figure_was_derived_never_an_id() -> None:
    frame = _obs(
        [
            {"key": "CHN", "year": 2021, "value": 100.0, "publisher": "SUNAT"},
            {"key": "CHN", "year": 2022, "value": 140.0, "derived": True, "source_id": "src-derived",
             "note": "34800-20674 (both Mincetur)"},
            {"key": "CHN", "year": 2023, "value": 150.0, "source_id": "src-0123456789"},  # no name known
        ]
    )
    labels = {"hover.derived": "Derived", "kind.OFF": "official"}
    publishers = {"src-a": "SUNAT", "src-derived": "Derived by the evidence ledger (see note)"}
    fig = figures.evidence_figure(frame, group="key", groups={"CHN": "China"}, title="t", y_title="y",
                                  years=[2021, 2022, 2023], publishers=publishers, labels=labels)
    texts = figures.hover_lines(fig.data[0])
    assert "SUNAT (official)" in texts[0]
    assert "Derived: 34800-20674 (both Mincetur)" in texts[1] and "see note" not in texts[1]
    assert not any("src-" in text or "nan" in text for text in texts)


def test_each_source_name_ships_once_per_trace_and_every_hover_still_names_its_own() -> None:
    years = list(range(2010, 2018))
    frame = _obs([{"key": "CHN", "year": y, "value": float(y - 2000),
                   "source_id": "src-b" if y == 2013 else "src-a"} for y in years])
    publishers = {"src-a": "SUNAT, via Gestión", "src-b": "ADEX, via El Comercio"}
    fig = figures.evidence_figure(frame, group="key", groups={"CHN": "China"}, title="t", y_title="y",
                                  years=years, publishers=publishers, labels={"kind.OFF": "official"})
    line = fig.data[0]
    assert fig.to_json().count("SUNAT, via Gesti") == 1  # the trace's fallback, not eight copies
    hovers = figures.hover_lines(line)
    assert hovers[3] == "2013<br>ADEX, via El Comercio (official)"
    assert [h for i, h in enumerate(hovers) if i != 3] == [f"{y}<br>SUNAT, via Gestión (official)"
                                                           for y in years if y != 2013]
    assert line.hovertemplate is None and list(fig.layout.meta) == ["USD million"]  # the template hover, its unit
    assert "%{meta[0]}" in fig.layout.template.data.scatter[0].hovertemplate


def test_hover_sources_are_broken_into_lines_a_phone_holds_and_name_no_copy(committed_ctx) -> None:
    from dashboard.figures.evidence import HOVER_WIDTH
    from dashboard.pages import explore

    panel = explore.panel_for(committed_ctx, "trade", "?from=1995&to=2024")
    sources = [line.split("<br>", 1)[1] for tr in panel.figure.data for line in figures.hover_lines(tr) if line]
    assert any("World Bank WITS" in s.replace("<br>", " ") for s in sources)  # whose figures the database's are
    pieces = [piece for s in sources for piece in s.split("<br>")]
    assert max(len(p) for p in pieces) <= HOVER_WIDTH  # no line longer than a phone's chart holds
    assert not any("github.com" in s for s in sources)  # where a copy was read: not in the hover, but the table's
    assert panel.rows["publisher"].str.contains("github.com").any()  # and the CSV's rows name it
