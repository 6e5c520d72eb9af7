"""Checking content and assembling the model: every problem, precisely, at once.

:func:`load_content` reads all files under ``content/``, checks their shape against
:mod:`generator.schema`, cross-references them (districts, departments, categories, plan ids,
commitment numbers, ``continues`` links) and builds a :class:`generator.model.Content`.
Problems never stop the check early: all of them are collected and raised together as
:class:`generator.errors.ContentErrors`.
"""

from __future__ import annotations

import difflib
import math
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from generator import schema as s
from generator.errors import ContentErrors, Diagnostic, MinshengError, Severity, display_path
from generator.load import (
    OUTSIDE_HINT,
    FieldPath,
    YamlDocument,
    leaves,
    load_yaml_file,
    outside_problem,
)
from generator.messages import msg
from generator.model import (
    Category,
    Commitment,
    Contacts,
    Content,
    Department,
    District,
    Milestone,
    Plan,
    PlanSource,
    Responsible,
    Site,
    SourceRef,
    Target,
    Update,
    assign_slugs,
    derive_title,
    effective_status,
    is_overdue,
    is_past_deadline,
    normalize_name,
    suggest_categories,
)
from generator.reuse import ReuseStore
from generator.safety import (
    base_url_problem,
    describe_character,
    disguising_character,
    forbidden_character,
)

_INVALID = object()
FALLBACK_CATEGORY = "other"


