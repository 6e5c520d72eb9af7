"""The built site in real Chromium, served over HTTP at its sub-path (/minsheng/).

- Phone (360×740) and desktop (1280×900): no horizontal scrolling; screenshots of the home,
  plan, commitment, department and category pages go to test-artifacts/screenshots/ for
  review.
- axe-core reports no serious or critical violation on one page of each kind.
- With JavaScript disabled a reader gets from the home page to a commitment by links.
- Hostile content opens no dialog on any page, search results included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, build
from tests.site.conftest import ARTIFACTS, SUB_PATH, bundled_plans, serve

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = ARTIFACTS / "screenshots"

SHOWN = {
    "home": "",
    "plan": "plans/east-2022/",
    "commitment": "plans/east-2022/1/",
    "department": "districts/test-east/departments/qu-min-zheng-ju/",
    "category": "categories/elderly/",
}
ONE_OF_EACH_KIND = {
    **SHOWN,
    "district": "districts/test-east/",
    "districts": "districts/",
    "departments": "departments/",
    "categories": "categories/",
    "search": "search/",
    "data": "data/",
    "404": "404.html",
    "source": "sources/east-2022.html",
    "about": "about/",
}
BLOCKING = {"serious", "critical"}


def open_page(browser: Any, origin: str, path: str, viewport: dict[str, int], **kw: Any) -> Any:
    context = browser.new_context(viewport=viewport, **kw)
    page = context.new_page()
    response = page.goto(origin + SUB_PATH + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    return page


def axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [n.get("target") for n in violation.get("nodes", [])][:3]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            )
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", list(ONE_OF_EACH_KIND))
def test_page_in_chromium(
    browser: Any, site_server: str, kind: str, viewport: dict[str, int]
) -> None:
    """No horizontal scrolling at either width; axe-core (run at phone width, where the
    layout is tightest) finds no serious or critical violation; screenshots for review."""
    page = open_page(browser, site_server, ONE_OF_EACH_KIND[kind], viewport)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{kind} page is {width}px wide"
        if kind in SHOWN:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = "phone" if viewport is PHONE else "desktop"
            page.screenshot(path=str(SCREENSHOTS / f"{kind}-{name}.png"), full_page=True)
        if viewport is PHONE:
            assert axe_violations(page) == [], kind
    finally:
        page.context.close()


def test_axe_reports_a_seeded_violation(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "", DESKTOP)
    try:
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend',"
            ' \'<img src="static/favicon.svg"><p style="color:#eee;background:#fff">low</p>\')'
        )
        found = axe_violations(page)
        assert any(v.startswith("image-alt") for v in found), found
        assert any(v.startswith("color-contrast") for v in found), found
    finally:
        page.context.close()


def test_reader_without_javascript_reaches_a_commitment_by_links(
    browser: Any, site_server: str
) -> None:
    page = open_page(browser, site_server, "", PHONE, java_script_enabled=False)
    try:
        assert page.evaluate("1 + 1") == 2  # evaluation still works; the page's scripts do not
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="地区").click()
        page.wait_for_url("**/minsheng/districts/")
        page.get_by_role("main").get_by_role("link", name="测试市东区").click()
        page.wait_for_url("**/minsheng/districts/test-east/")
        page.get_by_role("link", name="东区2022年民生实事").first.click()
        page.wait_for_url("**/minsheng/plans/east-2022/")
        page.get_by_role("link", name="新建5家幸福食堂").first.click()
        page.wait_for_url("**/minsheng/plans/east-2022/2/")
        assert page.get_by_role("heading", level=1).inner_text() == "新建5家幸福食堂"
        assert page.get_by_text("已建成2家。").is_visible()
        # the search page tells a reader without JavaScript where to browse instead
        page.goto(site_server + SUB_PATH + "search/")
        main = page.get_by_role("main")
        assert main.get_by_role("link", name="分类").is_visible()
    finally:
        page.context.close()


def test_skip_link_is_first_and_moves_focus_to_main(browser: Any, site_server: str) -> None:
    page = open_page(browser, site_server, "plans/east-2022/", DESKTOP)
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#main"
        assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
    finally:
        page.context.close()


# --- hostile content -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    docroot = tmp_path_factory.mktemp("xss-docroot")
    out = docroot / SUB_PATH.strip("/")
    build(ROOT / "tests" / "fixtures" / "xss" / "content", out)
    with serve(docroot) as origin:
        yield origin, out


def test_hostile_content_runs_no_script(browser: Any, xss_server: tuple[str, Path]) -> None:
    origin, out = xss_server
    context = browser.new_context(viewport=DESKTOP)
    dialogs: list[str] = []
    errors: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        urls = sorted(
            p.relative_to(out).as_posix().removesuffix("index.html")
            for p in out.rglob("index.html")
        )
        # the pages that show hostile text (empty category pages show none)
        urls = [u for u in urls if "alert" in (out / u / "index.html").read_text("utf-8")]
        assert len(urls) > 8
        for url in [*urls, "search/?q=alert", "search/?q=script", "search/?q=幸福食堂"]:
            page.goto(origin + SUB_PATH + url, wait_until="load")
            page.wait_for_timeout(50)
            page.mouse.move(200, 300)
        assert dialogs == []
        if page.locator("#search-results").count():
            page.goto(origin + SUB_PATH + "search/?q=幸福食堂", wait_until="networkidle")
            assert page.locator("#search-results img, #search-results script").count() == 0
    finally:
        context.close()


# --- the bundled site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_server(bundled_output: Path) -> Iterator[str]:
    with serve(bundled_output) as origin:
        yield origin


@pytest.mark.skipif(not bundled_plans(), reason="content/plans has no plans yet")
def test_bundled_site_in_chromium(browser: Any, bundled_server: str, bundled_output: Path) -> None:
    """One page of each kind of the real site: axe and the 360 px width."""
    plan = sorted((bundled_output / "plans").iterdir())[0].name
    department = next((bundled_output / "districts").glob("*/departments/*/index.html"))
    category = max(
        (bundled_output / "categories").glob("*/index.html"), key=lambda p: p.stat().st_size
    )
    paths = [
        "",
        f"plans/{plan}/",
        f"plans/{plan}/1/",
        department.parent.relative_to(bundled_output).as_posix() + "/",
        category.parent.relative_to(bundled_output).as_posix() + "/",
        "departments/",
        "search/",
        "about/",
        f"sources/{plan}.html",
    ]
    problems = []
    for path in paths:
        for viewport in (PHONE, DESKTOP):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            try:
                page.goto(bundled_server + "/" + path, wait_until="load")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    problems.append(f"/{path}: {width}px wide at {viewport['width']}px")
                if viewport is PHONE:
                    problems += [f"/{path}: {v}" for v in axe_violations(page)]
            finally:
                context.close()
    assert problems == []
