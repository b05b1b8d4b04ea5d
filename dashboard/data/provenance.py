"""Who owns a source's statistic, who published the text and where the copy was read (data/reference/ tables)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from dashboard.data import reference, rules
from dashboard.data.errors import DataError
from dashboard.data.reference import Spec

COPY_AT = "copy at "
"""Prefix of `read_at` (and of `publisher` when the original is unknown) for a text read on a mirror or blog."""
DOWNGRADED_KIND = "NEWS"
"""Kind of a source first coded OFF whose owner is not a known official body or whose publisher is unknown."""


@dataclass(frozen=True)
class OwnerRule:
    """One row of source_owners.csv: a URL key or a whole word of the raw texts → owner, and whether it is official."""

    on: str
    match: str
    owner: str
    official: bool

    def position(self, text: str) -> int:
        """Where the rule's words first appear in text as whole words (case-sensitive), else -1."""
        m = re.search(rf"(?<!\w){re.escape(self.match)}(?!\w)", text)
        return m.start() if m else -1


@dataclass(frozen=True)
class CopyHost:
    """One row of copy_hosts.csv: a host (or host + path) that holds others' texts, its role, the original publisher."""

    match: str
    role: str
    publisher: str


@dataclass(frozen=True)
class Provenance:
    """A source's owner (may be empty), publisher, where it was read (empty on the publisher's own site), official."""

    owner: str
    publisher: str
    read_at: str
    official: bool


@functools.cache
def owner_rules() -> tuple[OwnerRule, ...]:
    """Rows of data/reference/source_owners.csv in file order ('stop' rows: where a note turns to other sources)."""
    spec = Spec(
        ("on", "match", "owner", "official"),
        optional=("owner", "official"),
        allowed=(("on", ("url", "text", "stop")), ("official", ("yes", "no"))),
    )
    rows = reference.read("source_owners", spec)
    for n, r in enumerate(rows, start=1):
        if r["on"] != "stop" and not (r["owner"] and r["official"]):
            raise DataError(reference.REFERENCE_DIR / "source_owners.csv", n, "owner and official are required")
    return tuple(OwnerRule(r["on"], r["match"], r["owner"], r["official"] == "yes") for r in rows)


@functools.cache
def copy_hosts() -> tuple[CopyHost, ...]:
    """Rows of data/reference/copy_hosts.csv in file order; first match wins."""
    spec = Spec(("match", "role", "publisher"), ("match",), ("publisher",), (("role", ("mirror", "repository")),))
    return tuple(CopyHost(r["match"], r["role"], r["publisher"]) for r in reference.read("copy_hosts", spec))


def owner_of_text(text: str, rules_: Sequence[OwnerRule]) -> OwnerRule | None:
    """The text rule named first in text before any stop words (ties: the earlier rule): 'ADEX (CONFLICT: Mincetur)'
    gives ADEX, 'ComexPeru citing SUNAT' gives SUNAT when that phrase is a rule listed before ComexPeru."""
    stops = [pos for r in rules_ if r.on == "stop" and (pos := r.position(text)) >= 0]
    text = text[: min(stops)] if stops else text
    found = [(pos, i) for i, r in enumerate(rules_) if r.on == "text" and (pos := r.position(text)) >= 0]
    return rules_[min(found)[1]] if found else None


def owner_of(url: str, texts: Sequence[str], rules_: Sequence[OwnerRule] | None = None) -> OwnerRule | None:
    """Owner of a source: its URL rule, else the owner most of its raw rows name (ties: the one named first)."""
    rules_ = owner_rules() if rules_ is None else rules_
    if url:
        by_url = next((r for r in rules_ if r.on == "url" and rules.url_matches(url, r.match)), None)
        if by_url is not None:
            return by_url
    named = [o for o in (owner_of_text(t, rules_) for t in texts) if o is not None]
    if not named:
        return None
    counts = Counter(named)
    return max(named, key=lambda o: (counts[o], -named.index(o)))


def copy_host_of(url: str, hosts: Sequence[CopyHost] | None = None) -> CopyHost | None:
    """The copy_hosts.csv row a URL matches, if any."""
    hosts = copy_hosts() if hosts is None else hosts
    return next((h for h in hosts if url and rules.url_matches(url, h.match)), None)


def read_at_of(url: str, host: CopyHost | None) -> str:
    """'copy at <host>' for a mirror, 'github.com/<owner>/<repo>' for a repository, '' otherwise."""
    if host is None:
        return ""
    if host.role == "repository":
        parts = [p for p in urlsplit(url).path.split("/") if p][:2]
        return "/".join([rules.domain_of(url), *parts])
    return COPY_AT + rules.domain_of(url)


def provenance(
    url: str,
    texts: Sequence[str],
    publisher: str,
    *,
    owners: Sequence[OwnerRule] | None = None,
    hosts: Sequence[CopyHost] | None = None,
) -> Provenance:
    """Owner, publisher and place of reading of a source (publisher: the one given or read from publishers.csv)."""
    owner = owner_of(url, texts, owners)
    host = copy_host_of(url, hosts)
    read_at = read_at_of(url, host)
    if host is not None and host.role == "mirror":
        publisher = host.publisher or read_at
    return Provenance(owner.owner if owner else "", publisher, read_at, bool(owner and owner.official))


def kind_of(kind: str, prov: Provenance) -> str:
    """A source's kind: OFF only when its owner is a known official body and its publisher is known, else NEWS."""
    if kind == "OFF" and (not prov.official or prov.publisher.startswith(COPY_AT)):
        return DOWNGRADED_KIND
    return kind
