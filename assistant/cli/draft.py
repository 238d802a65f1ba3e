"""Drafting commands: outlines, draft, slogans.

``draft`` loads the facts and the outline first (cheap checks, clear errors),
then the store and the chat model; it saves every version in the document
record (``documents/records.py``) as soon as it exists. An LLM that cannot be loaded or
reached never costs the officer the draft: the extractive text is kept, with
a warning that says how to fix it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import friendly, parts, store_options
from assistant.config import DRAFT_BACKENDS, load_settings
from assistant.core.schema import Draft


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def outlines(ctx: click.Context, as_json: bool) -> None:
    """List the outlines (document kinds): the built-in ones and those built from documents
    (`assistant outlines add FILE`)."""
    if ctx.invoked_subcommand is not None:
        return
    from assistant.core.outlines import load_outlines

    found = load_outlines(user_folder=load_settings().outlines_dir)
    if as_json:
        click.echo(json.dumps([o.to_dict() for o in found.values()], ensure_ascii=False, indent=2))
        return
    for outline in found.values():
        origin = "" if outline.builtin else f"  [từ / from {outline.source}]"
        click.echo(f"{outline.id}: {outline.name} ({outline.kind}){origin}")
        _echo_sections(outline)
    click.echo("(* bắt buộc / mandatory, # có số liệu / holds figures, $ kinh phí / money, ▦ bảng / table)")


def _echo_sections(outline: Any) -> None:
    for section in outline.all_sections():
        marks = "".join(mark if flag else " " for mark, flag in (("*", section.mandatory), ("#", section.figures),
                                                                  ("$", section.money)))
        table = f"  ▦ {' | '.join(section.table.columns)}" if section.table else ""
        click.echo(f"  {marks} {'  ' * section.depth}{section.heading()}{table}")


@outlines.command("add")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--id", "outline_id", help="Outline id (default: from the kind, year and place).")
@click.option("--name", help="Name shown in the kind picker (default: from the document's title).")
@click.option("--part", "part_index", type=int,
              help="Which part: 0 the document itself, 1… its attachments (default: the attached ĐỀ CƯƠNG).")
@click.option("--replace", is_flag=True, help="Replace an outline of yours with the same id.")
@click.option("--dry-run", is_flag=True, help="Show the outline; store nothing.")
@click.option("--json", "as_json", is_flag=True)
@friendly
def outlines_add(file: Path, outline_id: str | None, name: str | None, part_index: int | None, replace: bool,
                 dry_run: bool, as_json: bool) -> None:
    """Build an outline from a document (a higher level's plan with its ĐỀ CƯƠNG BÁO CÁO, a standalone
    outline, last year's report) and store it beside the built-in ones."""
    from assistant.core.outlines import save_outline
    from assistant.documents.mandate import read_outline

    settings = load_settings()
    assistant = parts(settings)
    known = assistant.outlines()
    outline, found = read_outline(file, known, part_index=part_index, outline_id=outline_id, name=name,
                                  similarity=assistant.title_similarity())
    path = None if dry_run else save_outline(outline, settings.outlines_dir, known, replace=replace)
    if path is not None and outline.id in known:  # replaced: the documents drafted with it follow
        from assistant.app.shelf import Shelf

        for left in Shelf(settings).follow_outline(known[outline.id], outline):
            click.echo(f"(giữ bản nháp của mục không còn trong dàn ý / kept a draft with no place: {left})", err=True)
    if as_json:
        click.echo(json.dumps({**outline.to_dict(), "path": str(path) if path else None,
                               "parts": [{"index": p.index, "label": p.label} for p in found]},
                              ensure_ascii=False, indent=2))
        return
    if len(found) > 1:
        click.echo("Các phần có dàn ý / parts with an outline (--part N):", err=True)
        for part in found:
            click.echo(f"  {part.index}: {part.label}", err=True)
    click.echo(f"{outline.id}: {outline.name} ({outline.kind})")
    _echo_sections(outline)
    click.echo(f"(đã lưu / saved: {path})" if path else "(chưa lưu / not stored: --dry-run)", err=True)


@outlines.command("remove")
@click.argument("outline_id")
@friendly
def outlines_remove(outline_id: str) -> None:
    """Remove an outline of yours (documents drafted with it keep their text)."""
    from assistant.core.outlines import load_outlines, remove_outline

    settings = load_settings()
    remove_outline(outline_id, settings.outlines_dir, load_outlines(user_folder=settings.outlines_dir))
    click.echo(f"(đã xoá / removed: {outline_id})")


@click.command()
@store_options
@click.option("--kind", required=True, help="Outline id (see `assistant outlines`).")
@click.option("--section", "section_id", required=True, help="Section id: I, I.3, II.2 …")
@click.option("--facts", "facts_file", required=True, type=click.Path(path_type=Path),
              help="YAML: issuer, place, level, year, signer, theme, notes, figures.")
@click.option("--backend", type=click.Choice(DRAFT_BACKENDS), help="Default: local (llama.cpp).")
@click.option("--instruction", default="", help="A follow-up: “ngắn gọn hơn”, “thêm nội dung về …”, …")
@click.option("--record", "record_file", type=click.Path(path_type=Path),
              help="Document record (JSON); default: data/documents/<kind>-<place>-<year>.json.")
@click.option("--new", "fresh", is_flag=True, help="Start a new draft even when the section has one.")
@click.option("--json", "as_json", is_flag=True)
@friendly
def draft(kind: str, section_id: str, facts_file: Path, backend: str | None, instruction: str,
          record_file: Path | None, fresh: bool, as_json: bool, **flags: Any) -> None:
    """Draft one section (or refine its latest draft with --instruction)."""
    from assistant.core.facts import describe_figures, load_facts
    from assistant.core.outlines import get_outline
    from assistant.documents.records import DocumentRecord, load_record, record_path, save_record
    from assistant.draft.refine import parse_instruction

    settings = load_settings(draft_backend=backend, **flags)
    facts = load_facts(facts_file)
    outline = get_outline(kind, user_folder=settings.outlines_dir)
    section = outline.section(section_id)
    path = record_file or record_path(settings.data_dir, outline.id, facts)
    record = load_record(path) if path.exists() else DocumentRecord(outline.id, facts)
    if record.kind != outline.id:
        raise click.ClickException(f"(lỗi) {path.name} is a {record.kind} record, not {outline.id}")
    order = parse_instruction(instruction)
    if order.figures:  # new figures typed in a follow-up ("số liệu mới: 200 người") join the facts
        record.notes_added.append(order.figures_text)
    record.facts = record.facts_with_notes(facts)
    previous = None if fresh or not instruction else record.latest_draft(section.id, section.title)
    assistant = parts(settings)
    facts = assistant.report_facts(outline, record.facts)
    drafter = assistant.drafter(outline)
    warnings = list(assistant.warnings)  # a chat model that could not be loaded: said with the draft
    result: Draft | None = None
    for event in drafter.stream(section.id, facts, instruction, previous):
        if event.stage == "extractive" and drafter.chat_model is not None and not as_json:
            click.echo(f"[bản trích xuất / extractive draft]\n{event.text}\n", err=True)
        result = event.draft or result
    assert result is not None
    result.warnings = warnings + result.warnings
    version = record.add_draft(section.id, result)
    save_record(record, path)
    if as_json:
        click.echo(json.dumps({**result.to_dict(), "version": version.number, "record": str(path),
                               "figures_read": describe_figures(facts.notes)}, ensure_ascii=False, indent=2))
        return
    for figure in describe_figures(facts.notes):
        number = figure["value"]
        whole = number is not None and number == int(number)
        value = "?" if number is None else f"{number:,.0f}".replace(",", ".") if whole else f"{number:g}"
        click.echo(f"(số liệu đã đọc / figure read: {figure['text']} → {figure['kind']} {value})", err=True)
    click.echo(f"{section.heading()}  (v{version.number}, {result.backend})\n{result.text}\n")
    for citation in result.citations:
        click.echo(f"[{citation.number}] {citation.source} § {citation.section} {citation.title}")
    for warning in result.warnings:
        click.echo(f"! {warning.message}", err=True)
    click.echo(f"(đã lưu / saved: {path})", err=True)


@click.command()
@store_options
@click.option("--group", required=True, help="luat-phap-chinh-sach, phong-ngua-ung-pho-bao-luc, huy-dong-nam-gioi")
@click.option("--year", required=True, type=click.IntRange(1990, 2100))
@click.option("--theme", default="", help="The year's theme (set by the officer).")
@click.option("--n", "count", default=5, show_default=True, type=click.IntRange(1, 30))
@click.option("--backend", type=click.Choice(DRAFT_BACKENDS), help="Default: local (llama.cpp).")
@click.option("--json", "as_json", is_flag=True)
@friendly
def slogans(group: str, year: int, theme: str, count: int, backend: str | None, as_json: bool,
            **flags: Any) -> None:
    """The official slogans of a group (newest first) and new candidates that fit the theme."""
    from assistant.draft.slogans import check_group, suggest

    check_group(group)
    settings = load_settings(draft_backend=backend, **flags)
    assistant = parts(settings)
    chat_model = assistant.chat_model
    found = suggest(assistant.store, chat_model, group, year, theme, count, settings.slogan_duplicate_threshold,
                    list(assistant.warnings))
    out = found.to_dict()
    official, chosen, warnings = found.official, found.candidates, found.warnings
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"Thông điệp chính thức ({len(official)}):")
    for s in official:
        click.echo(f"  - {s.text} ({s.year}, {s.source})")
    click.echo("Đề xuất mới / new candidates:")
    for c in chosen:
        click.echo(f"  + {c.text}\n      gần nhất / closest: {c.closest} ({c.similarity})")
    for w in warnings:
        click.echo(f"! {w.message}", err=True)
    sys.exit(0)


COMMANDS = [outlines, draft, slogans]
