"""The chat of a document: every message the officer sends is written down at once and answered in order.

``submit`` puts the message into the record's conversation with a placeholder answer, then queues
its answer (``turns.py``): a message sent while the model still writes the last draft waits its
turn, shown as waiting, and is never lost, even if the browser is closed. The answer follows what
the reader (``intent.py``) made of the message: draft a section, refine the draft on screen, show a
section again, add figures to the table, open another kind of document, or ask back with the
candidate sections as choices. A refinement that changes nothing says so and offers what the rules
can do. The drafting itself is the workspace's (``Workspace.draft_section``).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from assistant.app.chatwords import MessageText, Vocabulary, figure_clause
from assistant.app.facts_words import facts_kept, states_theme, tells_who_does, wish_states_facts
from assistant.app.intent import Intent, counted_rows, figure_rows, plan_reference, quoted
from assistant.app.progress import progress_answer
from assistant.app.shelf import HEADER_KEYS
from assistant.app.turns import Ticket
from assistant.core.facts import Facts, FigureRow, facts_from_dict
from assistant.core.schema import Draft, SearchResult
from assistant.documents.records import DocumentRecord
from assistant.draft.precedents import PrecedentFinder
from assistant.errors import AssistantError, RecordError
from assistant.vn.normalize import fold

if TYPE_CHECKING:
    from assistant.app.workspace import Workspace

log = logging.getLogger(__name__)
UNCHANGED = ("Bản nháp không thay đổi: yêu cầu «{wish}» không có gì để làm với bản hiện tại. Tôi có thể: "
             "«ngắn gọn hơn» (bỏ câu chung chung), «chi tiết hơn» (thêm câu mẫu), «bỏ đoạn 2», «thêm nội dung về …» "
             "(lấy ý từ văn bản mẫu), "
             "«số liệu mới: …»; hoặc bạn sửa tay trong ô bản nháp rồi bấm «Lưu bản sửa tay».")
# New facts kept (rows, notes) that leave the draft on screen as it was: what was done, not "nothing to do".
FACTS_KEPT = ("Đã ghi vào thông tin văn bản / kept in the document's facts: «{facts}». Các bảng số liệu và các mục "
              "soạn sau sẽ dùng; bản nháp mục này không đổi / this draft stays as it is.")
# Offered with a draft that holds lines marked "[nếu có]" (another unit's wording, to confirm).
SETTLE_MARKED = (("Giữ các câu [nếu có] (đơn vị mình cũng làm)", "giữ các câu nếu có"),
                 ("Bỏ các câu [nếu có]", "bỏ các câu nếu có"))
RESTARTED = ("⚠ Yêu cầu này chưa được trả lời (chương trình đã khởi động lại) — hãy gửi lại / "
             "not answered (the program restarted); please send it again.")


@dataclass
class Reply:
    """One update of a chat request: what to show while it runs, and at its end."""
    message: str  # the assistant's words (the question asked back, or a caption for the draft)
    section_id: str = ""
    draft: Draft | None = None
    stage: str = "final"  # "extractive", "token", "final"
    sources: list[SearchResult] = field(default_factory=list)
    version: int = 0
    text: str = ""  # the draft text to show now (the model's text so far while it writes)
    choices: tuple[tuple[str, str], ...] = ()  # (label, message) offered when the reader asks back
    doc_id: str = ""  # another document opened by the request ("soạn báo cáo tháng hành động")


def submit(ws: Workspace, doc_id: str, message: str, focus: str | None = None) -> Ticket:
    """Write the message into the document's conversation and queue its answer. The section on the
    officer's screen (``focus``) counts only when nothing is waiting: a queued message follows the
    section the requests before it will have opened ("mục tiếp theo" after "soạn mục I.2")."""
    message = message.strip()
    if not message:
        raise RecordError("tin nhắn trống / the message is empty")
    busy = ws.turns.waiting(doc_id) > 0
    return enqueue(ws, doc_id, message, lambda t: answer(ws, t, message, None if busy else focus))


def enqueue(ws: Workspace, doc_id: str, message: str, work: Callable[[Ticket], Iterator[Reply]]) -> Ticket:
    """The request's message and a placeholder for its answer join the conversation, then ``work``
    is queued: written down first, so a reload shows it even while it waits."""
    with ws.lock(doc_id):
        record = ws.load(doc_id)
        ticket_id = uuid.uuid4().hex[:12]
        record.chat += [{"role": "user", "content": message}, {"role": "assistant", "content": "", "ticket": ticket_id}]
        ws.save(doc_id, record)
        return ws.turns.submit(doc_id, work, ticket_id)


def start_document(ws: Workspace, kind: str, header: dict[str, Any], message: str) -> tuple[str, Intent | None]:
    """A message sent with no document open opens one: the kind the message asks for, else the kind
    chosen on the page; with the header typed on the page, else that of the last document worked on.
    Returns the document's id, or a question when the message could mean either campaign's document."""
    kinds, year = ws.reader().kinds_asked(message, "")
    if len(kinds) > 1:
        requests = ws.reader().vocabulary.kind_requests
        return "", Intent("ask", question="Bạn muốn mở văn bản nào?",
                          choices=tuple((f"Mở {ws.outline(k).name}", requests[k]) for k in kinds if k in requests))
    kind = kinds[0] if kinds else kind
    if not kind:
        raise RecordError("chọn loại văn bản ở ô «Loại văn bản» / choose the kind of document")
    if header.get("issuer") or header.get("place"):  # typed on the page: all of it is this document's
        key, _, _ = open_kind(ws, kind, header, year, carried=HEADER_KEYS)
        return key, None
    listed = ws.list_documents()
    if not listed:
        raise RecordError("hãy điền «Cơ quan ban hành», «Địa phương» và «Năm» rồi gửi lại / fill in the "
                          "issuer, place and year first")
    key, _, _ = open_kind(ws, kind, ws.load(listed[0]["id"]).facts.to_dict(), year)
    return key, None


Choices = tuple[tuple[str, str], ...]  # (label, the message a click sends)


def record_answer(record: DocumentRecord, ticket_id: str, text: str, choices: Choices = ()) -> None:
    """The answer takes the place of its request's placeholder (or joins the end if it is gone)."""
    entry: dict[str, Any] = {"role": "assistant", "content": text}
    if choices:
        entry["choices"] = list(choices)
    for index, message in enumerate(record.chat):
        if message.get("ticket") == ticket_id:
            record.chat[index] = entry
            return
    record.chat.append(entry)


