"""Progress reports imported with ``minsheng import REPORT --updates-for PLAN``: item
boundaries, matching by number and text, what is never written, and a result that
``minsheng check --strict`` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.importer.progress import parse_report
from generator.validate import load_content

FIXTURE = Path(__file__).parents[1] / "fixtures" / "site" / "content"
DISTRICTS = "- slug: shiliqu\n  name: 示例区\n  parent: 某省某市\n  level: district\n"
DEPARTMENTS = """\
shiliqu:
  scopes: [各街道]
  departments:
    - name: 区人社局
    - name: 区住建局
    - name: 区民政局
    - name: 区教育局
    - name: 区卫健局
    - name: 区城管局
    - name: 区文旅局
"""
# A plan written for these tests (not a real one).
PLAN = """\
# hand-kept comment
id: shiliqu-2022
title: 示例区2022年民生实事
district: shiliqu
year: 2022
commitments:
  - no: 1
    text: 城镇新增就业0.8万人。
    lead: [区人社局]
  - no: 2
    text: 新建口袋公园10个。
    lead: [区住建局]
  - no: 3
    text: 新建社区养老服务中心3个。
    lead: [区民政局]
  - no: 4
    text: 新建改扩建中小学校2所。
    lead: [区教育局]
  - no: 5
    text: 为困难老人家庭实施适老化改造200户。
    lead: [区民政局]
  - no: 6
    text: 开展65岁以上老年人免费体检。
    lead: [区卫健局]
  - no: 7
    text: 改造提升农贸市场3个。
    lead: [区城管局]
  - no: 8
    text: 开展文化惠民演出100场。
    lead: [区文旅局]
