"""Unit tests of the mapping rules and the preferred-figure rule on small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data import DataError, rules, schema
from dashboard.data.build import assign_status


def obs(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "obs_id": "x",
        "source_family": "peru",
        "reporter": "PER",
        "peru_partner": "CHN",
        "peru_flow": "export",
        "product": "TOTAL",
        "measure": "value",
        "unit": "USD million",
        "year": 2018,
        "period": "FY",
        "period_kind": "full_year",
        "months": 12,
        "kind": "OFF",
        "derived": False,
        "qualifier": "exact",
        "status": "",
        "status_reason": "",
    }
    base.update(kw)
    return base


def ranked(*rows: dict[str, object]) -> dict[str, tuple[str, str]]:
    out = assign_status(pd.DataFrame(list(rows)))
    return {r.obs_id: (r.status, r.status_reason) for r in out.itertuples()}


def test_off_beats_assoc() -> None:
    got = ranked(obs(obs_id="a", kind="ASSOC"), obs(obs_id="b", kind="OFF"))
    assert got["b"][0] == "preferred"
    assert got["a"] == ("alternative", "lower-ranked than b (OFF > ASSOC)")


def test_full_year_beats_partial() -> None:
    got = ranked(obs(obs_id="a", period="Jan-Oct", period_kind="partial", months=10), obs(obs_id="b", kind="NEWS"))
    assert got["b"][0] == "preferred"
    assert got["a"] == ("alternative", "partial year; full-year figure b exists")


def test_reported_beats_derived_and_longer_partial_wins() -> None:
    got = ranked(obs(obs_id="a", kind="DERIVED", derived=True), obs(obs_id="b", kind="NEWS"))
    assert got == {"b": ("preferred", ""), "a": ("alternative", "derived; reported figure b exists")}
    got = ranked(obs(obs_id="a", period_kind="partial", months=6), obs(obs_id="b", period_kind="partial", months=10))
    assert got["b"][0] == "preferred"


def test_china_mirror_keeps_its_own_preferred() -> None:
    got = ranked(obs(obs_id="a"), obs(obs_id="b", source_family="china", reporter="CHN", kind="NEWS"))
    assert got["a"][0] == got["b"][0] == "preferred"


def test_rejected_never_preferred() -> None:
    got = ranked(
        obs(obs_id="a", status="rejected", status_reason="known bad"), obs(obs_id="b", kind="DERIVED", derived=True)
    )
    assert got == {"a": ("rejected", "known bad"), "b": ("preferred", "")}
    assert ranked(obs(obs_id="a", status="rejected", status_reason="bad"))["a"][0] == "rejected"


def test_qualifier_and_tie_break() -> None:
    got = ranked(obs(obs_id="b", qualifier="about"), obs(obs_id="c"), obs(obs_id="a"))
    assert got["a"][0] == "preferred"
    assert got["b"][1] == "qualifier about; exact figure a preferred"
    assert got["c"][1] == "same rank as a; tie broken by obs_id"


@pytest.mark.parametrize(
    ("year", "period", "expected"),
    [
        ("", "2013 Jan-Oct", (2013, "Jan-Oct", "partial", 10)),
        ("", "2017 H1", (2017, "H1", "partial", 6)),
        ("", "2022/23 season", (2022, "season 2022/23", "season", None)),
        ("", "2010-2019", (2019, "2010-2019", "multi_year", None)),
        ("", "c.2022-2023", (2023, "c.2022-2023", "multi_year", None)),
        ("2017/18", "season 2017/18", (2017, "season 2017/18", "season", None)),
        ("2016", "forecast May-Sep 2016", (2016, "projection", "projection", None)),
        ("2009", "Jul 2009 (month)", (2009, "Jul", "month", 1)),
        ("2011", "full year (preliminary)", (2011, "FY", "full_year", 12)),
        ("2023 or 2024", "Jan-Apr (year not in text; likely 2024)", (2024, "Jan-Apr", "partial", 4)),
    ],
)
def test_parse_period(year: str, period: str, expected: tuple) -> None:
    p = rules.parse_period(year, period)
    assert p is not None
    assert (p.year, p.period, p.kind, p.months) == expected


def test_planned_has_no_year() -> None:
    assert rules.parse_period("", "planned") is None


def test_kind_keywords_and_values() -> None:
    assert rules.kind_from_text("trade association (ComexPeru) citing SUNAT") == "ASSOC"
    assert rules.kind_from_text("ministry (Mincetur) via news") == "OFF"
    assert rules.kind_from_text("China customs (GACC) via Xinhua") == "OFF"
    assert rules.kind_from_text("company spokesman (COSCO Shipping Ports)") == "CO"
    assert rules.kind_from_text("derived") == "DERIVED"
    assert rules.kind_from_text("regional news opinion piece") == "NEWS"
    assert rules.parse_number(">22000")[1] == "more_than"
    assert rules.parse_number("abc") is None
    assert rules.product_code("51/61/63") == "ALPACA"
    assert rules.product_code("081040") == "081040"
    assert rules.product_code("xx") is None


@pytest.fixture(scope="module")
def preferred_row(committed_data) -> pd.DataFrame:
    o = committed_data.observations
    return o[(o["status"] == "preferred") & (o["measure"] == "value") & (o["unit"] == "USD million")].head(1)


@pytest.mark.parametrize("column", schema.SERIES_KEY)
def test_series_key_column_separates_preferred_figures(preferred_row: pd.DataFrame, column: str) -> None:
    """A second preferred figure is an error in the same series and fine once any one series-key column differs."""
    twin = preferred_row.assign(obs_id=preferred_row["obs_id"] + "-twin")
    both = pd.concat([preferred_row, twin], ignore_index=True)
    with pytest.raises(DataError, match="has 2 preferred observations"):
        schema._check_observations(both, "observations.csv")
    other = {"year": 1951, "unit": "CNY billion"}.get(column, "ZZZ")
    apart = pd.concat([preferred_row, twin.assign(**{column: other})], ignore_index=True)
    schema._check_observations(apart, "observations.csv")
