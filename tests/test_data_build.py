"""Build, check and load: bad input, atomicity, determinism, committed tables, known figures."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DataError, load
from dashboard.data.__main__ import main
from dashboard.data.build import build
from dashboard.data.query import Selection, coverage, select, series
from dashboard.data.schema import TABLES

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
FILES = [t.filename for t in TABLES.values()]


def snapshot(d: Path) -> dict[str, bytes]:
    return {f: (d / f).read_bytes() for f in FILES}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0
    return out


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


@pytest.mark.slow
def test_committed_tables_equal_fresh_build(built: Path) -> None:
    assert snapshot(built) == snapshot(REPO / "data")


@pytest.mark.slow
def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    build(RAW, tmp_path)
    assert snapshot(tmp_path) == snapshot(built)
    assert not list(tmp_path.glob(".build-*"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    """1-based data row of the first line containing needle."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if needle in line:
            return i
    raise AssertionError(needle)


def corrupt_non_numeric(raw: Path) -> tuple[str, int]:
    p = raw / "evidence" / "tourists_by_year.csv"
    row = _line_of(p, "2005,5400,")
    _edit(p, "2005,5400,", "2005,54OO,")
    return "evidence/tourists_by_year.csv", row


def corrupt_missing_column(raw: Path) -> tuple[str, int | None]:
    p = raw / "evidence" / "events.csv"
    _edit(p, "date,precision,event", "date,precision,what")
    return "evidence/events.csv", None


def corrupt_unknown_kind(raw: Path) -> tuple[str, int]:
    p = raw / "evidence" / "chancay.csv"
    row = _line_of(p, "jobs_direct,1300")
    text = p.read_text(encoding="utf-8").splitlines(keepends=True)
    text[row] = text[row].replace(",CO,", ",GUESS,")
    p.write_text("".join(text), encoding="utf-8")
    return "evidence/chancay.csv", row


def corrupt_duplicate(raw: Path) -> tuple[str, int]:
    p = raw / "evidence" / "alpaca_by_year.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append(lines[1])
    p.write_text("".join(lines), encoding="utf-8")
    return "evidence/alpaca_by_year.csv", len(lines) - 1


def corrupt_bytes(raw: Path) -> tuple[str, int]:
    p = raw / "evidence" / "figures.csv"
    data = p.read_bytes().split(b"\n")
    data[3] = data[3].replace(b"ComexPeru", b"Comex\xe9Peru")
    p.write_bytes(b"\n".join(data))
    return "evidence/figures.csv", 3


