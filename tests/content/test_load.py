"""YAML is read as editors mean it (YAML 1.2 core schema), safely, with positions."""

from __future__ import annotations

from pathlib import Path

from generator.load import load_yaml


def load(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    doc, problems = load_yaml(path)
    return doc.data, [p.format() for p in problems]


def test_yaml_11_booleans_are_plain_text(tmp_path: Path) -> None:
    data, problems = load(tmp_path, "no: 3\nyes: on\noff: NO\ny: n\nflag: true\nother: False\n")
    assert problems == []
    assert data == {"no": 3, "yes": "on", "off": "NO", "y": "n", "flag": True, "other": False}


def test_numbers_dates_and_nulls_follow_the_core_schema(tmp_path: Path) -> None:
    data, _ = load(
        tmp_path,
        "a: 1_000\nb: 0o17\nc: 0x1F\nd: 1.5\ne: 2022-12-31\nf: ~\ng:\nh: null\ni: 012\nj: '3'\n",
    )
    assert data == {
        "a": "1_000",
        "b": 15,
        "c": 31,
        "d": 1.5,
        "e": "2022-12-31",
        "f": None,
        "g": None,
        "h": None,
        "i": 12,
        "j": "3",
    }


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("title: 标题\ncommitments:\n  - no: 1\n    text: 文本\n", "utf-8")
    doc, _ = load_yaml(path)
    assert doc.position(("commitments", 0, "text")).line == 4
    assert doc.position(("commitments", 0, "text")).column == 11
    assert doc.position(("commitments", 0, "text"), key=True).column == 5
    # a missing node is placed at its nearest ancestor
    assert doc.position(("commitments", 0, "lead")).line == 3


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    _, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert problems, "aliases must be refused"
    assert all("aliases are not allowed" in p for p in problems)


def test_duplicate_keys_and_merge_keys_are_errors(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert any(":3:1: a: duplicate key 'a'" in p for p in problems)
    _, problems = load(tmp_path, "base: {x: 1}\nc:\n  <<: {x: 2}\n")
    assert any("merge keys" in p for p in problems)


def test_custom_tags_are_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: !!python/object:os.system echo\n")
    assert problems and "unsupported YAML tag" in problems[0]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: 标题\n".encode())
    doc, problems = load_yaml(path)
    assert problems == [] and doc.data == {"title": "标题"}
