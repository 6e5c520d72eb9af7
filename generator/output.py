"""The only module that writes the site: into a staging folder, then swapped in.

A build hands over every file it produced; they are written to a fresh staging folder next
to ``output/`` and the folders are swapped only when everything is written. A failed or
interrupted build therefore leaves the previous site as it was, and files of removed plans
disappear. A file whose bytes did not change is hard-linked from the previous output rather
than rewritten, so it keeps its modification time (rsync and CDNs upload only what changed)
and costs no write.

Paths come from content (plan ids, slugs); each one is checked to stay inside the output
folder before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import MinshengError

MANIFEST = ".minsheng-manifest.json"
WRITE_THREADS = 4


class OutputError(MinshengError):
    pass


@dataclass(frozen=True)
class WriteStats:
    files: int
    written: int
    linked: int
    bytes: int


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that cannot leave the output folder, or OutputError."""
    if not path or "\x00" in path or "\\" in path:
        raise OutputError(f"refusing to write unsafe path {path!r}")
    rel = PurePosixPath(path)
    if rel.is_absolute() or any(part in ("", ".", "..") for part in rel.parts):
        raise OutputError(f"refusing to write path outside the output folder: {path!r}")
    return rel


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_manifest(output: Path) -> dict[str, str] | None:
    try:
        data = json.loads((output / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else None


def check_output_folder(output: Path) -> None:
    """Refuse to replace a folder that minsheng did not make (e.g. ``--output ~``)."""
    if output.is_symlink():
        raise OutputError(f"output folder {output} is a symbolic link; give the real folder")
    if output.exists():
        if not output.is_dir():
            raise OutputError(f"output path {output} exists and is not a folder")
        if (output / MANIFEST).exists():
            return
        if any(output.iterdir()):
            raise OutputError(
                f"output folder {output} is not empty and was not made by minsheng; "
                "remove it or choose another --output"
            )


def publish(files: Mapping[str, bytes], output: Path) -> WriteStats:
    """Replace ``output`` with exactly ``files`` (relative path → bytes)."""
    checked = {path: safe_relative(path) for path in files}
    output = output.absolute()
    check_output_folder(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    previous = output.parent / f".{output.name}.previous-{os.getpid()}"
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    old_manifest = _read_manifest(output) if output.exists() else None
    manifest: dict[str, str] = {}
    size = 0
    try:
        staging.mkdir()
        # Folders first (sorted, parents before children), then the files in threads: the
        # work is system calls, which run in parallel outside the GIL.
        targets: list[tuple[Path, Path | None, bytes]] = []
        made_dirs: set[Path] = set()
        for path, data in sorted(files.items()):
            rel = checked[path]
            target = staging.joinpath(*rel.parts)
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            h = digest(data)
            manifest[str(rel)] = h
            size += len(data)
            unchanged = old_manifest is not None and old_manifest.get(str(rel)) == h
            targets.append((target, output.joinpath(*rel.parts) if unchanged else None, data))
        with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
            linked = sum(pool.map(_place, targets, chunksize=256))
        written = len(targets) - linked
        manifest_text = json.dumps({"generator": "minsheng", "files": manifest}, sort_keys=True)
        if old_manifest == manifest:
            os.link(output / MANIFEST, staging / MANIFEST)
        else:
            (staging / MANIFEST).write_text(manifest_text, "utf-8")
        _swap(staging, output, previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteStats(files=len(files), written=written, linked=linked, bytes=size)


def _place(job: tuple[Path, Path | None, bytes]) -> bool:
    """Hard-link the unchanged previous file if there is one, else write; True if linked."""
    target, previous, data = job
    if previous is not None:
        try:
            if previous.stat().st_size == len(data):
                os.link(previous, target)
                return True
        except OSError:
            pass  # vanished or on another file system: write it
    target.write_bytes(data)
    return False


def _swap(staging: Path, output: Path, previous: Path) -> None:
    if output.exists():
        os.rename(output, previous)
        try:
            os.rename(staging, output)
        except BaseException:
            os.rename(previous, output)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(staging, output)
