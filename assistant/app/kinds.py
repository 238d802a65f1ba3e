"""The kind of document a chat message asks for ("soạn báo cáo tháng hành động năm 2025" asks for the
Action Month report of 2025), the officer's own outline of that kind and year when the higher level's
document gave one, and a section asked that is another kind's. Pure; the vocabulary and the outlines
are parameters."""

from __future__ import annotations

import re
from datetime import date

from assistant.app.chatwords import YEAR, MessageText, Phrases, Vocabulary, body_start, done_clause_end, plain
from assistant.app.intent import Intent
from assistant.core.outlines import Outline
from assistant.vn.normalize import normalize_text

_NEW = re.compile(r"(?:thêm|them|mới|moi|một|mot|1|another|a new|new)(?= )")  # before the kind: "làm thêm kế hoạch"
# "kế hoạch số 45/KH-UBND", "kế hoạch của UBND tỉnh là số 215/KH-UBND", "KH cấp trên: số 112/KH-UBND": a
# document cited by its number
_CITED = re.compile(r"\s*(?:(?:của|cua)\s+[^,;.]{1,40}?\s+|[^,;.:\d]{1,24}:\s*)?(?:(?:là|la)\s+)?"
                    r"(?:số|so)\s*\d{1,4}\s*/")

# "báo cáo năm có phải ghi tỷ lệ nữ …": a question about what the document holds, not a request to open one
_ASKS_OF_IT = re.compile(r"(?:\s+\w+){0,4}?\s+(?:có phải|co phai|có cần|co can|có bắt buộc|co bat buoc|"
                         r"phải ghi|phai ghi|cần ghi|can ghi|có ghi|co ghi)\b")


