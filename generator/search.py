"""The static search index: a positional character-bigram index in shards, built from the model.

Design and file formats are documented in ``docs/search.md``. In short:

- every commitment is one *document*; its searchable text is the normalised form
  (:func:`normalize`) of its title, text, section, category name, lead and supporting units
  (as written and canonical), plan title and district name, joined by ``"\\n"``, title first;
- every character bigram of that text is indexed with its positions, so a query of any length
  is matched exactly (adjacent positions of the bigrams that cover it), with no false
  positives and nothing missed; single characters have their own document-level postings;
- postings are split into shards by a stable hash of the gram (FNV-1a over code points), so a
  query fetches only the shards of its own grams;
- ``search/meta.json`` holds the tables for facets and result rows (plans, districts,
  categories, per-document category and status); ``search/docs/<k>.json`` holds display rows
  for 16 documents each; ``search/dept/<district>.json`` holds the department lists of one
  district's documents for the department facet.

Everything is sorted and free of timestamps: the same content gives the same bytes.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from generator.i18n import Translator
from generator.model import STATUS_ORDER, Commitment, Content, Plan
from generator.render import STATUS_ICONS, Links

FORMAT_VERSION = 1
DOCS_PER_CHUNK = 16
TARGET_SHARD_BYTES = 12_000  # raw (uncompressed) posting bytes per shard, before gzip
MAX_SHARDS = 4096
SEPARATOR = "\n"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64_INDEX = {ch: i for i, ch in enumerate(B64)}
_SPACE = re.compile(r"\s+")


# --- normalisation -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional → Simplified, one character to one character, from OpenCC's dictionary.

    Only single-character entries are used (the first candidate), so the mapping never changes
    a string's length and needs no context; empty when ``opencc`` is not installed.
    """
    try:
        import opencc
    except ImportError:
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        trad, simp = parts[0], parts[1].split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[trad] = simp
    # resolve chains (a → b → c) so that applying the table once is idempotent
    for key in sorted(table):
        seen = {key}
        value = table[key]
        while value in table and value not in seen:
            seen.add(value)
            value = table[value]
        table[key] = value
    return {k: v for k, v in table.items() if k != v}


def fold_char_table() -> dict[int, str]:
    return {ord(k): v for k, v in t2s_table().items()}


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return fold_char_table()


def normalize(text: str) -> str:
    """The form text is indexed and queries are matched in.

    NFKC (full-width → half-width and compatibility forms), lower case, Traditional →
    Simplified per character, all whitespace removed. The client applies the same steps.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate(_translation())
    return _SPACE.sub("", folded)


# --- compact integer encoding --------------------------------------------------------------


def _varint(n: int) -> str:
    if n < 0:
        raise ValueError(f"cannot encode negative number {n}")
    out: list[str] = []
    while n >= 32:
        out.append(B64[32 | (n & 31)])
        n >>= 5
    out.append(B64[n])
    return "".join(out)


_SMALL = tuple(_varint(n) for n in range(4096))


def encode_varints(numbers: Iterable[int]) -> str:
    """Non-negative integers as base64url characters: 5 data bits each, bit 6 = more follows."""
    small = _SMALL
    return "".join([small[n] if 0 <= n < 4096 else _varint(n) for n in numbers])


def decode_varints(text: str) -> list[int]:
    out: list[int] = []
    value = shift = 0
    for ch in text:
        digit = _B64_INDEX[ch]
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            out.append(value)
            value = shift = 0
    if shift:
        raise ValueError("truncated varint sequence")
    return out


def gram_hash(gram: str) -> int:
    """32-bit FNV-1a over the gram's code points (the client computes the same)."""
    h = 0x811C9DC5
    for ch in gram:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(gram: str, shards: int) -> int:
    return gram_hash(gram) % shards


# --- documents -----------------------------------------------------------------------------


