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
    "yaml.too_deep": "嵌套超过 {depth} 层",
    "yaml.alias": "不能使用 YAML 锚点和别名",
    "yaml.alias.fix": "把值完整写出来，不要用 '&name' / '*name'",
    "yaml.merge": "不能使用 YAML 合并键（'<<'）",
    "yaml.merge.fix": "把字段完整写出来",
    "yaml.key_not_text": "键必须是普通文字",
    "yaml.tag": "不支持的 YAML 标签 '{tag}'",
    "yaml.tag.fix": "删除 '!标签'",
    "file.gbk": "文件看起来是 GBK（GB18030）编码",
    "file.gbk.fix": "用这条命令转换：iconv -f GB18030 -t UTF-8 '{path}' -o '{path}.utf8'",
    "file.not_utf8": "文件不是 UTF-8 编码",
    "file.not_utf8.fix": "在编辑器里另存为 UTF-8",
    "file.bad_byte": "{what}：字节 {byte} 不是有效的 UTF-8",
    "file.invisible": "含有不可见字符 {character}，内容文件里不能有它",
    "file.invisible.fix": "删除它；它常随从 PDF 复制的文字而来",
    "file.too_big": "文件有 {size} 字节，超过上限 {limit}",
    "file.too_big.fix": "拆开：每个文件一份计划",
    "file.unreadable": "无法读取文件：{reason}",
    # checks of content (generator/validate.py)
    "check.status_below_updates": "承诺的 'status:' 写在 'updates:' 下面，会覆盖所有进展记录的状态",
    "check.status_below_updates.fix": "如果它属于最后一条进展，再缩进一级放到那条进展里；如果是整项承诺的状态，移到 'updates:' 上面",
    "check.wrong_type": "应为{wanted}，实际是{got}",
    "check.not_allowed": "不能是{got}；应为{wanted}",
    "type.text": "文字",
    "type.slug": "由小写英文字母、数字和连字符组成的标识",
    "type.url": "http(s) 网址",
    "type.date": "日期（YYYY-MM-DD）",
    "type.number": "数字",
    "type.integer": "整数",
    "type.listof": "列表",
    "type.obj": "键值对（key: value）",
    "type.mapof": "以标识为键的键值对",
    "type.stringorlist": "文字或文字列表",
    "type.choice": "以下之一：{values}",
    "type.nullable": "{inner}或 null",
    "type.boolean": "true 或 false",
    "value.null": "空值（null）",
    "value.bool": "布尔值 {value}",
    "value.number": "数字 {value}",
    "value.text": "文字 '{value}'",
    "value.list": "列表",
    "value.mapping": "键值对",
    "hint.quote_it": "加上引号，让它成为文字",
    "hint.write_list": "写成列表：{fixed}",
    "hint.date": "日期写成 YYYY-MM-DD，例如 2022-12-31",
    "hint.did_you_mean": "是不是 '{word}'？",
    "check.forbidden_character": "含有不可见字符 {character}（第 {at} 个字符），无法发布",
    "check.forbidden_character.fix": "删除它；它常随从 PDF 复制的文字而来，在编辑器里搜索这个编码可以找到",
    "check.disguising_character": "含有不可见字符 {character}（第 {at} 个字符），可能让文字读起来不一样",
    "check.disguising_character.fix": "除非文字确实需要，否则删除它",
    "check.too_long": "文字有 {length} 个字符，超过上限 {limit}",
    "check.empty": "不能为空",
    "check.bad_id": "'{value}' 不是有效的标识",
    "check.bad_id.fix": "只用小写英文字母、数字和单个连字符，例如 lvyuan-2022；标识会成为网址的一部分",
    "check.use_district": "使用 districts.yaml 里的地区标识",
    "check.bad_url": "'{value}' 不是 http(s) 网址",
    "check.bad_url.fix": "以 https:// 开头",
    "check.bad_date": "'{value}' 不是真实存在的日期",
    "check.bad_date.fix": "检查月份和日期",
    "check.out_of_range": "{value} 超出范围 {low}–{high}",
    "check.too_many": "有 {count} 项，超过上限 {limit}",
    "check.unknown_field": "未知字段 '{key}'",
    "check.allowed": "可用的字段：{names}",
    "check.missing": "缺少必填字段 '{name}'",
    "check.missing.fix": "{where}加上 '{name}:'",
    "where.top": "在文件开头",
    "where.entry": "在这一项里",
    "check.file_missing": "文件不存在",
    "check.file_missing.fix": "创建 {name}；见 docs/content.md",
    "check.file_empty": "文件是空的",
    "check.file_empty.fix": "它应包含什么，见 docs/content.md",
    "check.unknown_unit": "'{name}' 不在 departments.yaml 中本地区的部门或集体范围里",
    "check.unknown_unit.fix": "把它加进 departments.yaml（作为名称或别名）",
    "check.id_mismatch": "id '{id}' 与文件名 '{file}' 不一致",
    "check.id_mismatch.fix": "把文件改名为 {id}.yaml，或修改 id",
    "check.duplicate_plan": "计划 id '{id}' 重复",
    "check.duplicate_plan.fix": "{other} 已经用了它",
    "check.unknown_district": "未知地区 '{district}'",
    "check.unknown_district.fix": "把它加进 districts.yaml",
    "check.duplicate_no": "承诺编号 {no} 重复",
    "check.duplicate_no.fix": "commitments[{index}] 已经用了它；同一计划里编号不能重复",
    "check.unknown_category": "未知分类 '{category}'",
    "check.unknown_category.fix": "见 categories.yaml",
    "check.update_order": "{date} 的进展排在 {previous} 的后面",
    "check.update_order.fix": "进展按日期从早到晚排列",
    # summaries and repeated warnings (generator/errors.py, generator/commands/)
    "content.not_found": "找不到内容文件夹：以下文件夹里都没有 site.yaml 或 content/site.yaml：\n{searched}\n请在站点文件夹里运行，或用 --content DIR 指定",
    "content.missing": "内容文件夹不存在：{path}（用 --content DIR 指定）",
    "import.needs_extra": "读取这种文件需要 {module}，它随 minsheng 的 import 附加依赖安装（pip install 'minsheng[import] @ …'，见 docs/editors.md）",
    "new.created": "已创建 {path}",
    "new.kept": "保留已有的 {path}",
    "new.git": "已在 main 分支上初始化 git 仓库",
    "new.next": "\n下一步：\n  cd {directory}\n  minsheng serve    # 检查、生成并在 http://127.0.0.1:8000/ 预览，保存后自动刷新\n然后把 content/plans/example-2024.yaml 换成你们自己的计划（见 README.md）。",
    "preview.failed": "生成失败",
    "preview.reloads": "改好并保存后，预览会自动刷新。",
    "preview.warnings": "{count} 个警告",
    "preview.rebuilt": "已重新生成（第 {builds} 次，{seconds:.1f} 秒，{warnings} 个警告）",
    "preview.serving": "预览地址：{url}（Ctrl-C 停止）",
    "preview.port_taken": "端口 {taken} 已被占用，改用 {port}",
    "update.done": "已把 {date} 的进展（{status}）加到 {plan}/{no}，文件 {file}",
    "file.wrote": "已写入 {path}",
    "report.totals": "{errors} 个错误，{warnings} 个警告",
    "report.repeated": "（共 {count} 处，首处 {first}）",
    "report.more": "另有 {count} 个警告；用 -v 显示全部",
    "check.ok": "检查通过：{plans} 份计划，{commitments} 项承诺，{districts} 个地区，{departments} 个部门；{warnings} 个警告",
    "build.done": "已生成 {pages} 个页面（{files} 个文件，写入 {written} 个，{linked} 个未变）到 {output}，用时 {seconds:.1f} 秒",
    "build.cache_read": "已读取构建缓存（{seconds:.2f} 秒）",
    "serve.building": "正在生成 {content} 的预览……",
    "build.cache_unused": "构建缓存为空或不可用（{seconds:.2f} 秒），从头构建",
    "check.themes_weak_section": "{file}：第 {no} 项“{title}”：主题“{category}”只是按计划的分类标题“{section}”推测的；请用 `categories: [...]` 确认或更改",
    "check.themes_weak_none": "{file}：第 {no} 项“{title}”：没有词语指明主题，暂归“{category}”；请用 `categories: [...]` 确认或更改",
    "check.themes_total": "主题：{given} 项在计划文件中给出，{suggested} 项按标题或正文推测，{weak} 项只是弱推测",
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
    "yaml.too_deep": "nesting deeper than {depth} levels",
    "yaml.alias": "YAML anchors and aliases are not allowed",
    "yaml.alias.fix": "write the value out in full instead of '&name' / '*name'",
    "yaml.merge": "YAML merge keys ('<<') are not allowed",
    "yaml.merge.fix": "write the fields out in full",
    "yaml.key_not_text": "a key must be plain text",
    "yaml.tag": "unsupported YAML tag '{tag}'",
    "yaml.tag.fix": "remove the '!tag'",
    "file.gbk": "the file looks like GBK (GB18030)",
    "file.gbk.fix": "convert it with: iconv -f GB18030 -t UTF-8 '{path}' -o '{path}.utf8'",
    "file.not_utf8": "the file is not UTF-8",
    "file.not_utf8.fix": "save it as UTF-8 in your editor",
    "file.bad_byte": "{what}: byte {byte} is not valid UTF-8",
    "file.invisible": "holds the invisible character {character}, which a content file may not contain",
    "file.invisible.fix": "delete it; it often comes with text copied from a PDF",
    "file.too_big": "file is {size} bytes, over the limit of {limit}",
    "file.too_big.fix": "split it: one plan per file",
    "file.unreadable": "cannot read file: {reason}",
    "check.status_below_updates": "the commitment's 'status:' stands below its 'updates:' and overrides the status of every update",
    "check.status_below_updates.fix": "if it belongs to the last update, indent it one more level into that update; if it is the commitment's own status, move it above 'updates:'",
    "check.wrong_type": "expected {wanted}, got {got}",
    "check.not_allowed": "{got} is not allowed; expected {wanted}",
    "type.text": "text",
    "type.slug": "an id of lowercase ASCII letters, digits and hyphens",
    "type.url": "an http(s) URL",
    "type.date": "a date (YYYY-MM-DD)",
    "type.number": "a number",
    "type.integer": "a whole number",
    "type.listof": "a list",
    "type.obj": "a mapping (key: value)",
    "type.mapof": "a mapping of ids",
    "type.stringorlist": "text or a list of texts",
    "type.choice": "one of {values}",
    "type.nullable": "{inner} or null",
    "type.boolean": "true or false",
    "value.null": "nothing (null)",
    "value.bool": "the boolean {value}",
    "value.number": "the number {value}",
    "value.text": "the text '{value}'",
    "value.list": "a list",
    "value.mapping": "a mapping",
    "hint.quote_it": "put it in quotes to make it text",
    "hint.write_list": "write a list: {fixed}",
    "hint.date": "write the date as YYYY-MM-DD, e.g. 2022-12-31",
    "hint.did_you_mean": "did you mean '{word}'?",
    "check.forbidden_character": "holds the invisible character {character} at character {at}, which cannot be published",
    "check.forbidden_character.fix": "delete it; it often comes with text copied from a PDF, and a search for the code in an editor finds it",
    "check.disguising_character": "holds the invisible character {character} at character {at}, which can make text read differently",
    "check.disguising_character.fix": "delete it unless the text needs it",
    "check.too_long": "text is {length} characters, over the limit of {limit}",
    "check.empty": "must not be empty",
    "check.bad_id": "'{value}' is not a valid id",
    "check.bad_id.fix": "use lowercase ASCII letters, digits and single hyphens, e.g. lvyuan-2022; ids become URL paths",
    "check.use_district": "use a district slug",
    "check.bad_url": "'{value}' is not an http(s) URL",
    "check.bad_url.fix": "start it with https://",
    "check.bad_date": "'{value}' is not a real date",
    "check.bad_date.fix": "check the month and day",
    "check.out_of_range": "{value} is outside {low}–{high}",
    "check.too_many": "{count} items, over the limit of {limit}",
    "check.unknown_field": "unknown field '{key}'",
    "check.allowed": "allowed: {names}",
    "check.missing": "missing required field '{name}'",
    "check.missing.fix": "add '{name}:' {where}",
    "where.top": "at the top of the file",
    "where.entry": "to this entry",
    "check.file_missing": "file is missing",
    "check.file_missing.fix": "create {name}; see docs/content.md",
    "check.file_empty": "file is empty",
    "check.file_empty.fix": "see docs/content.md for what it holds",
    "check.unknown_unit": "'{name}' is not a department or scope of this district in departments.yaml",
    "check.unknown_unit.fix": "add it to departments.yaml (as a name or an alias)",
    "check.id_mismatch": "id '{id}' does not match the file name '{file}'",
    "check.id_mismatch.fix": "rename the file to {id}.yaml or change the id",
    "check.duplicate_plan": "duplicate plan id '{id}'",
    "check.duplicate_plan.fix": "already used by {other}",
    "check.unknown_district": "unknown district '{district}'",
    "check.unknown_district.fix": "add it to districts.yaml",
    "check.duplicate_no": "duplicate commitment number {no}",
    "check.duplicate_no.fix": "commitments[{index}] already has it; numbers must be unique in a plan",
    "check.unknown_category": "unknown category '{category}'",
    "check.unknown_category.fix": "see categories.yaml",
    "check.update_order": "update of {date} comes after one of {previous}",
    "check.update_order.fix": "list updates oldest first",
    "content.not_found": "no content folder found: none of these folders holds site.yaml or content/site.yaml:\n{searched}\nrun the command inside the site's folder, or pass --content DIR",
    "content.missing": "content folder not found: {path} (pass --content DIR)",
    "import.needs_extra": "reading this kind of file needs {module}, which comes with minsheng's import extra (pip install 'minsheng[import] @ …', see docs/editors.md)",
    "new.created": "created {path}",
    "new.kept": "kept existing {path}",
    "new.git": "initialised a git repository on branch main",
    "new.next": "\nNext steps:\n  cd {directory}\n  minsheng serve    # check, build and preview on http://127.0.0.1:8000/, reloading on save\nThen replace content/plans/example-2024.yaml with your own plans (see README.md).",
    "preview.failed": "Build failed",
    "preview.reloads": "The preview reloads by itself when the content is fixed and saved.",
    "preview.warnings": "{count} warning(s)",
    "preview.rebuilt": "rebuilt ({builds}, {seconds:.1f} s, {warnings} warning(s))",
    "preview.serving": "serving on {url} (Ctrl-C stops)",
    "preview.port_taken": "port {taken} is in use; using {port}",
    "update.done": "added {status} update of {date} to {plan}/{no} in {file}",
    "file.wrote": "wrote {path}",
    "report.totals": "{errors} error(s), {warnings} warning(s)",
    "report.repeated": " ({count} places, first {first})",
    "report.more": "{count} more warning(s); -v shows them all",
    "check.ok": "ok: {plans} plans, {commitments} commitments, {districts} districts, {departments} departments; {warnings} warning(s)",
    "build.done": "built {pages} pages ({files} files, {written} written, {linked} unchanged) into {output} in {seconds:.1f} s",
    "build.cache_read": "build cache read ({seconds:.2f} s)",
    "serve.building": "building the preview of {content} …",
    "build.cache_unused": "build cache empty or not usable ({seconds:.2f} s): building from scratch",
    "check.themes_weak_section": "{file}: commitment {no} '{title}': theme '{category}' is a weak guess (from the section heading '{section}' only); confirm or change it with `categories: [...]`",
    "check.themes_weak_none": "{file}: commitment {no} '{title}': theme '{category}' is a weak guess (nothing named a theme); confirm or change it with `categories: [...]`",
    "check.themes_total": "themes: {given} given in the plan files, {suggested} suggested from the title or text, {weak} weak guesses",
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
