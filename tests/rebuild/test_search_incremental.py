"""Search files rebuilt by a long-lived SearchIndexer equal a from-scratch build.

``minsheng serve`` keeps one SearchIndexer across rebuilds and hands back the same Plan
objects for unchanged plans; whatever the edit, the bytes must be what a fresh build makes of
the edited content. The content is made by the benchmark generator (a few hundred
commitments, so the index has several blocks and shards), and every check also runs with
small blocks and shards, so that edits land on block bounds and move them.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from types import ModuleType

import pytest

from generator.model import Content, Plan
from generator.search import SearchIndexer, documents, files, postings
from generator.urls import Links
from generator.validate import load_content
from tests.conftest import FIXED_TODAY, ROOT

LINKS = Links("https://example.org/minsheng/")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_generate_for_search", ROOT / "benchmarks" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Content:
    out = tmp_path_factory.mktemp("content")
    _generator().generate(300, 11, out)
    content = load_content(out, today=FIXED_TODAY).content
    assert len(content.plans) >= 6
    return content


@pytest.fixture(params=["default", "small"])
def layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Default sizes (one index file), or small ones: many blocks, bounds inside every
    edit, and the large-site layout of shards, chunks and department files."""
    if request.param == "small":
        monkeypatch.setattr(files, "SINGLE_FILE_MAX_DOCS", 0)
        monkeypatch.setattr(postings, "BLOCK_MIN_DOCS", 8)
        monkeypatch.setattr(postings, "BLOCK_MAX_DOCS", 24)
        monkeypatch.setattr(postings, "TARGET_SHARD_BYTES", 3000)
    yield request.param


@pytest.fixture(scope="module")
def fresh_builds() -> dict[str, dict[str, bytes]]:
    return {}


@pytest.fixture
def fresh_base(
    base: Content, layout: str, fresh_builds: dict[str, dict[str, bytes]]
) -> dict[str, bytes]:
    """The unedited content built from scratch, once per layout."""
    if layout not in fresh_builds:
        fresh_builds[layout] = build_search_files(base, LINKS)
    return fresh_builds[layout]


def build_search_files(content: Content, links: Links) -> dict[str, bytes]:
    """A build from scratch."""
    return SearchIndexer().build(content, links)


def assert_same(files: dict[str, bytes], fresh: dict[str, bytes]) -> None:
    assert list(files) == list(fresh)
    assert [path for path in fresh if files[path] != fresh[path]] == []


def assert_fresh(indexer: SearchIndexer, content: Content) -> dict[str, bytes]:
    files = indexer.build(content, LINKS)
    assert_same(files, build_search_files(content, LINKS))
    return files


# --- edits: each returns the edited content ------------------------------------------------


def with_plans(content: Content, plans: list[Plan]) -> Content:
    return replace(content, plans=tuple(plans))


def middle(content: Content) -> int:
    return len(content.plans) // 2


def edit_plan(content: Content, k: int, edit: Callable[[Plan], Plan]) -> Content:
    plans = list(content.plans)
    plans[k] = edit(plans[k])
    return with_plans(content, plans)


def clone(plan: Plan, plan_id: str) -> Plan:
    return replace(
        plan, id=plan_id, commitments=tuple(replace(c, plan=plan_id) for c in plan.commitments)
    )


def commitment_text(content: Content) -> Content:
    """The benchmark's edit: one commitment's text in the middle plan."""

    def edit(plan: Plan) -> Plan:
        c0 = plan.commitments[0]
        return replace(
            plan, commitments=(replace(c0, text=c0.text + "（已调整）"), *plan.commitments[1:])
        )

    return edit_plan(content, middle(content), edit)


def commitment_title_and_status(content: Content) -> Content:
    def edit(plan: Plan) -> Plan:
        c = plan.commitments[-1]
        changed = replace(c, title="新建幸福食堂", status="completed", overdue=False)
        return replace(plan, commitments=(*plan.commitments[:-1], changed))

    return edit_plan(content, 1, edit)


def commitment_added(content: Content) -> Content:
    def edit(plan: Plan) -> Plan:
        c = plan.commitments[0]
        extra = replace(
            c, no=len(plan.commitments) + 1, title="新增老年助餐点", text="新增老年助餐点3个。"
        )
        return replace(plan, commitments=(*plan.commitments, extra))

    return edit_plan(content, middle(content), edit)


def commitment_removed(content: Content) -> Content:
    return edit_plan(content, 2, lambda plan: replace(plan, commitments=plan.commitments[1:]))


def plan_added(content: Content) -> Content:
    plans = list(content.plans)
    plans.insert(middle(content), clone(plans[0], "added-plan"))
    return with_plans(content, plans)


