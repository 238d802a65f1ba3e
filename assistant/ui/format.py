"""How the chat UI shows the core's objects: pure functions from records, drafts and passages to
Markdown, HTML and table rows (and back, for the figures table). No Gradio, no I/O.

Everything taken from a document (precedent text, the model's and the officer's words) is escaped
here: HTML in the sources panel, images, links and tags in the chat. Corpus text is data and is
never rendered as markup.
"""

from __future__ import annotations

import html
import re
from typing import Any

from assistant.app.conversation import RESTARTED
from assistant.core.facts import FigureRow
from assistant.core.outlines import Outline
from assistant.core.schema import CONFIRM, PLACEHOLDER, Citation, Draft, DraftWarning, SearchResult, unfinished
from assistant.documents.records import DocumentRecord
from assistant.documents.states import STATE_MARKS, STATE_WORDS, leaf_states, section_states
from assistant.vn.normalize import fold

FIGURE_HEADERS = ["Hoạt động / nội dung", "Số cuộc / số lượng", "Nam", "Nữ", "Cấp triển khai", "Nhóm"]
CATEGORY_LABELS = {"activities": "hoạt động", "media": "truyền thông", "products": "sản phẩm"}
_CITE = re.compile(r"\[(\d+)\]")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_LABELS = {"unsupported-figure": "số liệu", "stale-name": "tên riêng", "defunct-body": "cơ quan",
           "placeholder": "cần điền", "fallback": "mô hình", "instruction": "yêu cầu", "empty": "trống",
           "total": "tổng", "unfinished": "chưa xong", "pattern": "câu mẫu", "planned": "theo kế hoạch"}


def outline_choices(record: DocumentRecord | None, outline: Outline) -> list[tuple[str, str]]:
    """(label, section id) for the navigator: "✔ I.1 Công tác chỉ đạo, điều hành (đã duyệt)"."""
    states = section_states(record, outline)
    return [(f"{STATE_MARKS[states[s.id]]} {'  ' * s.depth}{s.heading()} ({STATE_WORDS[states[s.id]]})", s.id)
            for s in outline.all_sections()]


def progress_line(record: DocumentRecord | None, outline: Outline) -> str:
    leaves = leaf_states(record, outline)
    drafted = leaves.count("draft") + leaves.count("covered")
    return f"{outline.name}: {leaves.count('accepted')}/{len(leaves)} mục đã duyệt, {drafted} bản nháp"


def safe_markdown(text: str) -> str:
    """Corpus or model text shown in the chat: no images or links of its own (they could load
    addresses from outside); the [n] citations become links to the sources panel."""
    text = text.replace("![", "!\\[").replace("](", "]\\(").replace("<", "&lt;")
    return link_citations(text)


def link_citations(text: str) -> str:
    """"[2]" → a link to the second source in the sources panel."""
    return _CITE.sub(lambda m: f"[[{m.group(1)}]](#src-{m.group(1)})", text)


def draft_message(caption: str, text: str) -> str:
    return f"{caption}\n\n{safe_markdown(text)}" if text else caption


def warnings_markdown(draft: Draft | None) -> str:
    if draft is None:
        return ""
    lines = [f"- ⚠ *{_LABELS.get(w.code, w.code)}*: {html.escape(w.message)}" for w in draft.warnings]
    left = unfinished(draft.text)
    if left["placeholder"]:
        lines.append(f"- ⚠ *cần điền*: còn {left['placeholder']} chỗ “{PLACEHOLDER}” cần điền số liệu "
                     "(placeholders to fill)")
    if left["confirm"]:
        lines.append(f"- ⚠ *cần xác nhận*: {left['confirm']} câu “{CONFIRM}” lấy từ văn bản của đơn vị khác: giữ "
                     "(xóa dấu) nếu đơn vị mình cũng làm, nếu không thì xóa câu (lines to confirm)")
    if left["flag"]:
        lines.append(f"- ⚠ *tên riêng*: còn {left['flag']} chỗ “[kiểm tra: …]” cần sửa (names to check)")
    return "**Cảnh báo / warnings**\n" + "\n".join(lines) if lines else "✔ Không có cảnh báo / no warnings"


def _terms(query: str) -> set[tuple[str, ...]]:
    """The query's syllable pairs (and its longer single words): "phát động" marks "phát động",
    never every "động" of a passage."""
    from assistant.vn.domain import load_domain

    stop = set(load_domain().stopwords)
    words = [fold(m.group(0)) for m in _WORD.finditer(query)]
    pairs = {(a, b) for a, b in zip(words, words[1:], strict=False) if not (a in stop and b in stop)}
    return pairs | {(w,) for w in words if len(w) >= 6 and w not in stop}


def highlight(text: str, terms: set[tuple[str, ...]]) -> str:
    """HTML-escaped ``text`` with the runs of words that match the query's pairs marked."""
    matches = list(_WORD.finditer(text))
    words = [fold(m.group(0)) for m in matches]
    marked = [False] * len(words)
    for i, word in enumerate(words):
        if (word,) in terms:
            marked[i] = True
        if i + 1 < len(words) and (word, words[i + 1]) in terms \
                and not text[matches[i].end():matches[i + 1].start()].strip():
            marked[i] = marked[i + 1] = True
    out, last = [], 0
    for match, mark in zip(matches, marked, strict=True):
        if mark:
            out += [html.escape(text[last:match.start()]), f"<mark>{html.escape(match.group(0))}</mark>"]
            last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _card(anchor: str, label: str, where: str, text: str, terms: set[tuple[str, ...]]) -> str:
    return (f'<div class="src" id="{anchor}"><div class="src-head"><b>{html.escape(label)}</b> '
            f'{html.escape(where)}</div><div class="src-text">{highlight(text, terms)}</div></div>')


