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
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.i18n import Translator
from generator.model import STATUS_ORDER, Commitment, Content
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
    return "".join(small[n] if 0 <= n < 4096 else _varint(n) for n in numbers)


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
    seen: set[str] = set()
    parts: list[str] = []
    for raw in searchable_fields(content, c):
        value = normalize(raw)
        if value and value not in seen:
            seen.add(value)
            parts.append(value)
    title = normalize(c.title)
    return SEPARATOR.join(parts), len(title) if parts and parts[0] == title else 0


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

    Each list starts with the last document added to it, followed by the encoded numbers.
    """

    def __init__(self) -> None:
        self.bigrams: dict[str, list[int]] = {}  # last doc, then: doc gap, nt, no, gaps…
        self.unigrams: dict[str, list[int]] = {}  # last doc, then: gap*2 + in_title
        self.chars: set[str] = set()

    def add(self, doc: int, text: str, title_len: int) -> None:
        bigrams, unigrams = grams_of(text, title_len)
        self.chars.update(unigrams)
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

    def postings(self) -> dict[str, str]:
        """Every gram's encoded postings; single characters are keys of length 1."""
        out = {gram: encode_varints(flat[1:]) for gram, flat in self.bigrams.items()}
        out.update({ch: encode_varints(flat[1:]) for ch, flat in self.unigrams.items()})
        return out


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
    t = Translator(content.site.language)

    def fmt_date(value: object) -> str:
        if value is None:
            return ""
        if content.site.language == "en":
            return value.isoformat()  # type: ignore[attr-defined]
        return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]

    commitments = content.commitments  # plans newest year first, then id; plan order within
    district_slugs = sorted(content.districts)
    district_index = {slug: i for i, slug in enumerate(district_slugs)}
    category_slugs = sorted(content.categories)
    category_index = {slug: i for i, slug in enumerate(category_slugs)}
    status_index = {s: i for i, s in enumerate(STATUS_ORDER)}

    builder = IndexBuilder()
    plans: list[list[object]] = []
    cat_status: list[int] = []
    chunks: list[dict[str, Any]] = []
    dept_docs: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    doc = 0
    for plan in content.plans:
        plan_no = len(plans)
        plans.append([district_index[plan.district], plan.year, len(plan.commitments)])
        for c in plan.commitments:
            text, title_len = document_text(content, c)
            builder.add(doc, text, title_len)
            cat_status.append(
                (category_index.get(c.category, 0) * len(STATUS_ORDER) + status_index[c.status]) * 2
                + int(c.overdue)
            )
            if doc % DOCS_PER_CHUNK == 0:
                chunks.append({"plans": {}, "rows": []})
            chunks[-1]["plans"][str(plan_no)] = [plan.id, plan.title]
            lead = "、".join(u.name for u in c.lead)
            chunks[-1]["rows"].append([c.no, c.title, lead, deadline_label(c, t, fmt_date)])
            depts = sorted({u.department for _, u in c.departments() if u.department})
            dept_docs[plan.district].append((doc, depts))
            doc += 1

    postings = builder.postings()
    total = sum(len(k.encode()) + len(v) + 6 for k, v in postings.items())
    shards = shard_count(total)
    sharded: list[dict[str, str]] = [{} for _ in range(shards)]
    for gram, encoded in postings.items():
        sharded[shard_of(gram, shards)][gram] = encoded

    present = builder.chars
    t2s = "".join(k + v for k, v in sorted(t2s_table().items()) if v in present)
    meta = {
        "version": FORMAT_VERSION,
        "shards": shards,
        "chunk": DOCS_PER_CHUNK,
        "docs": len(commitments),
        "plans": plans,
        "districts": [
            [slug, content.districts[slug].name, 1 if slug in dept_docs else 0]
            for slug in district_slugs
        ],
        "categories": [[slug, content.categories[slug].name] for slug in category_slugs],
        "statuses": [[s, t(f"status.{s}"), STATUS_ICONS[s]] for s in STATUS_ORDER],
        "overdue": [t("status.overdue"), STATUS_ICONS["overdue"]],
        "t2s": t2s,
    }
    files: dict[str, bytes] = {
        "search/meta.json": dumps(meta),
        "search/facets.json": dumps({"cs": encode_varints(cat_status)}),
    }
    width = len(str(shards - 1))
    for i, shard in enumerate(sharded):
        files[f"search/g/{i:0{width}d}.json"] = dumps(shard)
    for i, chunk in enumerate(chunks):
        files[f"search/docs/{i}.json"] = dumps(chunk)
    for slug, items in sorted(dept_docs.items()):
        names = sorted({d for _, depts in items for d in depts})
        index = {d: i for i, d in enumerate(names)}
        labels = []
        for name in names:
            dept = content.departments.get((slug, name))
            labels.append([name, dept.name if dept else name])
        numbers: list[int] = []
        last = -1
        for doc_no, depts in items:  # document gap, count, department indexes
            numbers += [doc_no - last - 1, len(depts), *(index[x] for x in depts)]
            last = doc_no
        files[f"search/dept/{slug}.json"] = dumps(
            {"depts": labels, "docs": encode_varints(numbers)}
        )
    return files
