"""curated/latam_prc_relations.csv: the day each Latin American country established relations with the PRC.

Rows whose note opens with RESUMPTION are resumed relations (category relations_resumed); conflicting dates are
kept as separate events (numbered ids), their notes say which source disagrees.
"""

from __future__ import annotations

from dashboard.data.build.builder import Builder
from dashboard.data.build.curated import read_dated
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the dates of diplomatic relations (and their resumptions) as events."""
    read_dated(b, f)
