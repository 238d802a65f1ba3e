"""Drafting evaluation: trust (unsupported numbers, stale names), outline coverage, citations and
time to the first visible draft and to the complete draft, per backend, warm.

    .venv/bin/python benchmarks/bench_drafting.py [--backend extractive --backend local]
        [--openai-url http://127.0.0.1:8080/v1]

Uses the index in index/ (build it with `assistant ingest corpus/`) and the default models.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from assistant.app.factory import Assistant
from assistant.config import load_settings
from assistant.core.facts import facts_from_dict
from assistant.core.outlines import get_outline
from assistant.core.schema import PLACEHOLDER
from assistant.draft.guards import check, make_context
from assistant.draft.llm import make_chat_model
from assistant.index.embeddings import make_embeddings

REQUESTS = Path(__file__).with_name("drafting_requests.yaml")


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
        report = check(final.text, make_context(facts, names))
        section = outline.section(request["section"])
        content = [ln for ln in final.text.split("\n") if ln.strip() and ln.strip(" -") != PLACEHOLDER
                   and not ln.startswith(PLACEHOLDER)]
        rows.append({"request": f"{request['kind']} {request['section']}", "first": first, "total": total,
                     "token": token,
                     "unsupported": len(report.figures), "stale": len(report.stale),
                     "covered": bool(content) and all(c.heading() in final.text for c in section.children),
                     "cited": bool(final.citations) or bool(section.table), "backend": final.backend,
                     "fallbacks": sum(w.code == "fallback" for w in final.warnings)})
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
             f" lines fallen back: {sum(r['fallbacks'] for r in rows)}"]
    for r in rows:
        token = f"{r['token']:5.2f} s" if r["token"] is not None else "    –  "
        lines.append(f"    {r['request']:<36} first {r['first']:5.2f} s  token {token}  total {r['total']:6.2f} s  "
                     f"{r['backend']:<10} unsupported {r['unsupported']} stale {r['stale']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", action="append", choices=["extractive", "local", "openai"])
    parser.add_argument("--openai-url")
    args = parser.parse_args()
    settings = load_settings(openai_base_url=args.openai_url)
    embeddings = make_embeddings(settings)
    spec = yaml.safe_load(REQUESTS.read_text(encoding="utf-8"))
    for backend in args.backend or ["extractive", "local"]:
        print(summary(run(backend, settings, embeddings, spec)), flush=True)


if __name__ == "__main__":
    main()
