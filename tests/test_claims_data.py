"""Claims on the real data: the command line in its three formats, and verdicts that follow the data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import claims as C
from dashboard.data import load
from dashboard.data.build import build
from tests.conftest import CLAIM_IDS

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "claims", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


@pytest.mark.slow
def test_text_format_lists_every_claim_with_a_verdict_label() -> None:
    proc = run_cli()
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == CLAIM_IDS
    labels = ("Supported", "Partly supported", "Contradicted", "Not checkable")
    assert all(any(label in line for label in labels) for line in lines)


@pytest.mark.slow
def test_json_format_has_the_fields_a_consumer_needs() -> None:
    proc = run_cli("--format", "json")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["id"] for i in items] == CLAIM_IDS
    for item in items:
        assert {"id", "quote", "verdict", "explanation", "inputs", "sources"} <= item.keys()
        assert item["verdict"] in C.VERDICTS
        assert item["explanation"]
    export = next(i for i in items if i["id"] == "export-market-10-years")
    assert export["inputs"] and all(i.get("source_id") or i.get("leader") == "" for i in export["inputs"])


@pytest.mark.slow
def test_claimreview_format_is_schema_org() -> None:
    proc = run_cli("--format", "claimreview")
    assert proc.returncode == 0, proc.stderr
    reviews = json.loads(proc.stdout)
    assert len(reviews) == len(CLAIM_IDS)
    for review in reviews:
        assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
        assert review["itemReviewed"]["appearance"]["headline"].startswith("Belt and Road cooperation")
        assert review["reviewRating"]["alternateName"] in {
            "Supported",
            "Partly supported",
            "Contradicted",
            "Not checkable",
        }
        assert review["author"]["name"] and review["datePublished"]


@pytest.mark.slow
def test_cli_reports_bad_data_in_one_line(tmp_path: Path) -> None:
    proc = run_cli("--data-dir", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.startswith("error:") and "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def registry() -> C.Registry:
    return C.load_registry(ROOT / "data" / "claims.toml")


def test_fta_verdict_names_chile_and_the_comprehensive_package(registry: C.Registry, committed_data) -> None:
    result = C.evaluate(registry.get("first-fta-package"), committed_data)
    assert result.verdict == C.PARTLY
    assert "Chile" in result.explanation and "2005" in result.explanation
    assert "comprehensive" in result.explanation and "2009-04-28" in result.explanation


@pytest.mark.slow
def test_a_full_year_official_figure_putting_the_us_first_in_2016_makes_the_sources_disagree(
    tmp_path: Path, registry: C.Registry
) -> None:
    claim = registry.get("export-market-10-years")
    before = C.evaluate(claim, load())
    assert "Sources disagree" not in before.explanation

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    partners = raw / "evidence" / "partners_by_year.csv"
    with partners.open("a", encoding="utf-8") as fh:
        fh.write("2016,Peru,United States,export,9999,,1,full year,https://example.org/sunat-2016,OFF,test figure\n")
    out = tmp_path / "data"
    out.mkdir()
    build(raw, out)
    shutil.copy(ROOT / "data" / "claims.toml", out / "claims.toml")

    after = C.evaluate(claim, load(out))
    # Peru's statistics now put the US first, the Factbook still China: the year is disputed, not settled
    assert "Sources disagree in 2016 (Peru: United States; CIA Factbook: China)" in after.explanation
    combined = next(s for s in after.sensitivity if s.get("family") == "combined" and s["flow"] == "export")
    assert combined["by_year"][2016] == "?"
    cli = run_cli("--data-dir", str(out), "--format", "json")
    assert "Sources disagree in 2016" in json.loads(cli.stdout)[0]["explanation"]
