"""The 'download all data' zip: the tidy tables as committed, with the data README, built in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from dashboard.data import schema

ZIP_NAME = "peru-china-trade-lens-data.zip"
ZIP_PATH = "/download/" + ZIP_NAME  # where the app serves it
FOLDER = "peru-china-trade-lens-data"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every entry the same date: the same tables give the same bytes


def data_zip(data_dir: Path) -> bytes:
    """The tidy tables of data_dir (sources table included) and its README.md (when there), as one zip's bytes."""
    names = [t.filename for t in schema.TABLES.values()] + (["README.md"] if (data_dir / "README.md").exists() else [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in names:
            entry = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, (data_dir / name).read_bytes())
    return buffer.getvalue()
