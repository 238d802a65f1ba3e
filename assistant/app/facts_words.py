"""Whether a chat message states facts rather than asking for something: a figure ("30 tin bài", "15 triệu",
"5/21") before any word of change or request, something that did not happen ("không có vụ … nào"), who is in
charge ("người phụ trách là đồng chí …"), a detail after its label ("địa điểm: …"), the year's theme in
quotes, or the unit's plan by its number; and whether a clause said with a request tells who does what (her
fact, not a wish). Pure; the vocabulary is a parameter."""

from __future__ import annotations

import re

from assistant.app.chatwords import MessageText, SectionMatch, Vocabulary, body_start
from assistant.app.intent import DOCUMENT_NUMBER, PLAN_REFERENCE, QUOTED
from assistant.vn.normalize import normalize_text
from assistant.vn.numbers import find_numbers

TOPIC_WORDS = r"còn|con|riêng|rieng|as for"  # "(còn) nguồn vận động thì …": "as for", before her facts
_CONNECTOR = re.compile(rf"^(?:{TOPIC_WORDS})\s+(?=\w)", re.IGNORECASE)
_EVENT_AFTER = re.compile(r"\s+(?:vào\s+)?(?:ngày|ngay|sáng|sang|chiều|chieu|tối|toi|hôm|hom|lúc|luc|tại|tai|ở|o)\b")
QUOTE = re.compile(r'["“”«»]')  # a quote mark: the year's theme, or the draft's words, are quoted
# "băng rôn 12, pano 3, tờ rơi 600": things counted, each named before its number, listed by commas
_TALLY_ITEM = re.compile(r"(?:^|[,;]\s*)[^\W\d_][^\d,;:.!?]{0,30}?\s(\d+)(?:[.,]\d+)?(?:\s+[^\W\d_]+)?\s*(?=[,;.]|$)")
_NARRATION_WORDS = 14  # a telling, not a wish: officers' changes of a draft are shorter or carry a word of change
_AMOUNT = re.compile(r"\b(?:\d{1,3}(?:[.,]\d{3})+\s*(?:d|đ|vnd|đồng|dong)?|\d+(?:[.,]\d+)?\s*(?:triệu|trieu|tr|tỷ|ty|"
                     r"nghìn|nghin|ngàn|ngan|k|million|billion))\b", re.IGNORECASE)  # "15.000.000d", "10 triệu"


def states_facts(words: Vocabulary, original: str, text: MessageText, body: int, named: list[SectionMatch],
                 dated: bool = False) -> bool:
    """Facts stated with no request: a figure ("30 tin bài", "15 triệu", "5/21") before any word of
    change, something that did not happen ("không có vụ … nào"), or the year's theme in quotes; with
    ``dated``, a date too (in a request's wish: "…: các đơn vị gửi về UBND xã trước ngày 18/12")."""
    # a move opens the request ("qua mục kinh phí"); "qua mạng" inside a fact moves nowhere
    if "?" in original or words.navigation["show"].search(text) or words.navigation["move"].match(text, body):
        return False
    # a word of change inside a section's name, a lookalike, or the words that announce facts ("chị nói
    # thêm, …") is none; nor is a word of what was done, said after its doer ("Trường THCS … thì lồng ghép
    # vào giờ chào cờ")
    told = [m for m in words.event_words.of(text).finditer(text.key, body)
            if not any(n.start <= m.start() < n.end for n in named)]
    announced = [(m.start(), m.end()) for m in words.fact_openers.of(text).finditer(text.key)]
    announced += [(m.start(), m.end()) for m in words.event_words.of(text).finditer(text.key, body + 1)]
    change = next((m for m in words.cues_in(words.refine, text, body)
                   if not any(n.start <= m.start() < n.end for n in named)
                   and not any(a <= m.start() < b for a, b in announced)), None)
    # "xong rồi, sang phần kiểm tra nhé, trong năm dự kiến kiểm tra 2 đợt …": a move before the figures asks
    moved = next((m for m in words.navigation["move"].of(text).finditer(text.key)  # "qua mạng" moves nowhere
                  if words.section_nouns.search(text, m.start(), m.end() + 8)), None)
    # "Next one please, 45 women got vocational training …": a step to the next section opening it asks
    moved = moved or next((m for d in ("next", "previous") for m in words.navigation[d].of(text).finditer(text.key)
                           if m.start() <= body), None)
    # "Next: economy and labour, 85 women …", "Tiếp theo: kinh tế - lao động, …": a lone step among the words
    # that open the request asks for a section
    moved = moved or words.navigation["next_alone"].search(text, 0, body)
    labelled = any(re.match(r"[^:,.;!?]{0,40}:", text.key[m.end():]) for m in words.fact_labels.of(text).finditer(
        text.key, body) if m.start() <= body + 2)
    if (words.nothing_happened.search(text) or words.someone_named.search(text) or labelled
            or (words.theme.search(text) and QUOTE.search(original))):
        return change is None and moved is None  # "tiếp, năm nay không vận động được": the next section's facts
    places = {m.end() for m in words.ordinal_nouns.of(text).finditer(text.key)}  # "ý 2", "đoạn 3"
    figures = [m.start for m in find_numbers(original)
               if (m.kind in ("money", "percentage", "ratio") or (m.kind == "count" and m.unit)
                   or (dated and m.kind == "date"))
               and len(original[:m.start].rstrip()) not in places]
    figures += [m.start() for m in _AMOUNT.finditer(original)]
    tally = [m.start(1) for m in _TALLY_ITEM.finditer(original) if len(original[:m.start(1)].rstrip()) not in places]
    figures += tally if len(tally) >= 2 else []
    # "viết phần kinh phí dự kiến 20 triệu" asks for a draft; "giới thiệu việc làm" asks nothing
    # "lễ phát động làm ngày 16/11 ở hội trường": a verb followed by when or where tells of the event
    asked = next((m for m in words.cues_in(words.draft, text) if not _EVENT_AFTER.match(text.key, m.end())), None)
    # "xã ban hành Kế hoạch số 112/KH-UBND …" says a fact; "chỉ đạo điều hành, có Kế hoạch số 15/…" asks
    reference = PLAN_REFERENCE.search(original) or DOCUMENT_NUMBER.search(original)
    if reference is not None and asked is None and not any(m.end < reference.start() for m in named):
        figures.append(reference.start())
    if change is not None:  # "chỗ ghi "Kế hoạch số 15/…" sửa thành …": the draft's words quoted, to be changed
        quoted = [(q.start(), q.end()) for q in QUOTED.finditer(original)]
        figures = [f for f in figures if not any(a <= f < b for a, b in quoted)]
    if not figures and change is None and asked is None and moved is None:
        return _narrates(text, body, told)
    return bool(figures) and all(m is None or m.start() > min(figures) for m in (change, asked, moved))