def searchable_fields(content: Content, c: Commitment) -> list[str]:
    """The fields a commitment is found by, as written, title first."""
    plan = content.plan_of(c)
    district = content.districts[plan.district]
    fields = [c.title, c.text, c.section or ""]
    category = content.categories.get(c.category)
    if category is not None:
        fields.append(category.name)
    for _, unit in c.departments():
        fields.append(unit.name)
        if unit.department is not None:
            dept = content.departments.get((plan.district, unit.department))
            if dept is not None:
                fields.append(dept.name)
    fields.extend([plan.title, district.name, district.full_name])
    return fields


def document_text(content: Content, c: Commitment) -> tuple[str, int]:
    """The normalised searchable text of a commitment and the length of its title part."""
    return _document_text(content, c, normalize)


def _document_text(content: Content, c: Commitment, norm: Callable[[str], str]) -> tuple[str, int]:
    seen: set[str] = set()
    parts: list[str] = []
    for raw in searchable_fields(content, c):
        value = norm(raw)
        if value and value not in seen:
            seen.add(value)
            parts.append(value)
    title = norm(c.title)
    return SEPARATOR.join(parts), len(title) if parts and parts[0] == title else 0


class _Normalizer(dict[str, str]):
    """normalize() memoised: plan titles, district, category and unit names repeat per document."""

    def __missing__(self, raw: str) -> str:
        value = self[raw] = normalize(raw)
        return value


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


def shard_count(total_bytes: int) -> int:
    n = 1
    while n < MAX_SHARDS and total_bytes / n > TARGET_SHARD_BYTES:
        n *= 2
    return n


def decode_bigram_postings(encoded: str) -> dict[int, tuple[list[int], int]]:
    """doc → (positions, how many of them are in the title) — the client's reading, for tests."""
    numbers = decode_varints(encoded)
    out: dict[int, tuple[list[int], int]] = {}
    i, doc = 0, -1
    while i < len(numbers):
        doc += numbers[i] + 1
        n_title, n_other = numbers[i + 1], numbers[i + 2]
        i += 3
        positions, last = [], -1
        for _ in range(n_title + n_other):
            last += numbers[i] + 1
            positions.append(last)
            i += 1
        out[doc] = (positions, n_title)
    return out


def decode_unigram_postings(encoded: str) -> dict[int, bool]:
    out: dict[int, bool] = {}
    doc = -1
    for n in decode_varints(encoded):
        doc += (n >> 1) + 1
        out[doc] = bool(n & 1)
    return out


# --- output --------------------------------------------------------------------------------


def dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def deadline_label(c: Commitment, t: Translator, fmt_date: Callable[..., str]) -> str:
    if c.deadline_text:
        return c.deadline_text + (f"（{fmt_date(c.deadline)}）" if c.deadline else "")
    if c.deadline:
        return fmt_date(c.deadline)
    return t("field.no_deadline")


def build_search_files(content: Content, links: Links) -> dict[str, bytes]:
    return SearchIndexer().build(content, links)


# --- building, incrementally ---------------------------------------------------------------
#
# Documents are numbered in plan order. Consecutive plans are grouped into *blocks* of a few
# hundred documents, each indexed on its own with block-local document ids: a block's
# documents are then one run in each gram's postings, and only the run's first number (the
# gap from the previous run's last document) depends on anything outside the block. A gram's
# postings are the concatenation of ``head + rest`` over the blocks that contain it, so a
# rebuild re-indexes only the blocks whose plans changed and splices their runs in.
#
# Blocks rather than single plans: a common gram is in nearly every plan, and one run per
# plan made a full build (which assembles every run) markedly slower; with blocks it is
# faster than indexing all documents at once. Block bounds follow the plan ids (a block
# ends after a plan whose id hashes to 0 mod 4 once it has BLOCK_MIN_DOCS, and at
# BLOCK_MAX_DOCS in any case), so adding or removing a plan moves only nearby bounds.

BLOCK_MIN_DOCS = 64
BLOCK_MAX_DOCS = 256

