"""Control and invisible characters: refused or warned about at file:line, and never
published whatever reaches the writers.

A C0 control character in a plan title made 22 of 98 Atom feeds not well-formed (feed
readers then drop the whole feed); the same characters passed into HTML, JSON and CSV.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import validate
from generator.safety import FORBIDDEN_CHARACTERS, scrub_markup, xml_text
from tests.conftest import ROOT, build
from tests.hostile.helpers import PLAN, check, edit, lines, site
from tests.site.html_tree import html_files, parse_file

XSS_SITE = ROOT / "tests" / "fixtures" / "xss"


@pytest.mark.parametrize(
    ("escape", "code", "name"),
    [
        ("\\x01", "U+0001", "CONTROL CHARACTER"),
        ("\\x1b", "U+001B", "CONTROL CHARACTER"),
        ("\\x7f", "U+007F", "CONTROL CHARACTER"),
        ("\\x85", "U+0085", "CONTROL CHARACTER"),
        ("\\uFFFE", "U+FFFE", "NONCHARACTER"),
        ("\\uFFFF", "U+FFFF", "NONCHARACTER"),
    ],
)
def test_forbidden_character_in_a_title_is_an_error_at_its_line(
    tmp_path: Path, escape: str, code: str, name: str
) -> None:
    content = site(tmp_path)
    edit(
        content, PLAN, "title: 东区2022年民生实事\ndistrict", f'title: "东区{escape}2022"\ndistrict'
    )
    result = check(content)
    assert result.exit_code == 1
    assert lines(result)[-1] == "1 error(s), 0 warning(s)"
    assert lines(result)[0].endswith(
        f"plans/east-2022.yaml:2:8: title: holds the invisible character {code} ({name}) "
        "at character 3, which cannot be published (delete it; it often comes with text "
        "copied from a PDF, and a search for the code in an editor finds it)"
    )


def test_every_text_field_is_checked_each_at_its_own_place(tmp_path: Path) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "note: 上半年新增就业4400人。", 'note: "上半年\\x08"')
    edit(content, PLAN, "label: 新建幸福食堂,", 'label: "新建\\x0c",')
    edit(content, PLAN, 'url: "https://example.org/report-1"', 'url: "https://example.org/\\x00"')
    edit(content, "site.yaml", "description: 用于测试的小型站点。", 'description: "a\\x02"')
    edit(content, "departments.yaml", "- name: 区住建局", '- name: "区住建局\\x03"')
    edit(content, "plans/west-2023.yaml", "caveats:", 'caveats: "x\\x04"\nignored:')
    result = check(content)
    assert result.exit_code == 1
    found = lines(result)
    wanted = [
        "plans/east-2022.yaml:23:15: commitments[0].updates[0].note: holds the invisible "
        "character U+0008",
        "plans/east-2022.yaml:24:23: commitments[0].updates[0].source.url: holds the "
        "invisible character U+0000",
        "plans/east-2022.yaml:37:17: commitments[1].targets[0].label: holds the invisible "
        "character U+000C",
        "site.yaml:2:14: description: holds the invisible character U+0002",
        "departments.yaml:12:13: test-east.departments[3].name: holds the invisible "
        "character U+0003",
        "plans/west-2023.yaml:5:10: caveats: holds the invisible character U+0004",
    ]
    for one in wanted:
        assert any(one in line for line in found), (one, found)


def test_raw_control_character_in_the_file_is_an_error_at_its_line_and_column(
    tmp_path: Path,
) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "issuer: 测试市东区人民政府", "issuer: 测试\x07市")
    result = check(content)
    assert result.exit_code == 1
    assert lines(result)[0].endswith(
        "plans/east-2022.yaml:5:11: holds the invisible character U+0007 (CONTROL "
        "CHARACTER), which a content file may not contain (delete it; it often comes with "
        "text copied from a PDF)"
    )


@pytest.mark.parametrize(
    ("char", "code"),
    [("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\u200b", "U+200B (ZERO WIDTH SPACE)")],
)
def test_bidi_override_and_zero_width_characters_are_warnings(
    tmp_path: Path, char: str, code: str
) -> None:
    content = site(tmp_path)
    edit(content, PLAN, "text: 城镇新增就业 0.8 万人。", f"text: 城镇{char}新增就业")
    result = check(content)
    assert result.exit_code == 0
    assert any(
        line.endswith(
            f"plans/east-2022.yaml:15:11: commitments[0].text: warning: holds the invisible "
            f"character {code} at character 3, which can make text read differently "
            "(delete it unless the text needs it)"
        )
        for line in lines(result)
    ), lines(result)


# --- defence in depth: the writers, with the checker's rule switched off -------------------

HOSTILE = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ufffe\uffff"


def hostile_copy(tmp_path: Path) -> Path:
    """The XSS fixture with forbidden characters added to every kind of field."""
    target = tmp_path / "xss"
    shutil.copytree(XSS_SITE, target)
    content = target / "content"
    for path in [content / "site.yaml", *sorted((content / "plans").glob("*.yaml"))]:
        text = path.read_text("utf-8")
        text = text.replace("title: ", f'title: "{_escaped()}" # ', 1)
        path.write_text(text, "utf-8")
    return content


def _escaped() -> str:
    return "".join(f"\\u{ord(ch):04X}" for ch in HOSTILE)


def test_every_published_file_is_well_formed_even_if_the_checker_let_them_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate, "_check_characters", lambda *args: None)
    content = hostile_copy(tmp_path)
    out = tmp_path / "output"
    build(content, out)
    markup = [p for p in out.rglob("*") if p.suffix in (".html", ".xml", ".atom", ".json", ".csv")]
    assert len(markup) > 20
    for path in markup:
        text = path.read_bytes().decode("utf-8")
        assert FORBIDDEN_CHARACTERS.search(text) is None, path
    feeds = [p for p in markup if p.suffix in (".atom", ".xml")]
    assert any(p.suffix == ".atom" for p in feeds) and (out / "sitemap.xml") in feeds
    for path in feeds:
        ET.parse(path)  # raises on a character XML forbids
    for path in html_files(out):
        parse_file(out, path)
    records = json.loads((out / "data" / "commitments.json").read_text("utf-8"))
    assert records["commitments"]
    # the text around the removed characters is still there
    feed = (out / "feeds" / "all.atom").read_text("utf-8")
    assert "<title>" in feed


def test_scrub_removes_exactly_the_forbidden_characters() -> None:
    kept = "tab\tline\ncr\r · 。，（）ｆｕｌｌ \u00a0 \u2028 😀 \ufffd"
    text = f"a{HOSTILE}b{kept}"
    assert scrub_markup(text.encode()) == f"ab{kept}".encode()
    assert xml_text(text) == f"ab{kept}"
    clean = kept.encode()
    assert scrub_markup(clean) is clean  # nothing to do: the same object, no copy
