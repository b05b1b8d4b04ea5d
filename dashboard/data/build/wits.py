"""raw/wits/en_PER_AllYears_WITS_Trade_Summary.CSV: WITS Trade Summary for Peru, wide (one column per year).

World rows give Peru's totals and WITS sector groups; "Top 5 ... Partner" rows give each year's five largest export
and import partners, from which the top-5 model derives ranks and, for a partner absent from a year's list, bounds.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from dashboard.data import reference, rules
from dashboard.data.build.builder import Builder, number
from dashboard.data.build.database import Database, expect, full_year, origin, source
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, RawRow
from dashboard.data.reference import Spec

PERU = rules.Reporter("PER", "peru")
TOTALS = {"Exports (in US$ Mil)": "export", "Imports (in US$ Mil)": "import"}
GROUPS = {"Export(US$ Mil)": "export", "Import(US$ Mil)": "import"}
TOP5 = re.compile(r"(?P<what>Trade \(US\$ Mil\)|Partner share\(%\))-Top 5 (?P<flow>Export|Import) Partner")
RANK_UNIT = rules.Unit("rank", Decimal(1))
TOP_N = 5
IMPORT_NOTE = "imports CIF (UN Comtrade as Peru reports them); the ledger's BCRP/Mincetur imports are often FOB"

Listed = dict[str, tuple[RawRow, dict[str, Decimal]]]
"""Partner code → (its value row, year → value) of one flow's top-5 list."""


@functools.cache
def wits_products() -> dict[str, str | None]:
    """WITS 'Product categories' cell → product group code, or None for a category skipped (with its reason)."""
    spec = Spec(("raw_name", "code", "skip_reason"), ("raw_name",), optional=("code", "skip_reason"))
    path = str(reference.REFERENCE_DIR / "wits_products.csv")
    out: dict[str, str | None] = {}
    for n, r in enumerate(reference.read("wits_products", spec), start=1):
        if bool(r["code"]) == bool(r["skip_reason"]):
            raise DataError(path, n, "give either a code or a skip_reason")
        if r["code"] and r["code"] not in rules.groups():
            raise DataError(path, n, f"code {r['code']!r} is not in product_groups.csv")
        out[r["raw_name"]] = r["code"] or None
    return out


def partner_code(f: RawFile, r: RawRow) -> str:
    """ISO3 code of a partner row's name (reference/partners.csv or partner_aliases.csv); DataError if unknown."""
    code = rules.partner_names().get(r["Partner"].strip())
    if code is None:
        raise DataError(f.path, r.row, f"unknown partner {r['Partner']!r} (add it to reference/partner_aliases.csv)")
    return code


def emit_years(
    b: Builder, f: RawFile, r: RawRow, who: tuple[str, str, str, str], years: list[str]
) -> dict[str, Decimal]:
    """Emit one exact figure per non-empty year cell (`who`: source id, counterpart, Peru flow, product; measure
    from the indicator); returns year → value."""
    sid, counterpart, flow, product = who
    share = "share" in r["Indicator"]
    measure, unit = ("share", rules.units()["percent"]) if share else ("value", rules.units()["USD m"])
    values = {}
    for year in years:
        num = number(f, r, year)
        if num is not None:
            note = IMPORT_NOTE if flow == "import" else ""
            o = origin(PERU, counterpart, flow, product, full_year(f, r, year), sid, note)
            b.emit(f, r, o, measure, num, unit, tag=year)
            values[year] = num[0]
    return values


def top5(b: Builder, f: RawFile, sid: str, flow: str, listed: Listed) -> None:
    """Ranks 1..5 of each year's listed partners; a partner listed in other years gets, in a year it is absent,
    rank more_than 5 and value less_than that year's 5th value (an upper bound, never zero)."""
    years = sorted({y for _, vals in listed.values() for y in vals})
    for year in years:
        ranked = sorted((-vals[year], code) for code, (_, vals) in listed.items() if year in vals)
        if len(ranked) > TOP_N:
            raise DataError(f.path, None, f"{year}: {len(ranked)} partners in the top-{TOP_N} {flow} list")
        for rank, (_, code) in enumerate(ranked, start=1):
            r = listed[code][0]
            o = origin(PERU, code, flow, "TOTAL", full_year(f, r, year), sid, f"WITS top-{TOP_N} {flow} partners")
            b.emit(f, r, o, "rank", (Decimal(rank), "exact"), RANK_UNIT, tag=year)
        if len(ranked) < TOP_N:
            continue  # a shorter list bounds nobody
        fifth_value, fifth = -ranked[-1][0], ranked[-1][1]
        for code, (r, vals) in sorted(listed.items()):
            if year in vals:
                continue
            note = (
                f"not in WITS's top-{TOP_N} {flow} partners of {year}: below the 5th, "
                f"{rules.partners().get(fifth, fifth)} ({fifth_value} US$ million)"
            )
            o = origin(PERU, code, flow, "TOTAL", full_year(f, r, year), sid, note)
            b.emit(f, r, o, "value", (fifth_value, "less_than"), rules.units()["USD m"], tag=year)
            b.emit(f, r, o, "rank", (Decimal(TOP_N), "more_than"), RANK_UNIT, tag=year)


def read(b: Builder, f: RawFile, db: Database) -> None:
    """Totals, WITS sector groups and top-5 partners (value, share, rank, bounds) of Peru's trade, 1988-2021."""
    sid = source(b, db)
    years = [c for c in (f.rows[0].cells if f.rows else {}) if re.fullmatch(r"\d{4}", c)]
    listed: dict[str, Listed] = {"export": {}, "import": {}}
    for r in f.rows:
        expect(f, r, "Reporter", "Peru")
        partner, indicator, category = r["Partner"].strip(), r["Indicator"].strip(), r["Product categories"].strip()
        top = TOP5.fullmatch(indicator)
        if partner == "World" and indicator in TOTALS:
            expect(f, r, "Product categories", "All Products")
            emit_years(b, f, r, (sid, "WLD", TOTALS[indicator], "TOTAL"), years)
        elif partner == "World" and indicator in GROUPS:
            if category not in wits_products():
                raise DataError(f.path, r.row, f"unknown product category {category!r} (reference/wits_products.csv)")
            code = wits_products()[category]
            if code is None:
                b.skip(f)
                continue
            emit_years(b, f, r, (sid, "WLD", GROUPS[indicator], code), years)
        elif top:
            flow, code = top.group("flow").lower(), partner_code(f, r)
            values = emit_years(b, f, r, (sid, code, flow, "TOTAL"), years)
            if top.group("what").startswith("Trade"):
                listed[flow][code] = (r, values)
        else:
            b.skip(f)  # shares of groups, tariffs, development indicators: not trade figures the app uses
    for flow, partners in listed.items():
        top5(b, f, sid, flow, partners)
