"""Every way bad data fails: one line naming the file, the row and the reason, and the previous tables untouched."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DataError, reference, rules, schema
from dashboard.data.__main__ import main
from dashboard.data.build import write_tables

REPO = Path(__file__).resolve().parents[1]
RAW, DATA = REPO / "data" / "raw", REPO / "data"
FILES = [t.filename for t in schema.TABLES.values()]
BACI = "baci/peru_flows_hs22_2022_2024.csv"


def snapshot(d: Path) -> dict[str, bytes]:
    return {f: (d / f).read_bytes() for f in FILES}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A data directory holding the committed tables, as a failed build or write must leave it."""
    out = tmp_path / "data"
    out.mkdir()
    for f in FILES:
        shutil.copy(DATA / f, out / f)
    return out


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.rstrip("\n")


# --------------------------------------------------------------------------- raw files


def set_cell(raw: Path, rel: str, row: int, col: str, value: str) -> None:
    """Set one cell of a raw CSV (row is the 1-based data row)."""
    p = raw / rel
    with p.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    records[row][records[0].index(col)] = value
    with p.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(records)


PBY, PRO, CHS = "evidence/partners_by_year.csv", "evidence/products_by_year.csv", "evidence/china_side_by_year.csv"
TOU, FIG = "evidence/tourists_by_year.csv", "evidence/figures.csv"
CHA, EVE = "evidence/chancay.csv", "evidence/events.csv"
REL, HIS = "curated/latam_prc_relations.csv", "curated/history.csv"

# (file, row, column, new value, expected reason); the row is also the row the message must name
CELL_CASES = [
    (PBY, 1, "year", "20x5", "cannot read year/period '20x5' / 'full year'"),
    (PBY, 1, "source_url", "", "source_url is empty for a figure that is not derived"),
    (PBY, 1, "reporter", "Japan", "unknown reporter 'Japan'"),
    (PBY, 1, "partner", "Atlantis", "unknown partner 'Atlantis'"),
    (PBY, 1, "flow", "sideways", "unknown flow 'sideways'"),
    (PBY, 1, "reporter", "China (GACC, mirror)", "reporter CHN is neither Peru nor its counterpart"),
    (PBY, 1, "rank", "seventh", "rank is not a number: 'seventh'"),
    (PRO, 1, "flow_side", "sideways", "unknown flow_side 'sideways'"),
    (PRO, 1, "hs_code", "xx", "unknown hs_code 'xx'"),
    (PRO, 1, "source_kind", "GUESS", "unknown source kind 'GUESS'"),
    (CHS, 1, "reporter", "Japan (MOF)", "unknown reporter 'Japan (MOF)'"),
    (CHS, 1, "partner", "Chile", "partner must be Peru, found 'Chile'"),
    (CHS, 1, "flow", "balance", "unknown flow 'balance'"),
    (CHS, 1, "unit", "USD zillion", "unknown unit 'USD zillion'"),
    (TOU, 1, "unit", "tonnes", "unknown unit 'tonnes'"),
    (FIG, 1, "derived", "maybe", "derived must be yes or no, found 'maybe'"),
    (FIG, 1, "source_kind", "", "unknown source kind ''"),
    (FIG, 1, "unit", "USD zillion", "unknown unit 'USD zillion'"),
    (FIG, 1, "value", "", "value is empty"),
    (FIG, 1, "topic", "E", "unknown topic 'E'"),
    (FIG, 1, "metric", "Peru exports to Mars", "unknown metric 'Peru exports to Mars'"),
    (FIG, 1, "unit", "tonnes", "unit 'tonnes' does not fit measure value"),
    (FIG, 1, "period", "sometime", "cannot read period 'sometime'"),
    (FIG, 64, "metric", "Chancay cranes", "unknown Chancay metric 'Chancay cranes'"),
    (CHA, 1, "qualifier", "roughly", "unknown qualifier 'roughly'"),
    (CHA, 1, "value", "", "value is empty"),
    (EVE, 1, "precision", "week", "unknown precision 'week'"),
    (EVE, 1, "date", "1960-9-28", "date '1960-9-28' does not match precision day"),
    (REL, 1, "date", "1960-09", "date '1960-09' does not match precision day"),
    (REL, 2, "country_iso3", "XKX", "unknown country 'XKX' (not in data/reference/partners.csv)"),
    (REL, 3, "source_kind", "BLOG", "unknown source kind 'BLOG'"),
    (HIS, 1, "value", "many", "value is not a number: 'many'"),
    (HIS, 2, "value", "100000-90000", "value range '100000-90000' runs backwards"),
    (BACI, 1, "importer", "CHL", "flow does not involve Peru (PER)"),
    (BACI, 1, "exporter", "US", "bad ISO3 code 'US'"),
    (BACI, 1, "hs4", "27x0", "bad hs4 '27x0'"),
    (BACI, 1, "year", "22", "year is not a year: '22'"),
]


