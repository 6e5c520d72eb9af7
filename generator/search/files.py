"""The search files of a site: ``build(content, links) -> {path: bytes}``."""

from __future__ import annotations

import gzip
from collections import Counter, defaultdict
from functools import partial

import generator.search.postings as _postings
from generator.model import STATUS_ICONS, STATUS_ORDER, Content
from generator.reuse import ReuseStore
from generator.search.documents import BuildContext, PlanDocs, plans_read
from generator.search.encoding import dumps, encode_varints
from generator.search.normalise import t2s_pairs
from generator.search.vocabulary import pinyin_keys, spell, synonyms, vocabulary_words
from generator.urls import (
    Links,
    category_url,
    commitment_url,
    department_url,
    district_url,
    plan_url,
)

FORMAT_VERSION = 2
DOCS_PER_CHUNK = 16
# A site this small ships its whole index in meta.json: one request, then every query is
# answered without the network.
SINGLE_FILE_MAX_DOCS = 5000
SINGLE_FILE_MAX_GZIP = 250_000

# The addresses search.js links to, with {placeholders} (from the one definition in urls)
URL_PATTERNS = {
    "commitment": commitment_url("{plan}/{no}"),
    "plan": plan_url("{plan}"),
    "district": district_url("{district}"),
    "department": department_url("{district}", "{department}"),
    "category": category_url("{category}"),
}

ChunkPart = tuple[int, PlanDocs, int, int]  # plan number, its documents, the rows lo:hi


class SearchIndexer:
    """Builds the search files; keeps per-plan work so a rebuild redoes only changed plans.

    Plain reuse goes through a :class:`~generator.reuse.ReuseStore` whose world is what
    every document reads besides its plan (site language, districts, departments,
    categories): a plan's documents while it is the same object (and so are the plans its
    commitments name), a block's postings while its plans' documents are, a ``docs/`` chunk
    or ``dept/`` file while its parts are. The postings of the blocks in order are kept and
    spliced by :class:`~generator.search.postings.Postings`. The output is always the same
    bytes as a build from scratch.
    """

    def __init__(self, store: ReuseStore | None = None) -> None:
        self._store = store or ReuseStore()
        self._postings = _postings.Postings()

    def build(self, content: Content, links: Links) -> dict[str, bytes]:
        store = self._store
        store.begin(
            (content.site.language, content.districts, content.departments, content.categories)
        )
        try:
            files = self._build(content, store)
        except BaseException:
            store.abort()
            raise
        store.commit()
        return files

    def _build(self, content: Content, store: ReuseStore) -> dict[str, bytes]:
        ctx = BuildContext(content)
        by_id = content.plans_by_id
        plans: list[PlanDocs] = []
        for plan in content.plans:
            inputs = (plan, *(by_id.get(pid) for pid in sorted(plans_read(plan))))
            plans.append(store.get(("plan", plan.id), inputs, partial(PlanDocs, plan, ctx)))
        blocks = [
            store.get(("block", members), (), partial(_postings.Block, members))
            for members in _postings.partition(plans)
        ]
        shard_files = self._postings.update(blocks)
        docs = sum(block.count for block in blocks)

        district_slugs = sorted(content.districts)
        district_index = {slug: i for i, slug in enumerate(district_slugs)}
        by_district: dict[str, list[tuple[PlanDocs, int]]] = defaultdict(list)
        plan_offsets: list[int] = []
        start = 0
        for plan_docs in plans:
            plan_offsets.append(start)
            if plan_docs.count:
                by_district[plan_docs.plan.district].append((plan_docs, start))
            start += plan_docs.count
        t = ctx.t
        postings = self._postings.postings
        meta: dict[str, object] = {
            "version": FORMAT_VERSION,
            "shards": len(shard_files),
            "chunk": DOCS_PER_CHUNK,
            "docs": docs,
            # an unverified plan's row carries its year as known and the badge's text
            "plans": [
                [district_index[p.plan.district], p.plan.year, p.count]
                if p.plan.verified
                else [district_index[p.plan.district], p.plan.year, p.count, p.plan.year_label]
                for p in plans
            ],
            "unverified": t("plan.unverified"),
            "districts": [
                [slug, content.districts[slug].name, 1 if slug in by_district else 0]
                for slug in district_slugs
            ],
            "categories": [
                [slug, t.category_name(content.categories[slug])] for slug in ctx.category_index
            ],
            "statuses": [[s, t(f"status.{s}"), STATUS_ICONS[s]] for s in STATUS_ORDER],
            "overdue": [t("status.overdue"), STATUS_ICONS["overdue"]],
            # the characters present are exactly the keys of length 1 among the postings
            "t2s": "".join(k + v for k, v in t2s_pairs() if v in postings),
            "urls": URL_PATTERNS,
            "synonyms": store.get(
                ("synonyms",), tuple(plans), partial(synonyms, content, ctx.norm)
            ),
        }
        pinyin = store.get(("pinyin",), tuple(plans), partial(_pinyin, content, ctx, plans, store))
        facets = "".join(p.facets for p in plans)
        if docs <= SINGLE_FILE_MAX_DOCS:
            whole = {
                **meta,
                "single": 1,
                "g": postings,
                "cs": facets,
                "pinyin": pinyin,
                "refs": [[p.plan.id, p.plan.title] for p in plans],
                "rows": [row for p in plans for row in p.rows],
                "dept": {
                    slug: _dept_data(content, slug, tuple(by_district[slug]))
                    for slug in sorted(by_district)
                },
            }
            data = dumps(whole)
            if len(gzip.compress(data, 6)) <= SINGLE_FILE_MAX_GZIP:
                return {"search/meta.json": data}
        files: dict[str, bytes] = {
            "search/meta.json": dumps(meta),
            "search/facets.json": dumps({"cs": facets}),
            "search/pinyin.json": dumps(pinyin),
        }
        width = len(str(len(shard_files) - 1))
        for i, data in enumerate(shard_files):
            files[f"search/g/{i:0{width}d}.json"] = data
        for i, data in enumerate(_chunk_files(store, plans, plan_offsets, docs)):
            files[f"search/docs/{i}.json"] = data
        for slug in sorted(by_district):
            parts = tuple(by_district[slug])
            files[f"search/dept/{slug}.json"] = store.get(
                ("dept", slug),
                _flat(parts),
                partial(_dept_file, content, slug, parts),
            )
        return files


