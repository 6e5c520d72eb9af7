"""The only module that writes the site, all or nothing.

A build opens a :class:`Publication` once its content has been checked, hands it every
file as it is produced, and commits it when everything succeeded. Files go to a pending
folder next to ``output/`` as they come (render workers write there directly), so a large
site is never held in memory; a file whose bytes ``output/`` already holds is not written
at all. Nothing in ``output/`` changes before :meth:`Publication.commit`, and a build that
fails calls :meth:`Publication.abort`, which only removes the pending folder.

Committing takes one of two ways:

- **Swap** (a first build, or when many files changed): the unchanged files are
  hard-linked from the previous output into the pending folder, which is then exchanged
  with ``output/`` in one atomic rename (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere
  two renames, and a build killed between them has the previous site put back by the
  next one), so a site is there at every instant.
- **Patch** (a rebuild that changed a few files, as while editing with ``minsheng
  serve``): each changed file is renamed over its old version; removed files go. A journal
  of every planned step is written first and the previous versions are kept aside until
  the end; if anything fails, or the build is killed, every replaced or removed file is
  put back (by the next build, for a killed one) and the previous manifest with them.
  Making the thousands of page folders again for each small edit cost more than the rest
  of the rebuild.

Either way unchanged files keep their modification time (rsync and CDNs upload only what
changed), files of removed plans disappear, and files minsheng did not make that a site
keeps in its output (``.git``, ``CNAME``, ``.nojekyll`` and the names listed under
``keep:`` in site.yaml) survive. The manifest is written as the last step of a publish,
so it lists what ``output/`` holds only once the publish is complete. Paths come from
content (plan ids, slugs); each one is checked to stay inside the output folder before
anything is written.

Markup and data files pass through :func:`generator.safety.scrub_markup` on their way
in: whatever the writers were given, no page, feed, sitemap or data file holds a
character that XML 1.0 forbids. Render workers forked by the builder die with it: a
killed build leaves no process writing a pending folder behind it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import MinshengError
from generator.safety import scrub_markup

MANIFEST = ".minsheng-manifest.json"
# What a site keeps in its output folder that minsheng did not make: a gh-pages checkout,
# GitHub Pages' custom domain and its switch for folders starting with '_'. site.yaml's
# ``keep:`` adds names.
ALWAYS_KEPT = (".git", "CNAME", ".nojekyll")
# Files that pass through scrub_markup: every format an XML or HTML parser may read, and
# the open data (a CSV cell or JSON string is often pasted into one).
MARKUP_SUFFIXES = (".html", ".xml", ".atom", ".json", ".csv", ".svg")
JOURNAL = "journal.json"  # in a patch's set-aside folder: the steps it is taking
JOURNAL_DONE = "done"  # the journal renamed once every step is taken
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


def check_output_folder(output: Path, keep: Iterable[str] = ALWAYS_KEPT) -> None:
    """Refuse to replace a folder that minsheng did not make (e.g. ``--output ~``); one
    that holds only kept names (a fresh gh-pages checkout) is fine."""
    if output.is_symlink():
        raise OutputError(f"output folder {output} is a symbolic link; give the real folder")
    if output.exists():
        if not output.is_dir():
            raise OutputError(f"output path {output} exists and is not a folder")
        if (output / MANIFEST).exists():
            return
        top = {PurePosixPath(k).parts[0] for k in keep}
        if any(entry.name not in top for entry in output.iterdir()):
            raise OutputError(
                f"output folder {output} is not empty and was not made by minsheng; "
                "remove it or choose another --output"
            )


def _disk_error(what: str, exc: OSError) -> OutputError:
    """An operating-system failure (a full disk, a read-only folder) as an error to show."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason += "; free some space and build again"
    return OutputError(f"{what}: {reason}")


