"""A plan draft from a plan text: what ``minsheng import`` does (the command itself is in
:mod:`generator.commands.importing`; progress reports are in :mod:`.updates`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.errors import MinshengError
from generator.folding import normalize
from generator.model import Category, ThemeSuggestion, suggest_categories
from generator.schema import PLAN_SCHEMA_LINE, SLUG_RE

from .departments import Registry
from .emit import plan_yaml
from .plan import ImportedCommitment, ImportedPlan, build_plan, summary_lines
from .proposals import add_to_file, proposal_block, proposals
from .readers import SourceText, read_source
from .text import to_simplified

HEADER = (
    "Draft imported by `minsheng import` from {archived}.\n"
    "Check it against the source (docs/import.md). Record every hand edit here as a line\n"
    "`hand-edited: <field path>` (e.g. `hand-edited: commitments[3].lead`)."
)


class ImportFailed(MinshengError):
    """An import that cannot be done as asked."""


def _load_yaml(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path}: cannot read it ({exc}); run `minsheng check`") from exc


def _guess_district(plan: ImportedPlan, districts: Any) -> str | None:
    if not isinstance(districts, list):
        return None
    where = normalize(f"{plan.title}{plan.issuer or ''}{plan.source.get('title', '')}")
    found = []
    for d in districts:
        if not isinstance(d, dict) or "slug" not in d:
            continue
        names = [str(d[k]) for k in ("full_name", "name") if d.get(k)]
        if any(normalize(n) in where for n in names):
            found.append(str(d["slug"]))
    return found[0] if len(found) == 1 else None


def read_categories(data: Any) -> list[Category]:
    """The themes of categories.yaml, as far as suggesting needs them (`minsheng check`
    reports what is wrong with the file)."""
    out: list[Category] = []
    for d in data if isinstance(data, list) else []:
        if isinstance(d, dict) and isinstance(d.get("slug"), str) and d.get("name"):

            def words(key: str, d: dict[str, Any] = d) -> tuple[str, ...]:
                value = d.get(key)
                return tuple(str(k) for k in value if k) if isinstance(value, list) else ()

            out.append(
                Category(
                    d["slug"],
                    str(d["name"]),
                    str(d["name"]),
                    words("keywords"),
                    exclude=words("exclude"),
                )
            )
    return out


def theme_suggestion(c: ImportedCommitment, categories: list[Category]) -> ThemeSuggestion:
    """The themes suggested for one drafted commitment, read in Simplified characters (the
    keywords' form) whatever the source's script."""
    fallback = "other" if any(k.slug == "other" for k in categories) else categories[-1].slug
    return suggest_categories(
        to_simplified(c.title) if c.title else None,
        to_simplified(c.text),
        to_simplified(c.section) if c.section else None,
        categories,
        fallback,
    )


def suggest_themes(plan: ImportedPlan, categories: list[Category]) -> None:
    """Each commitment's suggested themes (docs/content.md, "Themes"), for the editor to
    confirm or change; none without a categories.yaml."""
    if not categories:
        return
    for c in plan.commitments:
        found = theme_suggestion(c, categories)
        c.categories, c.theme_basis = found.categories, found.basis


def _archive(text: str, path: Path, force: bool) -> None:
    """Keep the original text under ``sources/`` (UTF-8)."""
    if path.exists():
        if path.read_text(encoding="utf-8", errors="replace") == text:
            return
        if not force:
            raise ImportFailed(
                f"{path} exists with a different text; use --force to replace the archived source"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _archived_text(source: Path, read: SourceText) -> str:
    if read.kind == "text" and read.encoding in ("utf-8", "utf-8-sig"):
        return source.read_bytes().decode(read.encoding)  # byte for byte, newlines kept
    return read.text


def _write(output: Path, text: str, force: bool, allowed: Path | None = None) -> None:
    same = allowed is not None and output.resolve() == allowed.resolve()
    if output.exists() and not force and not same:
        raise ImportFailed(f"{output} exists; use --force to overwrite it")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")


def import_plan(
    source: Path,
    *,
    district: str | None,
    year: int | None,
    plan_id: str | None,
    output: Path | None,
    force: bool,
    content: Path,
    dry_run: bool = False,
    add_departments: bool = False,
) -> tuple[str, list[str]]:
    """Import a plan text; returns the YAML and the summary lines.

    ``dry_run`` writes nothing (no archived source, no plan, no departments);
    ``add_departments`` appends the departments the draft names that ``departments.yaml``
    does not know, as proposals (printed instead with ``dry_run``).
    """
    read = read_source(source)
    departments = _load_yaml(content / "departments.yaml")
    districts = _load_yaml(content / "districts.yaml")
    plan, outline = build_plan(read.text, plan_id=plan_id, district=district, year=year)
    suggest_themes(plan, read_categories(_load_yaml(content / "categories.yaml")))
    if not plan.commitments:
        raise ImportFailed(
            f"{source}: no commitments found: no numbered items, table rows or lists "
            "(see docs/import.md)"
        )
    if not district:
        guessed = _guess_district(plan, districts)
        if guessed:
            plan.district = guessed
    if not plan.id and plan.district and plan.year:
        plan.id = f"{plan.district}-{plan.year}"
    if not plan.id:
        raise ImportFailed("cannot name the plan: give --id (or --district and --year)")
    if not SLUG_RE.match(plan.id) or len(plan.id) > 64:
        raise ImportFailed(f"plan id {plan.id!r} is not a lowercase ASCII slug like lvyuan-2022")
    if plan.district and not SLUG_RE.match(plan.district):
        raise ImportFailed(f"district {plan.district!r} is not a lowercase ASCII slug")
    plan_file = content / "plans" / f"{plan.id}.yaml"
    if output is not None and output.exists() and not force:
        raise ImportFailed(f"{output} exists; use --force to overwrite it")
    archived = f"sources/{plan.id}.txt"
    plan.source["archived"] = archived
    text = PLAN_SCHEMA_LINE + plan_yaml(plan, HEADER.format(archived=archived))
    if not dry_run:
        _archive(_archived_text(source, read), content / archived, force or not plan_file.exists())
    registry = Registry.from_mapping(departments, plan.district)
    summary = [f"{source}: read as {read.kind}" + (f" ({read.encoding})" if read.encoding else "")]
    summary += summary_lines(plan, outline, registry)
    new = proposals(plan, registry) if add_departments else []
    if new and not plan.district:
        summary.append("departments: not proposed (no district; use --district)")
    elif new and dry_run:
        summary.append("proposed for departments.yaml (not written: --dry-run):")
        summary += ["  " + ln for ln in proposal_block(plan.district, new).splitlines()]
    elif new:
        add_to_file(content / "departments.yaml", plan.district, new)
        summary.append(
            f"added {len(new)} proposed departments to {content / 'departments.yaml'} "
            f"under {plan.district} (marked '# proposed by import'; review them)"
        )
    if dry_run:
        summary.append("dry run: nothing written")
    elif output is not None:
        _write(output, text, force)
        summary.append(f"wrote {output}; archived the source as {content / archived}")
    elif plan_file.exists():
        summary.append(f"note: {plan_file} exists; it was not changed")
    return text, summary