BigramRun = tuple[int, int, str]
"""A block's run in one bigram's postings: its first and last block-local document, and the
encoded numbers after the first (position counts, positions, the later documents)."""
UnigramRun = tuple[int, int, int, str]
"""A block's run in one character's postings: first and last block-local document, the title
bit of the first entry, and the encoded numbers after the first."""

_CODES = list(_SMALL)  # encode_varints([n]) for every n < len(_CODES), grown on demand


def _codes(upto: int) -> list[str]:
    """The table of single-number encodings, long enough to index with any n <= upto."""
    if len(_CODES) <= upto:
        _CODES.extend(_varint(n) for n in range(len(_CODES), upto + 1))
    return _CODES


def _encode_non_negative(numbers: list[int]) -> str:
    """encode_varints for numbers known not to be negative (a list comprehension over the
    table is about three times as fast as the checked generator)."""
    small = _SMALL
    try:
        return "".join([small[n] for n in numbers])
    except IndexError:
        return encode_varints(numbers)


@lru_cache(maxsize=1)
def _t2s_pairs() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(t2s_table().items()))


class _Context:
    """What a plan's documents read besides the plan itself, for one build."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.t = Translator(content.site.language)
        self.english = content.site.language == "en"
        self.category_index = {slug: i for i, slug in enumerate(sorted(content.categories))}
        self.status_index = {s: i for i, s in enumerate(STATUS_ORDER)}
        self.norm = _Normalizer().__getitem__

    def fmt_date(self, value: object) -> str:
        if value is None:
            return ""
        if self.english:
            return value.isoformat()  # type: ignore[attr-defined]
        return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]


class _PlanDocs:
    """One plan's documents: searchable texts, result rows, facet numbers, department lists.

    Compared and hashed by identity: a key holding one matches only while it is reused.
    """

    __slots__ = ("count", "cut", "depts", "facets", "own", "plan", "rows", "texts")

    def __init__(self, plan: Plan, ctx: _Context) -> None:
        content = ctx.content
        statuses = len(STATUS_ORDER)
        category_index, status_index = ctx.category_index, ctx.status_index
        texts: list[tuple[str, int]] = []
        cat_status: list[int] = []
        rows: list[list[object]] = []
        depts: list[list[str]] = []
        by_id = content.plans_by_id
        own = True
        for c in plan.commitments:
            # a document reads its plan through plans_by_id: a plan whose commitments resolve
            # to another plan depends on that one too, and is not reused
            own = own and by_id.get(c.plan) is plan
            texts.append(_document_text(content, c, ctx.norm))
            cat_status.append(
                (category_index.get(c.category, 0) * statuses + status_index[c.status]) * 2
                + int(c.overdue)
            )
            lead = "、".join(u.name for u in c.lead)
            rows.append([c.no, c.title, lead, deadline_label(c, ctx.t, ctx.fmt_date)])
            depts.append(sorted({u.department for _, u in c.departments() if u.department}))
        self.plan = plan
        self.count = len(texts)
        self.texts = texts
        self.facets = _encode_non_negative(cat_status)
        self.rows = rows
        self.depts = depts
        self.own = own
        self.cut = zlib.crc32(plan.id.encode()) & 3 == 0


class _Block:
    """The postings of consecutive plans' documents, with block-local document ids."""

    __slots__ = ("bigrams", "count", "unigrams")

    def __init__(self, plans: tuple[_PlanDocs, ...]) -> None:
        builder = IndexBuilder()
        doc = 0
        for plan in plans:
            for text, title_len in plan.texts:
                builder.add(doc, text, title_len)
                doc += 1
        # grams interned: the same ones recur in every block, and a serving process keeps
        # all blocks (interning the runs too would save more, at a cost to every full build)
        encode, intern = _encode_non_negative, sys.intern
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


class _Slot:
    """A block's place in the order. Kept when the block there is replaced by one of the same
    size, so the grams whose run did not change need no update at all."""

    __slots__ = ("block", "offset", "position")

    def __init__(self, block: _Block, position: int, offset: int) -> None:
        self.block = block
        self.position = position  # index in the block order
        self.offset = offset  # global id of the block's first document