def answer_failed(ws: Workspace, ticket: Ticket, exc: BaseException) -> None:
    """A request that failed leaves its reason in the conversation, not an endless "waiting"."""
    reason = str(exc) if isinstance(exc, AssistantError) else "lỗi nội bộ, xem nhật ký / internal error, see the log"
    _say(ws, ticket, f"⚠ Không trả lời được / failed: {reason}")


def answer(ws: Workspace, ticket: Ticket, message: str, focus: str | None) -> Iterator[Reply]:
    """The answer to one message, streamed (runs in the document's turn)."""
    doc_id = ticket.doc_id
    record = ws.load(doc_id)
    outline = ws.outline(record.kind)
    if focus is not None:
        record.focus = focus if focus in {s.id for s in outline.all_sections()} else ""
    reader = ws.reader()
    intent = reader.read(message, outline, record.focus, drafted=tuple(record.sections))
    rows, rest = figure_rows(message, stated=intent.action == "figures")
    theme = quoted(message) if intent.action == "figures" and states_theme(reader.vocabulary, message) else ""
    note = "" if theme else rest  # a theme stated is the theme, not a note
    if intent.action == "figures" and note:  # "Kinh phí 15 triệu, làm phần đó giùm": the request is no fact
        note = facts_kept(reader.vocabulary, note)
    plan = plan_reference(message) if intent.action == "figures" else ""
    if rows or rest and intent.action not in ("draft", "show") or theme:
        # a sentence of facts also fills the tables ("treo 25 băng rôn" → "Treo băng rôn | 25"), its note kept
        counted = counted_rows(note) if note and intent.action not in ("draft", "show") else []
        named = intent.section_id if intent.action == "figures" and intent.section_id != record.focus else None
        record = _keep_facts(ws, doc_id, rows + counted, [note] if note else [], theme, plan, section_id=named)
        if named:  # the facts of another section than the one on screen: that section is written with them
            record.focus = named
        kept = [*(r.activity for r in rows), *(part for part in (note, theme) if part)]
        if intent.action not in ("draft", "show") and not record.focus:
            yield _say(ws, ticket, f"Đã ghi vào thông tin văn bản / kept in the document's facts: {'; '.join(kept)}.")
            return
        if intent.action not in ("draft", "show"):  # the section in focus is written again with the new
            # facts: its draft refined with them when the officer has shaped it (accepted, edited by hand,
            # asked for changes), so her work stays; else drafted anew, so the facts replace the patterns
            # ("tổ chức Lễ phát động tại […]") and "[…]" lines a draft without them offered
            refine = not rows and _shaped(record, record.focus)
            intent = replace(intent, action="refine" if refine else "redraft", section_id=record.focus,
                             instruction=f"số liệu mới: {note}" if note and refine else "")
    # what she proposes ("kiến nghị tỉnh hỗ trợ tài liệu …") is her proposal, written as one, not a fact kept
    asked = outline.section(intent.section_id) if intent.action == "draft" else None
    drafting = asked is not None and "kiến nghị" not in PrecedentFinder.family(asked.title)
    carried = request_facts(intent.instruction, reader.vocabulary) if drafting else []
    if carried and all(wish_states_facts(reader.vocabulary, clause) or tells_who_does(reader.vocabulary, clause)
                       for clause in carried):
        # "phần kinh phí: ngân sách xã chi 15 triệu": the figures are the section's facts, kept and drafted
        # from; the rest of the wish ("ngắn gọn") stays the wish
        plan = next((found for clause in carried if (found := plan_reference(clause))), "")
        kept = [without_marks(clause, reader.vocabulary) for clause in carried]  # "nhớ nêu tỷ lệ …": the fact
        # a table asked with its rows ("bảng 1 phần III: phát động 1 cuộc 180 người (nam 70 nữ 110), …"): rows too
        rows = [row for clause in kept for row in (figure_rows(clause, stated=True)[0] or counted_rows(clause))] \
            if asked is not None and asked.table else []
        notes = [k for k in kept if k and k.strip(" .") != plan]  # the plan alone: the header's, drafted as a sentence
        _keep_facts(ws, doc_id, rows, notes, "", plan, section_id=intent.section_id)
        wish = intent.instruction
        for clause in carried:
            wish = wish.replace(clause, " ")
        intent = replace(intent, instruction=" ".join(wish.split()).strip(" ,;:."))
    if intent.action == "open":
        yield from _open(ws, ticket, record, intent, message)
    elif intent.action == "ask":
        yield _say(ws, ticket, intent.question, intent.choices)
    elif intent.action == "show" and not intent.section_id:
        yield _say(ws, ticket, *progress_answer(record, outline))
    elif intent.action == "show" and record.latest_draft(intent.section_id) is not None:
        with ws.lock(doc_id):
            record = ws.load(doc_id)
            record.focus = intent.section_id
            draft = record.latest_draft(intent.section_id, outline.section(intent.section_id).title)
            assert draft is not None
            text = f"**{outline.section(intent.section_id).heading()}** — bản hiện có / as drafted\n\n{draft.text}"
            record_answer(record, ticket.id, text)
            ws.save(doc_id, record)
        yield Reply(text, intent.section_id, draft, "final", draft.sources, text=draft.text)
    else:
        yield from ws.draft_section(ticket, intent.section_id, intent.instruction, message,
                                    refine=intent.action == "refine", new_facts=intent.action == "redraft")


