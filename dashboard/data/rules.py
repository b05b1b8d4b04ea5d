"""Explicit mapping tables and parsing rules that turn raw evidence text into tidy codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from dashboard.data.vocab import (  # noqa: F401  (re-exported: the build reads them from here)
    FAMILIES,
    FLOWS,
    KIND_RANK,
    KINDS,
    MEASURE_UNITS,
    MEASURES,
    MIRROR_FLOW,
    PERIOD_KINDS,
    PERIOD_RANK,
    QUALIFIER_RANK,
    QUALIFIERS,
)

# --------------------------------------------------------------------------- reliability


# Free-text `source_kind` of figures.csv → code. Checked in this order; first match wins.
# An association quoting official data is ASSOC (raw README), so ASSOC is tested before OFF.
KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("DERIVED", ("derived",)),
    ("ASSOC", ("association", "chamber", "comexperu", "adex", "ccl", "idexcam", "capechi")),
    ("OFF", ("ministry", "sunat", "bcrp", "customs", "gacc", "mofcom", "mincetur")),
    ("CO", ("company", "cosco", "cccc", "volcan")),
)


def kind_from_text(text: str) -> str:
    """Map a free-text source description to a reliability code (fallback NEWS)."""
    low = text.lower()
    for code, words in KIND_KEYWORDS:
        if any(w in low for w in words):
            return code
    return "NEWS"


def kind_from_code(text: str) -> str | None:
    """Return the reliability code for a coded `source_kind` cell, or None if unknown."""
    up = text.strip().upper()
    return up if up in KIND_RANK else None


# --------------------------------------------------------------------------- partners

PARTNERS: dict[str, str] = {
    # code: English name (ISO 3166-1 alpha-3 where one exists)
    "WLD": "World",
    "PER": "Peru",
    "CHN": "China",
    "HKG": "Hong Kong",
    "CHN_HKG": "China and Hong Kong combined",
    "USA": "United States",
    "JPN": "Japan",
    "CHE": "Switzerland",
    "CAN": "Canada",
    "KOR": "South Korea",
    "BRA": "Brazil",
    "CHL": "Chile",
    "CUB": "Cuba",
    "DEU": "Germany",
    "ESP": "Spain",
    "IND": "India",
    "GBR": "United Kingdom",
    "ITA": "Italy",
    "NLD": "Netherlands",
    "MEX": "Mexico",
    "ECU": "Ecuador",
    "COL": "Colombia",
    "ARG": "Argentina",
    "VEN": "Venezuela",
    "EUU": "European Union",
    "ANDEAN": "Andean Community",
    "MERCOSUR": "Mercosur",
    # further BACI partners
    "ARE": "United Arab Emirates",
    "AUT": "Austria",
    "BEL": "Belgium",
    "BGD": "Bangladesh",
    "BGR": "Bulgaria",
    "BIH": "Bosnia and Herzegovina",
    "EGY": "Egypt",
    "FIN": "Finland",
    "GUY": "Guyana",
    "MYS": "Malaysia",
    "NAM": "Namibia",
    "PHL": "Philippines",
    "POL": "Poland",
    "RUS": "Russia",
    "SAU": "Saudi Arabia",
    "SLV": "El Salvador",
    "SVK": "Slovakia",
    "SWE": "Sweden",
    "THA": "Thailand",
    "TUR": "Turkey",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VNM": "Vietnam",
    "ZAF": "South Africa",
}

PARTNER_NAMES: dict[str, str] = {
    "World": "WLD",
    "Peru": "PER",
    "China": "CHN",
    "Hong Kong": "HKG",
    "United States": "USA",
    "Japan": "JPN",
    "Switzerland": "CHE",
    "Canada": "CAN",
    "South Korea": "KOR",
    "Brazil": "BRA",
    "Chile": "CHL",
    "Germany": "DEU",
    "Spain": "ESP",
    "India": "IND",
    "United Kingdom": "GBR",
    "Italy": "ITA",
    "Netherlands": "NLD",
    "Mexico": "MEX",
    "Ecuador": "ECU",
    "Colombia": "COL",
    "Argentina": "ARG",
    "Venezuela": "VEN",
    "EU": "EUU",
    "Andean Community": "ANDEAN",
    "Mercosur": "MERCOSUR",
}


@dataclass(frozen=True)
class Reporter:
    """Whose statistics a raw `reporter` cell designates."""

    iso3: str
    family: str


REPORTERS: dict[str, Reporter] = {
    "Peru": Reporter("PER", "peru"),
    "Peru (per CIA World Factbook)": Reporter("PER", "factbook"),
    "China (GACC, mirror)": Reporter("CHN", "china"),
    # Latin Business Chronicle's IMF DOTS figure is "probably partner-reported", i.e. China's.
    "IMF DOTS (via Latin Business Chronicle)": Reporter("CHN", "other"),
}


def china_reporter(text: str) -> Reporter | None:
    """Map a china_side_by_year `reporter` cell ("China (...)") to a Reporter."""
    return Reporter("CHN", "china") if text.startswith("China") else None



# --------------------------------------------------------------------------- figures.csv metrics


@dataclass(frozen=True)
class Metric:
    """What a figures.csv `metric` text means, from the reporter's point of view."""

    reporter: str
    partner: str
    flow: str
    product: str
    measure: str


