"""The only module that writes the site, all or nothing.

A build hands over every file it produced, after all checking and rendering succeeded, so
a content or template error never touches ``output/``. Two ways to publish:

- **Swap** (a first build, or when many files changed): everything is written to a fresh
  staging folder next to ``output/``, which is then swapped in by renaming. Files whose
  bytes did not change are hard-linked from the previous output instead of rewritten.
- **Patch** (a rebuild that changed a few files, as while editing with ``minsheng
  serve``): only changed files are replaced, each written to a temporary name and renamed
  over the old one; removed files go. The previous versions are kept aside until the
  end, and if anything fails every replaced or removed file is put back. Making the
  thousands of page folders again for each small edit cost more than the rest of the
  rebuild.

Either way unchanged files keep their modification time (rsync and CDNs upload only what
changed), and files of removed plans disappear. Paths come from content (plan ids,
slugs); each one is checked to stay inside the output folder before anything is written.
"""

from __future__ import annotations

import contextlib
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
WRITE_THREADS = 2  # measured: 4 threads were slower than 2 on this 2-core machine
# Patch in place when at most this share of files changed; else build a fresh tree.
PATCH_MAX_SHARE = 0.25


class OutputError(MinshengError):
    pass


@dataclass(frozen=True)
class WriteStats:
    files: int
    written: int
    linked: int  # unchanged files kept (hard-linked into a new tree, or left in place)
    bytes: int
    removed: int = 0


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


def _manifest_text(manifest: dict[str, str]) -> str:
    return json.dumps({"generator": "minsheng", "files": manifest}, sort_keys=True)


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
    """Make ``output`` hold exactly ``files`` (relative path → bytes)."""
    checked = {path: safe_relative(path) for path in files}
    output = output.absolute()
    check_output_folder(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    old_manifest = _read_manifest(output) if output.exists() else None
    manifest = {str(checked[path]): digest(data) for path, data in files.items()}
    size = sum(len(data) for data in files.values())
    if old_manifest is not None:
        changed = [
            p for p in files if old_manifest.get(str(checked[p])) != manifest[str(checked[p])]
        ]
        removed = sorted(set(old_manifest) - set(manifest))
        if len(changed) + len(removed) <= PATCH_MAX_SHARE * max(len(files), 1) and _patchable(
            output, [checked[p] for p in changed]
        ):
            if changed or removed:
                _patch(output, {str(checked[p]): files[p] for p in changed}, removed, manifest)
            return WriteStats(
                files=len(files),
                written=len(changed),
                linked=len(files) - len(changed),
                bytes=size,
                removed=len(removed),
            )
    written, linked = _swap_in(files, checked, manifest, old_manifest, output)
    return WriteStats(files=len(files), written=written, linked=linked, bytes=size)


# --- swap: a fresh tree ---------------------------------------------------------------------


def _swap_in(
    files: Mapping[str, bytes],
    checked: Mapping[str, PurePosixPath],
    manifest: dict[str, str],
    old_manifest: dict[str, str] | None,
    output: Path,
) -> tuple[int, int]:
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    previous = output.parent / f".{output.name}.previous-{os.getpid()}"
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        staging.mkdir()
        # Folders first (sorted, parents before children), then the files in threads: the
        # work is system calls, which run in parallel outside the GIL.
        jobs: list[tuple[Path, Path | None, bytes]] = []
        made_dirs: set[Path] = set()
        for path, data in sorted(files.items()):
            rel = checked[path]
            target = staging.joinpath(*rel.parts)
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            key = str(rel)
            unchanged = old_manifest is not None and old_manifest.get(key) == manifest[key]
            jobs.append((target, output.joinpath(*rel.parts) if unchanged else None, data))
        # One contiguous share per thread (ThreadPoolExecutor.map ignores chunksize, and a
        # future per file cost more than the writes).
        shares = [jobs[i::WRITE_THREADS] for i in range(WRITE_THREADS)]
        with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
            linked = sum(pool.map(_place_all, shares))
        if old_manifest == manifest:
            os.link(output / MANIFEST, staging / MANIFEST)
        else:
            (staging / MANIFEST).write_text(_manifest_text(manifest), "utf-8")
        _swap(staging, output, previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(jobs) - linked, linked


def _place_all(jobs: list[tuple[Path, Path | None, bytes]]) -> int:
    return sum(_place(job) for job in jobs)


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


# --- patch: a few files in place ------------------------------------------------------------


def _patchable(output: Path, changed: list[PurePosixPath]) -> bool:
    """Patching handles files replacing files; anything stranger gets a fresh tree."""
    for rel in changed:
        target = output.joinpath(*rel.parts)
        if target.is_dir():
            return False
        for parent in target.parents:
            if parent == output:
                break
            if parent.exists() and not parent.is_dir():
                return False
    return True


def _patch(
    output: Path, changed: dict[str, bytes], removed: list[str], manifest: dict[str, str]
) -> None:
    aside = output.parent / f".{output.name}.replaced-{os.getpid()}"
    if aside.exists():
        shutil.rmtree(aside)
    aside.mkdir()
    done: list[tuple[Path, Path | None]] = []  # (target, its previous version set aside)
    made_dirs: list[Path] = []
    try:
        for n, (rel, data) in enumerate([*sorted(changed.items()), (MANIFEST, b"")]):
            target = output.joinpath(*PurePosixPath(rel).parts)
            if rel == MANIFEST:
                data = _manifest_text(manifest).encode("utf-8")
            for parent in reversed(target.parents):
                if parent.is_relative_to(output) and not parent.exists():
                    parent.mkdir()
                    made_dirs.append(parent)
            temporary = target.with_name(f".{target.name}.minsheng-{os.getpid()}")
            temporary.write_bytes(data)
            kept = None
            if target.exists():
                kept = aside / str(n)
                os.link(target, kept)
            os.replace(temporary, target)
            done.append((target, kept))
        for n, rel in enumerate(removed, start=len(done)):
            target = output.joinpath(*PurePosixPath(rel).parts)
            if target.is_file():
                kept = aside / str(n)
                os.replace(target, kept)
                done.append((target, kept))
    except BaseException:
        for target, kept in reversed(done):
            if kept is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(kept, target)
            else:
                target.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            shutil.rmtree(folder, ignore_errors=True)
        for stray in output.rglob(f".*.minsheng-{os.getpid()}"):
            stray.unlink(missing_ok=True)
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    _remove_empty_folders(output, removed)


def _remove_empty_folders(output: Path, removed: list[str]) -> None:
    """Folders emptied by removed files go too (a deleted plan leaves no empty tree)."""
    folders = {
        parent
        for rel in removed
        for parent in output.joinpath(*PurePosixPath(rel).parts).parents
        if parent != output and parent.is_relative_to(output)
    }
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty
