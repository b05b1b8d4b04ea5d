"""BACI at scale, on small synthetic releases: streamed import, HS4 aggregates, the Parquet detail and its query,
bad releases refused with one line, and import memory that does not grow with the release."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from bench.scale import write_release
from dashboard.data.__main__ import main
from dashboard.data.baci import import_baci
from dashboard.data.detail import DETAIL_DIR, open_releases, publish

REPO = Path(__file__).resolve().parents[1]
REL = "V209901"
PERU, CHINA = "PER", "CHN"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A 30,000-row synthetic release over 2020-2022, imported and published: (release, raw, data dir)."""
    base = tmp_path_factory.mktemp("scale")
    release = write_release(base / "release", 30_000, years=range(2020, 2023))
    raw = base / "raw"
    import_baci(release, raw, progress=False)
    publish(raw / "baci", base / "data")
    return release, raw, base / "data"


def everything(release: Path) -> pd.DataFrame:
    """The whole release in one pandas frame, with ISO3 codes (the reference the streamed import must equal)."""
    countries = pd.read_csv(release / f"country_codes_{REL}.csv", dtype={"country_iso3": str})
    iso = dict(zip(countries["country_code"], countries["country_iso3"], strict=True))
    frames = [pd.read_csv(p, dtype={"k": str}) for p in sorted(release.glob("BACI_*.csv"))]
    rows = pd.concat(frames, ignore_index=True)
    return rows.assign(exporter=rows["i"].map(iso), importer=rows["j"].map(iso), hs4=rows["k"].str[:4])


def test_hs4_aggregates_equal_pandas_on_the_whole_release(synthetic: tuple[Path, Path, Path]) -> None:
    release, raw, _ = synthetic
    rows = everything(release)
    pair = ((rows["exporter"] == PERU) & (rows["importer"] == CHINA)) | (
        (rows["exporter"] == CHINA) & (rows["importer"] == PERU)
    )
    expected = rows[pair].groupby(["t", "exporter", "importer", "hs4"])[["v", "q"]].sum(min_count=1)
    world = rows.groupby(["t", "hs4"])["v"].sum()
    pairs = rows.drop_duplicates(["t", "hs4", "i", "j"]).groupby(["t", "hs4"]).size()
    got = pd.read_csv(raw / "baci" / f"imported_{REL}.csv", dtype={"hs4": str}, keep_default_na=False)
    got = got.set_index(["year", "exporter", "importer", "hs4"]).sort_index()
    assert len(got) == len(expected) > 100
    assert list(got.index) == list(expected.index)
    assert (got["value_usd"].to_numpy() == (expected["v"] * 1000).round().astype("int64").to_numpy()).all()
    tonnes = pd.to_numeric(got["tonnes"].replace("", None))
    assert tonnes.round(3).equals(expected["q"].round(3).rename("tonnes").set_axis(tonnes.index))
    keys = list(zip(got.index.get_level_values("year"), got.index.get_level_values("hs4"), strict=True))
    assert list(got["world_total_usd"]) == [round(world[k] * 1000) for k in keys]
    assert list(got["pairs"]) == [pairs[k] for k in keys]


def test_detail_holds_every_row_of_peru_and_equals_pandas(synthetic: tuple[Path, Path, Path]) -> None:
    release, _, data = synthetic
    rows = everything(release)
    peru = rows[(rows["exporter"] == PERU) | (rows["importer"] == PERU)]
    (rel,) = open_releases(data)
    assert rel.release == REL and rel.rows == len(peru) and rel.years == (2020, 2021, 2022)
    table = rel.dataset.to_table().to_pandas()
    assert len(table) == len(peru)
    assert table["value_usd"].sum() == pytest.approx(peru["v"].sum() * 1000, rel=1e-12)
    assert sorted(table["hs6"]) == sorted(peru["k"].astype(int))


