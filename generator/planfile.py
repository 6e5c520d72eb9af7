"""Editing plan files: the only code that rewrites a plan YAML.

``minsheng update`` and ``minsheng import --updates-for`` both go through :func:`edit`:

- **Round trip.** The file is read with ruamel.yaml's round-trip mode, so comments, key
  order, quoting and flow/block layout stay as they were. The indentation is detected from
  the file itself (the first usual layout that reproduces it byte for byte); a file in an
  unusual layout is re-indented and the caller is told. Line endings (LF or CRLF) and a
  UTF-8 byte-order mark are kept.
- **Never anchors or aliases.** Two updates with the same date are the same ``date`` object
  to the YAML writer; left to itself it would write ``&id001``/``*id001``, which the
  project's loader (and so ``minsheng check``) refuses. The representer here never aliases.
- **Refuses what check refuses.** The file must pass the project's own loader before it is
  edited (a YAML error, GBK or an alias is reported, not edited around), and the edited
  text is read back with that loader and checked against the plan schema before it
  replaces the file: an edit that would add a problem is refused and nothing is written.
- **Dates in order.** Updates are kept oldest first (the checker's rule); a new update goes
  after every update of the same or an earlier date, so a back-filled older report never
  becomes the latest.
- **Atomic and locked.** The writer takes an exclusive lock on the plan file, re-reads it
  under the lock, writes a temporary file in the same folder, fsyncs it and renames it over
  the plan. A second writer waits for the lock (up to a timeout, then a clear error) and
  then edits the file the first one wrote, so concurrent edits are never lost, and a reader
  sees either the old or the new file, never a half-written one.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter

from generator.errors import Diagnostic, MinshengError, Severity, display_path
from generator.load import load_yaml
from generator.schema import PLAN, UPDATE

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

LOCK_TIMEOUT = 60.0  # seconds a writer waits for another one to finish
_LOCK_POLL = 0.01


class PlanFileError(MinshengError):
    """A plan file that cannot be edited as asked; nothing was written."""


class PlanFileBusy(PlanFileError):
    """Another process kept the plan file locked for longer than the timeout."""


class _NoAliasRepresenter(RoundTripRepresenter):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_none(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_NoAliasRepresenter.add_representer(type(None), _represent_none)


def yaml_writer(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    """The round-trip YAML instance for plan files (the default layout is the importer's:
    ``key:\\n  - a: 1``)."""
    y = YAML(typ="rt")
    y.Representer = _NoAliasRepresenter
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 100_000  # never re-wrap long lines
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


# Layouts tried, most common first: "key:\n  - a: 1\n    b: 2" and "key:\n- a: 1\n  b: 2".
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1))


def dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _fitting_yaml(text: str) -> tuple[YAML, Any, bool]:
    """A YAML instance whose output reproduces ``text`` unchanged, if one of the usual
    layouts does (with the data it loaded); otherwise the first layout and False."""
    first: tuple[YAML, Any] | None = None
    for layout in _LAYOUTS:
        y = yaml_writer(*layout)
        data = y.load(text)
        if dump(y, data) == text:
            return y, data, True
        first = first or (y, data)
    assert first is not None
    return first[0], first[1], False


@dataclass
class PlanText:
    """A plan file's text as read, and how to write it back the same way."""

    text: str  # with "\n" line endings
    newline: str = "\n"
    bom: bool = False

    @classmethod
    def decode(cls, raw: bytes) -> PlanText:
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
        crlf = text.count("\r\n")
        newline = "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"
        return cls(text.replace("\r\n", "\n"), newline, bom)

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


@dataclass
class PlanEdit:
    """A plan file loaded for editing: the round-trip data and messages for the user."""

    path: Path
    data: CommentedMap
    warnings: list[str] = field(default_factory=list)

    def commitments(self) -> list[CommentedMap]:
        items = self.data.get("commitments") if isinstance(self.data, dict) else None
        if not isinstance(items, list):
            raise PlanFileError(f"{display_path(self.path)} has no commitments list")
        return [c for c in items if isinstance(c, CommentedMap)]

    def numbers(self) -> list[int]:
        return [c["no"] for c in self.commitments() if isinstance(c.get("no"), int)]

    def commitment(self, no: int) -> CommentedMap | None:
        return next((c for c in self.commitments() if c.get("no") == no), None)


def _problems(path: Path) -> tuple[list[Diagnostic], list[Diagnostic], Any]:
    """Errors the project's loader (encoding, syntax, aliases, limits) and then the plan
    schema find in a file, and its plain data."""
    from generator.validate import Checker

    doc, loading = load_yaml(path)
    loading = [p for p in loading if p.severity is Severity.ERROR]
    schema: list[Diagnostic] = []
    if doc.data is not None and not loading:
        checker = Checker(doc)
        checker.check(PLAN, doc.data, ())
        schema = [p for p in checker.problems if p.severity is Severity.ERROR]
    data = doc.data
    doc.release()
    return loading, schema, data


