"""``minsheng update``: append a dated progress report to a commitment in its plan file.

The file is edited with ruamel.yaml's round-trip mode, so its comments, key order, quoting
and flow/block layout stay as they were; only the new update is added. The indentation is
detected from the file itself. The command refuses (with a message naming the problem)
an unknown plan or commitment number, an unknown status or source kind, a percent outside
0–100, a source that is not an http(s) URL, and a date earlier than the commitment's latest
update (updates are kept oldest first).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter

from generator.model import STATUS_ORDER
from generator.options import content_option, parse_date

SOURCE_KINDS = ("government", "media", "citizen", "verified")
_PLAN_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _represent_none(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 100_000  # never re-wrap long lines
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    y.representer.add_representer(type(None), _represent_none)
    return y


# Layouts tried, most common first: "key:\n  - a: 1\n    b: 2" and "key:\n- a: 1\n  b: 2".
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1))


def _dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _fitting_yaml(text: str) -> tuple[YAML, bool]:
    """A YAML instance whose output reproduces ``text`` unchanged, if one of the usual
    layouts does; otherwise the first layout and False (the file will be re-indented)."""
    for layout in _LAYOUTS:
        y = _yaml(*layout)
        if _dump(y, y.load(text)) == text:
            return y, True
    return _yaml(*_LAYOUTS[0]), False


@dataclass(frozen=True)
class NewUpdate:
    date: date
    status: str
    note: str
    source_url: str
    kind: str
    progress: int | None = None
    source_title: str | None = None


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _update_map(new: NewUpdate, flow_source: bool) -> CommentedMap:
    item = CommentedMap()
    item["date"] = new.date
    item["status"] = new.status
    if new.progress is not None:
        item["progress"] = new.progress
    item["note"] = new.note
    source = CommentedMap()
    source["url"] = new.source_url
    if new.source_title:
        source["title"] = new.source_title
    source["kind"] = new.kind
    if flow_source:
        source.fa.set_flow_style()
    item["source"] = source
    return item


def append_update(plan_file: Path, no: int, new: NewUpdate) -> list[str]:
    """Add ``new`` to commitment ``no`` of ``plan_file``; returns warnings to show."""
    text = plan_file.read_text("utf-8")
    y, faithful = _fitting_yaml(text)
    data = y.load(text)
    warnings: list[str] = []
    if not faithful:
        warnings.append(
            f"{plan_file}: its indentation is unusual; other lines were re-indented too"
        )
    commitments = data.get("commitments") if isinstance(data, dict) else None
    if not isinstance(commitments, list):
        raise click.ClickException(f"{plan_file} has no commitments list")
    matches = [c for c in commitments if isinstance(c, dict) and c.get("no") == no]
    if not matches:
        known = ", ".join(str(c.get("no")) for c in commitments if isinstance(c, dict))
        raise click.BadParameter(
            f"plan has no commitment {no} (numbers: {known})", param_hint="'NO'"
        )
    item = matches[0]
    updates = item.get("updates")
    if updates is None:
        updates = CommentedSeq()
        item["updates"] = updates
    elif not isinstance(updates, list):
        raise click.ClickException(f"commitment {no}: 'updates' is not a list")
    last = updates[-1] if updates else None
    last_date = _as_date(last.get("date")) if isinstance(last, dict) else None
    if last_date is not None and new.date < last_date:
        raise click.BadParameter(
            f"{new.date.isoformat()} is before the latest update ({last_date.isoformat()}); "
            "updates are kept oldest first",
            param_hint="'--date'",
        )
    last_source = last.get("source") if isinstance(last, dict) else None
    flow_source = isinstance(last_source, CommentedMap) and last_source.fa.flow_style()
    if isinstance(updates, CommentedSeq) and updates.fa.flow_style() and not updates:
        updates.fa.set_block_style()  # `updates: []` becomes a block list
    updates.append(_update_map(new, flow_source))
    if item.get("status") not in (None, new.status):
        warnings.append(
            f"commitment {no} has `status: {item['status']}`, which overrides updates; "
            f"the site will still show '{item['status']}' until that line is removed"
        )
    plan_file.write_text(_dump(y, data), "utf-8")
    return warnings


def _percent(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise click.BadParameter(f"{value} is not a percentage between 0 and 100")
    return value


def _url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise click.BadParameter(f"'{value}' is not an http(s) URL")
    return value


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    return parse_date(ctx, param, value) or date.today()


@click.command("update")
@click.argument("plan")
@click.argument("no", type=int)
@click.option("--status", required=True, type=click.Choice(STATUS_ORDER), help="New status.")
@click.option("--note", required=True, help="What was reported (markdown).")
@click.option("--source", "source_url", required=True, callback=_url, help="URL of the report.")
@click.option("--source-title", help="Title of the report.")
@click.option(
    "--kind",
    type=click.Choice(SOURCE_KINDS),
    default="government",
    show_default=True,
    help="Who reports it: the government itself, the media, a citizen, or verified evidence.",
)
@click.option("--date", "when", callback=_date, help="Date of the report (default: today).")
@click.option("--percent", type=int, callback=_percent, help="Percent complete, 0–100.")
@content_option
def update_cmd(
    plan: str,
    no: int,
    status: str,
    note: str,
    source_url: str,
    source_title: str | None,
    kind: str,
    when: date,
    percent: int | None,
    content_dir: Path,
) -> None:
    """Append a progress update to commitment NO of plan PLAN.

    Example: minsheng update lvyuan-2022 2 --status on_track --note "上半年新增就业4400人"
    --source https://example.org/report --percent 55
    """
    plans_dir = content_dir / "plans"
    plan_file = plans_dir / f"{plan}.yaml"
    if not _PLAN_ID.match(plan) or not plan_file.is_file():
        known = sorted(p.stem for p in plans_dir.glob("*.yaml")) if plans_dir.is_dir() else []
        hint = f" (plans: {', '.join(known)})" if known else f" (no plans in {plans_dir})"
        raise click.BadParameter(f"unknown plan '{plan}'{hint}", param_hint="'PLAN'")
    if not note.strip():
        raise click.BadParameter("the note is empty", param_hint="'--note'")
    new = NewUpdate(when, status, note.strip(), source_url, kind, percent, source_title)
    for warning in append_update(plan_file, no, new):
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"added {status} update of {when.isoformat()} to {plan}/{no} in {plan_file}", err=True
    )
