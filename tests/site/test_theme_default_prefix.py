"""``default:NAME``: a site's template can extend the default theme's template it replaces.

A site's ``theme/templates/plan.html`` that says ``{% extends "default:plan.html" %}`` gets
the default plan page and changes only the blocks it names; without the prefix the name
would resolve to the site's own file again. Built through ``minsheng build``.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.site.html_tree import parse

PLAN_PAGE = "plans/east-2022/index.html"
OTHER_PAGE = "plans/east-2022/1/index.html"


def run_build(content: Path, output: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["build", "--content", str(content), "--output", str(output), "-q"]
    )
    return result.exit_code, result.output


def write_theme(content: Path, templates: dict[str, str]) -> None:
    folder = content.parent / "theme" / "templates"  # found next to the content folder
    folder.mkdir(parents=True)
    for name, text in templates.items():
        (folder / name).write_text(text, "utf-8")


def test_an_override_extends_the_default_template_and_adds_a_block(
    site_copy: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    assert run_build(site_copy, plain) == (0, "")
    write_theme(
        site_copy,
        {
            "plan.html": '{% extends "default:plan.html" %}\n'
            "{% block main %}"
            '<p class="local-note">{{ page.plan.year }} · {{ page.plan.id }}</p>\n'
            "{{ super() }}{% endblock %}\n"
            '{% block scripts %}<script src="{{ asset("local.js") }}"></script>{% endblock %}\n',
        },
    )
    themed = tmp_path / "themed"
    assert run_build(site_copy, themed) == (0, "")

    page = (themed / PLAN_PAGE).read_text("utf-8")
    doc = parse(page, PLAN_PAGE)
    assert doc.problems == []
    main = doc.main
    note = main.find("p", cls="local-note")
    assert note.text() == "2022 · east-2022"
    assert main.children and main.find("h1").text() == "东区2022年民生实事"
    # everything the default plan page shows is still there, after the added paragraph
    default_main = (plain / PLAN_PAGE).read_text("utf-8")
    start = default_main.index("<main")
    body = default_main[default_main.index(">", start) + 1 : default_main.index("</main>")]
    assert body.strip() in page
    assert page.index('class="local-note"') < page.index(body.strip()[:40])
    assert page.count("<script") == default_main.count("<script") + 1
    # pages of other templates are untouched
    assert (themed / OTHER_PAGE).read_bytes() == (plain / OTHER_PAGE).read_bytes()


def test_a_site_base_template_can_extend_the_default_base(site_copy: Path, tmp_path: Path) -> None:
    """base.html extending "base.html" would name itself; "default:base.html" is the default
    one, and every default page template (extending "base.html") gets the site's version."""
    write_theme(
        site_copy,
        {
            "base.html": '{% extends "default:base.html" %}\n'
            '{% block head %}<meta name="x-local" content="yes">{{ super() }}{% endblock %}\n'
        },
    )
    out = tmp_path / "out"
    assert run_build(site_copy, out) == (0, "")
    # home, district, department and data pages fill the head block too, keeping super()
    pages = ["index.html", "districts/test-east/index.html", "data/index.html", "404.html"]
    for path in (PLAN_PAGE, OTHER_PAGE, *pages):
        doc = parse((out / path).read_text("utf-8"), path)
        assert doc.problems == [], path
        assert doc.meta("x-local") == "yes", path
        assert doc.find("main"), path


def test_a_missing_default_template_is_a_clear_build_error(site_copy: Path, tmp_path: Path) -> None:
    write_theme(site_copy, {"plan.html": '{% extends "default:no-such.html" %}\n'})
    out = tmp_path / "out"
    code, message = run_build(site_copy, out)
    assert code == 1
    assert "default:no-such.html" in message and "not found" in message
    assert "Traceback" not in message
    assert not out.exists()
