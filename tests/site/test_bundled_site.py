"""The bundled site publishes the five source plans, with their archived texts, and six
plans known from real progress reports, with that progress and its sources."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT

# commitments per plan, counted by hand in ../shared/seeds (see its README)
EXPECTED = {
    "changchun-xinqu-2017": 62,
    "jining-gaoxin-2021": 22,
    "haizhou-2020": 50,
    "lvyuan-2022": 56,
}
CURATED = "nanjing-gulou-wumin"  # seed 003: no numbered items, curated by hand
# Plans known only from progress reports in ../shared/corpus (see its README): commitments
# are the projects each report names, counted by hand there; then how many of them the
# report gives a status (counted by hand from the report, see each plan's caveats).
REPORTED = {
    "zhangjiajie-2018": (36, 36),  # 25 at or above schedule + 11 with "some progress"
    "dalian-2021": (12, 12),  # 2 finished early, 10 at their milestones
    "anqing-2019": (12, 7),  # completion rate >= 100 % (works, not investment)
    "chongqing-2015": (8, 3),  # 已全部完工, 稳步推进, 总体进展顺利
    "yueyanglou-2017": (11, 1),  # the one row at 100 % with no unfinished sub-row
    # not in the corpus: the first 15 rows of 市民生办's 1-11月 table (ms.gov.cn), each with
    # 超额完成 (13), 已完成 (1) or 达到时间进度 (1) in its 备注 cell
    "meishan-2017": (15, 15),
}
ARCHIVED_REPORTS = {  # government documents, archived unaltered; news reports are linked
    "chongqing-2015": "chongqing-2015-progress-2015-06-30.txt",
    "yueyanglou-2017": "yueyanglou-2017-progress-2017-08-31.txt",
    "meishan-2017": "meishan-2017-progress-2017-11-30.txt",
}


def test_open_data_counts_every_commitment_of_the_numbered_plans(bundled_output: Path) -> None:
    data = json.loads((bundled_output / "data" / "commitments.json").read_text("utf-8"))
    per_plan = Counter(c["plan"] for c in data["commitments"])
    for plan, count in EXPECTED.items():
        assert per_plan[plan] == count, plan
    assert per_plan[CURATED] > 0
    for plan, (count, _) in REPORTED.items():
        assert per_plan[plan] == count, plan
    assert set(per_plan) == {*EXPECTED, CURATED, *REPORTED}


def test_open_data_carries_the_reported_progress_with_its_sources(bundled_output: Path) -> None:
    data = json.loads((bundled_output / "data" / "commitments.json").read_text("utf-8"))
    with_updates = Counter(c["plan"] for c in data["commitments"] if c["updates"])
    assert dict(with_updates) == {plan: n for plan, (_, n) in REPORTED.items()}
    assert sum(with_updates.values()) == 74  # the number the README gives
    for c in data["commitments"]:
        for u in c["updates"]:
            assert u["source"]["url"].startswith("http"), c["id"]
            assert u["status"] in ("completed", "on_track", "behind"), c["id"]
    statuses = Counter(c["status"] for c in data["commitments"] if c["updates"])
    assert statuses == {"on_track": 38, "completed": 25, "behind": 11}


def test_a_reported_commitment_page_shows_the_status_and_links_the_report(
    bundled_output: Path,
) -> None:
    page = bundled_output / "plans" / "dalian-2021" / "2" / "index.html"
    html = page.read_text("utf-8")
    assert "5月份完成全年任务" in html
    assert 'href="http://www.cnr.cn/xzpd/xzdl/20210715/t20210715_525534965.shtml"' in html


def test_government_reports_are_archived_and_linked(bundled_output: Path) -> None:
    for plan, name in ARCHIVED_REPORTS.items():
        page = (bundled_output / "plans" / plan / "index.html").read_text("utf-8")
        assert f'href="/sources/{plan}.txt"' in page  # published under the plan's id
        archived = (bundled_output / "sources" / f"{plan}.txt").read_bytes()
        assert archived == (ROOT / "content" / "sources" / name).read_bytes()


def test_every_plan_page_links_its_archived_source(bundled_output: Path) -> None:
    for plan in [*EXPECTED, CURATED]:
        page = (bundled_output / "plans" / plan / "index.html").read_text("utf-8")
        assert f'href="/sources/{plan}.html"' in page
        assert f'href="/sources/{plan}.txt"' in page
        archived = (bundled_output / "sources" / f"{plan}.txt").read_bytes()
        assert archived == (ROOT / "content" / "sources" / f"{plan}.txt").read_bytes()


def test_the_seed_texts_are_archived_unaltered() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():  # CI lays shared/ beside the clone; elsewhere it may be absent
        pytest.skip("../shared/seeds is not beside this checkout")
    archived = {p.read_bytes() for p in (ROOT / "content" / "sources").glob("*.txt")}
    for seed in sorted(seeds.glob("0*.txt")):
        assert seed.read_bytes() in archived, seed.name


def test_the_curated_plan_says_it_is_unverified(bundled_output: Path) -> None:
    page = (bundled_output / "plans" / CURATED / "index.html").read_text("utf-8")
    assert 'class="caveats"' in page
    assert "未经核实" in page or "unverified" in page.lower()
