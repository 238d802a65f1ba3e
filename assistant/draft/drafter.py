"""Draft one section of an outline, or refine a draft, with one contract for every backend.

``Drafter.stream`` yields the extractive draft at once (``extractive.py``), then,
with a chat model, the polished text token by token, then the final ``Draft``.
The model's reply is accepted line by line (``polish.py``: it may only rephrase;
a line that fails a guard or adds content falls back to the extractive text, with
a warning); an endpoint that fails or times out gives the extractive draft with
a warning. The final text always passes the guards. Which precedents a section
is drafted from is ``precedents.py``.

Takes its dependencies (outline, retriever, chat model) as parameters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.core.facts import Facts
from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import CONFIRM, PLACEHOLDER, Citation, Draft, DraftWarning, SearchResult
from assistant.draft.adapt import similar
from assistant.draft.extractive import CitationBook, extract_section
from assistant.draft.guards import GuardContext, apply_guards, make_context
from assistant.draft.placement import note_sections, planned_sections
from assistant.draft.polish import WISH_LABEL, accept_reply
from assistant.draft.precedents import SAME_SECTION, PrecedentFinder
from assistant.draft.prompts import Prompts, prompts_in
from assistant.draft.refine import (
    Instruction,
    fill_placeholders,
    parse_instruction,
    remove_paragraph,
    settle_marked,
    shorten,
    stated_points,
    with_her_lines,
    without_missing_lines,
    without_topic,
)
from assistant.errors import one_line
from assistant.vn.normalize import fold, normalize_text

log = logging.getLogger(__name__)
_CITE = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class DraftEvent:
    stage: str  # "extractive" (first visible draft), "token" (LLM text so far), "final"
    text: str = ""
    draft: Draft | None = None


@dataclass
class Drafter:
    outline: Outline
    retriever: Any = None  # a Retriever, or None: drafts from the outline and the facts alone
    chat_model: Any = None  # a LangChain chat model, or None for the extractive backend
    backend: str = "extractive"
    known_names: tuple[str, ...] = ()
    max_chars: int = 1100
    prompts: Prompts = field(default_factory=prompts_in)
    polish_chars: int = 500  # the model rewrites about this much; the rest stays extractive (time cap)

    def __post_init__(self) -> None:
        self.finder = PrecedentFinder(self.outline, self.retriever)

    def precedents(self, section: OutlineSection, topic: str = "") -> list[SearchResult]:
        """The passages a section is drafted from (``precedents.py`` says which)."""
        return self.finder.find(section, topic)

    def context(self, facts: Facts) -> GuardContext:
        return make_context(facts, self.known_names)

    def extractive(self, section_id: str, facts: Facts, topic: str = "", ctx: GuardContext | None = None,
                   budget: int = 0, more: bool = False) -> Draft:
        """The section drafted from precedents and facts alone; ``budget``: characters of wording (default
        ``max_chars``); ``more``: the officer asked for more ("viết cụ thể hơn", ``extract_section``)."""
        section = self.outline.section(section_id)
        budget = budget or self.max_chars
        ctx, book = ctx or self.context(facts), CitationBook()
        parts, warnings, used = [], [], []
        leaves = [section] if not section.children else [s for s in section.walk() if not s.children]
        notes = note_sections(self.outline, facts)  # each note sentence goes to one section of the outline
        planned = planned_sections(self.outline, facts)  # each activity of the unit's plan, to confirm
        for leaf in leaves:
            found_passages = self.precedents(leaf, topic)
            # a section no precedent has (a new one of an outline from a higher level's document): wording of
            # related sections, only the sentences that share a phrase of its title (the built-in outlines'
            # sections all have precedents in a corpus of their kind: their fallback stays as measured)
            related = (not self.outline.builtin and bool(found_passages) and not topic
                       and all(self.finder.tier(r, leaf) > SAME_SECTION for r in found_passages))
            text, found = extract_section(leaf, notes.get(leaf.id, []), facts, ctx, found_passages, book,
                                          budget if len(leaves) == 1 else budget // 2, topic,
                                          report=fold(self.outline.kind) == "báo cáo",
                                          subject=self.outline.title_keywords, related=related,
                                          planned=tuple(planned.get(leaf.id, ())),
                                          closing=re.sub(r"\{\w+\}", "", self.outline.closing_formula), more=more)
            used.extend(found_passages)
            parts.append(text if leaf is section else f"{leaf.heading()}\n{text}")
            warnings.extend(found)
            if related and any(book.has(r) for r in found_passages):
                titles = ", ".join(dict.fromkeys(f"“{r.title}”" for r in found_passages if r.title and book.has(r)))
                warnings.append(DraftWarning("related", f"mục {leaf.id}: chưa có văn bản mẫu cho mục này; câu chung "
                                                        f"lấy từ mục gần nghĩa ({titles}): kiểm tra cho đúng nội "
                                                        "dung (no precedent of this section: related wording)"))
        text, guard_warnings = apply_guards("\n".join(parts), ctx)  # the officer's notes are guarded too
        return Draft(self.outline.id, section.id, section.title, text, book.citations, warnings + guard_warnings,
                     "extractive", sources=_distinct(used))

    def stream(self, section_id: str, facts: Facts, instruction: str = "", previous: Draft | None = None,
               order: Instruction | None = None) -> Iterator[DraftEvent]:
        """A new draft (or, with ``previous``, its refinement): extractive first, then the LLM's.
        ``order`` is ``instruction`` already read (``refine.parse_instruction``), when the caller has it."""
        order = order if order is not None else parse_instruction(instruction)
        ctx = self.context(facts)  # built once per draft: the guards' names compiled once
        if previous is None:
            base = self.extractive(section_id, facts, ctx=ctx)
            family = self.finder.family(self.outline.section(section_id).title)
            points = stated_points(instruction, proposal="kiến nghị" in family) \
                if instruction and not order.understood and family else ""
            if points:  # "khó khăn: cán bộ kiêm nhiệm, kinh phí ít": her points, a line of their own, first
                order = replace(order, said=points, said_first=True)
            if instruction:  # a first request with wishes: the rules shape the extractive draft too
                base = self._apply_rules(base, facts, order, ctx)
        else:
            base = self._apply_rules(previous, facts, order, ctx)
        base = replace(base, instruction=instruction)
        yield DraftEvent("extractive", base.text, base)
        section = self.outline.section(section_id)
        if self.chat_model is None or section.table or (section.children and previous is None):
            yield DraftEvent("final", base.text, base)
            return
        final = yield from self._polish(section, facts, base, order, ctx)
        # the model's wording keeps the lines she asked for (her points, her proposal), shorter or not
        final = replace(final, text=with_her_lines(final.text, base.text,
                                                   previous.instruction if previous is not None else instruction))
        yield DraftEvent("final", final.text, replace(final, sources=base.sources))

    def draft(self, section_id: str, facts: Facts, instruction: str = "", previous: Draft | None = None) -> Draft:
        events = list(self.stream(section_id, facts, instruction, previous))
        draft = events[-1].draft
        assert draft is not None
        return draft

    def _apply_rules(self, previous: Draft, facts: Facts, order: Instruction, ctx: GuardContext) -> Draft:
        """What the extractive writer can do with a follow-up (also the LLM's fallback)."""
        text, citations, warnings = previous.text, list(previous.citations), []
        sources = list(previous.sources)
        if order.english:
            warnings.append(DraftWarning("instruction", "yêu cầu bằng tiếng Anh: bản nháp vẫn viết bằng tiếng Việt "
                                                        "(English instruction; the draft stays Vietnamese)"))
        # each edit the rules understood, with what to say when it finds nothing to change
        edits = [(order.remove_paragraph is not None, lambda t: remove_paragraph(t, order.remove_paragraph or 0),
                  f"không có đoạn thứ {order.remove_paragraph} (no such paragraph)"),
                 (bool(order.marked), lambda t: settle_marked(t, order.marked),
                  f"bản nháp không có câu nào đánh dấu {CONFIRM} (no marked lines)"),
                 (bool(order.avoid), lambda t: without_topic(t, order.avoid),
                  f"bản nháp không có câu nào nói về “{order.avoid}” (no line about it)")]
        for wanted, edit, nothing_to_change in edits:
            if wanted:
                changed = edit(text)
                if changed == text:
                    warnings.append(DraftWarning("instruction", nothing_to_change))
                text = changed
        if order.shorter:  # her own lines, stated with the first request, stay
            text = shorten(text, previous.instruction)
        if order.figures_text:  # facts typed: into the blanks, else a line of their own (a plan, "không có …")
            text, left = fill_placeholders(text, order.figures)
            if (left or not order.figures) and fold(order.figures_text) not in fold(text):
                fact = order.figures_text.rstrip(".")
                text = without_missing_lines(f"{text}\n- {fact[:1].upper()}{fact[1:]}.".strip())
        if order.said and fold(order.said) not in fold(text):  # "nhớ nêu …": her words, a line of their own
            line = f"{order.said[:1].upper()}{order.said[1:]}."
            text = (f"{line}\n{text}" if order.said_first else f"{text}\n{line}").strip()
        if order.topic or order.longer:  # more precedent wording: on her topic, or more of the section's own
            added = self.extractive(previous.section, facts, topic=order.topic, ctx=ctx,
                                    budget=0 if order.topic else 3 * self.max_chars, more=order.longer)
            lent, citations, sources = _appended(text, citations, sources, added)
            if lent == text and order.topic:  # none to lend: her topic as a line to fill
                lent = f"{text}\n- {order.topic[:1].upper()}{order.topic[1:]}: {PLACEHOLDER}.".strip()
                warnings.append(DraftWarning("instruction", f"không tìm thấy nội dung mẫu về “{order.topic}”: "
                                                            "đã thêm một dòng để điền (no precedent wording)"))
            elif order.longer:
                warnings.append(DraftWarning("instruction", "số liệu, sự việc cụ thể của đơn vị chỉ lấy từ thông tin "
                                                            "bạn cung cấp: hãy gửi “số liệu mới: …” hoặc nêu sự việc "
                                                            "(specifics come only from your facts)"))
            text = lent
        if not order.understood and self.chat_model is None:
            warnings.append(DraftWarning("instruction", "chưa hiểu yêu cầu; thử: “ngắn gọn hơn”, “thêm nội dung về "
                                                        "…”, “bỏ đoạn thứ hai”, “số liệu mới: 200 người”"))
        if not text.strip():  # every line removed or dropped: the section is to write again, visibly
            section = self.outline.section(previous.section)
            text = section.blank
            warnings.append(DraftWarning("placeholder", f"mục {section.id}: không còn dòng nào; cần viết nội dung"))
        text, guard_warnings = apply_guards(text, ctx)
        text, citations = _renumber(text, citations)
        return replace(previous, text=text, citations=citations, warnings=warnings + guard_warnings,
                       backend="extractive", sources=sources)

    def _polish(self, section: OutlineSection, facts: Facts, base: Draft, order: Instruction,
                ctx: GuardContext) -> Generator[DraftEvent, None, Draft]:
        head, tail = _split(base.text, self.polish_chars)
        pieces: list[str] = []
        # A broken prompt file is a PromptError for the officer to fix, never "the model did not answer".
        user = self.prompts.render("polish.user", document=self.outline.name, unit=facts.unit or facts.issuer,
                                   year=facts.year, section_title=section.title, instruction=_wish(order), draft=head)
        messages = [SystemMessage(self.prompts.render("polish.system")), HumanMessage(user)]
        try:  # only the model's own streaming is guarded: an endpoint or a runtime failure keeps the draft
            for chunk in self.chat_model.stream(messages):
                pieces.append(str(chunk.content))
                yield DraftEvent("token", "".join(pieces))
        except Exception as exc:  # the runtimes raise many kinds (llama.cpp, httpx, openai): all mean "no answer"
            log.warning("the %s model failed while writing %s; extractive draft kept", self.backend, section.id,
                        exc_info=True)
            warning = DraftWarning("fallback", f"mô hình ngôn ngữ không phản hồi ({one_line(exc)}); dùng bản "
                                               "trích xuất (LLM unavailable, extractive draft shown)")
            return replace(base, warnings=[*base.warnings, warning])
        polished = accept_reply(normalize_text("".join(pieces)), replace(base, text=head), ctx, self.prompts,
                                self.backend, user)
        text, warnings = apply_guards("\n".join(p for p in (polished.text, tail) if p), ctx)  # the whole, again
        text, citations = _renumber(text, base.citations)
        return replace(polished, text=text, citations=citations, warnings=polished.warnings + warnings)

def _distinct(passages: list[SearchResult]) -> list[SearchResult]:
    """Each passage once, in the order first used."""
    return list({(r.source, r.section, r.text[:80]): r for r in passages}.values())


def _appended(text: str, citations: list[Citation], sources: list[SearchResult],
              added: Draft) -> tuple[str, list[Citation], list[SearchResult]]:
    """The lines of ``added`` that ``text`` lacks (no blank to fill, none near one it has), after it, their
    citation marks numbered on from its own."""
    offset = len(citations)
    for line in added.text.split("\n"):
        if PLACEHOLDER in line or any(similar(line, old) for old in text.split("\n")):
            continue
        text += "\n" + _CITE.sub(lambda m: f"[{int(m.group(1)) + offset}]", line)
    return (text, citations + [replace(c, number=c.number + offset) for c in added.citations],
            _distinct(sources + added.sources))


def _split(text: str, budget: int) -> tuple[str, str]:
    """The leading lines the model polishes (about ``budget`` characters), and the rest."""
    lines = text.split("\n")
    used, cut = 0, len(lines)
    for index, line in enumerate(lines):
        used += len(line)
        if used > budget and index > 0:
            cut = index
            break
    return "\n".join(lines[:cut]), "\n".join(lines[cut:])


def _renumber(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Citations in order of use, numbered 1, 2, 3 … (edits can leave gaps)."""
    order = list(dict.fromkeys(int(n) for n in _CITE.findall(text)))
    by_number = {c.number: c for c in citations}
    mapping = {old: new for new, old in enumerate((n for n in order if n in by_number), start=1)}
    text = _CITE.sub(lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "", text)
    return text, [replace(by_number[old], number=new) for old, new in mapping.items()]


def _wish(order: Instruction) -> str:
    """The officer's wish, for the model: the rules already applied what they understood."""
    if not order.text or order.figures or order.remove_paragraph is not None or order.marked:
        return ""
    return f"{WISH_LABEL}: {order.text}."
