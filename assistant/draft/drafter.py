"""Draft one section of an outline, or refine a draft, with one contract for every backend.

``Drafter.stream`` yields the extractive draft at once (``extractive.py``), then,
with a chat model, the polished text token by token, then the final ``Draft``.
LLM output is checked line by line by the guards: a line with a figure the
officer did not give, or a stale name, falls back to the extractive text, with
a warning; an endpoint that fails or times out gives the extractive draft with
a warning. The final text always passes the guards.

Takes its dependencies (outline, retriever, chat model) as parameters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.core.facts import FIGURE_KINDS, Facts
from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import PLACEHOLDER, Citation, Draft, DraftWarning, SearchResult
from assistant.draft.adapt import similar, split_sentences
from assistant.draft.extractive import CitationBook, extract_section, note_sections
from assistant.draft.guards import GuardContext, apply_guards, inspect_text, make_context
from assistant.draft.precedents import PrecedentFinder
from assistant.draft.prompts import Prompts, prompts_in
from assistant.draft.refine import Instruction, fill_placeholders, parse_instruction, remove_paragraph, shorten
from assistant.errors import one_line
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import find_numbers

log = logging.getLogger(__name__)
_META = re.compile(r"^(?:dưới đây|đây là|sau đây là|bản (?:nháp|viết lại)|here is|tôi đã|mục \S+\s*[.:])",
                   re.IGNORECASE)
_CITE = re.compile(r"\[(\d+)\]")
RESTATED = 0.8  # share of a model line's words taken from the request: the prompt restated
GROUNDED = 0.5  # share of a model line's words that one base line (or the facts) must hold
_VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


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

    def extractive(self, section_id: str, facts: Facts, topic: str = "", ctx: GuardContext | None = None) -> Draft:
        section = self.outline.section(section_id)
        ctx, book = ctx or self.context(facts), CitationBook()
        parts, warnings, used = [], [], []
        leaves = [section] if not section.children else [s for s in section.walk() if not s.children]
        notes = note_sections(self.outline, facts)  # each note sentence goes to one section of the outline
        for leaf in leaves:
            found_passages = self.precedents(leaf, topic)
            used.extend(found_passages)
            text, found = extract_section(leaf, notes.get(leaf.id, []), facts, ctx, found_passages,
                                          book, self.max_chars if len(leaves) == 1 else self.max_chars // 2, topic)
            parts.append(text if leaf is section else f"{leaf.heading()}\n{text}")
            warnings.extend(found)
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
        if order.remove_paragraph is not None:
            shorter = remove_paragraph(text, order.remove_paragraph)
            if shorter == text:
                warnings.append(DraftWarning("instruction", f"không có đoạn thứ {order.remove_paragraph} "
                                                            "(no such paragraph)"))
            text = shorter
        if order.shorter:
            text = shorten(text)
        if order.figures:
            text, left = fill_placeholders(text, order.figures)
            if left:
                text = f"{text}\n- {order.figures_text.rstrip('.')}."
        if order.topic:
            added = self.extractive(previous.section, facts, topic=order.topic, ctx=ctx)
            sources = _distinct(sources + added.sources)
            offset = len(citations)
            for line in added.text.split("\n"):
                if PLACEHOLDER in line or any(similar(line, old) for old in text.split("\n")):
                    continue
                text += "\n" + _CITE.sub(lambda m: f"[{int(m.group(1)) + offset}]", line)
            citations += [replace(c, number=c.number + offset) for c in added.citations]
            if text == previous.text:
                warnings.append(DraftWarning("instruction", f"không tìm thấy nội dung mẫu về “{order.topic}”"))
        if not order.understood and self.chat_model is None:
            warnings.append(DraftWarning("instruction", "chưa hiểu yêu cầu; thử: “ngắn gọn hơn”, “thêm nội dung về "
                                                        "…”, “bỏ đoạn thứ hai”, “số liệu mới: 200 người”"))
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
        polished = self._accept(normalize_text("".join(pieces)), replace(base, text=head), ctx, user)
        text, warnings = apply_guards("\n".join(p for p in (polished.text, tail) if p), ctx)  # the whole, again
        text, citations = _renumber(text, base.citations)
        return replace(polished, text=text, citations=citations, warnings=polished.warnings + warnings)

    def _accept(self, raw: str, base: Draft, ctx: GuardContext, prompt: str = "") -> Draft:
        """Keep the LLM's lines that pass the guards and only rephrase the base draft or the officer's
        facts; the others fall back to the extractive text."""
        # Sentence by sentence: a small model often writes the whole section as one paragraph.
        lines = [ln for ln in split_sentences(raw.replace("```", "")) if not _META.match(ln)]
        echo = _echo_fragments(self.prompts)
        asked = [ln for ln in prompt.rsplit("<du_lieu>", 1)[0].split("\n") if ln.strip()]  # the request, not the data
        lines = [ln for ln in lines if not any(fragment in ln for fragment in echo) and "du_lieu>" not in ln
                 and not any(_restates(ln, request) for request in asked)]
        if lines and _is_heading(lines[0], base.title):
            lines = lines[1:]
        warnings = list(base.warnings)
        letters = [c for c in fold("\n".join(lines)) if c.isalpha()]
        if not letters or sum(c in _VIETNAMESE for c in letters) < 0.05 * len(letters):
            reason = "trống" if not letters else "không phải tiếng Việt"
            warnings.append(DraftWarning("fallback", f"bản của mô hình {reason}; dùng bản trích xuất"))
            return replace(base, warnings=warnings)
        truncated = not lines[-1].rstrip().endswith((".", ";", ":", "]", ")", "…", "!"))
        if truncated:  # cut by the token cap: the unfinished line goes, the extractive tail comes back
            lines = lines[:-1]
        if "\n".join(lines).count(PLACEHOLDER) < base.text.count(PLACEHOLDER):
            warnings.append(DraftWarning("fallback", "mô hình bỏ mất ô số liệu cần điền; dùng bản trích xuất"))
            return replace(base, warnings=warnings)
        kept, originals = [], base.text.split("\n")
        for line in lines:
            report = inspect_text(line, ctx)
            grounded = _grounded(line, originals, ctx.allowed_text)
            if report.ok and grounded:
                kept.append(line)
                continue
            fallback = max(originals, key=lambda o: len(set(fold(o).split()) & set(fold(line).split())), default="")
            if fallback and fallback not in kept:
                kept.append(fallback)
            if not grounded:
                warnings.append(DraftWarning("fallback", f"dòng của mô hình “{line[:80]}” không có trong bản nháp hay "
                                                         "dữ kiện; dùng câu trích xuất (LLM line added content)"))
                continue
            what = ", ".join([m.text for m in report.figures] + [m for _, m in report.stale])
            warnings.append(DraftWarning("fallback", f"dòng của mô hình có “{what}” không có trong dữ kiện; "
                                                     "dùng câu trích xuất (LLM line failed a guard)"))
        # After the filter: the officer's figure lines are never lost; after a cut, the extractive tail follows.
        kept = _merge_missing(kept, originals, tail=truncated)
        valid = {c.number for c in base.citations}
        text = _CITE.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", "\n".join(kept))
        text = _restore_citations(text, base.text)
        text, guard_warnings = apply_guards(text, ctx)
        return replace(base, text=text, warnings=warnings + guard_warnings, backend=self.backend)


def _distinct(passages: list[SearchResult]) -> list[SearchResult]:
    """Each passage once, in the order first used."""
    return list({(r.source, r.section, r.text[:80]): r for r in passages}.values())


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


def _echo_fragments(prompts: Prompts) -> list[str]:
    """The fixed wording of the user prompt: a line repeating it is the model echoing its instructions."""
    template = prompts.source("polish.user")
    return [f.strip() for f in re.split(r"\{\{[^}]*\}\}|\n", template) if len(f.strip()) >= 12]


def _restates(line: str, request: str) -> bool:
    """A line made of the request's words ("Mục “…” trong Báo cáo … của xã … năm 2025.")."""
    words = _content_words(line)
    return len(words) >= 3 and len(words & _content_words(request)) >= RESTATED * len(words)