def plan_added_last(content: Content) -> Content:
    return with_plans(content, [*content.plans, clone(content.plans[1], "added-last")])


def empty_plan_added(content: Content) -> Content:
    plans = list(content.plans)
    plans.insert(3, replace(clone(plans[0], "added-empty"), commitments=()))
    return with_plans(content, plans)


def plan_removed(content: Content) -> Content:
    plans = list(content.plans)
    del plans[middle(content)]
    return with_plans(content, plans)


def first_plan_removed(content: Content) -> Content:
    return with_plans(content, list(content.plans[1:]))


def plans_reordered(content: Content) -> Content:
    plans = list(content.plans)
    plans[1], plans[-2] = plans[-2], plans[1]
    return with_plans(content, plans)


def plan_retitled(content: Content) -> Content:
    return edit_plan(content, 0, lambda plan: replace(plan, title=plan.title + "（修订）"))


def department_renamed(content: Content) -> Content:
    key = sorted(content.department_roles)[0]  # a department some commitment names
    departments = dict(content.departments)
    departments[key] = replace(departments[key], name="区民政和退役军人事务局")
    return replace(content, departments=departments)


def category_renamed(content: Content) -> Content:
    slug = content.plans[0].commitments[0].category
    categories = dict(content.categories)
    categories[slug] = replace(categories[slug], name="养老服务")
    return replace(content, categories=categories)


def district_renamed(content: Content) -> Content:
    slug = content.plans[0].district
    districts = dict(content.districts)
    districts[slug] = replace(districts[slug], name="新城区")
    return replace(content, districts=districts)


def language(content: Content) -> Content:
    return replace(content, site=replace(content.site, language="en"))


def unchanged(content: Content) -> Content:
    return content


EDITS: list[Callable[[Content], Content]] = [
    commitment_text,
    commitment_title_and_status,
    commitment_added,
    commitment_removed,
    plan_added,
    plan_added_last,
    empty_plan_added,
    plan_removed,
    first_plan_removed,
    plans_reordered,
    plan_retitled,
    department_renamed,
    category_renamed,
    district_renamed,
    language,
    unchanged,
]


# --- checks --------------------------------------------------------------------------------


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_rebuild_after_an_edit_equals_a_fresh_build(
    base: Content, fresh_base: dict[str, bytes], edit: Callable[[Content], Content]
) -> None:
    indexer = SearchIndexer()
    assert_same(indexer.build(base, LINKS), fresh_base)
    after = assert_fresh(indexer, edit(base))
    if edit is not unchanged:
        assert after != fresh_base  # the edit reaches the search files
    # undone: the original plan objects come back
    assert_same(indexer.build(base, LINKS), fresh_base)


def test_a_chain_of_edits_equals_fresh_builds(base: Content, layout: str) -> None:
    rng = random.Random(5)
    indexer = SearchIndexer()
    content = base
    assert_fresh(indexer, content)
    for _ in range(8):
        content = rng.choice(EDITS)(content)
        assert_fresh(indexer, content)


def test_editing_one_plan_indexes_only_its_block_again(
    base: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexer = SearchIndexer()
    indexer.build(base, LINKS)
    made: list[str] = []

    class CountedPlanDocs(documents.PlanDocs):
        __slots__ = ()

        def __init__(self, plan: Plan, ctx: documents.BuildContext) -> None:
            made.append(plan.id)
            super().__init__(plan, ctx)

    class CountedBlock(postings.Block):
        __slots__ = ()

        def __init__(self, plans: tuple[documents.PlanDocs, ...]) -> None:
            made.append("block")
            super().__init__(plans)

    def no_assembly(*args: object) -> None:
        raise AssertionError("every gram assembled again for a one-plan edit")

    monkeypatch.setattr(files, "PlanDocs", CountedPlanDocs)
    monkeypatch.setattr(postings, "Block", CountedBlock)
    monkeypatch.setattr(postings.Postings, "_assemble", no_assembly)
    edited = commitment_text(base)
    assert_indexed = indexer.build(edited, LINKS)
    assert made == [base.plans[middle(base)].id, "block"]
    monkeypatch.undo()
    assert assert_indexed == build_search_files(edited, LINKS)


def test_a_failed_build_does_not_spoil_the_next(base: Content) -> None:
    indexer = SearchIndexer()
    indexer.build(base, LINKS)
    broken = edit_plan(base, 1, lambda plan: replace(plan, district="no-such-district"))
    with pytest.raises(KeyError):
        indexer.build(broken, LINKS)
    assert_fresh(indexer, commitment_text(base))
