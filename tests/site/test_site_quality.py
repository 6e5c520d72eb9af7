"""Quality gates on built sites: well-formed HTML, the sitemap, and size budgets.

Run on the fixture site (at a sub-path and at the root), on the hostile-content site, on a
plan of 60 commitments, and on the bundled site once content/plans has plans. The budgets
are documented in docs/theme.md ("Size budgets").
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITE, ROOT, build
from tests.site.conftest import bundled_plans
from tests.site.html_tree import html_files, parse, parse_file, validity_problems

KB = 1000
PAGE_BUDGET = 150 * KB  # any HTML page
SMALL_PAGE_BUDGET = 60 * KB  # a commitment page, and the pages that do not list commitments
SMALL_PAGES = re.compile(r"^(plans/[^/]+/\d+/|search/|data/|404\.html|districts/|categories/)$")
CSS_BUDGET = 30 * KB
STATIC_BUDGET = 200 * KB


def test_validity_checker_finds_each_problem() -> None:
    doc = parse(
        "<!DOCTYPE html><html><body>"
        '<div id="a"><p>text<ul><li>x</li></ul></p></div>'  # <ul> inside <p>
        '<span id="a">dup</span>'  # duplicate id
        "<section><em>never closed</section>"  # </section> closes over <em>
        '<a href="x" href="y">twice</a>'  # repeated attribute
        "</br>"  # end tag of a void element
        "</table>"  # end tag without start
        "<main>"  # left open
        "</body></html>"
    )
    problems = "\n".join(validity_problems(doc))
    for expected in (
        "<ul> inside <p>",
        "duplicate id 'a'",
        "</section> closes <em>",
        "repeats attribute 'href'",
        "end tag </br> of a void element",
        "</table> without an open <table>",
        "</body> closes <main>",
    ):
        assert expected in problems
    assert validity_problems(parse("<html><body><br><p>ok</p></body></html>")) == [
        ": doctype is None, not <!DOCTYPE html>"
    ]


def all_problems(output: Path) -> list[str]:
    problems: list[str] = []
    for path in html_files(output):
        problems += validity_problems(parse_file(output, path))
    return problems


def test_fixture_pages_are_well_formed(fixture_output: Path, root_output: Path) -> None:
    assert len(html_files(fixture_output)) > 30
    assert all_problems(fixture_output) == []
    assert all_problems(root_output) == []


def test_hostile_content_leaves_pages_well_formed(tmp_path: Path) -> None:
    out = tmp_path / "xss"
    build(ROOT / "tests" / "fixtures" / "xss" / "content", out)
    assert all_problems(out) == []


def sitemap_locations(output: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(output / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]


def page_addresses(output: Path, base: str) -> list[str]:
    """Every page a sitemap should list: all but the 404 page and the pages that only
    redirect an old address (``noindex``)."""
    out = []
    for path in html_files(output):
        rel = path.relative_to(output).as_posix()
        if rel != "404.html" and '<meta name="robots" content="noindex">' not in path.read_text(
            "utf-8"
        ):
            out.append(base + rel.removesuffix("index.html"))
    return sorted(out)


def test_sitemap_lists_every_page_of_the_root_build(root_output: Path) -> None:
    assert sorted(sitemap_locations(root_output)) == page_addresses(root_output, "/")


# --- size budgets ------------------------------------------------------------------------------


def budget_problems(output: Path) -> list[str]:
    problems = []
    for path in html_files(output):
        rel = path.relative_to(output).as_posix()
        url = "" if rel == "index.html" else rel.removesuffix("index.html")
        size = path.stat().st_size
        budget = SMALL_PAGE_BUDGET if SMALL_PAGES.match(url) else PAGE_BUDGET
        if size > budget:
            problems.append(f"{rel}: {size} bytes > {budget}")
    static = output / "static"
    css = static / "style.css"
    if css.stat().st_size > CSS_BUDGET:
        problems.append(f"static/style.css: {css.stat().st_size} bytes > {CSS_BUDGET}")
    total = sum(p.stat().st_size for p in static.rglob("*") if p.is_file())
    if total > STATIC_BUDGET:
        problems.append(f"static/: {total} bytes > {STATIC_BUDGET}")
    return problems


def test_budget_check_reports_oversized_pages(tmp_path: Path) -> None:
    (tmp_path / "plans/a/1").mkdir(parents=True)
    (tmp_path / "static").mkdir()
    (tmp_path / "static/style.css").write_text("a{}")
    (tmp_path / "index.html").write_text("x" * (PAGE_BUDGET - 1))
    (tmp_path / "plans/a/1/index.html").write_text("x" * (SMALL_PAGE_BUDGET + 1))
    assert budget_problems(tmp_path) == ["plans/a/1/index.html: 60001 bytes > 60000"]


def test_fixture_site_is_within_budget(fixture_output: Path) -> None:
    assert budget_problems(fixture_output) == []


def sixty_commitment_plan() -> str:
    """A plan as large as the largest real ones: 60 commitments with the usual fields."""
    lines = [
        "id: big-2023",
        "title: 东区2023年民生实事项目（大型计划）",
        "district: test-east",
        "year: 2023",
        "commitments:",
    ]
    for n in range(1, 61):
        lines += [
            f"  - no: {n}",
            f"    section: {'一二三四五六'[n % 6]}、第{n % 6 + 1}类民生实事",
            "    text: 实施老旧小区改造工程，改造小区12个、惠及居民3200户，同步完善养老托育、"
            "停车充电、无障碍设施等配套，年底前全部完工并通过验收，群众满意度达到90%以上。",
            "    lead: [区住建局]",
            "    support: [区民政局, 区教育局, 各街道]",
            "    deadline: 2023-12-31",
            "    deadline_text: 年底前",
            "    targets:",
            "      - {label: 改造小区, value: 12, unit: 个, comparator: '=', text: 12个}",
            "      - {label: 惠及居民, value: 3200, unit: 户, comparator: '>=', text: 3200户}",
            "    updates:",
            "      - date: 2023-06-30",
            "        status: on_track",
            "        progress: 40",
            "        note: 已开工8个小区。",
            "        source: {url: 'https://example.org/report', title: 半年报, kind: government}",
        ]
    return "\n".join(lines) + "\n"


def test_a_sixty_commitment_plan_is_within_budget(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    (site / "content" / "plans" / "big-2023.yaml").write_text(sixty_commitment_plan(), "utf-8")
    out = tmp_path / "out"
    build(site / "content", out)
    plan_page = out / "plans" / "big-2023" / "index.html"
    assert parse_file(out, plan_page).main.text().count("改造小区") >= 60
    assert budget_problems(out) == []
    assert all_problems(out) == []


# --- the bundled site --------------------------------------------------------------------------

needs_plans = pytest.mark.skipif(not bundled_plans(), reason="content/plans has no plans yet")


@needs_plans
def test_bundled_pages_are_well_formed(bundled_output: Path) -> None:
    assert all_problems(bundled_output) == []


@needs_plans
def test_bundled_sitemap_lists_every_page(bundled_output: Path) -> None:
    locations = sitemap_locations(bundled_output)
    assert len(locations) == len(set(locations))
    assert sorted(locations) == page_addresses(bundled_output, "/")


@needs_plans
def test_bundled_site_is_within_budget(bundled_output: Path) -> None:
    assert budget_problems(bundled_output) == []
