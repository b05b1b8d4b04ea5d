"""Build the tidy tables from data/raw: parse, map, rank (preferred rule), validate, write atomically."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd

from dashboard.data import rules, schema
from dashboard.data.errors import DataError
from dashboard.data.raw import EVIDENCE, RawFile, RawRow, read_raw

SHIPPED_BACI = "peru_flows_hs22_2022_2024.csv"
IMPORTED_BACI = re.compile(r"imported_(?P<release>[A-Za-z0-9]+)\.csv")
DERIVED_PUBLISHER = "Derived by the evidence ledger (see note)"

# --------------------------------------------------------------------------- sources


class Sources:
    """Registry of sources met while building: id → url, best kind, title."""

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.publishers: dict[str, str] = {}

    def add(self, url: str, kind: str, *, dataset: str = "", title: str = "", publisher: str = "") -> str:
        """Register a URL (or a per-dataset derived source when url is empty) and return its id."""
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
        return sid

    def frame(self, obs: pd.DataFrame) -> pd.DataFrame:
        """The sources table, with n_observations counted from obs."""
        counts = obs["source_id"].value_counts().to_dict()
        rows = []
        for sid, url in self.urls.items():
            rows.append(
                {
                    "source_id": sid,
                    "url": url,
                    "domain": rules.domain_of(url) if url else "",
                    "publisher": self.publishers.get(sid) or rules.publisher_of(url),
                    "title": self.titles.get(sid, ""),
                    "kind": self.kinds[sid],
                    "date": rules.date_from_url(url) if url else "",
                    "n_observations": int(counts.get(sid, 0)),
                }
            )
        return pd.DataFrame(rows, columns=schema.SOURCES.names)


# --------------------------------------------------------------------------- observations


class Builder:
    """Accumulates observations, facts and events from raw files."""

    def __init__(self) -> None:
        self.obs: list[dict[str, object]] = []
        self.facts: list[dict[str, object]] = []
        self.events: list[dict[str, object]] = []
        self.sources = Sources()
        self.product_names: dict[str, str] = {}
        self.skipped: dict[str, int] = {}

    # -- helpers
    @staticmethod
    def number(f: RawFile, r: RawRow, col: str) -> tuple[Decimal, str] | None:
        """Parse a numeric cell (None when empty); DataError when it is not a number."""
        text = r[col].strip()
        if not text:
            return None
        parsed = rules.parse_number(text)
        if parsed is None:
            raise DataError(f.path, r.row, f"{col} is not a number: {text!r}")
        return parsed

    @staticmethod
    def coded_kind(f: RawFile, r: RawRow) -> str:
        """Reliability code of a coded source_kind cell; DataError if unknown."""
        kind = rules.kind_from_code(r["source_kind"])
        if kind is None:
            raise DataError(f.path, r.row, f"unknown source kind {r['source_kind']!r}")
        return kind

    def source(self, f: RawFile, r: RawRow, kind: str, derived: bool) -> str:
        """Source id of a row; rows without URL must be derived figures."""
        url = r["source_url"].strip()
        if not url and not derived:
            raise DataError(f.path, r.row, "source_url is empty for a figure that is not derived")
        return self.sources.add(url, kind, dataset=f.dataset)

    @staticmethod
    def period(f: RawFile, r: RawRow, year_text: str) -> rules.Period:
        """Parsed period of a row; DataError if the year cannot be read."""
        p = rules.parse_period(year_text, r["period"])
        if p is None:
            raise DataError(f.path, r.row, f"cannot read year/period {year_text!r} / {r['period']!r}")
        return p

    def emit(
        self,
        f: RawFile,
        r: RawRow,
        *,
        measure: str,
        reporter: rules.Reporter,
        counterpart: str,
        peru_flow: str,
        product: str,
        period: rules.Period,
        number: tuple[Decimal, str],
        unit: rules.Unit,
        source_id: str,
        kind: str,
        derived: bool,
        reject: str | None,
    ) -> None:
        """Append one observation, seen both from its reporter and from Peru."""
        if reporter.iso3 == "PER":
            partner, flow = counterpart, peru_flow
        elif reporter.iso3 == counterpart:
            partner, flow = "PER", rules.MIRROR_FLOW[peru_flow]
        else:
            raise DataError(f.path, r.row, f"reporter {reporter.iso3} is neither Peru nor its counterpart")
        value, qual = number
        text_qual = rules.qualifier_from_text(r["period"], r["note"], value)
        if qual == "exact" and text_qual:
            qual = text_qual
        if period.kind == "projection":
            qual = "projected"
        val = float(value * unit.factor)
        if measure == "rank":
            unit_name = "rank"
        elif measure == "share":
            unit_name = "percent"
        else:
            unit_name = unit.unit
        self.obs.append(
            {
                "obs_id": f"{f.dataset}-{r.row:04d}-{measure}",
                "dataset": f.dataset,
                "raw_row": r.row,
                "reporter": reporter.iso3,
                "source_family": reporter.family,
                "partner": partner,
                "flow": flow,
                "peru_partner": counterpart,
                "peru_flow": peru_flow,
                "product": product,
                "measure": measure,
                "year": period.year,
                "period": period.period,
                "period_kind": period.kind,
                "months": period.months,
                "value": val,
                "unit": unit_name,
                "qualifier": qual,
                "source_id": source_id,
                "kind": kind,
                "derived": derived or kind == "DERIVED",
                "status": "rejected" if reject else "",
                "status_reason": reject or "",
                "note": r["note"].strip(),
            }
        )

    def skip(self, f: RawFile) -> None:
        """Count a row that carries no figure (kept in raw/ only)."""
        self.skipped[f.dataset] = self.skipped.get(f.dataset, 0) + 1

    # -- files
    def partners_by_year(self, f: RawFile) -> None:
        """Peru's trade by partner and year: value, share and rank per row."""
        for r in f.rows:
            rep = rules.reporters().get(r["reporter"].strip())
            if rep is None:
                raise DataError(f.path, r.row, f"unknown reporter {r['reporter']!r}")
            counterpart = rules.partner_names().get(r["partner"].strip())
            if counterpart is None:
                raise DataError(f.path, r.row, f"unknown partner {r['partner']!r}")
            flow = r["flow"].strip()
            if flow not in rules.FLOWS:
                raise DataError(f.path, r.row, f"unknown flow {flow!r}")
            kind = self.coded_kind(f, r)
            derived = kind == "DERIVED"
            period = self.period(f, r, r["year"])
            reject = rules.bad_reason(f.dataset, r.cells)
            figures = [
                (m, self.number(f, r, col), u)
                for m, col, u in (
                    ("value", "value_usd_m", rules.units()["USD million"]),
                    ("share", "share_pct", rules.units()["percent"]),
                    ("rank", "rank", rules.units()["percent"]),
                )
            ]
            if all(n is None for _, n, _ in figures):
                self.skip(f)
                continue
            sid = self.source(f, r, kind, derived)
            for measure, num, unit in figures:
                if num is None:
                    continue
                self.emit(
                    f,
                    r,
                    measure=measure,
                    reporter=rep,
                    counterpart=counterpart,
                    peru_flow=flow,
                    product="TOTAL",
                    period=period,
                    number=num,
                    unit=unit,
                    source_id=sid,
                    kind=kind,
                    derived=derived,
                    reject=reject,
                )

    def _product_rows(self, f: RawFile, sides: bool) -> None:
        for r in f.rows:
            kind = self.coded_kind(f, r)
            derived = kind == "DERIVED"
            value = self.number(f, r, "value_usd_m")
            volume = self.number(f, r, "volume_t")
            if value is None and volume is None:
                self.skip(f)
                continue
            if sides:
                side = rules.flow_sides().get(r["flow_side"].strip())
                if side is None:
                    raise DataError(f.path, r.row, f"unknown flow_side {r['flow_side']!r}")
                rep, flow = side
            else:
                rep, flow = rules.Reporter("PER", "peru"), "export"
            product = rules.product_code(r["hs_code"])
            if product is None:
                raise DataError(f.path, r.row, f"unknown hs_code {r['hs_code']!r}")
            counterpart = rules.partner_from_product_text(r["product"], r["note"])
            if rep.iso3 == "CHN":
                counterpart = "CHN"
            peru_flow = flow if rep.iso3 == "PER" else rules.MIRROR_FLOW[flow]
            period = self.period(f, r, r["year"])
            reject = rules.bad_reason(f.dataset, r.cells)
            sid = self.source(f, r, kind, derived)
            for measure, num, unit in (
                ("value", value, rules.units()["USD million"]),
                ("volume", volume, rules.units()["tonnes"]),
            ):
                if num is not None:
                    self.emit(
                        f,
                        r,
                        measure=measure,
                        reporter=rep,
                        counterpart=counterpart,
                        peru_flow=peru_flow,
                        product=product,
                        period=period,
                        number=num,
                        unit=unit,
                        source_id=sid,
                        kind=kind,
                        derived=derived,
                        reject=reject,
                    )

    def products_by_year(self, f: RawFile) -> None:
        """Peru's exports to China by product (Peru FOB or China CIF side)."""
        self._product_rows(f, sides=True)

    def alpaca_by_year(self, f: RawFile) -> None:
        """Alpaca fibre, garments and toys exported by Peru."""
        self._product_rows(f, sides=False)

    def china_side_by_year(self, f: RawFile) -> None:
        """China-reported (mirror) trade with Peru."""
        for r in f.rows:
            rep = rules.china_reporter(r["reporter"].strip())
            if rep is None:
                raise DataError(f.path, r.row, f"unknown reporter {r['reporter']!r}")
            if r["partner"].strip() != "Peru":
                raise DataError(f.path, r.row, f"partner must be Peru, found {r['partner']!r}")
            flow = r["flow"].strip()
            if flow not in ("trade", "export", "import"):
                raise DataError(f.path, r.row, f"unknown flow {flow!r}")
            unit = rules.units().get(r["unit"].strip())
            if unit is None:
                raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
            kind = self.coded_kind(f, r)
            num = self.number(f, r, "value")
            if num is None:
                self.skip(f)
                continue
            period = self.period(f, r, r["year"])
            sid = self.source(f, r, kind, kind == "DERIVED")
            self.emit(
                f,
                r,
                measure=unit.measure or "value",
                reporter=rep,
                counterpart="CHN",
                peru_flow=rules.MIRROR_FLOW[flow],
                product="TOTAL",
                period=period,
                number=num,
                unit=unit,
                source_id=sid,
                kind=kind,
                derived=kind == "DERIVED",
                reject=rules.bad_reason(f.dataset, r.cells),
            )

    def tourists_by_year(self, f: RawFile) -> None:
        """Chinese visitor arrivals in Peru."""
        for r in f.rows:
            unit = rules.units().get(r["unit"].strip())
            if unit is None or unit.measure != "arrivals":
                raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
            kind = self.coded_kind(f, r)
            num = self.number(f, r, "arrivals")
            if num is None:
                self.skip(f)
                continue
            period = self.period(f, r, r["year"])
            sid = self.source(f, r, kind, kind == "DERIVED")
            self.emit(
                f,
                r,
                measure="arrivals",
                reporter=rules.Reporter("PER", "peru"),
                counterpart="CHN",
                peru_flow="tourism",
                product="TOURISM",
                period=period,
                number=num,
                unit=unit,
                source_id=sid,
                kind=kind,
                derived=kind == "DERIVED",
                reject=rules.bad_reason(f.dataset, r.cells),
            )

    def figures(self, f: RawFile) -> None:
        """The first ledger: topics A-C become observations, topic D Chancay facts."""
        for r in f.rows:
            derived_cell = r["derived"].strip().lower()
            if derived_cell not in ("yes", "no"):
                raise DataError(f.path, r.row, f"derived must be yes or no, found {r['derived']!r}")
            if not r["source_kind"].strip():
                raise DataError(f.path, r.row, "unknown source kind ''")
            kind = rules.kind_from_text(r["source_kind"])
            derived = derived_cell == "yes" or kind == "DERIVED"
            if derived:
                kind = "DERIVED"
            unit = rules.units().get(r["unit"].strip())
            if unit is None:
                raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
            num = self.number(f, r, "value")
            if num is None:
                raise DataError(f.path, r.row, "value is empty")
            topic = r["topic"].strip()
            metric_text = r["metric"].strip()
            sid = self.source(f, r, kind, derived)
            if topic == "D":
                metric = rules.chancay_metrics().get(metric_text)
                if metric is None:
                    raise DataError(f.path, r.row, f"unknown Chancay metric {metric_text!r}")
                qual = num[1]
                if qual == "exact" and "planned" in r["period"].lower():
                    qual = "projected"
                self.fact(
                    f"figures-{r.row:04d}",
                    metric,
                    num[0] * unit.factor,
                    unit.unit,
                    qual,
                    r["period"],
                    r["source_kind"],
                    sid,
                    kind,
                    r["note"],
                )
                continue
            if topic not in ("A", "B", "C"):
                raise DataError(f.path, r.row, f"unknown topic {topic!r}")
            m = rules.metrics().get(metric_text)
            if m is None:
                raise DataError(f.path, r.row, f"unknown metric {metric_text!r}")
            if unit.measure and unit.measure != m.measure:
                raise DataError(f.path, r.row, f"unit {r['unit']!r} does not fit measure {m.measure}")
            period = rules.parse_period("", r["period"])
            if period is None:
                raise DataError(f.path, r.row, f"cannot read period {r['period']!r}")
            if m.reporter == "PER":
                rep, counterpart, peru_flow = rules.Reporter("PER", "peru"), m.partner, m.flow
            else:
                rep, counterpart, peru_flow = rules.Reporter("CHN", "china"), "CHN", rules.MIRROR_FLOW[m.flow]
            self.emit(
                f,
                r,
                measure=m.measure,
                reporter=rep,
                counterpart=counterpart,
                peru_flow=peru_flow,
                product=m.product,
                period=period,
                number=num,
                unit=unit,
                source_id=sid,
                kind=kind,
                derived=derived,
                reject=rules.bad_reason(f.dataset, r.cells),
            )

    def fact(
        self,
        fact_id: str,
        metric: str,
        value: Decimal,
        unit: str,
        qual: str,
        period: str,
        stated_by: str,
        sid: str,
        kind: str,
        note: str,
    ) -> None:
        """Append one Chancay fact."""
        self.facts.append(
            {
                "fact_id": fact_id,
                "metric": metric,
                "value": float(value),
                "unit": unit,
                "qualifier": qual,
                "period": period.strip(),
                "stated_by": stated_by.strip(),
                "source_id": sid,
                "kind": kind,
                "note": note.strip(),
                "duplicate_of": "",
            }
        )

    def chancay(self, f: RawFile) -> None:
        """The Chancay ledger: one fact per row."""
        for r in f.rows:
            kind = self.coded_kind(f, r)
            unit = rules.units().get(r["unit"].strip())
            if unit is None:
                raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
            qual = rules.CHANCAY_QUALIFIERS.get(r["qualifier"].strip())
            if qual is None:
                raise DataError(f.path, r.row, f"unknown qualifier {r['qualifier']!r}")
            num = self.number(f, r, "value")
            if num is None:
                raise DataError(f.path, r.row, "value is empty")
            sid = self.source(f, r, kind, False)
            self.fact(
                f"chancay-{r.row:02d}",
                r["metric"].strip(),
                num[0] * unit.factor,
                unit.unit,
                qual,
                r["period"],
                r["stated_by"],
                sid,
                kind,
                r["note"],
            )

    def events_file(self, f: RawFile) -> None:
        """Dated milestones."""
        formats = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
        for r in f.rows:
            kind = self.coded_kind(f, r)
            date, precision = r["date"].strip(), r["precision"].strip()
            if precision not in formats:
                raise DataError(f.path, r.row, f"unknown precision {precision!r}")
            if not re.fullmatch(formats[precision], date):
                raise DataError(f.path, r.row, f"date {date!r} does not match precision {precision}")
            text = r["event"].strip()
            category, country = rules.event_category(text), rules.event_country(text)
            base = f"{date}-{country.lower()}-{category.replace('_', '-')}"
            event_id, n = base, 2
            taken = {e["event_id"] for e in self.events}
            while event_id in taken:
                event_id, n = f"{base}-{n}", n + 1
            sid = self.source(f, r, kind, False)
            self.events.append(
                {
                    "event_id": event_id,
                    "date": date,
                    "precision": precision,
                    "year": int(date[:4]),
                    "category": category,
                    "country": country,
                    "event": text,
                    "source_id": sid,
                    "kind": kind,
                    "note": r["note"].strip(),
                }
            )

    def baci(self, f: RawFile, source_url: str, title: str) -> None:
        """A BACI extract in the comflow layout: Peru's flows by HS4, values in whole USD."""
        sid = self.sources.add(source_url, "BACI", title=title)
        full = rules.Period(0, "FY", "full_year", 12)
        for r in f.rows:
            exporter, importer = r["exporter"].strip(), r["importer"].strip()
            if exporter == "PER":
                counterpart, peru_flow = importer, "export"
            elif importer == "PER":
                counterpart, peru_flow = exporter, "import"
            else:
                raise DataError(f.path, r.row, "flow does not involve Peru (PER)")
            if not re.fullmatch(r"[A-Z]{3}", counterpart):
                raise DataError(f.path, r.row, f"bad ISO3 code {counterpart!r}")
            hs4 = r["hs4"].strip().zfill(4)
            if not re.fullmatch(r"\d{4}", hs4):
                raise DataError(f.path, r.row, f"bad hs4 {r['hs4']!r}")
            if r["commodity"].strip():
                self.product_names.setdefault(hs4, r["commodity"].strip())
            if not re.fullmatch(r"\d{4}", r["year"].strip()):
                raise DataError(f.path, r.row, f"year is not a year: {r['year']!r}")
            period = rules.Period(int(r["year"]), full.period, full.kind, full.months)
            value = self.number(f, r, "value_usd")
            tonnes = self.number(f, r, "tonnes")
            usd, tonnes_unit = rules.units()["USD"], rules.units()["tonnes"]
            for measure, num, unit in (("value", value, usd), ("volume", tonnes, tonnes_unit)):
                if num is not None:
                    self.emit(
                        f,
                        r,
                        measure=measure,
                        reporter=rules.Reporter("PER", "baci"),
                        counterpart=counterpart,
                        peru_flow=peru_flow,
                        product=hs4,
                        period=period,
                        number=num,
                        unit=unit,
                        source_id=sid,
                        kind="BACI",
                        derived=False,
                        reject=None,
                    )


