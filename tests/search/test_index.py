"""The index format: integer encoding, shard assignment, exactness of positional postings,
and byte-for-byte determinism."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from generator.search import SearchIndexer, encoding, normalise, postings
from generator.search import files as search_files
from generator.urls import Links
from generator.validate import load_content
from tests.conftest import FIXTURE_CONTENT, ROOT
from tests.search.decode import decode_bigram_postings, decode_unigram_postings, decode_varints
from tests.search.truth import Truth

QUERIES = [
    "幸福食堂",
    "食堂",
    "就业",
    "区民政局",
    "民政",
    "900",
    "0.8万",
    "新建",
    "養老",
    "堂",
    "不存在的词",
    "新建 食堂",
    "东区 学位",
    "Ｅｘａｍｐｌｅ",
]


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    return load_content(FIXTURE_CONTENT).content


@pytest.fixture(scope="module")
def files(content) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return SearchIndexer().build(content, Links("https://example.org/minsheng/"))


@pytest.fixture
def sharded(content, monkeypatch) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """The fixture site's index laid out as a large site's: shards, chunks, facets."""
    monkeypatch.setattr(search_files, "SINGLE_FILE_MAX_DOCS", 0)
    return SearchIndexer().build(content, Links("https://example.org/minsheng/"))


def test_a_small_site_ships_one_index_file(files: dict[str, bytes], content) -> None:  # type: ignore[no-untyped-def]
    assert list(files) == ["search/meta.json"]
    meta = json.loads(files["search/meta.json"])
    assert meta["single"] == 1 and len(meta["rows"]) == meta["docs"] == len(content.commitments)


def test_a_large_site_ships_shards_chunks_and_facets(sharded: dict[str, bytes]) -> None:
    meta = json.loads(sharded["search/meta.json"])
    assert "single" not in meta and "g" not in meta
    names = {p.split("/")[1] for p in sharded}
    assert names == {"meta.json", "facets.json", "pinyin.json", "g", "docs", "dept"}


def test_varints_round_trip_across_digit_boundaries() -> None:
    numbers = [0, 1, 31, 32, 33, 1023, 1024, 4095, 4096, 32767, 32768, 2**31 - 1, 2**40]
    encoded = encoding.encode_varints(numbers)
    assert decode_varints(encoded) == numbers
    assert encoding.encode_varints([31]) == "f" and encoding.encode_varints([32]) == "gB"
    with pytest.raises(ValueError):
        encoding.encode_varints([-1])
    with pytest.raises(ValueError):
        decode_varints("g")  # a continuation digit with nothing after it


def test_gram_hash_is_fnv1a_32() -> None:
    # published FNV-1a test vectors
    assert encoding.gram_hash("") == 0x811C9DC5
    assert encoding.gram_hash("a") == 0xE40C292C
    assert encoding.gram_hash("foobar") == 0xBF9CF968


def test_shard_count_grows_in_powers_of_two() -> None:
    target = postings.TARGET_SHARD_BYTES
    assert postings.shard_count(0) == 1
    assert postings.shard_count(target) == 1
    assert postings.shard_count(target + 1) == 2
    assert postings.shard_count(target * 4 + 1) == 8
    assert postings.shard_count(10**12) == postings.MAX_SHARDS


def test_normalize_folds_width_case_traditional_and_spaces() -> None:
    assert normalise.normalize("ＡＢＣ１２３") == "abc123"
    assert normalise.normalize("城镇新增就业 0.8\u3000万人") == "城镇新增就业0.8万人"
    assert normalise.normalize("養老服務") == "养老服务"


def shards_of(files: dict[str, bytes]) -> dict[str, dict[str, str]]:
    meta = json.loads(files["search/meta.json"])
    if meta.get("single"):
        return {"search/meta.json": meta["g"]}
    return {path: json.loads(data) for path, data in files.items() if path.startswith("search/g/")}


def test_every_gram_is_in_the_shard_its_hash_names(sharded: dict[str, bytes]) -> None:
    files = sharded
    meta = json.loads(files["search/meta.json"])
    shards = shards_of(files)
    assert len(shards) == meta["shards"]
    width = len(str(meta["shards"] - 1))
    seen: set[str] = set()
    for path, shard in shards.items():
        for gram in shard:
            assert gram not in seen
            seen.add(gram)
            assert path == f"search/g/{encoding.gram_hash(gram) % meta['shards']:0{width}d}.json"


def test_small_shards_split_the_same_postings(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    whole = SearchIndexer().build(content, Links("/"))
    monkeypatch.setattr(search_files, "SINGLE_FILE_MAX_DOCS", 0)
    monkeypatch.setattr(postings, "TARGET_SHARD_BYTES", 200)
    split = SearchIndexer().build(content, Links("/"))
    assert json.loads(split["search/meta.json"])["shards"] > 1
    merged_whole = {k: v for s in shards_of(whole).values() for k, v in s.items()}
    merged_split = {k: v for s in shards_of(split).values() for k, v in s.items()}
    assert merged_split == merged_whole


def lookup(files: dict[str, bytes], q: str) -> set[str]:
    """The client's algorithm in Python, reading only the built files."""
    meta = json.loads(files["search/meta.json"])
    gram_index = {k: v for s in shards_of(files).values() for k, v in s.items()}
    docs_ids: list[str] = []
    plan_ids: dict[str, str] = {}
    if meta.get("single"):
        plan_ids = {str(i): ref[0] for i, ref in enumerate(meta["refs"])}
        docs_ids = [row[0] for row in meta["rows"]]
    for i in range(0, meta["docs"] if not meta.get("single") else 0, meta["chunk"]):
        chunk = json.loads(files[f"search/docs/{i // meta['chunk']}.json"])
        plan_ids.update({k: v[0] for k, v in chunk["plans"].items()})
        docs_ids += [row[0] for row in chunk["rows"]]
    plan_of = [plan_ids[str(i)] for i, p in enumerate(meta["plans"]) for _ in range(p[2])]
    assert len(plan_of) == len(docs_ids) == meta["docs"]
    result: set[int] | None = None
    for term in q.split():
        t = normalise.normalize(term)
        if len(t) == 1:
            found = set(decode_unigram_postings(gram_index.get(t, "")))
        else:
            offsets = list(range(0, len(t) - 1, 2))
            if offsets[-1] != len(t) - 2:
                offsets.append(len(t) - 2)
            lists = [decode_bigram_postings(gram_index.get(t[o : o + 2], "")) for o in offsets]
            found = {
                d
                for d, (positions, _) in lists[0].items()
                if any(
                    all(
                        d in lst and p + o in lst[d][0]
                        for o, lst in zip(offsets, lists, strict=True)
                    )
                    for p in positions
                )
            }
        result = found if result is None else result & found
    return {f"{plan_of[d]}/{docs_ids[d]}" for d in result or set()}