def _shaped(record: DocumentRecord, section_id: str) -> bool:
    """Has the officer shaped this section's draft (accepted it, edited it by hand, asked for changes)?"""
    section = record.sections.get(section_id)
    if section is None or not section.versions:
        return False
    return section.accepted is not None or any(v.backend == "officer" or v.instruction for v in section.versions)


def _say(ws: Workspace, ticket: Ticket, text: str, choices: Choices = ()) -> Reply:
    with ws.lock(ticket.doc_id):
        record = ws.load(ticket.doc_id)
        record_answer(record, ticket.id, text, choices)
        ws.save(ticket.doc_id, record)
    return Reply(text, choices=choices)


def _open(ws: Workspace, ticket: Ticket, record: DocumentRecord, intent: Intent, message: str) -> Iterator[Reply]:
    """Another kind of document asked for: the unit's document of that kind and year if there is
    one, otherwise a new one with this document's header."""
    key, opened, created = open_kind(ws, intent.kind, record.facts.to_dict(), intent.year)
    name = ws.outline(intent.kind).name  # "… của phụ nữ năm" + 2026, "… Tháng hành động …" + năm 2026
    year = opened.facts.year
    name = (f"{name} {year}" if name.endswith(" năm") else f"{name} năm {year}") if year else name
    unit = opened.facts.unit or opened.facts.issuer
    if key == ticket.doc_id:
        text = f"Văn bản đang mở là {name} — {unit}. Hãy gõ yêu cầu, ví dụ «soạn mục tiếp theo»."
    else:
        what = "Đã tạo văn bản mới" if created else "Đã mở văn bản"
        text = (f"{what}: {name} — {unit} [{key}]. Thông tin đầu văn bản lấy từ văn bản trước; hãy kiểm tra ô "
                "bên trái, rồi gõ yêu cầu, ví dụ «soạn mục tiếp theo».")
    _say(ws, ticket, text)
    if created:
        with ws.lock(key):
            fresh = ws.load(key)
            fresh.chat += [{"role": "user", "content": message}, {"role": "assistant", "content": text}]
            ws.save(key, fresh)
    yield Reply(text, doc_id=key)