# --------------------------------------------------------------------------- ranking


def _rank_key(o: dict[str, object]) -> tuple:
    months = o["months"]
    return (
        o["status"] == "rejected",
        bool(o.get("duplicate_of")),
        rules.PERIOD_RANK[str(o["period_kind"])],
        bool(o["derived"]),
        rules.KIND_RANK[str(o["kind"])],
        rules.QUALIFIER_RANK[str(o["qualifier"])],
        -(int(months) if months is not None and not pd.isna(months) else 0),
        str(o["obs_id"]),
    )


def alternative_reason(alt: dict[str, object], pref: dict[str, object]) -> str:
    """Why `alt` is not preferred to `pref`, naming the preferred obs_id."""
    pid = pref["obs_id"]
    if alt.get("duplicate_of"):
        return f"duplicate of {alt['duplicate_of']}"
    a, p = _rank_key(alt), _rank_key(pref)
    if a[2] != p[2]:
        if pref["period_kind"] == "full_year" and alt["period_kind"] in ("partial", "month"):
            return f"partial year; full-year figure {pid} exists"
        return f"{alt['period_kind']} figure; {pref['period_kind']} figure {pid} preferred"
    if a[3] != p[3]:
        return f"derived; reported figure {pid} exists"
    if a[4] != p[4]:
        return f"lower-ranked than {pid} ({pref['kind']} > {alt['kind']})"
    if a[5] != p[5]:
        return f"qualifier {alt['qualifier']}; {pref['qualifier']} figure {pid} preferred"
    if a[6] != p[6]:
        return f"shorter period ({alt['period']}); {pid} covers {pref['period']}"
    return f"same rank as {pid}; tie broken by obs_id"


