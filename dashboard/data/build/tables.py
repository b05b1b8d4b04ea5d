"""The tidy tables from all raw files: products and partners, Chancay duplicates, validated atomic writing."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dashboard.data import REPO_ROOT, detail, rules, schema
from dashboard.data.build import (
    alpaca_by_year,
    baci,
    chancay,
    china_side_by_year,
    events,
    figures,
    history,
    latam_csp,
    latam_prc_relations,
    partners_by_year,
    products_by_year,
    tourists_by_year,
    wits,
    wto_hs2,
    wto_mirror,
)
from dashboard.data.build.builder import Builder
from dashboard.data.build.database import Database, databases
from dashboard.data.build.ranking import assign_status, mark_duplicates
from dashboard.data.errors import DataError
from dashboard.data.raw import CURATED, EVIDENCE, RawFile, read_raw

RAW_DIR = REPO_ROOT / "data" / "raw"
DATA_DIR = REPO_ROOT / "data"
READERS: dict[str, Callable[[Builder, RawFile], None]] = {
    "partners_by_year": partners_by_year.read,
    "products_by_year": products_by_year.read,
    "figures": figures.read,
    "china_side_by_year": china_side_by_year.read,
    "tourists_by_year": tourists_by_year.read,
    "alpaca_by_year": alpaca_by_year.read,
    "chancay": chancay.read,
    "events": events.read,
    "latam_prc_relations": latam_prc_relations.read,
    "latam_csp": latam_csp.read,
    "history": history.read,
}
"""Raw evidence file stem → the function that adds its rows."""
DATABASE_READERS: dict[str, tuple[str, Callable[[Builder, RawFile, Database], None]]] = {
    "wits": ("wits", wits.read),
    "wto_china_imports": ("wto_hs2", wto_hs2.read_china_imports),
    "wto_peru_imports": ("wto_hs2", wto_hs2.read_peru_imports),
    "wto_mirror_totals": ("wto_mirror", wto_mirror.read),
}
"""Database dataset (reference/databases.csv) → (raw layout, the function that adds its rows)."""


def products_frame(codes: set[str], extra_names: dict[str, str], where: str) -> pd.DataFrame:
    """The product hierarchy for the used codes plus every curated code and group."""
    sections = {code for _, code, _ in rules.hs_sections()}
    wanted = set(codes) | set(rules.hs_names()) | set(rules.groups()) | sections | {"TOTAL"}
    rows: dict[str, dict[str, str]] = {}

    def add(code: str) -> None:
        if code in rows:
            return
        if code == "TOTAL":
            rows[code] = {
                "code": code,
                "name": "All goods",
                "level": "total",
                "hs_chapter": "",
                "hs_section": "",
                "parent": "",
            }
            return
        if code in rules.groups():
            rows[code] = {
                "code": code,
                "name": rules.groups()[code],
                "level": "group",
                "hs_chapter": "",
                "hs_section": "",
                "parent": "TOTAL",
            }
            return
        if re.fullmatch(r"S\d{2}", code):
            label = next(lab for _, c, lab in rules.hs_sections() if c == code)
            rows[code] = {
                "code": code,
                "name": label.split(" ", 1)[1],
                "level": "section",
                "hs_chapter": "",
                "hs_section": label,
                "parent": "TOTAL",
            }
            return
        if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
            raise DataError(where, None, f"product code {code!r} is neither an HS code nor a known group")
        level = {2: "chapter", 4: "heading", 6: "subheading"}[len(code)]
        # An imported release can bring codes without a curated name: label them by their code, never guess.
        name = rules.hs_names().get(code) or extra_names.get(code) or f"HS {level} {code}"
        chapter = code[:2]
        sec_code, sec_label = rules.hs_section(chapter)
        parent = {2: sec_code, 4: chapter, 6: code[:4]}[len(code)]
        rows[code] = {
            "code": code,
            "name": name,
            "level": level,
            "hs_chapter": chapter,
            "hs_section": sec_label,
            "parent": parent,
        }
        add(parent)

    for code in sorted(wanted):
        add(code)
    return pd.DataFrame(list(rows.values()), columns=schema.PRODUCTS.names)


def partners_frame(codes: set[str]) -> pd.DataFrame:
    """Partner codes and names: the curated map plus any further code met (named by its code)."""
    names = dict(rules.partners())
    for c in codes:
        names.setdefault(c, c)
    return pd.DataFrame(sorted(names.items()), columns=schema.PARTNERS.names)


def read_all(raw: str | Path) -> Builder:
    """Read every raw file under `raw` (evidence/, curated/, the databases of reference/databases.csv, then baci/)."""
    raw_dir = Path(raw)
    b = Builder()
    for stem in EVIDENCE:
        READERS[stem](b, read_raw(raw_dir / "evidence" / f"{stem}.csv", stem))
    for stem in CURATED:
        READERS[stem](b, read_raw(raw_dir / "curated" / f"{stem}.csv", stem))
    for dataset, db in databases().items():
        if dataset not in DATABASE_READERS:
            raise DataError(str(raw_dir / db.file), None, f"no reader for database dataset {dataset!r}")
        layout, reader = DATABASE_READERS[dataset]
        reader(b, read_raw(raw_dir / db.file, dataset, layout=layout), db)
    baci.read_dir(b, raw_dir / "baci")
    return b


def chancay_frame(b: Builder) -> pd.DataFrame:
    """The Chancay facts, a figures.csv fact marked as duplicate of the chancay.csv fact it repeats."""
    facts = pd.DataFrame(b.facts, columns=schema.CHANCAY.names)
    own = facts[facts["fact_id"].str.startswith("chancay-")]
    for i, fct in facts.iterrows():
        if fct["fact_id"].startswith("figures-"):
            same = own[
                (own["metric"] == fct["metric"])
                & (own["value"] == fct["value"])
                & (own["unit"] == fct["unit"])
                & (own["source_id"] == fct["source_id"])
            ]
            if len(same):
                facts.at[i, "duplicate_of"] = sorted(same["fact_id"])[0]
    return facts


def build_tables(raw: str | Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """Read every raw file under `raw` and return the tidy tables (validated)."""
    b = read_all(raw)
    obs = pd.DataFrame(b.obs, columns=[*schema.OBSERVATIONS.names])
    obs["months"] = obs["months"].astype("Int64")
    obs["duplicate_of"] = mark_duplicates(obs)
    obs = assign_status(obs)
    obs = obs.drop(columns="duplicate_of").sort_values("obs_id").reset_index(drop=True)
    events_ = pd.DataFrame(b.events, columns=schema.EVENTS.names)
    partner_codes = set(obs["partner"]) | set(obs["peru_partner"]) | set(events_["country"])
    tables = {
        "observations": obs,
        "sources": b.sources.frame(obs),
        "events": events_,
        "chancay": chancay_frame(b),
        "products": products_frame(set(obs["product"]), b.product_names, str(Path(raw))),
        "partners": partners_frame(partner_codes),
    }
    return {k: v.sort_values(schema.TABLES[k].pk, kind="stable").reset_index(drop=True) for k, v in tables.items()}


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path) -> dict[str, Path]:
    """Validate, then write all tables into `out` atomically (temp dir in `out`, then os.replace)."""
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        written = {}
        for name, table in schema.TABLES.items():
            p = tmp / table.filename
            p.write_bytes(schema.to_csv_text(tables[name], table).encode("utf-8"))
            written[name] = p
        # validate exactly what was written, reporting the final file names
        reread = {name: schema.read_table(written[name], schema.TABLES[name]) for name in schema.TABLES}
        final = {name: str(out_dir / t.filename) for name, t in schema.TABLES.items()}
        schema.validate(reread, final)
        for name, table in schema.TABLES.items():
            os.replace(written[name], out_dir / table.filename)
        return {name: out_dir / t.filename for name, t in schema.TABLES.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build(raw: str | Path = RAW_DIR, out: str | Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Build the tidy tables from `raw` and write them into `out` (default: the repository's data/); returns them."""
    tables = build_tables(raw)
    write_tables(tables, out)
    detail.publish(Path(raw) / "baci", Path(out))  # imported releases' HS6 detail, queried on demand by the app
    return tables
