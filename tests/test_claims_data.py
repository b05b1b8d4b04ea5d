"""Claims on the real data: the command line in its three formats, and verdicts that follow the data."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import claims as C
from dashboard.claims.reference import latam_codes
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
    # the decisive figure: Peru's (UN Comtrade, via WITS) 2016 exports to the US, now above China's
    wits = raw / "wits" / "en_PER_AllYears_WITS_Trade_Summary.CSV"
    rows = list(csv.reader(wits.open(encoding="utf-8", newline="")))
    us = next(r for r in rows if r[1] == "United States" and r[4].startswith("Trade (US$ Mil)-Top 5 Export"))
    us[rows[0].index("2016")] = "99999.00"
    with wits.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    out = tmp_path / "data"
    out.mkdir()
    build(raw, out)
    shutil.copy(ROOT / "data" / "claims.toml", out / "claims.toml")

    after = C.evaluate(claim, load(out))
    # Peru's statistics now put the US first, the Factbook still China: the year is disputed, not settled
    assert "Sources disagree in 2016 (Peru: United States;" in after.explanation
    assert "CIA Factbook: China" in after.explanation.split("Sources disagree in 2016")[1].split(")")[0]
    combined = next(s for s in after.sensitivity if s.get("family") == "combined" and s["flow"] == "export")
    assert combined["by_year"][2016] == "?"
    cli = run_cli("--data-dir", str(out), "--format", "json")
    assert "Sources disagree in 2016" in json.loads(cli.stdout)[0]["explanation"]


def _with_events(data, events):
    """The committed data with another events table (the other tables unchanged)."""
    return dataclasses.replace(data, events=events)


def test_early_relations_on_the_curated_dates_flips_when_peru_is_dated_later(registry, committed_data) -> None:
    claim = registry.get("early-diplomatic-relations")
    ev = committed_data.events
    dated = ev[(ev["category"] == "diplomatic_relations") & ev["country"].isin(latam_codes())]
    assert C.evaluate(claim, committed_data).verdict == C.SUPPORTED
    assert (
        f"of the {dated['country'].nunique()} Latin American countries" in C.evaluate(claim, committed_data).explanation
    )
    # every Peru relations record moved to 1990: after Mexico, Brazil, Venezuela, ... outside the first quarter
    peru = (ev["category"] == "diplomatic_relations") & (ev["country"] == "PER")
    moved = ev.assign(date=ev["date"].where(~peru, "1990-01-01"))
    result = C.evaluate(claim, _with_events(committed_data, moved))
    assert result.verdict == C.PARTLY
    assert result.sensitivity[0] == {"part": "diplomatic_relations", "verdict": C.CONTRADICTED}


def test_immigrants_and_bri_claims_follow_the_curated_dates(registry, committed_data) -> None:
    ev = committed_data.events
    settled, bri = registry.get("chinese-immigrants"), registry.get("bri-mou-2019")
    assert C.evaluate(settled, committed_data).verdict == C.SUPPORTED
    assert C.evaluate(bri, committed_data).verdict == C.SUPPORTED
    peru_first = (ev["category"] == "immigration_first") & (ev["country"] == "PER")
    late = ev.assign(date=ev["date"].where(~peru_first, "1870-01-01"))
    assert C.evaluate(settled, _with_events(committed_data, late)).sensitivity[0]["verdict"] == C.CONTRADICTED
    signed = ev["category"] == "bri"
    moved = ev.assign(date=ev["date"].where(~signed, ev["date"].str.replace("2019", "2020")))
    assert C.evaluate(bri, _with_events(committed_data, moved)).verdict != C.SUPPORTED