METRICS: dict[str, Metric] = {
    "Peru exports to China": Metric("PER", "CHN", "export", "TOTAL", "value"),
    "Peru-China total trade (Peru data)": Metric("PER", "CHN", "trade", "TOTAL", "value"),
    "Peru imports from China": Metric("PER", "CHN", "import", "TOTAL", "value"),
    "China imports from Peru (China customs)": Metric("CHN", "PER", "import", "TOTAL", "value"),
    "China exports to Peru (China customs)": Metric("CHN", "PER", "export", "TOTAL", "value"),
    "China-Peru total trade (China customs)": Metric("CHN", "PER", "trade", "TOTAL", "value"),
    "Peru-China total trade": Metric("PER", "CHN", "trade", "TOTAL", "value"),
    "Peru trade balance with China": Metric("PER", "CHN", "balance", "TOTAL", "value"),
    "Peru exports to China cumulative": Metric("PER", "CHN", "export", "TOTAL", "value"),
    "China-Peru trade average annual growth": Metric("CHN", "PER", "trade", "TOTAL", "growth"),
    "Peru total exports": Metric("PER", "WLD", "export", "TOTAL", "value"),
    "Peru exports to United States": Metric("PER", "USA", "export", "TOTAL", "value"),
    "Peru exports to Japan": Metric("PER", "JPN", "export", "TOTAL", "value"),
    "Peru exports to United Kingdom": Metric("PER", "GBR", "export", "TOTAL", "value"),
    "Peru imports from United States": Metric("PER", "USA", "import", "TOTAL", "value"),
    "Copper exports to China": Metric("PER", "CHN", "export", "COPPER", "value"),
    "Iron ore exports to China": Metric("PER", "CHN", "export", "2601", "value"),
    "Lead ore exports to China": Metric("PER", "CHN", "export", "2607", "value"),
    "Traditional exports to China": Metric("PER", "CHN", "export", "TRADITIONAL", "value"),
    "Mining exports to China": Metric("PER", "CHN", "export", "MINING", "value"),
    "Agricultural exports to China": Metric("PER", "CHN", "export", "AGRI", "value"),
    "Copper ores exports to China": Metric("PER", "CHN", "export", "2603", "value"),
    "Refined copper cathodes exports to China": Metric("PER", "CHN", "export", "7403", "value"),
    "Silver ores exports to China": Metric("PER", "CHN", "export", "2616", "value"),
    "Fishmeal exports to China": Metric("PER", "CHN", "export", "230120", "value"),
    "Fresh grapes exports to China": Metric("PER", "CHN", "export", "080610", "value"),
    "Fresh blueberries Peru->China (China import data)": Metric("CHN", "PER", "import", "081040", "value"),
    "Avocados Peru->China (China import data)": Metric("CHN", "PER", "import", "080440", "value"),
    "China imports of Peruvian fruit/veg/grains": Metric("CHN", "PER", "import", "FRUIT_VEG_GRAINS", "value"),
    "Blueberries Peru->China volume": Metric("CHN", "PER", "import", "081040", "volume"),
    "Blueberries Peru->China (campaign)": Metric("PER", "CHN", "export", "081040", "value"),
    "Blueberries China imports from Peru": Metric("CHN", "PER", "import", "081040", "value"),
    "China imports of metal ores from Peru": Metric("CHN", "PER", "import", "METAL_ORES", "value"),
    "China imports of agricultural products from Peru": Metric("CHN", "PER", "import", "AGRI", "value"),
    "China imports of copper ore from Peru": Metric("CHN", "PER", "import", "2603", "volume"),
    "China imports of feed fishmeal from Peru": Metric("CHN", "PER", "import", "230120", "volume"),
}

