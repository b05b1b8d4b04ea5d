"""The database readers on hand-made raw files (WITS top-5 model, WTO IDB units) and the preferred-series rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DataError
from dashboard.data.build import wits, wto_hs2
from dashboard.data.build.builder import Builder
from dashboard.data.build.database import databases
from dashboard.data.raw import read_raw
from tests.test_data_rules import obs as rules_obs
from tests.test_data_rules import ranked

HEADER = "Reporter,Partner,Product categories,Indicator Type,Indicator,2021,2020,2019\n"
EXPORTS = "Trade (US$ Mil)-Top 5 Export Partner"


def wits_file(tmp_path: Path, rows: list[str]) -> Builder:
    p = tmp_path / "wits.csv"
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    b = Builder()
    wits.read(b, read_raw(p, "wits", layout="wits"), databases()["wits"])
    return b


def partner_row(name: str, v21: str, v20: str, v19: str) -> str:
    return f"Peru,{name},All Products,Export,{EXPORTS},{v21},{v20},{v19}\n"


# 2021 and 2019: a list of five; 2020: only five listed too, Italy in, Korea out; 2019 has Korea but not Italy.
TOP5_ROWS = [
    partner_row("China", "  17994.76", "10963.06", "13545.99"),
    partner_row("United States", "7192.89", "6241.00", "7000.00"),
    partner_row('"Korea, Rep."', "2799.18", "", "1500.00"),
    partner_row("Japan", "2780.24", "1300.00", "1600.00"),
    partner_row("Canada", "2740.34", "2400.00", "2000.00"),
    partner_row("Italy", "", "1000.00", ""),
]


def by_id(b: Builder) -> dict[str, dict[str, object]]:
    return {str(o["obs_id"]): o for o in b.obs}


def test_top5_ranks_and_bounds(tmp_path: Path) -> None:
    obs = by_id(wits_file(tmp_path, TOP5_ROWS))
    # ranks from the values of each year, the quoted name with a comma mapped to KOR
    assert obs["wits-0003-2021-rank"]["value"] == 3 and obs["wits-0003-2021-rank"]["peru_partner"] == "KOR"
    assert obs["wits-0004-2021-rank"]["value"] == 4 and obs["wits-0005-2021-rank"]["value"] == 5
    assert obs["wits-0006-2020-rank"]["value"] == 5  # Italy 1,000 is the 5th of 2020
    assert obs["wits-0001-2021-value"]["value"] == 17994.76
    # Korea is absent in 2020: rank more than 5, value below the 5th (Italy's 1,000), never zero
    k20v, k20r = obs["wits-0003-2020-value"], obs["wits-0003-2020-rank"]
    assert (k20v["value"], k20v["qualifier"]) == (1000.0, "less_than")
    assert (k20r["value"], k20r["qualifier"]) == (5.0, "more_than")
    assert "Italy" in str(k20v["note"])
    # Italy is absent in 2021 and 2019: bounded by each year's 5th value
    assert (obs["wits-0006-2021-value"]["value"], obs["wits-0006-2019-value"]["value"]) == (2740.34, 1500.0)
    assert not any(o["value"] == 0 for o in obs.values())


def test_a_year_with_fewer_than_five_bounds_nobody(tmp_path: Path) -> None:
    obs = by_id(wits_file(tmp_path, [*TOP5_ROWS[:2], partner_row("Japan", "", "5.00", "")]))
    assert "wits-0003-2021-value" not in obs and "wits-0003-2021-rank" not in obs


def test_world_totals_groups_and_skipped_categories(tmp_path: Path) -> None:
    b = wits_file(
        tmp_path,
        [
            "Peru,World,All Products,Export,Exports (in US$ Mil),56260.12,38757.23,\n",
            "Peru,World,Metals,Export,Export(US$ Mil),5239.46,,\n",
            "Peru,World,Capital goods,Import,Import(US$ Mil),13998.27,,\n",
            "Peru,World,All Products,Tariff,Simple Average (%),1.08,,\n",
        ],
    )
    obs = by_id(b)
    assert obs["wits-0001-2020-value"]["value"] == 38757.23 and obs["wits-0001-2020-value"]["peru_partner"] == "WLD"
    assert obs["wits-0002-2021-value"]["product"] == "WITS_METALS"
    assert sorted(obs) == ["wits-0001-2020-value", "wits-0001-2021-value", "wits-0002-2021-value"]
    assert b.skipped["wits"] == 2


def test_unknown_partner_fails_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"row 1: unknown partner 'Atlantis'"):
        wits_file(tmp_path, [partner_row("Atlantis", "1", "1", "1")])


def test_wto_chapter_values_are_exact_usd_millions(tmp_path: Path) -> None:
    p = tmp_path / "hs2.csv"
    p.write_text(
        "Year,ReportingEconomyCode,ReportingEconomy,PartnerEconomyCode,PartnerEconomy,hs2,hs2_desc,value_usd\n"
        '2010,156,China,604,Peru,26,"Ores, slag and ash",6130000001.0\n',
        encoding="utf-8",
    )
    b = Builder()
    wto_hs2.read_china_imports(b, read_raw(p, "wto_china_imports", layout="wto_hs2"), databases()["wto_china_imports"])
    (o,) = b.obs
    assert (o["reporter"], o["source_family"], o["flow"], o["peru_flow"]) == ("CHN", "china", "import", "export")
    assert (o["product"], o["value"], o["unit"]) == ("26", 6130.000001, "USD million")
    assert b.product_names["26"] == "Ores, slag and ash"


def obs(**kw: object) -> dict[str, object]:
    return rules_obs(**{"dataset": "partners_by_year", "year": 2017, "value": 11460.0, **kw})


def test_database_series_beats_the_ledger_and_shows_the_difference() -> None:
    got = ranked(obs(obs_id="a-ledger"), obs(obs_id="wits-0012-value", dataset="wits", value=11626.23, kind="OFF"))
    assert got["wits-0012-value"] == ("preferred", "")
    assert got["a-ledger"] == (
        "alternative",
        "database series WITS preferred (wits-0012-value): this figure is 11,460 vs 11,626, -1.4 %",
    )


def test_a_bound_never_beats_an_exact_figure() -> None:
    bound = obs(obs_id="wits-0003-value", dataset="wits", qualifier="less_than", value=1000.0)
    got = ranked(bound, obs(obs_id="z-news", kind="NEWS", value=900.0))
    assert got["z-news"] == ("preferred", "")
    assert got["wits-0003-value"] == ("alternative", "less_than bound; figure z-news preferred")
    # alone, the bound is the series' figure for that year (a gap would hide that the partner was below the 5th)
    assert ranked(bound)["wits-0003-value"][0] == "preferred"


def test_other_families_keep_their_own_preferred() -> None:
    got = ranked(obs(obs_id="a", source_family="china", reporter="CHN"), obs(obs_id="wits-1", dataset="wits"))
    assert got["a"][0] == got["wits-1"][0] == "preferred"


def test_a_year_with_only_a_top5_bound_is_coded_b_not_f() -> None:
    from dashboard.data.query import year_code

    def row(qualifier: str, status: str = "preferred", period_kind: str = "full_year", derived: bool = False) -> dict:
        return {"status": status, "period_kind": period_kind, "derived": derived, "qualifier": qualifier}

    assert year_code(pd.DataFrame([row("less_than"), row("more_than")])) == "B"  # below the 5th value: no level
    assert year_code(pd.DataFrame([row("less_than"), row("exact", "alternative")])) == "P"  # a level, not preferred
    assert year_code(pd.DataFrame([row("exact"), row("less_than", "alternative")])) == "F"
    assert year_code(pd.DataFrame([row("exact", derived=True)])) == "D"
    assert year_code(pd.DataFrame([row("exact", "rejected")])) == "."
