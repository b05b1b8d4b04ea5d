"""BACI import on tiny generated releases (directory and zip), then picked up by build."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DataError
from dashboard.data.__main__ import main
from dashboard.data.baci import import_baci
from dashboard.data.build import build_tables

REPO = Path(__file__).resolve().parents[1]
REL = "V202601"
COUNTRIES = "country_code,country_name,country_iso2,country_iso3\n604,Peru,PE,PER\n156,China,CN,CHN\n842,USA,US,USA\n"
PRODUCTS = 'code,description\n260300,"Copper ores and concentrates"\n740311,"Copper cathodes"\n081040,"Blueberries"\n'
YEARS = {
    2023: "t,i,j,k,v,q\n"
    "2023,604,156,260300, 1000.5,  200\n"
    "2023,604,156,740311,300,NA\n"
    "2023,604,842,081040,50,10\n"
    "2023,842,156,260300,70,7\n"
    "2023,156,604,740311,5,1\n",
    2024: "t,i,j,k,v,q\n2024,604,156,260300,2000,400\n2024,842,604,081040,9,NA\n",
}


def write_release(d: Path) -> Path:
    d.mkdir(parents=True)
    (d / f"country_codes_{REL}.csv").write_text(COUNTRIES, encoding="utf-8")
    (d / f"product_codes_HS22_{REL}.csv").write_text(PRODUCTS, encoding="utf-8")
    for y, text in YEARS.items():
        (d / f"BACI_HS22_Y{y}_{REL}.csv").write_text(text, encoding="utf-8")
    return d


def zip_release(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w") as z:
        for p in sorted(src.iterdir()):
            z.write(p, p.name)
    return dst


def check_output(path: Path) -> None:
    assert path.name == f"imported_{REL}.csv"
    out = pd.read_csv(path, dtype=str, keep_default_na=False)
    shipped = pd.read_csv(REPO / "data/raw/baci/peru_flows_hs22_2022_2024.csv", nrows=1)
    assert list(out.columns) == list(shipped.columns)
    rows = {(r.year, r.exporter, r.importer, r.hs4): r for r in out.itertuples()}
    assert set(rows) == {  # Peru–China only: the other partners stay in the Parquet detail beside it
        ("2023", "PER", "CHN", "2603"),
        ("2023", "PER", "CHN", "7403"),
        ("2023", "CHN", "PER", "7403"),
        ("2024", "PER", "CHN", "2603"),
    }
    detail = pd.read_parquet(path.with_name(f"imported_{REL}_detail"))
    assert len(detail) == 6  # every row with Peru on either side, the USA both ways included
    usa = detail[(detail["importer"] == "USA")]
    assert usa[["year", "exporter", "hs6", "value_usd", "tonnes"]].values.tolist() == [[2023, "PER", 81040, 50000, 10]]
    r = rows[("2023", "PER", "CHN", "2603")]
    assert r.value_usd == "1000500" and r.tonnes == "200"
    assert r.world_total_usd == "1070500"  # 1000.5 + 70 thousand USD
    assert r.commodity == "Copper ores and concentrates"
    assert rows[("2023", "PER", "CHN", "7403")].tonnes == ""


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
@pytest.mark.parametrize("as_zip", [False, True])
def test_import_baci(tmp_path: Path, as_zip: bool, capsys) -> None:
    rel = write_release(tmp_path / "baci")
    src = zip_release(rel, tmp_path / "BACI_HS22_V202601.zip") if as_zip else rel
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "data/raw", raw)
    assert main(["import-baci", str(src), "--raw", str(raw)]) == 0
    cap = capsys.readouterr()
    assert "100%" in cap.err
    dest = raw / "baci" / f"imported_{REL}.csv"
    check_output(dest)
    tables = build_tables(raw)
    obs = tables["observations"]
    imp = obs[obs["dataset"] == "baci_imported_v202601"]
    assert len(imp) == 7  # four Peru–China flows with a value, three with tonnes
    assert set(imp["peru_partner"]) == {"CHN"}


def test_import_baci_without_years(tmp_path: Path) -> None:
    d = tmp_path / "empty"
    d.mkdir()
    with pytest.raises(DataError, match="no BACI"):
        import_baci(d, tmp_path / "raw", progress=False)


@pytest.mark.slow  # builds the tables from raw (or evaluates every claim twice)
def test_an_imported_code_without_a_curated_name_is_labelled_by_its_code(tmp_path: Path) -> None:
    release = write_release(tmp_path / "rel")
    (release / f"BACI_HS22_Y2024_{REL}.csv").write_text("t,i,j,k,v,q\n2024,604,156,970190,12,1\n", encoding="utf-8")
    (release / f"product_codes_HS22_{REL}.csv").write_text("code,description\n", encoding="utf-8")
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "data/raw", raw)
    import_baci(release, raw, progress=False)
    products = build_tables(raw)["products"].set_index("code")
    assert products.loc["9701", "name"] == "HS heading 9701"  # a label, not an invented name
    assert products.loc["97", "level"] == "chapter"