# figures.csv topic D (Chancay) metric text → chancay.csv metric
CHANCAY_METRICS: dict[str, str] = {
    "Chancay direct jobs (construction)": "jobs_direct",
    "Chancay indirect jobs": "jobs_indirect",
    "Chancay first-stage investment": "investment_phase1",
    "Chancay annual capacity phase 1": "capacity_containers",
    "Chancay throughput first year": "throughput_first_year",
}
CHANCAY_QUALIFIERS = {"exact": "exact", "about": "about", "more than": "more_than", "projected": "projected"}

# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    """A raw unit: the tidy unit it becomes, the exact factor applied, and the measure it implies."""

    unit: str
    factor: Decimal
    measure: str | None = None


UNITS: dict[str, Unit] = {
    "USD million": Unit("USD million", Decimal(1)),
    "USD m": Unit("USD million", Decimal(1)),
    "USD bn": Unit("USD million", Decimal(1000)),
    "USD": Unit("USD million", Decimal("0.000001")),
    "CNY billion": Unit("CNY billion", Decimal(1)),
    "CNY bn": Unit("CNY billion", Decimal(1)),
    "tonnes": Unit("tonnes", Decimal(1), "volume"),
    "million tonnes": Unit("tonnes", Decimal(1000000), "volume"),
    "percent": Unit("percent", Decimal(1)),
    "% per year (average growth)": Unit("percent", Decimal(1), "growth"),
    "Chinese visitors": Unit("visitors", Decimal(1), "arrivals"),
    "Chinese tourists": Unit("visitors", Decimal(1), "arrivals"),
    # Chancay facts
    "jobs": Unit("jobs", Decimal(1)),
    "million TEU": Unit("TEU per year", Decimal(1000000)),
    "TEU": Unit("TEU", Decimal(1)),
    "TEU per year": Unit("TEU per year", Decimal(1)),
    "berths": Unit("berths", Decimal(1)),
    "m": Unit("m", Decimal(1)),
    "days": Unit("days", Decimal(1)),
}


# --------------------------------------------------------------------------- values and qualifiers



def parse_number(text: str) -> tuple[Decimal, str] | None:
    """Parse "5437", ">22000", "~40", "1,300" into (Decimal, qualifier); None if not a number."""
    t = text.strip().replace(",", "")
    qual = "exact"
    if t[:1] in "<>~":
        qual = {">": "more_than", "<": "less_than", "~": "about"}[t[0]]
        t = t[1:].strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", t):
        return None
    try:
        return Decimal(t), qual
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        return None


def qualifier_from_text(period: str, note: str, value: Decimal) -> str | None:
    """Qualifier implied by the period or note text (None when the text implies nothing)."""
    p = period.lower()
    if "forecast" in p or "projection" in p or "planned" in p:
        return "projected"
    if "'more than'" in p:
        return "more_than"
    if "approx" in p or "'about'" in p:
        return "about"
    n = note.lower()
    for word, qual in (("more than", "more_than"), ("about", "about"), ("over", "more_than")):
        for m in re.finditer(rf"'{word} ([\d,.]+)", n):
            num = parse_number(m.group(1))
            if num and num[0] == value:
                return qual
    if "lower bound" in n:
        return "more_than"
    if re.search(r"\brounded\b(?!\s+\d)", n) or re.search(r"\bapprox", n):
        return "about"
    return None