"""


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "plans").mkdir(parents=True)
    (root / "site.yaml").write_bytes((FIXTURE / "site.yaml").read_bytes())
    (root / "districts.yaml").write_text(DISTRICTS, "utf-8")
    (root / "departments.yaml").write_text(DEPARTMENTS, "utf-8")
    (root / "categories.yaml").write_bytes((FIXTURE / "categories.yaml").read_bytes())
    (root / "plans" / "shiliqu-2022.yaml").write_text(PLAN, "utf-8")
    return root


def run(content: Path, report: str, tmp_path: Path, *extra: str) -> Result:
    path = tmp_path / "report.txt"
    path.write_text(report, "utf-8")
    plan = content / "plans" / "shiliqu-2022.yaml"
    args = ["import", str(path), "--updates-for", "shiliqu-2022", "-o", str(plan)]
    return CliRunner().invoke(cli, [*args, "--content", str(content), *extra])


def statuses(content: Path) -> dict[int, list[tuple[str, str, float | None]]]:
    """Every commitment's updates, read with the project's own loader in strict mode."""
    c = load_content(content, strict=True).content
    return {
        x.no: [(u.date.isoformat(), u.status, u.progress) for u in x.updates]
        for x in c.plans[0].commitments
        if x.updates
    }


def test_a_partial_report_with_gaps_gives_one_update_per_item(
    content: Path, tmp_path: Path
) -> None:
    report = (
        "示例区2022年上半年民生实事进展情况\n"
        "1. 城镇新增就业0.8万人。进展情况：上半年新增就业4400人，完成进度55%，正常推进。\n"
        "5. 为困难老人家庭实施适老化改造。进展情况：已完成。\n"
        "7. 改造提升农贸市场。进展情况：受疫情影响，进度滞后。\n"
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {
        1: [("2022-06-30", "on_track", 55)],
        5: [("2022-06-30", "completed", None)],
        7: [("2022-06-30", "behind", None)],
    }
    text = (content / "plans" / "shiliqu-2022.yaml").read_text("utf-8")
    assert text.startswith("# hand-kept comment\n")
    assert "&id" not in text and "*id" not in text  # three updates share one date
    assert "updates added: 3" in result.stderr


def test_out_of_order_numbers_and_status_words(content: Path, tmp_path: Path) -> None:
    report = (
        "示例区2022年前三季度民生实事推进情况\n"
        "6. 开展65岁以上老年人免费体检。进展情况：已调整为下半年实施。\n"
        "2. 新建口袋公园10个。进展情况：尚未开工。\n"
        "4. 新建改扩建中小学校2所。进展情况：按序时推进。\n"
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {
        2: [("2022-09-30", "not_started", None)],
        4: [("2022-09-30", "on_track", None)],
        6: [("2022-09-30", "adjusted", None)],
    }


def test_number_and_text_that_disagree_are_listed_not_written(
    content: Path, tmp_path: Path
) -> None:
    report = (
        "截至2022年6月30日民生实事进展情况\n"
        "1. 城镇新增就业0.8万人。进展情况：正常推进。\n"
        "3. 开展文化惠民演出100场。进展情况：已完成。\n"  # number 3, text of 8
        "8. 免费体检。进展情况：正常推进。\n"  # number 8, a few words of 6
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {1: [("2022-06-30", "on_track", None)]}
    err = result.stderr
    assert "item 3 is ambiguous: its number says commitment 3, its text says 8" in err
    assert "commitment 3 (" in err and "commitment 8 (" in err
    assert "item 8" in err and "not added" in err


def test_an_item_with_the_same_number_and_topic_in_other_words_is_matched(
    content: Path, tmp_path: Path
) -> None:
    report = (
        "示例区2022年上半年民生实事进展情况\n"
        "1. 就业工作。进展情况：上半年新增就业4400人，正常推进。\n"
        "3. 社区养老服务中心建设。进展情况：进度滞后。\n"
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {
        1: [("2022-06-30", "on_track", None)],
        3: [("2022-06-30", "behind", None)],
    }


def test_status_groups_give_each_project_its_group_status(content: Path, tmp_path: Path) -> None:
    report = (
        "示例区2022年上半年民生实事进展情况\n"
        "截至6月底，已完成的有：新建口袋公园、适老化改造；正常推进的有：城镇新增就业、"
        "中小学校建设；进度滞后的有：农贸市场改造提升。\n"
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {
        2: [("2022-06-30", "completed", None)],
        5: [("2022-06-30", "completed", None)],
        1: [("2022-06-30", "on_track", None)],
        4: [("2022-06-30", "on_track", None)],
        7: [("2022-06-30", "behind", None)],
    }


def test_a_progress_table_gives_percentages_and_lists_items_without_status(
    content: Path, tmp_path: Path
) -> None:
    report = (
        "示例区2022年1-9月民生实事完成情况表\n"
        "序号 项目名称 责任单位 目标任务 完成情况 完成率 备注\n"
        "1 城镇新增就业 区人社局 8000人 6300 79%\n"
        "2 新建口袋公园 区住建局 10个 10 100%\n"
        "6 老年人免费体检 区卫健局 5万人 5.2万 104% 已完成\n"
        "8 文化惠民演出 区文旅局 100场 40 40% 进度滞后\n"
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {
        2: [("2022-09-30", "completed", 100)],
        6: [("2022-09-30", "completed", 100)],
        8: [("2022-09-30", "behind", 40)],
    }
    assert "item 1 (→ commitment 1) states no status word; not added (progress 79%)" in (
        result.stderr
    )


def test_ambiguous_text_matches_are_never_written(content: Path, tmp_path: Path) -> None:
    report = (
        "示例区2022年上半年民生实事进展情况\n"
        # each name is as alike to two commitments, or only weakly alike to one
        "已完成的有：新建中心和学校、免费服务中心体检；正常推进的有：改造。\n"
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {}
    assert result.stderr.count("is ambiguous: no clear best match") == 3
    assert "commitment 5 (100% alike), commitment 7 (100% alike)" in result.stderr


def test_a_back_filled_older_report_does_not_change_the_current_status(
    content: Path, tmp_path: Path
) -> None:
    later = "示例区2022年前三季度民生实事进展情况\n1. 城镇新增就业。进展情况：已全部完成。\n2. 新建口袋公园。进展情况：正常推进。\n"
    earlier = "示例区2022年上半年民生实事进展情况\n1. 城镇新增就业。进展情况：进度滞后。\n2. 新建口袋公园。进展情况：正常推进。\n"
    assert run(content, later, tmp_path).exit_code == 0
    result = run(content, earlier, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content)[1] == [
        ("2022-06-30", "behind", None),
        ("2022-09-30", "completed", None),
    ]
    c = load_content(content).content.commitments_by_id["shiliqu-2022/1"]
    assert c.status == "completed"


def test_the_report_is_archived_and_named_as_the_source(content: Path, tmp_path: Path) -> None:
    report = "示例区2022年上半年民生实事进展情况\n1. 城镇新增就业。进展情况：正常推进。\n2. 口袋公园。进展情况：正常推进。\n"
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    archived = content / "sources" / "shiliqu-2022-progress-2022-06-30.txt"
    assert archived.read_text("utf-8") == report
    c = load_content(content).content.commitments_by_id["shiliqu-2022/1"]
    source = c.updates[0].source
    assert source is not None
    assert (source.kind, source.title) == ("government", "示例区2022年上半年民生实事进展情况")


def test_updates_for_must_name_a_plan_inside_content(content: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("示例区2022年上半年进展情况\n1. 就业。进展情况：正常推进。\n", "utf-8")
    result = CliRunner().invoke(
        cli, ["import", str(path), "--updates-for", "../../x/plan", "--content", str(content)]
    )
    assert result.exit_code == 1
    assert "not a plan id" in result.output


def test_parse_report_reads_a_quoted_status_group_report() -> None:
    text = (
        "截至6月底，全市10个项目顺利推进。\n"
        "2项提前超额完成全年任务。“甲项目”原计划50场，已开展60场；“乙项目”5月份完成全年任务。\n"
        "3项按计划完成节点任务。“丙项目”已完成招标；“丁项目”完成“戊活动”9场。\n"
    )
    report = parse_report(text, 2021)
    assert report.date is not None and report.date.isoformat() == "2021-06-30"
    assert [(i.text, i.status) for i in report.items] == [
        ("甲项目", "completed"),
        ("乙项目", "completed"),
        ("丙项目", "on_track"),
        ("丁项目", "on_track"),
    ]


def test_a_table_row_with_a_sub_row_without_a_figure_is_not_completed(
    content: Path, tmp_path: Path
) -> None:
    report = (
        "示例区2022年1-9月民生实事完成情况表\n"
        "序号 项目名称 责任单位 目标任务 完成情况 完成率 备注\n"
        "2 新建口袋公园 区住建局 10个 12 120%\n"
        "新建口袋公园配套厕所 区住建局 5座 设计中\n"  # a sub-row: no figure, no status
        "4 新建改扩建中小学校 区教育局 2所 2 100%\n"
        "改造校舍 区教育局 3处 3 100%\n"  # every sub-row at 100 %: completed
        "7 改造提升农贸市场 区城管局 3个 3 100%\n"
        "提升市场管理 区城管局 3个 1 33%\n"  # the lowest stated figure is the progress
    )
    result = run(content, report, tmp_path)
    assert result.exit_code == 0, result.output
    assert statuses(content) == {4: [("2022-09-30", "completed", 100)]}
    err = result.stderr
    assert "item 2 (→ commitment 2) states no status word (1 of its 2 sub-rows" in err
    assert "item 7 (→ commitment 7) states no status word (1 of its 2 sub-rows" in err
    assert "(progress 33%)" in err


def test_a_step_of_the_work_done_is_not_the_commitment_done() -> None:
    report = parse_report(
        "截至2022年6月底进展情况\n"
        "1. 新建口袋公园。进展情况：已完成招标。\n"
        "2. 城镇新增就业。进展情况：已完成。\n"
        "3. 中小学校建设。进展情况：已完成年度任务。\n",
        2022,
    )
    assert [i.status for i in report.items] == [None, "completed", "completed"]


# A progress table as some mirror sites print it: Traditional characters with pinyin after
# some of them, one cell per line ending in "|", empty cells as a bare "|", and a row with
# two sub-rows (the header has 6 cells, a sub-row 5).
CELL_TABLE = """\
示例區(qū)2022年1-9月民生實(shí)事完成情況表 |
序號(hào) |
項(xiàng)目名稱 |
責(zé)任單位 |
目標(biāo)任務(wù) |
完成率% |
備注 |
1 |
城鎮(zhèn)新增就業(yè) |
區(qū)人社局 |
8000人 |
79% |
|
2 |
新建口袋公園 |
區(qū)住建局 |
10個(gè) |
100% |
已完成 |
3 |
新建社區(qū)養(yǎng)老服務(wù)中心 |
新建中心 |
區(qū)民政局 |
3個(gè) |
100% |
|
配套助餐點(diǎn) |
區(qū)民政局 |
3個(gè) |
|
選址中 |
"""


def test_a_traditional_one_cell_per_line_table_with_pinyin_residue() -> None:
    report = parse_report(CELL_TABLE, 2022)
    assert report.family == "table"
    assert report.date is not None and report.date.isoformat() == "2022-09-30"
    got = [(i.number, i.text, i.status, i.progress) for i in report.items]
    assert got == [
        (1, "城鎮新增就業", None, 79),
        (2, "新建口袋公園", "completed", 100),
        (3, "新建社區養老服務中心", None, None),  # the second sub-row states nothing
    ]
    assert "(qū)" not in report.items[2].note


def test_the_report_url_is_recorded_and_a_source_header_left_out_of_the_archive(
    content: Path, tmp_path: Path
) -> None:
    body = "示例区2022年上半年民生实事进展情况\n1. 城镇新增就业。进展情况：正常推进。\n2. 口袋公园。进展情况：已完成。\n"
    header = "SOURCE: https://www.example.gov.cn/a/1.html\nTITLE: [a description of the page]\n\n"
    result = run(content, header + body, tmp_path)
    assert result.exit_code == 0, result.output
    archived = content / "sources" / "shiliqu-2022-progress-2022-06-30.txt"
    assert archived.read_bytes() == body.encode("utf-8")
    c = load_content(content, strict=True).content.commitments_by_id["shiliqu-2022/2"]
    source = c.updates[0].source
    assert source is not None
    assert (source.url, source.title, source.kind) == (
        "https://www.example.gov.cn/a/1.html",
        "示例区2022年上半年民生实事进展情况",
        "government",
    )
    assert "line 5: item 2" not in result.stderr  # items are named by their line in the file

    # --report-url wins over the header, and the editor is told
    again = run(
        content, header + body, tmp_path, "--force", "--report-url", "https://b.example.org/r"
    )
    assert again.exit_code == 0, again.output
    assert "the report's SOURCE line says https://www.example.gov.cn/a/1.html" in again.stderr
    c = load_content(content).content.commitments_by_id["shiliqu-2022/2"]
    assert [u.source.url for u in c.updates if u.source] == ["https://b.example.org/r"]


def test_a_report_url_that_check_would_refuse_writes_nothing(content: Path, tmp_path: Path) -> None:
    before = (content / "plans" / "shiliqu-2022.yaml").read_bytes()
    body = "示例区2022年上半年民生实事进展情况\n1. 城镇新增就业。进展情况：正常推进。\n2. 口袋公园。进展情况：已完成。\n"
    result = run(content, body, tmp_path, "--report-url", "javascript:alert(1)")
    assert result.exit_code == 1
    assert "--report-url" in result.output
    assert (content / "plans" / "shiliqu-2022.yaml").read_bytes() == before
    assert not (content / "sources").exists()


# A progress table that lists the commitments themselves (written for these tests).
REPORT_AS_PLAN = """\
SOURCE: https://www.example.gov.cn/jd/2023-09.html
TITLE: 示例区2023年1-9月民生实事完成情况表

