"""evidence/alpaca_by_year.csv: alpaca fibre, garments and toys exported by Peru (same layout as products)."""

from __future__ import annotations

from dashboard.data.build.builder import Builder
from dashboard.data.build.products_by_year import product_rows
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the observations of alpaca_by_year (all Peru-reported exports)."""
    product_rows(b, f, sides=False)
