"""benchmarks/themes.py: the theme suggestion scored against the hand labels, as a number
that a change to the rule or to categories.yaml must not make worse unnoticed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_themes_benchmark_prints_agreement_and_keeps_its_level(tmp_path: Path) -> None:
    # A folder without corpus texts: the bundled set only (the corpus needs ../shared).
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "themes.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    line = run.stdout.strip().splitlines()[-1]
    m = re.fullmatch(
        r"bundled: (\d+) items; primary agreement \d+/\d+ \(([\d.]+) %\); theme pages: "
        r"precision ([\d.]+) % \(\d+/\d+\), recall ([\d.]+) % \(\d+/\d+\)",
        line,
    )
    assert m, line
    assert "no label for" not in run.stderr
    assert int(m.group(1)) >= 346  # every bundled commitment is labelled
    primary, precision, recall = (float(m.group(i)) for i in (2, 3, 4))
    # Measured on the 296 items the rule was tuned on: 91.6 / 90.7 / 90.4 %; with the 50
    # items of the report plans, labelled after the rule was written: 89.0 / 88.9 / 87.3 %.
    assert primary >= 88.5 and precision >= 88.5 and recall >= 87, line
