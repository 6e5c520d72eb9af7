"""Positional bigram postings, built in blocks of plans and spliced when plans change.

Documents are numbered in plan order. Consecutive plans are grouped into *blocks* of a few
hundred documents, each indexed on its own with block-local document ids: a block's
documents are then one run in each gram's postings, and only the run's first number (the
gap from the previous run's last document) depends on anything outside the block. A gram's
postings are the concatenation of ``head + rest`` over the blocks that contain it, so a
rebuild re-indexes only the blocks whose plans changed and splices their runs in.

Blocks rather than single plans: a common gram is in nearly every plan, and one run per
plan made a full build (which assembles every run) markedly slower; with blocks it is
faster than indexing all documents at once. Block bounds follow the plan ids (a block
ends after a plan whose id hashes to 0 mod 4 once it has BLOCK_MIN_DOCS, and at
BLOCK_MAX_DOCS in any case), so adding or removing a plan moves only nearby bounds.

This is the one piece of reuse between builds that is not a plain keyed store: the
:class:`Postings` object keeps the previous build's runs and places and updates them.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from operator import attrgetter
from typing import Any

from generator.search.documents import SEPARATOR, PlanDocs
from generator.search.encoding import codes as _codes
from generator.search.encoding import dumps, encode_non_negative, gram_hash

TARGET_SHARD_BYTES = 12_000  # raw (uncompressed) posting bytes per shard, before gzip
MAX_SHARDS = 4096
BLOCK_MIN_DOCS = 64
BLOCK_MAX_DOCS = 256

BigramRun = tuple[int, int, str]
"""A block's run in one bigram's postings: its first and last block-local document, and the
encoded numbers after the first (position counts, positions, the later documents)."""
UnigramRun = tuple[int, int, int, str]
"""A block's run in one character's postings: first and last block-local document, the title
bit of the first entry, and the encoded numbers after the first."""


def shard_count(total_bytes: int) -> int:
    n = 1
    while n < MAX_SHARDS and total_bytes / n > TARGET_SHARD_BYTES:
        n *= 2
    return n


def grams_of(text: str, title_len: int) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Bigram → positions, and unigram → 1 if it occurs in the title else 0."""
    bigrams: dict[str, list[int]] = {}
    unigrams: dict[str, int] = {}
    for i in range(len(text) - 1):
        gram = text[i : i + 2]
        if SEPARATOR in gram:
            continue
        found = bigrams.get(gram)
        if found is None:
            bigrams[gram] = [i]
        else:
            found.append(i)
    for i, ch in enumerate(text):
        if ch != SEPARATOR and (i < title_len or ch not in unigrams):
            unigrams[ch] = int(i < title_len)
    return bigrams, unigrams


class IndexBuilder:
    """Accumulates postings document by document (documents in increasing id order).

    Each list starts with the last document added to it, followed by the numbers to encode.
    """

    def __init__(self) -> None:
        self.bigrams: dict[str, list[int]] = {}  # last doc, then: doc gap, nt, no, gaps…
        self.unigrams: dict[str, list[int]] = {}  # last doc, then: gap*2 + in_title

    def add(self, doc: int, text: str, title_len: int) -> None:
        bigrams, unigrams = grams_of(text, title_len)
        index = self.bigrams
        for gram, positions in bigrams.items():
            flat = index.get(gram)
            if flat is None:
                flat = index[gram] = [-1]
            gap = doc - flat[0] - 1
            flat[0] = doc
            if len(positions) == 1:
                p = positions[0]
                flat.extend((gap, 1, 0, p) if p < title_len else (gap, 0, 1, p))
                continue
            n_title = 0
            for p in positions:
                if p < title_len:
                    n_title += 1
            flat.extend((gap, n_title, len(positions) - n_title))
            last = -1
            for p in positions:
                flat.append(p - last - 1)
                last = p
        uni = self.unigrams
        for ch, in_title in unigrams.items():
            flat = uni.get(ch)
            if flat is None:
                flat = uni[ch] = [-1]
            flat.append(((doc - flat[0] - 1) << 1) | in_title)
            flat[0] = doc


