"""query.select on large tables reads a per-table index: the same rows, in the same order, as the boolean mask."""

from __future__ import annotations

import gc
import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dashboard.data import query
from dashboard.data.query import Selection, indexed_positions, one_chunk, python_strings, select, table_index

VALUES = {
    "peru_partner": ["CHN", "USA", "JPN", "WLD"],
    "peru_flow": ["export", "import"],
    "product": ["TOTAL", "2603", "2601", "081040", "26"],
    "measure": ["value", "volume"],
    "source_family": ["peru", "china", "baci", "mirror"],
    "status": ["preferred", "alternative", "rejected"],
    "period_kind": ["full_year", "partial"],
    "kind": ["OFF", "DB"],
    "qualifier": ["exact", "less_than", None],  # a missing qualifier matches no code
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """A hand-made observations table: every field drawn at random, some values missing, gaps in the index."""
    rng = np.random.default_rng(3)
    n = 3_000
    columns = {
        name: pd.array(rng.choice(np.array(vals, dtype=object), n), dtype="str") for name, vals in VALUES.items()
    }
    frame = pd.DataFrame(columns | {"year": rng.integers(1995, 2025, n), "value": rng.random(n)})
    return frame.iloc[::2].set_index(pd.RangeIndex(10, 10 + 3 * (n // 2), 3))  # labels that are not positions


SELECTIONS = [
    {},  # the default: live statuses only
    {"status": None},
    {"product": "2603", "source_family": "baci", "peru_flow": "export", "measure": "value", "status": None},
    {"peru_partner": "CHN", "product": ["2603", "2601"], "status": "preferred"},
    {"peru_partner": ("CHN", "USA", "NOPE"), "period_kind": "full_year"},
    {"product": "NOPE"},  # a code the table never holds
    {"product": []},  # no code at all
    {"qualifier": "exact", "kind": ["DB"], "status": ["alternative", "preferred"]},
    {"qualifier": ["less_than", "exact"], "measure": "volume", "peru_flow": "import", "source_family": "mirror"},
]


@pytest.mark.parametrize("fields", SELECTIONS)
def test_the_index_keeps_exactly_the_rows_the_mask_keeps(table: pd.DataFrame, fields: dict) -> None:
    selection = Selection(**fields)
    by_mask = table[selection.mask(table)]
    positions = indexed_positions(table, selection)
    assert positions is not None
    pd.testing.assert_frame_equal(table.iloc[positions], by_mask)


@pytest.mark.parametrize("fields", SELECTIONS[:4])
def test_some_columns_of_a_selection_are_those_columns_of_its_rows(
    table: pd.DataFrame, fields: dict, monkeypatch
) -> None:
    columns = ["year", "product", "value"]
    expected = select(table, **fields)[columns]
    pd.testing.assert_frame_equal(select(table, columns=columns, **fields), expected)  # the mask
    monkeypatch.setattr(query, "INDEX_MIN_ROWS", 1)
    pd.testing.assert_frame_equal(select(table, columns=columns, **fields), expected)  # the index


def test_every_pair_of_conditions_agrees_with_the_mask(table: pd.DataFrame) -> None:
    for (a, va), (b, vb) in itertools.combinations(VALUES.items(), 2):
        selection = Selection(**{a: va[0], b: [v for v in vb if v is not None][:2], "status": None})
        positions = indexed_positions(table, selection)
        assert positions is not None
        assert list(table.index[positions]) == list(table.index[selection.mask(table)]), (a, b)


def test_select_reads_the_index_from_the_threshold_on(table: pd.DataFrame, monkeypatch) -> None:
    table = table.copy()  # a table no other test has indexed
    fields = {"peru_partner": "CHN", "product": ["2603", "26"], "status": None}
    small = select(table, **fields)  # below the threshold: the mask
    assert id(table) not in query._INDEXES
    monkeypatch.setattr(query, "INDEX_MIN_ROWS", len(table))
    pd.testing.assert_frame_equal(select(table, **fields), small)
    assert set(query._INDEXES[id(table)].columns) == {"peru_partner", "product"}  # built for what was tested
    assert table_index(table) is query._INDEXES[id(table)]  # once per table


def test_a_code_that_is_not_text_is_left_to_the_mask(table: pd.DataFrame) -> None:
    assert indexed_positions(table, Selection(product=[26], status=None)) is None


def test_an_index_goes_with_its_table() -> None:
    frame = pd.DataFrame({"product": pd.array(["a", "b"] * 10, dtype="str")})
    key = id(frame)
    table_index(frame).column("product")
    assert key in query._INDEXES
    del frame
    gc.collect()
    assert key not in query._INDEXES


def test_one_chunk_joins_a_columns_pieces_and_changes_nothing_else() -> None:
    pieces = pa.chunked_array([["a", "b"], ["c", None]], type=pa.large_string())
    frame = pd.DataFrame({"code": pd.array(pieces, dtype="str"), "n": [1, 2, 3, 4]}, index=[5, 6, 7, 8])
    assert frame["code"].array._pa_array.num_chunks == 2
    joined = one_chunk(frame)
    assert joined["code"].array._pa_array.num_chunks == 1
    pd.testing.assert_frame_equal(joined, frame)
    assert one_chunk(joined) is joined  # nothing to join: the same frame


def test_python_strings_keep_every_value_and_gap_and_hold_each_distinct_value_once() -> None:
    frame = pd.DataFrame({"code": pd.array(["CHN", "USA", None, "CHN"], dtype="str"), "n": [1, 2, 3, 4]},
                         index=[5, 6, 7, 8])
    assert frame["code"].dtype.storage == "pyarrow"
    frame["name"] = pd.array(["China", "United States", "x", "China"], dtype="str")
    held = python_strings(frame)
    assert held["code"].dtype == object and held["name"].dtype == object
    assert held._mgr.nblocks == 2  # the text columns in one block, taken in one call
    pd.testing.assert_frame_equal(held, frame, check_dtype=False)
    assert held["code"].isna().tolist() == [False, False, True, False]
    values = held["code"].array.to_numpy()
    assert values[0] is values[3]  # one object per distinct code: a large table's memory stays small
    assert select(held, peru_partner=None, status=None).equals(held)
    assert held.loc[held["code"] == "CHN", "n"].tolist() == [1, 4]


@pytest.mark.parametrize("fields", SELECTIONS)
def test_a_remembered_table_gives_the_rows_an_unremembered_copy_gives(table: pd.DataFrame, fields: dict) -> None:
    remembered = query.remember(table.copy())
    for _ in range(2):  # taken, then handed out again
        pd.testing.assert_frame_equal(select(remembered, **fields), select(table, **fields))
        pd.testing.assert_frame_equal(select(remembered, columns=["year", "product"], **fields),
                                      select(table, columns=["year", "product"], **fields))


def test_a_remembered_selection_is_taken_once_and_changing_it_changes_no_later_one(table, monkeypatch) -> None:
    remembered = query.remember(table.copy())
    taken = []
    take = Selection._take
    monkeypatch.setattr(Selection, "_take", lambda self, obs, columns: taken.append(1) or take(self, obs, columns))
    first = select(remembered, product="2603")
    first["value"] = -1.0  # a caller writing into its rows
    first["extra"] = 1
    again = select(remembered, product="2603")
    assert len(taken) == 1
    assert "extra" not in again and (again["value"] >= 0).all()
    assert "extra" not in remembered and (remembered["value"] >= 0).all()
    select(remembered, product="2603", columns=["year"])  # other columns: another selection
    assert len(taken) == 2


def test_a_remembered_tables_selections_are_bounded_and_go_with_it(monkeypatch) -> None:
    monkeypatch.setattr(query, "MEMO_ENTRIES", 5)
    frame = query.remember(pd.DataFrame({"product": pd.array([f"p{i % 40}" for i in range(400)], dtype="str")}))
    for i in range(12):
        select(frame, product=f"p{i}", status=None)
    memo = query._MEMOS[id(frame)]
    assert len(memo.found) == 5 and memo.found.weight == 5 * 10  # the five used last, ten rows each
    everything = [select(frame, status=None, product=[f"p{j}" for j in range(k)]) for k in range(30, 40)]
    assert memo.found.weight <= query.MEMO_ROWS * len(frame)  # rows held stay within twice the table's
    assert len(everything[-1]) == 390
    key = id(frame)
    del frame, memo, everything
    gc.collect()
    assert key not in query._MEMOS
