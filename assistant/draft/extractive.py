"""The extractive writer: a section's text from precedent wording and the officer's facts, no LLM.

For one outline section: the officer's own note sentences that belong to it
come first; then the best precedent sentences, retargeted to the officer's
unit and year (``adapt.py``) and guarded (``guards.py``): a sentence that names
another unit or signer, or reads like an order to a machine, is dropped; a
figure that is not the officer's becomes "[…]". Figures sections list the
officer's table rows, or a visible placeholder when none were given; table
sections are computed from the rows, never generated. Each precedent run ends
with its citation mark [n].

Deterministic and instant; also the fallback of the LLM backends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.facts import Facts, FigureRow, row_line
from assistant.core.outlines import OutlineSection
from assistant.core.schema import CONFIRM, PLACEHOLDER, Citation, DraftWarning, SearchResult, mark_to_confirm
from assistant.draft.adapt import Precedent, retarget, similar, split_sentences
from assistant.draft.guards import GuardContext, fix_stale, guard_figures, stale_mentions
from assistant.draft.placement import words_of
from assistant.draft.plans import (
    beside_plan,
    fill_plan,
    fill_programme_slots,
    plan_line,
    plan_number,
    programme_slots,
    restates_plan,
)
from assistant.draft.specifics import (
    DATE,
    FIGURE,
    LOCAL_REF,
    OWN_PROGRAMME,
    OWN_UNIT,
    RESULT,
    Specific,
    find_specifics,
    local_conditions,
    states_situation,
)
from assistant.draft.summary_table import table_text
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import find_numbers

MIN_SENTENCE = 15  # characters: shorter lines are headings or fragments
MAX_PATTERNS = 2  # a section offers at most this many precedent patterns with slots
MAX_SLOTS = 3  # more slots than this and the pattern says little: left out
MIN_PATTERN_WORDS = 5  # words left besides the slots
CLOSING_LIKE = 0.5  # a sentence that shares half its words with the closing formula says it again


@dataclass
class CitationBook:
    """Numbers precedent passages [1], [2] … in order of first use."""
    citations: list[Citation] = field(default_factory=list)
    _by_id: dict[str, int] = field(default_factory=dict)

    def number(self, result: SearchResult) -> int:
        if result.id not in self._by_id:
            self._by_id[result.id] = len(self.citations) + 1
            self.citations.append(Citation(self._by_id[result.id], result.source, result.section,
                                           result.title, result.text))
        return self._by_id[result.id]

    def has(self, result: SearchResult) -> bool:
        """Was a sentence of this passage used (and cited)?"""
        return result.id in self._by_id




def _pairs(text: str) -> set[str]:
    """Two-word phrases of a text, those of two stop words left out."""
    stop = load_domain().stopwords
    words = [w.strip(",.;:()“”\"") for w in fold(text).split()]
    return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b and not (a in stop and b in stop)}


def _usable(sentence: str, title: str) -> bool:
    """A sentence that may be lent: not a table row, not the section's own heading, not an instruction,
    not a lead-in to a list ("… cụ thể:", "… như sau:"), which says nothing once its items are not lent,
    and not the end of a sentence cut off in the source ("để lan tỏa …", in lower case)."""
    text = sentence.strip()
    if len(text) < MIN_SENTENCE or "|" in text or fold(text.rstrip(":.")) == fold(title) or text.endswith(":"):
        return False
    first = re.search(r"[^\W\d_]", text)
    if first is not None and first.group(0).islower() and not re.match(r"[-–+•*]\s", text):
        return False
    if fold(text).startswith(load_domain().closing_openings):  # a closing formula: the export adds the document's
        return False
    last = re.search(r"(\w+)\W*$", text)
    if last is not None and text[-1].isalnum() and fold(last.group(1)) in load_domain().dangling_endings:
        return False  # "Nghị định số 125/2021/NĐ-CP ngày": a line the PDF cut mid-sentence
    return not load_domain().is_injection(text)


def _slotted(text: str, spans: list[Specific]) -> str:
    """The sentence as a pattern: each specific becomes a visible slot ("tổ chức […] hội nghị tại […])."""
    for span in reversed(spans):
        piece = text[span.start:span.end]
        slot = re.sub(r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?", PLACEHOLDER, piece, count=1) \
            if span.kind == FIGURE else PLACEHOLDER  # a ratio ("9/27 thôn") is one figure
        text = text[:span.start] + slot + text[span.end:]
    return re.sub(rf"(?:{re.escape(PLACEHOLDER)}\s*(?:,|và)?\s*)+{re.escape(PLACEHOLDER)}", PLACEHOLDER, text)


def borrow(sentence: str, precedent: Precedent, facts: Facts, section: OutlineSection,
           known_names: tuple[str, ...] = (), report: bool = False, subject: tuple[str, ...] = ()) -> tuple[str, str]:
    """What a precedent sentence lends to the officer's section: ("general", text) reused as it is
    (retargeted where it names its own unit); ("pattern", text) with its specifics as slots, where
    the section states what was done or planned; ("claim", text) what the precedent's unit did, in a
    section of a report's results (the officer's facts say what happened there; offered, marked
    "[nếu có]" to confirm, only when they say nothing or the officer asks for more on a topic);
    ("", reason) when it is left out."""
    lent, text = _borrow(sentence, precedent, facts, section, known_names, report, subject)
    return lent, fill_programme_slots(text, facts)


def _borrow(sentence: str, precedent: Precedent, facts: Facts, section: OutlineSection,
            known_names: tuple[str, ...], report: bool, subject: tuple[str, ...]) -> tuple[str, str]:
    raw = normalize_text(sentence)
    spans = find_specifics(raw, precedent.place, section.reports, known_names)
    raw, spans, filled = fill_plan(raw, spans, facts, subject)
    programmes = any(s.kind == OWN_PROGRAMME for s in spans)
    if programmes:
        raw = programme_slots(raw, spans)
    if filled or programmes:  # the text changed: its specifics are found again
        spans = [s for s in find_specifics(raw, precedent.place, section.reports, known_names)
                 if not (s.kind in (LOCAL_REF, DATE) and facts.plan and s.text in facts.plan)]
    officer = fold(" ".join([facts.notes, facts.theme]))  # a condition the officer states is the officer's too
    if any(fold(condition) not in officer for condition in local_conditions(raw)):
        return "", "condition"  # another unit's population, languages, terrain: its facts, never lent
    foreign = [s for s in spans if s.kind != OWN_UNIT]
    if not foreign:
        # A report's results say what the unit did: there every precedent sentence says what *its* unit
        # did (who was tasked, what was broadcast, how the funds were managed), a claim, even with no
        # name or figure in it. The officer's own plan, filled in, is the officer's fact.
        if report and section.reports and (not filled or beside_plan(raw, facts)):
            return "claim", retarget(raw, precedent, facts)
        # A report's evaluation lends its judgements as general wording, but not the situation its unit
        # singles out ("tiêu biểu là công tác quy hoạch cán bộ nữ", "vẫn do Hội Phụ nữ thực hiện").
        if report and states_situation(raw):
            return "claim", retarget(raw, precedent, facts)
        return "general", retarget(raw, precedent, facts)
    if not section.reports or any(s.kind == RESULT for s in foreign):
        return "", "specific"
    pattern = _slotted(raw, foreign)
    words = [w for w in pattern.replace(PLACEHOLDER, " ").split() if any(c.isalpha() for c in w)]
    if pattern.count(PLACEHOLDER) > MAX_SLOTS or len(words) < MIN_PATTERN_WORDS:
        return "", "specific"
    return "pattern", retarget(pattern, precedent, facts)


def _row_in_notes(row: FigureRow, notes: list[str]) -> bool:
    """The officer wrote this row's fact in the notes too: it is said once (the note's wording)."""
    words = set(fold(row.activity).split())
    for note in notes:
        folded = fold(note)
        numbers = {m.value for m in find_numbers(note)}
        if words and len(words & set(folded.split())) >= 0.8 * len(words) and \
                (row.count is None or float(row.count) in numbers):
            return True
    return False


def planned_lines(planned: list[str], lines: list[str], rows: list[FigureRow]) -> list[str]:
    """The activities of the unit's own plan (``planned_sections``) that the officer has not reported
    yet, as lines to confirm ("- Theo kế hoạch: …; kết quả: […]")."""
    reported = [words_of(text) for text in [*lines, *(r.activity for r in rows)]]
    out = []
    for activity in planned:
        words = words_of(activity)
        if words and any(len(words & done) >= max(2, (len(words) + 1) // 2) for done in reported):
            continue  # the officer has said what came of it
        out.append(load_domain().phrases["planned"].format(activity=activity.strip().rstrip(".;:"),
                                                           placeholder=PLACEHOLDER))
    return out


def extract_section(section: OutlineSection, notes: list[str], facts: Facts, ctx: GuardContext,
                    passages: list[SearchResult], book: CitationBook, max_chars: int = 1100,
                    topic: str = "", report: bool = False,
                    subject: tuple[str, ...] = (), related: bool = False,
                    planned: tuple[str, ...] = (), closing: str = "",
                    more: bool = False) -> tuple[str, list[DraftWarning]]:
    """The extractive text of one leaf section (``notes``: the officer's sentences that belong to it,
    from ``note_sections``), and its warnings. ``related``: the passages come from other sections
    (no precedent has this one): a sentence is lent only when it shares a two-word phrase of the
    section's title ("không gian mạng", "truyền thông"). ``closing``: the document's closing formula, which
    the export adds after the last section: a precedent's sentence that says it is not lent. ``more``: the officer
    asked for more ("viết cụ thể hơn"): another unit's events are offered, marked, even beside her facts."""
    warnings: list[DraftWarning] = []
    if section.table:  # the officer's notes that belong to it, below the grid
        return "\n".join([table_text(section, facts), *notes]), warnings
    lines: list[str] = list(notes)
    officer_lines = len(lines)
    # a row the officer also wrote as a sentence is said once, in her words, where that sentence went
    # ("lễ phát động … 250 người, trong đó 140 nữ" in the launch, not again among the activities)
    written = [*notes, *facts.notes.split("\n")]
    rows = [r for r in facts.figures if section.rows and r.category == section.rows and not _row_in_notes(r, written)]
    confirm = planned_lines(list(planned), lines, rows) if report else []
    lines.extend(confirm)
    dropped = patterns = 0
    used_chars = sum(len(x) for x in lines)
    # a topic of two words or more is matched as a phrase: "kinh phí" is not the "kinh" of "kinh tế"
    topic_words, topic_pairs = words_of(topic), _pairs(topic)
    title_pairs = _pairs(section.title) if related else set()
    for passage in passages:
        precedent = Precedent.from_metadata(passage.metadata)
        run: list[str] = []
        for sentence in split_sentences(passage.text):
            if used_chars >= max_chars:
                break
            if not _usable(sentence, passage.title):
                if load_domain().is_injection(sentence):
                    warnings.append(DraftWarning("injection", f"bỏ câu có dạng chỉ dẫn trong {passage.source}"))
                continue
            on_topic = topic_pairs & _pairs(sentence) if topic_pairs else topic_words & words_of(sentence)
            if topic_words and not on_topic:
                continue
            if related and not title_pairs & _pairs(sentence):
                continue
            lent, text = borrow(sentence, precedent, facts, section, ctx.other_names, report, subject)
            # The officer's own facts fill this section: another unit's events are not offered beside them,
            # unless the officer asked for more on a topic (then marked, to confirm, as where nothing is said).
            said = (officer_lines or rows or confirm) and not (topic_words or more)
            if not lent or (lent in ("pattern", "claim") and (said or patterns >= MAX_PATTERNS)):
                dropped += 1
                continue
            if any(code == "stale-name" for _, _, code, _ in stale_mentions(text, ctx)):
                dropped += 1
                continue
            text, _figure_warnings = guard_figures(text, ctx)
            if any(similar(text, other) for other in lines + run) or restates_plan(text, lines[:officer_lines], facts) \
                    or (closing and similar(text, closing, CLOSING_LIKE)):
                continue
            text, stale = fix_stale(text, ctx)
            warnings.extend(stale)
            patterns += lent in ("pattern", "claim")
            # in a report, another unit's event is marked whether or not it has slots: filling them
            # does not make it the officer's
            run.append(mark_to_confirm(text) if lent == "claim" or (lent == "pattern" and report) else text)
            used_chars += len(text)
        if run:
            run[-1] = f"{run[-1]} [{book.number(passage)}]"
            lines.extend(run)
    lines.extend(row_line(r) for r in rows)
    if section.figures and not officer_lines and not rows:
        phrase = "money_missing" if section.money else "result_missing"
        lines.append(load_domain().phrases[phrase].format(placeholder=PLACEHOLDER))
        warnings.append(DraftWarning("placeholder", f"mục {section.id}: chưa có số liệu trong dữ kiện, "
                                                    f"điền vào các ô {PLACEHOLDER} (figures to fill)"))
    if confirm:
        warnings.append(DraftWarning("planned", f"mục {section.id}: {len(confirm)} dòng “Theo kế hoạch” lấy từ kế "
                                                "hoạch của đơn vị trong kho: ghi kết quả vào ô […] hoặc xóa việc chưa "
                                                "làm (your own plan's activities: confirm each)"))
    if patterns:
        warnings.append(DraftWarning("pattern", f"mục {section.id}: {patterns} câu mẫu kể việc đơn vị khác đã làm "
                                                f"(có ô {PLACEHOLDER} hoặc dấu {CONFIRM}): giữ nếu đơn vị mình cũng "
                                                f"làm (điền các ô, xóa dấu {CONFIRM}), nếu không thì xóa câu "
                                                "(another unit's event: keep only if yours did it)"))
    if dropped:
        warnings.append(DraftWarning("dropped", f"mục {section.id}: bỏ {dropped} câu mang số liệu, tên, địa điểm hoặc "
                                                "sự kiện của đơn vị khác (precedent facts not copied)"))
    number = plan_number(facts) if section.cites_plan else ""
    if number and not any(number in line for line in lines):  # her plan, where it is cited, said once
        lines.insert(0, plan_line(facts))
    if not lines:
        lines.append(section.blank)
        warnings.append(DraftWarning("placeholder", f"mục {section.id}: không tìm thấy văn bản mẫu phù hợp; "
                                                    "cần viết nội dung (no precedent found)"))
    if lines and lines[-1].rstrip().endswith(":"):
        lines[-1] = lines[-1].rstrip()[:-1] + "."
    return "\n".join(lines), warnings
