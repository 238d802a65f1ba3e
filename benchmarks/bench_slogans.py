"""Measure the near-duplicate threshold for new slogans (cosine similarity, default embedding model).

Distinct pairs: every pair of official slogans in the corpus (all different slogans of one campaign,
often on the same topic). Near-duplicate pairs: slogans reworded by a word or two (written below).
A good threshold is above the distinct pairs and below the near-duplicates.

    .venv/bin/python benchmarks/bench_slogans.py
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from assistant.config import load_settings
from assistant.index.embeddings import make_embeddings
from assistant.parse.readers import parse_file

NEAR_DUPLICATES = [
    ("Việc nhà không của riêng ai", "Việc nhà không phải của riêng ai"),
    ("Chia sẻ việc nhà, gia đình hạnh phúc", "Cùng chia sẻ việc nhà, gia đình thêm hạnh phúc"),
    ("Hãy lên tiếng khi bị bạo lực", "Hãy lên tiếng khi bị bạo hành"),
    ("Chấm dứt bạo lực, vun đắp yêu thương", "Chấm dứt bạo lực, vun đắp tình yêu thương"),
    ("Đầu tư cho bình đẳng giới là đầu tư cho tương lai", "Đầu tư vào bình đẳng giới là đầu tư cho tương lai"),
    ("Nam, nữ bình quyền, xã hội phát triển", "Nam nữ bình quyền, xã hội phát triển"),
    ("Không đổ lỗi cho người bị bạo lực", "Đừng đổ lỗi cho người bị bạo lực"),
    ("Mình là đàn ông, mình không gây bạo lực", "Là đàn ông, tôi không gây bạo lực"),
    ("Giới tính không quyết định năng lực và trình độ", "Giới tính không quyết định năng lực, trình độ"),
    ("Hành động ngay hôm nay, bình đẳng giới trong tầm tay", "Hành động hôm nay, bình đẳng giới trong tầm tay"),
    ("Tăng quyền năng cho phụ nữ là tăng vị thế của quốc gia",
     "Trao quyền năng cho phụ nữ là nâng vị thế quốc gia"),
    ("Im lặng không phải là cách để bảo vệ bản thân và người bị xâm hại",
     "Im lặng không phải cách bảo vệ bản thân và người bị xâm hại"),
]


def cosine(vectors: np.ndarray, i: int, j: int) -> float:
    return float(vectors[i] @ vectors[j])


def main() -> None:
    settings = load_settings()
    embeddings = make_embeddings(settings)
    official = []
    for path in sorted(Path("corpus").glob("*")):
        if path.suffix in (".txt", ".docx", ".pdf", ".md"):
            official += [s.text for s in parse_file(path).slogans]
    official = list(dict.fromkeys(official))
    texts = official + [t for pair in NEAR_DUPLICATES for t in pair]
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    distinct = sorted(cosine(vectors, i, j) for i, j in itertools.combinations(range(len(official)), 2))
    base = len(official)
    near = sorted(cosine(vectors, base + 2 * k, base + 2 * k + 1) for k in range(len(NEAR_DUPLICATES)))
    print(f"model: {getattr(embeddings, 'id', type(embeddings).__name__)}")
    print(f"official slogans: {len(official)}; distinct pairs: {len(distinct)}; near-duplicate pairs: {len(near)}")
    print(f"distinct pairs: max {distinct[-1]:.3f}, p99 {distinct[int(0.99 * (len(distinct) - 1))]:.3f}, "
          f"median {distinct[len(distinct) // 2]:.3f}")
    print(f"near-duplicates: min {near[0]:.3f}, median {near[len(near) // 2]:.3f}")
    for threshold in (0.80, 0.85, 0.88, 0.90, 0.92, 0.95):
        false_dup = sum(d >= threshold for d in distinct) / len(distinct)
        caught = sum(n >= threshold for n in near) / len(near)
        print(f"threshold {threshold:.2f}: near-duplicates caught {caught:.2f}, distinct pairs wrongly merged "
              f"{false_dup:.3f}")


if __name__ == "__main__":
    main()