def did_you_mean(word: str, choices: list[str] | set[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg("hint.did_you_mean", word=close[0]) if close else ""


@dataclass
class Checker:
    """Structural checks of one document against a :class:`generator.schema.Spec`."""

    doc: YamlDocument
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, path: FieldPath, message: str, hint: str = "", *, key: bool = False) -> None:
        self._add(self.doc.diagnostic(path, message, hint, key=key))

    def warning(self, path: FieldPath, message: str, hint: str = "") -> None:
        self._add(self.doc.diagnostic(path, message, hint, severity=Severity.WARNING))

    def _add(self, problem: Diagnostic) -> None:
        # A line reading the file already found wrong (a slip, a duplicate key) would only
        # be reported again in other words.
        doc = self.doc
        if problem.line not in doc.reported_lines and problem.field not in doc.reported_fields:
            self.problems.append(problem)

    def check(self, spec: s.Spec, value: Any, path: FieldPath) -> Any:
        """The value, normalised (dates parsed, lists made of one text); _INVALID if wrong."""
        handler = _HANDLERS.get(type(spec))
        assert handler is not None, f"no checker for {type(spec).__name__}"
        return handler(self, spec, value, path)

    def _wrong_type(self, spec: s.Spec, value: Any, path: FieldPath) -> Any:
        got = _describe(value)
        self.error(
            path, msg("check.wrong_type", wanted=type_name(spec), got=got), _type_hint(spec, value)
        )
        return _INVALID


def type_name(spec: s.Spec) -> str:
    """What a value of ``spec`` is, in the editor's language."""
    if isinstance(spec, s.Choice):
        return msg("type.choice", values=", ".join(spec.values))
    if isinstance(spec, s.Nullable):
        return msg("type.nullable", inner=type_name(spec.inner))
    return msg("type." + type(spec).__name__.lower())


def _describe(value: Any) -> str:
    if value is None:
        return msg("value.null")
    if isinstance(value, bool):
        return msg("value.bool", value=str(value).lower())
    if isinstance(value, int | float):
        return msg("value.number", value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:29] + "…"
        return msg("value.text", value=shown)
    if isinstance(value, list):
        return msg("value.list")
    return msg("value.mapping")


def _type_hint(spec: s.Spec, value: Any) -> str:
    if isinstance(spec, s.Text) and isinstance(value, int | float | bool):
        return msg("hint.quote_it")
    if isinstance(spec, s.ListOf) and isinstance(value, str):
        items = [p.strip() for p in re.split("[,、，]", value) if p.strip()] or [value]
        return msg("hint.write_list", fixed="[" + ", ".join(items) + "]")
    if isinstance(spec, s.Date):
        return msg("hint.date")
    return ""


def _check_characters(c: Checker, value: str, path: FieldPath) -> None:
    """Control characters, lone surrogates and U+FFFE/U+FFFF are errors (no page, feed
    or data file may hold them); invisible characters that disguise text are warnings."""
    found = forbidden_character(value)
    if found is not None:
        c.error(
            path,
            msg(
                "check.forbidden_character",
                character=describe_character(found.group()),
                at=found.start() + 1,
            ),
            msg("check.forbidden_character.fix"),
        )
    hidden = disguising_character(value)
    if hidden is not None:
        c.warning(
            path,
            msg(
                "check.disguising_character",
                character=describe_character(hidden.group()),
                at=hidden.start() + 1,
            ),
            msg("check.disguising_character.fix"),
        )


def _check_text(c: Checker, spec: s.Text, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, str):
        return c._wrong_type(spec, value, path)
    _check_characters(c, value, path)
    if len(value) > spec.max_length:
        c.error(path, msg("check.too_long", length=len(value), limit=spec.max_length))
        return _INVALID
    if len(value.strip()) < spec.min_length:
        c.error(path, msg("check.empty"))
        return _INVALID
    return value


def _check_slug(c: Checker, spec: s.Slug, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, str):
        return c._wrong_type(spec, value, path)
    if len(value) > s.SLUG_MAX or not s.SLUG_RE.match(value):
        c.error(
            path,
            msg("check.bad_id", value=value),
            msg("check.bad_id.fix"),
        )
        return _INVALID
    return value


def _check_url(c: Checker, spec: s.Url, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, str):
        return c._wrong_type(spec, value, path)
    if not value.startswith(("http://", "https://")) or any(ch.isspace() for ch in value):
        c.error(path, msg("check.bad_url", value=value[:80]), msg("check.bad_url.fix"))
        return _INVALID
    _check_characters(c, value, path)
    return value


def _check_date(c: Checker, spec: s.Date, value: Any, path: FieldPath) -> Any:
    if isinstance(value, str) and s.DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            c.error(path, msg("check.bad_date", value=value), msg("check.bad_date.fix"))
            return _INVALID
    return c._wrong_type(spec, value, path)


def _check_number(c: Checker, spec: s.Number, value: Any, path: FieldPath) -> Any:
    wanted = int if isinstance(spec, s.Integer) else int | float
    if isinstance(value, bool) or not isinstance(value, wanted):
        return c._wrong_type(spec, value, path)
    if not math.isfinite(value):
        shown = ".nan" if math.isnan(value) else "-.inf" if value < 0 else ".inf"
        c.error(path, f"{shown} is not a finite number", "write the number itself")
        return _INVALID
    if (spec.minimum is not None and value < spec.minimum) or (
        spec.maximum is not None and value > spec.maximum
    ):
        low = "" if spec.minimum is None else f"{spec.minimum:g}"
        high = "" if spec.maximum is None else f"{spec.maximum:g}"
        c.error(path, msg("check.out_of_range", value=value, low=low, high=high))
        return _INVALID
    return value


def _check_boolean(c: Checker, spec: s.Boolean, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, bool):
        return c._wrong_type(spec, value, path)
    return value


def _check_choice(c: Checker, spec: s.Choice, value: Any, path: FieldPath) -> Any:
    if isinstance(value, str) and value.strip() in spec.aliases:
        return spec.aliases[value.strip()]  # 已完成 → completed
    if not isinstance(value, str) or value not in spec.values:
        hint = did_you_mean(value, spec.values) if isinstance(value, str) else ""
        c.error(path, msg("check.not_allowed", got=_describe(value), wanted=type_name(spec)), hint)
        return _INVALID
    return value


def _check_nullable(c: Checker, spec: s.Nullable, value: Any, path: FieldPath) -> Any:
    return None if value is None else c.check(spec.inner, value, path)


def _check_list(c: Checker, spec: s.ListOf, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, list):
        return c._wrong_type(spec, value, path)
    if len(value) > spec.max_items:
        c.error(path, msg("check.too_many", count=len(value), limit=spec.max_items))
        return _INVALID
    out = [c.check(spec.item, item, (*path, i)) for i, item in enumerate(value)]
    return out


def _check_string_or_list(c: Checker, spec: s.StringOrList, value: Any, path: FieldPath) -> Any:
    if isinstance(value, str):
        _check_characters(c, value, path)
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        for i, v in enumerate(value):
            _check_characters(c, v, (*path, i))
        return value
    return c._wrong_type(spec, value, path)


def _check_obj(c: Checker, spec: s.Obj, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, dict):
        return c._wrong_type(spec, value, path)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in spec.fields:
            c.error(
                (*path, key),
                msg("check.unknown_field", key=key),
                did_you_mean(key, tuple(spec.fields))
                or msg("check.allowed", names=", ".join(spec.fields)),
                key=True,
            )
            continue
        out[key] = c.check(spec.fields[key].spec, item, (*path, key))
    for name, f in spec.fields.items():
        if f.required and name not in value:
            where = format_missing(path)
            c.error(
                path,
                msg("check.missing", name=name),
                msg("check.missing.fix", name=name, where=where),
            )
    return out


def format_missing(path: FieldPath) -> str:
    return msg("where.top") if not path else msg("where.entry")


def _check_map(c: Checker, spec: s.MapOf, value: Any, path: FieldPath) -> Any:
    if not isinstance(value, dict):
        return c._wrong_type(spec, value, path)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if not s.SLUG_RE.match(key):
            c.error(
                (*path, key), msg("check.bad_id", value=key), msg("check.use_district"), key=True
            )
            continue
        out[key] = c.check(spec.value, item, (*path, key))
    return out


_HANDLERS: dict[type, Callable[[Checker, Any, Any, FieldPath], Any]] = {
    s.Text: _check_text,
    s.Slug: _check_slug,
    s.Url: _check_url,
    s.Date: _check_date,
    s.Integer: _check_number,
    s.Number: _check_number,
    s.Choice: _check_choice,
    s.Boolean: _check_boolean,
    s.Nullable: _check_nullable,
    s.ListOf: _check_list,
    s.StringOrList: _check_string_or_list,
    s.Obj: _check_obj,
    s.MapOf: _check_map,
}


def ok(value: Any) -> bool:
    return value is not _INVALID and value is not None


def _contacts(data: Any) -> Contacts:
    if not isinstance(data, dict):
        return Contacts()
    return Contacts(**{name: _get(data, name) for name in s.CONTACTS.fields})


def _slug_entries(c: Checker, data: Any, kind: str) -> Iterator[dict[str, Any]]:
    """The entries of a list file (districts.yaml, categories.yaml) that have a slug and a
    name, each slug once: a repeated one is an error at its position and left out."""
    seen: set[str] = set()
    for i, d in enumerate(data if isinstance(data, list) else []):
        if not isinstance(d, dict) or not ok(d.get("slug")) or not ok(d.get("name")):
            continue
        if d["slug"] in seen:
            c.error((i, "slug"), f"duplicate {kind} '{d['slug']}'", "slugs must be unique")
            continue
        seen.add(d["slug"])
        yield d


def _get(data: dict[str, Any], key: str) -> Any:
    """A checked field's value, or None when it is absent or was reported as invalid."""
    value = data.get(key)
    return value if ok(value) else None


def _list(data: dict[str, Any], key: str) -> list[Any]:
    """A checked list field's items; none when it is absent or was reported as invalid
    (e.g. ``targets: 5``)."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def _check_keep(c: Checker, value: Any) -> tuple[str, ...]:
    """site.yaml's ``keep``: paths inside the output folder, as a build writes them."""
    out: list[str] = []
    for i, name in enumerate(value if isinstance(value, list) else []):
        if not ok(name):
            continue
        rel = PurePosixPath(name)
        if rel.is_absolute() or "\\" in name or any(p in ("", ".", "..") for p in rel.parts):
            c.error(("keep", i), f"'{name}' is not a path inside the output folder", "e.g. CNAME")
            continue
        out.append(rel.as_posix())
    return tuple(out)


def _check_base_url(c: Checker, value: str | None) -> str | None:
    """site.yaml's ``base_url`` if it is a path from the root or an http(s) URL: it is
    written into every link, robots.txt, the sitemap and the feeds."""
    if value is None:
        return None
    problem = base_url_problem(value)
    if problem is None:
        return value
    c.error(
        ("base_url",),
        f"'{value[:80]}' {problem}",
        "write a path such as / or /minsheng/, or a URL such as https://example.org/minsheng/",
    )
    return None


# --- assembling the model ------------------------------------------------------------------


@dataclass
class LoadResult:
    content: Content
    warnings: list[Diagnostic]
    yaml_seconds: float = 0.0  # time spent parsing YAML; the rest of loading is checking


@dataclass
class _Names:
    """Department names of one district: normalised name → department slug, and scopes."""

    by_name: dict[str, str] = field(default_factory=dict)
    scopes: set[str] = field(default_factory=set)
    canonical: list[str] = field(default_factory=list)


class ContentLoader:
    def __init__(
        self,
        root: Path,
        *,
        strict: bool,
        as_of: date | None,
        today: date,
        files: ReuseStore,
        checks: ReuseStore,
        stamps_by_content: bool = False,
    ) -> None:
        self.root = root
        self.stamps_by_content = stamps_by_content
        # Parsed files by their stamp, and what checking each found, tied to the parsed
        # document (the same object while the file is unchanged); see generator/reuse.py.
        self.files = files
        self.checks = checks
        self.documents: dict[str, YamlDocument] = {}  # what each file read was checked from
        self.strict = strict
        self.as_of_override = as_of
        self.today = today
        self.problems: list[Diagnostic] = []
        self.yaml_seconds = 0.0

    # -- files --

    def _read(self, name: str, spec: s.Spec, *, required: bool) -> tuple[Checker, Any]:
        path = self.root / name
        doc = YamlDocument(path=path, data=None)
        checker = Checker(doc)
        if not path.exists():
            if required:
                self.problems.append(
                    Diagnostic(
                        display_path(path),
                        1,
                        1,
                        "",
                        msg("check.file_missing"),
                        msg("check.file_missing.fix", name=name),
                    )
                )
            return checker, _INVALID
        outside = outside_problem(path, self.root, "content")
        if outside is not None:
            self.problems.append(outside)
            return checker, _INVALID
        started = time.perf_counter()
        doc, problems = load_yaml_file(self.files, path, by_content=self.stamps_by_content)
        self.yaml_seconds += time.perf_counter() - started
        checker.doc = doc
        self.problems.extend(problems)
        if problems and doc.data is None:
            return checker, _INVALID  # nothing was read; what was, is checked on
        if doc.data is None:
            checker.error((), msg("check.file_empty"), msg("check.file_empty.fix"))
            self.problems.extend(checker.problems)
            return checker, _INVALID
        self.documents[name] = doc

        def check() -> tuple[Any, list[Diagnostic]]:
            return checker.check(spec, doc.data, ()), list(checker.problems)

        value, found = self.checks.get(("structure", name), (doc, spec), check)
        self.problems.extend(found)
        checker.problems = []
        return checker, value

    def _report(self, checker: Checker) -> None:
        self.problems.extend(checker.problems)
        checker.problems = []

    def _unknown_unit(self, c: Checker, path: FieldPath, name: str, known: list[str]) -> None:
        message = msg("check.unknown_unit", name=name)
        hint = did_you_mean(name, known) or msg("check.unknown_unit.fix")
        if self.strict:
            c.error(path, message, hint)
        else:
            c.warning(path, message, hint)

    # -- sections --

    def site(self) -> Site:
        c, data = self._read("site.yaml", s.SITE, required=True)
        if not isinstance(data, dict):
            data = {}
        as_of = self.as_of_override or (_get(data, "as_of"))
        base_url = _check_base_url(c, _get(data, "base_url")) or "/"
        keep = _check_keep(c, data.get("keep"))
        self._report(c)
        return Site(
            title=_get(data, "title") or "minsheng",
            description=data.get("description") or "",
            base_url=base_url,
            language=_get(data, "language") or "zh-CN",
            as_of=as_of or self.today,
            licence=data.get("licence") or "CC BY 4.0",
            repository=_get(data, "repository"),
            keep=keep,
            contacts=_contacts(_get(data, "contacts")),
            publisher=_get(data, "publisher"),
            corrections=_get(data, "corrections"),
            icp=_get(data, "icp") or None,
            police_record=_get(data, "police_record") or None,
        )

    def districts(self) -> dict[str, District]:
        c, data = self._read("districts.yaml", s.DISTRICTS, required=True)
        out: dict[str, District] = {}
        for d in _slug_entries(c, data, "district"):
            out[d["slug"]] = District(
                slug=d["slug"],
                name=d["name"],
                full_name=d.get("full_name") or "",
                parent=d.get("parent") or "",
                level=d.get("level") or "district",
                contacts=_contacts(_get(d, "contacts")),
            )
        self._report(c)
        return out

    def departments(
        self, districts: dict[str, District]
    ) -> tuple[dict[tuple[str, str], Department], dict[str, _Names], Checker]:
        c, data = self._read("departments.yaml", s.DEPARTMENTS, required=False)
        inputs = (self.documents.get("departments.yaml"), self.documents.get("districts.yaml"))

        def check() -> tuple[
            dict[tuple[str, str], Department], dict[str, _Names], list[Diagnostic]
        ]:
            found = Checker(c.doc)
            depts, names = self._departments(found, data, districts)
            return depts, names, found.problems

        depts, names, problems = self.checks.get(("departments",), inputs, check)
        c.problems.extend(problems)
        return dict(depts), names, c  # a copy: unlisted departments get added to it

    def _departments(
        self, c: Checker, data: Any, districts: dict[str, District]
    ) -> tuple[dict[tuple[str, str], Department], dict[str, _Names]]:
        depts: dict[tuple[str, str], Department] = {}
        names: dict[str, _Names] = defaultdict(_Names)
        for district, entry in data.items() if isinstance(data, dict) else []:
            if district not in districts:
                c.error(
                    (district,),
                    msg("check.unknown_district", district=district),
                    did_you_mean(district, set(districts)) or msg("check.unknown_district.fix"),
                    key=True,
                )
                continue
            if not isinstance(entry, dict):
                continue
            table = names[district]
            for j, scope in enumerate(entry.get("scopes") or []):
                if ok(scope):
                    table.scopes.add(normalize_name(scope))
                    self._claim(c, table, scope, "", (district, "scopes", j))
            listed = [d for d in entry.get("departments") or [] if isinstance(d, dict)]
            explicit = {d["slug"] for d in listed if ok(d.get("slug"))}
            auto = assign_slugs(
                (d["name"] for d in listed if ok(d.get("name")) and not ok(d.get("slug"))),
                taken=explicit,
            )
            for j, d in enumerate(entry.get("departments") or []):
                if not isinstance(d, dict) or not ok(d.get("name")):
                    continue
                slug = _get(d, "slug") or auto[d["name"]]
                at: FieldPath = (district, "departments", j)
                if (district, slug) in depts:
                    c.error(
                        (*at, "slug"), f"duplicate department slug '{slug}'", "give one a `slug:`"
                    )
                    continue
                aliases = tuple(a for a in d.get("aliases") or [] if ok(a))
                depts[(district, slug)] = Department(
                    district=district,
                    slug=slug,
                    name=d["name"],
                    aliases=aliases,
                    website=_get(d, "website"),
                    foi_url=_get(d, "foi_url"),
                    hotline=_get(d, "hotline"),
                    office=_get(d, "office"),
                )
                table.canonical.append(d["name"])
                self._claim(c, table, d["name"], slug, (*at, "name"))
                for k, alias in enumerate(aliases):
                    self._claim(c, table, alias, slug, (*at, "aliases", k))
        return depts, names

    @staticmethod
    def _claim(c: Checker, table: _Names, name: str, slug: str, path: FieldPath) -> None:
        key = normalize_name(name)
        if key in table.by_name and table.by_name[key] != slug:
            c.error(
                path,
                f"'{name}' is already used by another department or scope",
                "names and aliases must be unique within a district",
            )
            return
        table.by_name[key] = slug

    def categories(self) -> dict[str, Category]:
        c, data = self._read("categories.yaml", s.CATEGORIES, required=True)
        out: dict[str, Category] = {}
        for d in _slug_entries(c, data, "category"):
            out[d["slug"]] = Category(
                slug=d["slug"],
                name=d["name"],
                name_en=d.get("name_en") or d["name"],
                keywords=tuple(k for k in d.get("keywords") or [] if ok(k)),
                description=d.get("description") or "",
                exclude=tuple(k for k in d.get("exclude") or [] if ok(k)),
            )
        self._report(c)
        return out

    def plans(
        self,
        site: Site,
        districts: dict[str, District],
        names: dict[str, _Names],
        depts: dict[tuple[str, str], Department],
        categories: dict[str, Category],
    ) -> list[tuple[Plan, Checker, dict[Any, int]]]:
        plan_dir = self.root / "plans"
        files = sorted([*plan_dir.glob("*.yaml"), *plan_dir.glob("*.yml")])
        seen_ids: dict[str, str] = {}
        out: list[tuple[Plan, Checker, dict[Any, int]]] = []
        category_list = list(categories.values())
        unlisted: dict[str, dict[str, str]] = defaultdict(dict)
        context_docs = tuple(
            self.documents.get(name)
            for name in ("site.yaml", "districts.yaml", "categories.yaml", "departments.yaml")
        )
        for path in files:
            rel = path.relative_to(self.root).as_posix()
            c, data = self._read(rel, s.PLAN, required=True)
            if not isinstance(data, dict):
                continue
            plan_id = _get(data, "id")
            if ok(plan_id):
                if plan_id != path.stem:
                    c.error(
                        ("id",),
                        msg("check.id_mismatch", id=plan_id, file=path.name),
                        msg("check.id_mismatch.fix", id=plan_id),
                    )
                if plan_id in seen_ids:
                    c.error(
                        ("id",),
                        msg("check.duplicate_plan", id=plan_id),
                        msg("check.duplicate_plan.fix", other=seen_ids[plan_id]),
                    )
                    self._report(c)
                    continue
                seen_ids[plan_id] = rel
            district = _get(data, "district")
            if ok(district) and district not in districts:
                c.error(
                    ("district",),
                    msg("check.unknown_district", district=district),
                    did_you_mean(district, set(districts)) or msg("check.unknown_district.fix"),
                )
                district = None
            year = _get(data, "year")
            source = _get(data, "source")
            if source and ok(source.get("archived")):
                self._check_archive(c, source["archived"])
            if not (ok(plan_id) and ok(district) and ok(year) and ok(data.get("title"))):
                self._report(c)
                continue
            table = names.get(district) or _Names()
            inputs = (c.doc, *context_docs, plan_id, district, year, self.strict)
            inputs += (site.as_of.isoformat(),)  # the one setting checking reads

            check = partial(
                self._plan,
                c,
                data,
                plan_id,
                district,
                year,
                table,
                categories,
                category_list,
                site,
                rel,
            )
            plan, own_problems, own_unlisted, numbered = self.checks.get(
                ("plan", rel), inputs, check
            )
            c.problems.extend(own_problems)
            for key, name in own_unlisted.items():
                unlisted[district].setdefault(key, name)
            out.append((plan, c, numbered))
            if not self.files.across_builds:
                c.doc.release()  # one-off build: no need to hold every file at once
        # Names that departments.yaml does not list still get pages, so nothing is hidden.
        for district, found in unlisted.items():
            taken = {slug for (d, slug) in depts if d == district}
            slugs = assign_slugs(found.values(), taken=taken)
            for name in found.values():
                depts[(district, slugs[name])] = Department(
                    district=district, slug=slugs[name], name=name, listed=False
                )
        if unlisted:
            out = [(self._with_unlisted(p, unlisted[p.district], depts), c, d) for p, c, d in out]
        return out

    def _with_unlisted(
        self, plan: Plan, found: dict[str, str], depts: dict[tuple[str, str], Department]
    ) -> Plan:
        """The plan with its unlisted units linked to their pages; the same object as last
        build while the plan and its district's unlisted names and slugs are unchanged."""
        if not found:
            return plan
        names = tuple(
            f"{d.name}\t{d.slug}"
            for (dist, _), d in depts.items()
            if dist == plan.district and not d.listed
        )
        return self.checks.get(
            ("unlisted", plan.id),
            (plan, *names),
            lambda: self._resolve_unlisted(plan, found, depts),
        )

    def _plan(
        self,
        c: Checker,
        data: dict[str, Any],
        plan_id: str,
        district: str,
        year: int,
        table: _Names,
        categories: dict[str, Category],
        category_list: list[Category],
        site: Site,
        rel: str,
    ) -> tuple[Plan, list[Diagnostic], dict[str, str], dict[Any, int]]:
        """One plan's model, the problems its commitments have, the unit names that
        departments.yaml does not list, and where each number stands in the file."""
        checker = Checker(c.doc)
        unlisted: dict[str, str] = {}  # in order of appearance
        commitments = self._commitments(
            checker, data, plan_id, district, year, table, categories, category_list, site, unlisted
        )
        source = _get(data, "source")
        plan = Plan(
            id=plan_id,
            title=data["title"],
            district=district,
            year=year,
            issuer=_get(data, "issuer"),
            document_number=data.get("document_number")
            if ok(data.get("document_number"))
            else None,
            published=_get(data, "published"),
            source=PlanSource(
                title=source.get("title"),
                url=_get(source, "url"),
                archived=_get(source, "archived"),
                publisher=source.get("publisher"),
                retrieved=_get(source, "retrieved"),
            )
            if source
            else None,
            summary=_get(data, "summary"),
            caveats=tuple(data.get("caveats") or ()) if ok(data.get("caveats")) else (),
            commitments=tuple(commitments),
            file=rel,
            verified=_get(data, "verified") is not False,
            year_text=_get(data, "year_text"),
            deadline=_get(data, "deadline"),
            deadline_text=_get(data, "deadline_text"),
        )
        if not plan.verified and not plan.caveats:
            checker.error(
                ("verified",),
                "a plan marked `verified: false` gives no reason",
                "add `caveats:` saying what is uncertain (the year, the issuer) and why",
            )
        if plan.deadline_text and plan.deadline is None:
            checker.error(
                ("deadline_text",),
                "`deadline_text` at plan level needs the date it means",
                "add `deadline: YYYY-MM-DD` beside it, e.g. 2017-12-31 for 年底前",
            )
        items = _list(data, "commitments")
        # Where each number stands in the file, for the cross-plan checks' positions.
        numbered = {item.get("no"): i for i, item in enumerate(items) if isinstance(item, dict)}
        return plan, checker.problems, unlisted, numbered

    def _resolve_unlisted(
        self, plan: Plan, found: dict[str, str], depts: dict[tuple[str, str], Department]
    ) -> Plan:
        if not found:
            return plan
        by_name = {
            d.name: d.slug
            for (dist, _), d in depts.items()
            if dist == plan.district and not d.listed
        }

        def fix(units: tuple[Responsible, ...]) -> tuple[Responsible, ...]:
            return tuple(
                Responsible(u.name, by_name[found[normalize_name(u.name)]])
                if u.department is None and not u.is_scope and normalize_name(u.name) in found
                else u
                for u in units
            )

        commitments = tuple(
            replace(c, lead=fix(c.lead), support=fix(c.support)) for c in plan.commitments
        )
        return replace(plan, commitments=commitments)

    def _check_archive(
        self, c: Checker, archived: str, at: FieldPath = ("source", "archived")
    ) -> None:
        rel = PurePosixPath(archived)
        if rel.is_absolute() or ".." in rel.parts or "\\" in archived:
            c.error(
                at,
                f"'{archived}' points outside content/",
                "use a path like sources/<plan-id>.txt",
            )
            return
        if leaves(self.root / rel, self.root):
            c.error(
                at,
                f"'{archived}' is a symbolic link that leads outside content/; it is not read",
                OUTSIDE_HINT,
            )
            return
        if not (self.root / rel).is_file():
            c.error(
                at,
                f"archived copy '{archived}' does not exist",
                f"put the original text at {display_path(self.root / rel)}",
            )

    @staticmethod
    def _themes(
        c: Checker,
        at: FieldPath,
        item: dict[str, Any],
        categories: dict[str, Category],
        category_list: list[Category],
    ) -> tuple[tuple[str, ...], str] | None:
        """The commitment's themes (primary first) and what they rest on: as given in
        ``categories`` (or the older single ``category``), else suggested from its words."""
        given: list[str] = []
        for k, slug in enumerate(_list(item, "categories")):
            if not ok(slug):
                continue
            if slug not in categories:
                c.error(
                    (*at, "categories", k),
                    f"unknown category '{slug}'",
                    did_you_mean(slug, set(categories)) or "see categories.yaml",
                )
            elif slug in given:
                c.error((*at, "categories", k), f"'{slug}' is listed twice", "list a theme once")
            else:
                given.append(slug)
        single: Any = _get(item, "category")
        if ok(single) and single not in categories:
            c.error(
                (*at, "category"),
                f"unknown category '{single}'",
                did_you_mean(single, set(categories)) or "see categories.yaml",
            )
            single = None
        if ok(single) and given and single != given[0]:
            c.error(
                (*at, "category"),
                f"category '{single}' is not the first of categories ({given[0]})",
                "the first of `categories` is the primary theme; drop `category` or make "
                "it the same",
            )
        if given:
            return tuple(given), "given"
        if ok(single):
            return (single,), "given"
        suggestion = suggest_categories(
            _get(item, "title"),
            item["text"],
            _get(item, "section"),
            category_list,
            FALLBACK_CATEGORY,
        )
        if suggestion.categories[0] not in categories:
            c.error(
                at,
                "no category given and none could be derived",
                f"add `categories:` or a '{FALLBACK_CATEGORY}' category to categories.yaml",
            )
            return None
        return suggestion.categories, suggestion.basis

    def _commitments(
        self,
        c: Checker,
        data: dict[str, Any],
        plan_id: str,
        district: str,
        year: int,
        table: _Names,
        categories: dict[str, Category],
        category_list: list[Category],
        site: Site,
        unlisted: dict[str, str],
    ) -> list[Commitment]:
        out: list[Commitment] = []
        numbers: dict[int, int] = {}
        plan_deadline = _get(data, "deadline")
        items = data.get("commitments")
        for i, item in enumerate(items if isinstance(items, list) else []):
            at: FieldPath = ("commitments", i)
            if not isinstance(item, dict) or not ok(item.get("no")) or not ok(item.get("text")):
                continue
            no = item["no"]
            # Every check of the item runs even when one fails; a failed one only keeps the
            # item out of the model.
            usable = True
            if no in numbers:
                c.error(
                    (*at, "no"),
                    msg("check.duplicate_no", no=no),
                    msg("check.duplicate_no.fix", index=numbers[no]),
                )
                usable = False
            else:
                numbers[no] = i
            self._status_placement(c, at, item)
            themes = self._themes(c, at, item, categories, category_list)
            lead = self._units(c, (*at, "lead"), item.get("lead"), table, unlisted)
            support = self._units(c, (*at, "support"), item.get("support"), table, unlisted)
            updates = self._updates(c, at, item.get("updates"))
            if not usable or themes is None:
                continue
            category, given, basis = themes[0][0], themes[0], themes[1]
            from_plan = False
            if "deadline" in item:
                deadline = item["deadline"] if ok(item["deadline"]) else None
                implied = False
            elif plan_deadline is not None:
                # the plan's own deadline (its closing words): shown once on the plan page
                deadline, implied, from_plan = plan_deadline, False, True
            else:
                deadline, implied = date(year, 12, 31), True
            declared = _get(item, "status")
            status = effective_status(declared, updates)
            continues = _get(item, "continues")
            out.append(
                Commitment(
                    plan=plan_id,
                    no=no,
                    section=_get(item, "section"),
                    category=category,
                    categories=given,
                    theme_basis=basis,
                    title=_get(item, "title") or derive_title(item["text"]),
                    text=item["text"],
                    lead=lead,
                    support=support,
                    deadline=deadline,
                    deadline_implied=implied,
                    deadline_text=item.get("deadline_text")
                    if ok(item.get("deadline_text"))
                    else None,
                    milestones=tuple(
                        Milestone(m["date"], m["text"])
                        for m in _list(item, "milestones")
                        if isinstance(m, dict) and ok(m.get("date")) and ok(m.get("text"))
                    ),
                    targets=tuple(
                        Target(
                            t["label"],
                            t["value"],
                            t.get("unit") or "",
                            t.get("comparator") or "=",
                            t.get("text"),
                            t.get("aim") is True,
                        )
                        for t in _list(item, "targets")
                        if isinstance(t, dict) and ok(t.get("label")) and ok(t.get("value"))
                    ),
                    declared_status=declared,
                    updates=updates,
                    continues=continues,
                    notes=_get(item, "notes"),
                    status=status,
                    overdue=is_overdue(deadline, status, updates, site.as_of),
                    past_deadline=is_past_deadline(deadline, status, site.as_of),
                    deadline_from_plan=from_plan,
                )
            )
        return out

    @staticmethod
    def _status_placement(c: Checker, at: FieldPath, item: dict[str, Any]) -> None:
        """A commitment's ``status:`` written below its ``updates:`` whose last update has
        no status is that update's status indented one level too little: as the
        commitment's own status it would override every update."""
        updates = item.get("updates")
        if "status" not in item or not isinstance(updates, list) or not updates:
            return
        last = updates[-1]
        if not isinstance(last, dict) or "status" in last:
            return  # a status of its own below complete updates: the editor's choice
        status_line = c.doc.position((*at, "status"), key=True).line
        updates_line = c.doc.position((*at, "updates"), key=True).line
        if status_line > updates_line:
            c.error(
                (*at, "status"),
                msg("check.status_below_updates"),
                msg("check.status_below_updates.fix"),
                key=True,
            )

    def _units(
        self, c: Checker, path: FieldPath, value: Any, table: _Names, unlisted: dict[str, str]
    ) -> tuple[Responsible, ...]:
        out: list[Responsible] = []
        for j, name in enumerate(value if isinstance(value, list) else []):
            if not ok(name):
                continue
            key = normalize_name(name)
            if key in table.scopes:
                out.append(Responsible(name, None, is_scope=True))
            elif key in table.by_name:
                out.append(Responsible(name, table.by_name[key]))
            else:
                self._unknown_unit(c, (*path, j), name, table.canonical)
                unlisted.setdefault(key, name)
                out.append(Responsible(name, None))
        return tuple(out)

    def _updates(self, c: Checker, at: FieldPath, value: Any) -> tuple[Update, ...]:
        out: list[Update] = []
        previous: date | None = None
        for k, u in enumerate(value if isinstance(value, list) else []):
            if not isinstance(u, dict) or not ok(u.get("date")) or not ok(u.get("status")):
                continue
            if previous and u["date"] < previous:
                c.error(
                    (*at, "updates", k, "date"),
                    msg("check.update_order", date=u["date"], previous=previous),
                    msg("check.update_order.fix"),
                )
            previous = u["date"]
            src = _get(u, "source")
            archived = _get(src, "archived") if src else None
            if archived is not None:
                self._check_archive(c, archived, (*at, "updates", k, "source", "archived"))
            out.append(
                Update(
                    date=u["date"],
                    status=u["status"],
                    progress=_get(u, "progress"),
                    note=u.get("note") or "",
                    source=SourceRef(
                        url=_get(src, "url"),
                        title=_get(src, "title"),
                        kind=src.get("kind") if ok(src.get("kind")) else "government",
                        publisher=_get(src, "publisher"),
                        date=_get(src, "date"),
                        archived=archived,
                    )
                    if src
                    else None,
                )
            )
        return tuple(out)


def _linked(plan: Plan, links: tuple[tuple[str, ...], ...]) -> Plan:
    return replace(
        plan,
        commitments=tuple(
            replace(c, continued_by=later) for c, later in zip(plan.commitments, links, strict=True)
        ),
    )


def _link_continuations(
    plans: list[tuple[Plan, Checker, dict[Any, int]]], checks: ReuseStore
) -> list[Plan]:
    """Check ``continues`` links and record them both ways."""
    by_id = {p.id: p for p, _, _ in plans}
    continued_by: dict[str, list[str]] = defaultdict(list)
    for plan, c, index in plans:
        for com in plan.commitments:
            if not com.continues:
                continue
            path: FieldPath = ("commitments", index.get(com.no, 0), "continues")
            target_plan, _, target_no = com.continues.partition("/")
            earlier = by_id.get(target_plan)
            if earlier is None or not target_no.isdigit():
                c.error(
                    path,
                    f"'{com.continues}' is not a known commitment",
                    "write '<plan-id>/<no>' of an earlier plan",
                )
                continue
            if not any(x.no == int(target_no) for x in earlier.commitments):
                c.error(path, f"plan '{target_plan}' has no commitment {target_no}")
                continue
            if earlier.year >= plan.year:
                c.error(
                    path, f"'{com.continues}' is from {earlier.year}, not earlier than {plan.year}"
                )
                continue
            continued_by[f"{target_plan}/{int(target_no)}"].append(com.id)
    out: list[Plan] = []
    for plan, _, _ in plans:
        if any(c.id in continued_by for c in plan.commitments):
            links = tuple(tuple(continued_by.get(c.id, ())) for c in plan.commitments)

            plan = checks.get(
                ("linked", plan.id), (plan, repr(links)), partial(_linked, plan, links)
            )
        out.append(plan)
    return out


def load_content(
    root: Path,
    *,
    strict: bool = False,
    as_of: date | None = None,
    today: date | None = None,
    files: ReuseStore | None = None,
    checks: ReuseStore | None = None,
    stamps_by_content: bool = False,
) -> LoadResult:
    """Read, check and assemble everything under ``root`` (the ``content/`` folder).

    Raises :class:`ContentErrors` with every problem when there is at least one error (or,
    with ``strict``, a problem that is otherwise a warning).
    """
    if not root.is_dir():
        raise MinshengError(msg("content.missing", path=display_path(root)))
    loader = ContentLoader(
        root,
        strict=strict,
        as_of=as_of,
        today=today or date.today(),
        files=files or ReuseStore(across_builds=False),
        checks=checks or ReuseStore(across_builds=False),
        stamps_by_content=stamps_by_content,
    )
    site = loader.site()
    districts = loader.districts()
    categories = loader.categories()
    depts, names, dept_checker = loader.departments(districts)
    loaded = loader.plans(site, districts, names, depts, categories)
    loader._report(dept_checker)
    plans = _link_continuations(loaded, loader.checks)
    for _, c, _ in loaded:
        loader._report(c)
    problems = loader.problems
    if any(p.severity is Severity.ERROR for p in problems):
        raise ContentErrors(problems)
    plans.sort(key=lambda p: (-p.year, p.id))
    content = Content(
        site=site,
        districts=districts,
        departments=depts,
        categories=categories,
        plans=tuple(plans),
        scopes={d: tuple(sorted(n.scopes)) for d, n in names.items()},
    )
    return LoadResult(
        content,
        [p for p in problems if p.severity is Severity.WARNING],
        yaml_seconds=loader.yaml_seconds,
    )