def _replace_file(rel: str, data: bytes) -> Callable[[Path], tuple[str, int | None]]:
    def corrupt(raw: Path) -> tuple[str, int | None]:
        (raw / rel).write_bytes(data)
        return rel, None

    return corrupt


def _ragged(raw: Path) -> tuple[str, int | None]:
    p = raw / TOU
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    p.write_text("".join(lines), encoding="utf-8")
    return TOU, 2


def _missing(raw: Path) -> tuple[str, int | None]:
    (raw / EVE).unlink()
    return EVE, None


# whole-file failures of the raw reader: (corrupt, expected reason)
FILE_CASES = [
    (_missing, "cannot read: No such file or directory"),
    (_replace_file(TOU, b""), "empty file"),
    (_ragged, "expected 7 fields, found 8"),
]


def _fails_once(raw: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Build raw into out through the CLI: exit 1, one line on stderr (returned), out untouched."""
    before = snapshot(out)
    capsys.readouterr()
    assert main(["build", "--raw", str(raw), "--data-dir", str(out)]) == 1
    line = one_line(capsys)
    assert snapshot(out) == before
    assert not list(out.glob(".build-*"))
    return line


@pytest.mark.parametrize(("rel", "row", "col", "value", "reason"), CELL_CASES, ids=lambda v: str(v)[:24])
def test_bad_raw_cell(rel: str, row: int, col: str, value: str, reason: str, tmp_path: Path, previous: Path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    set_cell(raw, rel, row, col, value)
    assert _fails_once(raw, previous, capsys) == f"error: {raw / rel} row {row}: {reason}"


@pytest.mark.parametrize(("corrupt", "reason"), FILE_CASES, ids=[r for _, r in FILE_CASES])
def test_bad_raw_file(corrupt, reason: str, tmp_path: Path, previous: Path, capsys) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    rel, row = corrupt(raw)
    where = f"{raw / rel}" + (f" row {row}" if row else "")
    assert _fails_once(raw, previous, capsys) == f"error: {where}: {reason}"


# --------------------------------------------------------------------------- reference tables


@pytest.fixture
def ref_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of data/reference/ that the rules read instead of the real one (caches cleared around the test)."""
    d = tmp_path / "reference"
    shutil.copytree(reference.REFERENCE_DIR, d)
    caches = [f for f in vars(rules).values() if hasattr(f, "cache_clear")]

    def clear() -> None:
        for f in caches:
            f.cache_clear()

    monkeypatch.setattr(reference, "REFERENCE_DIR", d)
    clear()
    yield d
    monkeypatch.undo()
    clear()


def _edit_ref(d: Path, name: str, old: str, new: str) -> None:
    p = d / f"{name}.csv"
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


# (file, old text, new text, row, expected reason)
REFERENCE_CASES = [
    (
        "units",
        "raw_name,unit,factor,measure",
        "raw_name,unit,factor",
        None,
        "header 'raw_name,unit,factor' differs from 'raw_name,unit,factor,measure'",
    ),
    ("units", "USD bn,USD million,1000,", "USD bn,USD million,1000,,", 3, "expected 4 fields, found 5"),
    ("units", "USD bn,USD million,1000,", "USD bn,USD million,,", 3, "factor is empty"),
    ("units", "USD bn,USD million,1000,", "USD bn,USD million,1e3,", 3, "factor '1e3' does not match \\d+(\\.\\d+)?"),
    (
        "kind_keywords",
        "ASSOC,association",
        "GUESS,association",
        2,
        "kind 'GUESS' not in ['OFF', 'BACI', 'ASSOC', 'FACTBOOK', 'CO', 'ACAD', 'NEWS', 'REF', 'DERIVED']",
    ),
    ("reporters", "Peru,PER,peru", "Peru,Peru,peru", 1, "iso3 'Peru' does not match [A-Z]{3}"),
    ("partners", "JPN,Japan,Japan", "JPN,Japan,China", 7, "duplicate raw_name 'China': same as row 3"),
    (
        "event_keywords",
        "chancay,chancay",
        "port,chancay",
        3,
        "category 'port' not in ['diplomatic_relations', 'partnership', 'fta', 'fta_upgrade', 'bri', 'chancay', "
        "'fraternity_day', 'protocol', 'relations_resumed', 'partnership_disputed', 'immigration_first', "
        "'immigration_total', 'immigration', 'other']",
    ),
    (
        "bad_figures",
        "partners_by_year,2020",
        "partner_by_year,2020",
        1,
        "dataset 'partner_by_year' not in ['partners_by_year', 'products_by_year', 'figures', 'china_side_by_year', "
        "'tourists_by_year', 'alpaca_by_year', 'chancay', 'events']",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "row", "reason"), REFERENCE_CASES, ids=lambda v: str(v)[:24])
def test_bad_reference_table(name, old, new, row, reason, ref_copy: Path, previous: Path, capsys) -> None:
    _edit_ref(ref_copy, name, old, new)
    where = f"{ref_copy / name}.csv" + (f" row {row}" if row else "")
    assert _fails_once(RAW, previous, capsys) == f"error: {where}: {reason}"


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
def test_missing_or_undecodable_reference_table(ref_copy: Path, previous: Path, capsys) -> None:
    (ref_copy / "publishers.csv").write_bytes(b"match,publisher\ngestion.pe,Gesti\xf3n\n")
    assert _fails_once(RAW, previous, capsys) == f"error: {ref_copy / 'publishers.csv'}: not valid UTF-8"
    (ref_copy / "publishers.csv").unlink()
    reference._read.cache_clear()
    assert _fails_once(RAW, previous, capsys) == (
        f"error: {ref_copy / 'publishers.csv'}: cannot read: No such file or directory"
    )


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
def test_alias_to_unknown_product(ref_copy: Path, previous: Path, capsys) -> None:
    _edit_ref(ref_copy, "product_aliases", "all,TOTAL", "all,BOGUS")
    assert _fails_once(RAW, previous, capsys) == (
        f"error: {RAW}: product code 'BOGUS' is neither an HS code nor a known group"
    )


def test_reference_read_once(ref_copy: Path) -> None:
    first = rules.units()
    (ref_copy / "units.csv").unlink()
    assert rules.units() is first and rules.units()["USD bn"].factor == 1000


# --------------------------------------------------------------------------- tidy tables (schema.py)


@pytest.fixture(scope="module")
def committed(committed_data) -> dict[str, pd.DataFrame]:
    """The committed tables without the trade databases' rows (the ledger's rows hold every case; validating the
    whole 6,800-row table in each case would triple this file's time)."""
    tables = {name: getattr(committed_data, name) for name in schema.TABLES}
    obs = tables["observations"]
    tables["observations"] = obs[~obs["dataset"].str.startswith(("wits", "wto"))].reset_index(drop=True)
    return tables


def _row(mask: pd.Series) -> int:
    """1-based row of the first True."""
    return int(mask.to_numpy().argmax()) + 1


def _set(df: pd.DataFrame, row: int, col: str, value: object) -> None:
    if isinstance(value, str) and df[col].dtype != object:
        df[col] = df[col].astype(object)
    df.loc[df.index[row - 1], col] = value


def two_preferred(t: dict[str, pd.DataFrame]) -> tuple[str, int, str]:
    o = t["observations"]
    alt = _row(o["status"] == "alternative")
    _set(o, alt, "status", "preferred")
    _set(o, alt, "status_reason", "")
    key = o.iloc[alt - 1][list(schema.SERIES_KEY)]
    first = _row((o[list(schema.SERIES_KEY)] == key).all(axis=1))
    obs_id = o["obs_id"].iloc[first - 1]
    return "observations", first, f"series of {obs_id} has 2 preferred observations (exactly one required)"


def duplicate_pk(t: dict[str, pd.DataFrame]) -> tuple[str, int, str]:
    o = t["observations"]
    _set(o, 2, "obs_id", o["obs_id"].iloc[0])
    return "observations", 2, f"duplicate obs_id {o['obs_id'].iloc[0]!r}"


def first_where(table: str, column: str, value: object, col: str, new: object, reason: str):
    """A mutation: set `col` to `new` on the first row whose `column` equals `value`."""

    def mutate(t: dict[str, pd.DataFrame]) -> tuple[str, int, str]:
        row = _row(t[table][column] == value)
        _set(t[table], row, col, new)
        return table, row, reason

    mutate.__name__ = f"{table}.{col}={new!r}"
    return mutate


def _at(table: str, row: int, col: str, new: object, reason: str):
    def mutate(t: dict[str, pd.DataFrame]) -> tuple[str, int, str]:
        _set(t[table], row, col, new)
        return table, row, reason

    mutate.__name__ = f"{table}.{col}={new!r}"
    return mutate


FLOWS = list(rules.FLOWS)
FRAME_CASES = [
    _at("observations", 1, "unit", "", "unit is empty"),
    _at("observations", 3, "flow", "sideways", f"flow 'sideways' not in {FLOWS}"),
    _at("observations", 2, "year", 1900, "year 1900.0 below 1950"),
    _at("observations", 2, "months", 13, "months 13.0 above 12"),
    _at("observations", 4, "value", float("inf"), "value is not finite"),
    _at("observations", 5, "source_id", "src-nothere", "source_id 'src-nothere' not found in sources.csv"),
    _at("sources", 1, "n_observations", -1, "n_observations -1.0 below 0"),
    _at("events", 1, "category", "party", f"category 'party' not in {list(rules.EVENT_CATEGORIES)}"),
    _at("chancay", 1, "duplicate_of", "chancay-99", "duplicate_of 'chancay-99' not found in chancay.csv"),
    _at("products", 2, "parent", "NOPE", "parent 'NOPE' not found in products.csv"),
    duplicate_pk,
    first_where("observations", "measure", "value", "unit", "tonnes", "unit 'tonnes' not allowed for measure value"),
    first_where("observations", "measure", "share", "value", 140.0, "share outside 0..100"),
    first_where("observations", "measure", "rank", "value", 0.0, "rank below 1"),
    first_where(
        "observations", "status", "alternative", "status_reason", "", "alternative or rejected without status_reason"
    ),
    first_where("observations", "kind", "DERIVED", "derived", False, "kind DERIVED but derived is false"),
    two_preferred,
]


@pytest.mark.parametrize("mutate", FRAME_CASES, ids=lambda f: f.__name__)
def test_invalid_table_is_not_written(mutate, committed, previous: Path) -> None:
    tables = {name: df.copy() for name, df in committed.items()}
    name, row, reason = mutate(tables)
    before = snapshot(previous)
    with pytest.raises(DataError) as err:
        write_tables(tables, previous)
    assert str(err.value) == f"error: {previous / schema.TABLES[name].filename} row {row}: {reason}"
    assert snapshot(previous) == before
    assert not list(previous.glob(".build-*"))


def edit_csv(path: Path, row: int, col: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    records[row][records[0].index(col)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(records)


def _text_edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        p = d / name
        text = p.read_text(encoding="utf-8")
        assert old in text
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _bad_byte(d: Path) -> None:
    p = d / "observations.csv"
    lines = p.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",\xe9", 1)
    p.write_bytes(b"\n".join(lines))


def _swap_rows(d: Path) -> None:
    p = d / "partners.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]
    p.write_text("".join(lines), encoding="utf-8")


OBS_COLS = ",".join(schema.OBSERVATIONS.names)
# (edit of a copy of the committed tables, file, row, reason)
FILE_TABLE_CASES = [
    (
        lambda d: edit_csv(d / "observations.csv", 1, "raw_row", "x"),
        "observations.csv",
        1,
        "raw_row is not a number: 'x'",
    ),
    (
        lambda d: edit_csv(d / "observations.csv", 2, "raw_row", "1.5"),
        "observations.csv",
        2,
        "raw_row is not an integer: '1.5'",
    ),
    (
        lambda d: edit_csv(d / "observations.csv", 3, "derived", "yes"),
        "observations.csv",
        3,
        "derived is not true/false: 'yes'",
    ),
    (lambda d: edit_csv(d / "chancay.csv", 1, "value", "lots"), "chancay.csv", 1, "value is not a number: 'lots'"),
    (_bad_byte, "observations.csv", 3, "not valid UTF-8"),
    (
        _text_edit("events.csv", ",note\n", ",notes\n"),
        "events.csv",
        None,
        f"missing column(s) note; expected {','.join(schema.EVENTS.names)}",
    ),
    (
        _text_edit("partners.csv", "code,name", "name,code"),
        "partners.csv",
        None,
        "columns not in schema order; expected code,name",
    ),
    (lambda d: (d / "sources.csv").unlink(), "sources.csv", None, "file not found"),
    (
        lambda d: (d / "partners.csv").write_text(""),
        "partners.csv",
        None,
        "not a readable CSV table: No columns to parse from file",
    ),
    (_swap_rows, "partners.csv", None, "rows not sorted by code"),
]


@pytest.mark.parametrize(("edit", "name", "row", "reason"), FILE_TABLE_CASES, ids=[c[3][:30] for c in FILE_TABLE_CASES])
def test_check_names_bad_cell(edit, name: str, row: int | None, reason: str, previous: Path, capsys) -> None:
    edit(previous)
    capsys.readouterr()
    assert main(["check", "--data-dir", str(previous)]) == 1
    where = f"{previous / name}" + (f" row {row}" if row else "")
    assert one_line(capsys) == f"error: {where}: {reason}"


def test_validate_rejects_a_frame_with_other_columns(committed) -> None:
    tables = dict(committed, partners=committed["partners"][["code"]])
    paths = {name: name for name in schema.TABLES}
    with pytest.raises(DataError, match=r"^error: partners: columns \['code'\] differ from schema \['code', 'name'\]$"):
        schema.validate(tables, paths)
