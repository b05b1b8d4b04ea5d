"""Load the tidy tables for the app: explicit dtypes, the same validation as `check`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard.data import default_data_dir, schema
from dashboard.data.query import latest_year, one_chunk


@dataclass(frozen=True)
class Dataset:
    """The validated tidy tables of one data directory."""

    observations: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    chancay: pd.DataFrame
    products: pd.DataFrame
    partners: pd.DataFrame
    data_dir: Path

    @cached_property
    def latest_year(self) -> int:
        """The latest complete year of the headline series (Peru-reported exports to China): the time axis' end."""
        return latest_year(self.observations)


def load(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate the tidy tables (DataError names file, row and reason)."""
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    paths = {name: str(d / t.filename) for name, t in schema.TABLES.items()}
    tables = {name: schema.read_table(paths[name], t) for name, t in schema.TABLES.items()}
    schema.validate(tables, paths)
    tables["observations"] = one_chunk(tables["observations"])  # rows are taken from it on every chart
    return Dataset(data_dir=d, **tables)
