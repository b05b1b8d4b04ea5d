"""Load the tidy tables for the app: explicit dtypes, the same validation as `check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data import default_data_dir, schema


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


def load(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate the tidy tables (DataError names file, row and reason)."""
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    paths = {name: str(d / t.filename) for name, t in schema.TABLES.items()}
    tables = {name: schema.read_table(paths[name], t) for name, t in schema.TABLES.items()}
    schema.validate(tables, paths)
    return Dataset(data_dir=d, **tables)
