"""An update whose report is archived under content/ links the site's copy of it as well as
the report's original address: a report imported with ``--updates-for`` is published under
``archive/`` at its content path; a report that is the plan's own archived source links the
plan's source page. ``minsheng check`` refuses an archive that is missing or outside content/.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.accountability.helpers import El, main
from tests.conftest import build

REPORT_URL = "https://example.org/east-2023-progress"
REPORT = (
    f"SOURCE: {REPORT_URL}\n"
    "TITLE: 东区2023年上半年民生实事进展情况\n\n"
    "东区2023年上半年民生实事进展情况\n"
    "截至2023年6月30日\n"
    "1. 继续建设幸福食堂。进展情况：已建成1家，进度滞后。\n"
)
ARCHIVED = "sources/east-2023-progress-2023-06-30.txt"
BASE = "/minsheng/"  # the fixture site's base URL path


def source_lines(page: El) -> list[El]:
    return page.with_class("source-line")


def hrefs(el: El) -> list[str]:
    return [a.attrs["href"] for a in el.find_all("a")]


def test_an_imported_report_is_published_and_linked_beside_its_address(
    site_copy: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, "utf-8")
    plan = site_copy / "plans" / "east-2023.yaml"
    args = ["import", str(report), "--updates-for", "east-2023", "-o", str(plan)]
    result = CliRunner().invoke(cli, [*args, "--content", str(site_copy)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "output"
    build(site_copy, out)

    (line,) = source_lines(main(out, "plans/east-2023/1/"))
    assert hrefs(line) == [REPORT_URL, f"{BASE}archive/{ARCHIVED}"]
    assert "原文存档" in line.flat()  # the link says what it is
    published = out / "archive" / ARCHIVED
    assert published.read_bytes() == (site_copy / ARCHIVED).read_bytes()
    assert published.read_text("utf-8") == REPORT.split("\n\n", 1)[1]  # unaltered, no header


def test_a_report_that_is_the_plans_own_source_links_its_source_page(
    site_copy: Path, tmp_path: Path
) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    text = plan.read_text("utf-8")
    old = 'source: {url: "https://example.org/report-1", title: 半年报, kind: government}'
    assert old in text
    new = (
        'source: {url: "https://example.org/report-1", title: 半年报, '
        "archived: sources/east-2022.txt, kind: government}"
    )
    plan.write_text(text.replace(old, new), "utf-8")
    out = tmp_path / "output"
    build(site_copy, out)

    lines = source_lines(main(out, "plans/east-2022/1/"))
    linked = [hrefs(line) for line in lines]
    # newest first: the 2022-12-31 media report (not archived), then the half-year report
    assert linked == [
        ["https://example.org/report-2"],
        ["https://example.org/report-1", f"{BASE}sources/east-2022.html"],
    ]
    assert not (out / "archive").exists()  # the plan's source is published once, as before


def test_check_refuses_an_update_archive_that_is_missing_or_outside_content(
    site_copy: Path,
) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    text = plan.read_text("utf-8")
    text = text.replace(
        "kind: government}",
        "archived: sources/no-such-report.txt, kind: government}",
    ).replace(
        'source: {url: "https://example.org/report-2", kind: media}',
        'source: {url: "https://example.org/report-2", archived: ../../etc/passwd, kind: media}',
    )
    plan.write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(site_copy)])
    assert result.exit_code != 0
    field = "commitments[0].updates[{}].source.archived"
    assert field.format(0) in result.output
    assert "archived copy 'sources/no-such-report.txt' does not exist" in result.output
    assert field.format(1) in result.output
    assert "'../../etc/passwd' points outside content/" in result.output
    assert "plans/east-2022.yaml:" in result.output  # file:line:col of each problem
