"""``minsheng build``: build the static site from the content."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import click

from generator.commands import Command, ProgressLine, echo, report_warnings, verbosity
from generator.messages import msg
from generator.options import (
    as_of_option,
    base_url_option,
    content_option,
    strict_option,
    theme_option,
)


@click.command("build", cls=Command)
@content_option
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Where the site is written (replaced atomically).",
)
@base_url_option("Public URL of the site, e.g. https://example.org/minsheng/.")
@strict_option
@as_of_option
@theme_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes rendering pages (default: one per CPU; 1 renders in this process).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep what this build made in DIR and start from what the last one kept there "
    "(for CI, with actions/cache on DIR and the output folder); the output is the same.",
    metavar="DIR",
)
@click.option(
    "--timings-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write phase timings and counts to this JSON file (for benchmarks).",
)
def build_cmd(
    content_dir: Path,
    output_dir: Path,
    base_url: str | None,
    strict: bool,
    as_of: date | None,
    theme: Path | None,
    jobs: int | None,
    cache_dir: Path | None,
    timings_json: Path | None,
) -> None:
    """Build the static site from the content."""
    from generator.build import Builder, BuildOptions

    level = verbosity()
    options = BuildOptions(base_url=base_url, strict=strict, as_of=as_of, theme=theme)
    if jobs is not None:
        options.jobs = jobs
    started = time.perf_counter()
    with ProgressLine(enabled=level >= 0, every_line=level > 0) as progress:
        if cache_dir is None:
            result = Builder(
                content_dir, output_dir, options, progress=progress, incremental=False
            ).build()
        else:
            from generator import buildcache

            read_started = time.perf_counter()
            builder, reused = buildcache.cached_builder(
                content_dir, output_dir, options, cache_dir, progress=progress
            )
            read = time.perf_counter() - read_started
            progress(msg("build.cache_read" if reused else "build.cache_unused", seconds=read))
            result = builder.build()
            save_started = time.perf_counter()
            buildcache.save_builder(cache_dir, builder)
            result.timings["cache"] = read + time.perf_counter() - save_started
    report_warnings(result.warnings)
    if level > 0:
        for phase, seconds in result.timings.items():
            echo(f"  {phase:<9} {seconds:7.3f} s")
    stats = result.stats
    assert stats is not None
    if level >= 0:  # -q: errors only
        echo(
            msg(
                "build.done",
                pages=result.pages,
                files=stats.files,
                written=stats.written,
                linked=stats.linked,
                output=output_dir,
                seconds=time.perf_counter() - started,
            )
        )
    if timings_json is not None:
        payload: dict[str, Any] = {
            "phases": result.timings,
            "files_written": result.files_written,
            "files": result.files,
            "pages": result.pages,
        }
        timings_json.write_text(json.dumps(payload, indent=2), "utf-8")
