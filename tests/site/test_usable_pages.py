"""Pages people can use (issue 18), read as HTML: a district lists every commitment it made,
grouped by plan and section, with status, lead unit and deadline, and filter pages that need
no JavaScript. Expectations are the fixture table in test_site_pages.py, worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

from tests.site.html_tree import Document

P = "/minsheng/"


def briefs(doc: Document) -> list[tuple[str, str]]:
    """(commitment link, status) of every entry of a district's list, in order."""
    return [
        (li.find("a").get("href") or "", li.get("data-status") or "")
        for li in doc.main.find_all("li", cls="brief")
    ]


def test_district_page_opens_with_every_commitment_by_plan(
    fixture_site: dict[str, Document],
) -> None:
    doc = fixture_site["districts/test-east/"]
    heading = doc.main.find("h2", id="items")
    assert heading.text() == "测试市东区承诺的4件民生实事"
    assert briefs(doc) == [
        (P + "plans/east-2023/1/", "not_reported"),
        (P + "plans/east-2023/2/", "not_reported"),
        (P + "plans/east-2022/1/", "completed"),
        (P + "plans/east-2022/2/", "behind"),
    ]
    groups = doc.main.find_all("section", cls="item-group")
    assert [g.find("h3").text() for g in groups] == [
        "2023年 · 东区2023年民生实事 共2项",
        "2022年 · 东区2022年民生实事 共2项",
    ]
    first = doc.main.find_all("li", cls="brief")[3].text()
    assert "进度滞后" in first and "牵头单位：民政局" in first and "年底前" in first
    sections = [h.text() for h in groups[1].find_all("h4")]
    assert sections == ["一、就业创业", "二、养老服务"]


