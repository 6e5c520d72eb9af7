"""The preview server's site: rebuilds, sub-path serving, and errors shown in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import BuildOptions
from generator.serve import PreviewSite
from tests.conftest import FIXED_TODAY


def get(app: PreviewSite, path: str) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def preview(content: Path, tmp_path: Path) -> PreviewSite:
    options = BuildOptions(base_url="/minsheng/", today=FIXED_TODAY)
    return PreviewSite(content, tmp_path / "preview", options)


def test_serves_site_under_its_base_path(site_copy: Path, tmp_path: Path) -> None:
    app = preview(site_copy, tmp_path)
    assert app.rebuild() is True
    status, headers, body = get(app, "/minsheng/plans/east-2022/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "东区2022年民生实事" in body.decode()
    assert get(app, "/")[0].startswith("302")
    assert get(app, "/")[1]["Location"] == "/minsheng/"
    status, _, body = get(app, "/minsheng/no/such/page/")
    assert status == "404 Not Found" and "页面不存在" in body.decode()
    assert get(app, "/minsheng/../../etc/passwd")[0] == "404 Not Found"
    assert get(app, "/minsheng/static/style.css")[1]["Content-Type"].startswith("text/css")


def test_failed_rebuild_shows_error_then_recovers(site_copy: Path, tmp_path: Path) -> None:
    app = preview(site_copy, tmp_path)
    assert app.rebuild()
    plan = site_copy / "plans" / "east-2023.yaml"
    good = plan.read_text("utf-8")
    plan.write_text(
        good.replace("    deadline_text: 3月底前\n", "    deadline_txt: 3月底前\n"), "utf-8"
    )
    assert app.rebuild() is False
    status, _, body = get(app, "/minsheng/plans/east-2022/")
    page = body.decode()
    assert status.startswith("500")
    assert "plans/east-2023.yaml:" in page
    assert "plans/east-2023.yaml:13:5: commitments[0].deadline_txt</h2>" in page
    assert "<p>unknown field &#x27;deadline_txt&#x27;</p>" in page
    assert "did you mean &#x27;deadline_text&#x27;?" in page
    # the file's own lines around the error, its line marked
    assert "<mark>  13 |     deadline_txt: 3月底前</mark>" in page
    # the last good site is still on disk, untouched
    assert (tmp_path / "preview" / "plans" / "east-2022" / "index.html").is_file()
    plan.write_text(good, "utf-8")
    assert app.rebuild() is True
    assert get(app, "/minsheng/plans/east-2022/")[0] == "200 OK"


def test_serve_takes_its_path_from_site_yaml_even_when_content_is_broken(site_copy: Path) -> None:
    from generator.serve import configured_base_url as _configured_base_url

    assert _configured_base_url(site_copy) == "https://example.org/minsheng/"
    (site_copy / "plans" / "east-2022.yaml").write_text("id: [broken\n", "utf-8")
    assert _configured_base_url(site_copy) == "https://example.org/minsheng/"
    (site_copy / "site.yaml").write_text("title: [broken\n", "utf-8")
    assert _configured_base_url(site_copy) == "/"


def test_answers_at_once_while_the_first_build_runs(site_copy: Path, tmp_path: Path) -> None:
    import threading

    app = preview(site_copy, tmp_path)
    release = threading.Event()
    build = app.builder.build

    def slow_build() -> Any:
        assert release.wait(timeout=60)
        return build()

    app.builder.build = slow_build  # type: ignore[method-assign]
    thread = app.start()
    for path in ("/minsheng/", "/minsheng/plans/east-2022/", "/minsheng/static/style.css"):
        status, headers, body = get(app, path)
        assert status == "503 Service Unavailable"
        assert headers["Retry-After"] == "1"
        page = body.decode()
        assert 'id="building"' in page and '<meta http-equiv="refresh" content="1">' in page
    assert get(app, "/")[0].startswith("302")  # the base path is known before any build
    release.set()
    thread.join(timeout=120)
    assert not thread.is_alive()
    status, _, body = get(app, "/minsheng/plans/east-2022/")
    assert status == "200 OK" and "东区2022年民生实事" in body.decode()


def test_a_first_build_that_fails_shows_its_error_not_the_building_page(
    site_copy: Path, tmp_path: Path
) -> None:
    (site_copy / "site.yaml").write_text("title: [unclosed\n", "utf-8")
    app = preview(site_copy, tmp_path)
    app.start().join(timeout=120)
    status, _, body = get(app, "/minsheng/")
    assert status.startswith("500") and 'id="build-error"' in body.decode()


def test_the_error_comes_first_and_warnings_fold_below(site_copy: Path, tmp_path: Path) -> None:
    app = preview(site_copy, tmp_path)
    plan = site_copy / "plans" / "east-2023.yaml"
    text = plan.read_text("utf-8")
    # warnings: names departments.yaml lacks; one error: an unknown field
    text = text.replace("    deadline_text: 3月底前\n", "    deadline_txt: 3月底前\n")
    text = text.replace("lead: [", "lead: [区不存在局, ", 1)
    plan.write_text(text, "utf-8")
    assert app.rebuild() is False
    page = get(app, "/minsheng/")[2].decode()
    error_at = page.index('id="build-error"')
    warnings_at = page.index('<details id="preview-warnings"')
    assert error_at < warnings_at
    assert page.count('class="preview-error"') == 1  # the error alone
    assert "区不存在局" not in page[:warnings_at]
    assert "区不存在局" in page[warnings_at:]


def test_warnings_show_after_a_good_build(site_copy: Path, tmp_path: Path) -> None:
    app = preview(site_copy, tmp_path)
    plan = site_copy / "plans" / "east-2023.yaml"
    plan.write_text(plan.read_text("utf-8").replace("lead: [", "lead: [区不存在局, ", 1), "utf-8")
    assert app.rebuild() is True
    status, _, body = get(app, "/minsheng/")
    page = body.decode()
    assert status == "200 OK"
    assert '<details id="preview-warnings"' in page
    assert page.index("<body") < page.index("preview-warnings") < page.index("<main")
    assert "区不存在局" in page


def test_a_taken_port_gives_the_next_free_one() -> None:
    import socket

    from generator.serve import free_port

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert free_port("127.0.0.1", port) > port