def _narrates(text: MessageText, body: int, told: list[re.Match[str]]) -> bool:
    """A long telling of what the unit's people did or will do (``told``: its words of what was done, outside
    the sections' names), with no figure and no request ("Đài truyền thanh xã phát tin suốt cả tháng,
    Trường THCS … lồng ghép vào giờ chào cờ, Công an xã phối hợp …"): the officer's facts, in sentences."""
    return len(re.findall(r"\w+", text.key[body:])) >= _NARRATION_WORDS and bool(told) and "," in text.key[body:]


def requests_after_facts(words: Vocabulary, text: MessageText) -> list[int]:
    """Where each clause after the first that opens with a verb of request starts its request proper
    ("…, em viết phần lễ phát động nhé": at "phần"); the reader takes the one followed by a section's name."""
    starts = []
    for boundary in re.finditer(r"[,.;]\s*", text.key):
        start = body_start(words, text, boundary.end())
        if words.opening.search(text, boundary.end(), start) is not None:
            starts.append(start)
    return starts


def facts_before_request(words: Vocabulary, original: str) -> str:
    """The facts she states before her request, in clauses of their own ("Năm nay mở 3 lớp tập huấn, 210 lượt
    người dự. Viết mục nâng cao năng lực giùm tui", "kinh phí cả năm 38 triệu, làm luôn nhé"): part of what
    she asks, so that they are kept and drafted from; "" when the message opens with its request."""
    text = MessageText.of(original)
    starts = requests_after_facts(words, text)
    if not starts:
        return ""
    head = original[:max(original.rfind(mark, 0, starts[0]) for mark in ",.;")].strip(" ,.;")
    return head if head and wish_states_facts(words, head) else ""


def without_request(words: Vocabulary, note: str) -> str:
    """Her facts without the request they follow, as the clause the message opens with ("tiếp theo là lễ phát
    động nhé, tổ chức sáng 17/11 …", "viết phần phát động, …"): no "nhé" in the document. A clause that tells
    the event ("Lễ phát động làm ở hội trường, …") stays: its verb does not open it."""
    first = re.match(r"[^,;:\d]*[,;:]\s*", note)
    if first is None or not note[first.end():].strip():
        return _CONNECTOR.sub("", note, count=1)
    head = MessageText.of(first.group(0))
    asks = any(phrases.match(head, at) for at in (0, body_start(words, head)) for phrases in (
        words.opening, *(words.navigation[d] for d in ("next", "previous", "next_alone", "previous_alone", "move"))))
    facts = note[first.end():] if asks else note
    return _CONNECTOR.sub("", facts, count=1)  # "còn nguồn vận động thì …": "as for" opens no fact


def facts_kept(words: Vocabulary, note: str) -> str:
    """What of a message of facts that names or asks for a section is kept as her facts: those said before the
    request, else the message without the request it opens with."""
    return facts_before_request(words, note) or without_request(words, note)


def states_theme(words: Vocabulary, message: str) -> bool:
    """The message names the year's theme ("chủ đề năm nay …", "this year's theme …")."""
    return words.theme.search(MessageText.of(normalize_text(message))) is not None


def wish_states_facts(words: Vocabulary, wish: str) -> bool:
    """Do these words (a request's wish) state facts: a figure or a date before any word of change?"""
    original = " ".join(normalize_text(wish).split())
    return states_facts(words, original, MessageText.of(original), 0, [], dated=True)


def tells_who_does(words: Vocabulary, clause: str) -> bool:
    """Does a clause of a request's wish say who does what ("công chức văn hóa - xã hội chủ trì tham mưu":
    someone, then a word of what is done), rather than how to write ("nhấn mạnh tiết kiệm", "tuyên truyền
    qua loa", no one before it)? Then it is her fact. A wish mark or a word of change in it: a wish."""
    text = MessageText.of(" ".join(normalize_text(clause).split()))
    if words.wish_marks.match(text) or words.cues_in(words.refine, text):  # "tỉnh cấp thêm tài liệu …": asked
        return False
    told = words.event_words.search(text)
    return told is not None and len(re.findall(r"\w+", text.key[:told.start()])) >= 2