# --------------------------------------------------------------------------- periods

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"


@dataclass(frozen=True)
class Period:
    """A parsed period: calendar year, normalised text, kind and number of months."""

    year: int
    period: str
    kind: str
    months: int | None


def parse_year(text: str) -> tuple[int, str] | None:
    """Parse a raw year cell: "2017", "2017/18", "2010-2019", "2023 or 2024" → (year, shape)."""
    t = text.strip()
    if m := re.fullmatch(r"(\d{4})", t):
        return int(m.group(1)), "year"
    if m := re.fullmatch(r"(\d{4})/(\d{2}|\d{4})", t):
        return int(m.group(1)), "season"
    if m := re.fullmatch(r"(\d{4})-(\d{4})", t):
        return int(m.group(2)), "multi"
    if m := re.fullmatch(r"(\d{4}) or (\d{4})", t):
        return int(m.group(2)), "either"
    return None


def _season_label(year: int) -> str:
    return f"season {year}/{(year + 1) % 100:02d}"


def parse_period(year_text: str, period_text: str) -> Period | None:
    """Parse a raw (year, period) pair into a Period; None if the year cannot be read."""
    p = period_text.strip()
    low = p.lower()
    # figures.csv puts the year inside the period: "2013 Jan-Oct", "2022/23 season", "c.2022-2023"
    if not year_text.strip():
        m = re.match(r"(?:c\.)?(\d{4}(?:/\d{2})?(?:-\d{4})?)\s*(.*)$", p)
        if not m:
            return None
        year_text, rest = m.group(1), m.group(2)
        if "-" in year_text and not rest:
            return Period(int(year_text[-4:]), p, "multi_year", None)
        low = f"season {rest}".strip() if "/" in year_text else (rest.lower() or "full year")
    parsed = parse_year(year_text)
    if parsed is None:
        return None
    year, shape = parsed
    if shape == "multi":
        return Period(year, year_text.strip(), "multi_year", None)
    if "cumulative" in low and "two" in low:
        return Period(year, "two years cumulative", "multi_year", None)
    if "ambiguous" in low:
        return Period(year, "ambiguous", "other", None)
    if "forecast" in low or "projection" in low or "planned" in low:
        return Period(year, "projection", "projection", None)
    if "season" in low or shape == "season":
        if "full season" in low:
            return Period(year, _season_label(year), "season", 12)
        if re.search(r"season (to|wk)|to \d+ \w+ \d{4}|season to", low):
            return Period(year, _season_label(year) + " to date", "partial", None)
        return Period(year, _season_label(year), "season", None)
    if low.startswith("full year") or low == "":
        return Period(year, "FY", "full_year", 12)
    if re.search(r"\bh1\b", low):
        return Period(year, "H1", "partial", 6)
    if re.search(r"\bq1\b", low):
        return Period(year, "Q1", "partial", 3)
    if "unstated" in low and "probably" not in low:
        return Period(year, "partial", "partial", None)
    if m := re.search(rf"\b{_MON}\s*-\s*{_MON}\b", low):
        a, b = MONTHS.index(m.group(1)), MONTHS.index(m.group(2))
        months = b - a + 1
        if months == 12:
            return Period(year, "FY", "full_year", 12)
        label = f"{m.group(1).title()}-{m.group(2).title()}"
        return Period(year, label, "partial", months if months > 0 else None)
    if m := re.match(rf"{_MON}\b", low):
        return Period(year, m.group(1).title(), "month", 1)
    return Period(year, p or "FY", "other", None)


# --------------------------------------------------------------------------- products

# Raw hs_code cells that are not one HS code → group code. Plain 2/4/6-digit codes map to themselves.
HS_GROUPS: dict[str, str] = {
    "all": "TOTAL",
    "51/61/63": "ALPACA",
    "51/61": "ALPACA",
    "5102/5105/5108/51/61": "ALPACA",
    "5102/5105": "ALPACA_FIBRE",
    "61/62/63": "ALPACA_GARMENTS",
    "080521/080522": "MANDARINS",
    "230120/1504": "FISHMEAL_FISHOIL",
    "030743 (+160554)": "GIANT_SQUID",
    "03/1504/16/2301": "FISHERY",
    "03/16": "FISHERY_NONTRAD",
    "2603+7403": "COPPER",
    "2608/7901": "ZINC",
    "2607/7801": "LEAD",
    "26/71/74/79/80": "METALS",
    "25-28/71/74..": "MINING",
}
NO_CODE = ("n/a", "")


