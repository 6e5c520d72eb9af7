"""Templates use only what their context provides (the names are documented in
generator/contexts.py and docs/theme.md).

- Top-level names: every template of the default theme refers only to ``page``, ``site``,
  ``t`` and the renderer's helpers (``jinja2.meta.find_undeclared_variables``).
- Attributes: each page template's ``page.…`` chains, and names bound from them with
  ``{% set %}`` and ``{% for %}``, are followed through the type hints of the page's context
  dataclass; an attribute the type does not have is reported with the template's line. This
  covers branches the fixture site does not render.
- At build time the environment is strict: a site template that names a missing attribute
  fails the build with an error naming the template, the line and the context type.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jinja2 import Environment, meta, nodes

from generator import contexts as contexts_module
from generator.build import read_archives, source_texts
from generator.cli import cli
from generator.contexts import PageBase
from generator.i18n import Translator
from generator.pages import PagePlanner
from generator.render import Renderer, TemplateError, default_theme_dir
from generator.urls import Links
from generator.validate import load_content
from tests.conftest import FIXED_TODAY, FIXTURE_CONTENT, build

TEMPLATES = default_theme_dir() / "templates"
TEMPLATE_NAMES = sorted(p.name for p in TEMPLATES.glob("*.html"))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "theme.md"


@functools.cache
def fixture_renderer() -> tuple[Renderer, list[PageBase]]:
    content = load_content(FIXTURE_CONTENT, today=FIXED_TODAY).content
    renderer = Renderer(content.site, Links(content.site.base_url))
    sources = source_texts(content, read_archives(FIXTURE_CONTENT, content))
    page_set = PagePlanner(content, Translator(content.site.language), sources).plan()
    return renderer, page_set.pages


def documented_names() -> set[str]:
    renderer, _ = fixture_renderer()
    return {"page", "site", "t", *renderer.helpers()}


def test_the_helpers_are_the_documented_ones() -> None:
    renderer, _ = fixture_renderer()
    expected = {"url", "abs_url", "asset", "markdown", "status_label", "status_icon"}
    expected |= {"fmt_date", "chart"}
    assert expected <= set(renderer.helpers())
    doc = contexts_module.__doc__ or ""
    theme_doc = DOCS.read_text("utf-8")
    for name in renderer.helpers():
        assert f"``{name}``" in doc, f"helper {name} missing from generator/contexts.py docstring"
        assert f"`{name}" in theme_doc, f"helper {name} missing from docs/theme.md"


def undocumented_names(source: str) -> set[str]:
    """Names a template takes from its context that are not documented. Macros imported
    with ``{% from "macros.html" import … %}`` are the theme's own."""
    ast = Environment().parse(source)
    imported = {
        name if isinstance(name, str) else name[1]
        for node in ast.find_all(nodes.FromImport)
        for name in node.names
    }
    return meta.find_undeclared_variables(ast) - imported - documented_names()


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_uses_only_documented_top_level_names(name: str) -> None:
    unknown = undocumented_names((TEMPLATES / name).read_text("utf-8"))
    assert not unknown, f"{name} uses undocumented names {sorted(unknown)}"


def test_top_level_name_check_catches_an_unknown_name() -> None:
    source = (
        '{% from "macros.html" import units as u %}{{ u(page.x) }}{{ page.title }}'
        "{{ pagee.title }} {% for x in y %}{{ x }}{% endfor %}{{ units(1) }}"
    )
    assert undocumented_names(source) == {"pagee", "y", "units"}


# --- attribute chains through the context dataclasses ----------------------------------------


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``; other types unchanged."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return tp


def attribute_type(tp: Any, attr: str) -> tuple[bool, Any]:
    """Whether ``tp`` has ``attr``, and its type when known (None: not followed further)."""
    tp = _unwrap(tp)
    if not (isinstance(tp, type) and dataclasses.is_dataclass(tp)):
        return True, None  # a str, date, tuple…: not checked
    hints = typing.get_type_hints(tp)
    if attr in hints:
        return True, hints[attr]
    member = getattr(tp, attr, None)
    if member is None:
        return False, None
    func = getattr(member, "fget", None) or getattr(member, "func", None)
    if func is not None:
        return True, typing.get_type_hints(func).get("return")
    return True, None  # a method


def element_type(tp: Any) -> Any:
    tp = _unwrap(tp)
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


class ChainChecker:
    """Walks a template's AST with the types of the names bound from ``page``."""

    def __init__(self, template: str, page_type: type) -> None:
        self.template = template
        self.scope: dict[str, Any] = {"page": page_type}
        self.problems: list[str] = []

    def type_of(self, node: nodes.Node) -> Any:
        if isinstance(node, nodes.Name):
            return self.scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            owner = self.type_of(node.node)
            if owner is None:
                return None
            ok, tp = attribute_type(owner, node.attr)
            if not ok:
                self.problems.append(
                    f"{self.template}:{node.lineno}: {_unwrap(owner).__name__} has no "
                    f"attribute {node.attr!r}"
                )
            return tp
        if isinstance(node, nodes.Filter) and node.name in ("reverse", "list", "sort"):
            return self.type_of(node.node) if node.node is not None else None
        return None

    def bind(self, target: nodes.Node, tp: Any) -> None:
        if isinstance(target, nodes.Name):
            self.scope[target.name] = tp
        elif isinstance(target, nodes.Tuple):
            args = typing.get_args(_unwrap(tp)) if tp is not None else ()
            for n, item in enumerate(target.items):
                self.bind(item, args[n] if n < len(args) and args[-1] is not Ellipsis else None)

    def visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Assign):
            self.visit(node.node)
            self.bind(node.target, self.type_of(node.node))
            return
        if isinstance(node, nodes.For):
            self.visit(node.iter)
            self.bind(node.target, element_type(self.type_of(node.iter)))
            for child in (*node.body, *node.else_):
                self.visit(child)
            if node.test is not None:
                self.visit(node.test)
            return
        if isinstance(node, nodes.Getattr):
            self.type_of(node)
            return
        for child in node.iter_child_nodes():
            self.visit(child)


