"""Unverified means unverified everywhere: a plan marked ``verified: false`` carries an
element of class ``unverified`` on every page kind where it or its commitments appear, is
left out of year charts, and is flagged in the open data and the feeds.

The fixture site is copied and its east-2022 plan marked unverified (with a reason).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.accountability.helpers import El, main, page
from tests.conftest import build, copy_site

PLAN = "east-2022"
YEAR_TEXT = "年份不详（可能为2019—2021年）"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("unverified")
    content = copy_site(tmp)
    plan = content / "plans" / f"{PLAN}.yaml"
    text = plan.read_text("utf-8")
    text = text.replace(
        "year: 2022\n",
        f"year: 2022\nverified: false\nyear_text: {YEAR_TEXT}\n"
        "caveats:\n  - 年份未经核实：标题中的年份来自转载网站。\n",
        1,
    )
    plan.write_text(text, "utf-8")
    out = tmp / "output"
    build(content, out)
    return out


def links_to_plan(el: El) -> list[El]:
    return [a for a in el.find_all("a") if f"/plans/{PLAN}/" in a.attrs.get("href", "")]


# Every page kind on which the plan or one of its commitments appears.
PAGES = {
    "home": "",
    "districts": "districts/",
    "district": "districts/test-east/",
    "plan": f"plans/{PLAN}/",
    "commitment": f"plans/{PLAN}/1/",
    "department": "districts/test-east/departments/qu-min-zheng-ju/",
    "category": "categories/elderly/",
    "other year's commitment": "plans/east-2023/1/",  # links east-2022/2 as its earlier year
}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_flagged_on_every_page_kind(output: Path, url: str) -> None:
    body = main(output, url)
    assert body.with_class("unverified"), f"/{url} shows the plan without the badge"
    badge = body.with_class("unverified")[0]
    assert badge.flat() in ("未经核实", "含 1 份未经核实的计划")


def test_every_list_row_of_its_commitments_is_flagged(output: Path) -> None:
    for url in PAGES.values():
        for li in main(output, url).with_class("commitment"):
            title = li.with_class("commitment-title")
            href = title[0].find_all("a")[0].attrs["href"] if title else ""
            if f"/plans/{PLAN}/" in href:
                assert li.with_class("unverified"), (url, href)
            elif re.search(r"/plans/[a-z0-9-]+/\d+/$", href):
                assert not li.with_class("unverified"), (url, href)


def test_district_card_lists_only_verified_years(output: Path) -> None:
    cards = main(output, "").with_class("card")
    east = next(c for c in cards if "测试市东区" in c.flat())
    assert "2023" in east.flat() and "2022" not in east.find_all("p")[0].flat()
    assert east.with_class("unverified")[0].flat() == "含 1 份未经核实的计划"


def test_left_out_of_year_charts(output: Path) -> None:
    for url in ("", "districts/test-east/", "categories/elderly/"):
        chart = main(output, url).with_class("year-bars")[0]
        labels = chart.attrs["aria-label"]
        assert "2022" not in labels and "2023" in labels, (url, labels)


def test_district_year_table_shows_the_year_as_known(output: Path) -> None:
    table = main(output, "districts/test-east/").with_class("year-table")[0]
    heads = [th for th in table.find_all("th") if th.attrs.get("scope") == "row"]
    assert [th.flat() for th in heads] == ["2023", f"{YEAR_TEXT} 未经核实"]


def test_home_lists_it_last(output: Path) -> None:
    section = next(
        s for s in main(output, "").find_all("section") if s.attrs.get("aria-labelledby") == "plans"
    )
    listed = [a.attrs["href"] for a in section.find_all("a")]
    assert listed[-1].endswith(f"/plans/{PLAN}/")
    assert section.find_all("li")[-1].with_class("unverified")


def test_flagged_in_open_data(output: Path) -> None:
    data = json.loads((output / "data" / "commitments.json").read_text("utf-8"))
    for r in data["commitments"]:
        assert r["verified"] is (r["plan"] != PLAN)
        if r["plan"] == PLAN:
            assert r["caveats"] == ["年份未经核实：标题中的年份来自转载网站。"]
    rows = list(
        csv.DictReader(io.StringIO((output / "data" / "commitments.csv").read_text("utf-8-sig")))
    )
    assert {r["id"]: r["verified"] for r in rows if r["plan"] == PLAN} == {
        f"{PLAN}/1": "false",
        f"{PLAN}/2": "false",
    }
    assert all(r["verified"] == "true" for r in rows if r["plan"] != PLAN)
    plan = json.loads((output / "data" / "plans" / f"{PLAN}.json").read_text("utf-8"))["plan"]
    assert (plan["verified"], plan["year_text"]) == (False, YEAR_TEXT)


def test_flagged_in_feeds(output: Path) -> None:
    feed = (output / "feeds" / "all.atom").read_text("utf-8")
    entries = re.findall(r"<entry>.*?</entry>", feed, re.S)
    ours = [e for e in entries if f"/plans/{PLAN}/" in e]
    assert ours
    for e in ours:
        assert "未经核实" in e


def test_flagged_in_search(output: Path) -> None:
    meta = json.loads((output / "search" / "meta.json").read_text("utf-8"))
    flagged = [p for p in meta["plans"] if len(p) == 4]
    assert [p[3] for p in flagged] == [YEAR_TEXT]
    assert meta["unverified"] == "未经核实"
    # the result row template carries the badge that search.js keeps or removes
    template = page(output, "search/").find_all("template")[0]
    assert template.with_class("unverified")


def test_feed_date_is_not_a_guessed_year(tmp_path: Path) -> None:
    content = copy_site(tmp_path)
    plan = content / "plans" / "west-2023.yaml"
    text = plan.read_text("utf-8")
    assert "published" not in text
    plan.write_text(text.replace("year: 2023\n", "year: 2023\nverified: false\n", 1), "utf-8")
    build(content, tmp_path / "out")
    feed = (tmp_path / "out" / "feeds" / "all.atom").read_text("utf-8")
    entry = next(e for e in re.findall(r"<entry>.*?</entry>", feed, re.S) if "west-2023/</id>" in e)
    assert "2023-01-01" not in entry


def test_unverified_without_a_reason_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    content = copy_site(tmp_path)
    plan = content / "plans" / "east-2023.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("year: 2023\n", "year: 2023\nverified: false\n", 1), "utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code != 0
    assert "verified: false" in result.output and "caveats" in result.output
