"""EmbeddingGemma's transformer as an int8 ONNX model for ONNX Runtime: export it once, run it.

``export_int8(folder)`` (run by ``python -m assistant.index.prepare`` after the model is unzipped):

1. exports the sentence-transformers model's transformer (not its pooling and dense layers, which
   stay in sentence-transformers and cost almost nothing) with ``torch.onnx.export(dynamo=True)``;
2. rewrites each RMSNorm's ``x * (1 / sqrt(v))`` as ``x / sqrt(v)``, the pattern ONNX Runtime fuses
   into one ``SimplifiedLayerNormalization`` (torch decomposes ``rsqrt`` into Sqrt and Reciprocal,
   which ONNX Runtime does not fuse: measured 1.2x slower);
3. quantizes the weights of the MatMuls to int8 (dynamic, per channel, 7-bit range), except the MLP
   down-projections, which carry the outlier activations (as in ``embeddings.quantize_int8``). The
   7-bit range (``reduce_range``) is for CPUs without AVX-512 VNNI (AVX2 only, like many officers'
   PCs): there ONNX Runtime multiplies uint8 activations by int8 weights with ``vpmaddubsw``, whose
   pairwise sums saturate at 32767 (255·127·2 = 64770 overflows; 255·63·2 = 32130 does not), which
   made the full-range model drift to cosine 0.947 there. On VNNI CPUs it costs nothing measurable
   (minimum cosine 0.993, BENCHMARKS.md section 10);
4. checks the result against the fp32 torch model on sample passages (a short, a long, and a padded
   batch) and refuses it below ``MIN_COSINE``;
5. writes ``onnx/model_int8.onnx`` in the model folder (renamed into place) and then a manifest
   naming the recipe and the weights it was made from; no manifest, no use.

``use_onnx(model, path)`` swaps a loaded sentence-transformers model's transformer for an ONNX
Runtime session; tokenisation, prompts, pooling, dense layers and normalisation stay its own.
Measured in BENCHMARKS.md section 10. This module does not choose a runtime (``embeddings.py`` does).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.errors import OnnxExportError, one_line

logger = logging.getLogger(__name__)

ONNX_FILE = "onnx/model_int8.onnx"
MANIFEST_FILE = "onnx/model_int8.json"
RECIPE = "dynamo-rmsnorm-div-int8-reduce-range-keep-down-proj-v2"  # a new recipe re-exports
MIN_COSINE = 0.98  # measured: mean 0.996 on the corpus's passages; torch int8 gives 0.988
_SAMPLES = [
    "title: KẾ HOẠCH Tháng hành động vì bình đẳng giới > Mục đích | text: Nâng cao nhận thức.",
    # about 600 tokens: past the 512-token sliding window of half the layers (the export is traced at 16)
    "Tuyên truyền, phổ biến pháp luật về bình đẳng giới và phòng, chống bạo lực gia đình. " * 30,
    "Hội Liên hiệp Phụ nữ xã phối hợp tổ chức 3 cuộc tập huấn cho cán bộ cơ sở.",
]


def onnx_file(model_dir: Path) -> Path:
    return Path(model_dir) / ONNX_FILE


def _weights_stamp(model_dir: Path) -> dict[str, int]:
    """Sizes of the weight and config files: an export follows the weights it was made from."""
    return {p.name: p.stat().st_size for p in sorted(Path(model_dir).glob("*.safetensors"))
            + sorted(Path(model_dir).glob("config*.json"))}


def is_exported(model_dir: Path) -> bool:
    """The int8 ONNX file is there, made by the current recipe from the folder's current weights."""
    manifest = Path(model_dir) / MANIFEST_FILE
    try:
        written = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(written, dict) and written.get("recipe") == RECIPE
            and written.get("weights") == _weights_stamp(model_dir) and onnx_file(model_dir).is_file())


def _export_fp32(model: Any, target: Path) -> None:
    import torch

    class Transformer(torch.nn.Module):
        def __init__(self, inner: Any):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    wrapped = Transformer(model[0].auto_model).eval()
    ids = torch.randint(10, 1000, (2, 16))
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq")
    program = torch.onnx.export(
        wrapped, (ids, torch.ones_like(ids)), dynamo=True, verbose=False,
        input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
        dynamic_shapes={"input_ids": {0: batch, 1: seq}, "attention_mask": {0: batch, 1: seq}},
    )
    if program is None:
        raise OnnxExportError("torch.onnx.export returned no program")
    program.save(str(target))


def divide_rmsnorm(graph: Any) -> int:
    """Rewrite ``Mul(x, Reciprocal(Sqrt(v)))`` as ``Div(x, Sqrt(v))`` in place; return how many."""
    from onnx import helper

    producer = {out: node for node in graph.node for out in node.output}
    users: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    replaced: dict[int, Any] = {}  # id of the Mul -> its Div
    dropped: set[int] = set()
    outputs = {out.name for out in graph.output}
    for node in graph.node:
        sqrt = producer.get(node.input[0]) if node.op_type == "Reciprocal" else None
        after = users.get(node.output[0], []) if sqrt is not None else []
        if (sqrt is None or sqrt.op_type != "Sqrt" or len(after) != 1 or after[0].op_type != "Mul"
                or node.output[0] in outputs):
            continue
        mul = after[0]
        other = mul.input[1] if mul.input[0] == node.output[0] else mul.input[0]
        replaced[id(mul)] = helper.make_node("Div", [other, sqrt.output[0]], list(mul.output),
                                             name=f"{mul.name}_as_div")
        dropped.add(id(node))
    nodes = [replaced.get(id(n), n) for n in graph.node if id(n) not in dropped]
    del graph.node[:]
    graph.node.extend(nodes)
    return len(replaced)


