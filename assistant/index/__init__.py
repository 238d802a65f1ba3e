"""Embedding, storing and searching precedents: chunking, the embedding models, Chroma + BM25, retrieval, evaluation.

Depends on ``vn``, ``core`` and ``parse``.
"""