def _recover_leftovers(output: Path) -> None:
    """Finish what builds that were killed (their process is gone) left beside the output:
    a patch is rolled back from its journal, a site moved aside by a two-rename swap is put
    back when there is no output, and pending trees are removed, so nothing piles up and
    ``output/`` and its manifest agree again."""
    found: list[tuple[str, Path]] = []
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
        found.append((kind, leftover))
    for kind, leftover in sorted(found, key=lambda one: one[0] != "replaced"):
        if kind == "replaced":
            _roll_back(output, leftover)
        elif kind == "previous" and not output.exists() and (leftover / MANIFEST).is_file():
            os.rename(leftover, output)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _write_new(path: str, data: bytes) -> None:
    """Write a file with open, write and close only: Python's buffered file objects add a
    terminal check, seeks and a stat to each of the tens of thousands of files."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


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

    def __init__(self, output: Path, keep: Iterable[str] = ()) -> None:
        self.output = output.absolute()
        self.kept_names = tuple(
            dict.fromkeys((*ALWAYS_KEPT, *(str(safe_relative(k)) for k in keep)))
        )
        self.pending = self.output.parent / f".{self.output.name}.pending-{os.getpid()}"
        self.owner = os.getpid()  # the builder; forked workers place files too
        self.manifest: dict[str, str] = {}
        self.written: set[str] = set()
        self.size = 0
        # folders of the pending tree this process has made (render workers each keep
        # their own copy; making one twice is harmless)
        self._folders: set[str] = set()
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            _recover_leftovers(self.output)  # before the manifest is trusted
            check_output_folder(self.output, self.kept_names)
            self.old_manifest = _read_manifest(self.output) if self.output.exists() else None
            self.pending.mkdir()
        except OSError as exc:
            raise _disk_error(f"cannot prepare the output folder {self.output}", exc) from exc

    def place(self, path: str, data: bytes) -> Placed:
        """Write ``data`` to the pending folder unless the output already holds it."""
        _die_with(self.owner)
        rel = str(safe_relative(path))
        if rel.endswith(MARKUP_SUFFIXES):
            data = scrub_markup(data)
        hashed = digest(data)
        old = self.old_manifest
        if old is not None and old.get(rel) == hashed and _size_is(self.output / rel, len(data)):
            return rel, hashed, False, len(data)
        target = os.path.join(self.pending, rel)
        folder = os.path.dirname(target)
        try:
            if folder not in self._folders:
                # Made before the first file in it, not after a failed open: most pages
                # are alone in their folder, and the failed open cost a system call each.
                if not self.pending.is_dir():  # the build was aborted: make nothing again
                    raise OutputError(f"the build into {self.output} was stopped")
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            _write_new(target, data)
        except FileNotFoundError:
            if not self.pending.is_dir():
                raise OutputError(f"the build into {self.output} was stopped") from None
            raise
        except OSError as exc:
            raise _disk_error(f"cannot write {rel} into {self.pending}", exc) from exc
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
        """Make ``output`` hold exactly the recorded files (and the kept ones)."""
        try:
            return self._commit()
        except OSError as exc:
            raise _disk_error(
                f"publishing into {self.output} failed (the previous site is unchanged)", exc
            ) from exc
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
        _carry_kept(output, self.pending, [k for k in self.kept_names if k not in manifest])
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


def _carry_kept(output: Path, pending: Path, names: list[str]) -> None:
    """Hard-link the kept files and folders of the previous output into the new tree, so
    they are there before and after the swap."""
    for name in names:
        source, target = output / name, pending / name
        if not os.path.lexists(source) or os.path.lexists(target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_dir():
            shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(source), str(target))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel or a file system without it
    raise OSError(code, os.strerror(code), str(a))


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` in place of ``output``; the old tree goes."""
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site
        return
    previous = output.parent / f".{output.name}.previous-{os.getpid()}"
    if previous.exists():
        shutil.rmtree(previous)
    os.rename(output, previous)  # killed after this, the next build puts it back
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(previous, output)
        raise
    shutil.rmtree(previous, ignore_errors=True)


# --- workers die with their builder ----------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_guarded_pid = 0  # the worker process that has asked to die with its builder


