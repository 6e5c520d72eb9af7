"""``minsheng new DIR``: a ready site for another region.

The starter site is package data under ``generator/starter/``: ``content/`` with an example
plan that passes ``minsheng check --strict``, a README for editors, a ``.gitignore`` and a
GitHub Actions workflow that checks, builds and deploys the site to GitHub Pages. The new
site has no theme of its own, so ``minsheng build`` uses the installed package's theme.

Existing files are never overwritten: a folder that is not empty is refused unless
``--force`` is given, and then only the files that are missing are added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit

from generator import __version__
from generator.errors import InputError, MinshengError
from generator.schema import SCHEMA_FILES, SCHEMA_FOLDER, schema_text

DEFAULT_TITLE = "民生实事追踪"
VERSION_PLACEHOLDER = "__VERSION__"
PACKAGE_PLACEHOLDER = "__PACKAGE__"
SITE_FILE = "content/site.yaml"
# Files named like these in an installed package are build leftovers, not starter files.
_SKIPPED_NAMES = {"__pycache__", ".DS_Store"}


def starter_root() -> Traversable:
    """The starter site shipped inside the package."""
    return files("generator") / "starter"


def starter_files(root: Traversable | None = None) -> dict[str, bytes]:
    """Every starter file as ``{relative POSIX path: bytes}``, sorted by path."""
    found: dict[str, bytes] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            if child.name in _SKIPPED_NAMES:
                continue
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            else:
                found[rel] = child.read_bytes()

    walk(root if root is not None else starter_root(), "")
    return dict(sorted(found.items()))


def normalise_base_url(value: str) -> str:
    """An absolute http(s) URL or a path from the root, ending with ``/``."""
    value = value.strip()
    parts = urlsplit(value)
    absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
    from_root = not parts.scheme and not parts.netloc and value.startswith("/")
    if not (absolute or from_root):
        raise InputError(
            f"'{value}' is neither an http(s) URL nor a path starting with '/' "
            "(e.g. https://example.org/minsheng/ or /minsheng/)",
            param="--base-url",
        )
    if parts.query or parts.fragment:
        raise InputError(
            f"'{value}' has a query or fragment; give the site's folder URL",
            param="--base-url",
        )
    return value if value.endswith("/") else value + "/"


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever characters it holds.
    return json.dumps(value, ensure_ascii=False)


def _set_top_level(text: str, key: str, value: str) -> str:
    """Replace the value of a top-level ``key:`` line, keeping the rest of the file."""
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    line = f"{key}: {_yaml_string(value)}"
    if pattern.search(text):
        return pattern.sub(lambda _: line, text, count=1)
    return text.rstrip("\n") + "\n" + line + "\n"


def running_package() -> str:
    """A pip requirement for the minsheng that is running: the Git commit it was installed
    from (pip records it, PEP 610), else its version (which pip finds only where that
    version is published)."""
    from importlib import metadata

    try:
        raw = metadata.distribution("minsheng").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        raw = None
    if raw:
        info = json.loads(raw)
        vcs = info.get("vcs_info") or {}
        url = str(info.get("url", ""))
        if vcs.get("vcs") == "git" and vcs.get("commit_id") and url.startswith("https://"):
            return f"git+{url}@{vcs['commit_id']}"
        if url.startswith("https://") and url.endswith(".whl"):
            return url
    return f"minsheng=={__version__}"


YAMLLINT = """\
# yamllint reads YAML 1.1, where the key `no` (a commitment's number) would be the boolean
# false; minsheng reads YAML 1.2, where it is a key. Keys are therefore not checked for
# truthy words, and long Chinese lines are fine.
extends: default
rules:
  truthy:
    check-keys: false
  line-length: disable
  document-start: disable
  comments:
    min-spaces-from-content: 1
"""


def editor_files() -> dict[str, bytes]:
    """What editors' tools read: the JSON Schemas, VS Code's mapping of them onto the
    content files (its YAML plugin), and a yamllint configuration."""
    out = {
        f"{SCHEMA_FOLDER}/{name}.schema.json": schema_text(name).encode() for name in SCHEMA_FILES
    }
    settings = {
        "yaml.schemas": {
            f"{SCHEMA_FOLDER}/{name}.schema.json": pattern for name, pattern in SCHEMA_FILES.items()
        },
        "yaml.yamlVersion": "1.2",
        "files.encoding": "utf8",
        "editor.insertSpaces": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
    }
    out[".vscode/settings.json"] = (
        json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    ).encode()
    out[".yamllint.yml"] = YAMLLINT.encode()
    return out


def personalise(
    starter: dict[str, bytes],
    *,
    title: str | None,
    base_url: str | None,
    package: str | None = None,
) -> dict[str, bytes]:
    """The starter files with the site's title, base URL and minsheng version filled in."""
    out = dict(starter)
    site = out[SITE_FILE].decode("utf-8")
    if title is not None:
        site = _set_top_level(site, "title", title)
    if base_url is not None:
        site = _set_top_level(site, "base_url", base_url)
    out[SITE_FILE] = site.encode("utf-8")
    spec = (package or running_package()).encode()
    for path, data in out.items():
        if PACKAGE_PLACEHOLDER.encode() in data:
            data = data.replace(PACKAGE_PLACEHOLDER.encode(), spec)
        if VERSION_PLACEHOLDER.encode() in data:
            data = data.replace(VERSION_PLACEHOLDER.encode(), __version__.encode())
        out[path] = data
    return out


@dataclass
class ScaffoldResult:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # existed already; left as they were
    git: bool = False  # a repository was initialised on main


def create_site(
    target: Path,
    *,
    title: str | None = None,
    base_url: str | None = None,
    force: bool = False,
    package: str | None = None,
) -> ScaffoldResult:
    """Write the starter site into ``target``; never overwrites a file."""
    if target.exists() and not target.is_dir():
        raise MinshengError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise MinshengError(
            f"{target} is not empty; choose a new folder, or use --force to add the starter "
            "files that are missing (existing files are never overwritten)"
        )
    if title is not None and not title.strip():
        raise InputError("the title is empty", param="--title")
    wanted = personalise(
        {**starter_files(), **editor_files()},
        title=title.strip() if title is not None else None,
        base_url=normalise_base_url(base_url) if base_url is not None else None,
        package=package,
    )
    if package is not None and (not package.strip() or any(c in package for c in '"\n\r')):
        raise InputError("not a pip requirement", param="--package")
    result = ScaffoldResult()
    for rel, data in wanted.items():
        path = target.joinpath(*rel.split("/"))
        if path.exists() or path.is_symlink():
            result.kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("xb") as fh:  # exclusive: fails rather than replace a file
                fh.write(data)
        except FileExistsError:
            result.kept.append(rel)
            continue
        result.written.append(rel)
    result.git = init_git(target)
    return result


def init_git(target: Path) -> bool:
    """``git init -b main`` in a new site (the workflow deploys from ``main``); False when
    git is missing or the folder is inside a repository already."""
    import shutil
    import subprocess

    if shutil.which("git") is None or (target / ".git").exists():
        return False
    inside = subprocess.run(
        ["git", "-C", str(target), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        check=False,
    )
    if inside.returncode == 0:
        return False
    done = subprocess.run(
        ["git", "init", "-q", "-b", "main", str(target)], capture_output=True, check=False
    )
    return done.returncode == 0
