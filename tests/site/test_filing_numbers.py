"""The ICP 备案号 and 公安备案号 of a site hosted in mainland China: in every page's footer,
each linked to the register where the public looks it up; absent when not given."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build


def footer(page: Path) -> str:
    html = page.read_text("utf-8")
    return html[html.index('<footer class="site-footer">') :]


def test_filing_numbers_in_every_footer(site_copy: Path, tmp_path: Path) -> None:
    site = site_copy / "site.yaml"
    site.write_text(
        site.read_text("utf-8")
        + "icp: 京ICP备12345678号-1\npolice_record: 京公网安备11010502030143号\n",
        "utf-8",
    )
    out = tmp_path / "out"
    build(site_copy, out)
    pages = [out / "index.html", out / "plans" / "east-2022" / "index.html", out / "404.html"]
    for page in pages:
        text = footer(page)
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备12345678号-1</a>' in text
        assert (
            '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" '
            'rel="noopener">京公网安备11010502030143号</a>'
        ) in text


def test_no_filing_numbers_no_line(fixture_output: Path) -> None:
    assert "site-records" not in footer(fixture_output / "index.html")
