"""What an officer's chat message asks for, read against the open document's outline.

Rules first, meaning second. The rules (vocabulary in ``data/chat.yaml``) read numbers ("mục I.3", "mục 2
phần II", "điểm b", "bảng 2"), navigation ("mục tiếp theo", "quay lại mục …"), where the document stands
("còn mục nào chưa viết?"), a wish on the draft on screen ("ngắn gọn hơn", "thêm …") and section names
(titles and aliases, with or without diacritics; a later, more specific name wins over its parent). With
no name found, the message is compared by meaning with every section (title, aliases, contents), embedded
once per outline; when two sections fit about equally, the reader asks back with them as choices. The wish
is read by ``wishes.py``, a step through the outline by ``steps.py``, the kind asked for by ``kinds.py``, facts
stated by ``facts_words.py``. No I/O; the embedding model is a parameter (``None``: rules only)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from assistant.app import section_numbers as numbers
from assistant.app.alternatives import unsure_between
from assistant.app.chatwords import (
    MessageText,
    SectionMatch,
    after_done,
    bare_name_ending,
    body_start,
    load_vocabulary,
    negated,
    plain,
    rest_words,
)
from assistant.app.facts_words import TOPIC_WORDS, requests_after_facts, states_facts
from assistant.app.intent import FIGURES_CUE, Intent
from assistant.app.kinds import KindReader
from assistant.app.meaning import SectionScorer, clear_best
from assistant.app.message_forms import request_text
from assistant.app.outline_moves import general, get, related, step_from
from assistant.app.section_choice import chosen_section, parts_inside, two_at_once
from assistant.app.section_words import (
    SectionNames,
    choices_of,
    names_in_message,
    rival_topic,
    section_names,
    shared_name,
    shared_topic,
    table_twins,
    tables_named,
)
from assistant.app.steps import Stepping, read_step
from assistant.app.verdicts import without_verdicts
from assistant.app.wishes import WishReader
from assistant.core.outlines import Outline

_TOPIC = re.compile(rf"\s?(?:(?:{TOPIC_WORDS}|về|ve)\s+)?")  # what opens the facts of a section
_NOT_REDONE = re.compile(r"\b(?:dung|khoi|khong can|khong|chu khong|no need to|no|not|don't)\s+$")
_PLACE = re.compile(r"\b(?:doan|cau|dong|y|paragraph|line)\s+(?:thu\s+)?\d{1,2}\b")  # a place in the draft on screen


class ChatReader:
    """Reads messages against any of ``outlines``; ``embeddings`` (a LangChain ``Embeddings``) adds
    the reading by meaning. Section vectors are computed once per outline, when first needed."""

    def __init__(self, outlines: Sequence[Outline], embeddings: Any = None, margin: float = 0.03,
                 floor: float = 0.35, ratio: float = 0.88, sure: float = 0.7, lexical_weight: float = 0.5):
        """``floor``: the least score to draft without asking; ``ratio``: a section of another branch
        scoring this share of the best one makes the reader ask; ``margin``: how close a parent may
        score to its part and still be the answer; ``sure``: the score at which a message with no verb,
        sent with a draft on screen, asks for another section rather than refining that draft."""
        self.outlines = {o.id: o for o in outlines}
        self.scorer = SectionScorer(embeddings, lexical_weight)
        self.margin, self.floor, self.ratio, self.sure = margin, floor, ratio, sure
        self.vocabulary = words = load_vocabulary()
        self.wishes, self.kinds = WishReader(words, self.scorer, sure), KindReader(words, self.outlines)
        self._names: dict[str, SectionNames] = {}

    def kinds_asked(self, message: str, open_kind: str = "") -> tuple[list[str], int | None]:
        """The kinds of document the message asks for, and the year (``kinds.KindReader``)."""
        return self.kinds.asked(message, open_kind)

    def _matches(self, text: MessageText, outline: Outline, focus: str, drafted: Sequence[str]) -> list[SectionMatch]:
        return names_in_message(self.vocabulary, self._names_of(outline), text, outline, focus, drafted)

    def _names_of(self, outline: Outline) -> SectionNames:
        """Each section's names and the thesaurus's everyday words for them (``section_names``), once per outline."""
        if outline.id not in self._names:
            self._names[outline.id] = section_names(outline, self.vocabulary)
        return self._names[outline.id]

    def read(self, message: str, outline: Outline, focus: str = "", drafted: Sequence[str] = ()) -> Intent:
        """What the message asks of the open document (``outline``), with ``focus`` on screen; facts stated
        before a request for a section are part of its wish ("Kinh phí 15 triệu, làm phần đó giùm")."""
        original = request_text(message, self.vocabulary)  # "trc", "I-3", "Em chào anh, …": the request
        asked = without_verdicts(self.vocabulary, original)  # "Đoạn hoạt động ổn rồi, giờ …": what she asks now
        if asked != original and (intent := self._read(asked, outline, focus, drafted)).action != "ask":
            return self.wishes.with_facts_before(intent, asked)
        return self.wishes.with_facts_before(self._read(original, outline, focus, drafted), original)

    def _read(self, original: str, outline: Outline, focus: str, drafted: Sequence[str]) -> Intent:
        """``read`` of the message as the reader reads it (``message_forms.request_text``)."""
        words = self.vocabulary
        unsure = unsure_between(original, outline, words,
                                lambda one: self._read(request_text(one, words), outline, focus, drafted))
        if unsure:  # "không rõ là mục 3 phần II hay phần III": which of the two?
            return Intent("ask", question=words.questions["which"], choices=choices_of(unsure))
        cue = FIGURES_CUE.search(original)
        original = original[:cue.start()].strip() if cue else original  # "số liệu: …" names no section
        text = MessageText.of(original)
        fixed = words.corrections.search(text)  # "viết phần y tế, à không, phần giáo dục": what follows is asked
        if fixed is not None and words.section_nouns.search(text, fixed.end()) is not None:
            return self._read(request_text(original[fixed.end():].strip(" ,."), words), outline, focus, drafted)
        missing = numbers.missing_numbers(plain(text.key), outline)  # "mục II.5.a" in an outline without it
        if missing:
            return Intent("ask", question=words.questions["no_such_number"], choices=choices_of(missing))
        body = body_start(words, text)
        matches = [m for m in self._matches(text, outline, focus, drafted)
                   if (m.end > body or m.by_number or bare_name_ending(words, text, m, body))
                   and not negated(words, text, m)]
        verb = any(m is not None and (matches or not words.redo.match(text, m.start()))
                   for m in (words.draft.search(text, 0, body), words.draft.match(text, body)))
        noun = next(iter(words.cues_in(words.section_nouns, text)), None)  # "phần …", "bảng …" ("bang ron" is none)
        move = words.navigation["move"].search(text, 0, body)  # "giờ tới các hoạt động …" asks; "qua mạng …" no
        verb = verb or (move is not None and (" " in move.group(0) or noun is not None or bool(matches)))
        this_draft = (noun is not None and noun.start() <= body and words.deictic.match(text, noun.end() + 1)) or \
            words.this_draft.search(text, 0, body + 16) is not None or \
            (bool(focus) and _PLACE.match(plain(text.key), noun.start() if noun else body) is not None)  # "đoạn 3 …"
        if not focus and drafted and (_PLACE.search(plain(text.key), 0, body + 24) or not (matches or noun)) \
                and words.cues_in(words.refine, text, body) and not words.table.search(text):
            return Intent("ask", question=words.questions["which_draft"],  # "Đoạn 2 sửa lại cho gọn": of which draft?
                          choices=choices_of([s for s in outline.all_sections() if s.id in drafted], shown=drafted))
        moved = words.navigation["move"].search(text)  # "ok phần này được rồi, chuyển sang phần phối hợp": a move
        this_draft = this_draft and not (moved is not None and any(m.start >= moved.end() for m in matches))
        said = verb  # a verb typed; "mục trước cho chị xem" asks nothing to be written by its noun alone
        if noun is not None and noun.start() <= body and not this_draft:
            verb = True
        matches, cut = after_done(words, text, matches)
        matches = tables_named(words, text, matches, (body, body if noun is None else noun.start()), outline)
        kinds, year = self.kinds_asked(original, outline.id)
        if kinds and (kinds[0] != outline.id or not matches):
            return Intent("open", kind=kinds[0], year=year)
        other = words.other_writings.search_loose(text)  # "soạn giấy mời dự lễ phát động": not the section
        if not cue and other is not None and (not matches or other.start() < matches[0].start):
            return Intent("ask", question=words.questions["outside"])
        # "phần tuyên truyền và phần kiểm tra": which first? To see or change, both named as sections ("xem lại
        # phần kiểm tra với phần kinh phí", "sửa phần hạn chế với phần kiến nghị cho khớp"): which?
        both = two_at_once(text.key, matches) if (verb and not words.wish_marks.search(text)
                                                   and not words.cues_in(words.refine, text)) \
            or all(words.section_nouns.search(text, max(0, m.start - 8), m.start) for m in matches[:2]) else []
        if both and words.navigation["show"].search_loose(text) and all(s.id in drafted for s in both):
            return Intent("ask", question=words.questions["which_shown"], choices=choices_of(both, drafted))
        if both:
            return Intent("ask", question=words.questions["one_at_a_time"], choices=choices_of(both))
        if not cue and not matches and words.progress.search_loose(text):
            return Intent("show")  # no section: where the whole document stands
        if (not cue and not matches and not verb and noun is None and words.outside.search_loose(text)
                and words.refine.search(text) is None and not words.table.search(text)):
            return Intent("ask", question=words.questions["outside"])
        if not cue and not verb and states_facts(words, original, text, body, matches):
            # "(còn) nguồn vận động thì năm nay …" with another section on screen: the section they open with
            opened = bool(matches) and (matches[0].start <= body  # "văn hóa thông tin: …" ("van" is a filler's)
                                        or _TOPIC.fullmatch(text.key, body, matches[0].start) is not None) \
                and bool(focus) and not related(matches[0].section, get(outline, focus))
            # "Chủ đề năm nay là "…", viết mục chủ đề": the facts are kept, that section written with them
            asked = next(([m for m in matches if m.end > at] for at in requests_after_facts(words, text)  # "soạn mục
                          if any(m.end > at for m in matches)), [])  # nội dung …": the request starts past a filler
            return Intent("figures", self._chosen(text, asked, outline).section.id if asked
                          else matches[0].section.id if opened else focus)
        if cue and not matches and not any(words.navigation[d].search_loose(text) for d in ("next", "previous")):
            return Intent("figures", focus)  # "chị ghi số liệu trước nhé: …", "keep these facts: …"
        if (words.later.search(text) and not matches) or (words.thanks.search(text) and not matches and not verb
                                         and words.refine.search(text) is None
                                         and not any(words.navigation[d].search_loose(text)
                                                     for d in ("next", "previous", "show", "move"))):
            return Intent("ask", question=words.questions["nothing_asked"])
        rest = rest_words(text, words.fillers)
        change = words.cues_in(words.refine, text)  # "trong đoạn này bỏ câu …, trùng với mục trước": no move
        moves = [f for d in ("next", "previous") if (f := words.navigation[d].search_loose(text)) is not None]
        if this_draft and focus and (not verb or not matches) and change \
                and all(change[0].start() < f.start() for f in moves):  # "đoạn này viết cụ thể hơn" too
            return Intent("refine", focus, original)
        redo = words.redo.search(text, 0, body + 1)  # the opening words, before what the request is about
        redone = words.section_nouns.match(text, redo.end() + 1) if redo is not None else None
        if focus and redone is not None and words.deictic.match(text, redone.end() + 1) and not moves:
            return Intent("refine", focus, original)  # "viết lại đoạn này theo hướng …": the draft on screen
        for m in matches:  # "nhóm thông điệp tiếp theo" on the first group: the next part of that whole
            if focus.startswith(m.section.id + ".") and words.navigation["next_alone"].match(text, m.end + 1):
                following = step_from(outline, focus, drafted, 1)
                if following is not None and following.id.startswith(m.section.id + "."):
                    return Intent("draft", following.id)
        stepped = read_step(words, self.wishes, Stepping(original, text, matches, outline, focus, drafted, body, said,
                                                         rest))
        if stepped is not None:
            return stepped
        if this_draft and focus and not verb:  # "đoạn này …", "chỗ này ghi thêm …": the draft on screen
            return Intent("refine", focus, original)
        # "… đọc lại thấy chưa ưng, soạn lại phần đó": a redraft asked, not a show ("đừng viết lại": none)
        redone_asked = any(not _NOT_REDONE.search(plain(text.key), 0, r.start()) for r in words.redo.of(text).finditer(
            text.key))
        shown_at = words.navigation["show"].search_loose(text)  # "… 2 em quay lại lớp" (back to school): no show
        show = shown_at is not None and not words.inside_lookalike(text, shown_at) and not redone_asked
        # "viết phần lồng ghép …": a section noun after the verb names a section, whatever word follows
        named_next = verb and noun is not None and noun.end() <= body
        refine_first = bool(focus) and any(c.start() == body for c in words.cues_in(words.refine, text, body)) \
            and not named_next  # not "đưa chị xem …" (a show)
        loose = numbers.loose_numbers(plain(text.key), outline) if not focus and not matches else []
        if len(loose) > 1:
            return Intent("ask", question=words.questions["which_number"], choices=choices_of(loose))
        if len(loose) == 1:  # "viết mục 6" in an outline with one section 6
            return Intent("show" if show and loose[0].id in drafted else "draft", loose[0].id)
        if matches and not refine_first:
            # "khẩu hiệu hơi dài, viết gọn lại" on one group of them: the name of the part on screen, then a change
            chosen = self._chosen(text, matches, outline)  # "the slogans aimed at men, include …": another part
            if focus.startswith(matches[0].section.id + ".") and not said and chosen.section is matches[0].section \
                    and words.cues_in(words.refine, text, matches[0].end):
                return Intent("refine", focus, original)
            inner = parts_inside(words, text, chosen, body)  # "mục cơ quan trong phần IV": which of its parts?
            if len(inner) > 1:
                return Intent("ask", question=words.questions["which"], choices=choices_of(inner))
            chosen = replace(chosen, section=inner[0]) if inner else chosen
            one = numbers.one_part(plain(text.key), chosen, drafted) if not words.whole.search(text) else None
            if one is not None and len(one) == 1:  # "nhóm khẩu hiệu còn lại" with one left to write
                return Intent("draft", one[0].id)
            if one is not None:  # "một nhóm thông điệp", "viết nhóm thông điệp kia": which?
                return Intent("ask", question=words.questions["which_first"], choices=choices_of(one))
            part = numbers.nth_part(plain(text.key), chosen)  # "nhóm khẩu hiệu thứ hai": its second part
            if part is not None and part.section is chosen.section:  # "thứ tư" of three: which?
                parts = list(chosen.section.children)
                return Intent("ask", question=words.questions["which_part"].format(parts=len(parts)),
                              choices=choices_of(parts))
            chosen = part or chosen
            parts = [c for c in chosen.section.children if c.id in drafted]  # "shorten the tasks part": which?
            if len(parts) > 1 and chosen.section.id not in drafted and words.cues_in(words.refine, text, body):
                return Intent("ask", question=words.questions["which"], choices=choices_of(parts))
            wish = self.wishes.after_name(original, text, chosen, outline)
            twins = table_twins(text.key[chosen.start:chosen.end], chosen.section, outline) \
                if (verb or show) and not wish and not chosen.by_number and not words.table.search(text) else []
            twins = [t for t in twins if t.id in drafted] if show else twins  # only a draft can be shown
            if len(twins) > 1:  # "viết phần kiểm tra, giám sát" in a report: the text or its table?
                return Intent("ask", question=words.questions["which_shown" if show else "which"],
                              choices=choices_of(twins, [t.id for t in twins] if show else []))
            rival = rival_topic(words, text, chosen, outline) if verb and not show and not chosen.by_number \
                and not words.table.search(text) and chosen.section.id != focus else None
            if rival is not None:  # "viết phần tuyên truyền trên đài truyền thanh": the activities or the media?
                return Intent("ask", question=words.questions["which"], choices=choices_of([chosen.section, rival]))
            after_cue = plain(text.key[shown_at.end():]).split()[:1] if shown_at else []
            # the whole she named, drafted, not a part of it picked by meaning; "quay lại mục II.2" unwritten: a draft
            seen = next((m for m in (chosen, *matches) if m.section.id in drafted and related(m.section, chosen.section)
                         ), chosen)
            written = not drafted or seen.section.id == focus or any(s.id in drafted for s in seen.section.walk())
            if show and written and not (after_cue and after_cue[0] in words.request_words - words.table_words):
                return Intent("show", seen.section.id)  # it is written; "quay lại viết …" asks for a draft
            explicit = verb or chosen.by_number or words.navigation["move"].search(text) is not None
            pointed = words.deictic.match(text, chosen.end + 1) is not None  # "mục kinh phí này viết gọn lại"
            group = words.ordinal_nouns.match(text, chosen.end + 1)  # "khẩu hiệu nhóm này …" on one group of them
            if group is not None and words.deictic.match(text, group.end() + 1) \
                    and (on_screen := get(outline, focus)) is not None and focus.startswith(chosen.section.id):
                chosen, pointed = replace(chosen, section=on_screen), True
            # "mục yêu cầu em viết gọn lại", "phần phương hướng em thêm một nhiệm vụ …": a change of the draft on screen
            changed = bool(words.cues_in(words.refine, text, chosen.end)) and not redone_asked
            # "viết lại phần kinh phí, tách rõ theo từng nguồn" on that draft: a change of it ("… từ đầu": anew)
            changed = changed or (bool(wish) and focus in drafted and words.redo.search(text) is not None)
            if chosen.section.id == focus and (pointed or this_draft or changed or not explicit):
                if words.outside.search_loose(text) and not words.cues_in(words.refine, text):
                    return Intent("ask", question=words.questions["outside"])  # "chủ đề năm nay là gì?"
                return Intent("refine", focus, wish or original)
            return Intent("draft", chosen.section.id, wish)
        if focus and (refine_first or (not verb and words.cues_in(words.refine, text))):
            return Intent("refine", focus, original)
        shared = shared_name(self.vocabulary, text, outline, body) if verb and not matches else []
        if verb and not matches and len(shared) < 2 and not words.table.search(text):
            shared = shared_topic(self.vocabulary, text, outline, body)  # "phần lồng ghép giới": two sections' contents
        table_sections = [s for s in outline.all_sections() if s.table]
        if not matches and words.table.search(text) and len(table_sections) > 1 and not rest - words.request_words:
            return Intent("ask", question=words.questions["which"], choices=choices_of(table_sections))  # "the table"
        tabled = [s for s in shared if s.table] if words.table.search(text) else []
        if len(tabled) == 1:  # "lập bảng hoạt động": of the sections those words name, the one table
            return Intent("draft", tabled[0].id)
        if len(shared) > 1:  # "viết phần các hoạt động": words of two sections' names, neither named whole
            return Intent("ask", question=words.questions["which"], choices=choices_of(shared))
        elsewhere = self.kinds.elsewhere(text, outline, body) if verb or not focus else None
        if elsewhere is not None:
            return elsewhere
        scored = self.scorer.scores(original[max(body, cut):] or original, outline)
        meant = general(scored, self.margin)
        # "quay lại phần triển khai chương trình", sure, none of it written: it is written now ("cái phần … ấy": one
        # she knows); otherwise only a section that has a draft can be shown again
        unwritten, sure = show and bool(drafted) and not any(s.id in drafted for s in meant.walk()), self.sure
        if unwritten and noun and not words.deictic.search(text) and clear_best(scored, meant, sure, self.ratio):
            return Intent("draft", meant.id)
        if show and drafted:  # what she names best has no draft: not another one shown, but which? ("… lúc nãy": hers)
            with_drafts = [pair for pair in scored if pair[1].id in drafted]
            if unwritten and with_drafts and not (words.done_before.search(text) and not words.done.search(text)):
                return Intent("ask", question=words.questions["which_shown"], choices=choices_of(
                    [meant, *(s for _, s in with_drafts[:2])], [s.id for _, s in with_drafts[:2]]))
            scored = with_drafts or scored
            meant = general(scored, self.margin)
        clear = clear_best(scored, meant, self.floor, self.ratio)
        elsewhere_sure = scored[0][0] >= self.sure and not related(meant, get(outline, focus))
        if clear and (verb or show or not focus or elsewhere_sure):
            wish = "" if show else self.wishes.unnamed(original, text, body, named_next, (meant, outline))
            if meant.id == focus and focus in drafted and words.cues_in(words.refine, MessageText.of(wish)):
                return Intent("refine", focus, original)  # "mục giao cho Mặt trận … thêm Hội Cựu chiến binh vào"
            return Intent("show" if show else "draft", meant.id, wish)
        if focus and not verb and not show:
            return Intent("refine", focus, original)
        return Intent("ask", question=words.questions["which_or_type"], choices=choices_of([s for _, s in scored[:3]]))

    def _chosen(self, text: MessageText, matches: list[SectionMatch], outline: Outline) -> SectionMatch:
        return chosen_section(self.vocabulary, self.scorer, (self.floor, self.ratio), text, matches, outline)
