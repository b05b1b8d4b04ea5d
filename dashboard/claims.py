"""Claim registry and verdict functions: pure code that turns the tidy tables into a verdict per claim."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.data.vocab import PARTIAL_PERIODS, kind_rank
from dashboard.strings import t

SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE = "supported", "partly_supported", "contradicted", "not_checkable"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE)
KINDS = ("quantitative", "dated_fact", "qualitative", "forward_looking")

# Evidence bases for one year's ranking, strongest first.
FULL, DERIVED, PARTIAL, NONE = "full", "derived", "partial", "none"
_BASIS_ORDER = {FULL: 0, DERIVED: 1, PARTIAL: 2, NONE: 3}
_LEADER_COLUMNS = (
    "obs_id",
    "year",
    "period",
    "period_kind",
    "peru_partner",
    "peru_flow",
    "product",
    "measure",
    "value",
    "unit",
    "source_id",
    "kind",
    "derived",
    "status",
    "source_family",
)


@dataclass(frozen=True)
class Claim:
    """One claim of the article as registered in data/claims.toml."""

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


@dataclass(frozen=True)
class Registry:
    """The article's metadata and its claims, in registry order."""

    article: Mapping[str, str]
    claims: tuple[Claim, ...]

    def get(self, claim_id: str) -> Claim | None:
        """Return the claim with this id, or None."""
        return next((c for c in self.claims if c.id == claim_id), None)


@dataclass
class Result:
    """A computed verdict with its explanation, the rule applied, its inputs, sources and sensitivity."""

    claim_id: str
    verdict: str
    explanation: str
    rule: str
    inputs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    settle: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data."""
        return asdict(self)


def load_registry(path: str | Path) -> Registry:
    """Read the claims registry (TOML) and check that every claim is well-formed."""
    path = Path(path)
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    claims = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("claim", []), start=1):
        missing = {"id", "quote", "paragraph", "kind", "check"} - item.keys()
        if missing:
            raise ValueError(f"{path}: claim {i}: missing {', '.join(sorted(missing))}")
        if item["id"] in seen:
            raise ValueError(f"{path}: claim {i}: duplicate id {item['id']}")
        if item["kind"] not in KINDS:
            raise ValueError(f"{path}: claim {item['id']}: unknown kind {item['kind']}")
        if item["check"] not in CHECKS:
            raise ValueError(f"{path}: claim {item['id']}: unknown check {item['check']}")
        seen.add(item["id"])
        claims.append(
            Claim(
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
        )
    return Registry(article=raw.get("article", {}), claims=tuple(claims))


# --------------------------------------------------------------------------------------------- helpers


def _fmt(value: float) -> str:
    """Format a number for an explanation: thousands separators, at most one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def _pct(new: float, old: float) -> str:
    """Format the growth from old to new as a signed percentage."""
    return f"{(new / old - 1) * 100:+.0f}%"


def partner_name(code: str) -> str:
    """Return a partner's display name, falling back to its code."""
    return t("partner.other") if code == "other" else t(f"partner.{code}", default=code)


def period_label(row: Mapping[str, Any]) -> str:
    """Return a figure's period for people: '2023', 'Jan-Oct 2024' or 'season 2017/18'."""
    kind, period, year = row["period_kind"], str(row["period"]), int(row["year"])
    if kind == "full_year":
        return str(year)
    return period if str(year) in period else f"{period} {year}"


