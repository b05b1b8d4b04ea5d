"""evidence/products_by_year.csv: Peru's exports to China by product, from the Peru FOB or the China CIF side."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder, Origin, coded_kind, number, period_of
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the observations of products_by_year."""
    product_rows(b, f, sides=True)


def product_rows(b: Builder, f: RawFile, sides: bool) -> None:
    """Value and volume per product row; `sides`: the file says which side reports (flow_side)."""
    for r in f.rows:
        kind = coded_kind(f, r)
        derived = kind == "DERIVED"
        value = number(f, r, "value_usd_m")
        volume = number(f, r, "volume_t")
        if value is None and volume is None:
            b.skip(f)
            continue
        if sides:
            side = rules.flow_sides().get(r["flow_side"].strip())
            if side is None:
                raise DataError(f.path, r.row, f"unknown flow_side {r['flow_side']!r}")
            rep, flow = side
        else:
            rep, flow = rules.Reporter("PER", "peru"), "export"
        product = rules.product_code(r["hs_code"])
        if product is None:
            raise DataError(f.path, r.row, f"unknown hs_code {r['hs_code']!r}")
        counterpart = rules.partner_from_product_text(r["product"], r["note"])
        if rep.iso3 == "CHN":
            counterpart = "CHN"
        peru_flow = flow if rep.iso3 == "PER" else rules.MIRROR_FLOW[flow]
        period = period_of(f, r, r["year"])
        reject = rules.bad_reason(f.dataset, r.cells)
        sid = b.source(f, r, kind, derived)
        origin = Origin(rep, counterpart, peru_flow, product, period, sid, kind, derived, reject)
        units = rules.units()
        b.emit_all(f, r, origin, [("value", value, units["USD million"]), ("volume", volume, units["tonnes"])])
