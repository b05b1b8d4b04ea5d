"""The one error type of the data layer: a bad input named by file, row and reason."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """A data problem located in a file (and a 1-based data row when known)."""

    def __init__(self, path: str | Path, row: int | None, reason: str) -> None:
        self.path = str(path)
        self.row = row
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path} row {self.row}"
        return f"error: {where}: {self.reason}"
