"""Does the int8 ONNX export hold on a CPU without AVX-512 VNNI (AVX2 only)? Cosine to fp32, per CPU.

ONNX Runtime picks its int8 kernels by the CPU it runs on: with AVX-512 VNNI (or AVX-VNNI) it
multiplies uint8 by int8 exactly; with AVX2 only it uses ``vpmaddubsw``, whose pairwise sums saturate,
so a model quantized with the full int8 range drifts there (issue 14: cosine 0.947 on an AMD EPYC).
This script measures both recipes on both kinds of CPU, in three steps:

1. ``prepare WORK`` (here): export the fp32 transformer as the program does (``onnx_model``), quantize
   it twice (the full 8-bit range of recipe v1, the 7-bit ``reduce_range`` of today's recipe), tokenize
   the corpus's passages and save the fp32 torch model's hidden states beside the token ids;
2. ``run WORK TAG [BATCHES]`` (on each CPU, or under ``qemu-x86_64 -cpu EPYC-Milan``, an AVX2-only AMD CPU that
   QEMU emulates instruction by instruction, saturation included): ONNX Runtime alone (numpy and
   onnxruntime, no torch), hidden states of both int8 models saved under TAG, with the CPU features
   ONNX Runtime's process saw;
``shrink WORK SMALL TOKENS`` (here) makes a copy whose inputs are cut to a few tokens, for emulation.
3. ``report WORK`` (here): the sentence-transformers pooling and dense layers applied to every
   saved hidden state, cosine of each int8 model's sentence vectors to fp32, per CPU tag.

Speed under emulation means nothing; the timed comparison is BENCHMARKS.md section 10.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RECIPES = {"v1-full-range": False, "v2-reduce-range": True}  # name -> reduce_range
PASSAGES = 24


def _passages() -> list[str]:
    """The corpus's passages as the index embeds them (heading trail in the title slot), longest
    first so that padded batches are measured too."""
    from assistant.index.chunking import chunk_document
    from assistant.parse.readers import parse_file

    texts = [chunk.embed_text for path in sorted((ROOT / "corpus").glob("*.txt"))
             for chunk in chunk_document(parse_file(path))]
    step = max(1, len(texts) // PASSAGES)
    return [f"title: {t.split(chr(10), 1)[0]} | text: {t.split(chr(10), 1)[-1]}" for t in texts[::step]][:PASSAGES]


def prepare(work: Path) -> None:
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    from assistant.config import load_settings
    from assistant.index.onnx_model import _down_projections, _export_fp32, divide_rmsnorm

    work.mkdir(parents=True, exist_ok=True)
    folder = load_settings().gemma_path
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True).eval()
    fp32 = work / "fp32.onnx"
    _export_fp32(model, fp32)
    proto = onnx.load(str(fp32))
    divide_rmsnorm(proto.graph)
    keep = _down_projections(proto.graph)
    onnx.save(proto, str(work / "fixed.onnx"))
    fp32.unlink()
    for name, reduce_range in RECIPES.items():
        quantize_dynamic(str(work / "fixed.onnx"), str(work / f"{name}.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True, reduce_range=reduce_range, op_types_to_quantize=["MatMul"],
                         nodes_to_exclude=keep)
    (work / "fixed.onnx").unlink()
    texts = _passages()
    batches = {}
    for i in range(0, len(texts), 4):  # batches of 4, padded as in an ingest
        features = model.tokenize(texts[i:i + 4])
        with torch.no_grad():
            hidden = model[0].auto_model(input_ids=features["input_ids"],
                                         attention_mask=features["attention_mask"]).last_hidden_state
        batches[f"ids{i}"] = features["input_ids"].numpy()
        batches[f"mask{i}"] = features["attention_mask"].numpy()
        batches[f"fp32_{i}"] = hidden.numpy()
    np.savez(work / "inputs.npz", **batches)
    print(f"prepared {len(texts)} passages in {len(batches) // 3} batches, {len(RECIPES)} int8 models in {work}")


def shrink(work: Path, small: Path, tokens: int) -> None:
    """A copy of ``work`` whose inputs are the first batch's passages cut to ``tokens`` tokens, with
    their fp32 hidden states: under emulation a full batch takes hours."""
    import torch
    from sentence_transformers import SentenceTransformer

    from assistant.config import load_settings

    small.mkdir(parents=True, exist_ok=True)
    for name in RECIPES:
        target = small / f"{name}.onnx"
        if not target.exists():
            target.symlink_to((work / f"{name}.onnx").resolve())
    model = SentenceTransformer(str(load_settings().gemma_path), device="cpu", local_files_only=True).eval()
    inputs = np.load(work / "inputs.npz")
    rows = []  # each passage's first token and its last ``tokens - 1`` (passages share their openings)
    for row, length in zip(inputs["ids0"], inputs["mask0"].sum(1), strict=True):
        rows.append(np.concatenate([row[:1], row[max(1, length - tokens + 1):length]]))
    width = max(len(r) for r in rows)
    ids = np.stack([np.pad(r, (0, width - len(r))) for r in rows])
    mask = np.stack([np.pad(np.ones(len(r), dtype=np.int64), (0, width - len(r))) for r in rows])
    with torch.no_grad():
        hidden = model[0].auto_model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
    np.savez(small / "inputs.npz", ids0=ids, mask0=mask, fp32_0=hidden.last_hidden_state.numpy())
    print(f"{ids.shape[0]} passages of {ids.shape[1]} tokens in {small}")


def _cpu_features() -> dict[str, bool]:
    """What numpy's runtime dispatch saw in CPUID (the same instruction ONNX Runtime's MLAS asks)."""
    from numpy._core._multiarray_umath import __cpu_features__ as features  # type: ignore[attr-defined]

    return {name: bool(features.get(name)) for name in ("AVX2", "FMA3", "AVX512F", "AVX512_CNL", "AVX512_ICL")}


def run(work: Path, tag: str, batches: int | None = None) -> None:
    """``batches``: only the first few batches (under emulation every batch takes minutes)."""
    import onnxruntime as ort

    inputs = np.load(work / "inputs.npz")
    keys = [key for key in inputs.files if key.startswith("ids")][:batches]
    out: dict[str, np.ndarray] = {}
    seconds = {}
    for name in RECIPES:
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        session = ort.InferenceSession(str(work / f"{name}.onnx"), options, providers=["CPUExecutionProvider"])
        start = time.perf_counter()
        for key in keys:
            index = key[3:]
            feeds = {"input_ids": inputs[key].astype(np.int64),
                     "attention_mask": inputs[f"mask{index}"].astype(np.int64)}
            out[f"{name}_{index}"] = session.run(None, feeds)[0]
        seconds[name] = round(time.perf_counter() - start, 1)
        print(f"{tag}: {name} done in {seconds[name]} s", flush=True)
    np.savez(work / f"hidden-{tag}.npz", **out)
    (work / f"cpu-{tag}.json").write_text(json.dumps({"features": _cpu_features(), "seconds": seconds,
                                                      "onnxruntime": ort.__version__}), encoding="utf-8")
    print(f"{tag}: {_cpu_features()} {seconds}")


def report(work: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    from assistant.config import load_settings

    model = SentenceTransformer(str(load_settings().gemma_path), device="cpu",
                                local_files_only=True).eval()
    inputs = np.load(work / "inputs.npz")

    def sentence(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        features = {"token_embeddings": torch.from_numpy(hidden).float(),
                    "attention_mask": torch.from_numpy(mask)}
        with torch.no_grad():
            for module in list(model)[1:]:  # pooling, dense layers, normalisation
                features = module(features)
        vectors = features["sentence_embedding"].numpy()
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    every = [key[3:] for key in inputs.files if key.startswith("ids")]
    reference = {i: sentence(inputs[f"fp32_{i}"], inputs[f"mask{i}"]) for i in every}
    print("| CPU (as ONNX Runtime saw it) | recipe | passages | min cosine | mean cosine |")
    print("|---|---|---|---|---|")
    for cpu_file in sorted(work.glob("cpu-*.json")):
        tag = cpu_file.stem[4:]
        seen = json.loads(cpu_file.read_text(encoding="utf-8"))["features"]
        flags = ", ".join(name for name, on in seen.items() if on) or "none of AVX2/AVX-512"
        hidden = np.load(work / f"hidden-{tag}.npz")
        indices = [i for i in every if f"{next(iter(RECIPES))}_{i}" in hidden.files]  # the batches run there
        for name in RECIPES:
            cosines = np.concatenate([(reference[i] * sentence(hidden[f"{name}_{i}"], inputs[f"mask{i}"])).sum(1)
                                      for i in indices])
            print(f"| {tag} ({flags}) | {name} | {len(cosines)} | {cosines.min():.4f} | {cosines.mean():.4f} |")


if __name__ == "__main__":
    command, work_dir = sys.argv[1], Path(sys.argv[2])
    {"prepare": lambda: prepare(work_dir),
     "shrink": lambda: shrink(work_dir, Path(sys.argv[3]), int(sys.argv[4])),
     "run": lambda: run(work_dir, sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None),
     "report": lambda: report(work_dir)}[command]()