def page_types() -> dict[str, type]:
    _, pages = fixture_renderer()
    found: dict[str, type] = {}
    for page in pages:
        found.setdefault(page.template, type(page))
    return found


def chain_problems(name: str, source: str, page_type: type) -> list[str]:
    checker = ChainChecker(name, page_type)
    checker.visit(Environment().parse(source))
    return checker.problems


def test_every_page_template_is_used_by_a_page_type() -> None:
    assert set(page_types()) == set(TEMPLATE_NAMES) - {"base.html", "macros.html"}


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_reads_only_attributes_its_context_has(name: str) -> None:
    page_type = page_types().get(name, PageBase)  # base.html and macros.html: any page
    source = (TEMPLATES / name).read_text("utf-8")
    assert chain_problems(name, source, page_type) == []


def test_chain_check_catches_missing_attributes() -> None:
    source = (
        "{{ page.plan.title }}{{ page.plan.titel }}"
        "{% set row = page.sections[0] %}"
        "{% for s in page.sections %}{% for r in s.rows %}{{ r.commitment.txet }}"
        "{{ r.commitment.deadline.year }}{% endfor %}{% endfor %}"
        "{{ page.summary.completion_rate }}{{ page.district.display_nam }}"
    )
    problems = chain_problems("x.html", source, page_types()["plan.html"])
    assert problems == [
        "x.html:1: Plan has no attribute 'titel'",
        "x.html:1: Commitment has no attribute 'txet'",
        "x.html:1: District has no attribute 'display_nam'",
    ]


# --- the build is strict ---------------------------------------------------------------------


def test_a_site_template_with_a_missing_attribute_fails_the_build(
    site_copy: Path, tmp_path: Path
) -> None:
    templates = site_copy.parent / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "department.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.department.name }}</h1>\n'
        "<p>{{ page.department.email }}</p>\n{% endblock %}\n",
        "utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        build(site_copy, tmp_path / "out")
    message = caught.value.format_message()
    assert "department.html:4" in message
    assert "email" in message and "DepartmentPage" in message

    result = CliRunner().invoke(
        cli, ["build", "--content", str(site_copy), "--output", str(tmp_path / "out2")]
    )
    assert result.exit_code == 1
    assert "department.html:4" in result.output
    assert not (tmp_path / "out2").exists()  # nothing was published


def test_a_template_failing_midway_leaves_the_previous_output_untouched(
    site_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site_copy, out)
    before = {
        p.relative_to(out): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file()
    }
    # Plan pages render before department pages, so some pages were already produced
    # (into the pending folder) when this one fails.
    templates = site_copy.parent / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "department.html").write_text("{{ page.nothing_here }}", "utf-8")
    (site_copy / "site.yaml").write_text(
        (site_copy / "site.yaml").read_text("utf-8").replace("title:", "title: 改过", 1), "utf-8"
    )
    with pytest.raises(TemplateError):
        build(site_copy, out)
    after = {
        p.relative_to(out): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file()
    }
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"], "pending files left"


def test_a_site_theme_overrides_templates_and_static_files(site_copy: Path, tmp_path: Path) -> None:
    theme = site_copy.parent / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>走丢了</h1>{% endblock %}', "utf-8"
    )
    (theme / "static" / "style.css").write_text("body { color: #000; }\n", "utf-8")
    (theme / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    out = tmp_path / "out"
    build(site_copy, out)
    assert "<h1>走丢了</h1>" in (out / "404.html").read_text("utf-8")
    assert (out / "static" / "style.css").read_text("utf-8") == "body { color: #000; }\n"
    assert (out / "static" / "logo.svg").exists()
    assert (out / "static" / "favicon.svg").exists()  # the rest still comes from the default
    assert "<h1>东区2022年民生实事</h1>" in (out / "plans/east-2022/index.html").read_text("utf-8")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_constant_interface_strings_are_written_in_at_compile_time(language: str) -> None:
    site = load_content(FIXTURE_CONTENT, today=FIXED_TODAY).content.site
    renderer = Renderer(dataclasses.replace(site, language=language), Links("/"))
    t = Translator(language)
    env = renderer.env
    # the folded text is what autoescaping writes, and t is never called for it
    source = '<a title="{{ t("nav.search") }}">{{ t("nav.search") }}</a>{{ t("nav.data") }}'
    folded = env.preprocess(source)
    assert "t(" not in folded
    template = env.from_string(source)  # compiled with the renderer's t
    env.globals["t"] = lambda *a, **k: pytest.fail("t called for a constant string")
    out = template.render()
    env.globals["t"] = renderer.t
    assert (
        out
        == env.from_string(
            '<a title="{{ x }}">{{ x }}</a>{{ y }}',
            globals={"x": t("nav.search"), "y": t("nav.data")},
        ).render()
    )
    # values, other spellings and unknown keys are left to t (an unknown key still fails)
    kept = '{{ t("site.copyright", year=1) }}{{t("nav.data")}}{{ t("no.such.key") }}'
    assert env.preprocess(kept) == kept
