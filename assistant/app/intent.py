"""What an officer's chat message asks for: which section to draft, or a follow-up on the current draft.

"soạn mục Đánh giá chung, nhấn mạnh khó khăn về kinh phí" names a section (by title, alias or
number, "mục II.2") of the open document's outline and carries a wish ("nhấn mạnh …"); a message
that names no section refines the draft on screen; when neither is clear, or two sections fit
equally, the assistant asks back. "số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180" gives rows for the
figures table. Pure functions over the outline; no model, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.facts import FigureRow
from assistant.core.outlines import Outline, OutlineSection
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import find_numbers

_VERB = re.compile(r"^(?:hãy\s+|xin\s+|vui lòng\s+|please\s+)?(?:soạn(?:\s+thảo)?|viết(?:\s+lại)?|lập|tạo|làm|"
                   r"draft|write)\b(?:\s+(?:giúp|cho|hộ)(?:\s+(?:tôi|mình|em|anh|chị))?)?", re.IGNORECASE)
_REF = re.compile(r"\b(?:mục|phần|section)\s+([ivxlc]+(?:\.\d{1,2})?(?:\.[a-zđ])?)(?=[\s,.:;]|$)", re.IGNORECASE)
_LEAD = re.compile(r"^[\s,.;:–-]*(?:và|rồi|với|and)?[\s,.;:–-]*", re.IGNORECASE)
_KINDS = {"kế hoạch": "KẾ HOẠCH", "báo cáo": "BÁO CÁO"}
# Figures typed in the chat: "số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180; Tọa đàm: 3 buổi …"
_FIGURES_CUE = re.compile(r"(?:số liệu(?: mới)?|figures?)\s*:\s*", re.IGNORECASE)
_COUNT_UNITS = ("cuộc", "buổi", "lớp", "đợt", "lần", "hội nghị", "chuyến", "đoàn", "tin", "bài", "tin bài",
                "băng rôn", "pano", "khẩu hiệu", "tờ rơi", "ấn phẩm", "sản phẩm", "áp phích", "cái", "chiếc", "bản")
_MONEY = re.compile(r"kinh phí|triệu|đồng|tỷ|\bđ\b|vnđ|ngân sách")
_MEDIA = ("tin bài", "loa", "phát thanh", "truyền thanh", "băng rôn", "pano", "khẩu hiệu", "mạng xã hội", "zalo",
          "facebook", "cổng thông tin", "trang thông tin", "báo")
_PRODUCTS = ("tờ rơi", "tờ gấp", "ấn phẩm", "sổ tay", "tài liệu", "áp phích", "sản phẩm", "video", "clip")


@dataclass(frozen=True)
class Intent:
    action: str  # "draft" a section, "refine" the current draft, or "ask" back
    section_id: str = ""
    instruction: str = ""  # the officer's wishes, passed on to the drafter
    question: str = ""  # what to ask back (action "ask")
    choices: tuple[str, ...] = ()  # section ids to choose from (action "ask")


def _clean(message: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(message)).strip()


def _matches(low: str, outline: Outline) -> list[tuple[int, int, int, int, OutlineSection]]:
    """(start, priority, -length, end, section) of every title, alias or number reference found in the
    message, best first: the earliest, a number reference ("mục II.2") before a title, the longest."""
    found = []
    for section in outline.all_sections():
        phrases = {fold(section.title), *(fold(a) for a in section.aliases)}
        for phrase in phrases:
            start = low.find(phrase) if len(phrase) >= 3 else -1
            if start >= 0:
                found.append((start, 1, -len(phrase), start + len(phrase), section))
    by_id = {s.id: s for s in outline.all_sections()}
    for ref in _REF.finditer(low):
        roman, *parts = ref.group(1).split(".")  # "ii.2.a" → "II.2.a"
        named = by_id.get(".".join([roman.upper(), *parts]))
        if named is not None:
            found.append((ref.start(), 0, -len(ref.group(0)), ref.end(), named))
    return sorted(found, key=lambda f: f[:3])


def read_message(message: str, outline: Outline, current_section: str = "",
                 others: Sequence[Outline] = ()) -> Intent:
    """Read one chat message against the open document's outline; ``others`` (the other kinds'
    outlines) only serve to say where a section the open document lacks would be found."""
    text = _clean(message)
    cue = _FIGURES_CUE.search(text)
    low = text[:cue.start()].lower() if cue else text.lower()  # "số liệu: …" names no section
    verb = _VERB.match(low)
    body_start = verb.end() if verb else 0
    if verb:
        for word, kind in _KINDS.items():  # "soạn kế hoạch …" while a report is open
            if low[body_start:].lstrip().startswith(word) and kind != outline.kind:
                return Intent("ask", question=f"Văn bản đang mở là {outline.name}. Để soạn {word}, hãy chọn "
                                              f"ở ô «Loại văn bản» rồi bấm «Văn bản mới».")
    found = [f for f in _matches(low, outline) if f[0] >= body_start]
    if found:
        start, priority, length, end, section = found[0]
        ties = {f[4].id for f in found if f[:3] == (start, priority, length)}
        if len(ties) > 1:
            choices = tuple(sorted(ties))
            names = "; ".join(outline.section(c).heading() for c in choices)
            return Intent("ask", question=f"Bạn muốn soạn mục nào: {names}?", choices=choices)
        rest = _LEAD.sub("", text[end:len(low)], count=1).strip()  # the wish, without "số liệu: …"
        if not verb and current_section == section.id:
            return Intent("refine", section.id, rest or text)
        if not verb and current_section and not rest and start > 0:
            # "thêm nội dung về phối hợp" on the open draft: a topic, not a request for that section
            return Intent("refine", current_section, text)
        return Intent("draft", section.id, rest)
    elsewhere = sorted(((f[:3], f[4], other) for other in others if other.id != outline.id
                        for f in _matches(low, other) if f[0] >= body_start), key=lambda m: m[0])
    if elsewhere and (verb or not current_section):  # "soạn mục Phát động …" in an annual report
        _, section, other = elsewhere[0]
        return Intent("ask", question=f"Mục «{section.title}» có trong {other.name}, không có trong "
                                      f"{outline.name} đang mở. Để soạn mục đó, hãy chọn «{other.name}» ở ô "
                                      "«Loại văn bản» rồi bấm «Văn bản mới»; hoặc chọn một mục ở dàn ý bên trái.")
    if current_section:  # "viết lại ngắn gọn hơn", "làm rõ hơn …": the draft on screen
        return Intent("refine", current_section, text)
    return Intent("ask", question="Bạn muốn soạn mục nào? Ví dụ: «soạn mục " +
                  f"{outline.all_sections()[0].title.capitalize()}», hoặc chọn một mục ở dàn ý bên trái.",
                  choices=tuple(s.id for s in outline.all_sections()))


def _category(activity: str) -> str:
    low = fold(activity)
    if any(word in low for word in _PRODUCTS):
        return "products"
    return "media" if any(word in low for word in _MEDIA) else "activities"


def figure_rows(message: str) -> tuple[list[FigureRow], str]:
    """Rows for the figures table from "số liệu: A: 2 cuộc, nam 120, nữ 180; B: …", and the clauses
    that are no row (returned as text, for the notes). Only after an explicit "số liệu:" cue."""
    text = _clean(message)
    cue = _FIGURES_CUE.search(text)
    if not cue:
        return [], ""
    rows, rest = [], []
    for clause in re.split(r"\s*[;\n]\s*", text[cue.end():]):
        row = _row(clause)
        if row is None:
            if clause.strip(" .,"):
                rest.append(clause.strip())
        else:
            rows.append(row)
    return rows, "; ".join(rest)


def _row(clause: str) -> FigureRow | None:
    """A table row from "Hội nghị: 2 cuộc, nam 40, nữ 50"; ``None`` when the clause holds a figure
    the table has no column for (money, a total of participants, a percentage): it stays a note."""
    name, sep, figures = clause.partition(":")
    if not sep or not name.strip() or find_numbers(name) or _MONEY.search(fold(figures)):
        return None
    count = male = female = None
    for mention in find_numbers(figures):
        if mention.value is None or mention.kind not in ("count", "numbering") or mention.value != int(mention.value):
            return None  # money, percentages, dates: a sentence for the notes, not a table cell
        before = fold(figures[max(0, mention.start - 6):mention.start]).rstrip()
        unit = fold(mention.unit)
        value = int(mention.value)
        if (unit == "nữ" or before.endswith("nữ")) and female is None:
            female = value
        elif (unit == "nam" or before.endswith("nam")) and male is None:
            male = value
        elif count is None and (unit in _COUNT_UNITS or not unit):
            count = value
        else:
            return None  # "150 người tham dự": no column for it; the whole clause goes to the notes
    if count is None and male is None and female is None:
        return None
    activity = name.strip(" -–•+")
    return FigureRow(activity[:1].upper() + activity[1:], count, male, female, category=_category(activity))
