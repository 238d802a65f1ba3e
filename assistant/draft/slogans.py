"""Slogans of the Action Month plans: the official ones from the corpus and new candidates.

``official_slogans`` reads the slogans the parser found (kept in the chunk
metadata), newest first. ``new_candidates`` asks a chat model for new ones
(or, without a model, fills the patterns in ``data/slogan_templates.yaml``),
then keeps those of at most 20 words that are not near-duplicates, by embedding
similarity, of each other or of an official slogan; each comes with the
closest official slogan beside it. The threshold is measured (BENCHMARKS.md).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.data import DATA_DIR
from assistant.draft.prompts import Prompts, prompts_in
from assistant.errors import SloganError, one_line
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text

log = logging.getLogger(__name__)

MAX_WORDS = 20
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|[a-z][.)])\s*")


@dataclass(frozen=True)
class OfficialSlogan:
    text: str
    group: str
    year: int
    source: str


@dataclass(frozen=True)
class Candidate:
    text: str
    closest: str  # the closest official slogan
    similarity: float


def check_group(group: str) -> str:
    groups = [g.id for g in load_domain().slogan_groups]
    if group not in groups:
        raise SloganError(f"nhóm thông điệp {group!r} không có / unknown group; valid: {', '.join(groups)}")
    return group


def official_slogans(store: Any, group: str) -> list[OfficialSlogan]:
    """The group's slogans found in the indexed precedents, newest first, without repeats."""
    check_group(group)
    found: dict[str, OfficialSlogan] = {}
    for meta in store.metadatas_where({"slogan_group": {"$eq": group}}):
        for text in str(meta.get("slogans", "")).split("\n"):
            slogan = OfficialSlogan(text.strip(), group, int(meta.get("year", -1)), str(meta.get("source", "")))
            key = fold(slogan.text)
            if slogan.text and (key not in found or found[key].year < slogan.year):
                found[key] = slogan
    return sorted(found.values(), key=lambda s: (-s.year, s.source))


def clean_line(line: str) -> str:
    text = _BULLET.sub("", normalize_text(line)).strip().strip("\"“”'!").strip()
    return text.rstrip(".;")


def template_candidates(group: str, year: int, theme: str, path: Path | None = None) -> list[str]:
    patterns = yaml.safe_load((path or DATA_DIR / "slogan_templates.yaml").read_text(encoding="utf-8"))
    theme_short = theme.split(",")[0].strip() if theme else ""
    out = []
    for pattern in patterns.get(group, []):
        if "{theme_short}" in pattern and not theme_short:
            continue
        out.append(normalize_text(pattern.format(year=year, theme_short=theme_short)))
    return out


def slogan_messages(group: str, year: int, theme: str, examples: list[str], n: int,
                    prompts: Prompts | None = None) -> list[Any]:
    """The prompt for new slogans (rendered before the model is called: a broken template is the
    officer's PromptError, not a model failure)."""
    prompts = prompts or prompts_in()
    title = next(g.title for g in load_domain().slogan_groups if g.id == group)
    user = prompts.render("slogans.user", group=title, year=year, theme=theme or "(chưa có)",
                          examples="\n".join(f"- {e}" for e in examples[:4]), n=n)  # few: a small model copies
    return [SystemMessage(prompts.render("slogans.system")), HumanMessage(user)]


def model_candidates(chat_model: Any, group: str, year: int, theme: str, examples: list[str], n: int,
                     prompts: Prompts | None = None) -> list[str]:
    return ask_model(chat_model, slogan_messages(group, year, theme, examples, n, prompts))


def ask_model(chat_model: Any, messages: list[Any]) -> list[str]:
    """The model's reply as cleaned slogan lines."""
    cleaned = (clean_line(line) for line in str(chat_model.invoke(messages).content).split("\n"))
    return [line for line in cleaned if line]


def select(candidates: list[str], official: list[str], embeddings: Any, n: int,
           threshold: float) -> list[Candidate]:
    """At most ``n`` candidates: ≤ 20 words, no figures, not near-duplicates (cosine ≥ threshold)."""
    from assistant.vn.numbers import find_numbers

    pool = [c for c in dict.fromkeys(candidates)
            if c and len(c.split()) <= MAX_WORDS and not any(m.kind != "year" for m in find_numbers(c))]
    if not pool:
        return []
    vectors = np.asarray(embeddings.embed_documents(pool + official), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    mine, theirs = vectors[:len(pool)], vectors[len(pool):]
    chosen: list[Candidate] = []
    kept: list[int] = []
    for i, text in enumerate(pool):
        sims = theirs @ mine[i] if len(official) else np.zeros(0)
        closest = int(np.argmax(sims)) if len(sims) else -1
        if closest >= 0 and sims[closest] >= threshold:
            continue
        if any(float(mine[i] @ mine[j]) >= threshold for j in kept):
            continue
        kept.append(i)
        chosen.append(Candidate(text, official[closest] if closest >= 0 else "",
                                round(float(sims[closest]), 3) if closest >= 0 else 0.0))
        if len(chosen) == n:
            break
    return chosen


@dataclass
class Suggestions:
    group: str
    year: int
    theme: str
    official: list[OfficialSlogan]
    candidates: list[Candidate]
    warnings: list[Any]  # DraftWarning

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "year": self.year, "theme": self.theme,
                "official": [{"text": s.text, "year": s.year, "source": s.source} for s in self.official],
                "candidates": [{"text": c.text, "closest_official": c.closest, "similarity": c.similarity}
                               for c in self.candidates],
                "warnings": [w.to_dict() for w in self.warnings]}


def suggest(store: Any, chat_model: Any, group: str, year: int, theme: str, count: int, threshold: float,
            warnings: list[Any] | None = None, index_lock: Any = None, model_lock: Any = None) -> Suggestions:
    """The official slogans of a group and ``count`` new candidates (the model's, then the templates').

    ``index_lock`` is held while the store is read, ``model_lock`` while the model writes; never both."""
    from contextlib import nullcontext

    from assistant.core.schema import DraftWarning
    from assistant.vn.domain import known_themes

    check_group(group)
    theme = theme or known_themes().get(year, "")
    with index_lock or nullcontext():
        official = official_slogans(store, group)
    texts = [s.text for s in official]
    warnings = list(warnings or [])
    pool: list[str] = []
    if chat_model is not None:
        messages = slogan_messages(group, year, theme, texts, count * 2)
        try:
            with model_lock or nullcontext():
                pool = ask_model(chat_model, messages)
        except Exception as exc:  # the model's own failure (endpoint, runtime): the patterns still give candidates
            log.warning("slogan candidates: the model failed; templates only", exc_info=True)
            warnings.append(DraftWarning("fallback", f"mô hình không phản hồi ({one_line(exc, 120)})"))
    pool += template_candidates(group, year, theme)
    chosen = select(pool, texts, store.embeddings, count, threshold)
    return Suggestions(group, year, theme, official, chosen, warnings)
