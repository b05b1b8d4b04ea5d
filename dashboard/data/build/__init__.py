"""The build: data/raw → tidy tables. One module per raw file (partners_by_year, products_by_year, alpaca_by_year,
china_side_by_year, tourists_by_year, figures, chancay, events, baci; curated/: latam_prc_relations, latam_csp,
history, sharing curated.py) adds its rows to a `builder.Builder`;
`sources` registers where each figure comes from; `ranking` applies the preferred-figure rule; `tables` assembles,
validates and writes the tables atomically."""

from __future__ import annotations

from dashboard.data.build.ranking import alternative_reason, assign_status, mark_duplicates
from dashboard.data.build.sources import DERIVED_PUBLISHER, Sources
from dashboard.data.build.tables import build, build_tables, partners_frame, products_frame, write_tables

__all__ = [
    "DERIVED_PUBLISHER",
    "Sources",
    "alternative_reason",
    "assign_status",
    "build",
    "build_tables",
    "mark_duplicates",
    "partners_frame",
    "products_frame",
    "write_tables",
]