@pytest.mark.parametrize(
    ("product", "partner", "years"),
    [
        ("2603", None, None),
        ("26", None, None),
        ("HS6", "CHN", None),
        ("HS4", None, (2021, 2021)),
        ("HS4", "CHN", (2020, 2021)),
    ],
)
def test_detail_query_by_product_partner_and_year(
    synthetic: tuple[Path, Path, Path], product: str, partner: str | None, years: tuple[int, int] | None
) -> None:
    release, _, data = synthetic
    rows = everything(release)
    peru = rows[(rows["exporter"] == PERU) | (rows["importer"] == PERU)]
    common = peru["k"].value_counts().index[0]
    code = {"HS6": common, "HS4": common[:4]}.get(product, product)
    want = peru[peru["k"].str.startswith(code)]
    if partner:
        want = want[(want["exporter"] == partner) | (want["importer"] == partner)]
    if years:
        want = want[want["t"].between(*years)]
    want = want.groupby(["t", "exporter", "importer"], as_index=False)[["v", "q"]].sum(min_count=1)
    (rel,) = open_releases(data)
    got = rel.query(code, partner=partner, years=years)
    assert len(got) == len(want) and (product in ("2603", "26") or len(got) > 0)
    assert list(got["year"]) == list(want["t"])
    assert list(got["importer"]) == list(want["importer"])
    assert got["value_usd"].to_numpy() == pytest.approx((want["v"] * 1000).to_numpy())
    assert got["tonnes"].isna().tolist() == want["q"].isna().tolist()


def small_release(d: Path, year_text: str) -> Path:
    d.mkdir(parents=True)
    (d / f"country_codes_{REL}.csv").write_text(
        "country_code,country_name,country_iso2,country_iso3\n604,Peru,PE,PER\n156,China,CN,CHN\n", encoding="utf-8"
    )
    (d / f"BACI_HS22_Y2023_{REL}.csv").write_text("t,i,j,k,v,q\n2023,604,156,260300,5,1\n", encoding="utf-8")
    (d / f"BACI_HS22_Y2024_{REL}.csv").write_text(year_text, encoding="utf-8")
    return d


