"""raw/baci/*.csv: BACI extracts in the comflow layout, Peru's flows by HS4 with values in whole USD."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.data import rules
from dashboard.data.build.builder import Builder, Origin, number
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, read_raw

SHIPPED_BACI = "peru_flows_hs22_2022_2024.csv"
IMPORTED_BACI = re.compile(r"imported_(?P<release>[A-Za-z0-9]+)\.csv")
BACI_REPORTER = rules.Reporter("PER", "baci")


def read(b: Builder, f: RawFile, source_url: str, title: str) -> None:
    """Add the observations of one BACI extract, all from one source."""
    sid = b.sources.add(source_url, "BACI", title=title)
    units = rules.units()
    for r in f.rows:
        exporter, importer = r["exporter"].strip(), r["importer"].strip()
        if exporter == "PER":
            counterpart, peru_flow = importer, "export"
        elif importer == "PER":
            counterpart, peru_flow = exporter, "import"
        else:
            raise DataError(f.path, r.row, "flow does not involve Peru (PER)")
        if not re.fullmatch(r"[A-Z]{3}", counterpart):
            raise DataError(f.path, r.row, f"bad ISO3 code {counterpart!r}")
        hs4 = r["hs4"].strip().zfill(4)
        if not re.fullmatch(r"\d{4}", hs4):
            raise DataError(f.path, r.row, f"bad hs4 {r['hs4']!r}")
        if r["commodity"].strip():
            b.product_names.setdefault(hs4, r["commodity"].strip())
        if not re.fullmatch(r"\d{4}", r["year"].strip()):
            raise DataError(f.path, r.row, f"year is not a year: {r['year']!r}")
        period = rules.Period(int(r["year"]), "FY", "full_year", 12)
        origin = Origin(BACI_REPORTER, counterpart, peru_flow, hs4, period, sid, "BACI", False, None)
        value, tonnes = number(f, r, "value_usd"), number(f, r, "tonnes")
        b.emit_all(f, r, origin, [("value", value, units["USD"]), ("volume", tonnes, units["tonnes"])])


def read_dir(b: Builder, baci_dir: Path) -> None:
    """Add the shipped extract (when present) and every `imported_<release>.csv` written by import-baci."""
    if (baci_dir / SHIPPED_BACI).exists():
        read(
            b,
            read_raw(baci_dir / SHIPPED_BACI, "baci"),
            rules.BACI_URL,
            "BACI HS22 V202601, Peru flows for 16 commodities (comflow docs/data/flows.json)",
        )
    for p in sorted(baci_dir.glob("imported_*.csv")):
        m = IMPORTED_BACI.fullmatch(p.name)
        if not m:
            continue
        rel = m.group("release")
        read(
            b,
            read_raw(p, f"baci_imported_{rel.lower()}", layout="baci"),
            f"{rules.BACI_RELEASE_URL}#{rel}",
            f"CEPII BACI HS22 {rel} (imported with `import-baci`)",
        )