def _down_projections(graph: Any) -> list[str]:
    """Names of the MatMuls the exporter traced from an MLP ``down_proj`` (kept in fp32)."""
    names = []
    for node in graph.node:
        scopes = [p.value for p in node.metadata_props if p.key == "pkg.torch.onnx.name_scopes"]
        if node.op_type == "MatMul" and scopes and "down_proj" in scopes[0]:
            names.append(node.name)
    return names


def ort_session(path: Path, threads: int | None = None) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # warnings about unused initialisers are not the officer's concern
    if threads:
        options.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def use_onnx(model: Any, path: Path, threads: int | None = None) -> Any:
    """Run ``model``'s transformer in ONNX Runtime from ``path``; frees the torch weights first (1.2
    GB, not needed beside the session's own). On failure ``model`` is left without a transformer."""
    import gc

    import numpy as np
    import torch

    config = model[0].auto_model.config
    model[0].model = torch.nn.Module()
    gc.collect()
    runner = ort_session(path, threads)

    class OnnxTransformer(torch.nn.Module):
        """Stands in for the Hugging Face model inside sentence-transformers' Transformer module."""

        def __init__(self) -> None:
            super().__init__()
            self.config = config

        def forward(self, input_ids: Any = None, attention_mask: Any = None, **_: Any) -> dict:
            feeds = {"input_ids": input_ids.numpy().astype(np.int64),
                     "attention_mask": attention_mask.numpy().astype(np.int64)}
            return {"last_hidden_state": torch.from_numpy(runner.run(None, feeds)[0])}

    model[0].model = OnnxTransformer()
    return model


def _cosines(model: Any, quantized: Path) -> list[float]:
    """Cosines of the ONNX model's vectors to ``model``'s (which it then replaces), batched and alone."""
    import numpy as np

    reference = model.encode(_SAMPLES, batch_size=3, normalize_embeddings=True)
    candidate = use_onnx(model, quantized)
    vectors = candidate.encode(_SAMPLES, batch_size=3, normalize_embeddings=True)
    alone = np.stack([candidate.encode([text], normalize_embeddings=True)[0] for text in _SAMPLES])
    return [float(x) for x in [*(reference * vectors).sum(1), *(reference * alone).sum(1)]]


def _export_and_check(model_dir: Path, target: Path, log: Callable[[str], None]) -> float:
    """Steps 1 to 4 in a temporary folder beside ``target``; return the lowest check cosine."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model: Any = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True).eval()
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(".export-*"):  # left by an export that was killed
        shutil.rmtree(stale, ignore_errors=True)
    layers = int(model[0].auto_model.config.num_hidden_layers)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
        fp32, fixed, int8 = (Path(tmp) / name for name in ("fp32.onnx", "fixed.onnx", "int8.onnx"))
        log("  exporting the transformer to ONNX (2 to 3 min) …")
        _export_fp32(model, fp32)
        proto = onnx.load(str(fp32))
        fp32.unlink()
        rewritten = divide_rmsnorm(proto.graph)
        keep_fp32 = _down_projections(proto.graph)
        if not rewritten or len(keep_fp32) != layers:  # a new exporter may name or shape things otherwise
            raise OnnxExportError(f"unexpected exported graph: {rewritten} norms rewritten, "
                                  f"{len(keep_fp32)} of {layers} down-projections found")
        onnx.save(proto, str(fixed))
        del proto
        log(f"  quantizing to int8 ({rewritten} norms rewritten, {len(keep_fp32)} down-projections kept) …")
        quantize_dynamic(str(fixed), str(int8), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=keep_fp32)
        fixed.unlink()
        cosine = min(_cosines(model, int8))
        if cosine < MIN_COSINE:
            raise OnnxExportError(f"the int8 ONNX model drifts from fp32 (cosine {cosine:.3f} "
                                  f"< {MIN_COSINE}); not used")
        int8.replace(target)
    return cosine


def export_int8(model_dir: Path, log: Callable[[str], None] = print) -> Path:
    """Export, rewrite, quantize and check; return the ONNX file. Does nothing when up to date."""
    model_dir = Path(model_dir)
    target = onnx_file(model_dir)
    if is_exported(model_dir):
        return target
    logging_was = logging.root.manager.disable
    try:
        with warnings.catch_warnings():  # the exporter's and quantizer's advice is not for the officer
            warnings.simplefilter("ignore")
            logging.disable(logging.WARNING)
            cosine = _export_and_check(model_dir, target, log)
    except ImportError as exc:
        raise OnnxExportError(f"missing package for the ONNX export: {exc.name}") from exc
    except OnnxExportError:
        raise
    except Exception as exc:  # the exporter's and quantizer's failures are many and deep: one line
        logger.error("ONNX export failed", exc_info=True)
        raise OnnxExportError(f"ONNX export failed: {type(exc).__name__}: {one_line(exc, 200)}") from exc
    finally:
        logging.disable(logging_was)
    import onnxruntime

    manifest = {"recipe": RECIPE, "weights": _weights_stamp(model_dir),
                "onnxruntime": onnxruntime.__version__, "min_cosine_to_fp32": round(cosine, 4)}
    (model_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return target