def _flat(parts: tuple[tuple[object, ...], ...]) -> tuple[object, ...]:
    """Key parts as one tuple of plain values and objects (the store's inputs)."""
    return tuple(x for part in parts for x in part)


def _chunk_files(
    store: ReuseStore, plans: list[PlanDocs], offsets: list[int], docs: int
) -> list[bytes]:
    """search/docs/<k>.json, each serialised again only when its plans or rows changed."""
    size = DOCS_PER_CHUNK
    keys: list[list[ChunkPart]] = [[] for _ in range((docs + size - 1) // size)]
    for plan_no, (plan, base) in enumerate(zip(plans, offsets, strict=True)):
        end = base + plan.count
        for k in range(base // size, (end + size - 1) // size if end > base else 0):
            lo, hi = max(base, k * size) - base, min(end, k * size + size) - base
            keys[k].append((plan_no, plan, lo, hi))
    return [
        store.get(("chunk", k), _flat(tuple(parts)), partial(_chunk_file, tuple(parts)))
        for k, parts in enumerate(keys)
    ]


def _chunk_file(parts: tuple[ChunkPart, ...]) -> bytes:
    return dumps(
        {
            "plans": {str(no): [p.plan.id, p.plan.title] for no, p, _, _ in parts},
            "rows": [row for _, p, lo, hi in parts for row in p.rows[lo:hi]],
        }
    )


def _pinyin(
    content: Content, ctx: BuildContext, plans: list[PlanDocs], store: ReuseStore
) -> dict[str, dict[str, list[str]]]:
    titles: Counter[str] = Counter()
    for p in plans:
        titles.update(p.title_bigrams)
    # a word's spelling depends on the word alone: kept across builds, one title edit
    # does not spell the whole vocabulary again
    return pinyin_keys(
        vocabulary_words(content, ctx.norm, titles),
        lambda word: store.get(("pinyin", word), (), partial(spell, word)),
    )


def _dept_file(content: Content, slug: str, plans: tuple[tuple[PlanDocs, int], ...]) -> bytes:
    return dumps(_dept_data(content, slug, plans))


def _dept_data(
    content: Content, slug: str, plans: tuple[tuple[PlanDocs, int], ...]
) -> dict[str, object]:
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
    return {"depts": labels, "docs": encode_varints(numbers)}
