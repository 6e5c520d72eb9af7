"""How well the importer reads quantitative targets, against a set labelled by hand.

    .venv/bin/python benchmarks/targets.py [FILE…] [-v]

Each FILE (default: ``tests/importer/fixtures/targets_labelled.yaml``, the set the rules were
developed on, and ``targets_heldout.yaml``, labelled the same way from texts they were not)
lists sentences and every
number in them, each marked by a person as a target (label, value, unit, comparator, and
``aim`` for 力争) or not a target (with the reason: money, date, eligibility…). Each sentence
is read by ``find_targets`` as the importer reads a commitment's text, and every target it
finds is paired with the labelled number at the same place in the sentence. A found target
is **correct** when it is paired with a labelled target and has the same value, unit,
comparator and ``aim``, and its label is acceptable: it contains the labelled core (a ``…``
in the core stands for any words between its parts) and is not a fragment (see
``label_problem``).

* precision = correct / targets found;
* recall = correct / labelled targets.

The same figures are printed for detection alone (the right numbers taken as targets,
whatever their label, value or comparator). ``-v`` lists every mistake.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.importer.targets import find_targets  # noqa: E402

LABELLED = ROOT / "tests" / "importer" / "fixtures" / "targets_labelled.yaml"
# Labelled the same way from corpus texts the rules were not developed on.
HELD_OUT = ROOT / "tests" / "importer" / "fixtures" / "targets_heldout.yaml"
# A label ending in one of these is cut off before the words it governs (为特殊, 对).
_FRAGMENT_END = re.compile(r"[为对在按于从由向给将把的和及与或、：:，,（(]$")
MAX_LABEL = 40


def label_problem(label: str, core: str) -> str | None:
    """Why ``label`` does not name what ``core`` says is counted, or None when it does."""
    if not label:
        return "empty label"
    if _FRAGMENT_END.search(label):
        return "label is a fragment"
    if ":" in label or "：" in label:
        return "label has a colon"
    if len(label) > MAX_LABEL:
        return "label is too long"
    at = 0
    for part in core.split("…"):
        found = label.find(part, at)
        if found < 0:
            return f"label lacks {part!r}"
        at = found + len(part)
    return None


def _runs_on(label: str, core: str, numbers: list[dict[str, Any]]) -> str | None:
    """Whether ``label`` runs into what another target of the sentence counts (城市社区便民
    服务中心农村社区便民服务中心 for 12个农村社区便民服务中心)."""
    for other in numbers:
        theirs = other.get("l", "")
        if len(theirs) >= 4 and theirs not in core and core not in theirs and theirs in label:
            return f"label runs into {theirs!r}"
    return None


@dataclass
class Score:
    found: int = 0
    labelled: int = 0
    correct: int = 0
    detected: int = 0  # found targets paired with a labelled target, however wrong
    numbers: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    @property
    def detection_precision(self) -> float:
        return self.detected / self.found if self.found else 1.0

    @property
    def detection_recall(self) -> float:
        return self.detected / self.labelled if self.labelled else 1.0


def load(path: Path = LABELLED) -> list[dict[str, Any]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    return entries


def _spans(sentence: str, texts: list[str]) -> list[tuple[int, int]]:
    """Where each text stands in the sentence, searched in order."""
    spans, at = [], 0
    for text in texts:
        start = sentence.find(text, at)
        if start < 0:
            start = sentence.find(text)
        if start < 0:
            spans.append((-1, -1))
            continue
        spans.append((start, start + len(text)))
        at = start + 1
    return spans


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def score(entries: list[dict[str, Any]]) -> Score:
    result = Score()
    for entry in entries:
        sentence: str = entry["s"]
        numbers: list[dict[str, Any]] = entry["numbers"]
        result.numbers += len(numbers)
        result.labelled += sum(1 for n in numbers if "not" not in n)
        marks = _spans(sentence, [str(n["t"]) for n in numbers])
        targets = find_targets(sentence)
        result.found += len(targets)
        taken: set[int] = set()
        got = [
            (t.at, t.at + len(t.text)) if getattr(t, "at", -1) >= 0 else span
            for t, span in zip(
                targets, _spans(sentence, [t.text or "" for t in targets]), strict=True
            )
        ]
        where = entry.get("from", "?")
        for target, (start, end) in zip(targets, got, strict=True):
            pair = next(
                (
                    i
                    for i, (a, b) in enumerate(marks)
                    if i not in taken and a < end and start < b and a >= 0
                ),
                None,
            )
            shown = f"{where}: {target.label!r} {target.comparator} {target.value} {target.unit}"
            if pair is None:
                result.mistakes.append(f"spurious   {shown} (from {target.text!r})")
                continue
            taken.add(pair)
            want = numbers[pair]
            if "not" in want:
                result.mistakes.append(f"not target {shown} ({want['not']}: {want['t']!r})")
                continue
            result.detected += 1
            wrong = []
            if not _same(float(target.value), float(want["v"])):
                wrong.append(f"value {target.value} ≠ {want['v']}")
            if target.unit != want["u"]:
                wrong.append(f"unit {target.unit!r} ≠ {want['u']!r}")
            if target.comparator != want["c"]:
                wrong.append(f"comparator {target.comparator} ≠ {want['c']}")
            if bool(getattr(target, "aim", False)) != bool(want.get("aim", False)):
                wrong.append(f"aim ≠ {bool(want.get('aim', False))}")
            problem = label_problem(target.label, want["l"]) or _runs_on(
                target.label, want["l"], numbers
            )
            if problem:
                wrong.append(f"{problem} (want {want['l']!r})")
            if wrong:
                result.mistakes.append(f"wrong      {shown}: " + "; ".join(wrong))
            else:
                result.correct += 1
        for i, want in enumerate(numbers):
            if "not" not in want and i not in taken:
                result.mistakes.append(f"missed     {where}: {want['t']!r} ({want['l']})")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labelled", type=Path, nargs="*", default=[LABELLED, HELD_OUT])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args(argv)
    for path in args.labelled:
        report(path, args.verbose)
    return 0


def report(path: Path, verbose: bool) -> None:
    entries = load(path)
    s = score(entries)
    if verbose:
        for line in s.mistakes:
            print(line)
    print(
        f"{path.name}: {len(entries)} sentences, {s.numbers} numbers, "
        f"{s.labelled} labelled targets, {s.found} found"
    )
    print(f"detection: precision {s.detection_precision:.1%}, recall {s.detection_recall:.1%}")
    print(
        f"targets (value, unit, comparator, label): precision {s.precision:.1%} "
        f"({s.correct}/{s.found}), recall {s.recall:.1%} ({s.correct}/{s.labelled})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