def _content_words(text: str) -> set[str]:
    stop = load_domain().stopwords
    return {w for w in re.findall(r"[^\W\d_]+", fold(_CITE.sub("", text))) if len(w) > 1 and w not in stop}


def _grounded(line: str, base_lines: list[str], facts_text: str) -> bool:
    """The model may only rephrase: most of a line's words come from one line of the base draft, or from
    the officer's own facts (a line of new content, such as the request's words turned into an
    activity, is not the officer's to sign)."""
    words = _content_words(line)
    if len(words) < 3:
        return True  # too short to say anything new
    sources = [*base_lines, facts_text]
    return any(len(words & _content_words(source)) >= GROUNDED * len(words) for source in sources)


def _covered(line: str, others: list[str]) -> bool:
    words = set(fold(_CITE.sub("", line)).split())
    return any(len(words & set(fold(o).split())) >= 0.6 * len(words) for o in others) if words else True


def _merge_missing(lines: list[str], base_lines: list[str], tail: bool) -> list[str]:
    """Lines with the officer's figures are never lost; after a cut, the rest of the extractive text follows."""
    last = max((i for i, b in enumerate(base_lines) if _covered(b, lines)), default=-1)
    out = list(lines)
    for index, base_line in enumerate(base_lines):
        has_figures = any(m.kind in FIGURE_KINDS for m in find_numbers(_CITE.sub("", base_line)))
        if (has_figures or (tail and index > last)) and not _covered(base_line, out):
            # in the base draft's order: before the first line that rephrases a later base line
            later = next((i for i, line in enumerate(out) if _base_index(line, base_lines) > index), len(out))
            out.insert(later, base_line)
    return out


def _base_index(line: str, base_lines: list[str]) -> int:
    """The base line a model line rephrases (most words in common)."""
    words = _content_words(line)
    return max(range(len(base_lines)), key=lambda i: len(words & _content_words(base_lines[i])), default=0)


def _is_heading(line: str, title: str) -> bool:
    """A title line the model put on top ("Phát động Tháng hành động …")."""
    return not line.rstrip().endswith((".", ";", ":", "]")) and len(line.split()) <= 30 and (
        fold(title)[:20] in fold(line) or line.isupper())


def _restore_citations(text: str, base_text: str) -> str:
    """Citation marks the model dropped go back on the line that took the cited wording."""
    lines = text.split("\n")
    for base_line in base_text.split("\n"):
        for number in _CITE.findall(base_line):
            if f"[{number}]" in text or not lines:
                continue
            words = set(fold(_CITE.sub("", base_line)).split())
            best = max(range(len(lines)), key=lambda i: len(words & set(fold(lines[i]).split())))
            lines[best] = f"{lines[best].rstrip()} [{number}]"
            text = "\n".join(lines)
    return "\n".join(lines)


def _wish(order: Instruction) -> str:
    """The officer's wish, for the model: the rules already applied what they understood."""
    if not order.text or order.figures or order.remove_paragraph is not None:
        return ""
    return f"Yêu cầu thêm: {order.text}."
