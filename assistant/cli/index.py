"""Index commands: ingest, parse, search, stats, remove, eval, shell.

Each builds its parts through the composition root (``common.parts``) and prints; the work is done
in ``index/`` and ``parse/``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import friendly, parts, result_line, store_options
from assistant.config import load_settings


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@friendly
def ingest(paths: tuple[Path, ...], as_json: bool, **flags: Any) -> None:
    """Add or update precedent files (.docx, .pdf, .txt, .md) or folders in the index."""
    from tqdm import tqdm

    from assistant.index.embeddings import warm_up
    from assistant.index.indexer import ingest_paths

    settings = load_settings(**flags)
    store = parts(settings).store
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


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed document as JSON.")
@friendly
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


@click.command()
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
@friendly
def search(queries: tuple[str, ...], k: int, kind: str | None, year: int | None, level: str | None,
           section: str | None, mode: str, mmr: bool, as_json: bool, **flags: Any) -> None:
    """Find precedent passages; several queries in one call share the loaded model."""
    from assistant.index.retrieve import Filters

    found = parts(load_settings(**flags))
    store, retriever = found.store, found.retriever
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
            line = result_line(rank, r["source"], r["section"], r["title"], r["text"], 220)
            click.echo(f"  {line}")


@click.command()
@store_options
@click.option("--json", "as_json", is_flag=True)
@friendly
def stats(as_json: bool, **flags: Any) -> None:
    """Count the documents and chunks in the index."""
    store = parts(load_settings(**flags)).store
    counts = store.stats()
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo(f"{counts['documents']} documents, {counts['chunks']} chunks"
                   + (f", {counts['incomplete']} incomplete (run ingest again)" if counts["incomplete"] else ""))


@click.command()
@click.argument("sources", nargs=-1, required=True)
@store_options
@friendly
def remove(sources: tuple[str, ...], **flags: Any) -> None:
    """Delete documents (by file name) from the index."""
    store = parts(load_settings(**flags)).store
    names = [Path(s).name for s in sources]
    indexed = store.documents()
    missing = [n for n in names if n not in indexed]
    with store.write_lock():
        removed = store.remove([n for n in names if n not in missing])
    for name in missing:
        click.echo(f"not in the index: {name}", err=True)
    click.echo(f"removed {removed} document(s)")
    sys.exit(1 if missing else 0)


@click.command(name="eval")
@store_options
@click.option("--devset", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Questions (YAML); default: the packaged dev set, the second set and the three untouched sets.")
@click.option("--fusion", type=click.Choice(["rrf", "weighted"]))
@click.option("--dense-weight", type=float, help="Share of the dense side in the fusion (0-1).")
@click.option("--chat", is_flag=True, help="Score the chat's reading of officers' messages instead (the chat set).")
@click.option("--json", "as_json", is_flag=True)
@friendly
def eval_command(devset: Path | None, fusion: str | None, dense_weight: float | None, chat: bool, as_json: bool,
                 **flags: Any) -> None:
    """Retrieval quality: hit@1, hit@5 and MRR for BM25, dense and hybrid; with --chat, how often
    the chat reads a message as meant (dev and held-out halves of the chat set)."""
    from assistant.index.evaluate import (
        DEFAULT_DEVSET,
        SECOND_DEVSET,
        UNTOUCHED_2_DEVSET,
        UNTOUCHED_3_DEVSET,
        UNTOUCHED_4_DEVSET,
        UNTOUCHED_DEVSET,
        evaluate,
        format_report,
        load_devset,
    )

    if chat:
        from assistant.app.chat_eval import evaluate_chat, format_chat_report, load_chatset
        from assistant.core.outlines import load_outlines

        outlines = load_outlines(user_folder=load_settings(**flags).outlines_dir)
        reader = parts(load_settings(**flags)).chat_reader(tuple(outlines.values()))
        found = evaluate_chat(reader, outlines, load_chatset(devset))
        click.echo(json.dumps(found, indent=2, ensure_ascii=False) if as_json else format_chat_report(found))
        return
    retriever = parts(load_settings(fusion=fusion, dense_weight=dense_weight, **flags)).retriever
    if devset is not None:
        report = evaluate(retriever, load_devset(devset))
        click.echo(json.dumps(report, indent=2) if as_json else format_report(report))
        return
    sets = {"dev": ("Dev set (tuned on)", DEFAULT_DEVSET),
            "second": ("Second set (written independently, read untouched once, then tuned on)", SECOND_DEVSET),
            "untouched": ("First untouched set (written from the corpus alone, read untouched once, then tuned on)",
                          UNTOUCHED_DEVSET),
            "untouched_2": ("Second untouched set (written later the same way; read once, its wording misses then "
                            "fixed, its paraphrases not tuned on)", UNTOUCHED_2_DEVSET),
            "untouched_3": ("Third untouched set (session 11, the same way; read once, then its misses tuned on in "
                            "session 12)", UNTOUCHED_3_DEVSET),
            "untouched_4": ("Fourth untouched set (session 12, the same way; read once, never tuned on)",
                            UNTOUCHED_4_DEVSET)}
    reports = {name: evaluate(retriever, load_devset(path)) for name, (_, path) in sets.items()}
    if as_json:
        click.echo(json.dumps(reports, indent=2))
        return
    click.echo("\n\n".join(f"{title}:\n{format_report(reports[name])}" for name, (title, _) in sets.items()))


@click.command()
@store_options
@click.option("--k", default=3, show_default=True, type=click.IntRange(min=1))
@friendly
def shell(k: int, **flags: Any) -> None:
    """Interactive search prompt over the precedents (empty line or Ctrl-D quits)."""
    from assistant.index.embeddings import warm_up

    found = parts(load_settings(**flags))
    store, retriever = found.store, found.retriever
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
            click.echo(result_line(rank, r.source, r.section, r.title, r.text, 400, sep="\n   "))


COMMANDS = [ingest, parse, search, stats, remove, eval_command, shell]
