"""The committed seed plans: importing each archived source reproduces its plan YAML,
apart from the hand edits the plan records as ``# hand-edited: <field path>`` lines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.commands.importing import import_cmd
from generator.importer.emit import load, to_plain

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

PLANS = {
    # plan id: (district, seed file, commitments, sections)
    "changchun-xinqu-2017": ("changchun-xinqu", "000_0dc1000d2cab6e1e.txt", 62, 11),
    "jining-gaoxin-2021": ("jining-gaoxin", "001_08d870d9a539cdf1.txt", 22, 0),
    "haizhou-2020": ("lianyungang-haizhou", "002_f3baf62a97bf9d38.txt", 50, 0),
    "nanjing-gulou-wumin": ("nanjing-gulou", "003_fc4102ee81800ee8.txt", 12, 4),
    "lvyuan-2022": ("changchun-lvyuan", "004_2e5044f4dc87da06.txt", 56, 10),
}


def hand_edited(text: str) -> list[str]:
    return re.findall(r"^#\s*hand-edited:\s*(\S+)\s*$", text, flags=re.M)


def drop(data: Any, path: str) -> None:
    """Remove the field at ``path`` (``a.b``, ``a[3].b``, ``a[*].b``) from ``data``."""
    parts = re.findall(r"[^.\[\]]+|\[\*\]|\[\d+\]", path)

    def walk(node: Any, rest: list[str]) -> None:
        head, tail = rest[0], rest[1:]
        if head == "[*]":
            for item in node if isinstance(node, list) else []:
                walk(item, tail) if tail else None
            return
        if head.startswith("["):
            index = int(head[1:-1])
            if isinstance(node, list) and index < len(node):
                walk(node[index], tail) if tail else node.pop(index)
            return
        if isinstance(node, dict) and head in node:
            if tail:
                walk(node[head], tail)
            else:
                del node[head]

    walk(data, parts)


def imported(plan_id: str, tmp_path: Path) -> str:
    district = PLANS[plan_id][0]
    content = tmp_path / "content"
    content.mkdir()
    for name in ("departments.yaml", "districts.yaml", "categories.yaml"):
        shutil.copy(CONTENT / name, content / name)
    result = CliRunner().invoke(
        import_cmd,
        [str(CONTENT / "sources" / f"{plan_id}.txt"), "--district", district, "--id", plan_id,
         "--content", str(content)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "not in departments.yaml" not in result.stderr
    return result.stdout


@pytest.mark.parametrize("plan_id", sorted(PLANS))
def test_import_reproduces_committed_plan(plan_id: str, tmp_path: Path) -> None:
    committed_text = (CONTENT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8")
    committed = to_plain(load(committed_text))
    fresh = to_plain(load(imported(plan_id, tmp_path)))
    edits = hand_edited(committed_text)
    for path in edits:
        drop(committed, path)
        drop(fresh, path)
    assert fresh == committed


@pytest.mark.parametrize("plan_id", sorted(PLANS))
def test_counts_sections_and_verbatim_texts(plan_id: str) -> None:
    _, _, count, sections = PLANS[plan_id]
    data = to_plain(load((CONTENT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8")))
    commitments = data["commitments"]
    assert [c["no"] for c in commitments] == list(range(1, count + 1))
    assert len({c.get("section") for c in commitments if c.get("section")}) == sections
    source = (CONTENT / data["source"]["archived"]).read_text(encoding="utf-8")
    # Page breaks (line ends) joined; in 003 each page of the document site starts "N、".
    flat = re.sub(r"\s*\n\s*(?:\d+、)?", "", source)
    for c in commitments:
        # Verbatim: the text is in the source once page breaks are joined.
        assert re.sub(r"\s*\n\s*", "", c["text"]) in flat, c["no"]
        assert c["text"].strip() == c["text"]


@pytest.mark.parametrize("plan_id", sorted(PLANS))
def test_archived_source_is_the_seed_unaltered(plan_id: str, seeds_dir: Path) -> None:
    seed = PLANS[plan_id][1]
    data = to_plain(load((CONTENT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8")))
    assert (seeds_dir / seed).read_bytes() == (CONTENT / data["source"]["archived"]).read_bytes()


def test_seed_departments_by_eye_checked_examples() -> None:
    """A few lead/support assignments checked against the sources by hand."""

    def commitment(plan_id: str, no: int) -> dict[str, Any]:
        data = to_plain(load((CONTENT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8")))
        return next(c for c in data["commitments"] if c["no"] == no)

    c = commitment("changchun-xinqu-2017", 54)
    assert c["lead"] == ["消防大队"]
    assert c["support"] == ["社会事业局", "公安分局", "安监局", "各开发区"]
    assert commitment("changchun-xinqu-2017", 8)["lead"] == ["各开发区"]
    c = commitment("jining-gaoxin-2021", 22)  # 主办单位 / 协办单位
    assert (c["lead"], c["support"]) == (
        ["综合行政执法局"],
        ["财政金融局", "东城建设集团", "各街道"],
    )
    c = commitment("jining-gaoxin-2021", 6)
    assert c["deadline"] is None and c["milestones"] == [
        {"date": "2021-11-30", "text": "2021年11月底取得阶段性成效"}
    ]
    c = commitment("haizhou-2020", 38)  # (牵头单位:区住建局,海州消防救援大队)
    assert (c["lead"], c["support"]) == (["区住建局", "海州消防救援大队"], [])
    c = commitment("lvyuan-2022", 5)  # joined across a page break
    assert c["text"].startswith(
        "城乡特困供养人员基本生活标准提高到不低于上年度城乡低保标准的 1.5 倍"
    )
    assert commitment("lvyuan-2022", 2)["targets"][0] == {
        "label": "城镇新增就业", "value": 8000, "unit": "人", "comparator": "=", "text": "0.8 万人"
    }  # fmt: skip
