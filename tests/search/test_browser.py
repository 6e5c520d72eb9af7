"""Search in real Chromium, served under a sub-path, against the Python ground truth."""

from __future__ import annotations

import functools
import gzip
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.model import Content
from generator.validate import load_content
from tests.conftest import FIXTURE_CONTENT, ROOT, build
from tests.search.truth import Truth

pytestmark = pytest.mark.browser
PAGE_SIZE = 20


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    root: str  # http://127.0.0.1:PORT/minsheng/
    output: Path
    content: Content
    truth: Truth


@contextmanager
def serve_built(content_dir: Path, parent: Path) -> Iterator[Served]:
    """Build ``content_dir`` into ``parent/minsheng`` and serve ``parent`` on 127.0.0.1."""
    parent.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    root = f"http://127.0.0.1:{port}/minsheng/"
    build(content_dir, parent / "minsheng", base_url=root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    content = load_content(content_dir).content
    try:
        yield Served(root, parent / "minsheng", content, Truth(content))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve_built(FIXTURE_CONTENT, tmp_path_factory.mktemp("search-fixture")) as served:
        yield served


@pytest.fixture(scope="session")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A generated 10k-commitment site (generated and built once per session)."""
    tmp = tmp_path_factory.mktemp("search-10k")
    content = tmp / "content"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--commitments",
            "10000",
            "--seed",
            "1",
            "--out",
            str(content),
        ],
        check=True,
        capture_output=True,
    )
    with serve_built(content, tmp / "www") as served:
        yield served


def wait_ready(page: Any, previous: str | None = None) -> None:
    page.wait_for_function(
        "prev => { const a = document.getElementById('search-app');"
        " return a && a.dataset.ready && a.dataset.ready !== prev; }",
        arg=previous,
        timeout=60_000,
    )


def result_ids(page: Any, tier: str | None = "exact") -> list[str]:
    """The ids of the results shown, of one tier (``None``: every tier)."""
    selector = "#search-results [data-id]" + (f"[data-tier={tier}]" if tier else "")
    return page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.id)")


def browser_search(browser: Any, served: Served, query: str) -> tuple[int, list[str]]:
    """The total shown and every result id, walking the result pages with the next link."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(served.root + "search/" + ("?" + query if query else ""))
        wait_ready(page)
        count = int(page.get_attribute("#search-count", "data-count"))
        ids = result_ids(page)
        while page.query_selector("#search-pages a[rel=next]"):
            ready = page.get_attribute("#search-app", "data-ready")
            page.click("#search-pages a[rel=next]")
            wait_ready(page, ready)
            ids += result_ids(page)
        assert not errors
        return count, ids
    finally:
        page.close()


def check(browser: Any, served: Served, q: str = "", **facets: str) -> list[str]:
    from urllib.parse import urlencode

    params = {"q": q, **facets}
    count, ids = browser_search(browser, served, urlencode({k: v for k, v in params.items() if v}))
    expected = served.truth.ids(q, **facets)
    assert count == len(expected), (q, facets)
    assert len(ids) == len(set(ids))
    assert set(ids) == expected, (q, facets)
    return ids


def check_order(served: Served, q: str, ids: list[str]) -> None:
    """Title hits first, then the rest; newest plan first (plan order) within each group."""
    title = served.truth.title_hits(q)
    plan_rank = {p.id: i for i, p in enumerate(served.content.plans)}

    def key(cid: str) -> tuple[int, int, int]:
        c = served.content.commitments_by_id[cid]
        no_rank = [x.no for x in served.content.plans_by_id[c.plan].commitments].index(c.no)
        return (0 if cid in title else 1, plan_rank[c.plan], no_rank)

    assert ids == sorted(ids, key=key)


FIXTURE_QUERIES = [
    "幸福食堂",
    "食堂",
    "就业",
    "区民政局",
    "民政",
    "900",
    "0.8万",
    "堂",
    "不存在的词",
    "新建 食堂",
    "養老",
    "ＥＸＡＭＰＬＥ",
    "东区 学位",
]


@pytest.mark.parametrize("q", FIXTURE_QUERIES)
def test_fixture_queries_match_ground_truth(browser: Any, fixture_site: Served, q: str) -> None:
    ids = check(browser, fixture_site, q)
    if " " not in q:
        check_order(fixture_site, q, ids)


def test_fixture_facets_match_ground_truth(browser: Any, fixture_site: Served) -> None:
    c = fixture_site.content.commitments[0]
    plan = fixture_site.content.plans_by_id[c.plan]
    dept = next(u.department for u in c.lead + c.support if u.department)
    combos: list[dict[str, str]] = [
        {"district": plan.district},
        {"year": str(plan.year), "q": "食堂"},
        {"category": c.category},
        {"status": "completed"},
        {"status": "overdue"},
        {"dept": f"{plan.district}/{dept}"},
        {"dept": f"{plan.district}/{dept}", "q": "幸福"},
        {"district": plan.district, "year": str(plan.year), "q": "区"},
    ]
    assert any(fixture_site.truth.ids(**combo) for combo in combos)
    for combo in combos:
        check(browser, fixture_site, **combo)


def test_highlight_state_url_and_back_button(browser: Any, fixture_site: Served) -> None:
    page = browser.new_page()
    try:
        page.goto(fixture_site.root + "search/?q=幸福食堂")
        wait_ready(page)
        marks = page.eval_on_selector_all(
            "#search-results mark", "els => els.map(e => e.textContent)"
        )
        assert "幸福食堂" in marks
        ready = page.get_attribute("#search-app", "data-ready")
        page.fill("#search-q", "就业")
        page.press("#search-q", "Enter")
        wait_ready(page, ready)
        assert "q=%E5%B0%B1%E4%B8%9A" in page.url
        assert "/minsheng/search/" in page.url
        assert set(result_ids(page)) == fixture_site.truth.ids("就业")
        ready = page.get_attribute("#search-app", "data-ready")
        page.go_back()
        wait_ready(page, ready)
        assert page.input_value("#search-q") == "幸福食堂"
        assert set(result_ids(page)) == fixture_site.truth.ids("幸福食堂")
        href = page.get_attribute("#search-results [data-id] a", "href")
        assert href.startswith("/minsheng/plans/")
        assert page.get_attribute("#search-count", "aria-live") == "polite"
    finally:
        page.close()


BIG_QUERIES = [
    "养老",
    "老旧小",
    "区改扩建",
    "幸福食堂",
    "区人社局",
    "教育局",
    "12345",
    "2所",
    "量子计算机",
    "厕",
    "老旧小区 电梯",
    "養老服務",
]


@pytest.mark.parametrize("q", BIG_QUERIES)
def test_10k_queries_match_ground_truth(browser: Any, big_site: Served, q: str) -> None:
    ids = check(browser, big_site, q)
    if " " not in q:
        check_order(big_site, q, ids)


def test_10k_facets_match_ground_truth(browser: Any, big_site: Served) -> None:
    content = big_site.content
    c = content.commitments[len(content.commitments) // 2]
    plan = content.plans_by_id[c.plan]
    dept = next(u.department for u in c.lead if u.department)
    combos: list[dict[str, str]] = [
        {"q": "养老", "year": "2024"},
        {"q": "老旧小区", "category": "housing", "status": "completed"},
        {"district": plan.district, "q": "区"},
        {"dept": f"{plan.district}/{dept}"},
        {"q": "建", "status": "overdue", "year": str(plan.year)},
    ]
    for combo in combos:
        check(browser, big_site, **combo)


@pytest.mark.parametrize("q", ["老旧小区", "养老", "区改扩建"])
def test_10k_first_query_download(browser: Any, big_site: Served, q: str) -> None:
    """Compressed bytes from opening the search page to the first results (static host gzip)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(response: Any) -> None:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        sizes[response.url] = len(gzip.compress(body, 6))

    page.on("response", record)
    try:
        page.goto(big_site.root + "search/?q=" + q)
        wait_ready(page)
        page.wait_for_load_state("networkidle")
        render_ms = page.get_attribute("#search-app", "data-render-ms")
        total = sum(sizes.values())
        index = sum(v for k, v in sizes.items() if "/search/" in k and k.endswith(".json"))
        print(
            f"\n10k first query {q}: {total / 1024:.1f} KB gzip over {len(sizes)} responses "
            f"(index parts {index / 1024:.1f} KB); render {render_ms} ms after data"
        )
        assert total <= 80 * 1024
    finally:
        context.close()


# --- finding what people mean (tiers, synonyms, pinyin, snippets, suggestions) ---------------


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve_built(ROOT / "content", tmp_path_factory.mktemp("search-bundled")) as served:
        yield served


@dataclass
class Shown:
    count: int  # data-count: the exact matches
    total: int  # data-total: every tier
    rows: dict[str, tuple[str, str]]  # id → (tier, via) for the first page
    marks: dict[str, list[str]]  # id → highlighted strings (title and snippet)
    snippets: dict[str, str]
    suggestions: list[tuple[str, str]]  # (text, href) of the links offered
    requests: list[str]


def show(browser: Any, served: Served, q: str) -> Shown:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(served.root + "search/?q=" + q)
        wait_ready(page)
        rows = page.eval_on_selector_all(
            "#search-results [data-id]",
            "els => els.map(e => [e.dataset.id, e.dataset.tier, e.dataset.via || '',"
            " Array.from(e.querySelectorAll('mark'), m => m.textContent),"
            " (e.querySelector('.search-snippet') || {}).textContent || ''])",
        )
        links = page.eval_on_selector_all(
            "#search-suggestions:not([hidden]) a",
            "els => els.map(a => [a.textContent, a.getAttribute('href')])",
        )
        assert not errors
        return Shown(
            count=int(page.get_attribute("#search-count", "data-count")),
            total=int(page.get_attribute("#search-count", "data-total")),
            rows={r[0]: (r[1], r[2]) for r in rows},
            marks={r[0]: r[3] for r in rows},
            snippets={r[0]: r[4] for r in rows},
            suggestions=[(a[0], a[1]) for a in links],
            requests=requests,
        )
    finally:
        page.close()


def test_an_unspaced_query_also_finds_its_words_apart(browser: Any, bundled_site: Served) -> None:
    shown = show(browser, bundled_site, "老旧小区改造")
    exact = {cid for cid, (tier, _) in shown.rows.items() if tier == "exact"}
    assert exact == bundled_site.truth.ids("老旧小区改造") and shown.count == len(exact)
    # "老旧小区综合改造" and "老旧小区实施维修改造": both words, in the words tier
    for cid in ("lvyuan-2022/30", "changchun-xinqu-2017/39"):
        assert shown.rows[cid] == ("words", "")
        assert {"老旧小区", "改造"} <= set(shown.marks[cid])
    assert shown.total == len(shown.rows) > shown.count
    # everything the spaced query finds exactly is found, exact or by words
    assert bundled_site.truth.ids("老旧小区 改造") <= set(shown.rows)


def test_a_partial_match_is_labelled(browser: Any, bundled_site: Served) -> None:
    shown = show(browser, bundled_site, "区人力资源和社会保障局")
    partial = [cid for cid, (tier, _) in shown.rows.items() if tier == "partial"]
    assert partial
    tiers = [tier for tier, _ in shown.rows.values()]
    assert tiers == sorted(tiers, key=["exact", "words", "partial"].index)


@pytest.mark.parametrize("q", ["区人力资源和社会保障局", "人力资源", "人社局"])
def test_a_department_alias_finds_its_commitments(
    browser: Any, fixture_site: Served, q: str
) -> None:
    shown = show(browser, fixture_site, q)
    content = fixture_site.content
    led = {
        c.id
        for c in content.commitments
        if any(u.department == "qu-ren-she-ju" for u in (*c.lead, *c.support))
    }
    assert led, "the fixture names 区人社局"
    assert led <= set(shown.rows)
    assert shown.count == len(fixture_site.truth.ids(q))
    for cid in led - fixture_site.truth.ids(q):
        assert shown.rows[cid] == ("words", "synonym")
    assert (
        "区人社局",
        "/minsheng/districts/test-east/departments/qu-ren-she-ju/",
    ) in shown.suggestions


@pytest.mark.parametrize("q", ["yanglao", "yl"])
def test_pinyin_finds_the_characters(browser: Any, fixture_site: Served, q: str) -> None:
    shown = show(browser, fixture_site, q)
    expected = fixture_site.truth.ids("养老")
    assert expected and expected <= set(shown.rows)
    assert shown.count == 0  # nothing contains the letters themselves
    assert all(shown.rows[cid] == ("words", "pinyin") for cid in expected)


def test_a_snippet_shows_why_a_commitment_matched(browser: Any, bundled_site: Served) -> None:
    shown = show(browser, bundled_site, "幸福食堂")
    cid = "jining-gaoxin-2021/2"  # titled 关爱困难群众和困境儿童
    assert bundled_site.content.commitments_by_id[cid].title == "关爱困难群众和困境儿童"
    assert shown.marks[cid] == ["幸福食堂"]
    assert "幸福食堂" in shown.snippets[cid]


def test_a_hostile_query_is_only_text(browser: Any, fixture_site: Served) -> None:
    shown = show(browser, fixture_site, "<img src=x onerror=alert(1)>食堂")
    assert all("<" not in m for marks in shown.marks.values() for m in marks)


def test_no_results_bring_suggestions(browser: Any, bundled_site: Served) -> None:
    shown = show(browser, bundled_site, "幸福食堂 不存在的词")
    assert shown.count == shown.total == 0
    hrefs = [href for _, href in shown.suggestions]
    assert any("q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D" in h for h in hrefs)  # −幸福食堂
    split = show(browser, bundled_site, "老旧小区改造工程")
    assert any(text == "老旧小区 改造工程" for text, _ in split.suggestions)


def test_a_small_site_answers_from_one_index_file(browser: Any, bundled_site: Served) -> None:
    shown = show(browser, bundled_site, "养老")
    index = [u for u in shown.requests if "/search/" in u and u.endswith(".json")]
    assert [u.rsplit("/", 1)[1] for u in index] == ["meta.json"]


def test_the_index_module_has_no_dom_code() -> None:
    import re

    source = (ROOT / "theme" / "static" / "search-index.js").read_text("utf-8")
    assert not re.search(r"\b(document|window|HTMLElement)\.", source)
