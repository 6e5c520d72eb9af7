"""Concurrent ``minsheng update`` calls on one plan file lose nothing and never expose a
half-written file (issue: edits that cannot lose data)."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from generator.load import load_yaml
from generator.validate import load_content


def _reader(plan: Path, stop: threading.Event, seen: list[int], bad: list[str]) -> None:
    """Read the plan with the project's loader as fast as possible while writers run."""
    while not stop.is_set():
        doc, problems = load_yaml(plan)
        if problems or not isinstance(doc.data, dict):
            bad.append("; ".join(p.format() for p in problems) or "not a mapping")
            continue
        seen.append(sum(len(c.get("updates") or []) for c in doc.data["commitments"]))


def _update_args(content: Path, k: int) -> list[str]:
    """Writer k: alternating commitments, dates in no particular order."""
    return [sys.executable, "-m", "generator", "update", "east-2022", str(1 + k % 2),
            "--status", "on_track", "--note", f"第{k}份报告。",
            "--source", f"https://example.org/report-{k}",
            "--date", f"2023-{1 + k % 12:02d}-{1 + k % 28:02d}",
            "--content", str(content)]  # fmt: skip


@pytest.mark.parametrize("writers", [10, 50])
def test_concurrent_updates_are_all_kept_and_the_file_is_always_whole(
    site_copy: Path, writers: int
) -> None:
    plan = site_copy / "plans" / "east-2022.yaml"
    doc, _ = load_yaml(plan)
    before = sum(len(c.get("updates") or []) for c in doc.data["commitments"])
    stop = threading.Event()
    seen: list[int] = []
    bad: list[str] = []
    reader = threading.Thread(target=_reader, args=(plan, stop, seen, bad))
    reader.start()
    try:
        procs = [
            subprocess.Popen(
                _update_args(site_copy, k),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in range(writers)
        ]
        results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    finally:
        stop.set()
        reader.join()
    assert [code for code, _ in results] == [0] * writers, [err for _, err in results]
    assert bad == []  # the reader never saw a partial or broken file
    assert seen == sorted(seen)  # and never saw an update disappear
    content = load_content(site_copy, strict=True).content
    notes = [u.note for no in (1, 2) for u in content.commitments_by_id[f"east-2022/{no}"].updates]
    assert sorted(n for n in notes if n.endswith("份报告。")) == sorted(
        f"第{k}份报告。" for k in range(writers)
    )
    assert len(notes) == before + writers
    leftovers = [p.name for p in plan.parent.iterdir() if p.name != plan.name and
                 p.name.startswith(".")]  # fmt: skip
    assert leftovers == []  # no temporary or lock files left beside the plan


def test_a_writer_that_cannot_get_the_lock_gives_up_with_a_clear_message(
    site_copy: Path,
) -> None:
    from generator.planfile import NewUpdate, PlanFileBusy, locked
    from generator.progress import record_update

    plan = site_copy / "plans" / "east-2022.yaml"
    original = plan.read_bytes()
    new = NewUpdate(date=date(2023, 1, 1), status="on_track", note="x")
    with locked(plan), pytest.raises(PlanFileBusy, match="being edited by another process"):
        record_update(site_copy, "east-2022", 1, new, timeout=0.2)
    assert plan.read_bytes() == original
