"""The embedding runtimes: EmbeddingGemma's int8 ONNX export (prepared by `make models`) in ONNX
Runtime, its fallback to torch, and the graph rewrite the export relies on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.index.embeddings import SentenceTransformerEmbeddings, make_embeddings
from assistant.index.onnx_model import MANIFEST_FILE, ONNX_FILE, RECIPE, divide_rmsnorm, is_exported

PASSAGES = [
    "KẾ HOẠCH Tháng hành động vì bình đẳng giới > Mục đích\nNâng cao nhận thức của cán bộ, "
    "đảng viên và nhân dân về bình đẳng giới.",
    "BÁO CÁO Kết quả > Đánh giá chung\nCông tác phòng, chống bạo lực gia đình còn gặp khó khăn "
    "do kinh phí hạn hẹp. " * 6,
    "Hội Liên hiệp Phụ nữ xã phối hợp tổ chức tập huấn.",
]


def _cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    return (np.array(a) * np.array(b)).sum(axis=1)


@pytest.mark.slow
def test_default_model_runs_its_int8_onnx_export_close_to_fp32(gemma_settings):
    assert is_exported(gemma_settings.gemma_path), "run `make models`: it exports the ONNX model"
    embeddings = make_embeddings(gemma_settings)
    onnx_vectors = embeddings.embed_documents(PASSAGES)
    assert type(embeddings._load()[0].model).__name__ == "OnnxTransformer"
    assert "onnx-int8" in embeddings.recipe
    fp32 = SentenceTransformerEmbeddings(str(gemma_settings.gemma_path), quantize=False, runtime="torch")
    assert _cosines(onnx_vectors, fp32.embed_documents(PASSAGES)).min() >= 0.98
    query = embeddings.embed_query("đàn ông chia sẻ việc nhà")
    assert len(query) == len(onnx_vectors[0]) == 768
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3


def _without_export(model_dir, tmp_path):
    """The model folder's files, linked, without its onnx/ folder."""
    folder = tmp_path / "gemma-without-onnx"
    folder.mkdir()
    for item in model_dir.iterdir():
        if item.name != "onnx":
            (folder / item.name).symlink_to(item)
    return folder


@pytest.mark.slow
def test_a_folder_without_the_export_runs_in_torch_int8_with_a_warning(gemma_settings, tmp_path):
    folder = _without_export(gemma_settings.gemma_path, tmp_path)
    warnings: list[str] = []
    embeddings = SentenceTransformerEmbeddings(str(folder), warn=warnings.append)
    vectors = embeddings.embed_documents(PASSAGES[:1])
    assert warnings and "no int8 ONNX export" in warnings[0]
    assert type(embeddings._load()[0].model).__name__ != "OnnxTransformer"
    assert len(vectors[0]) == 768


@pytest.mark.slow
def test_a_damaged_export_falls_back_to_torch_int8_with_a_warning(gemma_settings, tmp_path):
    folder = _without_export(gemma_settings.gemma_path, tmp_path)
    (folder / ONNX_FILE).parent.mkdir()
    (folder / ONNX_FILE).write_bytes(b"not an onnx model")
    (folder / MANIFEST_FILE).write_bytes((gemma_settings.gemma_path / MANIFEST_FILE).read_bytes())
    assert is_exported(folder)  # the manifest is right; the file is not
    warnings: list[str] = []
    embeddings = SentenceTransformerEmbeddings(str(folder), warn=warnings.append)
    assert "onnx-int8" in embeddings.recipe  # what it expects before loading
    vectors = embeddings.embed_documents(PASSAGES[:1])
    assert warnings and "cannot be loaded" in warnings[0]
    assert "torch-int8" in embeddings.recipe and len(vectors[0]) == 768


def test_an_export_from_another_recipe_or_other_weights_is_not_used(tmp_path):
    (tmp_path / ONNX_FILE).parent.mkdir()
    (tmp_path / ONNX_FILE).write_bytes(b"onnx")
    assert not is_exported(tmp_path)  # no manifest: an interrupted export
    (tmp_path / MANIFEST_FILE).write_text(json.dumps({"recipe": "older", "weights": {}}), encoding="utf-8")
    assert not is_exported(tmp_path)
    (tmp_path / MANIFEST_FILE).write_text(json.dumps({"recipe": RECIPE, "weights": {}}), encoding="utf-8")
    assert is_exported(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"new weights")  # weights replaced after the export
    assert not is_exported(tmp_path)
    (tmp_path / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    assert not is_exported(tmp_path)


def test_rmsnorm_is_rewritten_as_a_division_with_the_same_values():
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    # x * (1 / sqrt(mean(x^2) + eps)), as torch exports an RMSNorm's rsqrt
    nodes = [
        helper.make_node("Mul", ["x", "x"], ["sq"]),
        helper.make_node("ReduceMean", ["sq"], ["var"], axes=[-1], keepdims=1),
        helper.make_node("Add", ["var", "eps"], ["var_eps"]),
        helper.make_node("Sqrt", ["var_eps"], ["root"]),
        helper.make_node("Reciprocal", ["root"], ["inv"]),
        helper.make_node("Mul", ["x", "inv"], ["y"], name="scale"),
    ]
    graph = helper.make_graph(
        nodes, "rms", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 8])],
        initializer=[helper.make_tensor("eps", TensorProto.FLOAT, [], [1e-6])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9)
    x = np.random.default_rng(0).normal(size=(2, 8)).astype(np.float32)

    def run(proto):
        return ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"]).run(
            None, {"x": x})[0]

    before = run(model)
    assert divide_rmsnorm(model.graph) == 1
    onnx.checker.check_model(model)
    assert [n.op_type for n in model.graph.node][-2:] == ["Sqrt", "Div"]
    assert "Reciprocal" not in {n.op_type for n in model.graph.node}
    np.testing.assert_allclose(run(model), before, rtol=1e-5)
    assert divide_rmsnorm(model.graph) == 0  # nothing left to rewrite
