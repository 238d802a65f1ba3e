"""Drafting one section: guards, retargeting, the extractive writer, refinement rules, the chat
models, prompts, slogans.

Depends on ``vn``, ``core`` and ``index`` (through the retriever it is given).
"""
