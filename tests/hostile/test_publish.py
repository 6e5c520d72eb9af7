"""An unlucky operator: builds killed at any moment, a full disk, files the site keeps in
its output. The previous site stays whole, the next build repairs what a killed one left,
and files minsheng did not make survive."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import output as output_module
from generator.output import MANIFEST, OutputError, publish
from tests.conftest import ROOT, build
from tests.hostile.helpers import PLAN, edit, run, site


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def beside(output: Path) -> list[str]:
    """What builds left next to the output folder (pending, previous, set-aside trees)."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


OLD = {f"p/{n}/index.html": f"old {n}".encode() for n in range(40)}
NEW = {**OLD, "p/3/index.html": b"new 3, longer", "p/7/index.html": b"new 7", "q/new.html": b"q"}
del NEW["p/9/index.html"]

KILLED_PATCH = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from generator import output
    steps = int(sys.argv[2])
    for name in ("replace", "link", "rename"):
        real = getattr(os, name)
        def counted(*args, _real=real, **kw):
            global steps
            steps -= 1
            if steps < 0:
                os.kill(os.getpid(), signal.SIGKILL)
            return _real(*args, **kw)
        setattr(output.os, name, counted)
    new = {NEW!r}
    output.publish(new, Path(sys.argv[1]))
    """
)


def patch_killed_after(out: Path, steps: int) -> int:
    """Publish NEW over OLD in a process killed after ``steps`` renames/links; its code."""
    script = KILLED_PATCH.replace("{NEW!r}", repr(NEW))
    done = subprocess.run(
        [sys.executable, "-c", script, str(out), str(steps)], cwd=ROOT, capture_output=True
    )
    return done.returncode


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14])
def test_a_patch_killed_at_any_step_is_rolled_back_by_the_next_build(
    tmp_path: Path, steps: int
) -> None:
    out = tmp_path / "out"
    publish(OLD, out)
    before = tree(out)
    code = patch_killed_after(out, steps)
    if code == 0:
        assert tree(out) == {**tree(out), **NEW}  # it finished before the kill point
        return
    assert code == -signal.SIGKILL
    # the next build (of the previous content, as after a revert) sees the previous site
    stats = publish(OLD, out)
    assert tree(out) == before
    assert stats.written == 0  # the manifest agrees with every file again
    assert beside(out) == []


def test_a_patch_killed_after_it_completed_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(OLD, out)
    assert patch_killed_after(out, 1000) == 0
    publish(NEW, out)
    expected = tree(out)
    assert {k: v for k, v in expected.items() if k != MANIFEST} == NEW
    assert beside(out) == []


def test_a_swap_killed_between_its_two_renames_puts_the_previous_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system has no atomic exchange: killed after output/ was moved aside."""
    out = tmp_path / "out"
    publish({"a.html": b"A", "b.html": b"B"}, out)
    before = tree(out)
    pid = 999_999  # a process that is not running
    os.rename(out, out.parent / f".out.previous-{pid}")
    (out.parent / f".out.pending-{pid}").mkdir()
    monkeypatch.setattr(output_module, "_exchange", lambda a, b: False)
    publish({"a.html": b"A", "b.html": b"B"}, out)
    assert tree(out) == before
    assert beside(out) == []


def test_the_swap_is_one_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    publish({"a.html": b"A"}, out)
    calls: list[tuple[Path, Path]] = []
    real = output_module._exchange

    def spy(a: Path, b: Path) -> bool:
        calls.append((a, b))
        done = real(a, b)
        assert done, "renameat2(RENAME_EXCHANGE) is available on this Linux"
        assert (out / "b.html").exists()  # the new site is in place at once
        return done

    monkeypatch.setattr(output_module, "_exchange", spy)
    publish({"b.html": b"B"}, out)
    assert len(calls) == 1
    assert tree(out).keys() == {"b.html", MANIFEST}


def test_files_the_build_did_not_make_survive_every_kind_of_rebuild(tmp_path: Path) -> None:
    content = site(tmp_path)
    edit(content, "site.yaml", "as_of: 2023-06-30", "as_of: 2023-06-30\nkeep: [google1234.html]")
    out = tmp_path / "output"
    out.mkdir()
    (out / ".git" / "objects").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / "CNAME").write_text("minsheng.example.org\n")
    (out / ".nojekyll").write_text("")
    (out / "google1234.html").write_text("google-site-verification")
    kept = {k: v for k, v in tree(out).items()}
    build(content, out)  # first build into a gh-pages checkout: allowed, all kept
    assert {k: v for k, v in tree(out).items() if k in kept} == kept
    edit(content, PLAN, "title: 东区2022年民生实事\ndistrict", "title: 东区2022年实事\ndistrict")
    build(content, out)  # a small change: patched in place
    assert {k: v for k, v in tree(out).items() if k in kept} == kept
    for path in (content / "plans").glob("west-*.yaml"):
        path.unlink()
    (content / "plans" / "east-2023.yaml").unlink()
    build(content, out)  # most files change: a fresh tree swapped in
    assert {k: v for k, v in tree(out).items() if k in kept} == kept
    assert (out / ".git" / "objects").is_dir()


