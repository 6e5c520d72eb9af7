"""How well the theme suggestion agrees with themes labelled by hand.

    .venv/bin/python benchmarks/themes.py [CORPUS_DIR] [-v] [--dump]

The labels are in ``benchmarks/theme-labels.yaml``: for every bundled commitment
(``content/plans/*.yaml``, keyed ``<plan>/<no>``) and every commitment the importer drafts from
the development corpus (keyed ``<NN>/<no>``), the themes a careful reader gives it, primary
first. The suggestion (``generator.model.suggest_categories``, with the keywords of
``content/categories.yaml``) is run on each item's title, text and section heading as the
importer sees them; the themes recorded in the plan files are not used.

Printed per set (bundled, corpus) and for both together:

* primary agreement: items whose suggested primary theme is the labelled primary;
* theme-page precision and recall: over (item, theme) pairs, what share of the suggested
  pairs are labelled (a theme page listing the item is right), and what share of the
  labelled pairs are suggested (a theme page finds what belongs on it).

``-v`` lists every disagreement; ``--dump`` prints each item with its suggestion, for labelling.
Without CORPUS_DIR (default ``../shared/corpus`` beside the checkout) only the bundled set is
scored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from import_corpus import body  # noqa: E402

from generator.importer.draft import read_categories  # noqa: E402
from generator.importer.emit import load, to_plain  # noqa: E402
from generator.importer.plan import build_plan  # noqa: E402
from generator.importer.text import to_simplified  # noqa: E402
from generator.model import Category, suggest_categories  # noqa: E402

LABELS = ROOT / "benchmarks" / "theme-labels.yaml"
# id, title, text, section; the corpus items as the importer reads them (Simplified)
Item = tuple[str, str | None, str, str | None]


def bundled_items() -> Iterator[Item]:
    for path in sorted((ROOT / "content" / "plans").glob("*.yaml")):
        data = to_plain(load(path.read_text(encoding="utf-8")))
        for c in data["commitments"]:
            yield f"{data['id']}/{c['no']}", c.get("title"), c["text"], c.get("section")


def corpus_items(corpus: Path) -> Iterator[Item]:
    for path in sorted(corpus.glob("[0-9][0-9]_*.txt")):
        plan, _ = build_plan(body(path), plan_id="corpus", district="corpus", year=None)
        for c in plan.commitments:
            # The importer's own reading: what theme_suggestion() passes on.
            simple = to_simplified
            yield (f"{path.name[:2]}/{c.no}", simple(c.title) if c.title else None, simple(c.text),
                   simple(c.section) if c.section else None)  # fmt: skip


def score(
    name: str,
    items: list[Item],
    labels: dict[str, list[str]],
    cats: list[Category],
    verbose: bool,
) -> tuple[int, int, int, int, int]:
    agree = n = both = suggested = labelled = 0
    for item_id, title, text, section in items:
        want = labels.get(item_id)
        if not want:
            print(f"  {name}: no label for {item_id}", file=sys.stderr)
            continue
        got = list(suggest_categories(title, text, section, cats).categories)
        n += 1
        agree += got[0] == want[0]
        both += len(set(got) & set(want))
        suggested += len(got)
        labelled += len(want)
        if verbose and got != want:
            mark = "  " if got[0] == want[0] else "P "
            print(f"{mark}{item_id}: suggested {got}, labelled {want}  {(title or text)[:40]}")
    report(name, agree, n, both, suggested, labelled)
    return agree, n, both, suggested, labelled


def report(name: str, agree: int, n: int, both: int, suggested: int, labelled: int) -> None:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} %" if b else "-"

    print(
        f"{name}: {n} items; primary agreement {agree}/{n} ({pct(agree, n)}); theme pages: "
        f"precision {pct(both, suggested)} ({both}/{suggested}), "
        f"recall {pct(both, labelled)} ({both}/{labelled})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("-v", "--verbose", action="store_true", help="list disagreements")
    parser.add_argument("--dump", action="store_true", help="print items and suggestions")
    args = parser.parse_args(argv)
    cats = read_categories(to_plain(load((ROOT / "content" / "categories.yaml").read_text())))
    labels = to_plain(load(LABELS.read_text(encoding="utf-8"))) if LABELS.exists() else {}
    sets = [("bundled", list(bundled_items()))]
    corpus = list(corpus_items(args.corpus)) if args.corpus.is_dir() else []
    if corpus:
        sets.append(("corpus", corpus))
    if args.dump:
        for _, items in sets:
            for item_id, title, text, section in items:
                got = suggest_categories(title, text, section, cats)
                print(f"{item_id}: [{', '.join(got.categories)}]  # {got.basis} | "
                      f"{section or ''} | {title or ''} | {text[:120]}")  # fmt: skip
        return 0
    totals = [0, 0, 0, 0, 0]
    for name, items in sets:
        result = score(name, items, labels.get(name) or {}, cats, args.verbose)
        totals = [a + b for a, b in zip(totals, result, strict=True)]
    if len(sets) > 1:
        report("all", *totals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
