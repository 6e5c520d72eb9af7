"""Open data from hostile text: the CSV cannot run formulas in a spreadsheet, the JSON keeps
the exact text and holds only finite numbers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from generator.data import _number
from tests.hostile.helpers import PLAN, edit, run, site


def csv_rows(out: Path) -> list[dict[str, str]]:
    text = (out / "data/commitments.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ('\'=HYPERLINK("http://x","y")\'', '=HYPERLINK("http://x","y")'),
        ('"+cmd|/C calc!A0"', "+cmd|/C calc!A0"),
        ('"-2+3"', "-2+3"),
        ('"@SUM(A1)"', "@SUM(A1)"),
        ('"\\t=1"', "\t=1"),
        ('"\\r=1"', "\r=1"),
    ],
)
def test_formula_cells_are_neutralised_in_csv_and_exact_in_json(
    tmp_path: Path, written: str, text: str
) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "text: 城镇新增就业 0.8 万人。", f"text: {written}")
    out = tmp_path / "output"
    result = run("build", "--content", str(content), "--output", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(out)
    row = next(r for r in rows if r["id"] == "east-2022/1")
    assert row["text"] == "'" + text
    records = json.loads((out / "data/commitments.json").read_text("utf-8"))["commitments"]
    assert next(r for r in records if r["id"] == "east-2022/1")["text"] == text


def test_ordinary_cells_and_numbers_are_not_prefixed(tmp_path: Path) -> None:
    content = site(tmp_path)
    out = tmp_path / "output"
    assert run("build", "--content", str(content), "--output", str(out), "-q").exit_code == 0
    rows = csv_rows(out)
    assert not any(v.startswith("'") for row in rows for v in row.values())


def test_non_finite_numbers_never_reach_json() -> None:
    assert _number(float("nan")) is None
    assert _number(float("inf")) is None
    assert _number(-float("inf")) is None
    assert _number(2.0) == 2 and _number(2.5) == 2.5