def sources_html(citations: list[Citation], found: list[SearchResult], query: str) -> str:
    """The draft's citations first (anchors #src-n), then the other retrieved passages."""
    terms = _terms(query)
    cards = [_card(f"src-{c.number}", f"[{c.number}]", f"{c.source} § {c.section} {c.title}", c.text, terms)
             for c in citations]
    cited = {(c.source, c.section) for c in citations}
    others = [r for r in found if (r.source, r.section) not in cited]
    cards += [_card(f"hit-{i}", "·", f"{r.source} § {r.section} {r.title}", r.text[:700], terms)
              for i, r in enumerate(others, start=1)]
    if not cards:
        return '<div class="src-empty">Chưa có văn bản mẫu nào được truy xuất / no precedents yet.</div>'
    return '<div class="sources">' + "".join(cards) + "</div>"


def draft_sources(draft: Draft | None, found: list[SearchResult]) -> str:
    """The sources panel of a draft: its citations, then the other passages retrieved for it."""
    return sources_html(draft.citations if draft else [], found, draft.title if draft else "")


def search_html(results: list[SearchResult], query: str) -> str:
    terms = _terms(query)
    if not results:
        return '<div class="src-empty">Không tìm thấy / nothing found.</div>'
    return '<div class="sources">' + "".join(
        _card(f"found-{i}", f"{i}.", f"{r.source} § {r.section} {r.title} ({r.score:.2f})", r.text[:900], terms)
        for i, r in enumerate(results, start=1)) + "</div>"


def figure_table(rows: list[FigureRow]) -> list[list[Any]]:
    return [[r.activity, _cell(r.count), _cell(r.male), _cell(r.female), r.level,
             CATEGORY_LABELS.get(r.category, r.category)] for r in rows]


def _cell(value: int | None) -> Any:
    return "" if value is None else value


def table_rows(table: Any) -> list[dict[str, Any]]:
    """The edited table as facts rows (empty lines dropped); bad cells are left to the facts checks."""
    values = table.values.tolist() if hasattr(table, "values") else (table or [])
    codes = {label: code for code, label in CATEGORY_LABELS.items()} | {c: c for c in CATEGORY_LABELS}
    rows = []
    for raw in values:
        cells = [("" if c is None or (isinstance(c, float) and c != c) else c) for c in list(raw) + [""] * 6][:6]
        if not any(str(c).strip() for c in cells):
            continue
        activity, count, male, female, level, category = cells
        rows.append({"activity": str(activity).strip(), "count": _number(count), "male": _number(male),
                     "female": _number(female), "level": str(level).strip(),
                     "category": codes.get(str(category).strip().lower(), str(category).strip() or "activities")})
    return rows


def _number(cell: Any) -> Any:
    if isinstance(cell, float) and cell == int(cell):
        return int(cell)
    return cell if not isinstance(cell, str) else cell.strip()


def user_message(text: str) -> dict[str, str]:
    return {"role": "user", "content": text.replace("<", "&lt;")}


WAITING = "⏳ Đang chờ lượt — yêu cầu trước đang được soạn / queued behind the request before it"
WRITING = "⏳ Đang soạn… / writing"


def chat_history(record: DocumentRecord | None, live: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """The conversation as the chat shows it. A request still waiting or running (``live``: ticket →
    the text so far) shows as such; one whose program stopped before answering says to send it
    again; the choices of the last question are buttons."""
    live = live or {}
    messages: list[dict[str, Any]] = []
    chat = record.chat if record else []
    for index, message in enumerate(chat):
        if message["role"] != "assistant":
            messages.append(user_message(message["content"]))
            continue
        ticket = message.get("ticket")
        if ticket:
            text = live.get(ticket, "")
            content = (RESTARTED if ticket not in live else WAITING if text is None else
                       safe_markdown(text) if text else WRITING)
            messages.append({"role": "assistant", "content": content})
            continue
        last = index == len(chat) - 1
        messages.append(question(message["content"], message.get("choices") if last else ()))
    return messages


def question(text: str, choices: Any = ()) -> dict[str, Any]:
    """An answer of the assistant; the choices offered with it ([label, message] pairs) as buttons."""
    shown: dict[str, Any] = {"role": "assistant", "content": safe_markdown(text)}
    if choices:
        shown["options"] = [{"label": label, "value": value} for label, value in choices]
    return shown


def findings_markdown(findings: list[Any], warnings: list[DraftWarning]) -> str:
    lines = [f"- {'✘ lỗi' if f.severity == 'error' else '⚠'} {html.escape(f.where)}: {html.escape(f.what)} — "
             f"{html.escape(f.fix)}" for f in findings]
    lines += [f"- ⚠ {html.escape(w.message)}" for w in warnings]
    return ("**Kiểm tra thể thức (Nghị định 30/2020)**\n" + "\n".join(lines)) if lines \
        else "✔ Thể thức đạt yêu cầu / the format check found nothing"


def outline_markdown(outline: Outline) -> str:
    """An outline read from a document, as the officer checks it: ids, titles, flags, tables."""
    lines = [f"**{safe_markdown(outline.name)}** — {outline.kind}, mã `{outline.id}`", ""]
    for section in outline.all_sections():
        flags = " ".join(mark for mark, on in (("số liệu", section.figures), ("kinh phí", section.money)) if on)
        table = f" — bảng: {safe_markdown(' | '.join(section.table.columns))}" if section.table else ""
        lines.append(f"{'  ' * section.depth}- **{section.id}** {safe_markdown(section.title)}"
                     + (f" _({flags})_" if flags else "") + table)
    return "\n".join(lines)