@pytest.mark.parametrize(
    "corrupt", [corrupt_non_numeric, corrupt_missing_column, corrupt_unknown_kind, corrupt_duplicate, corrupt_bytes]
)
def test_bad_raw_input_fails_cleanly(corrupt, raw_copy: Path, built: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = snapshot(out)
    rel, row = corrupt(raw_copy)
    capsys.readouterr()
    with pytest.raises(DataError) as err:
        build(raw_copy, out)
    assert err.value.path == str(raw_copy / rel)
    assert err.value.row == row
    assert main(["build", "--raw", str(raw_copy), "--out", str(out)]) == 1
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert len(lines) == 1
    where = f"{raw_copy / rel}" + (f" row {row}" if row else "")
    assert lines[0].startswith(f"error: {where}: ")
    assert "Traceback" not in cap.err
    assert snapshot(out) == before
    assert not list(out.glob(".build-*"))


@pytest.mark.slow
def test_cli_subprocess_one_line(raw_copy: Path, tmp_path: Path) -> None:
    corrupt_bytes(raw_copy)
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard.data", "build", "--raw", str(raw_copy), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "figures.csv row 3: not valid UTF-8" in proc.stderr


def test_check_passes_on_committed_data(capsys) -> None:
    assert main(["check", "--data", str(REPO / "data")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "loaded in" in out


@pytest.mark.parametrize(
    ("table", "edit", "reason"),
    [
        ("observations.csv", "dup_obs_id", "duplicate obs_id"),
        ("observations.csv", "bad_source", "not found in sources.csv"),
        ("observations.csv", "bad_share", "share outside 0..100"),
    ],
)
def test_check_fails_on_corrupted_copy(built: Path, tmp_path: Path, capsys, table: str, edit: str, reason: str) -> None:
    d = tmp_path / "data"
    shutil.copytree(built, d)
    p = d / table
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    if edit == "dup_obs_id":
        first = lines[1].split(",", 1)[0]
        lines[2] = first + "," + lines[2].split(",", 1)[1]
        row = 2
    elif edit == "bad_source":
        lines[5] = lines[5].replace(",src-", ",src-nothere", 1)
        row = 5
    else:
        row = next(i for i, line in enumerate(lines) if "-share," in line.split(",", 1)[0] + ",")
        cells = lines[row].split(",")
        cells[15] = "140"
        lines[row] = ",".join(cells)
    p.write_text("".join(lines), encoding="utf-8")
    assert main(["check", "--data", str(d)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {p} row {row}: ") and reason in err


@pytest.fixture(scope="module")
def ds(built: Path):
    return load(built)


def test_known_bad_figures_rejected(ds) -> None:
    o = ds.observations
    rej = o[o["status"] == "rejected"]
    for value in (3996, 6718, 25745, 12386, 10693, 12319):
        hit = rej[rej["value"] == value]
        assert len(hit) == 1, value
        assert hit["status_reason"].iloc[0].startswith("known bad")


def test_known_conflict_total_exports_2018(ds) -> None:
    s = series(ds.observations, peru_partner="WLD", peru_flow="export", source_family="peru")
    y = s[s["year"] == 2018].set_index("value")
    # WITS (UN Comtrade as Peru reports it) gives the series 1992-2021: 48,015.15 leads the ledger in 2018
    assert y.loc[48015.15, "status"] == "preferred" and y.loc[48015.15, "dataset"] == "wits"
    wits_2018 = y.loc[48015.15, "obs_id"]
    assert y.loc[47702, "status_reason"] == (
        f"database series WITS preferred ({wits_2018}): this figure is 47,702 vs 48,015, -0.7 %"
    )
    assert y.loc[48942, "status"] == "alternative"
    # 2020: WITS says 38,757.23; the ledger's 39,310 and the later revision 41,672 are alternatives
    y20 = s[s["year"] == 2020].set_index("value")
    assert y20.loc[38757.23, "status"] == "preferred"
    assert "this figure is 41,672 vs 38,757, +7.5 %" in " | ".join(y20.loc[[41672], "status_reason"])
    imports = series(ds.observations, peru_partner="WLD", peru_flow="import", source_family="peru")
    i21 = imports[imports["year"] == 2021].set_index("value")
    assert i21.loc[51177.71, "status"] == "preferred"  # WITS, CIF
    assert i21.loc[46438, "status_reason"].startswith("database series WITS preferred")
    assert i21.loc[50843, "status"] == "alternative"
    # after the database ends (2022-2024) the preferred line continues on the ledger
    assert set(s[(s["year"] >= 2022) & (s["status"] == "preferred")]["dataset"]) <= {"partners_by_year", "figures"}


def test_mirror_series_kept_apart(ds) -> None:
    s = series(ds.observations, peru_partner="CHN", peru_flow="export")
    assert {"peru", "china"} <= set(s["source_family"])
    per_year = s[s["status"] == "preferred"].groupby(["source_family", "year", "unit"]).size()
    assert (per_year == 1).all()


def test_figures_duplicates_marked(ds) -> None:
    o = ds.observations.set_index("obs_id")
    assert o.loc["figures-0001-value", "status_reason"].startswith("duplicate of partners_by_year-")
    ch = ds.chancay.set_index("fact_id")
    assert ch.loc["figures-0064", "duplicate_of"] == "chancay-01"


def test_coverage_and_sources_helpers(ds) -> None:
    cov = coverage(ds.observations, ds.latest_year)
    assert cov.columns[-1] == ds.latest_year
    assert list(cov.columns[:2]) == ["series", 2000]
    row = cov[cov["series"].str.startswith("Peru exports to China (Peru")].iloc[0]
    assert row[2023] == "F"
    s = series(ds.observations, peru_partner="CHN", peru_flow="export")
    assert set(s["status"]) <= {"preferred", "alternative"} and set(s["peru_partner"]) == {"CHN"}
    both = select(ds.observations, peru_partner=("CHN", "USA"), measure="value", status=None)
    assert set(both["peru_partner"]) == {"CHN", "USA"} and "rejected" in set(both["status"])
    assert Selection(peru_partner="CHN", product="TOTAL").mask(ds.observations).sum() == len(
        select(ds.observations, peru_partner="CHN", product="TOTAL")
    )


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
@pytest.mark.parametrize("flag", ["--data-dir", "--data"])
def test_check_data_dir_flag_and_its_alias(flag: str, built: Path, tmp_path: Path, capsys) -> None:
    shutil.copytree(built, tmp_path / "d")
    (tmp_path / "d" / "partners.csv").unlink()
    assert main(["check", flag, str(tmp_path / "d")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'd' / 'partners.csv'}: file not found\n"
    assert main(["coverage", flag, str(built)]) == 0
    assert "summary over" in capsys.readouterr().out


@pytest.mark.parametrize(("cmd", "old"), [("check", "--data"), ("coverage", "--data"), ("build", "--out")])
def test_old_flag_spellings_are_listed_aliases(cmd: str, old: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([cmd, "--help"])
    out = capsys.readouterr().out
    assert "--data-dir " in out and f", {old} " in out


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
@pytest.mark.parametrize("flag", ["--data-dir", "--out"])
def test_build_defaults_to_the_repository_raw_dir_from_any_cwd(flag: str, built: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", flag, "out"]) == 0
    assert snapshot(tmp_path / "out") == snapshot(built)


def test_latest_year_is_the_last_full_year_of_exports_to_china(ds) -> None:
    assert ds.latest_year == 2024
    o = ds.observations
    assert dataclasses.replace(ds, observations=o[o["year"] < 2022]).latest_year == 2021


def test_default_data_dir_env(monkeypatch, built: Path) -> None:
    monkeypatch.setenv("TRADE_LENS_DATA", str(built))
    assert load().data_dir == built


@pytest.mark.parametrize("table", ["observations", "sources", "events", "chancay", "products", "partners"])
def test_records_are_to_dict_records_value_for_value(committed_data, table: str) -> None:
    from dashboard.data.query import records

    frame = getattr(committed_data, table)
    fast, slow = records(frame), frame.to_dict("records")
    assert len(fast) == len(slow) == len(frame)
    for a, b in zip(fast, slow, strict=True):
        assert a.keys() == b.keys()
        for key in a:  # the same value and type; a missing text is NaN in both, a missing integer None in both
            assert type(a[key]) is type(b[key]), (table, key, a[key], b[key])
            assert a[key] == b[key] or (a[key] != a[key] and b[key] != b[key]), (table, key)


def test_records_of_a_missing_nullable_integer_is_none() -> None:
    from dashboard.data.query import records

    frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "s": pd.array(["a", None], dtype="str")})
    assert [r["n"] for r in records(frame)] == [1, None]
    assert records(frame.iloc[:0]) == []
