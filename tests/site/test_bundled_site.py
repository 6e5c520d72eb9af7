"""The bundled site publishes the five source plans, with their archived texts, and eleven
plans known from real progress reports, with that progress and its sources."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

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
    # not in the corpus either, each found with the search tool (see each plan's caveats):
    # 市民生办's 2019 year-end table (ms.gov.cn): the 10 columns its first part names, 7 with
    # the city's figure at or above the target
    "meishan-2019": (10, 7),
    # year-end reports that every listed project is done; 市南区's names a 5th project still
    # to start construction, left without a status
    "gaozhou-2024": (10, 10),
    "qingdao-shinan-2008": (10, 9),
    "gansu-2022": (10, 10),
    "gansu-2023": (10, 10),
}
ARCHIVED_REPORTS = {  # government documents, archived unaltered; news reports are linked
    "chongqing-2015": "chongqing-2015-progress-2015-06-30.txt",
    "yueyanglou-2017": "yueyanglou-2017-progress-2017-08-31.txt",
    "meishan-2017": "meishan-2017-progress-2017-11-30.txt",
    "meishan-2019": "meishan-2019-completion-2019-12-31.txt",
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
    for c in data["commitments"]:
        for u in c["updates"]:
            assert u["source"]["url"].startswith("http"), c["id"]
            assert u["status"] in ("completed", "on_track", "behind"), c["id"]
    statuses = Counter(c["status"] for c in data["commitments"] if c["updates"])
    assert sum(statuses.values()) == sum(n for _, n in REPORTED.values())  # counted by hand


# the README's sentence, its line breaks anywhere (whitespace matched as \s+)
README_FIGURE = re.compile(
    r"\*\*(\d+) of the (\d+) commitments have a reported status with a linked source\*\*"
    r" \((\d+) 正常推进, (\d+) 已完成, (\d+) 进度滞后\)".replace(" ", r"\s+")
)


def test_the_readme_says_how_many_commitments_have_reports(bundled_output: Path) -> None:
    """The README's figure is the open data's: commitments whose `updates` are non-empty,
    of all commitments, and their current statuses."""
    data = json.loads((bundled_output / "data" / "commitments.json").read_text("utf-8"))
    reported = [c for c in data["commitments"] if c["updates"]]
    statuses = Counter(c["status"] for c in reported)
    found = README_FIGURE.search((ROOT / "README.md").read_text("utf-8"))
    assert found, "README.md no longer states the figure in the expected words"
    said = tuple(int(n) for n in found.groups())
    computed = (
        len(reported),
        len(data["commitments"]),
        statuses["on_track"],
        statuses["completed"],
        statuses["behind"],
    )
    assert said == computed, f"README says {said}, the open data gives {computed}"
    assert sum(statuses.values()) == len(reported)  # no other status to mention


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


def test_the_seed_texts_are_archived_unaltered(seeds_dir: Path) -> None:
    archived = {p.read_bytes() for p in (ROOT / "content" / "sources").glob("*.txt")}
    for seed in sorted(seeds_dir.glob("0*.txt")):
        assert seed.read_bytes() in archived, seed.name


def test_the_curated_plan_says_it_is_unverified(bundled_output: Path) -> None:
    page = (bundled_output / "plans" / CURATED / "index.html").read_text("utf-8")
    assert 'class="caveats"' in page
    assert "未经核实" in page or "unverified" in page.lower()


def test_each_update_of_an_archived_report_links_the_copy_and_the_address(
    bundled_output: Path,
) -> None:
    from generator.validate import load_content
    from tests.accountability.helpers import main

    plans = {p.id: p for p in load_content(ROOT / "content").content.plans}
    for plan_id in ARCHIVED_REPORTS:
        plan = plans[plan_id]
        assert plan.source is not None and plan.source.url
        reported = [c for c in plan.commitments if c.updates]
        assert reported, plan_id
        for c in reported:
            lines = main(bundled_output, f"plans/{plan_id}/{c.no}/").with_class("source-line")
            assert lines, c.id
            for line in lines:
                links = [a.attrs["href"] for a in line.find_all("a")]
                assert links == [plan.source.url, f"/sources/{plan_id}.html"], c.id


def _theme_links(bundled_output: Path, slug: str, section: str) -> set[str]:
    from tests.accountability.helpers import main as page_main

    main = page_main(bundled_output, f"categories/{slug}/")
    # those mainly about the theme, grouped by district; then (#also) those also concerning it
    groups = main.with_class("item-group" if section == "primary" else "also-group")
    hrefs = {a.attrs.get("href") or "" for g in groups for a in g.find_all("a")}
    return {m.group(1) for h in hrefs if (m := re.fullmatch(r"/plans/([^/]+/\d+)/", h))}


def test_theme_pages_hold_what_the_issue_found_missing_or_misplaced(bundled_output: Path) -> None:
    """Issue 17's mis-matches, on the built 养老, 交通, 乡村振兴 and 住房 pages."""
    elderly = _theme_links(bundled_output, "elderly", "primary")
    elderly_also = _theme_links(bundled_output, "elderly", "also")
    assert {"lvyuan-2022/6", "lvyuan-2022/7"} <= elderly  # 家庭养老床位, 居家养老服务
    assert "jining-gaoxin-2021/2" in elderly_also  # 幸福食堂, among 困难群众 and 困境儿童
    for wrong in ("lvyuan-2022/51", "haizhou-2020/19"):  # 法律援助, 家政培训
        assert wrong not in elderly | elderly_also
    transport = _theme_links(bundled_output, "transport", "primary")
    assert not {"lvyuan-2022/48", "lvyuan-2022/25"} & transport  # 沟通桥梁, 雨污分流
    rural_also = _theme_links(bundled_output, "rural", "also")
    assert {"dalian-2021/12", "anqing-2019/2"} <= rural_also & transport  # rural roads
    assert "lvyuan-2022/36" not in _theme_links(bundled_output, "rural", "primary")
    housing = _theme_links(bundled_output, "housing", "primary")
    assert {"lvyuan-2022/29", "lvyuan-2022/30"} <= housing
    assert "nanjing-gulou-wumin/12" in _theme_links(bundled_output, "public-safety", "primary")
    assert "haizhou-2020/36" in _theme_links(bundled_output, "public-safety", "primary")
