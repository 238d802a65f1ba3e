"""How well the classifier of precedent sentences finds another unit's specifics.

On ``benchmarks/precedent_sentences.yaml`` (sentences of the four real seeds and of four precedents
written with the traps of real files, labelled by hand, split dev/test by document): precision and
recall of "specific" per sentence, and the share of labelled spans that a found span covers. The
classifier was tuned on the dev split only; the test split is reported untouched.

    .venv/bin/python benchmarks/bench_specifics.py [--show-dev-misses]
"""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path

import yaml

from assistant.draft.specifics import find_specifics
from assistant.parse.readers import parse_file

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = Path(__file__).with_name("precedent_sentences.yaml")
FOLDERS = [ROOT / "corpus", ROOT / "tests" / "data" / "precedents"]


@cache
def own_place(source: str) -> str:
    for folder in FOLDERS:
        if (folder / source).is_file():
            return parse_file(folder / source).place
    raise FileNotFoundError(source)


def score(items: list[dict]) -> dict:
    tp = fp = fn = tn = 0
    spans = covered = 0
    misses = []
    for item in items:
        found = find_specifics(item["text"], own_place(item["source"]), bool(item["results"]))
        predicted, truth = bool(found), item["label"] == "specific"
        tp += predicted and truth
        fp += predicted and not truth
        fn += truth and not predicted
        tn += not truth and not predicted
        for span in item.get("specifics") or []:
            spans += 1
            at = item["text"].find(span)
            covered += any(f.start < at + len(span) and at < f.end for f in found)
        if predicted != truth:
            misses.append((item["source"][:24], item["label"], [f"{f.kind}:{f.text}" for f in found],
                           item.get("specifics"), item["text"][:140]))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"n": len(items), "specific": tp + fn, "precision": precision, "recall": recall,
            "accuracy": (tp + tn) / len(items), "span_recall": covered / spans if spans else 1.0, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-dev-misses", action="store_true")
    args = parser.parse_args()
    items = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    for split in ("dev", "test"):
        result = score([i for i in items if i["split"] == split])
        print(f"{split:4}: {result['n']} sentences ({result['specific']} specific)  precision {result['precision']:.3f}"
              f"  recall {result['recall']:.3f}  accuracy {result['accuracy']:.3f}"
              f"  labelled spans covered {result['span_recall']:.3f}")
        if split == "dev" and args.show_dev_misses:
            for miss in result["misses"]:
                print("   ", *miss)


if __name__ == "__main__":
    main()
