"""Pages people can use (issue 18) in real Chromium, served at the fixture site's sub-path.

- A district page lists every commitment of the district; its filters work with JavaScript
  (in place, kept in the address) and without it (links to filter pages).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import SUB_PATH, serve
from tests.site.test_site_browser import DESKTOP, ONE_OF_EACH_KIND, PHONE, axe_violations, open_page

pytestmark = pytest.mark.browser


def visible_items(page: Any, selector: str = "li.brief") -> list[str]:
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => e.querySelector('a').getAttribute('href'))",
    )


def test_district_page_lists_every_item_and_filters_in_place(
    browser: Any, site_server: str
) -> None:
    page = open_page(browser, site_server, "districts/test-east/", PHONE)
    try:
        every = [SUB_PATH + f"plans/{p}/" for p in ("east-2023/1", "east-2023/2")]
        every += [SUB_PATH + f"plans/{p}/" for p in ("east-2022/1", "east-2022/2")]
        assert visible_items(page) == every
        status = page.get_by_role("navigation", name="按状态筛选")
        status.get_by_role("button", name="进度滞后 1").click()
        assert visible_items(page) == [SUB_PATH + "plans/east-2022/2/"]
        assert page.url.endswith("districts/test-east/?status=behind")  # shareable
        assert page.locator(".filter-shown").inner_text() == "显示1项，共4项"
        # the 2023 plan has nothing left to show: its heading goes too
        assert not page.get_by_role(
            "heading", name="2023年 · 东区2023年民生实事 共2项"
        ).is_visible()
        status.get_by_role("button", name="进度滞后 1").click()  # again: every item
        assert visible_items(page) == every
        units = page.get_by_role("navigation", name="按牵头单位筛选")
        units.get_by_role("button", name="区民政局 2").click()  # 民政局 is its alias
        assert visible_items(page) == [
            SUB_PATH + "plans/east-2023/1/",
            SUB_PATH + "plans/east-2022/2/",
        ]
        assert (
            units.get_by_role("button", name="区民政局 2").get_attribute("aria-pressed") == "true"
        )
        # the address brings the same filter back
        page.goto(site_server + SUB_PATH + "districts/test-east/?status=completed")
        assert visible_items(page) == [SUB_PATH + "plans/east-2022/1/"]
    finally:
        page.context.close()


def test_district_filters_without_javascript_are_pages(browser: Any, site_server: str) -> None:
    page = open_page(
        browser, site_server, "districts/test-east/", DESKTOP, java_script_enabled=False
    )
    try:
        assert len(visible_items(page)) == 4
        page.get_by_role("navigation", name="按状态筛选").get_by_role(
            "link", name="暂无进展信息 2"
        ).click()
        page.wait_for_url("**/districts/test-east/status/not_reported/")
        assert visible_items(page) == [
            SUB_PATH + "plans/east-2023/1/",
            SUB_PATH + "plans/east-2023/2/",
        ]
        page.get_by_role("link", name="全部 4").click()
        page.wait_for_url("**/districts/test-east/")
        page.get_by_role("navigation", name="按牵头单位筛选").get_by_role(
            "link", name="区民政局 2"
        ).click()
        page.wait_for_url("**/districts/test-east/departments/qu-min-zheng-ju/")
    finally:
        page.context.close()


def test_plan_index_stays_in_view_and_leads_to_each_section(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "plans/east-2022/", PHONE)
    try:
        index = page.locator("nav.plan-index")
        assert index.locator("a").all_inner_texts() == ["一、就业创业", "二、养老服务"]
        index.get_by_role("link", name="二、养老服务").click()
        assert page.evaluate("location.hash") == "#s2"
        # the index is still on screen after the jump, and does not hide the heading
        box = index.bounding_box()
        assert box is not None and box["y"] == 0
        heading = page.locator("#s2-h").bounding_box()
        assert heading is not None and heading["y"] >= box["height"] - 1
        page.get_by_role("link", name="回到顶部").last.click()
        assert page.evaluate("location.hash") == "#main"
    finally:
        page.context.close()


def test_plan_details_fold_on_a_phone_and_stay_open_on_a_desktop(
    browser: Any, site_server: str
) -> None:
    for viewport, folded in ((PHONE, True), (DESKTOP, False)):
        page = open_page(browser, site_server, "plans/east-2022/", viewport)
        try:
            body = page.locator("#c2 .commitment-body")
            assert body.is_visible() is not folded, viewport
            if folded:
                page.locator("#c2 summary").click()
                assert body.is_visible()
        finally:
            page.context.close()


def test_plan_filters_with_and_without_javascript(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "plans/east-2022/", PHONE)
    try:
        every = ["/minsheng/plans/east-2022/1/", "/minsheng/plans/east-2022/2/"]
        assert visible_items(page, "li.commitment") == every
        page.get_by_role("button", name="区民政局 1").click()
        assert visible_items(page, "li.commitment") == every[1:]
        # the section it emptied leaves the index usable: its heading is gone from the list
        assert not page.locator("#s1").is_visible()
        page.get_by_role("button", name="已完成 1").click()  # and completed: nothing
        assert visible_items(page, "li.commitment") == []
        assert page.locator(".filter-shown").inner_text() == "显示0项，共2项"
    finally:
        page.context.close()
    page = open_page(browser, site_server, "plans/east-2022/", PHONE, java_script_enabled=False)
    try:
        page.get_by_role("link", name="区民政局 1").click()
        page.wait_for_url("**/plans/east-2022/units/qu-min-zheng-ju/")
        assert visible_items(page, "li.commitment") == ["/minsheng/plans/east-2022/2/"]
        page.get_by_role("link", name="已完成 1").click()
        page.wait_for_url("**/plans/east-2022/status/completed/")
        assert visible_items(page, "li.commitment") == ["/minsheng/plans/east-2022/1/"]
    finally:
        page.context.close()


TABLE_PAGES = [
    "districts/test-east/",
    "departments/",
    "data/",
    "districts/test-east/departments/qu-min-zheng-ju/",
    "offices/min-zheng/",
]
NARROWEST_CELL = """() => {
  const cells = [...document.querySelectorAll('main table th, main table td, main .scorecard dd')];
  return cells.filter(c => c.offsetParent !== null).map(c => {
    const size = parseFloat(getComputedStyle(c).fontSize);
    const box = c.getBoundingClientRect();
    const style = getComputedStyle(c);
    const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [inner / size, c.textContent.trim().slice(0, 20)];
  }).sort((a, b) => a[0] - b[0])[0] || [99, ''];
}"""


@pytest.mark.parametrize("width", [320, 360, 1280])
@pytest.mark.parametrize("text_size", ["100%", "200%"])
def test_no_table_cell_is_narrower_than_two_characters(
    browser: Any, site_server: str, width: int, text_size: str
) -> None:
    """At each width and text size every cell holds at least two characters side by side
    (the table scrolls in its region instead), and the page itself does not scroll sideways."""
    problems = []
    for path in TABLE_PAGES:
        page = open_page(browser, site_server, path, {"width": width, "height": 800})
        try:
            page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
            chars, text = page.evaluate(NARROWEST_CELL)
            if chars < 2:
                problems.append(f"{path}: a cell holds {chars:.1f} characters ({text!r})")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{path}: the page is {scroll}px wide")
        finally:
            page.context.close()
    assert problems == []


def test_search_without_javascript_shows_no_dead_controls(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "search/?q=幸福食堂", PHONE, java_script_enabled=False)
    try:
        assert not page.locator("#search-facets").is_visible()
        assert page.locator("input[type=search]").count() == 1
    finally:
        page.context.close()
    page = open_page(browser, site_server, "search/?q=幸福食堂", PHONE)
    try:
        page.wait_for_function("document.querySelector('#search-q').value === '幸福食堂'")
    finally:
        page.context.close()
    page = open_page(browser, site_server, "categories/elderly/", PHONE, java_script_enabled=False)
    try:
        page.get_by_role("link", name="东区 2").click()
        assert page.evaluate("location.hash") == "#d-test-east"
    finally:
        page.context.close()


BASE_SIZE = "parseFloat(getComputedStyle(document.body).fontSize)"


def test_care_mode_switches_on_and_off_and_is_kept(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "plans/east-2022/", PHONE)
    try:
        assert page.evaluate(BASE_SIZE) == 16
        toggle = page.locator("#care-toggle")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert page.evaluate(BASE_SIZE) >= 18
        assert toggle.get_attribute("aria-pressed") == "true"
        assert toggle.inner_text() == "标准版"
        page.goto(site_server + SUB_PATH + "districts/test-east/")  # kept on the next page
        assert page.evaluate(BASE_SIZE) >= 18
        page.locator("#care-toggle").click()
        assert page.evaluate(BASE_SIZE) == 16
        page.goto(site_server + SUB_PATH + "")
        assert page.evaluate(BASE_SIZE) == 16
    finally:
        page.context.close()


def test_care_mode_without_javascript(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "plans/east-2022/", PHONE, java_script_enabled=False)
    try:
        assert page.evaluate(BASE_SIZE) == 16
        page.locator("#care-toggle").click()
        assert page.evaluate(BASE_SIZE) >= 18
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()


KINDS = {
    **ONE_OF_EACH_KIND,
    "district-status": "districts/test-east/status/not_reported/",
    "plan-unit": "plans/east-2022/units/qu-min-zheng-ju/",
    "notice": "plans/east-2022/notice/",
    "offices": "offices/",
    "office": "offices/min-zheng/",
}


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_axe_on_every_page_kind_in_both_modes(
    browser: Any, site_server: str, kind: str, care: bool
) -> None:
    """axe-core finds no serious or critical violation on a phone, in the standard and the
    关怀版 layout; neither scrolls sideways."""
    page = open_page(browser, site_server, KINDS[kind], PHONE)
    try:
        if care:
            page.locator("#care-toggle").click()
            assert page.evaluate(BASE_SIZE) >= 18
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe_violations(page) == [], kind
    finally:
        page.context.close()


AFTER = "(el) => getComputedStyle(el, '::after').content"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("plans/east-2022/", "plans/east-2022/1/"),
        ("districts/test-east/", "plans/east-2022/1/"),
        ("plans/east-2022/2/", "districts/test-east/"),
    ],
)
def test_print_shows_full_addresses_and_the_qr_code(
    browser: Any, site_server: str, path: str, target: str
) -> None:
    page = open_page(browser, site_server, path, DESKTOP)
    try:
        link = page.locator(f"main a[href='{SUB_PATH}{target}']").first
        assert "https://example.org" not in link.evaluate(AFTER)  # not on screen
        page.emulate_media(media="print")
        assert link.evaluate(AFTER) == f'" (https://example.org/minsheng/{target})"'
        assert page.locator("main svg.qr").is_visible()
        box = page.locator("main svg.qr").bounding_box()
        assert box is not None and box["width"] >= 100  # 30 mm: scannable from paper
        share = page.locator("aside.share")
        assert share.is_visible()
        assert f"https://example.org/minsheng/{path}" in share.inner_text()
        assert "数据截至：2023年6月30日" in share.inner_text()
        assert not page.locator("#care-toggle").is_visible()
        assert not page.locator("header.site-header").is_visible()
    finally:
        page.context.close()


def test_notice_page_prints_on_a4(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "plans/east-2022/notice/", DESKTOP)
    try:
        page.emulate_media(media="print")
        assert page.locator("main svg.qr").is_visible()
        assert page.locator("table.notice-table tbody tr").count() == 4
        pdf = page.pdf(prefer_css_page_size=True)
        # A4 (595 × 842 points), one sheet for two items
        assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf
        assert (
            pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1
        )
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def bundled_site(bundled_output: Path) -> Iterator[str]:
    with serve(bundled_output) as origin:
        yield origin


def test_office_table_sorts_by_its_headers_and_keeps_its_order_without_script(
    browser: Any, bundled_site: str
) -> None:
    districts = "els => els.map(e => e.cells[0].getAttribute('data-value'))"
    leads = "els => els.map(e => parseFloat(e.cells[2].getAttribute('data-value')))"
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(bundled_site + "/offices/ren-she/")
        static = page.eval_on_selector_all("table.office-table tbody tr", districts)
        assert len(static) >= 3
    finally:
        context.close()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(bundled_site + "/offices/ren-she/")
        assert page.eval_on_selector_all("table.office-table tbody tr", districts) == static
        page.get_by_role("button", name="牵头").click()
        got = page.eval_on_selector_all("table.office-table tbody tr", leads)
        assert got == sorted(got, reverse=True)
        assert page.locator("th[aria-sort=descending]").inner_text().startswith("牵头")
        page.get_by_role("button", name="牵头").click()
        got = page.eval_on_selector_all("table.office-table tbody tr", leads)
        assert got == sorted(got)
    finally:
        context.close()