def _partition(plans: list[_PlanDocs]) -> list[tuple[_PlanDocs, ...]]:
    blocks: list[tuple[_PlanDocs, ...]] = []
    current: list[_PlanDocs] = []
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


class SearchIndexer:
    """Builds the search files; keeps per-plan work so a rebuild redoes only changed plans.

    A plan's documents are reused while it is the same object (the Builder hands unchanged
    plans over as the very objects of the previous build) and everything else documents
    read (site language, districts, departments, categories) compares equal. Only the
    blocks holding changed plans are indexed again and spliced into the postings; only the
    shards, document chunks and department files whose input changed are serialised again.
    The output is always the same bytes as a build from scratch.
    """

    def __init__(self) -> None:
        self._hashes: dict[str, int] = {}
        self._reset()

    def _reset(self) -> None:
        self._context: tuple[object, ...] | None = None
        self._plans: list[_PlanDocs] = []
        self._block_of: dict[tuple[_PlanDocs, ...], _Block] = {}
        self._slots: list[_Slot] = []  # the blocks in order, with their places
        # gram → ["", "", head, rest, head, rest, …], one head and rest per block containing it
        self._pieces: dict[str, list[Any]] = {}
        self._runs_of: dict[str, list[_Slot]] = {}  # gram → the places of those blocks
        self._postings: dict[str, str] = {}
        self._total = 0  # the raw size shard_count() is computed from
        self._shards: list[dict[str, str]] = []
        self._shard_files: list[bytes] = []
        self._chunks: list[tuple[tuple[tuple[int, _PlanDocs, int, int], ...], bytes]] = []
        self._depts: dict[str, tuple[tuple[tuple[_PlanDocs, int], ...], bytes]] = {}

    def build(self, content: Content, links: Links) -> dict[str, bytes]:
        try:
            return self._build(content)
        except BaseException:
            # a half-applied update must not reach the next build
            self._reset()
            raise

    def _build(self, content: Content) -> dict[str, bytes]:
        key = (content.site.language, content.districts, content.departments, content.categories)
        if key != self._context:
            self._reset()
            self._context = key
        ctx = _Context(content)
        reusable = {id(p.plan): p for p in self._plans if p.own}
        by_id = content.plans_by_id
        plans: list[_PlanDocs] = []
        for plan in content.plans:
            found = reusable.pop(id(plan), None)  # once: a plan listed twice gets two
            if found is None or found.plan is not plan or by_id.get(plan.id) is not plan:
                found = _PlanDocs(plan, ctx)
            plans.append(found)
        self._plans = plans

        block_of: dict[tuple[_PlanDocs, ...], _Block] = {}
        blocks: list[_Block] = []
        for members in _partition(plans):
            block = self._block_of.get(members)
            if block is None:
                block = _Block(members)
            block_of[members] = block
            blocks.append(block)
        self._block_of = block_of
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

        t = ctx.t
        district_slugs = sorted(content.districts)
        district_index = {slug: i for i, slug in enumerate(district_slugs)}
        by_district: dict[str, list[tuple[_PlanDocs, int]]] = defaultdict(list)
        plan_offsets: list[int] = []
        start = 0
        for plan_docs in plans:
            plan_offsets.append(start)
            if plan_docs.count:
                by_district[plan_docs.plan.district].append((plan_docs, start))
            start += plan_docs.count
        postings = self._postings
        meta = {
            "version": FORMAT_VERSION,
            "shards": shard_count(self._total),
            "chunk": DOCS_PER_CHUNK,
            "docs": docs,
            "plans": [[district_index[p.plan.district], p.plan.year, p.count] for p in plans],
            "districts": [
                [slug, content.districts[slug].name, 1 if slug in by_district else 0]
                for slug in district_slugs
            ],
            "categories": [[slug, content.categories[slug].name] for slug in ctx.category_index],
            "statuses": [[s, t(f"status.{s}"), STATUS_ICONS[s]] for s in STATUS_ORDER],
            "overdue": [t("status.overdue"), STATUS_ICONS["overdue"]],
            # the characters present are exactly the keys of length 1 among the postings
            "t2s": "".join(k + v for k, v in _t2s_pairs() if v in postings),
        }
        files: dict[str, bytes] = {
            "search/meta.json": dumps(meta),
            "search/facets.json": dumps({"cs": "".join(p.facets for p in plans)}),
        }
        shard_files = self._shard_files_for(dirty)
        width = len(str(len(shard_files) - 1))
        for i, data in enumerate(shard_files):
            files[f"search/g/{i:0{width}d}.json"] = data
        for i, data in enumerate(self._chunk_files(plans, plan_offsets, docs)):
            files[f"search/docs/{i}.json"] = data
        for slug, data in self._dept_files(content, by_district):
            files[f"search/dept/{slug}.json"] = data
        return files

    # --- postings ----------------------------------------------------------------------------

    def _assemble(self, blocks: list[_Block], docs: int) -> None:
        """Every gram's postings from the blocks' runs, in one pass."""
        codes = _codes(2 * docs + 1)
        slots = []
        # while assembling, a gram's first slot holds the global id of its last document so
        # far and the second the places of the blocks containing it
        pieces: dict[str, list[Any]] = {}
        get = pieces.get
        base = 0
        for k, block in enumerate(blocks):
            slot = _Slot(block, k, base)
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
        runs_of: dict[str, list[_Slot]] = {}
        total = 0
        for gram, p in pieces.items():
            runs_of[gram] = p[1]
            p[0] = p[1] = ""
            postings[gram] = value = "".join(p)
            total += len(gram.encode()) + len(value) + 6
        self._slots = slots
        self._pieces, self._runs_of, self._postings = pieces, runs_of, postings
        self._total = total

    def _splice(self, blocks: list[_Block], docs: int, lo: int, tail: int) -> set[str]:
        """Put the runs of the new blocks ``lo`` to ``len - tail`` in place of those of the
        previous build's blocks there; the grams whose postings changed."""
        slots = self._slots
        old_hi, new_hi = len(slots) - tail, len(blocks) - tail
        region = slots[lo:old_hi]
        added = blocks[lo:new_hi]
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
            placed = region
        else:
            for slot in region:
                names |= slot.block.grams()
            start = slots[lo].offset if lo < len(slots) else sum(s.block.count for s in slots)
            placed = []
            for block in added:
                placed.append(_Slot(block, -1, start))
                start += block.count
                names |= block.grams()
            if sum(s.block.count for s in region) != sum(b.count for b in added):
                names |= self._pieces.keys()  # the later blocks move: every next run changes
            for slot in slots[old_hi:]:
                slot.offset = start
                start += slot.block.count
        codes = _codes(2 * docs + 1)
        pieces, runs_of = self._pieces, self._runs_of
        position = attrgetter("position")  # still the previous build's places

        def last_of(gram: str, ks: list[_Slot], j: int) -> int:
            """The global id of the last document of the gram's j-th run, -1 before the first."""
            if j < 0:
                return -1
            slot = ks[j]
            run = slot.block.run(gram)
            assert run is not None
            return slot.offset + run[1]

        for gram in names:
            p = pieces.get(gram)
            if p is None:
                p = pieces[gram] = ["", ""]
                ks = runs_of[gram] = []
            else:
                ks = runs_of[gram]
            # ks lists the previous build's places: those of the region are ks[j0:j1]
            j0 = bisect_left(ks, lo, key=position)
            j1 = bisect_left(ks, old_hi, lo=j0, key=position)
            prev_last = last_of(gram, ks, j0 - 1)
            new_slots: list[_Slot] = []
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
        slots[lo:old_hi] = placed
        for k in range(lo, len(slots)):
            slots[k].position = k

        postings = self._postings
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

    # --- files -------------------------------------------------------------------------------

    def _hash(self, gram: str) -> int:
        h = self._hashes.get(gram)
        if h is None:
            h = self._hashes[gram] = gram_hash(gram)
        return h

    def _shard_files_for(self, dirty: set[str] | None) -> list[bytes]:
        """search/g/<i>.json; after a splice that keeps the shard count, only the shards of
        the changed grams are serialised again."""
        shards = shard_count(self._total)
        postings = self._postings
        if dirty is None or shards != len(self._shards):
            sharded: list[dict[str, str]] = [{} for _ in range(shards)]
            for gram, encoded in postings.items():
                sharded[self._hash(gram) % shards][gram] = encoded
            self._shards = sharded
            self._shard_files = [dumps(shard) for shard in sharded]
            return self._shard_files
        redo: set[int] = set()
        for gram in dirty:
            i = self._hash(gram) % shards
            value = postings.get(gram)
            if value is None:
                del self._shards[i][gram]
            else:
                self._shards[i][gram] = value
            redo.add(i)
        for i in redo:
            self._shard_files[i] = dumps(self._shards[i])
        return self._shard_files

    def _chunk_files(self, plans: list[_PlanDocs], offsets: list[int], docs: int) -> list[bytes]:
        """search/docs/<k>.json, each serialised again only when its plans or rows changed."""
        size = DOCS_PER_CHUNK
        keys: list[list[tuple[int, _PlanDocs, int, int]]] = [
            [] for _ in range((docs + size - 1) // size)
        ]
        for plan_no, (plan, base) in enumerate(zip(plans, offsets, strict=True)):
            end = base + plan.count
            for k in range(base // size, (end + size - 1) // size if end > base else 0):
                lo, hi = max(base, k * size) - base, min(end, k * size + size) - base
                keys[k].append((plan_no, plan, lo, hi))
        previous = self._chunks
        chunks: list[tuple[tuple[tuple[int, _PlanDocs, int, int], ...], bytes]] = []
        for k, parts in enumerate(keys):
            key = tuple(parts)
            if k < len(previous) and previous[k][0] == key:
                chunks.append(previous[k])
                continue
            chunk = {
                "plans": {str(no): [p.plan.id, p.plan.title] for no, p, _, _ in key},
                "rows": [row for _, p, lo, hi in key for row in p.rows[lo:hi]],
            }
            chunks.append((key, dumps(chunk)))
        self._chunks = chunks
        return [data for _, data in chunks]

    def _dept_files(
        self, content: Content, by_district: dict[str, list[tuple[_PlanDocs, int]]]
    ) -> list[tuple[str, bytes]]:
        """search/dept/<district>.json, each serialised again only when its plans changed."""
        previous = self._depts
        cache: dict[str, tuple[tuple[tuple[_PlanDocs, int], ...], bytes]] = {}
        out: list[tuple[str, bytes]] = []
        for slug in sorted(by_district):
            key = tuple(by_district[slug])
            found = previous.get(slug)
            if found is None or found[0] != key:
                found = (key, _dept_file(content, slug, key))
            cache[slug] = found
            out.append((slug, found[1]))
        self._depts = cache
        return out


def _dept_file(content: Content, slug: str, plans: tuple[tuple[_PlanDocs, int], ...]) -> bytes:
    names = sorted({d for plan, _ in plans for depts in plan.depts for d in depts})
    index = {d: i for i, d in enumerate(names)}
    labels = []
    for name in names:
        dept = content.departments.get((slug, name))
        labels.append([name, dept.name if dept else name])
    numbers: list[int] = []
    last = -1
    for plan, base in plans:  # document gap, count, department indexes
        doc = base
        for depts in plan.depts:
            numbers += (doc - last - 1, len(depts))
            for name in depts:
                numbers.append(index[name])
            last = doc
            doc += 1
    return dumps({"depts": labels, "docs": encode_varints(numbers)})
