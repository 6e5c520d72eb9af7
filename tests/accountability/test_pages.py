"""Scorecards, year-over-year tables, evidence and next steps, on the fixture site.

Expected numbers are worked out by hand from tests/fixtures/site/content (as of 2023-06-30):
east-2022/1 区人社局 completed on its implied deadline 2022-12-31; east-2022/2 区民政局 reported
behind on 2022-09-30 and nothing since, due 2022-12-31 (overdue: a report says so);
east-2023/1 区民政局 (support 区住建局) no report, due 2023-03-31 (past its deadline, not
overdue: nobody reported); east-2023/2 区教育局 no deadline; west-2023/1 县卫健局 declared not_started, due
2023-12-31; west-2023/2 县交通局 due 2023-06-30, the as-of date itself (not overdue).
"""

from __future__ import annotations

from pathlib import Path

from tests.accountability.helpers import El, main, rows
from tests.conftest import build

DEPT = "districts/test-east/departments/"


def facts(el: El) -> dict[str, str]:
    out: dict[str, str] = {}
    for div in el.find_all("div"):
        dt, dd = div.find_all("dt"), div.find_all("dd")
        if dt and dd:
            out[dt[0].flat()] = dd[0].flat()
    return out


def scorecard(output: Path, slug: str) -> dict[str, str]:
    return facts(main(output, DEPT + slug + "/").with_class("scorecard")[0])


def test_district_page_compares_years_side_by_side(fixture_output: Path) -> None:
    page = main(fixture_output, "districts/test-east/")
    years = page.with_class("year-table")[0]
    assert rows(years)[1:] == [
        # year, plan, commitments, completed, overdue (reported), past deadline unreported
        ["2023", "东区2023年民生实事", "2", "0", "0", "1"],
        ["2022", "东区2022年民生实事", "2", "1", "1", "0"],
    ]
    svg = page.with_class("year-bars")[0]
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"] == (
        "历年对比：2022：承诺数 2，已完成 1，逾期未完成 1；2023：承诺数 2，已完成 0，逾期未完成 0"
    )
    # the numbers are drawn as text too, not only as bar heights and colours
    assert [t.flat() for t in svg.find_all("text")] == [
        "2",
        "1",
        "1",
        "2022",
        "2",
        "0",
        "0",
        "2023",
    ]


def test_district_ranks_departments_by_completion_with_counts(fixture_output: Path) -> None:
    table = main(fixture_output, "districts/test-east/").with_class("scorecard-table")[0]
    assert [r[:7] for r in rows(table)[1:]] == [
        # name, leads, supports, completed/led (rate), on time/due, overdue (led, reported),
        # past the deadline without a report (led)
        ["区人社局", "1", "0", "1 / 1 （100%）", "1 / 1", "0", "0"],
        ["区民政局", "2", "0", "0 / 2 （0%）", "0 / 1", "1", "1"],
        ["区教育局", "1", "0", "0 / 1 （0%）", "—", "0", "0"],
        ["区住建局", "0", "1", "0 / 0", "—", "0", "0"],
    ]


def test_department_scorecards(fixture_output: Path) -> None:
    past = "期限已过 · 暂无完成情况"
    assert scorecard(fixture_output, "qu-ren-she-ju") == {
        "牵头": "1", "配合": "0", "已完成": "1 / 1", "按期完成": "1项中1项按期完成",
        "逾期未完成": "0", past: "0",
    }  # fmt: skip
    # east-2023/1 passed its deadline unreported: it counts neither as on time nor as overdue
    assert scorecard(fixture_output, "qu-min-zheng-ju") == {
        "牵头": "2", "配合": "0", "已完成": "0 / 2", "按期完成": "1项中0项按期完成",
        "逾期未完成": "1", past: "1",
    }  # fmt: skip
    page = main(fixture_output, DEPT + "qu-min-zheng-ju/")
    assert "另有 1 项已过完成时限，但没有进展报告，是否完成不知道，未计入。" in page.flat()
    # 区住建局 only supports east-2023/1, unreported past its deadline: it shows in that list
    zhujian = scorecard(fixture_output, "qu-zhu-jian-ju")
    assert zhujian["按期完成"] == "尚无已完成或报告逾期的牵头事项。"
    assert (zhujian["逾期未完成"], zhujian[past]) == ("0", "1")


