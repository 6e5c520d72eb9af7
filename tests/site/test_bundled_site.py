"""The bundled site publishes the five source plans, with their archived texts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT

# commitments per plan, counted by hand in ../shared/seeds (see its README)
EXPECTED = {
    "changchun-xinqu-2017": 62,
    "jining-gaoxin-2021": 22,
    "haizhou-2020": 50,
    "lvyuan-2022": 56,
}
CURATED = "nanjing-gulou-wumin"  # seed 003: no numbered items, curated by hand


def test_open_data_counts_every_commitment_of_the_numbered_plans(bundled_output: Path) -> None:
    data = json.loads((bundled_output / "data" / "commitments.json").read_text("utf-8"))
    per_plan = Counter(c["plan"] for c in data["commitments"])
    for plan, count in EXPECTED.items():
        assert per_plan[plan] == count, plan
    assert per_plan[CURATED] > 0
    assert set(per_plan) == {*EXPECTED, CURATED}


def test_every_plan_page_links_its_archived_source(bundled_output: Path) -> None:
    for plan in [*EXPECTED, CURATED]:
        page = (bundled_output / "plans" / plan / "index.html").read_text("utf-8")
        assert f'href="/plans/{plan}/source/"' in page
        assert f'href="/sources/{plan}.txt"' in page
        archived = (bundled_output / "sources" / f"{plan}.txt").read_bytes()
        assert archived == (ROOT / "content" / "sources" / f"{plan}.txt").read_bytes()


def test_the_seed_texts_are_archived_unaltered() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():  # CI lays shared/ beside the clone; elsewhere it may be absent
        pytest.skip("../shared/seeds is not beside this checkout")
    archived = {p.read_bytes() for p in (ROOT / "content" / "sources").glob("*.txt")}
    for seed in sorted(seeds.glob("0*.txt")):
        assert seed.read_bytes() in archived, seed.name


def test_the_curated_plan_says_it_is_unverified(bundled_output: Path) -> None:
    page = (bundled_output / "plans" / CURATED / "index.html").read_text("utf-8")
    assert 'class="caveats"' in page
    assert "未经核实" in page or "unverified" in page.lower()