def assign_status(obs: pd.DataFrame) -> pd.DataFrame:
    """Apply the preferred-figure rule within each series key; returns a new frame."""
    obs = obs.copy()
    if "duplicate_of" not in obs:
        obs["duplicate_of"] = ""
    records = obs.to_dict("records")
    groups: dict[tuple, list[int]] = {}
    for i, o in enumerate(records):
        groups.setdefault(tuple(o[k] for k in schema.SERIES_KEY), []).append(i)
    status = [""] * len(records)
    reason = [""] * len(records)
    for idx in groups.values():
        ranked = sorted(idx, key=lambda i: _rank_key(records[i]))
        best = records[ranked[0]]
        for i in ranked:
            o = records[i]
            if o["status"] == "rejected":
                status[i], reason[i] = "rejected", str(o["status_reason"])
            elif i == ranked[0]:
                status[i], reason[i] = "preferred", ""
            else:
                status[i], reason[i] = "alternative", alternative_reason(o, best)
    obs["status"] = status
    obs["status_reason"] = reason
    return obs


def mark_duplicates(obs: pd.DataFrame) -> pd.Series:
    """For figures.csv rows repeating another file's row (same series, value, year, URL): its obs_id."""
    key = [*schema.SERIES_KEY, "source_id", "value"]
    others = obs[(obs["dataset"] != "figures") & (obs["status"] != "rejected")]
    first = others.sort_values("obs_id").drop_duplicates(key)[[*key, "obs_id"]]
    merged = obs[key].merge(first, on=key, how="left")
    dup = merged["obs_id"].fillna("").astype(str)
    dup.index = obs.index
    return dup.where((obs["dataset"] == "figures") & ~obs["source_id"].str.startswith("src-derived-"), "")


