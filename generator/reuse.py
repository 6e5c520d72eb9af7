"""One way to reuse work between builds: a keyed store of values and what they were made from.

``minsheng serve`` keeps one :class:`Builder <generator.build.Builder>` alive and builds
again after every edit. Everything it reuses from the last build goes through a
:class:`ReuseStore`:

- ``store.get(key, inputs, make)`` returns ``make()``, or the value made last time under
  ``key`` from the same ``inputs``;
- inputs are compared as **plain values by value, everything else by identity**
  (:func:`same_objects`);
- ``store.begin(world)`` starts a build; when ``world`` (settings every value depends on,
  compared by value) differs from last build's, everything kept is forgotten;
- ``store.commit()`` after a successful publish keeps what this build used (entries not
  asked for are dropped, so the store never grows beyond one build's working set, and
  ``limit`` bounds it); ``store.abort()`` after a failure forgets what this build made
  and keeps what the last successful one kept.

The invariant that makes identity comparison correct: **an unchanged input comes back as
the same object.** :class:`generator.load.YamlCache` hands back the same parsed document
while a file's stamp is unchanged; checking an unchanged document returns the same model
objects (the ``check`` store); page contexts made from the same model objects are the same
objects (the ``pages`` store); and so on down to the rendered bytes. An edited file yields
new objects, and everything made from it is made again. The output therefore never depends
on what was kept (the differential tests in ``tests/content/test_incremental.py`` and
``tests/rebuild/`` compare every kind of edit with a build from scratch).

``minsheng build --cache DIR`` (:mod:`generator.buildcache`) carries a builder's stores to
the next process by pickling them together: objects shared between stores stay one object,
so comparison by identity holds again, and files are then stamped by their bytes.

A one-off ``minsheng build`` uses stores made with ``across_builds=False``: values are
still shared within the build (a commitment's row is rendered once for all the pages that
show it), and nothing is kept after it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

PLAIN_VALUES = (str, int, float, bool, type(None))


def same_objects(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """The same objects in the same order: plain values (strings, numbers, booleans, None)
    compared by value, anything else by identity."""
    return len(a) == len(b) and all(
        x is y or (isinstance(x, PLAIN_VALUES) and x == y) for x, y in zip(a, b, strict=True)
    )


def identity_key(parts: Iterable[Any]) -> tuple[Any, ...]:
    """A hashable key for inputs that may hold unhashable objects compared by identity."""
    return tuple(x if isinstance(x, PLAIN_VALUES) else (_BY_IDENTITY, id(x)) for x in parts)


_BY_IDENTITY = object()  # marks an id() in a key, so it can never equal a number


class ReuseStore:
    """Values by key, each with the inputs it was made from; see the module docstring."""

    def __init__(self, *, across_builds: bool = True, limit: int = 1_000_000) -> None:
        self.across_builds = across_builds
        self.limit = limit
        self._world: Any = None
        self._previous: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self._current: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}

    def begin(self, world: Any = None) -> None:
        """Start a build; forget everything if ``world`` differs from the last build's."""
        if world != self._world:
            self._previous = {}
        self._world = world
        self._current = {}

    def get(self, key: Hashable, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()``, or the value made under ``key`` from the same ``inputs`` (earlier in
        this build, or in the last one)."""
        hit = self._current.get(key)
        if hit is None or not same_objects(hit[0], inputs):
            hit = self._previous.get(key)
            if hit is None or not same_objects(hit[0], inputs):
                hit = (inputs, make())
            self._current[key] = hit
        value: T = hit[1]
        return value

    def peek(self, key: Hashable, inputs: tuple[Any, ...]) -> Any:
        """The value kept under ``key`` for these ``inputs``, or None (nothing is made)."""
        for entries in (self._current, self._previous):
            hit = entries.get(key)
            if hit is not None and same_objects(hit[0], inputs):
                return hit[1]
        return None

    def put(self, key: Hashable, inputs: tuple[Any, ...], value: Any) -> None:
        """Keep ``value`` as made from ``inputs`` (for values made in bulk, not by ``get``)."""
        self._current[key] = (inputs, value)

    def commit(self) -> None:
        """The build succeeded: keep what it used, for the next one."""
        keep = self.across_builds and len(self._current) <= self.limit
        self._previous = self._current if keep else {}
        self._current = {}

    def abort(self) -> None:
        """The build failed: forget what it made, keep what the last good build kept.

        A value whose ``make()`` raised was never stored; dropping the rest of this build's
        values too means every failure is handled alike, and the next build starts from
        the last published state."""
        self._current = {}

    def size(self) -> int:
        """How many values are kept (this build's and the last one's)."""
        return len(self._previous) + len(self._current)
