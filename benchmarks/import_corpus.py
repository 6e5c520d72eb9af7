"""How well ``minsheng import`` reads a corpus of real plan texts.

    .venv/bin/python benchmarks/import_corpus.py DIR [-v] [--only NN[,NN…]]

DIR is laid out like the development corpus: ``NN_<name>.txt`` files whose first lines are a
``SOURCE:`` line, a ``TITLE:`` line and a blank line (skipped, with every ``[TRUNCATED…``
annotation line), and ``expected.json``::

    {"NN": {"count": N, "samples": [{"no": n, "field": "title", "contains": "…"}, …]}, …}

Each text is imported as the command imports it (``build_plan``). A file scores an exact
count when the importer finds exactly ``count`` commitments. A field sample scores when
commitment ``no`` has the field and its value contains the sample, both compared in the
folded matching form (half-width, Simplified, no spaces, no pinyin residue):

* ``title``: the commitment's title, or its text when the source gives it no title (that
  is what a page shows);
* ``lead`` / ``support``: the unit names, joined by ``、``;
* ``deadline_text``: the deadline as worded.

Units in ``lead``/``support`` that look like a sentence (contain ``。`` or are longer than 20
characters without a unit's form) are listed as well. The last line is
``exact counts X/N, field samples Y/M``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.importer.departments import looks_like_unit
from generator.importer.plan import ImportedCommitment, build_plan
from generator.importer.text import key, strip_pinyin

HEADER_RE = re.compile(r"^(SOURCE|TITLE):")


def body(path: Path) -> str:
    """The source text of a corpus file: without its header and annotation lines."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = 0
    while start < len(lines) and (HEADER_RE.match(lines[start]) or not lines[start].strip()):
        start += 1
        if start >= 3:
            break
    kept = [ln for ln in lines[start:] if not ln.startswith("[TRUNCATED")]
    return "\n".join(kept)


def norm(text: str) -> str:
    return re.sub(r"\s+", "", key(strip_pinyin(text)))


def field_value(c: ImportedCommitment, name: str) -> str | None:
    if name == "title":
        return c.title or c.text
    if name == "lead":
        return "、".join(c.lead) or None
    if name == "support":
        return "、".join(c.support) or None
    if name == "deadline_text":
        return c.deadline.text if c.deadline is not None and c.deadline.text else None
    raise ValueError(f"unknown field {name!r}")


def sentence_like(unit: str) -> bool:
    return "。" in unit or (len(unit) > 20 and not looks_like_unit(unit))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every commitment")
    parser.add_argument("--only", help="comma-separated file numbers (NN)")
    args = parser.parse_args(argv)
    expected = json.loads((args.corpus / "expected.json").read_text(encoding="utf-8"))
    only = set(args.only.split(",")) if args.only else None
    exact = files = hits = samples = 0
    sentences: list[str] = []
    for path in sorted(args.corpus.glob("[0-9][0-9]_*.txt")):
        nn = path.name[:2]
        if nn not in expected or (only and nn not in only):
            continue
        want = expected[nn]
        plan, _ = build_plan(body(path), plan_id="corpus", district="corpus", year=None)
        cs = plan.commitments
        by_no = {c.no: c for c in cs}
        files += 1
        ok = len(cs) == want["count"]
        exact += ok
        got = sum(1 for s in want["samples"] if _sample_ok(by_no, s))
        hits += got
        samples += len(want["samples"])
        mark = "ok  " if ok else "MISS"
        print(f"{mark} {path.stem}: count {len(cs)} (expected {want['count']}), "
              f"samples {got}/{len(want['samples'])}")  # fmt: skip
        for s in want["samples"]:
            if not _sample_ok(by_no, s):
                c = by_no.get(s["no"])
                found = field_value(c, s["field"]) if c else "(no such commitment)"
                print(f"       #{s['no']} {s['field']}: want {s['contains']!r}, got {found!r}")
        for c in cs:
            for unit in c.lead + c.support:
                if sentence_like(unit):
                    sentences.append(f"{path.stem} #{c.no}: {unit!r}")
            if args.verbose:
                print(f"       {c.no:>3} title={c.title!r} text={c.text[:60]!r} "
                      f"lead={c.lead} support={c.support}"
                      + (f" deadline={c.deadline.text!r}" if c.deadline else ""))  # fmt: skip
    for s in sentences:
        print(f"sentence as unit: {s}")
    print(f"sentence-like units: {len(sentences)}")
    print(f"exact counts {exact}/{files}, field samples {hits}/{samples}")
    return 0


def _sample_ok(by_no: dict[int, ImportedCommitment], sample: dict[str, object]) -> bool:
    c = by_no.get(int(str(sample["no"])))
    if c is None:
        return False
    value = field_value(c, str(sample["field"]))
    return value is not None and norm(str(sample["contains"])) in norm(value)


if __name__ == "__main__":
    sys.exit(main())
