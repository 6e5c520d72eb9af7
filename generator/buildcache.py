"""A build cache that outlives the process: ``minsheng build --cache DIR``.

``minsheng serve`` rebuilds in a few hundred milliseconds because its
:class:`~generator.build.Builder` keeps, in :class:`~generator.reuse.ReuseStore` objects,
what the last build made from unchanged inputs. A CI job starts a new process on a fresh
checkout every time; this module lets it start from the last job's builder instead:

- after a successful build the builder's stores are pickled together into
  ``DIR/builder.pickle`` (one pickle, so an object two stores share is still one object
  when read back, and the stores' comparison by identity holds again);
- the next ``minsheng build --cache DIR`` reads them back when the file was written by
  the same generator (a digest of its code and default theme), the same Python, for the
  same content and output folders and build options; anything else is ignored and the
  build starts from nothing (and writes a new cache);
- content files are then known by a digest of their bytes, not by mtime and inode (a
  checkout gives every file a new one), and the theme likewise (``theme_signature``).

Reuse rests on the output folder too: a page is not rendered again only while the output's
manifest still lists the bytes the cache says it had, so the workflow caches the output
folder beside ``DIR`` (``actions/cache``); without it every page is rendered again and
only loading and checking are saved. A cache is an optimisation only: whatever it holds,
the output is the bytes a build from scratch makes (``tests/rebuild/test_build_cache.py``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import generator
from generator import schema
from generator.build import Builder, BuildOptions, gc_paused
from generator.errors import MinshengError

CACHE_FILE = "builder.pickle"
FORMAT = 1  # of the file: a header dict, then the builder's stores, each one pickle
PACKAGE = Path(generator.__file__).resolve().parent


def code_digest() -> str:
    """A digest of the generator's own code and bundled theme: stores made by other code
    may hold objects of another shape, so they are never read."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE)).encode("utf-8") + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def header(content_dir: Path, output_dir: Path, options: BuildOptions) -> dict[str, Any]:
    """What a cache must have been made under to be used."""
    settings = {k: str(v) for k, v in sorted(asdict(options).items()) if k != "jobs"}
    return {
        "format": FORMAT,
        "generator": generator.__version__,
        "code": code_digest(),
        "python": sys.version,
        "content": str(content_dir.absolute()),
        "output": str(output_dir.absolute()),
        "options": settings,
    }


def _schema_constants() -> dict[int, str]:
    """The schema's module-level specs, pickled by name: checks are reused while their
    inputs include *the* spec object, which must be this process's one after loading."""
    return {id(v): k for k, v in vars(schema).items() if isinstance(v, schema.Spec)}


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._constants = _schema_constants()

    def persistent_id(self, obj: Any) -> str | None:
        return self._constants.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        value = getattr(schema, str(pid), None)
        if not isinstance(value, schema.Spec):
            raise pickle.UnpicklingError(f"unknown constant {pid!r}")
        return value


def load_builder(cache_dir: Path, builder: Builder) -> bool:
    """Give ``builder`` the stores kept in ``cache_dir`` if they were made under the same
    header; True when it did. An unreadable or foreign cache is ignored."""
    path = cache_dir / CACHE_FILE
    expected = header(builder.content_dir, builder.output_dir, builder.options)
    try:
        with open(path, "rb") as handle, gc_paused():
            unpickler = _Unpickler(handle)
            if unpickler.load() != expected:
                return False
            state = unpickler.load()
        builder.restore_state(state)
    except FileNotFoundError:
        return False
    except Exception:  # any broken cache means: build without it
        return False
    return True


def save_builder(cache_dir: Path, builder: Builder) -> None:
    """Keep ``builder``'s stores in ``cache_dir`` for the next process (written beside and
    renamed into place: a killed build leaves the previous cache, never half of one)."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = cache_dir / CACHE_FILE
        partial = cache_dir / f".{CACHE_FILE}.{os.getpid()}"
        try:
            with open(partial, "wb") as handle, gc_paused():
                pickler = _Pickler(handle)
                pickler.dump(header(builder.content_dir, builder.output_dir, builder.options))
                pickler.dump(builder.persisted_state())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        raise MinshengError(f"cannot write the build cache in {cache_dir}: {exc}") from exc


def cached_builder(
    content_dir: Path,
    output_dir: Path,
    options: BuildOptions,
    cache_dir: Path,
    **kwargs: Any,
) -> tuple[Builder, bool]:
    """A builder that keeps its stores across builds and knows files by their bytes, with
    the stores of ``cache_dir`` when they fit; and whether they did."""
    builder = Builder(
        content_dir, output_dir, options, incremental=True, stamps_by_content=True, **kwargs
    )
    return builder, load_builder(cache_dir, builder)