def _describe(problems: list[Diagnostic], limit: int = 10) -> str:
    lines = [p.format() for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more")
    return "\n".join(lines)


def _same_problem(d: Diagnostic) -> tuple[str, str]:
    return d.field, d.message


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (the file itself, so no lock files are left).

    A writer replaces the file by renaming a new one over it; a process that waited on the
    old file's lock then finds that the path names another file and locks that one.
    """
    if fcntl is None:  # pragma: no cover - not POSIX
        with _lock_file(path, timeout):
            yield
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            raise PlanFileError(f"{display_path(path)}: no such plan file") from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise PlanFileBusy(
                            f"{display_path(path)} is being edited by another process "
                            f"(waited {timeout:.0f} s); try again when it has finished"
                        ) from None
                    time.sleep(_LOCK_POLL)
            try:
                current = os.stat(path).st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(fd).st_ino:
                yield
                return
        finally:
            os.close(fd)  # also releases the lock


@contextmanager
def _lock_file(path: Path, timeout: float) -> Iterator[None]:  # pragma: no cover
    """Where ``flock`` is missing: a lock file created exclusively beside the plan."""
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise PlanFileBusy(
                    f"{display_path(path)} is being edited by another process "
                    f"(or {lock} was left behind; remove it if no edit is running)"
                ) from None
            time.sleep(_LOCK_POLL)
    try:
        yield
    finally:
        lock.unlink()


def write_atomic(path: Path, data: bytes, *, like: Path | None = None) -> None:
    """Replace ``path`` with ``data``: temporary file in the same folder, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        model = like if like is not None and like.exists() else path
        mode = stat.S_IMODE(os.stat(model).st_mode) if model.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse it
        pass
    finally:
        os.close(fd)


def _read(path: Path) -> tuple[PlanText, list[Diagnostic]]:
    loading, schema, _ = _problems(path)
    if loading:  # the file as a whole is refused: nothing to edit safely
        raise PlanFileError(
            f"{display_path(path)} cannot be edited until `minsheng check` accepts it:\n"
            + _describe(loading)
        )
    try:
        return PlanText.decode(path.read_bytes()), schema
    except (OSError, UnicodeDecodeError) as exc:  # changed since it was checked
        raise PlanFileError(f"{display_path(path)}: cannot read it ({exc})") from exc


def _render(path: Path, change: Callable[[PlanEdit], T]) -> tuple[T, bytes, PlanEdit, list[Any]]:
    plan_text, before = _read(path)
    try:
        y, data, faithful = _fitting_yaml(plan_text.text)
    except YAMLError as exc:  # pragma: no cover - the project's loader accepted it
        raise PlanFileError(f"{display_path(path)}: {exc}") from exc
    if not isinstance(data, CommentedMap):
        raise PlanFileError(f"{display_path(path)} is not a plan (a mapping of plan fields)")
    edit_ = PlanEdit(path, data)
    if not faithful:
        edit_.warnings.append(
            f"{display_path(path)}: its indentation is unusual; other lines were re-indented too"
        )
    result = change(edit_)
    return result, plan_text.encode(dump(y, data)), edit_, before


def _verify(path: Path, new: bytes, before: list[Diagnostic]) -> Any:
    """Check ``new`` (the edited text of ``path``) with the project's loader and schema in a
    temporary file beside it; refuse it if it has problems the old text did not have."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".check")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
        loading, schema, data = _problems(tmp)
        after = loading + schema
    finally:
        with suppress(OSError):
            tmp.unlink()
    known = {_same_problem(d) for d in before}
    added = [d for d in after if _same_problem(d) not in known]
    if added:
        shown = [Diagnostic(display_path(path), d.line, d.column, d.field, d.message, d.hint)
                 for d in added]  # fmt: skip
        raise PlanFileError(
            "the edit would make the plan file fail `minsheng check`; nothing was written:\n"
            + _describe(shown)
        )
    return data


@dataclass
class Edited:
    """What an edit returned, the plan file's new text, and warnings for the user."""

    result: Any
    text: str
    warnings: list[str]
    data: Any  # the new file as the project's loader reads it (plain values)


def edit(
    path: Path,
    change: Callable[[PlanEdit], T],
    *,
    output: Path | None = None,
    write: bool = True,
    timeout: float = LOCK_TIMEOUT,
) -> Edited:
    """Apply ``change`` to the plan file ``path`` under its lock and write the result
    atomically to ``output`` (default: ``path`` itself; ``write=False`` only renders it).

    ``change`` gets the freshly read :class:`PlanEdit` and may raise a
    :class:`MinshengError` to refuse; then nothing is written.
    """
    with locked(path, timeout):
        result, new, edited, before = _render(path, change)
        data = _verify(path, new, before)
        target = output if output is not None else path
        if write:
            write_atomic(target, new, like=path)
    return Edited(result, new.decode("utf-8-sig").replace("\r\n", "\n"), edited.warnings, data)


# --- updates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewUpdate:
    """A progress report of one commitment, as it is written into the plan."""

    date: date
    status: str
    note: str
    progress: float | int | None = None
    source_url: str | None = None
    source_title: str | None = None
    kind: str = "government"  # "unsourced" when there is no public source
    archived: str | None = None  # the report's archived text, path under content/

    def as_map(self, flow_source: bool) -> CommentedMap:
        item = CommentedMap()
        item["date"] = self.date
        item["status"] = self.status
        if self.progress is not None:
            item["progress"] = self.progress
        if self.note:
            item["note"] = self.note
        source = CommentedMap()
        if self.source_url:
            source["url"] = self.source_url
        if self.source_title:
            source["title"] = self.source_title
        if self.archived:
            source["archived"] = self.archived
        source["kind"] = self.kind
        if flow_source:
            source.fa.set_flow_style()
        item["source"] = source
        return item

    def plain(self) -> dict[str, Any]:
        """The update as the project's loader reads it (dates as ISO text)."""
        source = {k: v for k, v in (("url", self.source_url), ("title", self.source_title),
                                    ("archived", self.archived), ("kind", self.kind))
                  if v is not None}  # fmt: skip
        values = {"date": self.date.isoformat(), "status": self.status,
                  "progress": self.progress, "note": self.note or None, "source": source}  # fmt: skip
        return {k: v for k, v in values.items() if v is not None}


def update_problems(new: NewUpdate) -> list[tuple[str, str]]:
    """(field, message) of every rule of the plan schema that ``new`` breaks: the checks
    ``minsheng check`` makes of an update, made before anything is written."""
    from generator.load import YamlDocument
    from generator.validate import Checker

    checker = Checker(YamlDocument(path=Path("update"), data=None))
    checker.check(UPDATE, new.plain(), ())
    return [(d.field, d.message + (f" ({d.hint})" if d.hint else "")) for d in checker.problems]


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Inserted:
    position: int  # index in the commitment's updates
    latest: bool  # the new update is the commitment's latest
    replaced: int  # updates of the same date removed first


def updates_of(item: CommentedMap, no: Any = None) -> CommentedSeq:
    """The commitment's ``updates`` list, made (as a block list) when missing or ``[]``."""
    updates = item.get("updates")
    if updates is None:
        updates = CommentedSeq()
        item["updates"] = updates
    elif not isinstance(updates, CommentedSeq):
        raise PlanFileError(f"commitment {no or item.get('no')}: 'updates' is not a list")
    if updates.fa.flow_style() and not updates:
        updates.fa.set_block_style()  # `updates: []` becomes a block list
    return updates


def dated(updates: CommentedSeq, when: date) -> list[int]:
    """Positions of the updates of date ``when``."""
    return [
        i for i, u in enumerate(updates) if isinstance(u, dict) and _as_date(u.get("date")) == when
    ]


def insert_update(
    item: CommentedMap, new: NewUpdate, *, replace_same_date: bool = False
) -> Inserted:
    """Put ``new`` into the commitment's updates in date order (after every update of the
    same or an earlier date); ``replace_same_date`` first removes those of its date."""
    updates = updates_of(item)
    replaced = 0
    if replace_same_date:
        for i in reversed(dated(updates, new.date)):
            del updates[i]
            replaced += 1
    pos = len(updates)
    while pos > 0:
        previous = updates[pos - 1]
        when = _as_date(previous.get("date")) if isinstance(previous, dict) else None
        if when is None or when <= new.date:
            break
        pos -= 1
    neighbour = updates[pos - 1] if pos > 0 else (updates[0] if updates else None)
    neighbour_source = neighbour.get("source") if isinstance(neighbour, dict) else None
    flow = isinstance(neighbour_source, CommentedMap) and bool(neighbour_source.fa.flow_style())
    entry = new.as_map(flow)
    if pos == len(updates):
        updates.append(entry)  # a comment after the last update stays above the new one
    else:
        updates.insert(pos, entry)
    return Inserted(pos, pos == len(updates) - 1, replaced)
