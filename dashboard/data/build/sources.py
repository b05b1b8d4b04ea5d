"""The sources met while building: one id per URL (or per derived dataset), its best kind, title, owner, publisher."""

from __future__ import annotations

import hashlib

import pandas as pd

from dashboard.data import provenance, rules, schema

DERIVED_PUBLISHER = "Derived by the evidence ledger (see note)"


class Sources:
    """Registry of sources met while building: id → url, best kind, title."""

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.publishers: dict[str, str] = {}
        self.texts: dict[str, list[str]] = {}

    def add(
        self, url: str, kind: str, *, dataset: str = "", title: str = "", publisher: str = "", text: str = ""
    ) -> str:
        """Register a URL (or a per-dataset derived source when url is empty) and return its id.

        `text` is what the raw row says about the figure's origin (note, reporter, stated by): it names the owner.
        """
        url = url.strip()
        if url:
            sid = "src-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
        else:
            sid = f"src-derived-{dataset.replace('_', '-')}"
            publisher = DERIVED_PUBLISHER
        self.urls[sid] = url
        old = self.kinds.get(sid)
        if old is None or rules.KIND_RANK[kind] < rules.KIND_RANK[old]:
            self.kinds[sid] = kind
        if title:
            self.titles[sid] = title
        if publisher:
            self.publishers[sid] = publisher
        if text and url:
            self.texts.setdefault(sid, []).append(text)
        return sid

    def frame(self, obs: pd.DataFrame) -> pd.DataFrame:
        """The sources table, with n_observations counted from obs."""
        counts = obs["source_id"].value_counts().to_dict()
        rows = []
        for sid, url in self.urls.items():
            publisher = self.publishers.get(sid) or rules.publisher_of(url)
            prov = provenance.provenance(url, self.texts.get(sid, ()), publisher)
            rows.append(
                {
                    "source_id": sid,
                    "url": url,
                    "domain": rules.domain_of(url) if url else "",
                    "publisher": prov.publisher,
                    "title": self.titles.get(sid, ""),
                    "kind": provenance.kind_of(self.kinds[sid], prov),
                    "date": rules.date_from_url(url) if url else "",
                    "n_observations": int(counts.get(sid, 0)),
                    "owner": prov.owner,
                    "read_at": prov.read_at,
                }
            )
        return pd.DataFrame(rows, columns=schema.SOURCES.names)