def test_one_year_district_names_the_year(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["districts/test-west/"]
    assert doc.main.find("h2", id="items").text() == "西县2023年承诺的2件民生实事"


def test_status_chips_link_to_filter_pages_that_need_no_script(
    fixture_site: dict[str, Document],
) -> None:
    doc = fixture_site["districts/test-east/"]
    nav = doc.main.find("nav", cls="filter-chips", data_filter="status")
    chips = [(a.text(), a.get("href")) for a in nav.find_all("a")]
    assert chips == [
        ("全部 4", P + "districts/test-east/"),
        ("已完成 1", P + "districts/test-east/status/completed/"),
        ("进度滞后 1", P + "districts/test-east/status/behind/"),
        ("暂无进展信息 2", P + "districts/test-east/status/not_reported/"),
    ]
    filtered = fixture_site["districts/test-east/status/not_reported/"]
    assert briefs(filtered) == [
        (P + "plans/east-2023/1/", "not_reported"),
        (P + "plans/east-2023/2/", "not_reported"),
    ]
    current = filtered.main.find("a", cls="chip", aria_current="page")
    assert current.get("href") == P + "districts/test-east/status/not_reported/"
    assert filtered.main.find("h2", id="items").text() == "暂无进展信息的承诺：共2项"


def test_unit_chips_lead_to_each_department_page(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["districts/test-east/"]
    nav = doc.main.find("nav", cls="filter-chips", data_filter="unit")
    chips = [(a.text(), a.get("href"), a.get("data-value")) for a in nav.find_all("a")]
    dept = P + "districts/test-east/departments/"
    assert chips == [
        ("区民政局 2", dept + "qu-min-zheng-ju/", "qu-min-zheng-ju"),
        ("区教育局 1", dept + "qu-jiao-yu-ju/", "qu-jiao-yu-ju"),
        ("区人社局 1", dept + "qu-ren-she-ju/", "qu-ren-she-ju"),
    ]


def test_the_search_page_has_one_search_box(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["search/"]
    assert [i.get("id") for i in doc.find_all("input", type="search")] == ["search-q"]
    assert len(fixture_site["plans/east-2022/"].find_all("input", type="search")) == 1


def test_facets_that_need_script_start_hidden_and_stay_hidden(
    fixture_site: dict[str, Document],
) -> None:
    from tests.conftest import ROOT

    facets = fixture_site["search/"].main.find("fieldset", id="search-facets")
    assert "hidden" in facets.attrs
    css = (ROOT / "theme" / "static" / "style.css").read_text("utf-8")
    assert "[hidden] { display: none !important; }" in css


def test_qr_codes_on_plan_district_and_commitment_pages(
    fixture_site: dict[str, Document],
) -> None:
    for url in ["plans/east-2022/", "districts/test-east/", "plans/east-2022/2/"]:
        doc = fixture_site[url]
        qr = doc.main.find("svg", cls="qr")
        assert qr.get("role") == "img" and qr.get("aria-label"), url
        share = doc.main.find("aside", cls="share").text()
        assert "https://example.org/minsheng/" + url in share, url
        assert "数据截至：2023年6月30日" in share, url
        assert doc.meta("og:image") == "https://example.org/minsheng/static/og-card.png"


def test_qr_code_reads_back_as_the_page_address() -> None:
    """The code encodes the address (decoded here from segno's own matrix of the same text
    would prove nothing): the SVG has the size of a version-4 code for a 48-byte URL."""
    from generator.render import qr_svg

    svg = qr_svg("https://example.org/minsheng/plans/east-2022/", "x")
    assert svg.startswith('<svg role="img" aria-label="x"')
    assert 'viewBox="0 0 37 37"' in svg  # 33 modules (version 4) + a border of 2 on each side


def test_notice_page_lists_every_item_with_status(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["plans/east-2022/notice/"]
    rows = doc.main.find("table", cls="notice-table").find("thead").parent
    body = [tr.text() for tbody in rows.find_all("tbody") for tr in tbody.find_all("tr")]
    assert body[0] == "一、就业创业"
    assert body[1].startswith("1城镇新增就业 0.8 万人区人社局") and "已完成" in body[1]
    assert body[3].startswith("2新建5家幸福食堂民政局年底前") and "进度滞后" in body[3]
    assert doc.main.find("svg", cls="qr")
    plan = fixture_site["plans/east-2022/"]
    assert plan.main.find("p", cls="notice-link").find("a").get("href") == (
        P + "plans/east-2022/notice/"
    )


def test_office_type_comes_from_names_and_aliases() -> None:
    from generator.model import Department, office_type

    def kind(name: str, district: str, *aliases: str, office: str | None = None) -> str:
        return office_type(Department("d", "s", name, aliases, office=office), district)

    assert kind("区人社局", "东区", "人社局", "区人力资源和社会保障局") == "人社"
    assert kind("县卫健局", "西县") == kind("区卫健委", "海州区") == "卫健"
    assert kind("海州公安分局", "海州区") == kind("公安分局", "长春新区") == "公安"
    assert kind("党政办公室(政法)", "济宁高新区") == kind("党政办公室", "济宁高新区") == "党政"
    assert kind("区委宣传部", "绿园区") == "区委宣传部"  # 区委 is no prefix
    assert kind("团区委", "海州区") == "团区委"
    assert kind("团区委", "海州区", office="团委") == kind("区团委", "绿园区") == "团委"
    assert kind("党办", "长春新区") == "党办"  # too short to lose its ending


def test_office_page_links_each_districts_department(fixture_site: dict[str, Document]) -> None:
    doc = fixture_site["offices/min-zheng/"]
    assert doc.main.find("h1").text() == "民政部门：各地对比"
    rows = doc.main.find("table", cls="office-table").find("tbody").find_all("tr")
    cells = [[c.text() for c in r.children if not isinstance(c, str)] for r in rows]
    # 区民政局 leads east-2022/2 (behind, reported) and east-2023/1 (overdue, no report)
    assert cells == [["测试市东区", "区民政局", "2", "0", "0", "1", "1", "0% （0 / 1）"]]
    links = [a.get("href") for a in rows[0].find_all("a")]
    assert links == [
        P + "districts/test-east/",
        P + "districts/test-east/departments/qu-min-zheng-ju/",
    ]
    downloads = [a.get("href") for a in doc.main.find_all("a") if "download" in a.attrs]
    assert downloads == [P + "data/offices/min-zheng.csv"]


def test_qualified_units_roll_up_into_their_office(bundled_output: Path) -> None:
    import csv

    with (bundled_output / "data" / "offices" / "dang-zheng.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    jining = next(r for r in rows if r["district"] == "jining-gaoxin")
    assert jining["units"].split("、")[0] == "党政办公室"
    assert sorted(jining["qualifiers"].split("、")) == ["宣传", "政法"]
    page = (bundled_output / "offices" / "dang-zheng" / "index.html").read_text("utf-8")
    assert "（含：宣传、政法）" in page
