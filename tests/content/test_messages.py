"""Messages in the editor's language: `--lang`, MINSHENG_LANG and the site's `language`
choose; the `path:line:col: field.path:` prefix is the same in both; repeated warnings are
printed once with their count."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli

PREFIX = re.compile(r"^\S+:\d+:\d+: (?:[\w.\[\]]+: )?")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def typo(content: Path) -> None:
    plan = content / "plans" / "west-2023.yaml"
    plan.write_text(plan.read_text("utf-8").replace("    status: not_started", "    statuss: x"))


def unknown_units(content: Path, times: int) -> None:
    """A plan whose `times` commitments all name one department departments.yaml lacks."""
    items = "".join(
        f"  - no: {n}\n    text: 第{n}项。\n    lead: [区人社所]\n" for n in range(1, times + 1)
    )
    (content / "plans" / "many-2023.yaml").write_text(
        "id: many-2023\ntitle: 东区2023年\ndistrict: test-east\nyear: 2023\ncommitments:\n" + items,
        "utf-8",
    )


def test_a_diagnostic_in_both_languages_keeps_its_prefix(site_copy: Path) -> None:
    typo(site_copy)
    outputs = {}
    for lang in ("zh", "en"):
        result = run("check", "--content", str(site_copy), "--lang", lang)
        assert result.exit_code == 1
        outputs[lang] = [x for x in result.output.splitlines() if "west-2023.yaml" in x]
    assert outputs["en"][0].endswith(
        "plans/west-2023.yaml:13:5: commitments[0].statuss: unknown field 'statuss' "
        "(did you mean 'status'?)"
    )
    assert outputs["zh"][0].endswith(
        "plans/west-2023.yaml:13:5: commitments[0].statuss: 未知字段 'statuss' (是不是 'status'？)"
    )
    assert PREFIX.match(outputs["zh"][0]).group() == PREFIX.match(outputs["en"][0]).group()  # type: ignore[union-attr]


def test_the_totals_and_the_ok_line_in_both_languages(site_copy: Path) -> None:
    zh = run("check", "--content", str(site_copy), "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    assert "检查通过：3 份计划" in zh.output
    en = run("check", "--content", str(site_copy), "--lang", "en")
    assert "ok: 3 plans" in en.output
    typo(site_copy)
    assert "1 个错误，0 个警告" in run("check", "--content", str(site_copy), "--lang", "zh").output
    assert "1 error(s), 0 warning(s)" in run("check", "--content", str(site_copy)).output


def test_the_environment_and_the_site_choose_when_lang_is_not_given(site_copy: Path) -> None:
    assert (
        "检查通过" in run("check", "--content", str(site_copy), env={"MINSHENG_LANG": "zh"}).output
    )
    site = site_copy / "site.yaml"
    text = re.sub(r"(?m)^language:.*\n", "", site.read_text("utf-8"))
    site.write_text(text + "language: en\n", "utf-8")
    without_env = {"MINSHENG_LANG": ""}
    assert "ok: 3 plans" in run("check", "--content", str(site_copy), env=without_env).output
    site.write_text(site.read_text("utf-8").replace("language: en", "language: zh-CN"), "utf-8")
    assert "检查通过" in run("check", "--content", str(site_copy), env=without_env).output
    # --lang wins over both
    assert (
        "ok: 3 plans"
        in run(
            "check", "--content", str(site_copy), "--lang", "en", env={"MINSHENG_LANG": "zh"}
        ).output
    )


def test_repeated_warnings_are_printed_once_with_their_count(site_copy: Path) -> None:
    unknown_units(site_copy, 5)
    result = run("check", "--content", str(site_copy), "--lang", "zh")
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if "区人社所" in x]
    assert len(lines) == 1, result.output
    assert (
        lines[0].endswith(
            "plans/many-2023.yaml:8:12: commitments[0].lead[0]: warning: "
            "'区人社所' 不在 departments.yaml 中本地区的部门或集体范围里"
            "（共 5 处，首处 content/plans/many-2023.yaml:8）(是不是 '区人社局'？)"
        )
        or "（共 5 处，首处 " in lines[0]
    ), lines[0]
    assert "plans/many-2023.yaml:8:12: commitments[0].lead[0]: warning: " in lines[0]
    assert re.search(r"（共 5 处，首处 \S*plans/many-2023\.yaml:8）", lines[0]), lines[0]
    assert "5 个警告" in result.output

    en = run("check", "--content", str(site_copy))
    assert re.search(r"\(5 places, first \S*plans/many-2023\.yaml:8\)", en.output), en.output
    every = run("check", "--content", str(site_copy), "-v")
    assert len([x for x in every.output.splitlines() if "区人社所" in x]) == 5
    quiet = run("check", "--content", str(site_copy), "-q")
    assert "区人社所" not in quiet.output


def test_build_summary_in_both_languages_with_its_time(site_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    zh = run("build", "--content", str(site_copy), "--output", str(out), "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    assert re.search(r"已生成 \d+ 个页面.*用时 \d+\.\d 秒", zh.output), zh.output
    en = run("build", "--content", str(site_copy), "--output", str(out))
    assert re.search(r"built \d+ pages .* in \d+\.\d s", en.output), en.output
    assert run("build", "--content", str(site_copy), "--output", str(out), "-q").output == ""


def test_every_command_takes_lang_quiet_verbose_and_colour() -> None:
    from generator.commands import COMMANDS, LazyGroup

    group = cli
    assert isinstance(group, LazyGroup)
    for name in COMMANDS:
        command = group.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None, name
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        assert {"--lang", "-q", "-v", "--color", "--no-color"} <= options, name


def test_colour_only_when_asked_or_on_a_terminal(site_copy: Path) -> None:
    typo(site_copy)
    plain = run("check", "--content", str(site_copy))
    assert "\x1b[" not in plain.output
    coloured = run("check", "--content", str(site_copy), "--color")
    assert "\x1b[31m" in coloured.output  # errors red
    no_colour = run("check", "--content", str(site_copy), "--color", env={"NO_COLOR": "1"})
    assert "\x1b[31m" in no_colour.output  # --color wins over NO_COLOR


def test_file_level_problems_in_both_languages(site_copy: Path) -> None:
    plan = site_copy / "plans" / "gbk-2023.yaml"
    plan.write_bytes("id: gbk-2023\ntitle: 东区\n".encode("gbk"))
    zh = run("check", "--content", str(site_copy), "--lang", "zh")
    assert (
        "plans/gbk-2023.yaml:2:8: 文件看起来是 GBK（GB18030）编码：字节 0xb6 不是有效的 UTF-8"
        in zh.output
    )
    assert "iconv -f GB18030 -t UTF-8" in zh.output
    en = run("check", "--content", str(site_copy), "--lang", "en")
    assert "plans/gbk-2023.yaml:2:8: the file looks like GBK (GB18030): byte 0xb6" in en.output
