"""Say only what is known: checked on the built HTML, feeds and open data of the fixture
site and of the bundled site.

- Nothing is red ("逾期未完成") unless a progress report says so; a deadline that passed
  without any report is the neutral "期限已过 · 暂无完成情况".
- Every summary says how many of its commitments have any progress information.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.accountability.helpers import El, main, parse

SUMMARY = re.compile(r'<p class="summary-line">.*?</p>\s*(<p class="coverage">)?', re.S)
COVERAGE = re.compile(r"共(\d+)项，其中(\d+)项有进展信息")


def records(output: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((output / "data" / "commitments.json").read_text("utf-8"))
    return {r["id"]: r for r in data["commitments"]}


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def commitment_id(href: str) -> str:
    """``/minsheng/plans/east-2022/2/`` → ``east-2022/2``."""
    found = re.search(r"plans/([a-z0-9-]+)/(\d+)/$", href)
    assert found, href
    return f"{found[1]}/{found[2]}"


@pytest.fixture(params=["fixture", "bundled"])
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_output")


def test_open_data_overdue_only_with_a_report(site: Path) -> None:
    for r in records(site).values():
        if r["overdue"]:
            assert r["updates"], f"{r['id']} is overdue without any report"
            assert r["past_deadline"]
        if not r["updates"]:
            assert not r["overdue"], r["id"]


def test_no_red_without_a_report_on_any_page(site: Path) -> None:
    known = records(site)
    for path in pages(site):
        root = parse(path)
        for li in root.with_class("commitment"):
            links = [a for a in li.iter() if a.tag == "a" and a.attrs.get("href")]
            title = li.with_class("commitment-title")
            if not title or not links:
                continue  # the search page's row template
            href = title[0].find_all("a")[0].attrs["href"]
            if not re.search(r"/\d+/$", href):
                continue  # the search page's row template, filled in by search.js
            record = known[commitment_id(href)]
            red = bool([b for b in li.with_class("overdue") if b.has_class("badge")])
            neutral = bool(li.with_class("past-deadline"))
            assert red == record["overdue"], (path, record["id"])
            assert neutral == (record["past_deadline"] and not record["overdue"]), (
                path,
                record["id"],
            )
    for r in known.values():
        page = main(site, "plans/" + r["id"] + "/")
        # the paragraph under the title with the commitment's own status (other years'
        # commitments are listed with theirs further down)
        own = next(p for p in page.find_all("p") if p.with_class("badge"))
        assert (
            bool([b for b in own.with_class("overdue") if b.has_class("badge")]) == r["overdue"]
        ), r["id"]
        assert bool(own.with_class("past-deadline")) == (r["past_deadline"] and not r["overdue"])


def test_coverage_line_under_every_summary(site: Path) -> None:
    for path in pages(site):
        html = path.read_text("utf-8")
        for found in SUMMARY.finditer(html):
            assert found[1], f"{path}: a summary without its coverage line"


def test_home_coverage_counts_what_has_progress_information(site: Path) -> None:
    known = records(site)
    total = len(known)
    reported = sum(1 for r in known.values() if r["status"] != "not_reported")
    home = main(site, "")
    lines = [COVERAGE.fullmatch(p.flat()) for p in home.with_class("coverage")]
    assert lines and lines[0] is not None
    assert (int(lines[0][1]), int(lines[0][2])) == (total, reported)


def test_year_chart_says_its_coverage(fixture_output: Path) -> None:
    chart = main(fixture_output, "districts/test-east/").with_class("chart-years")[0]
    assert chart.with_class("coverage")[0].flat() == "共4项，其中2项有进展信息"


def test_feed_entries_of_plans_say_their_coverage(fixture_output: Path) -> None:
    feed = (fixture_output / "feeds" / "all.atom").read_text("utf-8")
    assert (
        "东区 2022：共2项，其中2项有进展信息" in feed
        or "测试市东区 2022：共2项，其中2项有进展信息" in feed
    )


def test_fixture_statuses_by_hand(fixture_output: Path) -> None:
    """Worked out from tests/fixtures/site/content at 2023-06-30."""
    known = records(fixture_output)
    got = {k: (r["status"], r["overdue"], r["past_deadline"]) for k, r in known.items()}
    assert got == {
        "east-2022/1": ("completed", False, False),
        "east-2022/2": ("behind", True, True),  # behind on 2022-09-30, due 2022-12-31
        "east-2023/1": ("not_reported", False, True),  # due 2023-03-31, no report
        "east-2023/2": ("not_reported", False, False),  # no deadline
        "west-2023/1": ("not_started", False, False),  # implied 2023-12-31
        "west-2023/2": ("not_reported", False, False),  # due on the as-of date
    }


def test_bundled_site_is_not_red_for_want_of_reports(bundled_output: Path) -> None:
    known = records(bundled_output)
    unreported_past = [r for r in known.values() if r["past_deadline"] and not r["updates"]]
    assert len(unreported_past) > 100  # most bundled plans have no report at all
    assert not any(r["overdue"] for r in unreported_past)
    home = main(bundled_output, "")
    section = [s for s in home.find_all("section") if s.attrs.get("aria-labelledby") == "overdue"]
    assert all(known[i]["updates"] for i in _items(section[0]))


def _items(el: El) -> list[str]:
    return [
        commitment_id(a.attrs["href"])
        for a in el.find_all("a")
        if "/plans/" in a.attrs.get("href", "") and re.search(r"/\d+/$", a.attrs["href"])
    ]


def test_past_deadline_list_sorted_by_deadline_then_number_across_plans(
    bundled_output: Path,
) -> None:
    known = records(bundled_output)
    home = main(bundled_output, "")
    section = next(
        s for s in home.find_all("section") if s.attrs.get("aria-labelledby") == "past-deadline"
    )
    listed = _items(section)
    assert len(listed) == 10
    keys = [(known[i]["deadline"], known[i]["no"], known[i]["plan"]) for i in listed]
    assert keys == sorted(keys)
    assert len({known[i]["plan"] for i in listed}) > 1  # not one plan's items 1, 10, 11 …


def test_docs_list_every_open_data_field_and_column() -> None:
    from generator.data import CSV_COLUMNS
    from generator.datafields import COMMITMENT_FIELDS
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "data.md").read_text("utf-8")
    for f in COMMITMENT_FIELDS:
        assert f"| `{f.name}` | {f.type} | {f.zh} — {f.en} |" in doc, f.name
    assert ", ".join(f"`{c}`" for c in CSV_COLUMNS) in doc


LINK = re.compile(r"^(https?://|tel:|mailto:)")


def test_no_empty_contact_box_anywhere(site: Path) -> None:
    boxes = 0
    for path in pages(site):
        for box in parse(path).with_class("contact-box"):
            boxes += 1
            hrefs = [a.attrs.get("href", "") for a in box.find_all("a")]
            assert any(LINK.match(h) for h in hrefs), f"{path}: a contact box without a link"
            assert "尚未登记" not in box.flat()
    assert boxes > 0


def test_ask_on_every_commitment_past_its_deadline(site: Path) -> None:
    known = records(site)
    plans = {
        p: json.loads((site / "data" / "plans" / f"{p}.json").read_text("utf-8"))["plan"]
        for p in {r["plan"] for r in known.values()}
    }
    for r in known.values():
        body = main(site, "plans/" + r["id"] + "/")
        asks = [e for e in body.iter() if e.attrs.get("id") == "ask"]
        if not r["past_deadline"]:
            assert not asks, r["id"]
            continue
        assert len(asks) == 1, r["id"]
        ask = asks[0]
        assert ask.with_class("contact-box")
        text = ask.by_id("inquiry-text").text()
        plan = plans[r["plan"]]
        assert f"《{plan['title']}》" in text
        assert f"第{r['no']}项“{r['title']}”" in text
        if plan["document_number"]:
            assert plan["document_number"] in text
        year, month, day = (int(x) for x in r["deadline"].split("-"))
        assert f"{year}年{month}月{day}日" in text
        # the responsible unit is named
        for unit in r["lead_as_written"]:
            assert unit in ask.flat()


def test_contacts_fall_back_to_the_national_hotline(tmp_path: Path) -> None:
    from tests.conftest import build, copy_site

    content = copy_site(tmp_path)
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text("utf-8")
    site_yaml.write_text(text.split("contacts:")[0], "utf-8")
    build(content, tmp_path / "out")
    box = main(tmp_path / "out", "districts/test-west/departments/xian-wei-jian-ju/").by_id(
        "contact"
    )
    assert [a.attrs["href"] for a in box.find_all("a")] == ["tel:12345"]
    assert "12345 政务服务便民热线" in box.flat()


def test_every_commitment_page_has_the_corrections_channel(fixture_output: Path) -> None:
    for r in records(fixture_output).values():
        line = main(fixture_output, "plans/" + r["id"] + "/").by_id("corrections")
        assert line.flat().startswith("纠错")
        assert line.find_all("a")[0].attrs["href"] == "https://example.org/corrections"


def test_every_commitment_page_links_its_passage_and_the_anchor_exists(site: Path) -> None:
    known = records(site)
    linked = 0
    for r in known.values():
        plan_data = json.loads((site / "data" / "plans" / f"{r['plan']}.json").read_text("utf-8"))
        source_page = site / "sources" / f"{r['plan']}.html"
        body = main(site, "plans/" + r["id"] + "/")
        hrefs = [a.attrs.get("href", "") for a in body.find_all("a")]
        passage = [h for h in hrefs if "/sources/" in h and "#" in h]
        if not source_page.exists():
            assert not passage, r["id"]  # no archived text, nothing to point into
            continue
        assert plan_data["plan"]["source"] is not None
        assert len(passage) == 1, r["id"]
        path, _, anchor = passage[0].partition("#")
        assert path.endswith(f"/sources/{r['plan']}.html") and anchor == f"c{r['no']}"
        span = parse(source_page).by_id(anchor)
        assert span.tag == "span" and span.has_class("passage")
        linked += 1
    assert linked


def test_every_update_shows_its_source_kind(site: Path) -> None:
    labels = {"政府报告", "媒体报道", "市民反映", "独立核实", "无公开来源"}
    for r in records(site).values():
        if not r["updates"]:
            continue
        timeline = main(site, "plans/" + r["id"] + "/").with_class("timeline")[0]
        entries = [li for li in timeline.children if isinstance(li, El) and li.tag == "li"]
        assert len(entries) == len(r["updates"])
        for li, u in zip(entries, reversed(r["updates"]), strict=True):
            line = li.with_class("source-line")[0]
            assert line.with_class("kind")[0].flat() in labels
            if u["source"] and u["source"]["url"]:
                assert u["source"]["url"] in [a.attrs["href"] for a in line.find_all("a")]
            else:
                assert "无公开来源" in line.flat()


def test_about_page_and_docs_state_the_rules_in_the_same_words(fixture_output: Path) -> None:
    from generator.i18n import EN, ZH
    from generator.pages import RULES
    from tests.conftest import ROOT

    about = main(fixture_output, "about/")
    shown = [li.flat() for li in about.find_all("li") if li.attrs.get("id", "").startswith("rule-")]
    assert shown == [ZH[k] for k in RULES]
    doc = " ".join((ROOT / "docs" / "data.md").read_text("utf-8").split())
    for key in RULES:
        assert ZH[key] in doc and EN[key] in doc, key
    # who runs it, that it is independent, the licence and the corrections channel
    text = about.flat()
    assert "测试民生站编辑组（独立志愿者）" in text
    assert "本站不是政府网站" in text
    assert "https://example.org/corrections" in [a.attrs["href"] for a in about.find_all("a")]


def test_every_page_links_the_about_page(fixture_output: Path) -> None:
    for path in pages(fixture_output):
        html = path.read_text("utf-8")
        if 'name="robots" content="noindex"' in html:
            continue
        assert 'href="/minsheng/about/"' in html, path


def test_a_plan_deadline_is_shown_once_and_items_inherit_it(bundled_output: Path) -> None:
    plan = "changchun-xinqu-2017"
    page = main(bundled_output, f"plans/{plan}/")
    text = page.flat()
    assert text.count("年底（2017年12月31日）") == 1  # on the plan's facts, once
    assert "计划未写明" not in text
    items = [r for r in records(bundled_output).values() if r["plan"] == plan]
    assert len(items) == 62
    for r in items:
        assert r["deadline"] == "2017-12-31"
        assert (r["deadline_from_plan"], r["deadline_implied"], r["deadline_text"]) == (
            True,
            False,
            None,
        )
    data = json.loads((bundled_output / "data" / "plans" / f"{plan}.json").read_text("utf-8"))
    # as its closing words say it: 确保年底圆满完成各项既定工作目标 (found by the importer)
    assert (data["plan"]["deadline"], data["plan"]["deadline_text"]) == ("2017-12-31", "年底")
    # the ready request names the plan's wording of the deadline
    letter = main(bundled_output, f"plans/{plan}/1/").by_id("inquiry-text").text()
    assert "年底，即2017年12月31日" in letter


def test_an_items_own_deadline_wins_over_the_plans(tmp_path: Path) -> None:
    from tests.conftest import build, copy_site

    content = copy_site(tmp_path)
    plan = content / "plans" / "east-2022.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(
        text.replace("year: 2022\n", "year: 2022\ndeadline: 2022-10-31\ndeadline_text: 10月底前\n"),
        "utf-8",
    )
    build(content, tmp_path / "out")
    got = {
        k: (r["deadline"], r["deadline_from_plan"]) for k, r in records(tmp_path / "out").items()
    }
    assert got["east-2022/1"] == ("2022-10-31", True)  # gives none of its own
    assert got["east-2022/2"] == ("2022-12-31", False)  # its own 年底前


def test_a_plan_deadline_text_needs_its_date(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli
    from tests.conftest import copy_site

    content = copy_site(tmp_path)
    plan = content / "plans" / "east-2022.yaml"
    plan.write_text(
        plan.read_text("utf-8").replace("year: 2022\n", "year: 2022\ndeadline_text: 年底前\n"),
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code != 0
    assert "deadline_text" in result.output and "deadline: YYYY-MM-DD" in result.output
