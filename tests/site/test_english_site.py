"""An English site (``language: en``) shows no Chinese interface text.

The fixture site is copied, switched to ``language: en`` and built through the
``minsheng build`` command. Its content stays Chinese (plan titles, commitment texts,
department and district names, archived documents), so every page, feed and result row is
first stripped of the strings the content supplies; any CJK character left over was put
there by the generator or the theme, which must say it in English.

Category names are the exception: categories.yaml gives each an English ``name_en``, so
their Chinese ``name`` is *not* treated as content and must not appear anywhere.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.i18n import EN
from generator.model import STATUS_ICONS
from generator.stats import office_types
from generator.validate import load_content
from tests.conftest import FIXTURE_SITE
from tests.site.html_tree import Node, parse

AS_OF = "2023-06-30"
# Han ideographs, CJK symbols and punctuation (、。「」), full-width forms (，：（）)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# What separates the words of a markdown text from each other once it is rendered.
MARKDOWN_SYNTAX = re.compile(r"\]\([^)]*\)|[*_`#>\[\]~|\\!]+")
# Attributes whose values people read (tooltips, screen readers, link previews).
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "content", "label", "value")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(content folder, output folder) of the fixture site built in English."""
    root = tmp_path_factory.mktemp("english") / "site"
    shutil.copytree(FIXTURE_SITE, root)
    content = root / "content"
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text("utf-8")
    assert "language: zh-CN\n" in text
    site_yaml.write_text(text.replace("language: zh-CN\n", "language: en\n"), "utf-8")
    output = root / "output"
    result = CliRunner().invoke(
        cli,
        ["build", "--content", str(content), "--output", str(output), "--as-of", AS_OF, "-q"],
    )
    assert result.exit_code == 0, result.output
    return content, output


# -- what the content supplies -------------------------------------------------------------


def _yaml_strings(value: object, out: set[str]) -> None:
    if isinstance(value, str):
        out.add(value.strip())  # a block scalar (text: |) ends in a newline the page drops
    elif isinstance(value, dict):
        for item in value.values():
            _yaml_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _yaml_strings(item, out)


def chinese_category_names(content: Path) -> set[str]:
    """The categories' Chinese names: an English site must show name_en instead."""
    categories = yaml.safe_load((content / "categories.yaml").read_text("utf-8"))
    names = {c["name"] for c in categories if c.get("name_en")}
    assert names, "the fixture's categories have no English names: the test proves nothing"
    return names


