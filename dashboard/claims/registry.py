"""The claims registry: Claim, Registry and load_registry, which reads data/claims.toml and validates it."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.claims.params import ParamError, Params, build_params
from dashboard.data.errors import DataError

KINDS = ("quantitative", "dated_fact", "qualitative", "forward_looking")
REQUIRED = ("id", "quote", "paragraph", "kind", "check")


@dataclass(frozen=True)
class Claim:
    """One claim of the article as registered in data/claims.toml; `args` holds its check's validated params."""

    id: str
    quote: str
    paragraph: int
    kind: str
    check: str
    params: Mapping[str, Any]
    chart: str
    preset: Mapping[str, Any]
    part: str = ""
    sources: tuple[str, ...] = ()
    args: Params = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", build_params(self.check, self.params))


@dataclass(frozen=True)
class Registry:
    """The article's metadata and its claims, in registry order."""

    article: Mapping[str, str]
    claims: tuple[Claim, ...]

    def get(self, claim_id: str) -> Claim | None:
        """Return the claim with this id, or None."""
        return next((c for c in self.claims if c.id == claim_id), None)


def load_registry(path: str | Path) -> Registry:
    """Read the claims registry (TOML) and check every claim and its parameters; DataError says what is wrong."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except OSError as error:
        raise DataError(path, None, f"cannot read the claims registry ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(path, None, f"not valid TOML: {error}") from None
    claims = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("claim", []), start=1):
        missing = set(REQUIRED) - item.keys()
        if missing:
            raise DataError(path, None, f"claim {i}: missing {', '.join(sorted(missing))}")
        if item["id"] in seen:
            raise DataError(path, None, f"claim {i}: duplicate id {item['id']}")
        if item["kind"] not in KINDS:
            raise DataError(path, None, f"claim {item['id']}: unknown kind {item['kind']}")
        seen.add(item["id"])
        claims.append(_claim(path, item))
    return Registry(article=raw.get("article", {}), claims=tuple(claims))


def _claim(path: Path, item: Mapping[str, Any]) -> Claim:
    """Build one claim from its TOML table; a bad check or parameter becomes a DataError naming the claim."""
    try:
        return Claim(
            id=item["id"],
            quote=item["quote"],
            paragraph=int(item["paragraph"]),
            kind=item["kind"],
            check=item["check"],
            params=item.get("params", {}),
            chart=item.get("chart", ""),
            preset=item.get("preset", {}),
            part=item.get("part", ""),
            sources=tuple(item.get("sources", ())),
        )
    except ParamError as error:
        raise DataError(path, None, f"claim {item['id']}: {error}") from None
