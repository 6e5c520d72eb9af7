"""Every interface string exists in both languages, and every one templates use exists."""

from __future__ import annotations

import ast
import re
from datetime import date

from generator.i18n import EN, ZH, Translator, category_name
from generator.model import Category
from tests.conftest import ROOT

# t("key") or t("key", n=…); keys built by concatenation (t("kind." ~ kind)) are not literal
PATTERN = r"""\bt\(\s*["']([\w.]+)["']\s*[,)]"""


def test_catalogs_have_the_same_keys() -> None:
    assert set(ZH) - set(EN) == set()
    assert set(EN) - set(ZH) == set()


def test_every_literal_key_used_by_templates_exists() -> None:
    used: set[str] = set()
    for template in (ROOT / "theme" / "templates").glob("*.html"):
        used |= set(re.findall(PATTERN, template.read_text("utf-8")))
    assert used, "no t(...) calls found: the pattern is wrong"
    assert sorted(used - set(ZH)) == []


def test_placeholders_match_between_languages() -> None:
    for key, text in ZH.items():
        # a placeholder may carry a format spec ({month:02d}): compare the names
        names = r"{(\w+)(?::[^}]*)?}"
        assert set(re.findall(names, text)) == set(re.findall(names, EN[key])), key


# --- no interface text outside the catalog -----------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Modules that turn the model into what readers see (pages, feeds, search rows). Not
# data.py and datafields.py: their Chinese is the open data's own format (the CSV's list
# separator, the JSON Schema's bilingual descriptions), the same on every site; the English
# site test checks what they publish.
PRESENTATION = [
    "generator/pages.py",
    "generator/contexts.py",
    "generator/stats.py",
    "generator/urls.py",
    "generator/render.py",
    "generator/charts.py",
    "generator/feeds.py",
    "generator/search/documents.py",
    "generator/search/files.py",
]


def string_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_templates_carry_no_chinese_text() -> None:
    found = []
    for template in sorted((ROOT / "theme" / "templates").glob("*.html")):
        for number, line in enumerate(template.read_text("utf-8").splitlines(), 1):
            if CJK.search(line):
                found.append(f"{template.name}:{number}: {line.strip()}")
    assert found == [], "put interface text in generator/i18n.py and use t(...)"


def test_presentation_code_carries_no_chinese_text() -> None:
    found = []
    for name in PRESENTATION:
        path = ROOT / name
        assert path.is_file(), f"{name} moved: list where it went"
        for line, text in string_literals(path.read_text("utf-8")):
            if CJK.search(text):
                found.append(f"{name}:{line}: {text!r}")
    assert found == [], "put interface text in generator/i18n.py and use t(...)"


def test_the_check_sees_literals_in_f_strings_but_not_docstrings() -> None:
    source = '"""模块说明"""\ndef f(n):\n    """函数说明"""\n    return f"共{n}项"\n'
    assert [text for _, text in string_literals(source)] == ["共", "项"]


def test_dates_are_written_the_way_the_language_writes_them() -> None:
    day = date(2023, 6, 3)
    assert Translator("zh-CN").date(day) == "2023年6月3日"
    assert Translator("en").date(day) == "2023-06-03"
    assert Translator("en").date(None) == ""


def test_punctuation_follows_the_language() -> None:
    zh, en = Translator("zh-CN"), Translator("en")
    assert zh.colon("来源", "政府报告") == "来源：政府报告"
    assert en.colon("Source", "Government report") == "Source: Government report"
    assert zh.aside("统称") == "（统称）"
    assert en.aside("collective term") == " (collective term)"


def test_a_category_is_named_in_the_site_language() -> None:
    category = Category(slug="elderly", name="养老", name_en="Elderly care", keywords=())
    assert Translator("zh-CN").category_name(category) == "养老"
    assert Translator("en").category_name(category) == "Elderly care"
    assert category_name(category, "en") == "Elderly care"


def test_message_catalogs_are_parallel() -> None:
    from generator.messages import MSG_EN, MSG_ZH

    assert set(MSG_ZH) == set(MSG_EN)
    names = r"{(\w+)(?::[^}]*)?}"
    for key, text in MSG_ZH.items():
        assert set(re.findall(names, text)) == set(re.findall(names, MSG_EN[key])), key