def test_a_full_disk_is_an_error_and_the_previous_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = site(tmp_path)
    out = tmp_path / "output"
    build(content, out)
    before = tree(out)
    edit(content, PLAN, "title: 东区2022年民生实事\ndistrict", "title: 东区2022年实事\ndistrict")

    def full(path: str, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    # every file of the site is written by this one function (open, write, close)
    monkeypatch.setattr(output_module, "_write_new", full)
    result = run("build", "--content", str(content), "--output", str(out), "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ")
    assert "No space left on device; free some space and build again" in result.stderr
    assert "Traceback" not in result.stderr
    monkeypatch.undo()
    assert tree(out) == before
    assert beside(out) == []


def test_markup_files_lose_forbidden_characters_and_other_files_are_kept_exactly(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    publish({"a.html": b"a\x01b", "f.atom": b"<x>\xef\xbf\xbe</x>", "s.txt": b"t\x01"}, out)
    assert (out / "a.html").read_bytes() == b"ab"
    assert (out / "f.atom").read_bytes() == b"<x></x>"
    assert (out / "s.txt").read_bytes() == b"t\x01"  # an archived original text, as it is


def test_a_folder_with_other_files_is_still_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "CNAME").write_text("x")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="not made by minsheng"):
        publish({"index.html": b"x"}, out)
    assert tree(out) == {"CNAME": b"x", "notes.txt": b"mine"}


# --- killed builders: their workers stop, the next build cleans up --------------------------

WORKER_BUILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from generator import render
    from generator.build import Builder, BuildOptions
    render.PARALLEL_MIN_PAGES = 1  # fork workers even for the small fixture site
    slow = render.Renderer.render
    def render_slowly(self, page):
        import time; time.sleep(0.3)
        return slow(self, page)
    render.Renderer.render = render_slowly
    Builder(Path(sys.argv[1]), Path(sys.argv[2]), BuildOptions(jobs=3)).build()
    """
)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether a process is there and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_builder(tmp_path: Path) -> None:
    content = site(tmp_path)
    out = tmp_path / "output"
    build(content, out)
    before = tree(out)
    edit(content, PLAN, "title: 东区2022年民生实事\ndistrict", "title: 东区2022年实事\ndistrict")
    builder = subprocess.Popen(
        [sys.executable, "-c", WORKER_BUILD, str(content), str(out)], cwd=ROOT
    )
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children_of(builder.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the builder forked its render workers"
    pending = out.parent / f".output.pending-{builder.pid}"
    time.sleep(0.2)
    builder.kill()
    builder.wait()
    time.sleep(1.0)
    assert [pid for pid in workers if running(pid)] == []
    assert tree(out) == before  # nothing published
    size = sum(p.stat().st_size for p in pending.rglob("*") if p.is_file())
    time.sleep(0.5)
    assert sum(p.stat().st_size for p in pending.rglob("*") if p.is_file()) == size
    build(content, out)
    assert beside(out) == []


KILLED_BUILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from generator.build import Builder, BuildOptions
    Builder(Path(sys.argv[1]), Path(sys.argv[2]),
            BuildOptions(jobs=1, today=date(2023, 6, 30))).build()
    """
)


def test_builds_killed_at_random_moments_leave_a_whole_site(tmp_path: Path) -> None:
    """kill -9 at 15 random moments of builds that patch or swap: once the next build has
    recovered what the killed one left (a patch is rolled back from its journal), output/
    is either the previous site or the new one, never a mix, and nothing is left beside it."""
    content = site(tmp_path)
    out = tmp_path / "output"
    versions = []
    titles = ["东区2022年民生实事", "东区2022年实事", "东区实事"]
    build(content, out)
    versions.append(tree(out))
    for title in titles[1:]:
        edit(content, PLAN, f"\ntitle: {titles[len(versions) - 1]}\n", f"\ntitle: {title}\n")
        build(content, out)
        versions.append(tree(out))
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", KILLED_BUILD, str(content), str(out)], cwd=ROOT)
    duration = time.monotonic() - started
    chance = random.Random(22)
    current = written = 2  # the version output/ holds, the one the content holds
    for _ in range(15):
        target = chance.randrange(3)
        edit(content, PLAN, f"\ntitle: {titles[written]}\n", f"\ntitle: {titles[target]}\n")
        written = target
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_BUILD, str(content), str(out)], cwd=ROOT
        )
        time.sleep(chance.uniform(0.3, duration))
        proc.kill()
        proc.wait()
        # What the next build does first: roll back a patch the kill interrupted.
        output_module.Publication(out).abort()
        assert beside(out) == []
        now = tree(out)
        assert now in (versions[current], versions[target])
        current = versions.index(now)
    build(content, out)
    assert tree(out) == versions[written]
    assert beside(out) == []


ORPHANED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from generator.output import Publication
    publication = Publication(Path(sys.argv[1]))
    child = os.fork()
    if child == 0:  # a worker that goes on placing files after its builder is gone
        time.sleep(0.5)
        for n in range(300):
            publication.place(f"p/{n}.html", b"x")
            time.sleep(0.01)
        os._exit(0)
    print(child, flush=True)
    os.kill(os.getpid(), 9)  # the builder is killed
    """
)


def test_a_worker_stops_placing_files_once_its_builder_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", ORPHANED_WRITER, str(out)], cwd=ROOT, capture_output=True, text=True
    )
    worker = int(done.stdout)
    time.sleep(1.5)  # the worker would still be writing (300 files, 3 s)
    assert not running(worker)
    for pending in tmp_path.glob(".out.pending-*"):
        assert list(pending.rglob("*.html")) == []  # it stopped before writing anything
