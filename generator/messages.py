"""What minsheng says to the people who keep the content: diagnostics, hints and command-line
messages, in one catalog, Chinese first, English second (the site's pages have theirs in
:mod:`generator.i18n`).

The language is chosen once per run by the command layer (``--lang``, else
``MINSHENG_LANG``, else the site's ``language``) with :func:`use_language`; :func:`msg`
formats a key in it. Positions and field paths are never translated: a diagnostic reads
``path:line:col: field.path: …`` in both languages, so editors and CI can jump to it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

LANGUAGES = ("zh", "en")

MSG_ZH: dict[str, str] = {
    # slips found before parsing (generator/slips.py)
    "slip.ideographic_space": "缩进里有全角空格（U+3000）",
    "slip.ideographic_space.fix": "把行首的全角空格换成普通（半角）空格",
    "slip.tab": "缩进里有制表符（Tab）",
    "slip.tab.fix": "YAML 只能用空格缩进：把行首的 Tab 换成空格",
    "slip.fullwidth_colon": "'{key}' 后面是全角冒号 '：'",
    "slip.fullwidth_colon.fix": "改成半角冒号加一个空格：'{key}: '",
    "slip.fullwidth_comma": "'{key}' 的列表用了 '，' 或 '、' 分隔，会被读成一项而不是 {count} 项",
    "slip.fullwidth_brackets": "'{key}' 用了全角方括号 '【】'，会被读成一段文字而不是列表",
    "slip.joined_list": "'{key}' 的几个名称用 '、' 或 '，' 连在一起，会被读成一个名称而不是 {count} 个",
    "slip.list.fix": "写成半角逗号分隔的列表：{key}: {fixed}",
    "slip.unclosed": "这里开始的 '{opener}' 没有闭合",
    "slip.unclosed.fix": "在这个值的末尾补上 '{closer}'",
    # YAML the parser could not read (generator/load.py)
    "yaml.syntax": "YAML 语法错误：{what}",
    "yaml.syntax.fix": "检查这一行和上一行的缩进、冒号和引号",
    "yaml.syntax.no_colon": "这一行的键后面缺少冒号 ':'",
    "yaml.syntax.colon_in_value": "这里不能出现 ': '（值里含有 ': ' 时要给整个值加引号）",
    "yaml.syntax.indent": "缩进和上面的行对不齐",
    "yaml.syntax.unclosed": "有引号或括号没有闭合",
    "yaml.syntax.tab": "缩进里有制表符（Tab）",
    "yaml.syntax.other": "{problem}",
    "yaml.duplicate_key": "键 '{key}' 重复",
    "yaml.duplicate_key.fix": "每个字段只能出现一次：删除或合并重复的那一个",
    # checks of content (generator/validate.py)
    "check.status_below_updates": "承诺的 'status:' 写在 'updates:' 下面，会覆盖所有进展记录的状态",
    "check.status_below_updates.fix": "如果它属于最后一条进展，再缩进一级放到那条进展里；如果是整项承诺的状态，移到 'updates:' 上面",
}

MSG_EN: dict[str, str] = {
    "slip.ideographic_space": "the indentation holds a full-width space (U+3000)",
    "slip.ideographic_space.fix": "replace the full-width spaces at the start of the line with ordinary spaces",
    "slip.tab": "the indentation holds a tab",
    "slip.tab.fix": "YAML indents with spaces only: replace the tab at the start of the line with spaces",
    "slip.fullwidth_colon": "'{key}' is followed by a full-width colon '：'",
    "slip.fullwidth_colon.fix": "write a half-width colon and a space: '{key}: '",
    "slip.fullwidth_comma": "the list of '{key}' is separated with '，' or '、', so it is read as one item, not {count}",
    "slip.fullwidth_brackets": "'{key}' is in full-width brackets '【】', so it is read as text, not a list",
    "slip.joined_list": "the names of '{key}' are joined with '、' or '，', so they are read as one name, not {count}",
    "slip.list.fix": "write a list separated by half-width commas: {key}: {fixed}",
    "slip.unclosed": "the '{opener}' opened here is never closed",
    "slip.unclosed.fix": "add '{closer}' at the end of the value",
    "yaml.syntax": "YAML syntax error: {what}",
    "yaml.syntax.fix": "check indentation, colons and quotes on this line and the one above",
    "yaml.syntax.no_colon": "the key on this line has no ':' after it",
    "yaml.syntax.colon_in_value": "a ': ' where none may stand (put a value holding ': ' in quotes)",
    "yaml.syntax.indent": "the indentation does not line up with the lines above",
    "yaml.syntax.unclosed": "a quote or a bracket is not closed",
    "yaml.syntax.tab": "the indentation holds a tab",
    "yaml.syntax.other": "{problem}",
    "yaml.duplicate_key": "duplicate key '{key}'",
    "yaml.duplicate_key.fix": "each field may appear once; remove or merge the repeated one",
    "check.status_below_updates": "the commitment's 'status:' stands below its 'updates:' and overrides the status of every update",
    "check.status_below_updates.fix": "if it belongs to the last update, indent it one more level into that update; if it is the commitment's own status, move it above 'updates:'",
}

CATALOGS: dict[str, dict[str, str]] = {"zh": MSG_ZH, "en": MSG_EN}

_language: str | None = None


def language_of(value: str | None) -> str | None:
    """``zh``/``en`` for a language as a person or site.yaml writes it (``zh-CN``, ``EN``)."""
    if not value:
        return None
    value = value.strip().lower()
    for code in LANGUAGES:
        if value == code or value.startswith(code + "-") or value.startswith(code + "_"):
            return code
    return None


def resolve_language(explicit: str | None = None, site_language: str | None = None) -> str:
    """``--lang``, else ``MINSHENG_LANG``, else the site's ``language``, else Chinese."""
    return (
        language_of(explicit)
        or language_of(os.environ.get("MINSHENG_LANG"))
        or language_of(site_language)
        or "zh"
    )


def use_language(code: str | None) -> None:
    """Say everything from now on in ``code`` (``zh`` or ``en``); None: back to the default."""
    global _language
    _language = language_of(code)


def site_language_of(content_dir: Path) -> str | None:
    """The ``language`` of ``content_dir/site.yaml``, read leniently before the content is
    checked (so that the check itself speaks it); None when it cannot be read."""
    try:
        text = (content_dir / "site.yaml").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(r"^language:[ \t]*[\"']?([A-Za-z_-]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def current_language() -> str:
    return _language if _language is not None else resolve_language()


def msg(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values``."""
    text = CATALOGS[current_language()][key]
    return text.format(**values) if values else text