def test_overdue_list_points_to_how_to_ask(fixture_output: Path) -> None:
    page = main(fixture_output, DEPT + "qu-min-zheng-ju/")
    # the reported-overdue list comes first, then the one past its deadline unreported,
    # then the two led commitments again in their own list
    titles = [a.flat() for a in page.with_class("commitment-title")]
    assert titles == [
        "2. 新建5家幸福食堂",
        "1. 继续建设幸福食堂",
        "1. 继续建设幸福食堂",
        "2. 新建5家幸福食堂",
    ]
    step = page.with_class("next-step")[0]
    assert step.find_all("a")[0].attrs["href"] == "#contact"
    # 区民政局 has no contacts of its own: its district's are shown, never an empty box
    box = page.by_id("contact")
    assert "区民政局没有登记自己的联系方式。可以通过测试市东区的渠道询问" in box.flat()
    assert [a.attrs["href"] for a in box.find_all("a")] == [
        "https://example.org/east-foi",
        "https://example.org/east-mailbox",
        "tel:12345",
    ]
    renshe = main(fixture_output, DEPT + "qu-ren-she-ju/").by_id("contact")
    hrefs = [a.attrs["href"] for a in renshe.find_all("a")]
    assert hrefs == ["tel:12345", "https://example.org/renshe"]


def test_overdue_commitment_links_to_the_lead_departments_contact(fixture_output: Path) -> None:
    page = main(fixture_output, "plans/east-2023/1/")
    step = page.with_class("next-step")[0]
    links = [(a.flat(), a.attrs["href"]) for a in step.find_all("a")]
    assert links == [
        ("区民政局", "/minsheng/" + DEPT + "qu-min-zheng-ju/#contact"),
        ("如何询问", "#ask"),
    ]
    assert not main(fixture_output, "plans/east-2022/1/").with_class("next-step")  # completed


def test_pages_say_who_reported_the_latest_progress(fixture_output: Path) -> None:
    def line(url: str) -> str:
        found = main(fixture_output, url).with_class("evidence")
        return found[0].flat() if found else ""

    assert line("plans/east-2022/1/") == "最新进展来源：媒体报道"
    assert line("plans/east-2022/2/") == "最新进展来源：市民反映"
    assert line("plans/east-2023/1/") == ""  # no progress reported: nothing to attribute


def test_government_reports_are_marked_as_self_reported(site_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    runner = CliRunner()
    for kind, day in (("government", "2023-04-01"), ("verified", "2023-05-01")):
        result = runner.invoke(
            cli,
            ["update", "east-2023", "1", "--status", "on_track", "--note", "已开工。",
             "--source", "https://example.org/r", "--kind", kind, "--date", day,
             "--content", str(site_copy)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        out = tmp_path / kind
        build(site_copy, out)
        text = main(out, "plans/east-2023/1/").with_class("evidence")[0].flat()
        expected = {
            "government": "最新进展来源：政府报告 （政府自报，未经独立核实）",
            "verified": "最新进展来源：独立核实",
        }
        assert text == expected[kind]


def test_completed_late_counts_against_on_time(site_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(
        cli,
        ["update", "east-2022", "2", "--status", "completed", "--note", "已建成5家。",
         "--source", "https://example.org/r", "--date", "2023-01-15", "--content", str(site_copy)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    build(site_copy, tmp_path / "out")
    card = scorecard(tmp_path / "out", "qu-min-zheng-ju")
    assert card["已完成"] == "1 / 2"
    assert card["按期完成"] == "1项中0项按期完成"  # one completed late, one unknown
    page = main(tmp_path / "out", DEPT + "qu-min-zheng-ju/")
    assert "0项按期完成，1项逾期后完成，0项逾期未完成。" in page.flat()


def test_charts_on_every_summary_page(fixture_output: Path) -> None:
    expected = {
        "": {"status-bar", "year-bars"},
        "plans/east-2022/": {"status-bar"},
        "districts/test-east/": {"status-bar", "year-bars"},
        DEPT + "qu-min-zheng-ju/": {"status-bar"},
        "categories/elderly/": {"status-bar", "year-bars"},
    }
    for url, kinds in expected.items():
        svgs = main(fixture_output, url).find_all("svg")
        found = {c for s in svgs for c in ("status-bar", "year-bars") if s.has_class(c)}
        assert found == kinds, url
        for s in svgs:
            if s.attrs.get("role") == "img":
                assert s.attrs.get("aria-label"), url  # a text alternative on every chart
