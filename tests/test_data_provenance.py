"""Owner, publisher and place of reading of each source: the derivation on hand-made rules, and the built table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard.data import provenance as pv
from dashboard.data.provenance import CopyHost, OwnerRule

RULES = (
    OwnerRule("stop", "CONFLICT", "", False),
    OwnerRule("url", "github.com/andygarcia830/TSA_Final_Project", "UN Comtrade (reported by Peru)", True),
    OwnerRule("text", "ComexPeru citing SUNAT", "SUNAT", True),
    OwnerRule("text", "SUNAT", "SUNAT", True),
    OwnerRule("text", "Mincetur", "Mincetur", True),
    OwnerRule("text", "ComexPeru", "ComexPerú", False),
    OwnerRule("text", "ADEX", "ADEX", False),
)
HOSTS = (
    CopyHost("github.com", "repository", ""),
    CopyHost("blog.example/2011/", "mirror", "El Comercio"),
    CopyHost("blog.example", "mirror", ""),
)


def owner(url: str, *texts: str) -> str:
    found = pv.owner_of(url, texts, RULES)
    return found.owner if found else ""


def test_owner_is_the_first_named_in_a_note_before_its_cross_references() -> None:
    assert owner("https://news.example/a", "ADEX; US 17.6% first; Mincetur gives more") == "ADEX"
    assert owner("https://news.example/a", "ADEX - CONFLICT with Mincetur 11,033") == "ADEX"
    assert owner("https://news.example/a", "three rounded figures - CONFLICT with Mincetur") == ""
    # a phrase listed before its words wins the tie at the same position: the association cites the agency
    assert owner("https://news.example/a", "ComexPeru citing SUNAT") == "SUNAT"
    assert owner("https://news.example/a", "ComexPeru column") == "ComexPerú"
    # whole words, case-sensitive: 'ADEXO' and 'mincetur' name nobody
    assert owner("https://news.example/a", "ADEXO said; mincetur") == ""


def test_owner_of_a_source_is_what_most_of_its_rows_name() -> None:
    assert owner("https://news.example/a", "derived 5,425 / 1.33", "ADEX", "Mincetur", "Mincetur") == "Mincetur"
    assert owner("https://news.example/a", "ADEX", "Mincetur") == "ADEX"  # tie: the first row's
    assert owner("https://github.com/andygarcia830/TSA_Final_Project/blob/x/f.csv", "Mincetur") == (
        "UN Comtrade (reported by Peru)"
    )


def prov(url: str, *texts: str, publisher: str = "blog.example") -> pv.Provenance:
    return pv.provenance(url, texts, publisher, owners=RULES, hosts=HOSTS)


def test_a_mirror_names_the_original_publisher_or_says_it_is_a_copy() -> None:
    known = prov("https://blog.example/2011/04/post.html", "SUNAT via El Comercio (blog copy)")
    assert known == pv.Provenance("SUNAT", "El Comercio", "copy at blog.example", True)
    unknown = prov("https://www.blog.example/2012/02/post.html", "Mincetur")
    assert unknown == pv.Provenance("Mincetur", "copy at blog.example", "copy at blog.example", True)
    own_site = prov("https://news.example/a", "ADEX", publisher="News")
    assert own_site == pv.Provenance("ADEX", "News", "", False)


def test_a_repository_is_read_at_its_owner_and_name() -> None:
    p = prov("https://github.com/rcyost/Trade-Dashboard/blob/ce06c51/00-data/wto/x.csv", publisher="WTO IDB")
    assert (p.publisher, p.read_at) == ("WTO IDB", "github.com/rcyost/Trade-Dashboard")


@pytest.mark.parametrize(
    ("url", "owner_", "read_at"),
    [
        (
            "https://github.com/andygarcia830/TSA_Final_Project/blob/2de7155/data/x/en_PER_AllYears.CSV",
            "UN Comtrade (reported by Peru)",
            "github.com/andygarcia830/TSA_Final_Project",
        ),
        (
            "https://github.com/rcyost/Trade-Dashboard/blob/ce06c51/00-data/wto/raw/hsm/156-2010.csv",
            "WTO (reported by the importing economy)",
            "github.com/rcyost/Trade-Dashboard",
        ),
    ],
)
def test_the_reference_tables_know_the_two_trade_databases(url: str, owner_: str, read_at: str) -> None:
    p = pv.provenance(url, (), "a publisher")
    assert (p.owner, p.read_at, p.official) == (owner_, read_at, True)


def test_only_a_known_official_owner_with_a_known_publisher_keeps_off() -> None:
    official = pv.Provenance("GACC (China Customs)", "Xinhua", "copy at mirror.example", True)
    assert pv.kind_of("OFF", official) == "OFF"
    assert pv.kind_of("OFF", pv.Provenance("", "Xinhua", "", False)) == "NEWS"
    assert pv.kind_of("OFF", pv.Provenance("ADEX", "Gestión", "", False)) == "NEWS"
    copy = pv.Provenance("GACC (China Customs)", "copy at f.example", "copy at f.example", True)
    assert pv.kind_of("OFF", copy) == "NEWS"
    assert pv.kind_of("ASSOC", pv.Provenance("", "copy at f.example", "copy at f.example", False)) == "ASSOC"


# Hosts of blogs, forums, content farms and document mirrors met in data/raw/ (written here, not read from the
# reference tables, so that a host missing from data/reference/copy_hosts.csv makes this fail).
MIRRORS = re.compile(
    r"blogspot\.|blogia\.|amazonaws\.com|kfd\.me|tvboxnow|markspestcontrol|petawa|wtosh|ffsy56|lunwentd|"
    r"mydokument|docslib|wxredian|yinxiangqingyang|copy at"
)


def test_no_official_source_is_published_by_a_blog_or_a_mirror(committed_data: Any) -> None:
    src = committed_data.sources
    off = src[src["kind"] == "OFF"]
    assert len(off) > 50
    assert [p for p in off["publisher"] if MIRRORS.search(p)] == []
    assert off.loc[off["owner"].isna() | (off["owner"] == ""), "source_id"].tolist() == []


def test_every_source_read_on_a_mirror_says_so(committed_data: Any) -> None:
    src = committed_data.sources
    on_mirror = src[src["domain"].fillna("").str.contains(MIRRORS)]
    assert len(on_mirror) >= 15
    assert (on_mirror["read_at"] == "copy at " + on_mirror["domain"]).all()
    assert not on_mirror["publisher"].isin(on_mirror["domain"]).any()


@pytest.mark.parametrize(
    ("info", "label"),
    [
        (("SUNAT", "Gestión", ""), "SUNAT, via Gestión"),
        (
            ("GACC (China Customs)", "Xinhua", "copy at m.example"),
            "GACC (China Customs), via Xinhua (copy at m.example)",
        ),
        (
            ("GACC (China Customs)", "copy at f.example", "copy at f.example"),
            "GACC (China Customs) (copy at f.example)",
        ),
        (("", "copy at f.example", "copy at f.example"), "copy at f.example"),
        (("", "Xinhua", "copy at l.example"), "Xinhua (copy at l.example)"),
        (
            ("CIA World Factbook", "CIA World Factbook (archived editions)", "github.com/a/b"),
            "CIA World Factbook (archived editions) (github.com/a/b)",
        ),
        (("", "Andina", ""), "Andina"),
        (
            ("CCCC", "China Communications Construction Company (CCCC)", ""),
            "China Communications Construction Company (CCCC)",
        ),
    ],
)
def test_a_source_label_is_owner_via_publisher_and_where_read(info: tuple[str, str, str], label: str) -> None:
    from dashboard.context import SourceInfo

    assert SourceInfo(*info).label == label


@pytest.mark.parametrize(
    ("info", "short"),
    [
        (("SUNAT", "Gestión", "copy at g.example"), "SUNAT, via Gestión"),
        (("GACC (China Customs)", "copy at f.example", "copy at f.example"), "GACC (China Customs)"),
        (("", "copy at f.example", "copy at f.example"), "copy at f.example"),
        (("CIA World Factbook", "CIA World Factbook (archived editions)", "github.com/a/b"),
         "CIA World Factbook (archived editions)"),
        (("", "Andina", ""), "Andina"),
    ],
)
def test_a_hover_names_owner_and_publisher_without_where_the_copy_was_read(info: tuple[str, str, str],
                                                                          short: str) -> None:
    from dashboard.context import SourceInfo

    assert SourceInfo(*info).short_label == short


def test_pages_show_owner_publisher_and_copy(committed_ctx: Any) -> None:
    from dashboard import pages
    from dashboard.pages import sources as sources_page
    from tests.test_pages import text_of

    every_page = [sources_page.sources_rows(committed_ctx, n) for n in range(sources_page.n_pages(committed_ctx))]
    sources = text_of(pages.render(committed_ctx, "/sources")) + text_of(every_page)
    for words in ("Statistic of", "Published by", "Read at", "copy at markspestcontrol.com", "GACC (China Customs)"):
        assert words in sources
    claim = text_of(pages.render(committed_ctx, "/claims/early-diplomatic-relations"))
    assert "GACC (China Customs), via Xinhua" in claim
    assert "CCCC, via" not in text_of(pages.render(committed_ctx, "/claims/chancay-hub"))  # owner named by publisher
