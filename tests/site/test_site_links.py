"""No broken internal link, at the root of a host and under a sub-path; no CDN.

The checker itself (tests/site/linkcheck.py) is first shown to catch what it looks for on a
small hand-made site, then run over the fixture site built both ways and the bundled site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.conftest import bundled_plans
from tests.site.linkcheck import broken_links, external_resources

SUB_PATH_BASE = "https://example.org/minsheng/"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


PAGE = "<!DOCTYPE html><html lang=zh-CN><head>{head}</head><body>{body}</body></html>"


def test_checker_reports_each_kind_of_broken_link(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "index.html": PAGE.format(
                head='<link rel="stylesheet" href="/minsheng/static/style.css?v=1">',
                body=(
                    '<a id="top" href="/minsheng/plans/a/">ok</a>'
                    '<a href="/minsheng/plans/missing/">missing page</a>'
                    '<a href="/plans/a/">escapes the sub-path</a>'
                    '<a href="plans/a/#nowhere">missing id</a>'
                    '<a href="#top">ok fragment</a>'
                    '<a href="javascript:alert(1)">script</a>'
                    '<a href="https://elsewhere.example/x">external: not fetched</a>'
                    '<img src="../minsheng/static/gone.png" alt="">'
                ),
            ),
            "plans/a/index.html": PAGE.format(head="", body='<a href="../../">up</a>'),
            "static/style.css": "a { background: url(icons/x.svg); }",
            "sitemap.xml": (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                "<url><loc>https://example.org/minsheng/plans/b/</loc></url></urlset>"
            ),
            "data/index.json": '{"items": [{"url": "plans/a/"}, {"url": "plans/c/"}]}',
        },
    )
    problems = broken_links(site, SUB_PATH_BASE)
    text = "\n".join(problems)
    assert "plans/missing/index.html" in text
    assert "outside the site's base path /minsheng/" in text
    assert "no id 'nowhere'" in text
    assert "javascript: URL" in text
    assert "static/gone.png" in text
    assert "static/icons/x.svg" in text
    assert "plans/b/index.html" in text
    assert "plans/c/index.html" in text
    assert len(problems) == 8, text


def test_no_broken_internal_link_under_a_sub_path(fixture_output: Path) -> None:
    assert broken_links(fixture_output, SUB_PATH_BASE) == []


def test_no_broken_internal_link_at_the_root(root_output: Path) -> None:
    assert broken_links(root_output, "/") == []


def test_root_build_links_do_not_carry_the_sub_path(root_output: Path) -> None:
    html = (root_output / "plans/east-2022/index.html").read_text("utf-8")
    assert "/minsheng/" not in html.replace("https://example.org/minsheng/", "")
    assert 'href="/plans/east-2022/1/"' in html


def test_checker_finds_resources_from_other_hosts(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "index.html": PAGE.format(
                head=(
                    '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
                    '<link rel="preconnect" href="https://fonts.gstatic.com">'
                    '<link rel="canonical" href="https://example.org/minsheng/">'
                ),
                body='<script src="//cdn.example.com/x.js"></script><img src="/minsheng/a.png">',
            ),
            "static/style.css": "@import 'https://fonts.googleapis.com/css?family=X';",
        },
    )
    found = external_resources(site, SUB_PATH_BASE)
    assert len(found) == 4, found
    assert not any("canonical" in f or "a.png" in f for f in found)


@pytest.mark.parametrize("which", ["sub-path", "root"])
def test_pages_load_nothing_from_other_hosts(
    fixture_output: Path, root_output: Path, which: str
) -> None:
    output, base = (fixture_output, SUB_PATH_BASE) if which == "sub-path" else (root_output, "/")
    assert external_resources(output, base) == []


@pytest.mark.skipif(not bundled_plans(), reason="content/plans has no plans yet")
def test_bundled_site_has_no_broken_link_and_no_cdn(bundled_output: Path) -> None:
    assert broken_links(bundled_output, "/") == []
    assert external_resources(bundled_output, "/") == []
