"""Every interface string exists in both languages, and every one templates use exists."""

from __future__ import annotations

import re

from generator.i18n import EN, ZH
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