def product_code(hs_text: str) -> str | None:
    """Map a raw hs_code cell to a product code (HS code, group or TOTAL); None if unknown."""
    t = hs_text.strip()
    if t in HS_GROUPS:
        return HS_GROUPS[t]
    if re.fullmatch(r"\d{2}|\d{4}|\d{6}", t):
        return t
    return None


# Group codes (aggregates that are not one HS code), with their English names.
GROUPS: dict[str, str] = {
    "AGRI": "Agricultural products",
    "ALPACA": "Alpaca fibre, derivatives and garments (HS 51/61/63)",
    "ALPACA_FIBRE": "Alpaca fibre, raw and tops (HS 5102/5105)",
    "ALPACA_GARMENTS": "Alpaca garments and accessories (HS 61/62/63)",
    "COPPER": "Copper, ores and refined (HS 2603 + 7403)",
    "FISHERY": "Fishery products, all (HS 03/1504/16/2301)",
    "FISHERY_NONTRAD": "Non-traditional fishery products (HS 03/16)",
    "FISHMEAL_FISHOIL": "Fishmeal and fish oil (HS 230120 + 1504)",
    "FRUIT_VEG_GRAINS": "Fruit, vegetables and grains",
    "GIANT_SQUID": "Giant squid (pota), all presentations (HS 030743 + 160554)",
    "LEAD": "Lead, ores and metal (HS 2607 + 7801)",
    "MANDARINS": "Mandarins and similar citrus (HS 080521/080522)",
    "METALS": "Metals: copper, gold, zinc, lead, iron, molybdenum (HS 26/71/74/79/80)",
    "METAL_ORES": "Metal ores (China customs aggregate)",
    "MINING": "Mining products, all",
    "TOURISM": "Visitor arrivals (not goods)",
    "TRADITIONAL": "Traditional exports (Peru's classification: mining, fishmeal, oil, traditional agri)",
    "ZINC": "Zinc, ores and metal (HS 2608 + 7901)",
}

HS_NAMES: dict[str, str] = {
    # chapters
    "03": "Fish and crustaceans, molluscs",
    "07": "Edible vegetables",
    "08": "Edible fruit and nuts",
    "10": "Cereals",
    "15": "Animal or vegetable fats and oils",
    "16": "Preparations of meat or fish",
    "23": "Residues from food industries; animal fodder",
    "25": "Salt, sulphur, earths and stone",
    "26": "Ores, slag and ash",
    "27": "Mineral fuels and oils",
    "31": "Fertilisers",
    "51": "Wool, fine or coarse animal hair",
    "61": "Apparel, knitted or crocheted",
    "62": "Apparel, not knitted",
    "63": "Other made-up textile articles",
    "71": "Pearls, precious stones and metals",
    "72": "Iron and steel",
    "74": "Copper and articles thereof",
    "75": "Nickel and articles thereof",
    "76": "Aluminium and articles thereof",
    "78": "Lead and articles thereof",
    "79": "Zinc and articles thereof",
    "80": "Tin and articles thereof",
    "95": "Toys, games and sports requisites",
    # headings
    "0307": "Molluscs",
    "0709": "Other vegetables, fresh or chilled",
    "0804": "Dates, figs, pineapples, avocados, guavas, mangoes",
    "0805": "Citrus fruit",
    "0806": "Grapes",
    "0810": "Other fruit, fresh",
    "1008": "Buckwheat, millet, quinoa and other cereals",
    "1504": "Fish oil",
    "2301": "Flours and meals of meat or fish",
    "2601": "Iron ore",
    "2603": "Copper ores and concentrates",
    "2606": "Aluminium ores (bauxite)",
    "2607": "Lead ores and concentrates",
    "2608": "Zinc ores and concentrates",
    "2616": "Precious-metal ores (silver)",
    "2701": "Coal",
    "2709": "Crude petroleum",
    "2710": "Refined petroleum",
    "2711": "Petroleum gas",
    "3104": "Potassic fertilisers (potash)",
    "5102": "Fine or coarse animal hair, not carded",
    "5105": "Fine animal hair, carded or combed (alpaca tops)",
    "5108": "Yarn of fine animal hair",
    "7108": "Gold",
    "7202": "Ferro-alloys",
    "7403": "Refined copper (cathodes)",
    "7502": "Unwrought nickel",
    "7601": "Unwrought aluminium",
    "7801": "Unwrought lead (refined)",
    "7901": "Unwrought zinc",
    "8001": "Unwrought tin",
    "9503": "Toys (incl. alpaca decorative toys)",
    # subheadings
    "030743": "Cuttlefish and squid, frozen (incl. giant squid)",
    "070920": "Asparagus",
    "080440": "Avocados",
    "080450": "Guavas, mangoes and mangosteens",
    "080610": "Grapes, fresh",
    "081040": "Blueberries (cranberries, bilberries)",
    "100850": "Quinoa",
    "230120": "Fishmeal",
}

