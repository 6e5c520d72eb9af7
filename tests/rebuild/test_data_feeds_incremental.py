"""Open data and feeds rebuilt by long-lived DataFiles/FeedFiles equal a from-scratch build.

``minsheng serve`` keeps one of each across rebuilds and hands back the same Plan objects
for unchanged plans; whatever the edit, the bytes must be what a fresh build makes of the
edited content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pytest

from generator.data import (
    DataFiles,
    build_data_files,
    commitment_record,
    commitments_csv,
    commitments_json,
    plan_json,
)
from generator.feeds import FeedFiles, build_feeds
from generator.i18n import Translator
from generator.model import Content, Plan, Responsible
from generator.reuse import ReuseStore
from generator.urls import Links
from generator.validate import load_content
from tests.conftest import FIXED_TODAY, FIXTURE_CONTENT


@dataclass(frozen=True)
class State:
    content: Content
    links: Links
    t: Translator


@pytest.fixture(scope="module")
def base() -> State:
    content = load_content(FIXTURE_CONTENT, today=FIXED_TODAY).content
    return State(content, Links(content.site.base_url), Translator(content.site.language))


def with_plans(state: State, plans: tuple[Plan, ...]) -> State:
    return replace(state, content=replace(state.content, plans=plans))


def edit_plan(state: State, plan_id: str, edit: Callable[[Plan], Plan]) -> State:
    return with_plans(state, tuple(edit(p) if p.id == plan_id else p for p in state.content.plans))


def edit_commitment(state: State, cid: str, **changes: object) -> State:
    plan_id, no = cid.split("/")

    def edit(plan: Plan) -> Plan:
        commitments = tuple(
            replace(c, **changes) if c.no == int(no) else c  # type: ignore[arg-type]
            for c in plan.commitments
        )
        return replace(plan, commitments=commitments)

    return edit_plan(state, plan_id, edit)


# --- edits: each returns the edited state --------------------------------------------------


def commitment_text(s: State) -> State:
    return edit_commitment(s, "east-2022/2", title="新建6家幸福食堂", text="新建6家幸福食堂。")


def update_note(s: State) -> State:
    c = s.content.commitments_by_id["east-2022/1"]
    updates = (*c.updates[:-1], replace(c.updates[-1], note="全年新增就业0.9万人。"))
    return edit_commitment(s, "east-2022/1", updates=updates)


def lead_moved(s: State) -> State:
    # 区人社局's feed loses these updates and 区教育局's gains them
    return edit_commitment(s, "east-2022/1", lead=(Responsible("区教育局", "qu-jiao-yu-ju"),))


def plan_added(s: State) -> State:
    west = s.content.plans_by_id["west-2023"]
    new = replace(
        west,
        id="west-2024",
        year=2024,
        title="西县2024年为民办实事项目",
        commitments=tuple(replace(c, plan="west-2024") for c in west.commitments),
    )
    return with_plans(s, (new, *s.content.plans))


def plan_removed(s: State) -> State:
    return with_plans(s, tuple(p for p in s.content.plans if p.id != "east-2022"))


def department_renamed(s: State) -> State:
    key = ("test-east", "qu-min-zheng-ju")
    departments = dict(s.content.departments)
    departments[key] = replace(departments[key], name="区民政和退役军人事务局")
    return replace(s, content=replace(s.content, departments=departments))


def category_renamed(s: State) -> State:
    categories = dict(s.content.categories)
    categories["elderly"] = replace(categories["elderly"], name="养老服务")
    return replace(s, content=replace(s.content, categories=categories))


def district_renamed(s: State) -> State:
    districts = dict(s.content.districts)
    districts["test-west"] = replace(districts["test-west"], name="西新县")
    return replace(s, content=replace(s.content, districts=districts))


def site_title(s: State) -> State:
    return replace(s, content=replace(s.content, site=replace(s.content.site, title="另一个站")))


def licence(s: State) -> State:
    return replace(s, content=replace(s.content, site=replace(s.content.site, licence="CC0")))


def as_of(s: State) -> State:
    site = replace(s.content.site, as_of=date(2023, 7, 1))
    return replace(s, content=replace(s.content, site=site))


def base_url(s: State) -> State:
    url = "https://example.net/other/"
    content = replace(s.content, site=replace(s.content.site, base_url=url))
    return State(content, Links(url), s.t)


def language(s: State) -> State:
    content = replace(s.content, site=replace(s.content.site, language="en"))
    return State(content, s.links, Translator("en"))


# which of the two groups of files each edit must change
EDITS: dict[Callable[[State], State], set[str]] = {
    commitment_text: {"data", "feeds"},
    update_note: {"data", "feeds"},
    lead_moved: {"data", "feeds"},
    plan_added: {"data", "feeds"},
    plan_removed: {"data", "feeds"},
    department_renamed: {"data", "feeds"},
    category_renamed: {"data"},
    district_renamed: {"data", "feeds"},
    site_title: {"feeds"},
    licence: {"data", "feeds"},
    as_of: {"data"},
    base_url: {"data", "feeds"},
    language: {"data", "feeds"},  # category_name follows the site language
}


# --- checks --------------------------------------------------------------------------------


class Files:
    """One long-lived DataFiles and FeedFiles, as the Builder keeps them."""

    def __init__(self) -> None:
        self.stores = (ReuseStore(), ReuseStore())
        self.data = DataFiles(self.stores[0])
        self.feeds = FeedFiles(self.stores[1])

    def build(self, s: State) -> tuple[dict[str, bytes], dict[str, bytes]]:
        data = self.data.build(s.content, s.links)
        feeds = self.feeds.build(s.content, s.links, s.t)
        for store in self.stores:  # the build was published
            store.commit()
        assert_fresh(s, data, feeds)
        return data, feeds


def assert_fresh(s: State, data: dict[str, bytes], feeds: dict[str, bytes]) -> None:
    """The files equal a from-scratch build, and the open data also what the record-by-record
    functions (those ``minsheng export`` uses) make of the content."""
    fresh_data = build_data_files(s.content, s.links)
    assert list(data) == list(fresh_data)
    assert [p for p in fresh_data if data[p] != fresh_data[p]] == []
    fresh_feeds = build_feeds(s.content, s.links, s.t)
    assert list(feeds) == list(fresh_feeds)
    assert [p for p in fresh_feeds if feeds[p] != fresh_feeds[p]] == []

    assert data["data/commitments.json"] == commitments_json(s.content, s.links)
    assert data["data/commitments.csv"] == commitments_csv(s.content, s.links)
    records = {c.id: commitment_record(s.content, s.links, c) for c in s.content.commitments}
    for plan in s.content.plans:
        assert data[f"data/plans/{plan.id}.json"] == plan_json(s.content, s.links, plan, records)


@pytest.mark.parametrize("edit", list(EDITS), ids=[e.__name__ for e in EDITS])
def test_rebuild_after_an_edit_equals_a_fresh_build(
    base: State, edit: Callable[[State], State]
) -> None:
    files = Files()
    before = files.build(base)
    after = files.build(edit(base))
    changed = {name for name, a, b in zip(("data", "feeds"), before, after, strict=True) if a != b}
    assert changed == EDITS[edit]  # the edit shows, so a stale cache would be caught
    # and back: the original objects again, as when an edit is undone
    assert files.build(base) == before


def test_rebuilds_through_every_edit_in_turn(base: State) -> None:
    files = Files()
    state = base
    files.build(state)
    for edit in EDITS:
        state = edit(state)
        files.build(state)
    files.build(commitment_text(state))


def test_unchanged_plans_and_feeds_are_reused(base: State) -> None:
    files = Files()
    data, feeds = files.build(base)
    edited = commitment_text(base)
    data2, feeds2 = files.build(edited)
    assert data2["data/plans/east-2022.json"] != data["data/plans/east-2022.json"]
    assert data2["data/plans/west-2023.json"] is data["data/plans/west-2023.json"]
    east = "feeds/districts/test-east.atom"
    assert feeds2[east] != feeds[east]
    # the west lists nothing from east-2022; 区教育局 (named only in east-2023, which has
    # no update) has no feed before or after
    assert feeds2["feeds/districts/test-west.atom"] is feeds["feeds/districts/test-west.atom"]
    assert "feeds/districts/test-east/qu-jiao-yu-ju.atom" not in feeds.keys() | feeds2.keys()
    # nothing changed: even the whole-site files are the same objects
    data3, feeds3 = files.build(replace(edited, content=replace(edited.content)))
    assert data3["data/commitments.json"] is data2["data/commitments.json"]
    assert feeds3["feeds/all.atom"] is feeds2["feeds/all.atom"]
