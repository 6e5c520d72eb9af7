"""The only module that writes the site, all or nothing.

A build opens a :class:`Publication` once its content has been checked, hands it every
file as it is produced, and commits it when everything succeeded. Files go to a pending
folder next to ``output/`` as they come (render workers write there directly), so a large
site is never held in memory; a file whose bytes ``output/`` already holds is not written
at all. Nothing in ``output/`` changes before :meth:`Publication.commit`, and a build that
fails calls :meth:`Publication.abort`, which only removes the pending folder.

Committing takes one of two ways:

- **Swap** (a first build, or when many files changed): the unchanged files are
  hard-linked from the previous output into the pending folder, which is then swapped in
  by renaming.
- **Patch** (a rebuild that changed a few files, as while editing with ``minsheng
  serve``): each changed file is renamed over its old version; removed files go. The
  previous versions are kept aside until the end, and if anything fails every replaced or
  removed file is put back. Making the thousands of page folders again for each small edit
  cost more than the rest of the rebuild.

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
# Patch in place when at most this share of files changed; else swap in a fresh tree.
PATCH_MAX_SHARE = 0.25

# What placing one file did: (path, digest, written to the pending folder?, size).
Placed = tuple[str, str, bool, int]


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


def _remove_leftovers(output: Path) -> None:
    """Pending, previous and set-aside folders of builds that were killed (their process
    is gone), so they do not pile up beside the output."""
    for leftover in output.parent.glob(f".{output.name}.*-*"):
        kind, _, pid = leftover.name.removeprefix(f".{output.name}.").rpartition("-")
        if kind not in ("pending", "previous", "replaced") or not pid.isdigit():
            continue
        if int(pid) != os.getpid():
            try:
                os.kill(int(pid), 0)
                continue  # another build is running
            except ProcessLookupError:
                pass
            except PermissionError:
                continue
        shutil.rmtree(leftover, ignore_errors=True)


def _size_is(path: Path, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


class Publication:
    """One build's files on their way into ``output``.

    :meth:`place` may run in forked worker processes (it only writes to the pending
    folder and returns what it did); :meth:`record` notes the result in this process.
    """

    def __init__(self, output: Path) -> None:
        self.output = output.absolute()
        check_output_folder(self.output)
        self.old_manifest = _read_manifest(self.output) if self.output.exists() else None
        self.pending = self.output.parent / f".{self.output.name}.pending-{os.getpid()}"
        self.manifest: dict[str, str] = {}
        self.written: set[str] = set()
        self.size = 0
        self.output.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(self.output)
        self.pending.mkdir()

    def place(self, path: str, data: bytes) -> Placed:
        """Write ``data`` to the pending folder unless the output already holds it."""
        rel = str(safe_relative(path))
        hashed = digest(data)
        old = self.old_manifest
        if old is not None and old.get(rel) == hashed and _size_is(self.output / rel, len(data)):
            return rel, hashed, False, len(data)
        target = self.pending / rel
        try:
            target.write_bytes(data)
        except FileNotFoundError:  # its folder is not there yet
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return rel, hashed, True, len(data)

    def record(self, placed: Placed) -> None:
        rel, hashed, written, size = placed
        self.manifest[rel] = hashed
        if written:
            self.written.add(rel)
        else:
            self.written.discard(rel)
        self.size += size

    def add_all(self, files: Mapping[str, bytes]) -> list[Placed]:
        """Many files at once, written in threads (the work is system calls); what was
        done with each, in the order of ``files``."""
        items = list(files.items())
        if len(items) < 64:
            done = [self.place(path, data) for path, data in items]
        else:
            shares = [items[i::WRITE_THREADS] for i in range(WRITE_THREADS)]
            with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
                results = list(pool.map(self._place_share, shares))
            done = [results[i % WRITE_THREADS][i // WRITE_THREADS] for i in range(len(items))]
        for one in done:
            self.record(one)
        return done

    def _place_share(self, share: list[tuple[str, bytes]]) -> list[Placed]:
        return [self.place(path, data) for path, data in share]

    def keep(self, rel: str, hashed: str, size: int) -> bool:
        """Note a file an earlier build placed (``rel`` as :meth:`place` returned it) with
        these bytes, if the previous output's manifest still lists them (else False: the
        caller must produce the bytes again)."""
        old = self.old_manifest
        if old is None or old.get(rel) != hashed:
            return False
        self.record((rel, hashed, False, size))
        return True

    def abort(self) -> None:
        shutil.rmtree(self.pending, ignore_errors=True)

    def commit(self) -> WriteStats:
        """Make ``output`` hold exactly the recorded files."""
        try:
            return self._commit()
        finally:
            self.abort()

    def _commit(self) -> WriteStats:
        old, manifest, output = self.old_manifest, self.manifest, self.output
        changed = sorted(self.written)
        kept = len(manifest) - len(changed)
        if old is not None:
            removed = sorted(set(old) - set(manifest))
            small = len(changed) + len(removed) <= PATCH_MAX_SHARE * max(len(manifest), 1)
            if small and _patchable(output, changed):
                if old != manifest:
                    _patch(output, self.pending, changed, removed, manifest)
                return WriteStats(len(manifest), len(changed), kept, self.size, len(removed))
        unchanged = sorted(set(manifest) - self.written)
        _link_unchanged(output, self.pending, unchanged)
        if old == manifest:
            os.link(output / MANIFEST, self.pending / MANIFEST)
        else:
            (self.pending / MANIFEST).write_text(_manifest_text(manifest), "utf-8")
        _swap(self.pending, output)
        return WriteStats(len(manifest), len(changed), kept, self.size)


def publish(files: Mapping[str, bytes], output: Path) -> WriteStats:
    """Make ``output`` hold exactly ``files`` (relative path → bytes)."""
    for path in files:
        safe_relative(path)  # refuse before anything is made
    publication = Publication(output)
    try:
        publication.add_all(files)
    except BaseException:
        publication.abort()
        raise
    return publication.commit()


# --- swap: a fresh tree ---------------------------------------------------------------------


def _link_unchanged(output: Path, pending: Path, unchanged: list[str]) -> None:
    """Hard-link the unchanged files of the previous output into the pending tree."""
    made: set[Path] = set()
    pairs: list[tuple[Path, Path]] = []
    for rel in unchanged:  # sorted: parents before children
        target = pending / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        pairs.append((output / rel, target))
    shares = [pairs[i::WRITE_THREADS] for i in range(WRITE_THREADS)]
    with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
        list(pool.map(_link_all, shares))


def _link_all(pairs: list[tuple[Path, Path]]) -> None:
    for source, target in pairs:
        try:
            os.link(source, target)
        except OSError as exc:
            raise OutputError(
                f"{source} changed while the site was being built ({exc.strerror}); build again"
            ) from exc


def _swap(staging: Path, output: Path) -> None:
    previous = output.parent / f".{output.name}.previous-{os.getpid()}"
    if previous.exists():
        shutil.rmtree(previous)
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


def _patchable(output: Path, changed: list[str]) -> bool:
    """Patching handles files replacing files; anything stranger gets a fresh tree."""
    for rel in changed:
        target = output / rel
        if target.is_dir():
            return False
        for parent in target.parents:
            if parent == output:
                break
            if parent.exists() and not parent.is_dir():
                return False
    return True


def _patch(
    output: Path, pending: Path, changed: list[str], removed: list[str], manifest: dict[str, str]
) -> None:
    (pending / MANIFEST).write_text(_manifest_text(manifest), "utf-8")
    aside = output.parent / f".{output.name}.replaced-{os.getpid()}"
    if aside.exists():
        shutil.rmtree(aside)
    aside.mkdir()
    done: list[tuple[Path, Path | None]] = []  # (target, its previous version set aside)
    made_dirs: list[Path] = []
    try:
        for n, rel in enumerate([*changed, MANIFEST]):
            target = output / rel
            for parent in reversed(target.parents):
                if parent.is_relative_to(output) and not parent.exists():
                    parent.mkdir()
                    made_dirs.append(parent)
            kept = None
            if target.exists():
                kept = aside / str(n)
                os.link(target, kept)
            os.replace(pending / rel, target)
            done.append((target, kept))
        for n, rel in enumerate(removed, start=len(done)):
            target = output / rel
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
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    _remove_empty_folders(output, removed)


def _remove_empty_folders(output: Path, removed: list[str]) -> None:
    """Folders emptied by removed files go too (a deleted plan leaves no empty tree)."""
    folders = {
        parent
        for rel in removed
        for parent in (output / rel).parents
        if parent != output and parent.is_relative_to(output)
    }
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty
