"""Which section a request names when the message names several: the first name, unless a later,
more specific name of one of its parts comes before any wish ("kinh phí từ ngân sách nhà nước" → I.4.a),
or the rest of the request holds words only one part's name has ("kinh phí vận động" → I.4.b) or fits
one part clearly by meaning. Pure; the section scorer (``meaning.SectionScorer``) is a parameter."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.app import section_numbers as numbers
from assistant.app.chatwords import MessageText, SectionMatch, Vocabulary, figure_clause, plain
from assistant.app.meaning import SectionScorer
from assistant.app.outline_moves import related
from assistant.app.section_words import own_words, part_named
from assistant.core.outlines import Outline, OutlineSection

# "mục cơ quan trong phần …", "điểm ngân sách ở mục …", "the funds point in section …": a part named before its whole
_INSIDE = re.compile(r"(\w[\w\s]*?)\s+(?:trong|o|cua|thuoc|in|of|under|within)\s+"
                     r"(?:(?:phan|muc|doan|diem|section|part)\s+)?$")

# between two sections asked in one breath: "… và (phần) …", "… với …", "… and the …"
_BOTH = re.compile(r"\s*(?:part|section)?\s*,?\s*(?:(?:và|va|với|voi|vs|and|cùng|cung|lẫn|lan|&)\s+|[-–]\s*)"
                   r"(?:cả\s+|ca\s+|the\s+)?"
                   r"(?:(?:tiểu mục|tieu muc|phần|phan|mục|muc|điểm|diem|đoạn|doan|section|part)\s+)?")


def two_at_once(key: str, matches: list[SectionMatch]) -> list[OutlineSection]:
    """The first two sections named, neither a part of the other, asked in one breath ("soạn phần tuyên truyền
    và phần kiểm tra cùng lúc", "khó khăn với kiến nghị luôn"): the chat drafts one a turn, so it asks which
    first. Names further on are her wish's ("kinh phí, dự kiến 40 triệu cho tuyên truyền và kiểm tra")."""
    if len(matches) < 2 or not _BOTH.fullmatch(key[matches[0].end:matches[1].start]):
        return []
    first, second = matches[0].section, matches[1].section
    return [] if related(first, second) else [first, second]


def chosen_section(vocabulary: Vocabulary, scorer: SectionScorer, limits: tuple[float, float], text: MessageText,
                   matches: list[SectionMatch], outline: Outline) -> SectionMatch:
    """The first name in the message; a later, more specific name of one of its parts (before any
    wish) wins: "kinh phí từ ngân sách nhà nước" → I.4.a, "đánh giá chung, nhấn mạnh khó khăn" → II;
    so does the part whose words the rest of the request holds ("khẩu hiệu kêu gọi đàn ông …")."""
    floor, ratio = limits
    chosen = matches[0]
    whole = vocabulary.whole.search(text, max(0, chosen.start - 12), chosen.end + 16)
    if chosen.section.children and whole:  # "cả 3 nhóm", "cả … và …" beside the name: all ("cả cộng đồng" far
        return chosen  # after it is the wish's)
    wish = next((c for c in vocabulary.cues_in(vocabulary.refine, text, chosen.end)  # typed bare, "theo doi"
                 if text.marked or not any(m.start <= c.start() < m.end for m in matches)), None)  # holds no "đổi"
    colon = text.key.find(":", chosen.end)  # "phần kinh phí: ngân sách xã chi 15 triệu …" gives facts
    facts = figure_clause(text.key, chosen.end, (",",))  # "mục kinh phí, ngân sách phường 10 triệu": facts too
    said = wish.start() if wish else len(text.key)
    limit = min([said, *(p for p in (colon, facts) if p >= 0)])
    held = vocabulary.fillers | own_words(chosen.section, outline) | set(re.findall(r"\w+", plain(
        chosen.section.contents_text)))
    for later in matches[1:]:
        # "công chức phụ trách theo dõi, tổng hợp (báo cáo)": one name; "…, xin thêm kinh phí", "…, đề nghị tỉnh
        # hỗ trợ in tờ rơi": the clause goes on with words of its own, a wish
        clause_rest = re.findall(r"\w+", text.key[later.end:].split(",")[0].split(";")[0].split(".")[0])
        if later.section is chosen.section and not text.key[chosen.end:later.start].strip(" ,;-–") \
                and not vocabulary.wish_marks.match(text, later.start) and set(map(plain, clause_rest)) <= held:
            chosen = replace(chosen, end=later.end)
        inside = later.section.id.startswith(chosen.section.id + ".")
        # "trong phần II, chỉ soạn riêng mục 6": a section's number is no figure; "mục kinh phí, phần ngân sách nhà
        # nước: xã chi 9 triệu": a part named as a section before her facts is the one asked
        noun = vocabulary.section_nouns.search(text, max(0, later.start - 6), later.start) is not None
        if inside and later.start >= chosen.end and (later.end <= limit or ((later.by_number or noun)
                                                                             and later.end <= said)):
            chosen = later
    ordinal = numbers.ordinal_after(plain(text.key), chosen.end)  # "… cuối cùng": it picks the part
    if chosen.section.children and not chosen.by_number and ordinal is None:
        tail = text.key[chosen.end:limit]
        part = part_named(re.findall(r"\w+", plain(tail)), chosen.section)
        if part is not None:  # "kinh phí vận động": the part whose name alone says "vận động"
            return replace(chosen, section=part)
        own = own_words(chosen.section, outline)
        if MessageText.of(tail).key and set(re.findall(r"\w+", plain(tail))) - own - vocabulary.fillers:
            family = [(x, s) for x, s in scorer.scores(tail, outline) if related(s, chosen.section)]
            best = family[0][1] if family and family[0][0] >= floor else chosen.section
            if best is not chosen.section and (len(family) == 1 or family[1][0] < ratio * family[0][0]):
                return replace(chosen, section=best)
    return chosen


def parts_inside(vocabulary: Vocabulary, text: MessageText, chosen: SectionMatch, body: int) -> list[OutlineSection]:
    """The parts of the section named that the words before it name as one of its parts: "mục cơ quan trong
    phần tổ chức thực hiện" (two parts say "cơ quan": ask which), "điểm ngân sách trong phần kinh phí" (both
    parts are "Ngân sách …"), "mục đơn vị cơ sở trong phần tổ chức thực hiện" (one). None when the words
    before it name no part ("viết giúp em trong phần IV …")."""
    inside = _INSIDE.search(plain(text.key[body:chosen.start])) if chosen.section.children else None
    named = [w for w in inside.group(1).split() if w not in vocabulary.fillers | vocabulary.request_words] \
        if inside is not None else []
    if not named:
        return []
    phrase = rf"\b{' '.join(named)}\b"
    return [part for part in chosen.section.children
            if any(re.search(phrase, plain(name)) for name in (part.title, *part.aliases))]