def _die_with(owner: int) -> None:
    """In a forked worker: be killed when the builder dies (Linux), and in any case stop
    before writing once the builder is gone (the worker would otherwise render the rest of
    the site into a pending folder nobody will publish or remove)."""
    global _guarded_pid
    pid = os.getpid()
    if pid == owner:
        return
    if _guarded_pid != pid:
        _guarded_pid = pid
        if sys.platform.startswith("linux"):
            with contextlib.suppress(AttributeError, OSError):
                ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != owner:
        os._exit(1)


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
    """Rename the changed files over their old versions, the manifest last, and remove the
    removed ones, journalled so that a failure or a kill at any step can be undone.

    The set-aside folder holds ``journal.json`` (every step, written before the first) and,
    as ``<n>``, a hard link to the previous version of each file step ``n`` replaces or
    removes. Undoing puts back every set-aside file, removes the files that had no previous
    version and the folders made for them: :func:`_roll_back`.
    """
    (pending / MANIFEST).write_text(_manifest_text(manifest), "utf-8")
    aside = output.parent / f".{output.name}.replaced-{os.getpid()}"
    if aside.exists():
        shutil.rmtree(aside)
    aside.mkdir()
    replacing = [*changed, MANIFEST]
    existed = [(output / rel).exists() for rel in replacing]
    new_dirs: dict[str, None] = {}
    for rel in replacing:
        for parent in reversed(PurePosixPath(rel).parents[:-1]):
            if str(parent) not in new_dirs and not (output / parent).exists():
                new_dirs[str(parent)] = None
    journal = {
        "replaced": [[rel, had] for rel, had in zip(replacing, existed, strict=True)],
        "removed": removed,
        "folders": list(new_dirs),
    }
    _write_synced(aside / f"{JOURNAL}.tmp", json.dumps(journal).encode("utf-8"))
    os.rename(aside / f"{JOURNAL}.tmp", aside / JOURNAL)  # from here on, undo is possible
    try:
        for folder in new_dirs:
            (output / folder).mkdir(exist_ok=True)
        for n, (rel, had) in enumerate(zip(replacing, existed, strict=True)):
            target = output / rel
            if had:
                os.link(target, aside / str(n))
            os.replace(pending / rel, target)
        for n, rel in enumerate(removed, start=len(replacing)):
            target = output / rel
            if target.is_file():
                os.replace(target, aside / str(n))
    except BaseException:
        _roll_back(output, aside)
        raise
    os.rename(aside / JOURNAL, aside / JOURNAL_DONE)  # complete: never undone
    shutil.rmtree(aside, ignore_errors=True)
    _remove_empty_folders(output, removed)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _roll_back(output: Path, aside: Path) -> None:
    """Undo a patch from its set-aside folder (see :func:`_patch`); safe to run again if
    interrupted. A patch whose journal is marked done, or that had not begun, is left as
    it is."""
    try:
        journal = json.loads((aside / JOURNAL).read_text("utf-8"))
        replaced = [(str(rel), bool(had)) for rel, had in journal["replaced"]]
        removed = [str(rel) for rel in journal["removed"]]
        folders = [str(folder) for folder in journal["folders"]]
    except (OSError, ValueError, KeyError, TypeError):
        shutil.rmtree(aside, ignore_errors=True)  # done, or nothing touched yet
        return
    for n, (rel, had) in enumerate(replaced):
        target, previous = output / safe_relative(rel), aside / str(n)
        if previous.exists():
            os.replace(previous, target)
        elif not had:
            target.unlink(missing_ok=True)
    for n, rel in enumerate(removed, start=len(replaced)):
        previous = aside / str(n)
        if previous.exists():
            target = output / safe_relative(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(previous, target)
    for folder in sorted(folders, key=lambda f: len(PurePosixPath(f).parts), reverse=True):
        with contextlib.suppress(OSError):
            (output / safe_relative(folder)).rmdir()  # only when nothing else is in it
    shutil.rmtree(aside, ignore_errors=True)


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
