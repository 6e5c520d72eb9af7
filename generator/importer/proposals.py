"""Departments a draft names that ``departments.yaml`` does not know, as proposals.

``minsheng import --add-departments`` appends them under the plan's district, each with a
pinyin slug and a ``# proposed by import`` comment, so that an editor reviews them in one
place (merge an alias into an existing department, or keep the new one). The file is
edited as text, never reformatted: only lines are inserted, and it is replaced atomically.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.model import assign_slugs

from .departments import Registry
from .plan import ImportedPlan

MARK = "# proposed by import"


@dataclass(frozen=True)
class Proposal:
    """A unit name as written in the plan, its slug, and how many commitments name it."""

    name: str
    slug: str
    uses: int


def proposals(plan: ImportedPlan, registry: Registry) -> list[Proposal]:
    """Departments (not scopes) of the draft that the registry does not know, in order."""
    uses: dict[str, int] = {}
    for c in plan.commitments:
        for name in dict.fromkeys(c.lead + c.support):
            if not registry.is_scope(name) and not registry.knows(name):
                uses[name] = uses.get(name, 0) + 1
    slugs = assign_slugs(uses)
    return [Proposal(name, slugs[name], n) for name, n in uses.items()]


def _entries(found: list[Proposal], indent: str) -> list[str]:
    return [f"{indent}- name: {p.name}  {MARK}\n{indent}  slug: {p.slug}\n" for p in found]


def proposal_block(district: str, found: list[Proposal]) -> str:
    """A ``departments.yaml`` block for a district that has no entry yet."""
    return f"{district}:  {MARK}\n  departments:\n" + "".join(_entries(found, "    "))


def add_to_file(path: Path, district: str, found: list[Proposal]) -> None:
    """Insert the proposals under ``district`` in ``path`` (created when missing)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next(
        (i for i, ln in enumerate(lines) if re.match(rf"^{re.escape(district)}:", ln)), None
    )
    if start is None:
        lines += (["\n"] if lines else []) + [proposal_block(district, found)]
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if re.match(r"^\S", lines[i])), len(lines)
        )
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        has_list = next(
            (i for i in range(start + 1, end) if re.match(r"^\s+departments:\s*$", lines[i])), None
        )
        if has_list is None:
            lines[end:end] = ["  departments:\n", *_entries(found, "    ")]
        else:
            item_indent = next(
                (
                    m.group(1)
                    for ln in lines[has_list + 1 : end]
                    if (m := re.match(r"^(\s+)- ", ln))
                ),
                "    ",
            )
            lines[end:end] = _entries(found, item_indent)
    _write_atomic(path, "".join(lines))


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
