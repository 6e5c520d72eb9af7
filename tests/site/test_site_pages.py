"""The built fixture site, read as HTML: every page's head, and what each kind of page shows.

Expectations are worked out by hand from tests/fixtures/site/content (as-of 2023-06-30):

=============  =========================  ==========  ============  ===========  ========
commitment     category                   status      deadline      overdue      lead
=============  =========================  ==========  ============  ===========  ========
east-2022/1    employment (section)       completed   2022-12-31*   no           区人社局
east-2022/2    elderly (section)          behind      2022-12-31    yes          民政局
east-2023/1    elderly (section 养老)      not_rep.    2023-03-31    yes          区民政局
east-2023/2    education (text: 中小学)    not_rep.    none          no           区教育局
west-2023/1    health (section)           not_started 2023-12-31*   no           县卫健局
west-2023/2    transport (explicit)       not_rep.    2023-06-30    no (= as-of) 县交通局
=============  =========================  ==========  ============  ===========  ========

(* implied: the plan year's 31 December.) 区住建局 supports east-2023/1.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.site.html_tree import Document, Node

BASE = "https://example.org/minsheng/"
P = "/minsheng/"  # link prefix of the fixture site

CATEGORIES = [
    "childcare",
    "culture-sports",
    "disability",
    "education",
    "elderly",
    "employment",
    "environment",
    "government-services",
    "health",
    "housing",
    "other",
    "public-safety",
    "rural",
    "social-assistance",
    "transport",
    "urban",
]
ALL_PAGES = sorted(
    [
        "about/",
        "",
        "404.html",
        "categories/",
        *(f"categories/{c}/" for c in CATEGORIES),
        "data/",
        "departments/",
        "districts/",
        "districts/test-east/",
        "districts/test-east/departments/qu-jiao-yu-ju/",
        "districts/test-east/departments/qu-min-zheng-ju/",
        "districts/test-east/departments/qu-ren-she-ju/",
        "districts/test-east/departments/qu-zhu-jian-ju/",
        *(f"districts/test-east/status/{s}/" for s in ("behind", "completed", "not_reported")),
        *(f"districts/test-west/status/{s}/" for s in ("not_reported", "not_started")),
        "districts/test-west/",
        "districts/test-west/departments/xian-jiao-tong-ju/",
        "districts/test-west/departments/xian-wei-jian-ju/",
        "offices/",
        *(
            f"offices/{o}/"
            for o in ("jiao-tong", "jiao-yu", "min-zheng", "ren-she", "wei-jian", "zhu-jian")
        ),
        "plans/east-2022/",
        "plans/east-2022/1/",
        "plans/east-2022/2/",
        "plans/east-2022/notice/",
        "plans/east-2023/notice/",
        "plans/west-2023/notice/",
        "plans/east-2022/status/behind/",
        "plans/east-2022/status/completed/",
        "plans/east-2022/units/qu-min-zheng-ju/",
        "plans/east-2022/units/qu-ren-she-ju/",
        "plans/east-2023/units/qu-jiao-yu-ju/",
        "plans/east-2023/units/qu-min-zheng-ju/",
        "plans/west-2023/status/not_reported/",
        "plans/west-2023/status/not_started/",
        "plans/west-2023/units/xian-jiao-tong-ju/",
        "plans/west-2023/units/xian-wei-jian-ju/",
        "plans/east-2023/",
        "plans/east-2023/1/",
        "plans/east-2023/2/",
        "plans/west-2023/",
        "plans/west-2023/1/",
        "plans/west-2023/2/",
        "search/",
        "sources/east-2022.html",
    ]
)


def commitment_links(node: Node) -> list[str]:
    """The commitment pages a list links to, in order (one per ``li.commitment``)."""
    return [li.find("a").get("href") or "" for li in node.find_all("li", cls="commitment")]


def item(doc: Document, no: int) -> Node:
    return doc.main.find("li", cls="commitment", id=f"c{no}")


def sections_by_h2(main: Node) -> dict[str, list[Node | str]]:
    """The children of ``main`` grouped under the ``<h2>`` that precedes them."""
    out: dict[str, list[Node | str]] = {}
    current: list[Node | str] = out.setdefault("", [])
    for child in main.children:
        if isinstance(child, Node) and child.tag == "h2":
            current = out.setdefault(child.text(), [])
        else:
            current.append(child)
    return out


# Old addresses kept working: pages that only redirect (noindex, not in the sitemap).
REDIRECTS = {"plans/east-2022/source/": "sources/east-2022.html"}


def test_the_site_has_exactly_the_expected_pages(fixture_site: dict[str, Document]) -> None:
    assert sorted(fixture_site) == sorted([*ALL_PAGES, *REDIRECTS])


@pytest.mark.parametrize(("old", "new"), REDIRECTS.items())
def test_old_addresses_redirect(fixture_site: dict[str, Document], old: str, new: str) -> None:
    doc = fixture_site[old]
    assert doc.meta("robots") == "noindex"
    assert [n.get("href") for n in doc.find_all("link", rel="canonical")] == [BASE + new]
    refresh = [m.get("content") for m in doc.find_all("meta") if m.get("http-equiv") == "refresh"]
    assert refresh == ["0; url=" + P + new]
    assert P + new in [a.get("href") for a in doc.find_all("a")]


@pytest.mark.parametrize("url", ALL_PAGES)
def test_every_page_has_the_sharing_head(fixture_site: dict[str, Document], url: str) -> None:
    doc = fixture_site[url]
    html = doc.find("html")
    assert html.get("lang") == "zh-CN"
    titles = doc.find_all("title")
    assert len(titles) == 1 and titles[0].text().endswith("测试民生站")
    description = doc.meta("description")
    assert description and description.strip()
    assert doc.meta("og:title") and doc.meta("og:description") == description
    assert doc.meta("og:type") == "website"
    assert doc.meta("og:site_name") == "测试民生站"
    assert doc.meta("og:locale") == "zh_CN"
    canonical = [n.get("href") for n in doc.find_all("link", rel="canonical")]
    if url == "404.html":
        assert canonical == []  # served at any missing address: no canonical of its own
    else:
        assert canonical == [BASE + url]
        assert doc.meta("og:url") == BASE + url
    h1 = doc.find_all("h1")
    assert len(h1) == 1 and h1[0].text()


@pytest.mark.parametrize("url", [u for u in ALL_PAGES if u])
def test_every_page_but_home_has_a_breadcrumb_ending_at_itself(
    fixture_site: dict[str, Document], url: str
) -> None:
    doc = fixture_site[url]
    nav = doc.find("nav", cls="breadcrumbs")
    assert nav.get("aria-label")
    items = nav.find("ol").find_all("li")
    first = items[0].find("a")
    assert first.get("href") == P and first.text() == "首页"
    last = items[-1]
    assert not last.find_all("a")
    assert last.find("span").get("aria-current") == "page"
    for crumb in items[1:-1]:
        assert crumb.find("a").get("href", "").startswith(P)


def test_home_has_no_breadcrumb(fixture_site: dict[str, Document]) -> None:
    assert fixture_site[""].find_all("nav", cls="breadcrumbs") == []


def test_breadcrumbs_of_a_commitment_lead_through_district_and_plan(
    fixture_site: dict[str, Document],
) -> None:
    nav = fixture_site["plans/east-2022/2/"].find("nav", cls="breadcrumbs")
    assert [a.get("href") for a in nav.find_all("a")] == [
        P,
        P + "districts/test-east/",
        P + "plans/east-2022/",
    ]
    assert [li.text() for li in nav.find_all("li")][:3] == ["首页", "东区", "东区2022年民生实事"]


# --- home ------------------------------------------------------------------------------------


def test_home_shows_totals_by_status(fixture_site: dict[str, Document]) -> None:
    main = fixture_site[""].main
    line = main.find("p", cls="summary-line").text()
    assert line.startswith("共6项")
    # east-2022/2 is overdue by its own report; east-2023/1 passed its deadline unreported
    for part in (
        "1项已完成",
        "1项进度滞后",
        "1项未开始",
        "3项暂无进展信息",
        "1项逾期未完成",
        "1项期限已过 · 暂无完成情况",
    ):
        assert part in line
    assert "1项期限已过 · 暂无完成情况" in line
    assert "正常推进" not in line  # zero counts are left out
    # 3 of 6 have progress information: two with updates, one with an editor's status
    coverage = main.find("p", cls="coverage").text()
    assert coverage == "共6项，其中3项有进展信息"


def test_home_lists_districts_and_plans(fixture_site: dict[str, Document]) -> None:
    main = fixture_site[""].main
    hrefs = [a.get("href") for a in main.find_all("a")]
    for target in ("districts/test-east/", "districts/test-west/"):
        assert P + target in hrefs
    for plan in ("east-2022", "east-2023", "west-2023"):
        assert P + f"plans/{plan}/" in hrefs


def test_home_lists_latest_updates_newest_first(fixture_site: dict[str, Document]) -> None:
    updates = fixture_site[""].main.find("ul", cls="updates").find_all("li")
    assert [li.find("time").get("datetime") for li in updates] == [
        "2022-12-31",
        "2022-09-30",
        "2022-06-30",
    ]
    assert [li.find("a").get("href") for li in updates] == [
        P + "plans/east-2022/1/",
        P + "plans/east-2022/2/",
        P + "plans/east-2022/1/",
    ]


def test_home_lists_overdue_commitments_oldest_deadline_first(
    fixture_site: dict[str, Document],
) -> None:
    section = fixture_site[""].main.find("section", aria_labelledby="overdue")
    assert commitment_links(section) == [P + "plans/east-2022/2/"]  # a report says so
    past = fixture_site[""].main.find("section", aria_labelledby="past-deadline")
    assert commitment_links(past) == [P + "plans/east-2023/1/"]  # nobody reported
    assert past.find_all(cls="past-deadline") and not past.find_all(cls="overdue")


# --- plan ------------------------------------------------------------------------------------


def test_plan_page_groups_commitments_by_the_plans_own_sections(
    fixture_site: dict[str, Document],
) -> None:
    main = fixture_site["plans/east-2022/"].main
    sections = main.find_all("section", cls="plan-section")
    assert [s.find("h3").text() for s in sections] == ["一、就业创业", "二、养老服务"]
    assert [commitment_links(s) for s in sections] == [
        [P + "plans/east-2022/1/"],
        [P + "plans/east-2022/2/"],
    ]


def test_plan_page_shows_each_commitment_in_full(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["plans/east-2022/"]
    first = item(doc, 1)
    assert first.find(cls="no").text() == "1."
    assert "城镇新增就业 0.8 万人" in first.text()
    assert first.find("dd").find("a").get("href") == (
        P + "districts/test-east/departments/qu-ren-she-ju/"
    )
    assert "2022年12月31日" in first.text() and "按计划年度年底计" in first.text()
    target = first.find("ul", cls="targets").text()
    # in the source's own 万, and no 原文: it would only repeat what is shown
    assert " ".join(target.split()) == "城镇新增就业：0.8万人"
    assert first.find("span", cls="status-completed").text() == "✔ 已完成"

    second = item(doc, 2)
    text = second.text()
    assert "新建5家幸福食堂，解决老年人吃饭难问题。" in text  # the text, not only the title
    assert "牵头单位民政局" in text  # the name as written in the plan
    assert "配合单位各街道（统称）" in text
    assert "年底前（2022年12月31日）" in text  # the plan's wording and the date
    assert "新建幸福食堂：5家" in second.find("ul", cls="targets").text()
    assert second.find("span", cls="status-behind").text() == "⚠ 进度滞后"
    assert second.find("span", cls="overdue").text() == "⚑ 逾期未完成"


def test_plan_page_deadline_wordings(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["plans/east-2023/"]
    assert "3月底前（2023年3月31日）" in item(doc, 1).text()
    assert "长期坚持" in item(doc, 2).text()
    assert "年" not in item(doc, 2).find_all("dd")[-1].text()  # no date for 长期坚持
    markup = item(doc, 2)
    assert markup.find("strong").text() == "900个"  # markdown in the text is rendered
    west = fixture_site["plans/west-2023/"]
    assert "2023年6月30日" in item(west, 2).text()
    assert not item(west, 2).find_all(cls="overdue")  # due on the as-of date: not yet overdue


def test_plan_page_shows_caveats_source_and_archive(fixture_site: dict[str, Document]) -> None:
    west = fixture_site["plans/west-2023/"].main
    assert "发布年份未经核实。" in west.find("aside", cls="caveats").text()
    east = fixture_site["plans/east-2022/"].main
    assert not east.find_all("aside", cls="caveats")
    hrefs = [a.get("href") for a in east.find_all("a")]
    assert "https://example.org/east-2022" in hrefs
    assert P + "sources/east-2022.html" in hrefs
    assert P + "sources/east-2022.txt" in hrefs
    text = east.text()
    for fact in ("测试市东区人民政府", "东政发〔2022〕1号", "2022年2月15日"):
        assert fact in text


def test_plan_summary_counts(fixture_site: dict[str, Document]) -> None:
    line = fixture_site["plans/east-2023/"].main.find("p", cls="summary-line").text()
    assert line.startswith("共2项") and "2项暂无进展信息" in line
    assert "1项期限已过 · 暂无完成情况" in line and "逾期未完成" not in line


# --- commitment ------------------------------------------------------------------------------


def test_commitment_page_timeline_newest_first_with_sources(
    fixture_site: dict[str, Document],
) -> None:
    main = fixture_site["plans/east-2022/1/"].main
    entries = main.find("ol", cls="timeline").find_all("li")
    assert [e.find("time").get("datetime") for e in entries] == ["2022-12-31", "2022-06-30"]
    newest, oldest = entries
    assert "已完成" in newest.text() and "100%" in newest.text()
    assert "媒体报道" in newest.text()
    assert newest.find("a").get("href") == "https://example.org/report-2"
    assert "正常推进" in oldest.text() and "55%" in oldest.text()
    assert "上半年新增就业4400人。" in oldest.text()
    link = oldest.find("a")
    assert (link.get("href"), link.text()) == ("https://example.org/report-1", "半年报")
    assert "政府报告" in oldest.text()


def test_commitment_page_source_without_url(fixture_site: dict[str, Document]) -> None:
    entry = fixture_site["plans/east-2022/2/"].main.find("ol", cls="timeline").find("li")
    assert "市民反映" in entry.find("p", cls="source-line").text()
    assert not entry.find("p", cls="source-line").find_all("a")


def test_commitment_page_links_its_department_district_and_category(
    fixture_site: dict[str, Document],
) -> None:
    main = fixture_site["plans/east-2023/1/"].main
    hrefs = [a.get("href") for a in main.find_all("a")]
    for target in (
        "districts/test-east/departments/qu-min-zheng-ju/",
        "districts/test-east/departments/qu-zhu-jian-ju/",
        "districts/test-east/",
        "categories/elderly/",
        "plans/east-2023/",
        "plans/east-2022/2/",  # the same commitment a year earlier
    ):
        assert P + target in hrefs
    assert main.find("h1").text() == "继续建设幸福食堂"
    assert "再新建3家幸福食堂。" in main.find("blockquote").text()


def test_commitment_pages_link_other_years_both_ways(fixture_site: dict[str, Document]) -> None:
    earlier = sections_by_h2(fixture_site["plans/east-2022/2/"].main)["其他年度"]
    later = sections_by_h2(fixture_site["plans/east-2023/1/"].main)["其他年度"]

    def hrefs(nodes: list[Node | str]) -> list[str | None]:
        # the list under the heading (如何询问 and 纠错 may follow it)
        return [
            a.get("href")
            for n in nodes
            if isinstance(n, Node) and n.tag == "ul"
            for a in n.find_all("a")
        ]

    assert hrefs(earlier) == [P + "plans/east-2023/1/"]
    assert hrefs(later) == [P + "plans/east-2022/2/"]


def test_commitment_without_updates_says_so(fixture_site: dict[str, Document]) -> None:
    main = fixture_site["plans/west-2023/1/"].main
    assert "尚无进展报告。" in main.text()
    assert not main.find_all("ol", cls="timeline")
    assert "发布年份未经核实。" in main.find("aside", cls="caveats").text()


# --- districts, departments, categories ------------------------------------------------------


def table_rows(node: Node) -> list[list[str]]:
    return [[c.text() for c in tr.children if isinstance(c, Node)] for tr in node.find_all("tr")]


def test_district_page_lists_plans_by_year_with_counts(fixture_site: dict[str, Document]) -> None:
    main = fixture_site["districts/test-east/"].main
    plans, departments = main.find_all("table")
    assert table_rows(plans)[1:] == [
        ["2023", "东区2023年民生实事", "2", "0", "0", "1"],
        ["2022", "东区2022年民生实事", "2", "1", "1", "0"],
    ]
    names = sorted(r[0] for r in table_rows(departments)[1:])
    assert names == sorted(["区住建局", "区人社局", "区教育局", "区民政局"])
    assert "各街道" in main.text() and "各开发区" in main.text()
    west = fixture_site["districts/test-west/"].main
    assert table_rows(west.find_all("table")[0])[1:] == [
        ["2023", "西县2023年为民办实事项目", "2", "0", "0", "0"]
    ]


@pytest.mark.parametrize(
    ("url", "leads", "supports", "overdue", "past"),
    [
        ("test-east/departments/qu-ren-she-ju", ["east-2022/1"], [], [], []),
        (
            "test-east/departments/qu-min-zheng-ju",
            ["east-2022/2", "east-2023/1"],
            [],
            ["east-2022/2"],
            ["east-2023/1"],
        ),
        ("test-east/departments/qu-zhu-jian-ju", [], ["east-2023/1"], [], ["east-2023/1"]),
        ("test-east/departments/qu-jiao-yu-ju", ["east-2023/2"], [], [], []),
        ("test-west/departments/xian-wei-jian-ju", ["west-2023/1"], [], [], []),
        ("test-west/departments/xian-jiao-tong-ju", ["west-2023/2"], [], [], []),
    ],
)
def test_department_page_lists_what_it_leads_supports_and_has_overdue(
    fixture_site: dict[str, Document],
    url: str,
    leads: list[str],
    supports: list[str],
    overdue: list[str],
    past: list[str],
) -> None:
    sections = sections_by_h2(fixture_site[f"districts/{url}/"].main)

    def listed(heading: str) -> list[str]:
        found = []
        for n in sections[heading]:
            if isinstance(n, Node):
                found.extend(commitment_links(n))
        return sorted(h.removeprefix(P + "plans/").rstrip("/") for h in found)

    assert listed("牵头的承诺") == leads
    assert listed("配合的承诺") == supports
    assert listed("报告逾期未完成的事项") == overdue
    assert listed("期限已过、暂无完成情况的事项") == past


def test_department_page_shows_how_to_contact_it(fixture_site: dict[str, Document]) -> None:
    main = fixture_site["districts/test-east/departments/qu-ren-she-ju/"].main
    assert "https://example.org/renshe" in [a.get("href") for a in main.find_all("a")]
    assert "12345" in main.text()
    assert "人社局" in main.text() and "区人力资源和社会保障局" in main.text()  # aliases


def test_departments_page_counts(fixture_site: dict[str, Document]) -> None:
    main = fixture_site["departments/"].main
    rows = {r[0]: r[1:] for t in main.find_all("table") for r in table_rows(t)[1:]}
    assert rows == {
        # leads, supports, reported overdue, past the deadline unreported (of those led)
        "区人社局": ["1", "0", "0", "0"],
        "区民政局": ["2", "0", "1", "1"],
        "区教育局": ["1", "0", "0", "0"],
        "区住建局": ["0", "1", "0", "0"],
        "县交通局": ["1", "0", "0", "0"],
        "县卫健局": ["1", "0", "0", "0"],
    }


EXPECTED_CATEGORIES = {
    "employment": ["east-2022/1"],
    # west-2023/1 (为全县65岁以上老年人免费体检) is health first, elderly too
    "elderly": ["east-2022/2", "east-2023/1", "west-2023/1"],
    "education": ["east-2023/2"],
    "health": ["west-2023/1"],
    "transport": ["west-2023/2"],
}


@pytest.mark.parametrize("name", CATEGORIES)
def test_category_pages_list_the_right_commitments(
    fixture_site: dict[str, Document], name: str
) -> None:
    main = fixture_site[f"categories/{name}/"].main
    found = sorted(h.removeprefix(P + "plans/").rstrip("/") for h in commitment_links(main))
    expected = EXPECTED_CATEGORIES.get(name, [])
    assert found == expected
    assert main.find("p", cls="summary-line").text().startswith(f"共{len(expected)}项")


def test_category_page_lists_by_district_with_plain_links(
    fixture_site: dict[str, Document],
) -> None:
    """The theme page's filter is links within the page, not a form for the search page
    (which needs JavaScript)."""
    main = fixture_site["categories/health/"].main
    assert not main.find_all("form")
    groups = main.find_all("section", cls="item-group")
    assert [g.find("h2").text() for g in groups] == ["西县 共1项"]
    elderly = fixture_site["categories/elderly/"].main
    assert [g.find("h2").get("id") for g in elderly.find_all("section", cls="item-group")] == [
        "d-test-east"
    ]


def test_categories_page_counts(fixture_site: dict[str, Document]) -> None:
    cards = fixture_site["categories/"].main.find_all("li", cls="card")
    counts = {
        c.find("a").get("href", "").split("/")[-2]: c.find("p", cls="summary-line").text()
        for c in cards
    }
    assert len(counts) == 16
    for slug, items in EXPECTED_CATEGORIES.items():
        assert counts[slug].startswith(f"共{len(items)}项")
    assert counts["housing"].startswith("共0项")


# --- 404, sitemap, robots --------------------------------------------------------------------


def test_404_page_links_home_and_search_by_absolute_paths(
    fixture_site: dict[str, Document],
) -> None:
    main = fixture_site["404.html"].main
    assert main.find("h1").text() == "页面不存在"
    hrefs = [a.get("href") for a in main.find_all("a")]
    assert hrefs == [P, P + "search/"]  # absolute: 404.html is served at any depth


def test_sitemap_lists_every_page_except_404(fixture_output: Path) -> None:
    tree = ET.parse(fixture_output / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert sorted(locs) == sorted(BASE + u for u in ALL_PAGES if u != "404.html")  # type: ignore[type-var]
    assert len(set(locs)) == len(locs)


def test_robots_txt_points_at_the_sitemap(fixture_output: Path) -> None:
    lines = (fixture_output / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)


def test_archived_source_page_and_file(
    fixture_site: dict[str, Document], fixture_output: Path
) -> None:
    archived = (
        Path(__file__).resolve().parents[1] / "fixtures/site/content/sources/east-2022.txt"
    ).read_bytes()
    assert (fixture_output / "sources/east-2022.txt").read_bytes() == archived
    pre = fixture_site["sources/east-2022.html"].main.find("pre")
    assert " ".join(archived.decode("utf-8").split()) == " ".join(pre.text().split())
    # each commitment's passage is marked, and its page links it
    for no in (1, 2):
        span = pre.find("span", id=f"c{no}")
        assert span is not None and span.get("class") == "passage"
        links = [a.get("href") for a in fixture_site[f"plans/east-2022/{no}/"].main.find_all("a")]
        assert P + f"sources/east-2022.html#c{no}" in links
