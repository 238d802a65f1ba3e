"""Drafting evaluation: trust (unsupported numbers, stale names, another unit's specifics per draft,
the officer's facts covered, ordinary wording kept), outline coverage, citations and time to the
first visible draft and to the complete draft, per backend, warm.

    .venv/bin/python benchmarks/bench_drafting.py [--backend extractive --backend local]
        [--openai-url http://127.0.0.1:8080/v1]

Builds its own index (default model) of corpus/ and the four adversarial precedents of
tests/data/precedents/ (other communes, with the traps of real files), so that a copied specific
shows up: the audit (draft/audit.py) counts every span a person labelled in those precedents and
every figure in prose that the officer never gave.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from assistant.app.factory import Assistant
from assistant.config import load_settings
from assistant.core.facts import facts_from_dict
from assistant.core.outlines import get_outline
from assistant.core.schema import PLACEHOLDER
from assistant.documents.whole import draft_document
from assistant.draft.audit import foreign_specifics, unconfirmed_lines
from assistant.draft.guards import inspect_text, make_context
from assistant.draft.llm import make_chat_model
from assistant.index.embeddings import make_embeddings
from assistant.index.indexer import ingest_paths
from assistant.vn.numbers import find_numbers

REQUESTS = Path(__file__).with_name("drafting_requests.yaml")
ROOT = Path(__file__).resolve().parent.parent
LABELLED = yaml.safe_load(Path(__file__).with_name("precedent_sentences.yaml").read_text(encoding="utf-8"))
SPANS = {s for item in LABELLED for s in item.get("specifics") or []}
ORDINARY = ("đoàn kết", "thống nhất", "hòa bình", "hoà bình", "tân tiến")  # commune names that are also words




def run(backend: str, settings, embeddings, spec) -> dict:
    assistant = Assistant(settings, embeddings=embeddings, chat_model=make_chat_model(settings, backend),
                          backend=backend)
    names = assistant.known_names()
    rows = []
    for index, request in enumerate([spec["requests"][0], *spec["requests"]]):  # the first is a warm-up
        facts = facts_from_dict(spec["facts"][request["facts"]])
        outline = get_outline(request["kind"])
        drafter = assistant.drafter(outline)
        start = time.perf_counter()
        first = token = None
        for event in drafter.stream(request["section"], facts, request.get("instruction", "")):
            if event.stage == "extractive" and first is None:
                first = time.perf_counter() - start
            if event.stage == "token" and token is None:
                token = time.perf_counter() - start
            final = event.draft
        total = time.perf_counter() - start
        if index == 0:
            continue
        report = inspect_text(final.text, make_context(facts, names))
        foreign = foreign_specifics(final.text, facts, SPANS)
        flagged_words = [w for w in ORDINARY if f"[kiểm tra: {w}" in final.text.lower()]
        section = outline.section(request["section"])
        content = [ln for ln in final.text.split("\n") if ln.strip() and ln.strip(" -") != PLACEHOLDER
                   and not ln.startswith(PLACEHOLDER)]
        rows.append({"request": f"{request['kind']} {request['section']}", "first": first, "total": total,
                     "token": token,
                     "unsupported": len(report.figures), "stale": len(report.stale),
                     "covered": bool(content) and all(c.heading() in final.text for c in section.children),
                     "cited": bool(final.citations) or bool(section.table), "backend": final.backend,
                     "fallbacks": sum(w.code == "fallback" for w in final.warnings),
                     "foreign": foreign, "ordinary_flagged": flagged_words,
                     "section": request["section"], "facts": facts, "text": final.text})
    return {"backend": backend, "rows": rows}


def summary(result: dict) -> str:
    rows = result["rows"]
    n = len(rows)
    firsts = sorted(r["first"] for r in rows)
    totals = sorted(r["total"] for r in rows)
    tokens = [r["token"] for r in rows if r["token"] is not None]
    lines = [f"backend {result['backend']}: {n} requests",
             f"  drafts with no unsupported number: {sum(r['unsupported'] == 0 for r in rows) / n:.0%}",
             f"  stale-entity rate: {sum(r['stale'] > 0 for r in rows) / n:.2f}",
             f"  outline coverage: {sum(r['covered'] for r in rows) / n:.0%};"
             f" citations present: {sum(r['cited'] for r in rows) / n:.0%}",
             f"  first visible draft: median {statistics.median(firsts):.2f} s, max {firsts[-1]:.2f} s",
             f"  complete draft: median {statistics.median(totals):.2f} s, max {totals[-1]:.2f} s",
             *([f"  first token: median {statistics.median(tokens):.2f} s, max {max(tokens):.2f} s"] if tokens else []),
             f"  kept the model's text: {sum(r['backend'] != 'extractive' for r in rows)}/{n};"
             f" lines fallen back: {sum(r['fallbacks'] for r in rows)}",
             f"  another unit's specifics per draft: {sum(len(r['foreign']) for r in rows) / n:.2f}"
             f" (drafts with any: {sum(bool(r['foreign']) for r in rows)}/{n})",
             f"  ordinary words flagged as names: {sum(len(r['ordinary_flagged']) for r in rows)}"]
    for r in rows:
        if r["foreign"]:
            lines.append(f"    foreign in {r['request']}: {r['foreign']}")
    for r in rows:
        token = f"{r['token']:5.2f} s" if r["token"] is not None else "    –  "
        lines.append(f"    {r['request']:<36} first {r['first']:5.2f} s  token {token}  total {r['total']:6.2f} s  "
                     f"{r['backend']:<10} unsupported {r['unsupported']} stale {r['stale']}")
    return "\n".join(lines)


def coverage(settings, embeddings, spec: dict) -> str:
    """The officer's facts in whole documents (extractive): every figure of the notes appears exactly
    once in the document, in one section."""
    assistant = Assistant(settings, embeddings=embeddings, chat_model=None)
    pairs = sorted({(r["facts"], r["kind"]) for r in spec["requests"]})
    once = wanted = 0
    misplaced, claimed = [], []
    for key, kind in pairs:
        facts = facts_from_dict(spec["facts"][key])
        outline = get_outline(kind)
        record = draft_document(assistant.drafter(outline), facts)
        texts = [s.versions[-1].text for s in record.sections.values()]
        if outline.kind == "BÁO CÁO":  # what a report's results would sign as done with no word from the officer
            claimed += [f"{key}/{kind} {section_id}: {line[:90]}" for section_id, s in record.sections.items()
                        if any(x.reports for x in outline.section(section_id).walk())
                        for line in unconfirmed_lines(s.versions[-1].text, facts)]
        for figure in (m.text for m in find_numbers(facts.notes) if m.kind in ("count", "money", "percentage")):
            wanted += 1
            count = sum(t.count(figure) for t in texts if "|" not in t)
            once += count == 1
            if count != 1:
                misplaced.append(f"{key}/{kind}: {figure!r} ×{count}")
    reports = sum(get_outline(kind).kind == "BÁO CÁO" for _, kind in pairs)
    return f"  officer note figures once in the whole document (extractive, {len(pairs)} documents): " \
           f"{once}/{wanted}" + "".join(f"\n    {m}" for m in misplaced) + \
           f"\n  lines of a report's results stated as done with no word from the officer, unmarked " \
           f"({reports} reports): {len(claimed)}" + "".join(f"\n    {c}" for c in claimed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", action="append", choices=["extractive", "local", "openai"])
    parser.add_argument("--openai-url")
    args = parser.parse_args()
    settings = load_settings(openai_base_url=args.openai_url)
    embeddings = make_embeddings(settings)
    spec = yaml.safe_load(REQUESTS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings.with_overrides(index_dir=Path(tmp) / "index")
        report = ingest_paths([ROOT / "corpus", ROOT / "tests" / "data" / "precedents"],
                              Assistant(settings, embeddings=embeddings).store, settings.chunk_chars)
        print(f"index: {len(report.added)} documents, {report.chunks} chunks (seeds and adversarial precedents)")
        for backend in args.backend or ["extractive", "local"]:
            result = run(backend, settings, embeddings, spec)
            print(summary(result), flush=True)
        print(coverage(settings, embeddings, spec), flush=True)


if __name__ == "__main__":
    main()