# HS chapter → section (code, label)
HS_SECTIONS: tuple[tuple[range, str, str], ...] = (
    (range(1, 6), "S01", "I Live animals; animal products"),
    (range(6, 15), "S02", "II Vegetable products"),
    (range(15, 16), "S03", "III Animal or vegetable fats and oils"),
    (range(16, 25), "S04", "IV Prepared foodstuffs"),
    (range(25, 28), "S05", "V Mineral products"),
    (range(28, 39), "S06", "VI Chemical products"),
    (range(39, 41), "S07", "VII Plastics and rubber"),
    (range(41, 44), "S08", "VIII Hides and skins"),
    (range(44, 47), "S09", "IX Wood"),
    (range(47, 50), "S10", "X Pulp and paper"),
    (range(50, 64), "S11", "XI Textiles"),
    (range(64, 68), "S12", "XII Footwear and headgear"),
    (range(68, 71), "S13", "XIII Stone, ceramic and glass"),
    (range(71, 72), "S14", "XIV Precious metals and stones"),
    (range(72, 84), "S15", "XV Base metals"),
    (range(84, 86), "S16", "XVI Machinery and electrical equipment"),
    (range(86, 90), "S17", "XVII Vehicles"),
    (range(90, 93), "S18", "XVIII Instruments"),
    (range(93, 94), "S19", "XIX Arms"),
    (range(94, 97), "S20", "XX Miscellaneous manufactured articles"),
    (range(97, 100), "S21", "XXI Works of art"),
)


def hs_section(chapter: str) -> tuple[str, str]:
    """Return (section code, section label) for a 2-digit HS chapter."""
    n = int(chapter)
    for rng, code, label in HS_SECTIONS:
        if n in rng:
            return code, label
    raise ValueError(chapter)


# Product text in products/alpaca files that is not about mainland China.
def partner_from_product_text(product: str, note: str) -> str:
    """Partner of a products/alpaca row: WLD for 'all destinations', CHN_HKG when combined, else CHN."""
    low, nlow = product.lower(), note.lower()
    if "all destinations" in low:
        return "WLD"
    if "china + hong kong combined" in nlow:
        return "CHN_HKG"
    return "CHN"


FLOW_SIDES: dict[str, tuple[Reporter, str]] = {
    # raw flow_side → (reporter, flow from the reporter's point of view)
    "Peru exports (FOB)": (Reporter("PER", "peru"), "export"),
    "China imports (CIF)": (Reporter("CHN", "china"), "import"),
    "side not stated": (Reporter("PER", "other"), "export"),
}

# --------------------------------------------------------------------------- known bad figures


@dataclass(frozen=True)
class BadRule:
    """A known bad raw row (raw README), matched on raw cells, and why it is rejected."""

    dataset: str
    match: tuple[tuple[str, str], ...]
    reason: str

    def matches(self, dataset: str, row: dict[str, str]) -> bool:
        """True if the raw row is the one this rule names."""
        return dataset == self.dataset and all(row.get(k, "").strip() == v for k, v in self.match)