@pytest.mark.parametrize("q", QUERIES)
def test_postings_find_exactly_the_substring_matches(files, content, q: str) -> None:  # type: ignore[no-untyped-def]
    assert lookup(files, q) == Truth(content).ids(q)


@pytest.mark.parametrize("q", QUERIES[:6])
def test_sharded_postings_find_exactly_the_substring_matches(sharded, content, q: str) -> None:  # type: ignore[no-untyped-def]
    assert lookup(sharded, q) == Truth(content).ids(q)


def test_queries_cover_matches_and_misses(content) -> None:  # type: ignore[no-untyped-def]
    truth = Truth(content)
    assert truth.ids("不存在的词") == set()
    assert truth.ids("養老") and truth.ids("0.8万") and truth.ids("堂")


def digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode() + b"\0" + files[path] + b"\0")
    return h.hexdigest()


def test_same_content_gives_the_same_bytes_across_processes(files: dict[str, bytes]) -> None:
    code = (
        "import sys, hashlib\n"
        "from generator.search import SearchIndexer\n"
        "from generator.urls import Links\n"
        "from generator.validate import load_content\n"
        "from tests.search.test_index import digest\n"
        f"c = load_content(__import__('pathlib').Path({str(FIXTURE_CONTENT)!r})).content\n"
        "print(digest(SearchIndexer().build(c, Links('https://example.org/minsheng/'))))\n"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == digest(files)
