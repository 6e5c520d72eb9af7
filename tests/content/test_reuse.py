"""The one reuse store: within a build by key, across builds only for the same inputs."""

from __future__ import annotations

from typing import Any

from generator.reuse import ReuseStore


class Row:
    """Stands in for a frozen page-context row."""


def store_and_calls(*, across_builds: bool = True) -> tuple[ReuseStore, list[Any], Any]:
    store = ReuseStore(across_builds=across_builds)
    calls: list[Any] = []

    def make() -> str:
        calls.append(1)
        return f"<li>{len(calls)}</li>"

    return store, calls, make


def test_same_inputs_make_once_within_a_build() -> None:
    store, calls, make = store_and_calls()
    row = Row()
    first = store.get("row", (row, True, "h3"), make)
    assert store.get("row", (row, True, "h3"), make) == first
    assert store.get("row", (row, False, "h3"), make) != first  # plain parts by value
    assert len(calls) == 2


def test_objects_in_inputs_are_compared_by_identity() -> None:
    store, calls, make = store_and_calls()
    store.get("row", (Row(), True), make)
    store.get("row", (Row(), True), make)
    assert len(calls) == 2


def test_values_of_the_same_inputs_are_kept_for_the_next_build() -> None:
    store, calls, make = store_and_calls()
    row = Row()
    kept = store.get("row", (row, True), make)
    store.commit()
    assert store.get("row", (row, True), make) == kept  # same object: reused
    assert len(calls) == 1
    assert store.get("row", (Row(), True), make) != kept  # a new row object
    assert len(calls) == 2


def test_a_one_off_store_keeps_nothing_after_the_build() -> None:
    store, calls, make = store_and_calls(across_builds=False)
    row = Row()
    store.get("row", (row,), make)
    store.commit()
    store.get("row", (row,), make)
    assert len(calls) == 2


def test_a_new_world_forgets_everything() -> None:
    store, calls, make = store_and_calls()
    store.begin(("zh-CN", "/"))
    store.get("k", (), make)
    store.commit()
    store.begin(("zh-CN", "/"))
    store.get("k", (), make)
    assert len(calls) == 1
    store.commit()
    store.begin(("en", "/"))
    store.get("k", (), make)
    assert len(calls) == 2


def test_entries_not_used_by_a_build_are_dropped() -> None:
    store, calls, make = store_and_calls()
    store.get("a", (), make)
    store.get("b", (), make)
    store.commit()
    store.get("a", (), make)
    store.commit()
    assert store.size() == 1
    store.get("b", (), make)
    assert len(calls) == 3


def test_a_failed_build_keeps_the_last_good_builds_values_only() -> None:
    store, calls, make = store_and_calls()
    good = store.get("a", (), make)
    store.commit()
    store.get("b", (), make)  # made by the build that fails
    store.abort()
    assert store.get("a", (), make) == good
    store.get("b", (), make)
    assert len(calls) == 3


def test_the_limit_bounds_what_is_kept() -> None:
    store = ReuseStore(limit=2)
    for key in "abc":
        store.get(key, (), str)
    store.commit()
    assert store.size() == 0