class Block:
    """The postings of consecutive plans' documents, with block-local document ids."""

    __slots__ = ("bigrams", "count", "unigrams")

    def __init__(self, plans: tuple[PlanDocs, ...]) -> None:
        builder = IndexBuilder()
        doc = 0
        for plan in plans:
            for text, title_len in plan.texts:
                builder.add(doc, text, title_len)
                doc += 1
        # grams interned: the same ones recur in every block, and a serving process keeps
        # all blocks (interning the runs too would save more, at a cost to every full build)
        encode, intern = encode_non_negative, sys.intern
        self.bigrams: dict[str, BigramRun] = {
            intern(gram): (flat[1], flat[0], encode(flat[2:]))
            for gram, flat in builder.bigrams.items()
        }
        self.unigrams: dict[str, UnigramRun] = {
            intern(ch): (flat[1] >> 1, flat[0], flat[1] & 1, encode(flat[2:]))
            for ch, flat in builder.unigrams.items()
        }
        self.count = doc

    def run(self, gram: str) -> BigramRun | UnigramRun | None:
        return (self.bigrams if len(gram) == 2 else self.unigrams).get(gram)

    def grams(self) -> set[str]:
        return self.bigrams.keys() | self.unigrams.keys()


class Slot:
    """A block's place in the order. Kept when the block there is replaced by one of the same
    size, so the grams whose run did not change need no update at all."""

    __slots__ = ("block", "offset", "position")

    def __init__(self, block: Block, position: int, offset: int) -> None:
        self.block = block
        self.position = position  # index in the block order
        self.offset = offset  # global id of the block's first document


def partition(plans: list[PlanDocs]) -> list[tuple[PlanDocs, ...]]:
    """Consecutive plans grouped into blocks (see the module docstring)."""
    blocks: list[tuple[PlanDocs, ...]] = []
    current: list[PlanDocs] = []
    size = 0
    for plan in plans:
        current.append(plan)
        size += plan.count
        if size >= BLOCK_MAX_DOCS or (size >= BLOCK_MIN_DOCS and plan.cut):
            blocks.append(tuple(current))
            current, size = [], 0
    if current:
        blocks.append(tuple(current))
    return blocks


def _head(run: BigramRun | UnigramRun, base: int, prev_last: int, codes: list[str]) -> str:
    """The first number of a run whose block starts at document ``base``."""
    gap = base + run[0] - prev_last - 1
    return codes[gap] if len(run) == 3 else codes[(gap << 1) | run[2]]


