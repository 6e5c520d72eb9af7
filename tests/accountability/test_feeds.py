"""Atom feeds parse as Atom, hold the right entries, and are linked from their pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.accountability.helpers import page

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/minsheng/"


def feed(output: Path, rel: str) -> ET.Element:
    root = ET.parse(output / rel).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link"):  # what Atom requires of an entry
            assert entry.find(f"{ATOM}{name}") is not None, name
    return root


def entries(root: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (
            e.findtext(f"{ATOM}updated", "")[:10],
            e.findtext(f"{ATOM}title", ""),
            e.find(f"{ATOM}link").get("href", ""),  # type: ignore[union-attr]
        )
        for e in root.findall(f"{ATOM}entry")
    ]


def test_site_feed_has_new_plans_and_updates_newest_first(fixture_output: Path) -> None:
    root = feed(fixture_output, "feeds/all.atom")
    assert root.findtext(f"{ATOM}updated", "").startswith("2023-01-01")  # newest entry
    assert entries(root) == [
        ("2023-01-01", "新计划：西县2023年为民办实事项目", BASE + "plans/west-2023/"),
        ("2023-01-01", "新计划：东区2023年民生实事", BASE + "plans/east-2023/"),
        ("2022-12-31", "城镇新增就业 0.8 万人：已完成", BASE + "plans/east-2022/1/"),
        ("2022-09-30", "新建5家幸福食堂：进度滞后", BASE + "plans/east-2022/2/"),
        ("2022-06-30", "城镇新增就业 0.8 万人：正常推进", BASE + "plans/east-2022/1/"),
        ("2022-02-15", "新计划：东区2022年民生实事", BASE + "plans/east-2022/"),
    ]
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert len(set(ids)) == len(ids)
    summary = root.findall(f"{ATOM}entry")[3].findtext(f"{ATOM}summary", "")
    assert "已建成2家。" in summary and "市民反映" in summary  # the note and who said it


def test_district_and_department_feeds_hold_only_their_own(fixture_output: Path) -> None:
    west = feed(fixture_output, "feeds/districts/test-west.atom")
    assert [t for _, t, _ in entries(west)] == ["新计划：西县2023年为民办实事项目"]
    east = feed(fixture_output, "feeds/districts/test-east.atom")
    assert len(entries(east)) == 5
    minzheng = feed(fixture_output, "feeds/districts/test-east/qu-min-zheng-ju.atom")
    assert [t for _, t, _ in entries(minzheng)] == [
        "新计划：东区2023年民生实事",
        "新建5家幸福食堂：进度滞后",
        "新计划：东区2022年民生实事",
    ]


def test_a_department_without_any_update_gets_no_feed_and_links_none(
    fixture_output: Path,
) -> None:
    # 县交通局 is named only by west-2023, whose commitments have no progress update yet:
    # its feed would only repeat the district feed's new-plan entry
    assert not (fixture_output / "feeds/districts/test-west/xian-jiao-tong-ju.atom").exists()
    doc = page(fixture_output, "districts/test-west/departments/xian-jiao-tong-ju/")
    assert doc.find_all("link", rel="alternate") == []
    assert doc.find_all("p", class_="feed-link") == []
    assert (fixture_output / "feeds/districts/test-west.atom").is_file()


@pytest.mark.parametrize(
    ("url", "feed_path"),
    [
        ("", "feeds/all.atom"),
        ("districts/test-east/", "feeds/districts/test-east.atom"),
        ("districts/test-east/departments/qu-ren-she-ju/", "feeds/districts/test-east/qu-ren-she-ju.atom"),
    ],
)  # fmt: skip
def test_pages_link_their_feed(fixture_output: Path, url: str, feed_path: str) -> None:
    doc = page(fixture_output, url)
    head = doc.find_all("head")[0]
    alternates = [
        link.attrs["href"]
        for link in head.find_all("link", rel="alternate")
        if link.attrs.get("type") == "application/atom+xml"
    ]
    assert alternates == [BASE + feed_path]
    assert (fixture_output / feed_path).is_file()