def _input(row: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """Return one input of a verdict: the figure, its period and its source."""
    keys = _LEADER_COLUMNS  # the figure's identity, period, value, source and status
    out = {k: (row[k].item() if hasattr(row[k], "item") else row[k]) for k in keys if k in row}
    out.update(extra)
    return out


def join_list(items: Sequence[object]) -> str:
    """Join items for a sentence: 'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + t("list.and") + words[-1]


def _sources(inputs: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return the distinct source ids of inputs, in first-seen order."""
    return list(dict.fromkeys(i["source_id"] for i in inputs if i.get("source_id")))


def _combine(parts: Sequence[str]) -> str:
    """Combine the verdicts of a claim's parts into one."""
    if not parts:
        return NOT_CHECKABLE
    if all(p == SUPPORTED for p in parts):
        return SUPPORTED
    if all(p == CONTRADICTED for p in parts):
        return CONTRADICTED
    if all(p == NOT_CHECKABLE for p in parts):
        return NOT_CHECKABLE
    return PARTLY


def _usable(obs: pd.DataFrame) -> pd.DataFrame:
    """Drop rejected observations."""
    return obs[obs["status"] != "rejected"]


# --------------------------------------------------------------------------------- who leads each year


Row = dict[str, Any]


def _kind_key(row: Row) -> tuple[int, str]:
    """Sort key: most reliable kind first, then obs_id for a deterministic choice."""
    return kind_rank(row["kind"]), row["obs_id"]


def _tiers(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Split a year's figures into evidence tiers, strongest first."""
    full = [r for r in rows if r["period_kind"] == "full_year"]
    return [
        (FULL, [r for r in full if not r["derived"]]),
        (DERIVED, [r for r in full if r["derived"]]),
        (PARTIAL, [r for r in rows if r["period_kind"] in PARTIAL_PERIODS]),
    ]


def _leader_in(tier: list[Row]) -> tuple[str | None, list[Row]]:
    """Return (leader, evidence rows) from one tier: an explicit rank 1, else the largest share, else value."""
    firsts = sorted((r for r in tier if r["measure"] == "rank" and r["value"] == 1), key=_kind_key)
    if firsts:
        return str(firsts[0]["peru_partner"]), firsts[:1]
    for measure in ("share", "value"):
        rows = [r for r in tier if r["measure"] == measure and (measure == "share" or r["unit"] == "USD million")]
        best: dict[str, Row] = {}
        for r in sorted(rows, key=_kind_key):
            best.setdefault(r["peru_partner"], r)
        if len(best) >= 2:
            ranked = sorted(best.values(), key=lambda r: -r["value"])
            return str(ranked[0]["peru_partner"]), ranked
    return None, []


def year_leaders(
    obs: pd.DataFrame, *, flow: str, family: str, years: Sequence[int], partner: str = "CHN"
) -> pd.DataFrame:
    """Return, per year, who led Peru's `flow` on `family` figures, the evidence basis and the rows used."""
    pool = obs[
        (obs["status"] != "rejected")
        & (obs["source_family"] == family)
        & (obs["peru_partner"] != "WLD")
        & (obs["product"] == "TOTAL")
        & obs["measure"].isin(["rank", "share", "value"])
        & obs["year"].isin(list(years))
    ][list(_LEADER_COLUMNS)]
    by_year: dict[int, list[Row]] = {}
    for row in pool.to_dict("records"):
        row["derived"] = bool(row["derived"])
        by_year.setdefault(int(row["year"]), []).append(row)
    records = []
    for year in years:
        in_year = by_year.get(year, [])
        record = _lead_for_flow(in_year, flow, partner)
        if record["leader"] is None and flow == "trade":
            record = _trade_from_parts(in_year, partner)
        records.append({"year": year, **record})
    return pd.DataFrame.from_records(records, columns=["year", "leader", "partner_rank", "basis", "evidence", "how"])


def _no_leader(evidence: list[Row] | None = None, how: str = "") -> dict[str, Any]:
    """A year with no leader found."""
    return {"leader": None, "partner_rank": None, "basis": NONE, "evidence": evidence or [], "how": how}


def _lead_for_flow(rows: list[Row], flow: str, partner: str) -> dict[str, Any]:
    """Find the leader of one flow in one year's rows, trying the strongest tier first."""
    rows = [r for r in rows if r["peru_flow"] == flow]
    for basis, tier in _tiers(rows):
        own = [r for r in tier if r["peru_partner"] == partner and r["measure"] == "rank"]
        leader, evidence = _leader_in(tier)
        if leader is not None:
            rank = int(min(r["value"] for r in own)) if own else (1 if leader == partner else None)
            return {"leader": leader, "partner_rank": rank, "basis": basis, "evidence": evidence, "how": "ranked"}
        behind = [r for r in own if r["value"] > 1]
        if behind:  # the partner is known not to lead, whoever does
            rank = int(min(r["value"] for r in behind))
            return {"leader": "other", "partner_rank": rank, "basis": basis, "evidence": behind[:1], "how": "ranked"}
    return _no_leader()


def _trade_from_parts(rows: list[Row], partner: str) -> dict[str, Any]:
    """Infer the largest trading partner: a partner that leads both exports and imports leads their sum."""
    exp = _lead_for_flow(rows, "export", partner)
    imp = _lead_for_flow(rows, "import", partner)
    if exp["leader"] is None or imp["leader"] is None:
        return _no_leader()
    evidence = exp["evidence"] + imp["evidence"]
    if exp["leader"] == imp["leader"] and exp["leader"] != "other":
        basis = max(exp["basis"], imp["basis"], key=_BASIS_ORDER.__getitem__)
        rank = 1 if exp["leader"] == partner else None
        how = "both_flows"
        return {"leader": exp["leader"], "partner_rank": rank, "basis": basis, "evidence": evidence, "how": how}
    return _no_leader(evidence, "split")


def _run_verdict(leaders: pd.DataFrame, partner: str) -> str:
    """Verdict for 'partner led in every one of these years' from a year_leaders table."""
    known = leaders[leaders["leader"].notna()]
    if len(known) * 2 < len(leaders):
        return NOT_CHECKABLE
    others = known[known["leader"] != partner]
    if (others["basis"] == FULL).any():
        return CONTRADICTED
    if others.empty and len(known) == len(leaders) and (known["basis"] == FULL).all():
        return SUPPORTED
    return PARTLY


def _run_length(leaders: pd.DataFrame, partner: str) -> int:
    """Count the consecutive years, back from the last, in which partner led."""
    n = 0
    for leader in reversed(leaders["leader"].tolist()):
        if leader != partner:
            break
        n += 1
    return n


def check_leader_run(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check 'partner was Peru's No. 1 (flow) for N consecutive years' on each family and measure."""
    p = claim.params
    partner, flow, n, end = p["partner"], p["flow"], int(p["years"]), int(p["end_year"])
    years = list(range(end - n + 1, end + 1))
    main_family = p.get("family", "peru")

    sensitivity = []
    main: pd.DataFrame | None = None
    # narrow once: year_leaders runs for every family and measure below
    obs = obs[(obs["product"] == "TOTAL") & obs["measure"].isin(["rank", "share", "value"])][list(_LEADER_COLUMNS)]
    for family in p.get("families", [main_family]):
        for measure in p.get("flows", [flow]):
            leaders = year_leaders(obs, flow=measure, family=family, years=years, partner=partner)
            verdict = _run_verdict(leaders, partner)
            sensitivity.append(
                {
                    "family": family,
                    "flow": measure,
                    "verdict": verdict,
                    "years_led": int((leaders["leader"] == partner).sum()),
                    "years_known": int(leaders["leader"].notna().sum()),
                    "weak_years": [int(y) for y in leaders.loc[leaders["basis"].isin([DERIVED, PARTIAL]), "year"]],
                    "other_years": [
                        int(y) for y in leaders.loc[leaders["leader"].notna() & (leaders["leader"] != partner), "year"]
                    ],
                    "by_year": {int(r.year): ("" if pd.isna(r.leader) else r.leader) for r in leaders.itertuples()},
                }
            )
            if family == main_family and measure == flow:
                main = leaders
    assert main is not None
    verdict = _run_verdict(main, partner)

    inputs = []
    for row in main.itertuples():
        if row.leader is None:
            inputs.append({"year": int(row.year), "leader": "", "basis": NONE, "source_id": ""})
            continue
        for ev in row.evidence:
            inputs.append(_input(ev, leader=row.leader, basis=row.basis, how=row.how))
    led = main[main["leader"] == partner]
    weak = main[(main["leader"] == partner) & (main["basis"] != FULL)]["year"].tolist()
    gaps = main[main["leader"].isna()]["year"].tolist()
    others = main[main["leader"].notna() & (main["leader"] != partner)]
    names = {"export": t("flow.export_market"), "import": t("flow.import_source"), "trade": t("flow.trading_partner")}
    explanation = t(
        "verdict.leader_run",
        partner=t(f"partner.{partner}"),
        what=names.get(flow, flow),
        family=t(f"family.{main_family}"),
        led=len(led),
        n=n,
        first=years[0],
        last=years[-1],
        run=_run_length(main, partner),
    )
    if weak:
        explanation += " " + t("verdict.leader_run.weak", years=join_list(weak))
    if gaps:
        explanation += " " + t("verdict.leader_run.gaps", years=join_list(gaps))
    if not others.empty:
        explanation += " " + t(
            "verdict.leader_run.others",
            years=join_list([f"{int(r.year)} ({partner_name(r.leader)})" for r in others.itertuples()]),
        )
    rule = t("rule.leader_run", n=n, first=years[0], last=years[-1])
    settle = t("settle.leader_run") if verdict != SUPPORTED else ""
    return Result(claim.id, verdict, explanation, rule, inputs, _sources(inputs), sensitivity, settle)


# ------------------------------------------------------------------------------------------ dated facts


def _latam(events: pd.DataFrame) -> pd.DataFrame:
    """Keep events whose subject is a Latin American or Caribbean country."""
    return events[events["country"].isin(LATAM)]


def _event_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return one dated event as a verdict input."""
    return {
        "event_id": row["event_id"],
        "date": str(row["date"]),
        "country": row["country"],
        "event": row["event"],
        "source_id": row["source_id"],
        "kind": row["kind"],
    }


def _scope(row: Mapping[str, Any], events: pd.DataFrame) -> str:
    """Return an FTA's scope as the evidence states it: 'goods only', 'comprehensive' or ''."""
    text = f"{row['event']} {row.get('note', '')}".lower()
    if "goods only" in text:
        return "goods_only"
    name = COUNTRY_NAMES.get(str(row["country"]), "").lower()
    notes = " ".join(events["note"].fillna("").str.lower()) + " " + " ".join(events["event"].str.lower())
    if name and f"{name}'s is the first comprehensive" in notes:
        return "comprehensive"
    return ""


def check_first_fta(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check 'the subject was the first Latin American country to sign an FTA (package) with China'."""
    subject = claim.params["subject"]
    ftas = _latam(events[events["category"] == claim.params.get("category", "fta")]).sort_values(["date", "event_id"])
    if ftas.empty or subject not in set(ftas["country"]):
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.no_events", what=t("event.fta")),
            t("rule.first_fta"),
            settle=t("settle.first_fta"),
        )
    signed = ftas[ftas["country"] == subject].iloc[0]
    earlier = ftas[(ftas["date"].str[:4] < str(signed["date"])[:4]) & (ftas["country"] != subject)]
    inputs = [_event_input(r) for _, r in pd.concat([earlier, signed.to_frame().T]).iterrows()]
    subject_scope = _scope(signed, events)
    if earlier.empty:
        verdict = SUPPORTED
        explanation = t("verdict.first_fta.first", country=t(f"partner.{subject}"), date=signed["date"])
    else:
        first = earlier.iloc[0]
        earlier_scopes = {_scope(r, events) for _, r in earlier.iterrows()}
        # an earlier goods-only agreement leaves Peru first only as a comprehensive package
        only_in_part = subject_scope == "comprehensive" and earlier_scopes <= {"goods_only"}
        verdict = PARTLY if only_in_part else CONTRADICTED
        explanation = t(
            "verdict.first_fta.comprehensive" if only_in_part else "verdict.first_fta.not_first",
            other=t(f"partner.{first['country']}"),
            other_year=str(first["date"])[:4],
            country=t(f"partner.{subject}"),
            date=signed["date"],
        )
    return Result(claim.id, verdict, explanation, t("rule.first_fta"), inputs, _sources(inputs))


def check_early_relations(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check 'the subject was among the first N Latin American countries' for each category of milestone."""
    subject, top_n = claim.params["subject"], int(claim.params.get("top_n", 3))
    parts, sentences, inputs, sensitivity = [], [], [], []
    for category in claim.params["categories"]:
        rows = _latam(events[events["category"] == category]).sort_values(["date", "event_id"])
        firsts = rows.drop_duplicates("country")
        what = t(f"event.{category}")
        if subject not in set(firsts["country"]):
            parts.append(NOT_CHECKABLE)
            sentences.append(t("verdict.early.missing", what=what, country=t(f"partner.{subject}")))
        elif len(firsts) == 1:
            parts.append(NOT_CHECKABLE)
            only = firsts.iloc[0]
            sentences.append(t("verdict.early.alone", what=what, country=t(f"partner.{subject}"), date=only["date"]))
        else:
            position = list(firsts["country"]).index(subject) + 1
            before = [partner_name(c) for c in firsts["country"][: position - 1]]
            parts.append(SUPPORTED if position <= top_n else CONTRADICTED)
            sentences.append(
                t(
                    "verdict.early.position",
                    what=what,
                    country=t(f"partner.{subject}"),
                    date=firsts.iloc[position - 1]["date"],
                    position=position,
                    before=join_list(before) or "-",
                    n=len(firsts),
                )
            )
        inputs += [_event_input(r) for _, r in firsts.iterrows()]
        sensitivity.append({"part": category, "verdict": parts[-1]})
    verdict = _combine(parts)
    settle = t("settle.early") if NOT_CHECKABLE in parts else ""
    return Result(
        claim.id, verdict, " ".join(sentences), t("rule.early", n=top_n), inputs, _sources(inputs), sensitivity, settle
    )


def check_event_date(claim: Claim, obs: pd.DataFrame, events: pd.DataFrame, **_: Any) -> Result:
    """Check that an event of a category happened in the stated month and says what the claim says."""
    p = claim.params
    rows = events[events["category"] == p["category"]].sort_values(["date", "event_id"])
    if rows.empty:
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.no_events", what=t(f"event.{p['category']}")),
            t("rule.event_date"),
            settle=t("settle.event_date"),
        )
    inputs = [_event_input(r) for _, r in rows.iterrows()]
    first = rows.iloc[0]
    date = str(first["date"])
    in_month = date[:7] == f"{int(p['year']):04d}-{int(p['month']):02d}"
    mentions = str(p.get("mentions", "")).lower() in f"{first['event']} {first.get('note', '')}".lower()
    verdict = SUPPORTED if in_month and mentions else (PARTLY if in_month or mentions else CONTRADICTED)
    later = "; ".join(f"{r['date']}: {r['event']}" for _, r in rows.iloc[1:].iterrows())
    explanation = t("verdict.event_date", date=date, event=first["event"])
    if later:
        explanation += " " + t("verdict.event_date.later", later=later)
    if not in_month:
        explanation += " " + t("verdict.event_date.other_month", year=p["year"], month=p["month"])
    return Result(claim.id, verdict, explanation, t("rule.event_date"), inputs, _sources(inputs))


# -------------------------------------------------------------------------------------- trade and trends


def _preferred_value(
    obs: pd.DataFrame, *, partner: str, flow: str, year: int, product: str = "TOTAL", family: str = "peru"
) -> pd.Series | None:
    """Return the preferred full-year value figure (US$ million) of a series in a year, or None."""
    rows = obs[
        (obs["status"] == "preferred")
        & (obs["source_family"] == family)
        & (obs["peru_partner"] == partner)
        & (obs["peru_flow"] == flow)
        & (obs["product"] == product)
        & (obs["measure"] == "value")
        & (obs["unit"] == "USD million")
        & (obs["year"] == year)
        & (obs["period_kind"] == "full_year")
    ]
    return None if rows.empty else rows.iloc[0]


def check_growth_since(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check that trade with the partner grew since the base year, faster than with the benchmark."""
    p = claim.params
    base, end = int(p["base_year"]), int(p["end_year"])
    rows = {
        (who, y): _preferred_value(obs, partner=who, flow=p["flow"], year=y)
        for who in (p["partner"], p["benchmark"])
        for y in (base, end)
    }
    inputs = [_input(r) for r in rows.values() if r is not None]
    unmeasured = join_list(p.get("fields_unmeasured", []))
    if rows[(p["partner"], base)] is None or rows[(p["partner"], end)] is None:
        return Result(
            claim.id,
            NOT_CHECKABLE,
            t("verdict.growth.missing", base=base, end=end),
            t("rule.growth"),
            inputs,
            _sources(inputs),
            settle=t("settle.growth"),
        )
    a0, a1 = float(rows[(p["partner"], base)]["value"]), float(rows[(p["partner"], end)]["value"])
    explanation = t(
        "verdict.growth.partner",
        partner=t(f"partner.{p['partner']}"),
        base=base,
        end=end,
        v0=_fmt(a0),
        v1=_fmt(a1),
        pct=_pct(a1, a0),
    )
    trade_part = SUPPORTED if a1 > a0 else CONTRADICTED
    if rows[(p["benchmark"], base)] is not None and rows[(p["benchmark"], end)] is not None:
        b0, b1 = float(rows[(p["benchmark"], base)]["value"]), float(rows[(p["benchmark"], end)]["value"])
        explanation += " " + t("verdict.growth.benchmark", v0=_fmt(b0), v1=_fmt(b1), pct=_pct(b1, b0))
        if a1 / a0 <= b1 / b0 and trade_part == SUPPORTED:
            trade_part = PARTLY
    if unmeasured:
        explanation += " " + t("verdict.growth.unmeasured", fields=unmeasured)
    verdict = _combine([trade_part, NOT_CHECKABLE]) if unmeasured else trade_part
    return Result(
        claim.id,
        verdict,
        explanation,
        t("rule.growth"),
        inputs,
        _sources(inputs),
        settle=t("settle.growth") if unmeasured else "",
    )


def _product_rows(obs: pd.DataFrame, product: str, partner: str) -> pd.DataFrame:
    """Usable value figures of Peru's exports of one product to the partner, on either side's statistics."""
    rows = _usable(obs)
    return rows[
        (rows["product"] == product)
        & (rows["peru_partner"] == partner)
        & (rows["peru_flow"] == "export")
        & (rows["measure"] == "value")
        & (rows["unit"] == "USD million")
    ]


def check_product_growth(claim: Claim, obs: pd.DataFrame, products: pd.DataFrame | None = None, **_: Any) -> Result:
    """Check that exports of each product to the partner grew between the first and last comparable figures."""
    p = claim.params
    parts, sentences, inputs = [], [], []
    for code in p["products"]:
        rows = _product_rows(obs, code, p["partner"])
        name = _product_name(products, code)
        best = None
        for family in ("peru", "china"):
            fam = rows[rows["source_family"] == family]
            for group in _comparable_pools(fam):
                pool = _best_per_year(group)
                if len(pool) >= 2 and (best is None or len(pool) > len(best)):
                    best = pool
        if best is None:
            parts.append(NOT_CHECKABLE)
            sentences.append(t("verdict.product.missing", product=name))
            continue
        first, last = best.iloc[0], best.iloc[-1]
        parts.append(SUPPORTED if last["value"] > first["value"] else CONTRADICTED)
        sentences.append(
            t(
                "verdict.product.trend",
                product=name,
                y0=period_label(first),
                y1=period_label(last),
                v0=_fmt(first["value"]),
                v1=_fmt(last["value"]),
                pct=_pct(last["value"], first["value"]),
                side=t(f"family.{first['source_family']}"),
            )
        )
        inputs += [_input(first), _input(last)]
    agri = _share_of_agri(obs)
    if agri:
        sentences.append(agri[0])
        inputs += agri[1]
    verdict = _combine(parts)
    return Result(
        claim.id,
        verdict,
        " ".join(sentences),
        t("rule.product_growth"),
        inputs,
        _sources(inputs),
        [{"part": c, "verdict": v} for c, v in zip(p["products"], parts, strict=True)],
        t("settle.product") if NOT_CHECKABLE in parts else "",
    )


def _best_per_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Keep one figure per year: the preferred one, else the most reliable kind."""
    ranked = rows.assign(_s=rows["status"] != "preferred", _k=rows["kind"].map(kind_rank))
    return ranked.sort_values(["year", "_s", "_k", "obs_id"]).drop_duplicates("year").drop(columns=["_s", "_k"])


def _comparable_pools(rows: pd.DataFrame) -> Iterable[pd.DataFrame]:
    """Yield groups of figures comparable across years: full years, seasons, both (12 months), same-months spans."""
    yield rows[rows["period_kind"] == "full_year"]
    yield rows[rows["period_kind"] == "season"]
    yield rows[rows["period_kind"].isin(["full_year", "season"])]  # twelve-month periods, labelled as such
    partial = rows[rows["period_kind"].isin(["partial", "month"])]
    for _, same in partial.groupby(partial["period"].str.replace(r"\d{4}", "", regex=True).str.strip()):
        yield same


def _share_of_agri(obs: pd.DataFrame) -> tuple[str, list[dict[str, Any]]] | None:
    """Return a sentence on agriculture's share of Peru's exports to China in the latest year with both figures."""
    for year in sorted(obs["year"].unique(), reverse=True):
        agri = _preferred_value(obs, partner="CHN", flow="export", year=int(year), product="AGRI")
        total = _preferred_value(obs, partner="CHN", flow="export", year=int(year))
        if agri is not None and total is not None:
            share = float(agri["value"]) / float(total["value"]) * 100
            return (
                t("verdict.product.agri_share", year=int(year), value=_fmt(float(agri["value"])), share=f"{share:.1f}"),
                [_input(agri), _input(total)],
            )
    return None


def _product_name(products: pd.DataFrame | None, code: str) -> str:
    """Return a product's name from the products table, or its code."""
    if products is not None and not products.empty:
        match = products[products["code"] == code]
        if not match.empty:
            return str(match.iloc[0]["name"])
    return code


def check_product_evidence(claim: Claim, obs: pd.DataFrame, products: pd.DataFrame | None = None, **_: Any) -> Result:
    """Check whether any trade figure measures the product's sales in the partner country."""
    p = claim.params
    rows = _usable(obs)
    rows = rows[rows["product"].isin(list(p["products"])) & rows["measure"].isin(["value", "volume"])]
    to_partner = rows[rows["peru_partner"] == p["partner"]]
    context = rows[rows["peru_partner"] != p["partner"]]
    groups = _usable(obs)
    groups = groups[groups["product"].isin(list(p.get("groups", []))) & (groups["peru_partner"] == p["partner"])]
    inputs = [_input(r) for _, r in pd.concat([to_partner, context, groups]).iterrows()]
    names = ", ".join(_product_name(products, c) for c in p["products"])
    if not to_partner.empty:
        v = to_partner.sort_values("year").iloc[-1]
        explanation = t(
            "verdict.evidence.found", product=names, year=int(v["year"]), value=_fmt(float(v["value"])), unit=v["unit"]
        )
        return Result(claim.id, PARTLY, explanation, t("rule.product_evidence"), inputs, _sources(inputs))
    explanation = t("verdict.evidence.none", product=names, partner=t(f"partner.{p['partner']}"))
    if not context.empty:
        v = context.sort_values("year").iloc[-1]
        explanation += " " + t(
            "verdict.evidence.context", year=int(v["year"]), period=v["period"], value=_fmt(float(v["value"]))
        )
    if not groups.empty:
        explanation += " " + t("verdict.evidence.groups", n=len(groups))
    return Result(
        claim.id,
        NOT_CHECKABLE,
        explanation,
        t("rule.product_evidence"),
        inputs,
        _sources(inputs),
        settle=t("settle.product_evidence", product=names),
    )


def check_trend(claim: Claim, obs: pd.DataFrame, **_: Any) -> Result:
    """Check 'more and more': the latest comparable periods rise; note a level still below an earlier peak."""
    p = claim.params
    rows = _usable(obs)
    rows = rows[rows["measure"] == p["measure"]].sort_values(["year", "obs_id"])
    as_of = int(p["as_of_year"])
    rows = rows[rows["year"] <= as_of]
    latest = rows[rows["year"] == rows["year"].max()] if not rows.empty else rows
    for _, last in latest.sort_values("kind", key=lambda k: k.map(kind_rank)).iterrows():
        prior = rows[(rows["year"] == last["year"] - 1) & (rows["period"] == last["period"])]
        if prior.empty:
            continue
        prev = prior.iloc[0]
        full = rows[(rows["period_kind"] == "full_year") & (rows["year"] < last["year"])]
        peak = full.loc[full["value"].idxmax()] if not full.empty else None
        inputs = [_input(prev), _input(last)] + ([_input(peak)] if peak is not None else [])
        rising = last["value"] > prev["value"]
        explanation = t(
            "verdict.trend",
            period=last["period"],
            y0=int(prev["year"]),
            y1=int(last["year"]),
            v0=_fmt(float(prev["value"])),
            v1=_fmt(float(last["value"])),
            pct=_pct(float(last["value"]), float(prev["value"])),
        )
        weak = bool(prev["derived"]) or bool(last["derived"])
        if weak:
            explanation += " " + t("verdict.trend.derived")
        below_peak = peak is not None and peak["value"] > last["value"] and last["period_kind"] == "full_year"
        if peak is not None and peak["value"] > last["value"] * (12 / (last["months"] or 12)):
            below_peak = True
        if below_peak and peak is not None:
            explanation += " " + t("verdict.trend.peak", year=int(peak["year"]), value=_fmt(float(peak["value"])))
        verdict = CONTRADICTED if not rising else (PARTLY if weak or below_peak else SUPPORTED)
        return Result(claim.id, verdict, explanation, t("rule.trend"), inputs, _sources(inputs))
    return Result(claim.id, NOT_CHECKABLE, t("verdict.trend.missing"), t("rule.trend"), settle=t("settle.trend"))


# ------------------------------------------------------------------------------------------------ Chancay


_FACT_KEYS = ("fact_id", "metric", "value", "unit", "qualifier", "stated_by", "period", "source_id", "kind")


def _distinct_facts(chancay: pd.DataFrame) -> pd.DataFrame:
    """Drop statements that repeat another row of the ledger."""
    return chancay[chancay["duplicate_of"].fillna("") == ""] if "duplicate_of" in chancay else chancay


def _fact_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return one party's statement of a project figure as a verdict input."""
    return {k: float(row[k]) if k == "value" else row[k] for k in _FACT_KEYS}


def _matches(value: float, qualifier: str, stated: float, stated_q: str) -> bool:
    """True when a stated figure matches the claimed one (exact, or within 10% for 'about')."""
    if stated_q == "projected":
        return False  # a projection is not a statement that the jobs exist
    if qualifier == "about" or stated_q == "about":
        return abs(stated - value) <= 0.1 * value
    return stated == value


def check_stated_figures(claim: Claim, obs: pd.DataFrame, chancay: pd.DataFrame, **_: Any) -> Result:
    """Check claimed project figures against every party's statement: who says the same, who says otherwise."""
    parts, sentences, inputs = [], [], []
    facts = _distinct_facts(chancay)
    for fig in claim.params["figures"]:
        rows = facts[facts["metric"] == fig["metric"]]
        inputs += [_fact_input(r) for _, r in rows.iterrows()]
        if rows.empty:
            parts.append(NOT_CHECKABLE)
            sentences.append(t("verdict.stated.none", metric=t(f"metric.{fig['metric']}")))
            continue
        same = rows[
            [
                _matches(float(fig["value"]), fig["qualifier"], float(v), q)
                for v, q in zip(rows["value"], rows["qualifier"], strict=True)
            ]
        ]
        other = rows.drop(same.index)
        independent = same[same["kind"] == "OFF"]
        if same.empty:
            parts.append(CONTRADICTED)
        else:
            parts.append(SUPPORTED if not independent.empty else PARTLY)
        who = "; ".join(sorted(set(same["stated_by"]))) or "-"
        others = (
            "; ".join(
                f"{_fmt(float(r['value']))} ({r['qualifier'].replace('_', ' ')}, {r['stated_by']}, {r['period']})"
                for _, r in other.iterrows()
            )
            or "-"
        )
        sentences.append(
            t(
                "verdict.stated.figure",
                metric=t(f"metric.{fig['metric']}"),
                value=_fmt(float(fig["value"])),
                who=who,
                others=others,
            )
        )
    verdict = _combine(parts)
    if verdict == SUPPORTED or all(p != CONTRADICTED for p in parts):
        sentences.append(t("verdict.stated.interested"))
    return Result(
        claim.id, verdict, " ".join(sentences), t("rule.stated"), inputs, _sources(inputs), settle=t("settle.stated")
    )


def check_forward_looking(claim: Claim, obs: pd.DataFrame, chancay: pd.DataFrame, **_: Any) -> Result:
    """Check a forecast: what the measured indicators say so far, and what cannot be measured yet."""
    p = claim.params
    facts = _distinct_facts(chancay)
    measured = facts[facts["metric"].isin(p.get("metrics", []))]
    context = facts[facts["metric"].isin(p.get("context", []))]
    inputs = [_fact_input(r) for _, r in pd.concat([measured, context]).iterrows()]
    sentences = []
    for _, r in measured.iterrows():
        sentences.append(
            t(
                "verdict.forward.measured",
                metric=t(f"metric.{r['metric']}"),
                value=_fmt(float(r["value"])),
                unit=r["unit"],
                who=r["stated_by"],
            )
        )
    cap = context[context["metric"] == "capacity_containers"]
    thr = context[context["metric"] == "throughput_first_year"]
    if not cap.empty and not thr.empty:
        c = float(cap.iloc[0]["value"])
        lo, hi = float(thr["value"].min()), float(thr["value"].max())
        sentences.append(
            t(
                "verdict.forward.utilisation",
                lo=_fmt(lo),
                hi=_fmt(hi),
                cap=_fmt(c),
                plo=f"{lo / c * 100:.0f}",
                phi=f"{hi / c * 100:.0f}",
            )
        )
    unmeasured = join_list(p.get("unmeasured", []))
    sentences.append(t("verdict.forward.unmeasured", what=unmeasured))
    if measured.empty:
        verdict = NOT_CHECKABLE
    else:
        verdict = PARTLY
        if (measured["kind"] != "OFF").all():
            sentences.append(t("verdict.forward.interested"))
    return Result(
        claim.id,
        verdict,
        " ".join(sentences),
        t("rule.forward"),
        inputs,
        _sources(inputs),
        settle=t("settle.forward", what=unmeasured),
    )


CHECKS: dict[str, Callable[..., Result]] = {
    "leader_run": check_leader_run,
    "first_fta": check_first_fta,
    "early_relations": check_early_relations,
    "event_date": check_event_date,
    "growth_since": check_growth_since,
    "product_growth": check_product_growth,
    "product_evidence": check_product_evidence,
    "trend": check_trend,
    "stated_figures": check_stated_figures,
    "forward_looking": check_forward_looking,
}

LATAM = frozenset(
    (
        "ARG",
        "BOL",
        "BRA",
        "CHL",
        "COL",
        "CRI",
        "CUB",
        "DOM",
        "ECU",
        "GTM",
        "HND",
        "HTI",
        "JAM",
        "MEX",
        "NIC",
        "PAN",
        "PER",
        "PRY",
        "SLV",
        "URY",
        "VEN",
        "TTO",
        "BRB",
        "GUY",
        "SUR",
    )
)
COUNTRY_NAMES = {"PER": "Peru", "CHL": "Chile", "CUB": "Cuba", "CRI": "Costa Rica", "BRA": "Brazil", "MEX": "Mexico"}


def evaluate(claim: Claim, data: Any) -> Result:
    """Run a claim's check on a Dataset (anything with observations, events, chancay and products tables)."""
    check = CHECKS[claim.check]
    return check(claim, data.observations, events=data.events, chancay=data.chancay, products=data.products)


def evaluate_all(registry: Registry, data: Any) -> dict[str, Result]:
    """Run every claim of the registry on the data; return results by claim id, in registry order."""
    return {claim.id: evaluate(claim, data) for claim in registry.claims}


RATING = {SUPPORTED: 4, PARTLY: 3, CONTRADICTED: 1}


def claim_review(
    claim: Claim, result: Result, article: Mapping[str, str], *, url: str = "", date_published: str | None = None
) -> dict[str, Any]:
    """Return a schema.org ClaimReview of the claim, with the computed verdict as the rating's alternateName."""
    import datetime as dt

    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": t(f"verdict.{result.verdict}"),
        "ratingExplanation": result.explanation,
    }
    if result.verdict in RATING:
        rating.update({"ratingValue": RATING[result.verdict], "bestRating": 4, "worstRating": 1})
    appearance = {
        "@type": "NewsArticle",
        "headline": article.get("title", ""),
        "datePublished": article.get("date_published", ""),
        "publisher": {"@type": "Organization", "name": article.get("publisher", "")},
    }
    if article.get("url"):
        appearance["url"] = article["url"]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.quote,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": article.get("publisher", "")},
            "datePublished": article.get("date_published", ""),
            "appearance": appearance,
        },
        "author": {"@type": "Organization", "name": t("claims.reviewer")},
        "datePublished": date_published or dt.date.today().isoformat(),
        "reviewRating": rating,
        "identifier": claim.id,
    }
    if url:
        review["url"] = url
    return review
