"""``minsheng serve``: a live-reloading preview that survives broken content."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from generator.commands import Command, colour_diagnostics, echo
from generator.messages import msg
from generator.options import base_url_option, content_option, strict_option, theme_option


@click.command("serve", cls=Command)
@content_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@base_url_option("Serve under this URL's path (default: site.yaml's).")
@strict_option
@theme_option
def serve_cmd(
    content_dir: Path,
    host: str,
    port: int,
    base_url: str | None,
    strict: bool,
    theme: Path | None,
) -> None:
    """Build, serve on localhost and rebuild when content or theme change."""
    from livereload import Server

    from generator.build import BuildOptions
    from generator.render import default_theme_dir
    from generator.serve import (
        PreviewSite,
        configured_base_url,
        free_port,
        guard_live_reload,
        preview_folder,
        quiet_logs,
    )

    with preview_folder() as tmp:
        site_base = base_url if base_url is not None else configured_base_url(content_dir)
        path = urlsplit(site_base).path or "/"
        options = BuildOptions(base_url=path, strict=strict, theme=theme)
        preview = PreviewSite(
            content_dir,
            tmp / "site",
            options,
            report=lambda m: echo(colour_diagnostics(m)),
            bound_host=host,
        )
        guard_live_reload(preview)
        echo(msg("serve.building", content=content_dir))
        preview.start()  # answers "building" until the first build ends
        server = Server(app=preview)
        watched = [content_dir, default_theme_dir()]
        user_theme = theme or content_dir.absolute().parent / "theme"
        if user_theme.is_dir():
            watched.append(user_theme)
        for folder in watched:
            server.watch(str(folder), preview.rebuild, delay=0.3)
        chosen = free_port(host, port)
        if chosen != port:
            echo(msg("preview.port_taken", taken=port, port=chosen))
        echo(msg("preview.serving", url=f"http://{host}:{chosen}{preview.base_path}"))
        server._setup_logging = quiet_logs  # livereload's own lines are not the editor's
        server.serve(host=host, port=chosen, open_url_delay=None, debug=False)