class Postings:
    """Every gram's encoded postings and the shard files holding them, kept up to date.

    :meth:`update` takes this build's blocks in order; blocks that are the same objects as
    last time keep their runs, and the region between the common head and tail is spliced
    (or, when much changed, everything assembled again). Any failure forgets everything, so
    a half-applied update never reaches the next build.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._slots: list[Slot] = []  # the blocks in order, with their places
        # gram → ["", "", head, rest, head, rest, …], one head and rest per block containing it
        self._pieces: dict[str, list[Any]] = {}
        self._runs_of: dict[str, list[Slot]] = {}  # gram → the places of those blocks
        self.postings: dict[str, str] = {}
        self._total = 0  # the raw size shard_count() is computed from
        self._shards: list[dict[str, str]] = []
        self._shard_files: list[bytes] = []

    @property
    def shards(self) -> int:
        return shard_count(self._total)

    def update(self, blocks: list[Block]) -> list[bytes]:
        """The postings of ``blocks`` in order; returns the shard files (search/g/<i>.json)."""
        try:
            return self._update(blocks)
        except BaseException:
            self.reset()
            raise

    def _update(self, blocks: list[Block]) -> list[bytes]:
        docs = sum(block.count for block in blocks)
        # the blocks that differ from the previous build: one region between a common head
        # and a common tail
        previous = [slot.block for slot in self._slots]
        lo, hi = 0, min(len(previous), len(blocks))
        while lo < hi and previous[lo] is blocks[lo]:
            lo += 1
        tail = 0
        while tail < hi - lo and previous[-1 - tail] is blocks[-1 - tail]:
            tail += 1
        changed = max(len(previous), len(blocks)) - lo - tail
        dirty: set[str] | None = None
        if not previous or changed > max(2, len(blocks) // 4):
            self._assemble(blocks, docs)
        elif changed:
            dirty = self._splice(blocks, docs, lo, tail)
        else:
            dirty = set()
        return self._shard_files_for(dirty)

    def _assemble(self, blocks: list[Block], docs: int) -> None:
        """Every gram's postings from the blocks' runs, in one pass."""
        codes = _codes(2 * docs + 1)
        slots = []
        # while assembling, a gram's first slot holds the global id of its last document so
        # far and the second the places of the blocks containing it
        pieces: dict[str, list[Any]] = {}
        get = pieces.get
        base = 0
        for k, block in enumerate(blocks):
            slot = Slot(block, k, base)
            slots.append(slot)
            for gram, (first, last, rest) in block.bigrams.items():
                p = get(gram)
                if p is None:
                    pieces[gram] = [base + last, [slot], codes[base + first], rest]
                else:
                    p += (codes[base + first - p[0] - 1], rest)
                    p[0] = base + last
                    p[1].append(slot)
            for ch, (first, last, bit, rest) in block.unigrams.items():
                p = get(ch)
                if p is None:
                    pieces[ch] = [base + last, [slot], codes[((base + first) << 1) | bit], rest]
                else:
                    p += (codes[((base + first - p[0] - 1) << 1) | bit], rest)
                    p[0] = base + last
                    p[1].append(slot)
            base += block.count
        postings: dict[str, str] = {}
        runs_of: dict[str, list[Slot]] = {}
        total = 0
        for gram, p in pieces.items():
            runs_of[gram] = p[1]
            p[0] = p[1] = ""
            postings[gram] = value = "".join(p)
            total += len(gram.encode()) + len(value) + 6
        self._slots = slots
        self._pieces, self._runs_of, self.postings = pieces, runs_of, postings
        self._total = total

    def _splice(self, blocks: list[Block], docs: int, lo: int, tail: int) -> set[str]:
        """Put the runs of the new blocks ``lo`` to ``len - tail`` in place of those of the
        previous build's blocks there; the grams whose postings changed."""
        slots = self._slots
        old_hi, new_hi = len(slots) - tail, len(blocks) - tail
        region = slots[lo:old_hi]
        added = blocks[lo:new_hi]
        names, placed = self._replace_region(slots, region, added, lo, old_hi)
        codes = _codes(2 * docs + 1)
        for gram in names:
            self._respell(gram, placed, lo, old_hi, codes)
        slots[lo:old_hi] = placed
        for k in range(lo, len(slots)):
            slots[k].position = k
        return self._store(names)

    def _replace_region(
        self, slots: list[Slot], region: list[Slot], added: list[Block], lo: int, old_hi: int
    ) -> tuple[set[str], list[Slot]]:
        """The grams that may change, and the new blocks in their places."""
        names: set[str] = set()
        if len(region) == len(added) and all(
            s.block.count == b.count for s, b in zip(region, added, strict=True)
        ):
            # same places, same sizes: only grams whose run differs change
            for slot, block in zip(region, added, strict=True):
                for old, new in (
                    (slot.block.bigrams, block.bigrams),
                    (slot.block.unigrams, block.unigrams),
                ):
                    names.update(g for g in old.keys() | new.keys() if old.get(g) != new.get(g))
                slot.block = block
            return names, region
        for slot in region:
            names |= slot.block.grams()
        start = slots[lo].offset if lo < len(slots) else sum(s.block.count for s in slots)
        placed = []
        for block in added:
            placed.append(Slot(block, -1, start))
            start += block.count
            names |= block.grams()
        if sum(s.block.count for s in region) != sum(b.count for b in added):
            names |= self._pieces.keys()  # the later blocks move: every next run changes
        for slot in slots[old_hi:]:
            slot.offset = start
            start += slot.block.count
        return names, placed

    def _respell(
        self, gram: str, placed: list[Slot], lo: int, old_hi: int, codes: list[str]
    ) -> None:
        """Replace the gram's runs from the previous build's places ``lo``–``old_hi`` by those
        of the placed blocks, and the head of the run after them."""
        pieces, runs_of = self._pieces, self._runs_of
        p = pieces.get(gram)
        if p is None:
            p = pieces[gram] = ["", ""]
            ks = runs_of[gram] = []
        else:
            ks = runs_of[gram]
        # ks lists the previous build's places: those of the region are ks[j0:j1]
        position = attrgetter("position")
        j0 = bisect_left(ks, lo, key=position)
        j1 = bisect_left(ks, old_hi, lo=j0, key=position)
        prev_last = _last_of(gram, ks, j0 - 1)
        new_slots: list[Slot] = []
        new_pieces: list[str] = []
        for slot in placed:
            run = slot.block.run(gram)
            if run is not None:
                new_pieces += (_head(run, slot.offset, prev_last, codes), run[-1])
                prev_last = slot.offset + run[1]
                new_slots.append(slot)
        ks[j0:j1] = new_slots
        p[2 + 2 * j0 : 2 + 2 * j1] = new_pieces
        j = j0 + len(new_slots)
        if j < len(ks):
            slot = ks[j]
            run = slot.block.run(gram)
            assert run is not None
            p[2 + 2 * j] = _head(run, slot.offset, prev_last, codes)

    def _store(self, names: set[str]) -> set[str]:
        """Join the changed grams' pieces into postings; the grams whose postings differ."""
        pieces, runs_of, postings = self._pieces, self._runs_of, self.postings
        dirty: set[str] = set()
        total = self._total
        for gram in names:
            p = pieces[gram]
            before = postings.get(gram)
            after = "".join(p) if len(p) > 2 else None
            if after is None:
                del pieces[gram], runs_of[gram]
            if after == before:
                continue
            dirty.add(gram)
            size = len(gram.encode()) + 6
            if before is not None:
                total -= size + len(before)
            if after is None:
                del postings[gram]
            else:
                total += size + len(after)
                postings[gram] = after
        self._total = total
        return dirty

    def _shard_files_for(self, dirty: set[str] | None) -> list[bytes]:
        """search/g/<i>.json; after a splice that keeps the shard count, only the shards of
        the changed grams are serialised again."""
        shards = shard_count(self._total)
        postings = self.postings
        if dirty is None or shards != len(self._shards):
            sharded: list[dict[str, str]] = [{} for _ in range(shards)]
            for gram, encoded in postings.items():
                sharded[gram_hash(gram) % shards][gram] = encoded
            self._shards = sharded
            self._shard_files = [dumps(shard) for shard in sharded]
            return self._shard_files
        redo: set[int] = set()
        for gram in dirty:
            i = gram_hash(gram) % shards
            value = postings.get(gram)
            if value is None:
                del self._shards[i][gram]
            else:
                self._shards[i][gram] = value
            redo.add(i)
        for i in redo:
            self._shard_files[i] = dumps(self._shards[i])
        return self._shard_files


def _last_of(gram: str, ks: list[Slot], j: int) -> int:
    """The global id of the last document of the gram's j-th run, -1 before the first."""
    if j < 0:
        return -1
    slot = ks[j]
    run = slot.block.run(gram)
    assert run is not None
    return slot.offset + run[1]