def content_strings(content: Path) -> set[str]:
    """Every string an editor wrote (and the few the model derives from them: short titles,
    full district names), except the categories' names and classification keywords."""
    strings: set[str] = set()
    for path in sorted(content.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if path.name == "categories.yaml":
            for category in data:
                kept = {k: v for k, v in category.items() if k not in ("name", "keywords")}
                _yaml_strings(kept, strings)
        else:
            _yaml_strings(data, strings)
    for path in sorted((content / "sources").rglob("*.txt")):
        strings |= {line.strip() for line in path.read_text("utf-8").splitlines()}
    # Markdown (**900个**, [公告](url)) reaches a page as pieces between its syntax.
    strings |= {piece for text in strings for piece in MARKDOWN_SYNTAX.split(text)}
    model = load_content(content).content
    # The source page cuts its text at each commitment's passage: the pieces are content too.
    from generator.passages import locate, segments

    for plan in model.plans:
        if plan.source and plan.source.archived:
            text = (content / plan.source.archived).read_text("utf-8")
            found = locate(text, [(c.no, c.text) for c in plan.commitments])
            for seg in segments(text, found):
                strings |= {line.strip() for line in seg.text.splitlines()}
    strings |= {c.title for c in model.commitments}
    strings |= {d.display_name for d in model.districts.values()}
    strings |= {d.name for d in model.departments.values()}
    # office types are derived from department names (人社 from 区人社局)
    strings |= {office.name for office in office_types(model)}
    return {s for s in strings if CJK.search(s)}


def allowed_strings(content: Path) -> tuple[list[str], set[str]]:
    """(strings removed wherever they occur, longest first; one-character strings removed
    only where they are a whole text on their own, so a unit such as 人 cannot hide a stray
    character of interface text)."""
    strings = content_strings(content)
    # The English catalog's own text: its search placeholder suggests Chinese search terms
    # on purpose (the content is Chinese).
    strings |= {text for text in EN.values() if CJK.search(text)}
    strings |= {icon for icon in STATUS_ICONS.values() if CJK.search(icon)}  # glyphs
    # office types (人社, 民政) are cut from the departments' own names: content too
    from generator.stats import office_types
    from generator.validate import load_content

    strings |= {kind.name for kind in office_types(load_content(content).content)}
    long = sorted((s for s in strings if len(s) > 1), key=len, reverse=True)
    return long, {s for s in strings if len(s) == 1}


def leftover(text: str, long: list[str], single: set[str]) -> str:
    for s in long:
        if s in text:
            text = text.replace(s, " ")
    return " ".join(part for part in text.split() if part not in single)


# -- what the site shows --------------------------------------------------------------------


def html_texts(node: Node) -> Iterator[str]:
    for attribute in READ_ATTRIBUTES:
        value = node.attrs.get(attribute)
        if value:
            yield value
    for child in node.children:
        if isinstance(child, str):
            yield child
        else:
            yield from html_texts(child)


def xml_texts(path: Path) -> Iterator[str]:
    for element in ElementTree.parse(path).iter():
        yield from (element.text or "", element.tail or "")
        yield from element.attrib.values()


def json_texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_texts(item)


# What search.js shows from the index: result rows and the labels of the filters. The rest
# of the index (n-grams, synonyms, pinyin, the traditional-to-simplified table) is matched
# against, never shown.
SEARCH_DISPLAYED = ("rows", "categories", "statuses", "overdue")


def displayed(value: object) -> Iterator[tuple[str, list[Any]]]:
    """(key, value) of every displayed part of a search index file, wherever it is nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SEARCH_DISPLAYED and isinstance(item, list):
                yield key, item
            else:
                yield from displayed(item)
    elif isinstance(value, list):
        for item in value:
            yield from displayed(item)


def chinese_left(texts: Iterable[str], long: list[str], single: set[str]) -> list[str]:
    return sorted({rest for text in texts if CJK.search(rest := leftover(text, long, single))})


def report(found: dict[str, list[str]]) -> str:
    lines = ["Chinese interface text on an English site (content strings removed):"]
    lines += [f"  {path}: {rest}" for path, texts in sorted(found.items()) for rest in texts]
    return "\n".join(lines)


# -- tests ------------------------------------------------------------------------------------


def test_stripping_finds_interface_text_the_content_does_not_supply(
    english_site: tuple[Path, Path],
) -> None:
    """The check itself: known interface leaks stay visible after content is stripped."""
    content, _ = english_site
    long, single = allowed_strings(content)
    plan_title = next(s for s in long if s.endswith("民生实事"))
    for leak in (f"{plan_title} 第1项", "2 份计划", "牵头 1 项", "2023年6月30日", "人社局：3"):
        assert chinese_left([leak], long, single), leak
    assert chinese_left([f"Status: {plan_title} · 人"], long, single) == []
    names = chinese_category_names(content) - set(long) - single  # not also a content value
    assert names
    for name in names:
        assert chinese_left([f"Theme: {name}"], long, single) == [f"Theme: {name}"]


def test_no_page_shows_chinese_interface_text(english_site: tuple[Path, Path]) -> None:
    content, output = english_site
    long, single = allowed_strings(content)
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 30
    found = {}
    for path in pages:
        doc = parse(path.read_text("utf-8"), path.relative_to(output).as_posix())
        if rest := chinese_left(html_texts(doc.root), long, single):
            found[doc.path] = rest
    assert found == {}, report(found)


def test_no_feed_shows_chinese_interface_text(english_site: tuple[Path, Path]) -> None:
    content, output = english_site
    long, single = allowed_strings(content)
    feeds = sorted((output / "feeds").rglob("*.atom"))
    assert feeds
    found = {}
    for path in feeds:
        if rest := chinese_left(xml_texts(path), long, single):
            found[path.relative_to(output).as_posix()] = rest
    assert found == {}, report(found)


def test_search_rows_and_open_data_use_english_category_names(
    english_site: tuple[Path, Path],
) -> None:
    content, output = english_site
    long, single = allowed_strings(content)
    categories = yaml.safe_load((content / "categories.yaml").read_text("utf-8"))
    english = {c["slug"]: c["name_en"] for c in categories}
    data = json.loads((output / "data" / "commitments.json").read_text("utf-8"))
    assert data["commitments"]
    for row in data["commitments"]:
        assert row["category_name"] == english[row["category"]], row["id"]
    found = {}
    facets: list[list[str]] = []
    for path in sorted((output / "search").rglob("*.json")):
        shown = dict(displayed(json.loads(path.read_text("utf-8"))))
        facets += shown.get("categories", [])
        if rest := chinese_left(json_texts(list(shown.values())), long, single):
            found[path.relative_to(output).as_posix()] = rest
    assert {slug: label for slug, label in facets} == english
    # a query naming a category links to it under its label, the synonyms' second column
    meta = json.loads((output / "search" / "meta.json").read_text("utf-8"))
    assert {slug: label for slug, label, _forms in meta["synonyms"]["c"]} == english
    assert found == {}, report(found)
