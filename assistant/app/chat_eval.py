"""How well the chat reads officers' messages: the packaged chat set (``data/chatset.yaml``) read
by a ``ChatReader``, scored case by case.

A case gives the open document's kind, the section on screen, the sections drafted, the message,
and the expected action (draft, refine, show, figures, open, ask) with its section, kind, wish and
choices. The set is split in two halves by a hash of the case id, fixed before the reader was
tuned: "dev" (tuned on) and "held-out" (never looked at while tuning); both are reported. Cases
written later by the reader's author carry ``split: dev``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.app.facts_words import facts_kept
from assistant.app.intent import FIGURES_CUE
from assistant.app.message_forms import without_shorthand
from assistant.app.reader import ChatReader, plain
from assistant.core.outlines import Outline
from assistant.data import DATA_DIR

CHATSET = DATA_DIR / "chatset.yaml"


@dataclass(frozen=True)
class Reading:
    case: dict[str, Any]
    action: str
    section: str
    detail: str  # the kind opened, the wish, or the choices offered
    right: bool


def split_of(case_id: str) -> str:
    return "dev" if hashlib.sha1(case_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load_chatset(path: Path | None = None) -> list[dict[str, Any]]:
    cases = yaml.safe_load(Path(path or CHATSET).read_text(encoding="utf-8"))
    return [case | {"split": case.get("split") or split_of(str(case["id"]))} for case in cases]


def read_case(reader: ChatReader, outlines: dict[str, Outline], case: dict[str, Any]) -> Reading:
    """What the chat would do with the case's message, and whether that is what was expected."""
    expect = case["expect"]
    kind, focus = case.get("kind") or "", case.get("focus") or ""
    if not kind:  # nothing open: only a request for a kind of document can be answered directly
        asked, _ = reader.kinds_asked(case["message"])
        action, section, detail = ("open", "", asked[0]) if len(asked) == 1 else ("ask", "", " ".join(asked))
    else:
        intent = reader.read(case["message"], outlines[kind], focus, tuple(case.get("drafted") or ()))
        action, section = intent.action, intent.section_id
        detail = intent.kind or intent.instruction
        # facts that name the section they are for, or ask for it after them ("…, viết mục chủ đề"): the
        # chat keeps them and drafts that section, which is also what a request for it expects
        drafts_named = action == "figures" and section not in ("", focus) and expect["action"] == "draft"
        if drafts_named:  # her facts are kept as the document's and that section is drafted from them
            action, detail = "draft", facts_kept(reader.vocabulary, case["message"])
        elif (FIGURES_CUE.search(case["message"]) and action not in ("draft", "show")) or action == "figures":
            action, section = "figures", focus  # the rows join the table; the section on screen is redrafted
        if action == "ask":
            detail = " ".join(value.rsplit(" ", 1)[-1] for _, value in intent.choices)
    right = action == expect["action"]
    if right and action in ("draft", "refine", "show", "figures"):
        right = section == (expect.get("section") or "")
    if right and action == "open":
        right = detail == expect.get("kind")
    wish = expect.get("wish") or ""
    if right and action == "draft" and wish:
        # her words as typed, or as the reader writes out chat shorthand ("15tr" → "15 triệu", "trc" → "trước")
        right = (detail == "") if wish == "none" else any(
            plain(typed) in plain(detail) for typed in (wish, without_shorthand(wish, reader.vocabulary)))
    if right and action == "ask" and expect.get("choices"):
        right = set(expect["choices"]) <= set(detail.split())
    return Reading(case, action, section, detail, right)


def evaluate_chat(reader: ChatReader, outlines: dict[str, Outline], cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy per split and per expected action, and every case read wrong."""
    readings = [read_case(reader, outlines, case) for case in cases]
    report: dict[str, Any] = {"cases": len(readings), "splits": {}, "wrong": []}
    for split in ("dev", "held-out"):
        part = [r for r in readings if r.case["split"] == split]
        by_action = Counter(r.case["expect"]["action"] for r in part)
        right_by_action = Counter(r.case["expect"]["action"] for r in part if r.right)
        report["splits"][split] = {
            "cases": len(part), "accuracy": round(sum(r.right for r in part) / max(1, len(part)), 3),
            "by_action": {a: f"{right_by_action[a]}/{n}" for a, n in sorted(by_action.items())}}
    report["wrong"] = [{"id": r.case["id"], "split": r.case["split"], "message": r.case["message"],
                        "expected": r.case["expect"], "got": {"action": r.action, "section": r.section,
                                                               "detail": r.detail}}
                       for r in readings if not r.right]
    return report


def format_chat_report(report: dict[str, Any], show_wrong: str = "dev") -> str:
    lines = [f"Chat set: {report['cases']} messages"]
    for split, figures in report["splits"].items():
        actions = ", ".join(f"{a} {v}" for a, v in figures["by_action"].items())
        lines.append(f"  {split:9} accuracy {figures['accuracy']:.3f} ({figures['cases']} messages; {actions})")
    wrong = [w for w in report["wrong"] if show_wrong == "all" or w["split"] == show_wrong]
    for w in wrong:
        got = w["got"]
        lines.append(f"  ✘ {w['id']} [{w['split']}] «{w['message']}» expected {w['expected']['action']} "
                     f"{w['expected'].get('section') or w['expected'].get('kind') or ''} "
                     f"{('wish ' + repr(w['expected'].get('wish'))) if w['expected'].get('wish') else ''}"
                     f"→ got {got['action']} {got['section']} {got['detail'][:60]!r}")
    return "\n".join(lines)