_CCL_2020 = "importaciones-peruanas-desde-china-crecieron-46"
BAD_RULES: tuple[BadRule, ...] = (
    BadRule(
        "partners_by_year",
        (("year", "2020"), ("partner", "China"), ("flow", "import"), ("period", "Jan-Oct"), ("value_usd_m", "3996")),
        "known bad: CCL-Idexcam Jan-Oct 2020 import ranking (US first, China 13.68%) contradicts "
        "every other import ranking",
    ),
    BadRule(
        "partners_by_year",
        (
            ("year", "2020"),
            ("partner", "United States"),
            ("flow", "import"),
            ("period", "Jan-Oct"),
            ("value_usd_m", "6718"),
        ),
        "known bad: CCL-Idexcam Jan-Oct 2020 import ranking (US first, China 13.68%) contradicts "
        "every other import ranking",
    ),
    BadRule(
        "partners_by_year",
        (("year", "2021"), ("partner", "China"), ("flow", "export"), ("period", "Jan-Oct"), ("value_usd_m", "25745")),
        "known bad: Mincetur's '25,745 m bought by China Jan-Oct 2021' is total trade or a wider "
        "aggregate, not exports",
    ),
    BadRule(
        "partners_by_year",
        (("year", "2011"), ("partner", "China"), ("flow", "export"), ("value_usd_m", "12386")),
        "known bad: CCL's 2011 figure of 12,386 m is cumulative over two FTA years (or total trade), not 2011 exports",
    ),
    BadRule(
        "partners_by_year",
        (("year", "2011"), ("partner", "China"), ("flow", "import"), ("value_usd_m", "10693")),
        "known bad: CCL's 2011 figure of 10,693 m is cumulative over two FTA years (or total trade), not 2011 imports",
    ),
    BadRule(
        "products_by_year",
        (("year", "2015"), ("product", "avocados"), ("volume_t", "12319")),
        "known bad: 12,319 t of avocados to China in 2015 conflicts with China's own 6,700 t for 2017",
    ),
)


def bad_reason(dataset: str, row: dict[str, str]) -> str | None:
    """Return the rejection reason if a raw row is a known bad figure, else None."""
    for rule in BAD_RULES:
        if rule.matches(dataset, row):
            return rule.reason
    return None


# --------------------------------------------------------------------------- sources

BACI_URL = "https://github.com/philippmerz/comflow/blob/548fe600f72ddb43e6216a24923d4ef36b28bd90/docs/data/flows.json"
BACI_RELEASE_URL = "http://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"

# domain suffix (or domain + path prefix) → publisher; first match wins
PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("github.com/MilkMp/CIA", "CIA World Factbook (archived editions)"),
    ("github.com/philippmerz/comflow", "CEPII BACI via comflow (philippmerz)"),
    ("cepii.fr", "CEPII BACI"),
    ("gestion.pe", "Gestión"),
    ("andina.pe", "Andina"),
    ("elcomercio.pe", "El Comercio"),
    ("elcomercio-elcomercio-prod.cdn.arcpublishing.com", "El Comercio"),
    ("elcomercio-diariocorreo-prod.cdn.arcpublishing.com", "Correo"),
    ("diariocorreo.pe", "Correo"),
    ("larepublica.pe", "La República"),
    ("peru21.pe", "Perú21"),
    ("rpp.pe", "RPP"),
    ("larazon.pe", "La Razón"),
    ("gob.pe", "Gobierno del Perú"),
    ("tvperu.gob.pe", "TV Perú"),
    ("agraria.pe", "Agraria.pe"),
    ("fruitnet.com", "Fruitnet"),
    ("freshplaza.com", "FreshPlaza"),
    ("fructidor.com", "Fructidor"),
    ("internationalblueberry.org", "International Blueberry Organization"),
    ("producereport.com", "Produce Report"),
    ("americaeconomia.com", "AméricaEconomía"),
    ("fta.mofcom.gov.cn", "MOFCOM China FTA Network"),
    ("gov.cn", "Government of China"),
    ("xinhuanet.com", "Xinhua"),
    ("people.cn", "People's Daily"),
    ("peopledaily.com.cn", "People's Daily"),
    ("cgtn.com", "CGTN"),
    ("chinadaily.com.cn", "China Daily"),
    ("china.org.cn", "China.org.cn"),
    ("chinagate.cn", "China.org.cn (China Gate)"),
    ("ccccltd.cn", "China Communications Construction Company (CCCC)"),
    ("cri.cn", "China Radio International"),
    ("ciie.org", "China International Import Expo"),
    ("wikipedia.org", "Wikipedia"),
    ("telesurenglish.net", "teleSUR"),
    ("infobae.com", "Infobae"),
    ("lanacion.com.ar", "La Nación"),
    ("rumbominero.com", "Rumbo Minero"),
    ("splash247.com", "Splash247"),
    ("informare.it", "Informare"),
    ("tridge.com", "Tridge"),
    ("davisindex.com", "Davis Index"),
    ("peruviantimes.com", "Peruvian Times"),
    ("perueconomico.biz", "Perú Económico"),
    ("latinanoticias.pe", "Latina Noticias"),
    ("panamericana.pe", "Panamericana"),
)


