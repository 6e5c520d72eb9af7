"""The fragment memo: reused within a build by key, across rebuilds only for the same objects."""

from __future__ import annotations

from typing import Any

from generator.render import Links, Renderer
from generator.validate import load_content
from tests.conftest import FIXED_TODAY, FIXTURE_CONTENT


class Row:
    """Stands in for a frozen page-context row."""


def renderer_and_calls() -> tuple[Renderer, list[Any], Any]:
    site = load_content(FIXTURE_CONTENT, today=FIXED_TODAY).content.site
    renderer = Renderer(site, Links(site.base_url))
    calls: list[Any] = []

    def macro(*args: Any) -> str:
        calls.append(args)
        return f"<li>{len(calls)}</li>"

    return renderer, calls, macro


def test_same_key_renders_once_within_a_build() -> None:
    renderer, calls, macro = renderer_and_calls()
    row = Row()
    first = renderer.memo(macro, (row, True, "h3"), row)
    assert renderer.memo(macro, (row, True, "h3"), row) == first
    assert renderer.memo(macro, (row, False, "h3"), row) != first  # plain parts by value
    assert len(calls) == 2


def test_objects_in_keys_are_compared_by_identity() -> None:
    renderer, calls, macro = renderer_and_calls()
    renderer.memo(macro, (Row(), True), "a")
    renderer.memo(macro, (Row(), True), "b")
    assert len(calls) == 2


def test_fragments_of_the_same_objects_are_kept_for_the_next_build() -> None:
    renderer, calls, macro = renderer_and_calls()
    row = Row()
    kept = renderer.memo(macro, (row, True), row)
    plain = renderer.memo(macro, ("plans/x/1/", True), row)
    renderer.forget_fragments(keep_identified=True)
    assert renderer.memo(macro, (row, True), row) == kept  # same object: reused
    assert len(calls) == 2
    assert renderer.memo(macro, ("plans/x/1/", True), row) != plain  # plain key: made again
    assert renderer.memo(macro, (Row(), True), row) not in (kept, plain)  # a new row object
    assert len(calls) == 4


def test_a_one_off_build_keeps_nothing() -> None:
    renderer, calls, macro = renderer_and_calls()
    row = Row()
    renderer.memo(macro, (row,), row)
    renderer.forget_fragments()
    renderer.memo(macro, (row,), row)
    assert len(calls) == 2