CARRIED = ("issuer", "place", "level", "year", "signer", "theme")  # what another kind's document shares


def open_kind(ws: Workspace, kind: str, source: dict[str, Any], year: int | None = None,
              carried: tuple[str, ...] = CARRIED) -> tuple[str, DocumentRecord, bool]:
    """The unit's document of ``kind`` for the year (the source header's, unless the request named one):
    the last changed one if it exists, otherwise a new one with the source's header (the unit, its
    level and signer, the year's theme; not its plan number or notes, which are the other
    document's). Returns (id, record, created)."""
    header = {k: v for k, v in source.items() if k in carried and v}
    if year:
        header["year"] = year
    unit = fold(str(header.get("place") or header.get("issuer") or ""))
    for listed in ws.list_documents():  # the last changed first (every readable record, read once)
        if listed["kind_id"] == kind and str(listed["year"]) == str(header.get("year")) and \
                fold(listed["place"] or listed["issuer"]) == unit:
            return listed["id"], ws.load(listed["id"]), False
    key, record = ws.create(kind, header)
    return key, record, True


def request_facts(wish: str, words: Vocabulary) -> list[str]:
    """The facts a request's wish (what it asks beyond naming its section) carries: from the last comma
    or colon before its first figure ("ngắn gọn, ngân sách 10 triệu"), one fact per clause when every
    clause holds a figure ("ngân sách phường 10 triệu, vận động 5 triệu": each finds its own part; "…,
    trong đó 50 nữ" stays with its clause), as typed (``without_marks`` drops "nhớ nêu …"); with no
    figure, the whole wish when it says what did not happen ("năm nay không xảy ra vụ nào"); and, either way,
    each clause that tells who does what ("công chức văn hóa - xã hội chủ trì tham mưu")."""
    if not re.search(r"\d", wish):
        if wish.strip() and words.nothing_happened.search(MessageText.of(wish)):
            return [wish.strip(" .")]
        return [c for c in _clauses(wish) if tells_who_does(words, c)]  # "công chức văn hóa - xã hội chủ trì …"
    cut = figure_clause(wish, 0, (",", ":", ";"))
    facts = wish[cut + 1:].strip(" .")
    told = [c for c in _clauses(wish[:max(cut, 0)]) if tells_who_does(words, c)]
    clauses = _clauses(facts)
    return told + (clauses if all(re.search(r"\d", c) for c in clauses) else [facts])


def _clauses(words: str) -> list[str]:
    return [c.strip(" .") for c in _CLAUSE.split(words) if c.strip(" .")]


def without_marks(clause: str, words: Vocabulary) -> str:
    """A fact without the words that asked for it: "nhớ nêu tỷ lệ nữ đại biểu 32%" → "tỷ lệ nữ đại biểu 32%"."""
    while (mark := words.wish_marks.match(MessageText.of(clause))) is not None:
        clause = clause[mark.end():].strip(" .:")
    return clause


_CLAUSE = re.compile(r"[,;](?!\s*(?:trong đó|trong do|gồm|gom|với|voi)\b)")


def _keep_facts(ws: Workspace, doc_id: str, rows: list[FigureRow], notes: list[str], theme: str,
                plan: str = "", section_id: str | None = None) -> DocumentRecord:
    """Facts typed in the chat kept in the record, in one save: rows in the figures table, other clauses
    in the notes (each once), the year's theme, the plan the document implements (when none was given);
    what the officer types is never only a one-off instruction."""
    with ws.lock(doc_id):
        record = ws.load(doc_id)
        facts = merge_rows(record.facts, rows) if rows else record.facts
        pinned = record.focus if section_id is None else section_id
        for note in notes:
            if note and fold(note) not in fold(facts.notes):
                facts = replace(facts, notes=f"{facts.notes.rstrip()}\n{note}".strip())
                if pinned:  # typed on this section, or with the request for it: its facts
                    facts = replace(facts, pinned={**facts.pinned, note: pinned})
        if theme:
            facts = replace(facts, theme=theme)
        if plan and not facts.plan:
            facts = replace(facts, plan=plan)
        record.facts = facts
        ws.save(doc_id, record)
    return record


def merge_rows(facts: Facts, rows: list[FigureRow]) -> Facts:
    """The table with ``rows`` added; a row for an activity already there replaces it."""
    names = {fold(r.activity) for r in rows}
    kept = [r for r in facts.figures if fold(r.activity) not in names]
    return facts_from_dict(replace(facts, figures=kept + rows).to_dict())  # the checks of a typed table
