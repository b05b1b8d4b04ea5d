"""The explorer's URL parser: valid addresses restore the view; anything else falls back with a notice."""

from __future__ import annotations

import pytest

from dashboard.urlstate import ExploreState, defaults, parse, serialize, state_from_controls

PRODUCTS = {"TOTAL", "081040", "080610", "2603", "COPPER"}
PARTNERS = {"CHN", "USA", "JPN", "CHE", "CAN", "KOR"}
YEARS = (1997, 2025)
LATEST = 2024
DEFAULT = defaults(products=PRODUCTS, partners=PARTNERS, years=YEARS, latest=LATEST)


def run(search: str) -> tuple[ExploreState, list[str]]:
    return parse(search, products=PRODUCTS, partners=PARTNERS, years=YEARS, latest=LATEST)


def test_the_spec_example_restores_every_filter() -> None:
    state, notices = run("?from=2014&to=2024&product=081040,080610&unit=usd")
    assert notices == []
    assert (state.from_year, state.to_year) == (2014, 2024)
    assert state.products == ("081040", "080610")
    assert state.unit == "usd"
    assert state.partners == DEFAULT.partners and state.flow == "export" and state.source == "preferred"


def test_empty_and_missing_query_give_the_defaults_silently() -> None:
    for search in ("", "?", "?&&", None):
        state, notices = run(search)  # type: ignore[arg-type]
        assert state == DEFAULT
        assert notices == []


def test_serialize_then_parse_is_the_same_view() -> None:
    state = ExploreState(2010, 2020, ("COPPER", "2603"), ("USA", "CHN"), "import", "share", "china")
    again, notices = run(serialize(state))
    assert again == state and notices == []
    assert serialize(state).startswith("?") and "product=COPPER,2603" in serialize(state)


def test_links_with_encoded_commas_and_lower_case_codes_work() -> None:
    state, notices = run("?partner=chn%2Cusa&unit=SHARE")
    assert state.partners == ("CHN", "USA") and state.unit == "share" and notices == []


def test_a_year_that_is_not_a_number_falls_back_with_a_notice() -> None:
    state, notices = run("?from=abc&to=2020")
    assert state.from_year == DEFAULT.from_year and state.to_year == 2020
    assert len(notices) == 1 and "from=abc" in notices[0]


def test_years_outside_the_data_are_ignored() -> None:
    state, notices = run("?from=1800&to=2999")
    assert (state.from_year, state.to_year) == (DEFAULT.from_year, DEFAULT.to_year)
    assert len(notices) == 2


def test_end_before_start_falls_back_to_the_default_years() -> None:
    state, notices = run("?from=2020&to=2010")
    assert (state.from_year, state.to_year) == (DEFAULT.from_year, DEFAULT.to_year)
    assert any("before" in n for n in notices)


def test_unknown_product_is_dropped_and_named_known_ones_kept() -> None:
    state, notices = run("?product=999999,081040")
    assert state.products == ("081040",)
    assert len(notices) == 1 and "999999" in notices[0]
    state, notices = run("?product=999999")
    assert state.products == DEFAULT.products and "999999" in notices[0]


def test_markup_is_echoed_as_plain_text_and_never_kept() -> None:
    state, notices = run("?product=<script>alert(1)</script>&flow=<b>x</b>")
    assert state.products == DEFAULT.products and state.flow == DEFAULT.flow
    assert any("<script>" in n for n in notices)  # the page shows it as text: Dash escapes strings


def test_a_10000_character_value_is_truncated_before_processing() -> None:
    state, notices = run("?product=" + "A" * 10_000 + "&unit=tonnes")
    assert state.products == DEFAULT.products
    assert all(len(n) < 300 for n in notices)
    assert any("longer than" in n for n in notices)


def test_repeated_parameter_uses_the_first_value_and_says_so() -> None:
    state, notices = run("?unit=share&unit=tonnes")
    assert state.unit == "share"
    assert any("more than once" in n for n in notices)


@pytest.mark.parametrize("search", ["?flow=sideways", "?source=rumour", "?colour=red", "?unit="])
def test_unknown_words_and_parameters_fall_back(search: str) -> None:
    state, notices = run(search)
    assert state == DEFAULT
    assert len(notices) == 1


def test_binary_junk_never_raises() -> None:
    state, notices = run("?%ff%fe=%00%01&from=%E2%80%AE2014&product=,,,")
    assert state.from_year == DEFAULT.from_year
    assert notices


def controls(*values: object) -> tuple[ExploreState, list[str]]:
    return state_from_controls(values, products=PRODUCTS, partners=PARTNERS, years=YEARS, latest=LATEST)


@pytest.mark.parametrize(
    "values",
    [
        (2014, 2024, ["081040", "080610"], ["CHN"], "import", "share", "all"),
        ("2010", 2020, ["2603"], ["USA", "CHN"], "EXPORT", " tonnes ", "china"),
        (2020, 2010, [], ["CHN"], "export", "usd", "preferred"),
        (None, "abc", ["081040"], [], "sideways", None, ""),
    ],
)
def test_control_values_give_the_state_and_notices_of_the_same_url(values: tuple[object, ...]) -> None:
    params = ("from", "to", "product", "partner", "flow", "unit", "source")
    given = {k: ",".join(v) if isinstance(v, list) else v for k, v in zip(params, values, strict=True)}
    search = "?" + "&".join(f"{k}={v}" for k, v in given.items() if v not in (None, ""))
    assert controls(*values) == run(search)


def test_hostile_control_values_fall_back_with_notices() -> None:
    state, notices = controls(0, [2020], ["<b>x</b>"] * 3, ["XXX"] * 20, {"a": 1}, ["usd"], False)
    assert state == DEFAULT
    assert len(notices) == 5  # one per control but the pickers (they offer known codes only: unknown ones dropped)
    state, notices = controls(2008, 2024, ["A" * 3000], ["CHN"], "export", "usd", "preferred")
    assert state.products == DEFAULT.products and notices == []


def test_select_all_in_a_picker_keeps_the_first_codes_without_a_notice() -> None:
    every = [f"{code:06d}" for code in range(100000, 100040)]  # "select all": 40 options, 280 characters joined
    known = {"products": {*PRODUCTS, *every}, "partners": PARTNERS, "years": YEARS, "latest": LATEST}
    state, notices = state_from_controls([2008, 2024, every, ["CHN"]], **known)
    assert notices == []
    assert state.products == tuple(every[:8])
    _, url_notices = parse("?product=" + ",".join(every), **known)  # the same list typed in the address: explained
    assert url_notices


def test_the_default_view_ends_in_the_latest_year_given() -> None:
    assert DEFAULT.to_year == LATEST and DEFAULT.from_year == 2008
    state, _ = parse("", products=PRODUCTS, partners=PARTNERS, years=YEARS, latest=2021)
    assert state.to_year == 2021
    state, _ = parse("?from=2022", products=PRODUCTS, partners=PARTNERS, years=YEARS, latest=2021)
    assert (state.from_year, state.to_year) == (2008, 2021)  # the order check falls back to the new defaults