def domain_of(url: str) -> str:
    """Host of a URL, lower-cased, without a leading 'www.'."""
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def publisher_of(url: str) -> str:
    """Publisher for a URL from the PUBLISHERS map (fallback: the domain)."""
    dom = domain_of(url)
    parts = urlsplit(url)
    host_path = parts.netloc.lower().removeprefix("www.") + parts.path
    for key, name in PUBLISHERS:
        if "/" in key:
            if host_path.lower().startswith(key.lower()):
                return name
        elif dom == key or dom.endswith("." + key):
            return name
    return dom


def date_from_url(url: str) -> str:
    """ISO date (or year-month) embedded in a URL path, else ''."""
    path = urlsplit(url).path
    pats = (
        (r"/(20\d{2}|19\d{2})/(\d{2})/(\d{2})/", 3),
        (r"/(20\d{2})-(\d{2})-(\d{2})/", 3),
        (r"/(20\d{2})-(\d{2})/(\d{2})/", 3),
        (r"/(20\d{2})(\d{2})(\d{2})/", 3),
        (r"/(20\d{2})/(\d{2})/", 2),
        (r"/(20\d{2})-(\d{2})/", 2),
        (r"/(20\d{2})(\d{2})/", 2),
    )
    for pat, n in pats:
        m = re.search(pat, path)
        if not m:
            continue
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            continue
        if n == 3:
            d = int(m.group(3))
            if 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
            continue
        return f"{y:04d}-{mo:02d}"
    return ""


# --------------------------------------------------------------------------- events

EVENT_CATEGORIES = (
    "diplomatic_relations",
    "fta",
    "fta_upgrade",
    "partnership",
    "bri",
    "chancay",
    "protocol",
    "fraternity_day",
    "other",
)
# event text keyword → category; checked in this order, first match wins
EVENT_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("diplomatic_relations", ("diplomatic relations",)),
    ("fraternity_day", ("fraternity day",)),
    ("chancay", ("chancay",)),
    ("bri", ("belt and road", "bri ")),
    ("fta_upgrade", ("upgrad",)),
    ("protocol", ("protocol",)),
    ("fta", ("free trade agreement",)),
    ("partnership", ("partnership",)),
)
# the first of these names in the event text is the subject country; default PER
EVENT_COUNTRIES: tuple[tuple[str, str], ...] = (("Cuba", "CUB"), ("Chile", "CHL"))


def event_category(text: str) -> str:
    """Category of an event by the EVENT_KEYWORDS rule."""
    low = text.lower() + " "
    for cat, words in EVENT_KEYWORDS:
        if any(w in low for w in words):
            return cat
    return "other"


def event_country(text: str) -> str:
    """Subject country of an event: Cuba or Chile when the text opens with it, else Peru."""
    for name, code in EVENT_COUNTRIES:
        if text.startswith(name):
            return code
    return "PER"