# --------------------------------------------------------------------------- tables


def products_frame(codes: set[str], extra_names: dict[str, str], where: str) -> pd.DataFrame:
    """The product hierarchy for the used codes plus every curated code and group."""
    wanted = set(codes) | set(rules.hs_names()) | set(rules.groups()) | {"TOTAL"}
    rows: dict[str, dict[str, str]] = {}

    def add(code: str) -> None:
        if code in rows:
            return
        if code == "TOTAL":
            rows[code] = {
                "code": code,
                "name": "All goods",
                "level": "total",
                "hs_chapter": "",
                "hs_section": "",
                "parent": "",
            }
            return
        if code in rules.groups():
            rows[code] = {
                "code": code,
                "name": rules.groups()[code],
                "level": "group",
                "hs_chapter": "",
                "hs_section": "",
                "parent": "TOTAL",
            }
            return
        if re.fullmatch(r"S\d{2}", code):
            label = next(lab for _, c, lab in rules.hs_sections() if c == code)
            rows[code] = {
                "code": code,
                "name": label.split(" ", 1)[1],
                "level": "section",
                "hs_chapter": "",
                "hs_section": label,
                "parent": "TOTAL",
            }
            return
        if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
            raise DataError(where, None, f"product code {code!r} is neither an HS code nor a known group")
        level = {2: "chapter", 4: "heading", 6: "subheading"}[len(code)]
        # An imported release can bring codes without a curated name: label them by their code, never guess.
        name = rules.hs_names().get(code) or extra_names.get(code) or f"HS {level} {code}"
        chapter = code[:2]
        sec_code, sec_label = rules.hs_section(chapter)
        parent = {2: sec_code, 4: chapter, 6: code[:4]}[len(code)]
        rows[code] = {
            "code": code,
            "name": name,
            "level": level,
            "hs_chapter": chapter,
            "hs_section": sec_label,
            "parent": parent,
        }
        add(parent)

    for code in sorted(wanted):
        add(code)
    return pd.DataFrame(list(rows.values()), columns=schema.PRODUCTS.names)


