"""The evidence faults an audit found, each fixed in the built tables (a regression test per fault)."""

from __future__ import annotations

import pandas as pd
import pytest


def _one(obs: pd.DataFrame, obs_id: str) -> pd.Series:
    return obs.set_index("obs_id").loc[obs_id]


def test_the_2005_china_side_rows_are_the_corrected_values(committed_data) -> None:
    obs = committed_data.observations
    y2005 = obs[(obs["dataset"] == "china_side_by_year") & (obs["year"] == 2005) & (obs["measure"] == "value")]
    assert sorted(y2005["value"].round(3)) == [610.0, 2277.0, 2887.0]  # US$ million, not 10x


def test_the_ambassadors_37_billion_is_china_side_not_perus(committed_data) -> None:
    obs = committed_data.observations
    peru = _one(obs, "figures-0018-value")
    assert peru["status"] == "rejected" and "China-side" in peru["status_reason"]
    china = obs[(obs["dataset"] == "china_side_by_year") & (obs["year"] == 2021) & (obs["value"] == 37000)]
    assert list(china["source_family"]) == ["china"] and list(china["qualifier"]) == ["more_than"]


def test_adex_value_added_imports_are_not_total_imports(committed_data) -> None:
    row = _one(committed_data.observations, "partners_by_year-0485-value")
    assert row["status"] == "rejected" and "value-added imports" in row["status_reason"]


@pytest.mark.parametrize("obs_id", ["products_by_year-0092-value", "figures-0041-value"])
def test_the_copper_share_names_its_base(committed_data, obs_id: str) -> None:
    note = _one(committed_data.observations, obs_id)["note"]
    assert "73.7 % of Peru's MINING exports to China" in note and "67.4 % of all exports to China" in note
