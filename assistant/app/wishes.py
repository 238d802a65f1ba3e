"""What a request asks beyond naming its section: the wish ("viết phần y tế, nhắc tỷ số giới tính khi
sinh" asks to mention that ratio; "soạn mục chỉ đạo, ban hành kế hoạch" asks nothing more).

The words after the section's name are a wish when they hold a word of change ("ngắn hơn", "thêm"),
a mark of a wish ("nhớ", "nêu", "lưu ý"), a figure, or a clause of her own content ("…, đề nghị tỉnh …",
"… năm nay phát hiện hai vụ" voice-typed); otherwise when they are neither the section's own words, the
document's, nor fillers, and do not merely say again what the section, or the whole of a part asked with
"cả", is about. Facts said before the request join its wish. No I/O; the section scorer is a parameter.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from assistant.app.chatwords import MessageText, SectionMatch, Vocabulary, figure_clause, plain
from assistant.app.facts_words import QUOTE, facts_before_request
from assistant.app.intent import PLAN_REFERENCE, Intent
from assistant.app.outline_moves import related
from assistant.app.section_words import listed, own_words
from assistant.core.facts import FIGURE_KINDS
from assistant.core.outlines import Outline, OutlineSection
from assistant.vn.normalize import fold
from assistant.vn.numbers import find_numbers

_FIGURE = re.compile(r"\d+\s*[/.,]\s*\d+|\d{2,}")  # a date, an amount, a count; one digit may be a number of a section
_SAID_AFTER = re.compile(r"^\s*(?::|[-–](?=\s))|[.!?]\s+(?=\w)")  # after a colon or dash, or a sentence
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # "của kế hoạch năm 2025": the document's year, no wish
# "viết chủ đề năm nay", "đủ cả ba mục": the document's year, how many parts of a whole; no wish
_SAID_OF_THE_DOCUMENT = re.compile(r"\b(?:nam nay|this year|(?:hai|ba|bon|tu|nam|sau|\d) "
                                   r"(?:muc|phan|nhom|bang|diem|y)|(?:all |both )?(?:two|three|four|both|\d) "
                                   r"(?:tables|sections|parts|groups|points))\b")
# The particles that close a request, typed with their marks ("nha" bare may be "nhà"): at the start of the words
# after the name they are no part of her line; followed by her words with no comma (voice-typed: "phần … hoạt
# động nhé có treo băng rôn …") they open her wish.
_PARTICLES = r"(?:nha|nhé|nhá|nghen|nhen|ạ)"
_LEADING_PARTICLES = re.compile(rf"^(?:{_PARTICLES}\b[\s,]*)+", re.IGNORECASE)
_PARTICLE_THEN_WORDS = re.compile(rf"\s*{_PARTICLES}\s+\w+\s+\w+", re.IGNORECASE)
# a number of the document's parts or of times, not a figure ("cả 3 nhóm", "đủ 4 mục", "1 lần luôn", "một lượt")
_PARTS_COUNTED = re.compile(r"\S+\s+(?:mục|muc|phần|phan|nhóm|nhom|bảng|bang|điểm|diem|ý|đoạn|doan|lần|lan|lượt|luot|"
                            r"cái|cai|lĩnh vực|linh vuc)\b", re.IGNORECASE)
_ASKED_ABOUT = re.compile(r"^(?:[^?]*\?|[^?,]*\b(?:không|khong),)\s*(?:(?:nếu|neu)\s+)?"
                          r"(?:(?:cần|can|có|co|phải|phai)\s+(?:thì|thi)\s+|if so,?\s+)?",
                          re.IGNORECASE)  # "… có bắt buộc không? Cần thì …", "… không, phải thì …", "…? If so, …"
_DENIED = re.compile(r"\b(?:không|khong|ko|chẳng|chang|chưa|chua|not|don't)\s+$")  # "không nhớ": no wish
_CLAUSE_MARKS = (",", ";", " - ", " – ")  # where a clause of her own may start ("Viết phần IV - đề nghị tỉnh …")
_SECTION_NUMBER = re.compile(r"[ivxlc]+|\d+|[a-z]")  # "phần II", "mục 3", "điểm b" left after a number


class WishReader:
    """``scorer`` ranks an outline's sections for some words (``meaning.SectionScorer``); words that
    score ``sure`` or more on the section named, or a part of it, only describe it."""

    def __init__(self, vocabulary: Vocabulary, scorer: Any, sure: float):
        self.vocabulary, self.scorer, self.sure = vocabulary, scorer, sure

    def after_name(self, original: str, text: MessageText, chosen: SectionMatch, outline: Outline) -> str:
        """What the message asks beyond naming the section: the words after the name that are neither
        the section's own words, the document's, nor fillers ("soạn mục chỉ đạo, ban hành kế hoạch" has none)."""
        theme = self.vocabulary.theme.search(text, chosen.start)  # "…, chủ đề năm nay là "…"": the theme said
        if theme is not None and theme.start() < chosen.end < theme.end() and QUOTE.search(original[theme.end():]):
            return original[theme.start():].strip()
        cited = PLAN_REFERENCE.search(original, chosen.start)  # "…, xã ban hành Kế hoạch số 112/KH-UBND …": her plan
        if cited is not None and cited.start() < chosen.end < cited.end():
            return original[cited.start():].strip()
        # "Phần y tế có bắt buộc không? Cần thì soạn luôn": her question about the section is no wish
        after_name = _ASKED_ABOUT.sub("", original[chosen.end:])
        # the clause that holds the name may be hers ("Phần về bạo lực, năm nay phát hiện 2 vụ bạo lực gia đình, …",
        # "điểm c, có khẩu hiệu nam giới chia sẻ việc nhà")
        before = max((original.rfind(mark, 0, chosen.end) for mark in _CLAUSE_MARKS), default=-1)
        own = own_words(chosen.section, outline)
        clause_end = re.search(r"[,;]|\s[-–]\s|$", original[chosen.end:])
        holding = self._stated_clause(original[before:chosen.end + clause_end.start()], own, None) \
            if before >= 0 and clause_end is not None else ""
        if holding and self._content(original[chosen.end:], own):
            return self._without_deferred(original[original.rfind(holding):]).strip(" ,.;")
        rest = self._without_deferred(after_name).strip(" ,.:;–-")
        wish = re.sub(r"^(?:(?:và|rồi|với|and|section|part)\b(?!-)\s*|,\s*)+", "", rest, flags=re.IGNORECASE).strip()
        if text.marked:  # "mục II.4 nha kiểm tra 2 đợt …": no particle in her line
            wish = _LEADING_PARTICLES.sub("", wish)
        words = self.vocabulary
        wish = self._past_particles(wish)  # "phần kiểm tra nha, kiểm tra 2 đợt …", "… viết lại, nhấn …"
        typed_wish = MessageText.of(wish)
        if not self._content(words.draft.of(typed_wish).sub(" ", typed_wish.key), set()):
            return ""  # it only asks again for the draft ("…, chủ trương, đề nghị soạn thảo.")
        after = MessageText.of(rest)
        redone = [(m.start(), m.end()) for m in words.redo.of(after).finditer(after.key)]
        if any(not any(a <= c.start() < b for a, b in redone)  # "… lúc nãy viết lại ngắn hơn": a wish; "viết lại"
               for c in words.cues_in(words.refine, after)):  # alone ("phần khó khăn viết lại") is none
            return wish
        # what she dictates after a colon ("kiến nghị: đề nghị tỉnh hỗ trợ tài liệu tuyên truyền bằng tranh ảnh")
        # or in a sentence after the name ("… kiến nghị với cấp trên. Xã muốn kiến nghị tỉnh mở lớp …") is a wish
        # when it says more than the section's contents; so is a date ("hạn gửi trước ngày 20/12")
        said = _SAID_AFTER.search(after_name)  # after a colon, or in a sentence of its own
        told = after_name[said.end():] if said else ""  # "… - who follows up and compiles the reports": what it answers
        if said and self._beyond_contents(self._in_document_words(told), chosen.section, outline) \
                and not self._asks_what(told):
            return wish
        worded = any(m.kind in FIGURE_KINDS and not _PARTS_COUNTED.match(rest, m.start)  # not "cả 3 nhóm", "một
                     for m in find_numbers(rest))  # lượt": a figure ("mười lăm triệu đồng", "có 3 bài học")
        if _FIGURE.search(_YEAR.sub(" ", rest)) or worded:
            return wish  # "… 24 tin bài", "… khoảng mười lăm triệu đồng"
        stated = self._stated_clause(self._without_deferred(after_name), own, chosen.section)
        if stated:  # from a mark of a wish before it ("Phần thuận lợi nhớ nêu …, năm nay chuyển biến nhiều")
            mark = self._mark(after_name)
            return after_name[mark.start():].strip() if mark is not None and mark.start() < after_name.rfind(stated) \
                else stated
        typed, as_typed = self._content(rest, own), rest  # "với cấp trên", as typed, is in the proposals' contents
        rest = self._in_document_words(rest)  # "who follows up and compiles …": "theo dõi", "tổng hợp"
        content = self._content(rest, own)
        # "soạn phần y tế, chú ý tỷ số giới tính khi sinh": a mark that opens the words makes them a wish,
        # even in the section's own contents ("…, chú ý kiểm tra công tác cán bộ nữ")
        mark = self._mark(rest)
        marked = mark or re.search(r"\d", rest)
        if marked and not MessageText.of(rest[:marked.start()]).key.strip(" ,;:") \
                and self._content(rest[marked.end():], set()):
            return wish
        # after more of the section's own name ("Mục tuyên truyền pháp luật nhớ có Luật …"): from the mark
        if mark is not None and not self._content(rest[:mark.start()], own) and self._content(rest[mark.end():], set()):
            opened = self._mark(wish)
            return wish[opened.start():] if opened is not None else wish
        if not content:
            return ""
        if listed(content, chosen.section) or listed(typed, chosen.section) or self._phrases_of(rest, chosen.section) \
                or self._phrases_of(as_typed, chosen.section):
            return ""
        if marked:
            return wish
        # "viết cả phần IV, giao việc lẫn theo dõi tổng hợp": the whole, said again by what its parts hold
        cue = self.vocabulary.whole.search(text)  # before the name: "cả phần IV", not "tính cả tiền chi …"
        whole = bool(chosen.section.children) and cue is not None and cue.start() < chosen.end
        if whole:
            return ""
        # "phần cơ quan chủ trì nhé, công chức văn hóa - xã hội chủ trì tham mưu": a clause of its own that says
        # more than the contents is her wish; after a number ("điểm b, khoản tiền các nhà hảo tâm …") it says which
        # (the particles before that comma already left the wish, above)
        particle = text.marked and _PARTICLE_THEN_WORDS.match(after_name) is not None  # "… nhé có treo …"
        if (self._particles_then_comma(after_name, 16) is not None or particle) and not chosen.by_number \
                and self._beyond_contents(wish, chosen.section, outline):
            return wish
        return "" if not self._beyond_contents(wish, chosen.section, outline) or self._asks_what(wish) \
            or self._describes(wish, chosen.section, outline) else wish

    def with_facts_before(self, intent: Intent, original: str) -> Intent:
        """A request for a section with the facts she stated before it ("Kinh phí 15 triệu, làm phần đó giùm")
        in its wish, so that they are kept and drafted from."""
        told = facts_before_request(self.vocabulary, original) if intent.action == "draft" else ""
        if not told or told in intent.instruction:
            return intent
        wish = intent.instruction if intent.instruction and intent.instruction not in told else ""
        return replace(intent, instruction=f"{told}. {wish}".strip(" ."))

    def _mark(self, words: str) -> re.Match[str] | None:
        """The first mark of a wish in the words ("nhớ", "nêu"), not one denied ("em không nhớ …")."""
        text = MessageText.of(words)
        return next((m for m in self.vocabulary.wish_marks.of(text).finditer(text.key)
                     if not _DENIED.search(text.key, 0, m.start())), None)

    def after_move(self, words: str) -> str:
        """Her words after a move ("Next one please, 45 women came"): without the particles that close it."""
        return self._past_particles(words.strip(" ,.;:–-"))

    def _past_particles(self, words: str) -> str:
        """The words after the particles or verbs of request that close a request before a comma ("nhé, …")."""
        lead = self._particles_then_comma(words, 20)
        return words[lead.end():] if lead is not None else words

    def _asks_what(self, words: str) -> bool:
        """"phần giao cho bên công an, y tế, Hội phụ nữ làm những gì": the words say what the section answers;
        "không có vụ nào" is a fact, not a question."""
        text = MessageText.of(words)
        return self.vocabulary.question_words.search(text) is not None \
            and self.vocabulary.nothing_happened.search(text) is None

    def _stated_clause(self, words: str, own: set[str], section: OutlineSection | None) -> str:
        """A clause after a comma that opens with words stating her own content ("phần II mục 1 tuyên truyền,
        có hội thi tìm hiểu luật"; "Viết phần IV, đề nghị tỉnh mở lớp …") and says more than the section's
        name: her wish, even in the words of the section's contents ("phần IV đi, kiến nghị tập huấn kỹ năng
        cho cán bộ"). Not the first words after the name ("phần kiến nghị đề xuất" names the section), nor a
        phrase of the contents going on from words of it ("khẩu hiệu về tăng quyền năng cho phụ nữ, ưu tiên
        nguồn lực cho trẻ em gái" says which group)."""
        starts = [comma.end() for comma in re.finditer(r"[,;]\s*|\s[-–]\s+", words)]
        if not re.search(r"[,.;:!?]", words):  # voice-typed, no punctuation: where an opener stands ("… năm nay …")
            typed = MessageText.of(words)
            starts += [m.start() for m in self.vocabulary.stated_openers.of(typed).finditer(typed.key) if m.start() > 0]
        for start in sorted(starts):
            clause = words[start:].strip(" ,.;")
            text = MessageText.of(clause)
            opener = None if self.vocabulary.not_stated.match(text) else self.vocabulary.stated_openers.match(text)
            # (by meaning, "chị em được học nghề, có việc làm ổn định" would go on describing, but so would "phần
            # trường lớp, có lớp kỹ năng sống ở trường THCS", her fact: a wish too many costs less than one lost)
            described = section is not None and self._phrases_of(clause, section) \
                and bool(self._content(words[:start], own))
            if opener is not None and self._content(clause[opener.end():], own) and not described:
                return clause
        return ""

    def _particles_then_comma(self, words: str, longest: int) -> re.Match[str] | None:
        """Only particles or verbs of request (at most ``longest`` characters), then a comma opening the words
        ("nhé, …", "viết lại, …", ", …"): where a clause of their own starts."""
        lead = re.match(rf"([^,;]{{0,{longest}}})[,;]\s*", words)
        loose = self.vocabulary.fillers | self.vocabulary.request_words
        return lead if lead is not None and all(plain(w) in loose for w in re.findall(r"\w+", lead.group(1))) \
            else None

    def _content(self, words: str, own: set[str]) -> list[str]:
        """The words that say something: not the section's own, fillers, verbs of request, moves or numbers."""
        vocabulary, words = self.vocabulary, words.strip()
        moves = {x for phrase in vocabulary.navigation_words for x in phrase.split()}
        bare = _SAID_OF_THE_DOCUMENT.sub(lambda m: " " * len(m.group()), plain(words))
        folded = fold(words)
        folded = folded if MessageText.of(words).marked and len(folded) == len(bare) else bare

        def loose(word: str, shown: str) -> bool:  # typed with marks, only as typed: "tảo hôn" holds no "tạo", "hơn"
            if shown != word:
                return shown in vocabulary.marked_fillers or shown in vocabulary.marked_requests
            return word in vocabulary.fillers or word in vocabulary.request_words

        return [m.group() for m in re.finditer(r"\w+", bare) if m.group() not in own and m.group() not in moves
                and not loose(m.group(), folded[m.start():m.end()]) and not _SECTION_NUMBER.fullmatch(m.group())]

    def _without_deferred(self, words: str) -> str:
        """The words without a clause put off ("…, kiến nghị để sau cũng được"): it asks nothing now."""
        text = MessageText.of(words)
        put_off = self.vocabulary.deferrals.search(text) or self._skipped_before(text)
        if put_off is None:
            return words
        return words[:max(words.rfind(",", 0, put_off.start()), words.rfind(";", 0, put_off.start()), 0)]

    def _skipped_before(self, text: MessageText) -> re.Match[str] | None:
        """"…, hôm trước bỏ qua": why the section is asked now, not a wish."""
        before = self.vocabulary.done_before.search(text)
        return before if before is not None and self.vocabulary.done.search(text, before.end()) else None

    def _beyond_contents(self, words: str, section: OutlineSection, outline: Outline) -> bool:
        """Do the words say something the section's name and contents do not ("tranh ảnh")?"""
        held = own_words(section, outline) | set(re.findall(r"\w+", plain(section.contents_text)))
        loose = self.vocabulary.fillers | self.vocabulary.request_words  # "Chưa có phần kiến nghị à? Viết đi."
        return any(w not in held and w not in loose for w in re.findall(r"\w+", plain(words)))

    def _in_document_words(self, words: str) -> str:
        """The words with the thesaurus's everyday or English words put in the documents' wording."""
        text = MessageText.of(words)
        for everyday, admin in self.vocabulary.thesaurus:
            found = everyday.search(text)
            if found is not None:
                words = f"{words[:found.start()]} {admin} {words[found.end():]}"
                text = MessageText.of(words)
        return words

    def _phrases_of(self, rest: str, section: OutlineSection) -> bool:
        """Are the words after the name phrases of the section's contents, one after another, each of two
        words or more? Typed without diacritics, "khen thuong tap the ca nhan tieu bieu" holds the fillers
        "the" and "ca" ("tập thể, cá nhân") and skips "biểu dương" of "khen thưởng, biểu dương tập thể …"."""
        held = re.findall(r"\w+", plain(section.contents_text))
        runs = {tuple(held[i:j]) for i in range(len(held)) for j in range(i + 2, min(i + 9, len(held) + 1))}
        words = [w for w in re.findall(r"\w+", plain(rest)) if w in held or w not in self.vocabulary.fillers]
        while words and words[-1] in self.vocabulary.fillers:  # "… tiêu biểu giúp em": "em" of "trẻ em" is held
            words.pop()
        position = 0
        while position < len(words):
            longest = max((j for j in range(position + 2, len(words) + 1) if tuple(words[position:j]) in runs),
                          default=None)
            if longest is None:
                return False
            position = longest
        return len(words) >= 2

    def _describes(self, words: str, section: OutlineSection, outline: Outline) -> bool:
        """Do the words after a section's name, with no mark of a wish ("nhớ", "nêu") and no figure, only
        say again what it is about ("phần sức khỏe, bà mẹ, tỷ số giới tính khi sinh")? Then they are no
        wish. Words that belong elsewhere ("mục khó khăn, kinh phí hạn hẹp": funds) stay a wish."""
        scored = self.scorer.scores(words, outline)
        return bool(scored) and scored[0][0] >= self.sure and related(scored[0][1], section)

    def unnamed(self, original: str, text: MessageText, body: int, named_next: bool,
                meant: tuple[OutlineSection, Outline]) -> str:
        """The wish of a request read by meaning, with no section name found: from the first word of
        change or mark of a wish ("mục các thôn làm gì, viết ngắn thôi", "mục theo dõi, báo cáo; nhớ
        ghi … 15/12"), or the facts after a colon ("điền bảng hoạt động: 2 buổi tọa đàm 90 người").
        A word of change right after "viết phần" is the section's name ("viết phần lồng ghép …"); a clause of
        her content after a comma is her wish ("tới phần trường lớp, có lớp kỹ năng sống …"), unless it is a
        phrase of the contents of the section ``meant`` going on from words of it."""
        words = self.vocabulary
        change = next(iter(words.cues_in(words.refine, text, body)), None)  # "ngan hang" holds no "ngắn"
        cues = [c for c in (change, words.wish_marks.search(text, body))
                if c and not (named_next and c.start() <= body)]
        start = min((c.start() for c in cues), default=None)
        colon = original.find(":", body)
        if colon >= 0 and re.search(r"\d", original[colon:]) and (start is None or colon < start):
            start = colon + 1
        clause = figure_clause(original, body)  # "viết phần tiền dự kiến, ngân sách xã 8 triệu": that clause
        if clause >= 0 and (start is None or clause < start):
            start = clause + 1
        section, outline = meant
        stated = self._stated_clause(original[body:], own_words(section, outline), section)
        if stated and (start is None or original.rfind(stated) < start):
            start = original.rfind(stated)
        return original[start:].strip() if start is not None else ""