示例区2023年1-9月民生实事完成情况表
序号 项目名称 责任单位 目标任务 完成情况 完成率 备注
1 城镇新增就业 区人社局 8000人 8200 102%
2 新建口袋公园 区住建局 10个 6 60% 进度滞后
3 新建社区养老服务中心 区民政局 3个 2 67% 按序时推进
4 开展文化惠民演出 区文旅局 100场 40 40%
"""


def test_a_report_that_lists_the_commitments_becomes_a_plan_with_its_progress(
    content: Path, tmp_path: Path
) -> None:
    (content / "plans" / "shiliqu-2022.yaml").unlink()
    path = tmp_path / "report.txt"
    path.write_text(REPORT_AS_PLAN, "utf-8")
    plan = content / "plans" / "shiliqu-2023.yaml"
    args = ["import", str(path), "--from-report", "--district", "shiliqu", "--year", "2023"]
    result = CliRunner().invoke(cli, [*args, "-o", str(plan), "--content", str(content)])
    assert result.exit_code == 0, result.output
    loaded = load_content(content, strict=True)  # the project's own loader; raises on errors
    assert loaded.warnings == []
    (p,) = loaded.content.plans
    assert (p.id, p.year, len(p.commitments)) == ("shiliqu-2023", 2023, 4)
    assert [[r.name for r in c.lead] for c in p.commitments] == [
        ["区人社局"],
        ["区住建局"],
        ["区民政局"],
        ["区文旅局"],
    ]
    assert p.source is not None and p.source.url == "https://www.example.gov.cn/jd/2023-09.html"
    assert p.source.archived == "sources/shiliqu-2023.txt"
    archived = (content / "sources" / "shiliqu-2023.txt").read_text("utf-8")
    assert archived == REPORT_AS_PLAN.split("\n\n", 1)[1]  # unaltered, less the header
    got = {
        c.no: [(u.date.isoformat(), u.status, u.progress, u.source.url if u.source else None)
               for u in c.updates]
        for c in p.commitments
    }  # fmt: skip
    url = "https://www.example.gov.cn/jd/2023-09.html"
    assert got == {
        1: [("2023-09-30", "completed", 100, url)],
        2: [("2023-09-30", "behind", 60, url)],
        3: [("2023-09-30", "on_track", 67, url)],
        4: [],
    }
    assert "item 4 (→ commitment 4) states no status word; not added (progress 40%)" in (
        result.stderr
    )


def test_a_news_report_is_recorded_with_its_kind(content: Path, tmp_path: Path) -> None:
    report = (
        "SOURCE: https://news.example.com/shiliqu-2022-06.html\n\n"
        "示例区2022年上半年民生实事进展情况\n1. 城镇新增就业。进展情况：正常推进。\n"
    )
    result = run(content, report, tmp_path, "--report-kind", "media")
    assert result.exit_code == 0, result.output
    assert "(kind media)" in result.stderr
    c = load_content(content, strict=True).content.commitments_by_id["shiliqu-2022/1"]
    (update,) = c.updates
    assert update.source is not None
    assert (update.source.kind, update.source.url) == (
        "media",
        "https://news.example.com/shiliqu-2022-06.html",
    )


def test_report_kind_is_refused_without_a_report_and_unsourced_is_not_a_choice(
    content: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("示例区2022年民生实事\n1. 城镇新增就业0.8万人。\n", "utf-8")
    alone = CliRunner().invoke(
        cli, ["import", str(path), "--report-kind", "media", "--content", str(content)]
    )
    assert alone.exit_code != 0
    assert "--report-kind goes with --updates-for or --from-report" in alone.output
    unsourced = run(content, "1. 城镇新增就业。已完成。\n", tmp_path, "--report-kind", "unsourced")
    assert unsourced.exit_code != 0
    assert "'unsourced' is not one of" in unsourced.output
