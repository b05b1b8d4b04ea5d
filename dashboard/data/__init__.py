"""Data layer of Peru–China Trade Lens: raw evidence → tidy, validated tables, and loading them.

Importing this package is cheap: pandas is only imported when `load` (or a submodule) is used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.data.errors import DataError

if TYPE_CHECKING:
    from dashboard.data.loader import Dataset

__all__ = ["DataError", "Dataset", "default_data_dir", "load"]

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """Return the tidy-table directory: $TRADE_LENS_DATA if set, else <repo>/data."""
    env = os.environ.get("TRADE_LENS_DATA")
    return Path(env) if env else REPO_ROOT / "data"


def load(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate the tidy tables into a frozen Dataset."""
    from dashboard.data.loader import load as _load

    return _load(data_dir)


def __getattr__(name: str) -> Any:
    if name == "Dataset":
        from dashboard.data.loader import Dataset

        return Dataset
    raise AttributeError(name)
