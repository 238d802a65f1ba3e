"""Whole-document commands: compose (every section of an outline, in order), export (DOCX, Markdown)
and check (the format of any document).

The record is written atomically; a record edited into nonsense, an unknown kind or a path that
cannot be written gets a one-line message and leaves the record as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import friendly, parts, store_options
from assistant.config import DRAFT_BACKENDS, load_settings


@click.command()
@store_options
@click.option("--kind", required=True, help="Outline id (see `assistant outlines`).")
@click.option("--facts", "facts_file", required=True, type=click.Path(path_type=Path))
@click.option("--backend", type=click.Choice(DRAFT_BACKENDS), help="Default: local (llama.cpp).")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="The document record to write (JSON).")
@friendly
def compose(kind: str, facts_file: Path, backend: str | None, output: Path, **flags: Any) -> None:
    """Draft every section of the outline in order into a document record."""
    from tqdm import tqdm

    from assistant.core.facts import load_facts
    from assistant.core.outlines import get_outline
    from assistant.documents.records import save_record
    from assistant.documents.whole import draft_document

    settings = load_settings(draft_backend=backend, **flags)
    facts = load_facts(facts_file)
    outline = get_outline(kind, user_folder=settings.outlines_dir)
    assistant = parts(settings)
    drafter = assistant.drafter(outline)
    warnings = list(assistant.warnings)
    facts = assistant.report_facts(outline, facts)
    leaves = [s for s in outline.all_sections() if not s.children]
    with tqdm(total=len(leaves), unit="mục", desc="Soạn / drafting", file=sys.stderr) as bar:
        record = draft_document(drafter, facts, on_section=lambda s: bar.update(1))
    save_record(record, output)
    for warning in warnings:
        click.echo(f"! {warning.message}", err=True)
    placeholders = sum(v.text.count("[…]") for s in record.sections.values() for v in s.versions[-1:])
    click.echo(f"{len(leaves)} mục đã soạn / sections drafted, {placeholders} ô […] cần điền; saved {output}")


@click.command()
@click.argument("record_file", type=click.Path(path_type=Path))
@click.option("--docx", "docx_path", type=click.Path(path_type=Path), help="Word file to write.")
@click.option("--md", "md_path", type=click.Path(path_type=Path), help="Markdown file to write.")
@click.option("--json", "as_json", is_flag=True, help="Print the warnings as JSON.")
@friendly
def export(record_file: Path, docx_path: Path | None, md_path: Path | None, as_json: bool) -> None:
    """Render a document record in the national format (Nghị định 30/2020)."""
    from assistant.core.outlines import get_outline
    from assistant.documents.docx_export import export_docx
    from assistant.documents.layout import layout, to_markdown
    from assistant.documents.records import RecordError, load_record

    if not docx_path and not md_path:
        raise click.UsageError("give --docx OUT.docx and/or --md OUT.md")
    record = load_record(record_file)
    outline = get_outline(record.kind, user_folder=load_settings().outlines_dir)
    laid_out = layout(record, outline)
    written = []
    if docx_path:
        written.append(str(export_docx(laid_out, docx_path)))
    if md_path:
        try:
            Path(md_path).write_text(to_markdown(record, outline), encoding="utf-8")
        except OSError as exc:
            raise RecordError(f"cannot write {md_path}: {exc.strerror or exc}") from exc
        written.append(str(md_path))
    if as_json:
        click.echo(json.dumps({"written": written, "warnings": [w.to_dict() for w in laid_out.warnings]},
                              ensure_ascii=False, indent=2))
        return
    for warning in laid_out.warnings:
        click.echo(f"! {warning.message}", err=True)
    click.echo("written: " + ", ".join(written))


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--outline", "outline_id", help="The outline that applies (e.g. one built from the higher level's "
                                              "ĐỀ CƯƠNG): every section of it the document lacks is an error.")
@click.option("--json", "as_json", is_flag=True)
@friendly
def check(file: Path, outline_id: str | None, as_json: bool) -> None:
    """Check a document's format (docx, txt, md) against Nghị định 30/2020; exit 1 on errors."""
    from assistant.core.outlines import load_outlines
    from assistant.documents.lint import check_document
    from assistant.errors import IngestError, OutlineError

    outlines = load_outlines(user_folder=load_settings().outlines_dir)
    if outline_id and outline_id not in outlines:
        raise OutlineError(f"không có dàn ý {outline_id!r} / unknown outline; known: {', '.join(outlines)}")
    try:
        findings = check_document(file, outlines[outline_id] if outline_id else None, outlines)
    except IngestError as exc:
        raise click.ClickException(f"(lỗi) {file.name}: {exc}") from exc
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(f"{finding.severity:7} {finding.where:>18}: {finding.what}\n{'':28}→ {finding.fix}")
        errors = sum(f.severity == "error" for f in findings)
        click.echo(f"{errors} lỗi / errors, {len(findings) - errors} cảnh báo / warnings")
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


COMMANDS = [compose, export, check]
