"""The README's performance table is the one bench/report.py writes from the committed bench/results.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from bench import report

RESULTS = json.loads(report.RESULTS.read_text())


def test_the_readme_table_is_written_from_the_committed_results() -> None:
    text = report.README.read_text(encoding="utf-8")
    table = text.split(report.START, 1)[1].split(report.END, 1)[0].strip()
    assert table == report.markdown(RESULTS)  # after `make bench`, commit README.md with bench/results.json


def test_a_figure_is_met_or_missed_by_its_own_value() -> None:
    results = copy.deepcopy(RESULTS)
    results["filter_change_response_bytes"] |= {"max": 50_000, "median": 20_000}
    row = next(r for r in report.rows(results) if r[0].startswith("explorer filter-change response"))
    assert row[1:] == ("50,000 B (20,000 B)", "≤ 50,000 B", True)
    results["filter_change_response_bytes"]["max"] = 50_001
    assert next(r for r in report.rows(results) if r[0] == row[0])[3] is False


def test_a_section_not_run_yet_is_left_out() -> None:
    results = {k: v for k, v in RESULTS.items() if k != "cold_start"}
    figures = [r[0] for r in report.rows(results)]
    assert not [f for f in figures if f.startswith("cold start")]
    assert any(f.startswith("first load") for f in figures)


def test_the_table_is_rewritten_between_its_markers_only(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n{report.START}\nold table\n{report.END}\nafter\n", encoding="utf-8")
    assert report.update_readme(RESULTS, readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nbefore\n") and text.endswith(f"{report.END}\nafter\n")
    assert "old table" not in text and report.markdown(RESULTS) in text
    assert not report.update_readme(RESULTS, readme)  # a second run changes nothing
    readme.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="markers"):
        report.update_readme(RESULTS, readme)
