"""The words of a section as a chat message uses them: its name's first words and the parts of a title
that joins several things, the words that only name it (never a wish), whether a message's remaining
words only list what it holds, the sections whose names share a request's few words (to ask which),
and the sections offered as choices. Pure; reads ``OutlineSection``s only."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from assistant.app import section_numbers as numbers
from assistant.app.chatwords import MessageText, Phrases, SectionMatch, Vocabulary, loose_names, plain
from assistant.app.outline_moves import related
from assistant.core.outlines import Outline, OutlineSection
from assistant.vn.normalize import fold

SectionNames = tuple[list[tuple[Phrases, list[OutlineSection]]], list[tuple[Phrases, list[OutlineSection]]]]


def section_names(outline: Outline, vocabulary: Vocabulary) -> SectionNames:
    """Each section's names (title, aliases, a unique title prefix, the parts of a joined title), and the
    everyday words of the thesaurus whose administrative wording names sections."""
    generic = vocabulary.fillers | vocabulary.generic
    names = [(Phrases([s.title, *s.aliases, *prefix(s, outline, generic), *title_parts(s, outline, generic)]), [s])
             for s in outline.all_sections()]
    synonyms = [(everyday, named) for everyday, admin in vocabulary.thesaurus
                if (named := [s for phrases, (s,) in names if phrases.search(MessageText.of(admin))])]
    return names, synonyms


def choices_of(sections: Sequence[OutlineSection], shown: Collection[str] = ()) -> tuple[tuple[str, str], ...]:
    """(label, the message a click sends) for each section offered: its draft asked for, or, for the ids in
    ``shown`` (she asked to see a draft again), that draft shown ("xem lại mục I.2"), never redrafted."""
    return tuple((f"{s.id} {s.title if len(s.title) <= 60 else s.title[:57] + '…'}",
                  f"{'xem lại' if s.id in shown else 'soạn'} mục {s.id}") for s in sections)


def prefix(section: OutlineSection, outline: Outline, fillers: frozenset[str]) -> list[str]:
    """The first two words of the title, as a name, when no other title of the outline starts so
    and neither is a filler or a generic word ("phát động" for "Phát động Tháng hành động"; never
    "công tác" for "Công tác kiểm tra")."""
    words = fold(section.title).replace(",", " ").split()[:2]
    start = " ".join(words)
    others = [fold(s.title) for s in outline.all_sections() if s is not section]
    if len(words) < 2 or any(o.startswith(start) for o in others) or {plain(w) for w in words} & fillers:
        return []
    return [start]


def title_parts(section: OutlineSection, outline: Outline, fillers: frozenset[str]) -> list[str]:
    """In an outline built from a higher level's document (it has no written aliases), the parts of a
    title that joins several short names ("Đề xuất, kiến nghị": "đề xuất", "kiến nghị"): each a name
    when it holds two to four words, not all fillers, and no other section's title holds it. The built-in
    outlines list their names by hand (measured: split there, "đào tạo" named the education section)."""
    if outline.builtin:
        return []
    pieces = [p.strip() for p in re.split(r",|;|\s+và\s+", fold(section.title))]
    if len(pieces) < 2:
        return []
    others = [fold(s.title) for s in outline.all_sections() if s is not section]
    return [piece for piece in pieces
            if 2 <= len(piece.split()) <= 4 and any(plain(w) not in fillers for w in piece.split())
            and not any(re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", o) for o in others)]


def listed(words: list[str], section: OutlineSection) -> bool:
    """Do the words only list what the section holds, phrase by phrase ("viết phần bạo lực gia đình,
    địa chỉ tin cậy": the contents name "địa chỉ tin cậy")? Every word, and every two words that
    follow each other, must stand so in its contents; "kinh phí hạn hẹp" stays a wish."""
    held = re.findall(r"\w+", plain(section.contents_text))
    # one word apart too: a filler taken out between them ("địa chỉ": "chi" is also "chị")
    pairs = set(zip(held, held[1:], strict=False)) | set(zip(held, held[2:], strict=False))
    return len(words) >= 2 and set(words) <= set(held) and all(pair in pairs for pair in zip(words, words[1:],
                                                                                            strict=False))


def _bare(text: str | None) -> str:
    """The words of a text without diacritics, one space apart: names and phrases are matched on them."""
    return " ".join(re.findall(r"\w+", plain(text or "")))


def _holds(words: str, *texts: str | None) -> bool:
    """Does one of ``texts`` hold ``words`` (bare, ``_bare``) one after another, as whole words?"""
    phrase = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")
    return any(phrase.search(_bare(text)) for text in texts)


def shared_topic(vocabulary: Vocabulary, text: MessageText, outline: Outline, body: int) -> list[OutlineSection]:
    """The unrelated leaf sections whose contents hold every word of a short topic that no section's
    name holds ("lồng ghép giới": the management section's training and the programmes' targets both
    speak of it): the request could mean any of them, so the reader asks."""
    fillers = vocabulary.marked_fillers if text.marked else vocabulary.fillers

    def loose(word: str) -> bool:
        return word in fillers or plain(word) in vocabulary.request_words
    content = [plain(w) for w in re.findall(r"\w+", text.key[body:]) if not loose(w)]
    if not 2 <= len(content) <= 4 or sections_holding(content, outline):
        return []
    holding = [s for s in outline.all_sections() if not s.children and set(content) <= set(_bare(s.contains).split())]
    return holding if 2 <= len(holding) <= 3 and all(not related(a, b) for a in holding for b in holding
                                                      if a is not b) else []


def table_twins(phrase: str, section: OutlineSection, outline: Outline) -> list[OutlineSection]:
    """A report's text section and its figures table named by the same words ("phần kiểm tra, giám
    sát": the activities written out, or the table of inspections; "phần phát động"): both, when a
    request names no table; [] when the words name only one of them."""
    words = _bare(phrase)
    if not words or not _holds(words, section.title, *section.aliases):  # "tiền" names funds only by the thesaurus
        return []
    if section.table is not None:  # named by the table's name: the text section that tells the same
        twins = [s for s in outline.all_sections() if s.table is None and not s.children
                 and not related(s, section) and _holds(words, s.contains)]
        return [*twins, section] if 1 <= len(twins) <= 2 else []
    tables = [t for t in outline.all_sections() if t.table is not None and not related(t, section)
              and _holds(words, t.title, *t.aliases)]
    return [section, *tables] if len(tables) == 1 else []


def rival_topic(vocabulary: Vocabulary, text: MessageText, chosen: SectionMatch, outline: Outline
                ) -> OutlineSection | None:
    """The one other section that the words right after the name say as well ("phần tuyên truyền trên đài truyền
    thanh" in the annual report: the communication activities, or the media of the culture and information
    field?), when the section named does not say them: the request could mean either, so the reader asks. Words
    after a comma, a mark of a wish or a figure are her wish, no rival."""
    clause = re.split(r"[,;.:!?]|\s[-–]\s", text.key[chosen.end:])[0]
    loose = vocabulary.fillers | vocabulary.request_words
    said = [w for w in re.findall(r"\w+", plain(clause)) if w not in loose]
    if len(said) < 2 or vocabulary.wish_marks.search(MessageText.of(clause)) or re.search(r"\d", clause):
        return None

    def holds(section: OutlineSection) -> bool:
        return set(said) <= set(_bare(f"{section.title} {section.contains}").split())
    rivals = [s for s in outline.all_sections() if not s.children and not related(s, chosen.section)
              and _holds(" ".join(said), s.title, s.contains)]  # the words as one phrase of the other's
    return rivals[0] if len(rivals) == 1 and not holds(chosen.section) else None


def tables_named(vocabulary: Vocabulary, text: MessageText, matches: list[SectionMatch], opening: tuple[int, int],
                 outline: Outline) -> list[SectionMatch]:
    """The names that are tables, or a whole of tables, when a table is asked: "lập bảng …" (a table word
    where the request or its noun opens, at ``opening``), "the table of launch events" (just before a name); the
    names unchanged otherwise. None is left when only other sections are named in an outline with tables."""
    before = any(m.start - t.end() in range(1, 5) for t in vocabulary.table.of(text).finditer(text.key)
                 for m in matches)
    if not (any(vocabulary.table.match(text, at) for at in opening) or before):
        return matches
    tables = [m for m in matches if m.section.table is not None or any(c.table for c in m.section.children)]
    return tables or ([] if any(s.table for s in outline.all_sections()) else matches)


def own_words(section: OutlineSection, outline: Outline) -> set[str]:
    """The words that only name the section, its place or the document ("kế hoạch năm" in a plan)."""
    # not what it holds: "soạn mục khó khăn, kinh phí hạn hẹp" may be a wish even though the section
    # speaks of funds (measured: taking its contents as its own words lost a wish the officer meant)
    # a part's name names the whole too ("phần thông điệp, cả 3 nhóm": the groups are its parts), and the whole's
    # name says where the part is ("mục đơn vị cơ sở trong phần tổ chức thực hiện")
    parts = [child.title for child in section.children]
    wholes = [whole.title for whole in outline.all_sections() if section.id.startswith(whole.id + ".")]
    return set(re.findall(r"\w+", plain(" ".join([section.title, *section.aliases, *parts, *wholes, outline.name,
                                                  outline.kind]))))


def part_named(words: Sequence[str], section: OutlineSection) -> OutlineSection | None:
    """The one part of ``section`` whose name alone, among its siblings', holds two of ``words`` (bare,
    in their order) side by side: "kinh phí vận động" names b) Ngân sách vận động of "Kinh phí tổ
    chức"; "kinh phí ngân sách" names no part (both parts say "ngân sách"), nor does one shared
    syllable ("hành động", "nguồn lực")."""
    def pairs(*texts: str) -> set[tuple[str, ...]]:
        out: set[tuple[str, ...]] = set()
        for text in texts:
            bare = _bare(text).split()
            out |= set(zip(bare, bare[1:], strict=False))
        return out
    asked = pairs(" ".join(words))
    names = {c.id: pairs(c.title, *c.aliases) for c in section.children}
    picked = [c for c in section.children
              if asked & names[c.id] - set().union(*(names[o.id] for o in section.children if o is not c))]
    return picked[0] if len(picked) == 1 else None


def sections_holding(words: Sequence[str], outline: Outline) -> list[OutlineSection]:
    """The sections whose title or an alias holds ``words`` one after another ("hoạt động" in "Nội dung
    hoạt động đã triển khai" and in "… và các hoạt động hưởng ứng …"): a part rather than its whole,
    unless the part only repeats the whole's title (a table under its heading)."""
    found = [s for s in outline.all_sections() if _holds(" ".join(words), s.title, *s.aliases)]
    return [s for s in found if not any(d.id.startswith(s.id + ".") and plain(d.title) != plain(s.title)
                                        for d in found)]

_PLURAL = ("cac", "nhung", "the")  # "các hoạt động": the words of a name follow


def shared_name(vocabulary: Vocabulary, text: MessageText, outline: Outline, body: int) -> list[OutlineSection]:
    """The unrelated sections whose names hold all the request's words, when they are few ("các hoạt
    động", "truyền thông"): the request could mean any of them. Fillers count only around the words,
    and only as typed ("tổ chức" holds no "to")."""
    def loose(word: str) -> bool:
        return word in vocabulary.fillers or plain(word) in vocabulary.request_words
    content = re.findall(r"\w+", text.key[body:])
    while content and (loose(content[0]) or plain(content[0]) in _PLURAL):
        content.pop(0)
    while content and loose(content[-1]):
        content.pop()
    if not 1 <= len(content) <= 3:
        return []
    holding = sections_holding([plain(w) for w in content], outline)
    return holding if all(not related(a, b) for a in holding for b in holding if a is not b) else []


def names_in_message(vocabulary: Vocabulary, known: SectionNames, text: MessageText, outline: Outline, focus: str = "",
                     drafted: Sequence[str] = ()) -> list[SectionMatch]:
    """Every section name or number in the message, the earliest first; a name inside a longer
    one ("mục đích" inside "mục đích yêu cầu") is not a name of its own."""
    names, synonyms = known
    found = [SectionMatch(m.start(), m.end(), s, False)
             for phrases, sections in (*names, *synonyms)  # "tiền" names "kinh phí" where it stands
             for m in phrases.of(text).finditer(text.key) for s in sections]
    found += loose_names(text, [*names, *synonyms], found)
    bare = plain(text.key)
    found += numbers.numbered_sections(bare, outline, focus) + numbers.points_of_named(bare, found)
    found += numbers.positioned(bare, outline, focus, drafted)  # "mục đầu tiên của phần III"
    described = [(m.start(), m.end()) for m in vocabulary.not_names.of(text).finditer(text.key)]
    found = [f for f in found if not any(o.start <= f.start and f.end <= o.end and o.end - o.start > f.end
                                         - f.start for o in found)  # no name inside a longer one, nor in "chị
             and not any(a <= f.start and f.end <= b for a, b in described)]  # em khó khăn" (people described)
    return sorted(found, key=lambda m: (m.start, not m.by_number, -(m.end - m.start)))
