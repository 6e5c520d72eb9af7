"""Every real progress report of the development corpus (../shared/corpus, see its README),
imported both ways — as a new plan (``--from-report``) and as updates of the bundled plan
made from it (``--updates-for``) — gives content that ``minsheng check --strict`` accepts.

The corpus is not in the repository (its news texts are not ours to redistribute); these
tests are skipped where it is absent, as the seeds test is for the seeds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.validate import load_content
from tests.conftest import BUNDLED_CONTENT

CORPUS = Path("/work/shared/corpus")
# corpus file -> (district, year, the bundled plan made from that report)
REPORTS = {
    "01_zhangjiajie-2018-progress-status-groups.txt": ("zhangjiajie", 2018, "zhangjiajie-2018"),
    "09_chongqing-2015-progress-title-paragraphs.txt": ("chongqing", 2015, "chongqing-2015"),
    "10_dalian-2021-progress-quoted-status-groups.txt": ("dalian", 2021, "dalian-2021"),
    "22_yueyanglou-2017-progress-table-row-per-line.txt": ("yueyanglou", 2017, "yueyanglou-2017"),
    "23_yueyanglou-2017-progress-table-pipe-cells-trad.txt": (
        "yueyanglou",
        2017,
        "yueyanglou-2017",
    ),
    "26_anqing-2019-progress-percent-semicolon.txt": ("anqing", 2019, "anqing-2019"),
}

# The same report as 22 from another mirror (Traditional script): the bundled plan archives
# 22's text, so this one replaces it only with --force.
OTHER_MIRROR = {"23_yueyanglou-2017-progress-table-pipe-cells-trad.txt"}

# News reports (of government figures) among them: their updates are recorded as media.
NEWS = {
    "01_zhangjiajie-2018-progress-status-groups.txt",
    "10_dalian-2021-progress-quoted-status-groups.txt",
    "26_anqing-2019-progress-percent-semicolon.txt",
}


def _kind(name: str) -> list[str]:
    return ["--report-kind", "media"] if name in NEWS else []


pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the bundled content, so that the bundled plans and districts are there."""
    root = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, root)
    return root


def _strict_check(content: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--strict", "--content", str(content)])
    assert result.exit_code == 0, result.output
    loaded = load_content(content, strict=True)  # the project's own loader
    assert loaded.warnings == []


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_corpus_report_imported_as_a_plan_passes_strict_check(content: Path, name: str) -> None:
    district, year, _ = REPORTS[name]
    plan_id = f"report-{name[:2]}"
    out = content / "plans" / f"{plan_id}.yaml"
    args = ["import", str(CORPUS / name), "--from-report", "--district", district]
    args += ["--year", str(year), "--id", plan_id, "-o", str(out), "--content", str(content)]
    result = CliRunner().invoke(cli, [*args, *_kind(name)])
    assert result.exit_code == 0, result.output
    _strict_check(content)
    plan = next(p for p in load_content(content).content.plans if p.id == plan_id)
    assert plan.title  # a plan always has one, even from a report without a title line
    updates = [u for c in plan.commitments for u in c.updates]
    assert updates, "the report's progress was not added"
    kind = "media" if name in NEWS else "government"
    assert {u.source.kind for u in updates if u.source} == {kind}


def _without_annotations(name: str, tmp_path: Path) -> Path:
    """The corpus file less the corpus's own ``[TRUNCATED: …]`` lines, which are not report
    text (the bundled archives leave them out, and the importer refuses to replace an
    archived report with a different text)."""
    lines = (CORPUS / name).read_text("utf-8").splitlines(keepends=True)
    path = tmp_path / name
    path.write_text("".join(ln for ln in lines if not ln.startswith("[TRUNCATED")), "utf-8")
    return path


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_corpus_report_imported_as_updates_passes_strict_check(
    content: Path, tmp_path: Path, name: str
) -> None:
    _, _, plan_id = REPORTS[name]
    plan_file = content / "plans" / f"{plan_id}.yaml"
    before = plan_file.read_bytes()
    args = ["import", str(_without_annotations(name, tmp_path)), "--updates-for", plan_id]
    args += ["-o", str(plan_file), "--content", str(content), *_kind(name)]
    if name in OTHER_MIRROR:  # its text differs from the archived copy of the same report
        refused = CliRunner().invoke(cli, args)
        assert refused.exit_code != 0
        assert "exists with a different text; use --force" in refused.output
        assert plan_file.read_bytes() == before
        args.append("--force")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    _strict_check(content)
    # The bundled plan already has this report's updates: imported again, none is doubled.
    if plan_file.read_bytes() != before:
        plan = next(p for p in load_content(content).content.plans if p.id == plan_id)
        for c in plan.commitments:
            dates = [u.date for u in c.updates]
            assert len(dates) == len(set(dates)), (c.id, dates)


def test_a_report_with_only_a_described_title_gets_it_and_a_warning(content: Path) -> None:
    name = "10_dalian-2021-progress-quoted-status-groups.txt"
    out = content / "plans" / "report-10.yaml"
    args = ["import", str(CORPUS / name), "--from-report", "--district", "dalian", "--year"]
    args += ["2021", "--id", "report-10", "-o", str(out), "--content", str(content)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "title: taken from the TITLE line's description of the page" in result.stderr
    plan = next(p for p in load_content(content).content.plans if p.id == "report-10")
    assert plan.title.startswith("大连市15项重点民生工程上半年进展")  # the brackets left out


def test_a_report_without_any_title_is_refused_and_nothing_is_written(
    content: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "SOURCE: https://www.example.gov.cn/r.html\n\n"
        "1. 城镇新增就业：截至2021年6月30日已完成。\n2. 新建公园：截至2021年6月30日进度滞后。\n",
        "utf-8",
    )
    out = content / "plans" / "report-x.yaml"
    args = ["import", str(report), "--from-report", "--district", "dalian", "--year", "2021"]
    result = CliRunner().invoke(cli, [*args, "--id", "report-x", "-o", str(out), "--content",
                                      str(content)])  # fmt: skip
    assert result.exit_code != 0
    assert "the report has no title line" in result.output
    assert not out.exists()
    assert not (content / "sources" / "report-x.txt").exists()
