"""Hostile content never becomes script on a page.

tests/fixtures/xss/content puts ``<script>alert(1)</script>``, ``<img src=x onerror=…>``,
markdown ``[x](javascript:…)`` links, raw ``<a href="javascript:…">``, ``vbscript:`` and
``data:`` links, event attributes and attribute break-outs into every text field a page shows
(site, district, department, plan, commitment, targets, milestones, updates, notes, caveats).
Every page is parsed and must contain no script from content, no ``on…`` attribute and no
link with a script scheme; plain-text fields must still be shown, escaped, as written.
URL fields with a non-http scheme are refused by validation, each at its own file:line.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import ROOT, build
from tests.site.html_tree import Document, Node, html_files, parse, parse_file

XSS_SITE = ROOT / "tests" / "fixtures" / "xss"
XSS_CONTENT = XSS_SITE / "content"
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background")
# Elements the theme never emits: when one shows up it came from content.
FOREIGN_TAGS = {"img", "iframe", "object", "embed", "frame", "frameset", "base", "applet"}


@pytest.fixture(scope="module")
def xss_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xss") / "output"
    build(XSS_CONTENT, out)
    return out


def script_problems(root: Node, where: str) -> list[str]:
    found: list[str] = []
    for node in root.iter():
        here = f"{where}: line {node.line} <{node.tag}>"
        for name, value in node.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{here} has event attribute {name}={value!r}")
            if name.lower() in URL_ATTRS and value is not None:
                squashed = "".join(ch for ch in value if ch > " ").lower()
                if squashed.startswith(SCRIPT_SCHEMES):
                    found.append(f"{here} {name}={value!r}")
            if name.lower() == "style" and "javascript:" in (value or "").lower():
                found.append(f"{here} style={value!r}")
        if node.tag == "script":
            src = node.get("src")
            kind = (node.get("type") or "").lower()
            if src is None and kind not in ("application/json", "application/ld+json"):
                found.append(f"{here} inline script {node.text()[:60]!r}")
            elif src is not None and "/static/" not in src:
                found.append(f"{here} script from {src!r}")
        if node.tag in FOREIGN_TAGS:
            found.append(f"{here} from content")
        if node.tag == "meta" and (node.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{here} meta refresh")
    return found


def test_checker_finds_scripts_in_a_page() -> None:
    doc = parse(
        "<p><script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href=" JaVaScRiPt:alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a>'
        '<script src="https://cdn.example/x.js"></script>'
        '<script type="application/json">{"a": 1}</script></p>'
    )
    problems = script_problems(doc.root, "t")
    assert len(problems) == 6, problems


def test_no_page_contains_script_from_content(xss_output: Path) -> None:
    problems: list[str] = []
    pages = html_files(xss_output)
    assert len(pages) > 20
    for path in pages:
        doc = parse_file(xss_output, path)
        problems += script_problems(doc.root, doc.path)
    assert problems == []


def test_feeds_carry_no_script(xss_output: Path) -> None:
    feeds = sorted(xss_output.rglob("*.atom")) + sorted(xss_output.rglob("*.rss"))
    problems: list[str] = []
    for feed in feeds:
        for el in ET.parse(feed).getroot().iter():
            if el.get("type") in ("html", "xhtml") or el.tag.endswith("description"):
                markup = "".join(el.itertext())
                problems += script_problems(parse(markup).root, feed.name)
            href = (el.get("href") or "").strip().lower()
            if href.startswith(SCRIPT_SCHEMES):
                problems.append(f"{feed.name}: link {href}")
    assert problems == []


def page(xss_output: Path, url: str) -> Document:
    return parse_file(xss_output, xss_output / url / "index.html")


def test_plain_text_fields_are_shown_escaped_as_written(xss_output: Path) -> None:
    commitment = page(xss_output, "plans/xss-2023/1")
    assert commitment.main.find("h1").text() == "<script>alert(1)</script>幸福食堂"
    text = commitment.main.text()
    for shown in (
        "<script>alert(1)</script>3月底前",  # deadline wording
        "<script>alert(1)</script>养老",  # the plan's section heading
        "<img src=x onerror=alert(1)>选址",  # a milestone
        "<script>alert(1)</script>报告",  # an update's source title
        "<b onmouseover=alert(1)>各街道</b>",  # a collective scope
    ):
        assert shown in text
    plan = page(xss_output, "plans/xss-2023")
    assert plan.main.find("h1").text() == "<script>alert(1)</script>2023年民生实事"
    assert plan.find("title").text().startswith("<script>alert(1)</script>2023年民生实事")
    home = parse_file(xss_output, xss_output / "index.html")
    description = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    assert home.meta("description") == description
    assert home.meta("og:description") == description


def test_markdown_fields_keep_their_text_but_lose_scripts_and_script_links(
    xss_output: Path,
) -> None:
    main = page(xss_output, "plans/xss-2023/1").main
    body = main.find("blockquote", cls="commitment-text")
    assert "新建幸福食堂" in body.text() and "详情" in body.text()
    assert "alert" not in body.text()
    link = next(a for a in body.find_all("a") if a.text() == "详情")
    assert link.get("href") is None  # the javascript: target is dropped, the words stay
    note = main.find("ol", cls="timeline").find("div", cls="prose")
    assert "进展" in note.text() and "alert" not in note.text()


def test_non_http_urls_are_refused_with_file_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(XSS_SITE, site)
    shutil.copy(XSS_SITE / "javascript-url.yaml", site / "content" / "plans")
    result = CliRunner().invoke(
        cli, ["build", "--content", str(site / "content"), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "javascript-url.yaml:" in line]
    located = sorted(line.split("javascript-url.yaml:")[1].split(": ", 2)[:2] for line in lines)
    # line:column and field, read off tests/fixtures/xss/javascript-url.yaml
    assert located == [
        ["17:16", "commitments[0].updates[0].source.url"],
        ["22:16", "commitments[0].updates[1].source.url"],
        ["27:16", "commitments[0].updates[2].source.url"],
        ["9:8", "source.url"],
    ]
    assert all("http" in line for line in lines)
    assert not (tmp_path / "out").exists()
