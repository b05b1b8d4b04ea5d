"""Claim parameters validated at load: a wrong or missing parameter is one line naming the claim and the parameter."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from dashboard import claims as C
from dashboard.claims.params import (
    PARAMS,
    EarlyRelationsParams,
    EventDateParams,
    FirstFtaParams,
    LeaderRunParams,
    ParamError,
    StatedFigure,
    StatedFiguresParams,
    build_params,
)
from dashboard.claims.reference import country_name, latam_codes
from dashboard.data.errors import DataError
from dashboard.data.query import distinct_chancay_facts

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = (ROOT / "data" / "claims.toml").read_text(encoding="utf-8")
RUN = {"partner": "CHN", "flow": "export", "years": 10, "first_year": 2014, "end_year": 2023}


def data_dir_with(tmp_path: Path, claims_text: str) -> Path:
    """A copy of the tidy tables with the given claims registry."""
    out = tmp_path / "data"
    out.mkdir()
    for table in (ROOT / "data").glob("*.csv"):
        shutil.copy(table, out / table.name)
    (out / "claims.toml").write_text(claims_text, encoding="utf-8")
    return out


def run_cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> subprocess.CompletedProcess[str]:
    """`python -m dashboard claims --data-dir data_dir`, run in this process (the subprocess path is tested in
    test_app.py): its exit code and what it printed."""
    from dashboard.__main__ import main

    capsys.readouterr()
    code = main(["claims", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess([], code, out, err)


# ------------------------------------------------------------------------------------- the registry file


def test_a_renamed_parameter_is_one_line_naming_the_claim_and_the_parameter(tmp_path: Path, capsys) -> None:
    first = CLAIMS.index("end_year = 2023")  # the first claim: export-market-10-years
    out = data_dir_with(tmp_path, CLAIMS[:first] + "end_yr" + CLAIMS[first + len("end_year") :])
    with pytest.raises(DataError) as raised:
        C.load_registry(out / "claims.toml")
    message = str(raised.value)
    assert message == (
        f"error: {out / 'claims.toml'}: claim export-market-10-years: "
        "unknown parameter end_yr; missing parameter end_year"
    )
    proc = run_cli(out, capsys)
    assert proc.returncode == 1
    assert proc.stderr == message + "\n"
    assert proc.stdout == ""


def test_a_toml_syntax_error_is_one_line_with_the_file_and_line(tmp_path: Path, capsys) -> None:
    broken = 'id = "first-fta-package'  # an unterminated string
    line = CLAIMS[: CLAIMS.index(broken)].count("\n") + 1
    out = data_dir_with(tmp_path, CLAIMS.replace(broken + '"', broken))
    with pytest.raises(DataError, match=rf"claims\.toml: not valid TOML: .*\(at line {line},"):
        C.load_registry(out / "claims.toml")
    proc = run_cli(out, capsys)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: {out / 'claims.toml'}: not valid TOML") and f"line {line}," in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_a_missing_registry_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nope\.toml: cannot read the claims registry"):
        C.load_registry(tmp_path / "nope.toml")


def test_every_registered_claim_gets_its_checks_parameter_class() -> None:
    registry = C.load_registry(ROOT / "data" / "claims.toml")
    for claim in registry.claims:
        assert type(claim.args) is PARAMS[claim.check], claim.id
    run = LeaderRunParams.of(registry.claims[0])
    assert (run.partner, run.flow, run.years, run.end_year) == ("CHN", "export", 10, 2023)
    assert [w.years[0] for w in (run.window, *run.windows)] == [2014, 2015]
    assert [len(w.years) for w in (run.window, *run.windows)] == [10, 10]


def test_every_check_has_a_parameter_class() -> None:
    assert set(PARAMS) == set(C.CHECKS)


# ---------------------------------------------------------------------------------------- one parameter


@pytest.mark.parametrize(
    ("check", "raw", "reason"),
    [
        ("leader_run", {k: v for k, v in RUN.items() if k != "end_year"}, "missing parameter end_year"),
        ("leader_run", {**RUN, "end_yr": 2023}, "unknown parameter end_yr"),
        ("leader_run", {**RUN, "years": "10"}, "years must be an integer"),
        ("leader_run", {**RUN, "years": 10.0}, "years must be an integer"),
        ("leader_run", {**RUN, "years": True}, "years must be an integer"),
        ("leader_run", {**RUN, "partner": 1}, "partner must be a string"),
        ("leader_run", {**RUN, "flow": "exports"}, "flow must be one of export, import"),
        ("leader_run", {**RUN, "families": "peru"}, "families must be a list"),
        ("leader_run", {**RUN, "families": ["peru", "xinhua"]}, "families[2] must be one of peru"),
        (
            "stated_figures",
            {"figures": [{"metric": "jobs", "value": "many", "qualifier": "exact"}]},
            "figures[1].value must be a number",
        ),
        (
            "stated_figures",
            {"figures": [{"metric": "jobs", "qualifier": "about"}]},
            "missing parameter figures[1].value",
        ),
        ("leader_run", {**RUN, "first_year": 2015}, "first_year..end_year 2015-2023 must span years = 10"),
        ("leader_run", {**RUN, "windows": [{"first": 2015, "last": 2025}]}, "windows 2015-2025 must span years"),
        ("leader_run", {**RUN, "windows": [{"first": 2015}]}, "missing parameter windows[1].last"),
        ("leader_run", {**RUN, "flows": ["trade"]}, "flows must include flow export"),
        ("stated_figures", {"figures": ["jobs"]}, "figures[1] must be a table"),
        ("trend", {"measure": "arrivals", "as_of_year": 2024, "since": 2019}, "unknown parameter since"),
        ("nope", {}, "unknown check nope"),
        ("early_relations", {"subject": "PER", "categories": ["x"]}, "set exactly one of top_n"),
        ("early_relations", {"subject": "PER", "categories": ["x"], "top_n": 5, "top_share": 0.25}, "set exactly one"),
        ("early_relations", {"subject": "PER", "categories": ["x"], "top_share": 1.5}, "top_share must be a fraction"),
        ("event_date", {"category": "bri", "year": 2019, "month": 13}, "month must be 1 to 12, or 0"),
        ("first_settled", {"subject": "PER", "within_years": 5, "min_share": 0}, "within_years must be 0 or more"),
        ("first_settled", {"subject": "PER", "min_share": 0.5}, "missing parameter within_years"),
    ],
)
def test_a_bad_parameter_names_itself_and_the_reason(check: str, raw: dict[str, object], reason: str) -> None:
    with pytest.raises(ParamError) as raised:
        build_params(check, raw)
    assert str(raised.value).startswith(reason)


def test_optional_parameters_keep_their_defaults() -> None:
    run = build_params("leader_run", RUN)
    assert isinstance(run, LeaderRunParams)
    assert (run.families, run.windows, run.all_flows) == ((), (), ("export",))
    assert build_params("first_fta", {"subject": "PER"}) == FirstFtaParams("PER", "fta")
    early = build_params("early_relations", {"subject": "PER", "categories": ["fta"], "top_n": 3})
    assert early == EarlyRelationsParams("PER", ("fta",), 3, 0.0)
    assert build_params("event_date", {"category": "x", "year": 2024, "month": 5}) == EventDateParams("x", 2024, 5, "")
    figure = build_params("stated_figures", {"figures": [{"metric": "jobs", "value": 1300, "qualifier": "exact"}]})
    assert figure == StatedFiguresParams((StatedFigure("jobs", 1300.0, "exact"),))


def test_a_claim_refuses_parameters_of_another_check() -> None:
    claim = C.Claim(
        id="x",
        quote="q",
        paragraph=1,
        kind="dated_fact",
        check="first_fta",
        params={"subject": "PER"},
        chart="",
        preset={},
    )
    with pytest.raises(TypeError, match="claim x has FirstFtaParams, not EarlyRelationsParams"):
        EarlyRelationsParams.of(claim)
    with pytest.raises(ParamError, match="missing parameter subject"):
        C.Claim(id="y", quote="q", paragraph=1, kind="dated_fact", check="first_fta", params={}, chart="", preset={})


# --------------------------------------------------------------------------------------- reference data


def test_latin_american_countries_come_from_the_reference_table() -> None:
    codes = latam_codes()
    assert len(codes) == 30
    assert {"PER", "CHL", "CUB", "CRI", "BRA", "MEX", "SUR"} <= codes
    assert not codes & {"CHN", "USA", "ESP", "WLD"}
    assert (country_name("PER"), country_name("CRI"), country_name("CHN")) == ("Peru", "Costa Rica", "")


def test_repeated_chancay_statements_are_dropped() -> None:
    ledger = pd.DataFrame({"fact_id": ["a", "b", "c", "d"], "duplicate_of": ["", "a", None, float("nan")]})
    assert list(distinct_chancay_facts(ledger)["fact_id"]) == ["a", "c", "d"]
    without = ledger.drop(columns="duplicate_of")
    assert distinct_chancay_facts(without) is without
