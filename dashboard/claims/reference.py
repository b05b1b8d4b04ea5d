"""Reference data the checks read: the Latin American and Caribbean countries (data/reference/latam_countries.csv)."""

from __future__ import annotations

import csv
from functools import cache

from dashboard.data import REPO_ROOT
from dashboard.data.errors import DataError

LATAM_CSV = REPO_ROOT / "data" / "reference" / "latam_countries.csv"


@cache
def latam_countries() -> dict[str, str]:
    """The Latin American and Caribbean countries: ISO3 code to English name, read once."""
    try:
        with LATAM_CSV.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != ["code", "name"]:
                raise DataError(LATAM_CSV, None, "expected the columns code,name")
            return {row["code"]: row["name"] for row in reader}
    except OSError as error:
        raise DataError(LATAM_CSV, None, f"cannot read ({error.strerror})") from None


def latam_codes() -> frozenset[str]:
    """The ISO3 codes of the Latin American and Caribbean countries."""
    return frozenset(latam_countries())


def country_name(code: str) -> str:
    """A Latin American country's English name, or '' for any other code."""
    return latam_countries().get(code, "")