GOOD = "t,i,j,k,v,q\n" + "2024,604,156,260300,1000.5,200\n" * 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD + "2024,604,15", "BACI_HS22_Y2024_V209901.csv row 4: Expected 6 columns, got 3"),
        (GOOD + "2024,604,156,260300,12x,4\n", "BACI_HS22_Y2024_V209901.csv row 4: column v: '12x' is not a number"),
        (GOOD + "2024,604,,260300,12,4\n", "BACI_HS22_Y2024_V209901.csv row 4: column j is empty"),
        ("t,i,j,k,v\n2024,604,156,260300,1\n", "BACI_HS22_Y2024_V209901.csv: missing column(s): q"),
    ],
)
def test_a_bad_yearly_file_fails_with_one_line_naming_file_row_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    release = small_release(tmp_path / "rel", text)
    raw = tmp_path / "raw"
    assert main(["import-baci", str(release), "--raw", str(raw), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and expected in err, err
    assert not list((raw / "baci").iterdir())  # nothing half-written is left behind


def test_a_truncated_or_corrupt_zip_fails_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    release = small_release(tmp_path / "rel", GOOD * 2_000)
    whole = tmp_path / "BACI_HS22_V209901.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(release.iterdir()):
            z.write(p, p.name)
    data = whole.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    assert main(["import-baci", str(cut), "--raw", str(tmp_path / "raw"), "--quiet"]) == 1
    assert capsys.readouterr().err == f"error: {cut}: not a zip file or a directory\n"
    member = data.index(b"BACI_HS22_Y2024") + 200  # inside the compressed member, past its local header
    bad = tmp_path / "bad.zip"
    bad.write_bytes(data[:member] + bytes(b ^ 0xFF for b in data[member : member + 64]) + data[member + 64 :])
    assert main(["import-baci", str(bad), "--raw", str(tmp_path / "raw"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"error: {bad}/BACI_HS22_Y2024_V209901.csv" in err, err


@pytest.mark.slow  # imports 1e5 and 1e6 rows in subprocesses (about 20 s)
def test_import_memory_does_not_grow_with_the_release(tmp_path: Path) -> None:
    peaks = {}
    for rows in (100_000, 1_000_000):
        release = write_release(tmp_path / f"r{rows}", rows)
        code = (
            "import resource, sys; from dashboard.data.baci import import_baci; "
            "import_baci(sys.argv[1], sys.argv[2], progress=False); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(release), str(tmp_path / f"raw{rows}")],
            capture_output=True, text=True, check=True, cwd=REPO,
        )
        peaks[rows] = int(out.stdout.split()[-1])
    assert peaks[1_000_000] < 450, peaks  # MB: a streamed import, far from the 3.4 GB of reading it whole
    # ten times the rows, nearly the same memory (about 70 MB more here; holding the batches or the whole detail
    # before writing it costs 110-150 MB more)
    assert peaks[1_000_000] - peaks[100_000] < 100, peaks


def test_build_publishes_the_detail_and_removes_a_stale_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "baci"
    out = tmp_path / "data"
    import_baci(small_release(tmp_path / "rel", GOOD), tmp_path / "raw", progress=False)
    publish(raw, out)
    assert [r.release for r in open_releases(out)] == [REL]
    for p in raw.glob("imported_*"):
        p.unlink() if p.is_file() else shutil.rmtree(p)
    publish(raw, out)
    assert not (out / DETAIL_DIR).exists() and open_releases(out) == ()


@pytest.mark.slow  # builds the tables from raw and prepares the explorer twice
def test_the_destinations_chart_reads_other_partners_from_the_detail(tmp_path: Path, monkeypatch) -> None:
    from dashboard.context import build_context
    from dashboard.data import load
    from dashboard.data.build import build
    from dashboard.pages.explore.prepare import prepare
    from dashboard.pages.explore.products import baci_panel
    from dashboard.urlstate import ExploreState

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "data" / "raw", raw)
    release = small_release(
        tmp_path / "rel",
        "t,i,j,k,v,q\n2024,604,156,260300,1000,10\n2024,604,392,260300,400,4\n2024,604,842,260311,30,NA\n"
        + "".join(f"2024,604,{900 + n},260300,{1 + n},1\n" for n in range(17)),  # 17 small partners: 13 kept
    )
    countries = release / f"country_codes_{REL}.csv"
    countries.write_text(countries.read_text() + "392,Japan,JP,JPN\n842,USA,US,USA\n", encoding="utf-8")
    import_baci(release, raw, progress=False)
    state = ExploreState(2022, 2024, products=("2603",))

    def panel_rows(out: Path) -> pd.DataFrame:
        build(raw, out)
        ex = prepare(build_context(load(out), REPO / "data" / "claims.toml"))
        return baci_panel(ex, state).rows.set_index("obs_id")

    rows = panel_rows(tmp_path / "with")
    usa = rows.loc["baci_imported_v209901-2024-USA-2603-value"]  # a partner the tables do not hold: from disk
    assert (usa["value"], usa["status"]) == (pytest.approx(30e3 / 1e6), "preferred")
    assert usa["partner_name"] == "United States"
    assert usa["publisher"] == rows[rows.index.str.startswith("baci_imported_")].iloc[0]["publisher"] != ""
    japan = rows.loc["baci_imported_v209901-2024-JPN-2603-value"]  # the shipped extract has Japan 2024 too
    assert japan["status"] == "alternative"
    from_detail = rows[rows.index.str.startswith("baci_imported_v209901-2024-")]
    assert len(from_detail) == 15  # the 15 largest partners of the years shown, besides China
    assert set(from_detail["peru_partner"]) == {"JPN", "USA", *(str(900 + n) for n in range(4, 17))}
    china = rows[(rows["peru_partner"] == "CHN") & rows.index.str.startswith("baci_imported_")]
    assert list(china.sort_values("year")["value"]) == [pytest.approx(0.005), pytest.approx(1.0)]
    assert not any(i.endswith("CHN-2603-value") for i in china.index)  # ranked rows of the tables, not the detail

    from dashboard.data.detail import Release
    from dashboard.pages.explore import baci_detail

    ex = prepare(build_context(load(tmp_path / "with"), REPO / "data" / "claims.toml"))
    baci_detail.peru_flows.cache_clear()
    reads, query = [], Release.query
    monkeypatch.setattr(Release, "query", lambda self, *a, **k: reads.append(a) or query(self, *a, **k))
    other = ExploreState(2024, 2024, products=("2603",), unit="tonnes")
    first, again = baci_panel(ex, other).rows, baci_panel(ex, state).rows
    assert len(reads) == 1  # a heading's detail is read once, whatever the years and unit of its views
    pd.testing.assert_frame_equal(again.set_index("obs_id"), rows)  # the same rows as read afresh
    assert set(first["year"]) == {2024}
    shutil.rmtree(raw / "baci" / f"imported_{REL}_detail")  # without the detail: the tables' rows only
    without = panel_rows(tmp_path / "without")
    assert not (tmp_path / "without" / DETAIL_DIR).exists()
    from_disk = {i for i in rows.index if i.startswith("baci_imported_v209901-2024-")}
    assert set(without.index) == set(rows.index) - from_disk