def partners_frame(codes: set[str]) -> pd.DataFrame:
    """Partner codes and names: the curated map plus any further code met (named by its code)."""
    names = dict(rules.partners())
    for c in codes:
        names.setdefault(c, c)
    return pd.DataFrame(sorted(names.items()), columns=schema.PARTNERS.names)


def build_tables(raw: str | Path) -> dict[str, pd.DataFrame]:
    """Read every raw file under `raw` and return the tidy tables (validated)."""
    raw_dir = Path(raw)
    b = Builder()
    handlers: dict[str, Callable[[RawFile], None]] = {
        "partners_by_year": b.partners_by_year,
        "products_by_year": b.products_by_year,
        "figures": b.figures,
        "china_side_by_year": b.china_side_by_year,
        "tourists_by_year": b.tourists_by_year,
        "alpaca_by_year": b.alpaca_by_year,
        "chancay": b.chancay,
        "events": b.events_file,
    }
    for stem in EVIDENCE:
        handlers[stem](read_raw(raw_dir / "evidence" / f"{stem}.csv", stem))
    baci_dir = raw_dir / "baci"
    if (baci_dir / SHIPPED_BACI).exists():
        b.baci(
            read_raw(baci_dir / SHIPPED_BACI, "baci"),
            rules.BACI_URL,
            "BACI HS22 V202601, Peru flows for 16 commodities (comflow docs/data/flows.json)",
        )
    for p in sorted(baci_dir.glob("imported_*.csv")):
        m = IMPORTED_BACI.fullmatch(p.name)
        if not m:
            continue
        rel = m.group("release")
        b.baci(
            read_raw(p, f"baci_imported_{rel.lower()}", layout="baci"),
            f"{rules.BACI_RELEASE_URL}#{rel}",
            f"CEPII BACI HS22 {rel} (imported with `import-baci`)",
        )

    obs = pd.DataFrame(b.obs, columns=[*schema.OBSERVATIONS.names])
    obs["months"] = obs["months"].astype("Int64")
    obs["duplicate_of"] = mark_duplicates(obs)
    obs = assign_status(obs)
    obs = obs.drop(columns="duplicate_of").sort_values("obs_id").reset_index(drop=True)

    facts = pd.DataFrame(b.facts, columns=schema.CHANCAY.names)
    own = facts[facts["fact_id"].str.startswith("chancay-")]
    for i, fct in facts.iterrows():
        if fct["fact_id"].startswith("figures-"):
            same = own[
                (own["metric"] == fct["metric"])
                & (own["value"] == fct["value"])
                & (own["unit"] == fct["unit"])
                & (own["source_id"] == fct["source_id"])
            ]
            if len(same):
                facts.at[i, "duplicate_of"] = sorted(same["fact_id"])[0]

    events = pd.DataFrame(b.events, columns=schema.EVENTS.names)
    partner_codes = set(obs["partner"]) | set(obs["peru_partner"]) | set(events["country"])
    tables = {
        "observations": obs,
        "sources": b.sources.frame(obs),
        "events": events,
        "chancay": facts,
        "products": products_frame(set(obs["product"]), b.product_names, str(raw_dir)),
        "partners": partners_frame(partner_codes),
    }
    return {k: v.sort_values(schema.TABLES[k].pk, kind="stable").reset_index(drop=True) for k, v in tables.items()}


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path) -> dict[str, Path]:
    """Validate, then write all tables into `out` atomically (temp dir in `out`, then os.replace)."""
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        written = {}
        for name, table in schema.TABLES.items():
            p = tmp / table.filename
            p.write_bytes(schema.to_csv_text(tables[name], table).encode("utf-8"))
            written[name] = p
        # validate exactly what was written, reporting the final file names
        reread = {name: schema.read_table(written[name], schema.TABLES[name]) for name in schema.TABLES}
        final = {name: str(out_dir / t.filename) for name, t in schema.TABLES.items()}
        schema.validate(reread, final)
        for name, table in schema.TABLES.items():
            os.replace(written[name], out_dir / table.filename)
        return {name: out_dir / t.filename for name, t in schema.TABLES.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build(raw: str | Path = "data/raw", out: str | Path = "data") -> dict[str, pd.DataFrame]:
    """Build the tidy tables from `raw` and write them into `out`; returns the tables."""
    tables = build_tables(raw)
    write_tables(tables, out)
    return tables
