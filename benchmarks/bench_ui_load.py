"""Load on the chat UI: N concurrent browser sessions (gradio_client), each creating its document and
asking for an extractive draft of a section through the real server; errors and latency p50/p95,
against one session alone measured in the same run (the baseline).

    .venv/bin/python benchmarks/bench_ui_load.py [--sessions 20] [--rounds 2]

Uses the index in index/ (build it with `assistant ingest corpus/`) and the default embedding model;
documents go to a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

from gradio_client import Client

from assistant.app.factory import Assistant
from assistant.config import load_settings
from assistant.ui.app import serve

SECTIONS = ["soạn mục Công tác phối hợp", "soạn mục Đánh giá chung", "soạn mục Kinh phí thực hiện",
            "soạn mục Bình đẳng giới trong lĩnh vực y tế", "soạn mục Đề xuất, kiến nghị"]
HEADER = ["Ủy ban nhân dân xã Hòa An", "Hòa An", "xã", "2026", "Trần Thị Bình", "", "", ""]


def session(url: str, number: int, rounds: int, out: list[float], errors: list[str]) -> None:
    try:
        client = Client(url, verbose=False)
        client.predict("bao-cao-binh-dang-gioi-nam", *HEADER, api_name="/new_document")
        for round_ in range(rounds):
            start = time.perf_counter()
            result = client.predict(SECTIONS[(number + round_) % len(SECTIONS)], api_name="/chat")
            elapsed = time.perf_counter() - start
            chat = result[15]  # the chatbot's messages
            if not chat or not re.search(r"\(v\d+, extractive\)", str(chat[-1])):
                errors.append(f"session {number}: no draft in the answer: {str(chat[-1])[:150] if chat else chat}")
            out.append(elapsed)
    except Exception as exc:  # every failure is counted, none stops the run
        errors.append(f"session {number}: {type(exc).__name__}: {exc}"[:200])


def run(url: str, sessions: int, rounds: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    threads = [threading.Thread(target=session, args=(url, n, rounds, latencies, errors)) for n in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=7871)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(draft_backend="extractive", data_dir=Path(tmp) / "data",
                                 corpus_dir=Path(tmp) / "corpus")
        assistant = Assistant(settings)
        workspace = assistant.workspace()
        assistant.warm_up()
        app = serve(workspace, "127.0.0.1", args.port, block=False)
        url = f"http://127.0.0.1:{args.port}/"
        try:
            run(url, 1, 1)  # warm-up (first requests load caches)
            alone, alone_errors, _ = run(url, 1, args.rounds * 3)
            loaded, errors, wall = run(url, args.sessions, args.rounds)
        finally:
            app.close()
    base = statistics.median(alone)
    print(f"baseline, 1 session: {len(alone)} requests, median {base:.2f} s, errors {len(alone_errors)}")
    print(f"{args.sessions} concurrent sessions x {args.rounds}: {len(loaded)} requests in {wall:.1f} s, "
          f"errors {len(errors)}")
    print(f"  p50 {pct(loaded, 0.5):.2f} s ({pct(loaded, 0.5) / base:.1f}x baseline), "
          f"p95 {pct(loaded, 0.95):.2f} s ({pct(loaded, 0.95) / base:.1f}x), max {max(loaded):.2f} s, "
          f"throughput {len(loaded) / wall:.2f} drafts/s")
    for error in errors[:10]:
        print("  !", error)


if __name__ == "__main__":
    main()
