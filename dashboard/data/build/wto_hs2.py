"""raw/wto_idb/*_hs2.csv: WTO IDB bilateral imports by HS2 chapter (China's from Peru, Peru's from China), whole US$."""

from __future__ import annotations

import re

from dashboard.data import rules
from dashboard.data.build.builder import Builder
from dashboard.data.build.database import Database, expect, full_year, origin, source, usd
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile


def read(
    b: Builder, f: RawFile, db: Database, reporter: rules.Reporter, codes: tuple[str, str], peru_flow: str
) -> None:
    """One figure per row: the reporter's CIF imports of one chapter (US$ → US$ million, exact); codes checked."""
    sid = source(b, db)
    usd_unit = rules.units()["USD"]
    for r in f.rows:
        expect(f, r, "ReportingEconomyCode", codes[0])
        expect(f, r, "PartnerEconomyCode", codes[1])
        chapter = r["hs2"].strip()
        if not re.fullmatch(r"\d{2}", chapter):
            raise DataError(f.path, r.row, f"hs2 is not a 2-digit chapter: {r['hs2']!r}")
        if r["hs2_desc"].strip():
            b.product_names.setdefault(chapter, r["hs2_desc"].strip())
        o = origin(reporter, "CHN", peru_flow, chapter, full_year(f, r, r["Year"]), sid, "")
        b.emit(f, r, o, "value", usd(f, r, "value_usd"), usd_unit)


def read_china_imports(b: Builder, f: RawFile, db: Database) -> None:
    """china_imports_from_peru_hs2.csv: China (156) reports imports from Peru (604), the mirror of Peru's exports."""
    read(b, f, db, rules.Reporter("CHN", "china"), ("156", "604"), "export")


def read_peru_imports(b: Builder, f: RawFile, db: Database) -> None:
    """peru_imports_from_china_hs2.csv: Peru (604) reports imports from China (156)."""
    read(b, f, db, rules.Reporter("PER", "peru"), ("604", "156"), "import")