class KindReader:
    def __init__(self, vocabulary: Vocabulary, outlines: dict[str, Outline]):
        self.vocabulary, self.outlines = vocabulary, outlines

    def asked(self, message: str, open_kind: str = "") -> tuple[list[str], int | None]:
        """The kinds of document the message asks for, and the year: one for "soạn báo cáo tháng hành
        động năm 2025"; both campaigns' for a bare "báo cáo" with nothing open; none when the message
        asks for no document (only a kind word that opens the request counts: "ban hành kế hoạch"
        inside a section's name is no request)."""
        text = MessageText.of(" ".join(normalize_text(message).split()))
        found = self._asked(text, open_kind)
        if not found[0] and text.marked:  # marks typed on some words only: "mo giup chị kế hoach tháng hanh động"
            found = self._asked(MessageText.of(plain(text.key)), open_kind)
        return found

    def _asked(self, text: MessageText, open_kind: str) -> tuple[list[str], int | None]:
        words = self.vocabulary
        openings = words.opening.of(text).finditer(text.key)
        starts = [body_start(words, text), *(body_start(words, text, m.end()) for m in openings)]
        for start in starts:  # "the action month plan", "the annual gender equality report": campaigns first
            for phrases in words.campaigns.values():
                if (lead := phrases.match(text, start)) is not None and len(starts) < 8:
                    starts.append(body_start(words, text, lead.end()))
        # "làm thêm kế hoạch …", after a verb only; "thêm kế hoạch vào đoạn này", "viết thêm kế hoạch
        # của xã vào đây" add to the draft
        change = [c.start() for c in words.cues_in(words.refine, text)]
        starts += [lead.end() + 1 for start in starts if (lead := _NEW.match(text.key, start))
                   and words.draft.search(text, 0, start) and not any(c < start for c in change)]
        # "kế hoạch này" is this one; "báo cáo xong rồi, giờ làm kế hoạch …" and "xong báo cáo tháng hành
        # động rồi, …" are the one behind the officer
        # "Kế hoạch số 45/KH-UBND ngày …" cites a document: a fact, not a request for one
        found = [(k, start) for start in starts for k, p in words.kinds.items()
                 if (hit := p.match(text, start)) and not words.deictic.match(text, hit.end() + 1)
                 and not words.done.match(text, hit.end() + 1) and not _CITED.match(text.key, hit.end())
                 and not words.done.search(text, max(0, hit.start() - 12), hit.start())
                 and not self._set_aside(text, hit.end()) and not _ASKS_OF_IT.match(text.key, hit.end())]
        if not found and words.opening.search(text):
            # "sang năm phải có kế hoạch …, em tạo giúp chị cái mới", "chị phải nộp báo cáo … cả năm, mình bắt
            # đầu nhé": the kind named before the request to open it
            named = sorted(((k, hit.start()) for k, p in words.kinds.items() if (hit := p.search(text))
                            and not _CITED.match(text.key, hit.end()) and not words.deictic.match(text, hit.end() + 1)
                            and (words.new_document.search(text) or words.open_verbs.search(text, hit.end()))),
                           key=lambda pair: pair[1])
            found = named[:1]
        if not found:
            return [], None
        which, body = found[0]
        done = words.done.search(text, 0, body)  # what is behind the officer has no say in the campaign
        body = min(body, *starts)  # the campaign words before the kind count too
        if done is not None and (end := done_clause_end(text, done.end())) is not None:
            body = max(body, end)
        after = re.sub(r"\bn[aă]m\s+20\d\d\b", " ", text.key[body:])  # "năm 2025" is a year, not the annual report
        tail = MessageText(after, text.marked)
        bare = MessageText(plain(after), False)  # "tháng hành đông" voice-typed: its words without marks
        # the first campaign named, not one set aside ("…, cái tháng hành động để sau")
        named_at = {c: min(hits) for c, p in words.campaigns.items()
                    if (hits := [m.start() for source in (tail, bare) for m in p.of(source).finditer(source.key)
                                 if not self._set_aside(tail, m.end())])}
        campaigns = sorted(named_at, key=named_at.__getitem__)[:1]
        if not campaigns:
            campaigns = ["action-month" if "thang-hanh-dong" in open_kind else "annual"] if open_kind else \
                ["action-month", "annual"]
        found_year = YEAR.search(text.key)
        year = int(found_year.group(1)) if found_year else None
        kinds = [words.kind_outlines[f"{which}/{c}"] for c in campaigns if f"{which}/{c}" in words.kind_outlines]
        return [self._mandated(kind, year) for kind in kinds], year

    def _set_aside(self, text: MessageText, position: int) -> bool:
        """Is the document named just before ``position`` one the officer is done with or puts off ("báo cáo
        tháng hành động tạm để đấy đã", "kế hoạch thế là xong", "…, cái tháng hành động để sau")?"""
        clause = re.match(r"[^,;.!?]*", text.key[position:])
        end = position + (clause.end() if clause else 0)
        return any(phrases.search(text, position, end) is not None
                   for phrases in (self.vocabulary.done, self.vocabulary.deferrals))

    def _mandated(self, kind: str, year: int | None) -> str:
        """The officer's own outline of this kind for the year asked (or this year), built from the
        higher level's document, in place of the built-in one."""
        wanted = year or date.today().year
        own = [o for o in self.outlines.values() if not o.builtin and o.based_on == kind and o.year == wanted]
        return own[-1].id if own else kind

    def elsewhere(self, text: MessageText, outline: Outline, body: int) -> Intent | None:
        """A section title of another kind of document ("soạn mục Phát động Tháng hành động" in the
        annual report): say where it is, and offer to open that document."""
        for other in self.outlines.values():
            if other.id == outline.id:
                continue
            for section in other.all_sections():
                if len(section.title.split()) > 1 and Phrases([section.title]).search(text, body):
                    request = self.vocabulary.kind_requests.get(other.id, "")
                    return Intent("ask", question=f"Mục «{section.title}» có trong {other.name}, không có trong "
                                                  f"{outline.name} đang mở. Mở {other.name}?",
                                  choices=((f"Mở {other.name}", request),) if request else ())
        return None
