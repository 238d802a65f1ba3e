"""Follow-up instructions on a draft, read by rules (Vietnamese, and the common English forms).

"ngắn gọn hơn" → shorter; "bỏ đoạn thứ hai" → remove paragraph 2; "thêm nội dung
về trường học" / "nhấn mạnh …" → add precedent wording on a topic; "nhớ nêu …" → the officer's words
as a line; "số liệu
mới: 200 người" → new figures into the facts; "giữ các câu nếu có" / "bỏ các câu nếu có" → the
lines marked "[nếu có]" kept as the unit's own or dropped. The LLM backends also receive the
instruction as written; these rules are what the extractive writer (and the
fallback) can do without a model. Pure text functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.facts import FIGURE_KINDS
from assistant.core.schema import CONFIRM, PLACEHOLDER, unmark
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import NumberMention, find_numbers

_SHORTER = re.compile(r"ngắn gọn|rút gọn|ngắn hơn|ngắn lại|gọn lại|gọn hơn|rút ngắn|rút lại|cô đọng|shorter|concise|"
                      r"shorten", re.IGNORECASE)
_REMOVE = re.compile(r"(?:bỏ|xóa|xoá|loại bỏ|remove|delete|drop)\s+(?:the\s+)?(?:đoạn|ý|dòng|paragraph)\s*"
                     r"(?:thứ\s*)?(\d+|[^\s,.;]+(?:\s+(?:tiên|cùng))?)", re.IGNORECASE)
_REMOVE_AFTER = re.compile(r"(?:đoạn|ý|dòng|paragraph)\s*(?:thứ\s*)?(\d+|[^\s,.;]+(?:\s+(?:tiên|cùng))?)\s+"
                           r"(?:thì\s+)?(?:bỏ|xóa|xoá|loại bỏ|remove|delete|drop)\b", re.IGNORECASE)  # "đoạn 3 bỏ đi"
_REMOVE_EN = re.compile(r"(?:remove|delete|drop)\s+the\s+(\w+)\s+paragraph", re.IGNORECASE)
# "thêm" asks to add only where it opens a clause ("…, thêm ý về trường học", "viết thêm về …"); inside one it is
# her words ("huyện cấp thêm tài liệu")
_ADD = re.compile(r"(?:(?:^|[,;:.]|\b(?:và|nhưng|rồi)\b)\s*"
                  r"(?:(?:mục|phần|đoạn|chỗ|khúc)\s+(?:[^\s,;:.]+\s+){1,5}?(?=thêm\b))?"  # "mục giao việc thêm …"
                  r"(?:(?:em|chị|anh|hãy|nên|cho|giúp|mình|nhớ|nhờ|viết|ghi|nói|kể|cần)\s+)*thêm"
                  r"|bổ sung|nhấn mạnh|làm rõ|nêu thêm|add|emphasi[sz]e|more)\s+(?:nội dung|ý|phần|thông tin|"
                  r"content|something|a paragraph|details)?\s*(?:về|đến|on|about)?\s*(.+)", re.IGNORECASE)
_FIGURES_CUE = re.compile(r"(?:số liệu(?: mới)?|cập nhật số|new figures?|figures?)\s*:?\s*", re.IGNORECASE)
# The lines marked "[nếu có]" (another unit's wording, to confirm): kept as the unit's own, or dropped.
_MARKED = (r"(?<!không )(?<!đừng )(?<!chưa )(?:(?:tất\s+)?cả\s+)?(?:các\s+|những\s+|the\s+)?(?:marked\s+)?"
           r"(?:câu|dòng|ý|lines?|sentences?)\s*")
_KEEP_MARKED = re.compile(rf"(?<!không )(?<!đừng )(?<!chưa )(?:giữ|xác nhận|keep|confirm)\s+{_MARKED}"
                          r"(?:\[?nếu có\]?|đánh dấu|marked)", re.IGNORECASE)
_DROP_MARKED = re.compile(rf"(?:bỏ|xóa|xoá|loại bỏ|remove|delete|drop)\s+{_MARKED}"
                          r"(?:\[?nếu có\]?|đánh dấu|chưa xác nhận|của đơn vị khác|marked|unconfirmed)", re.IGNORECASE)
# What the officer says the section must state, in her words ("nhớ nêu xin thêm kinh phí tập huấn"): a line
# of its own; not a request for precedents' wording ("nhớ thêm nội dung về trường học" is a topic).
_SAID = re.compile(r"\b(?:nhớ|lưu ý|chú ý)\s+(?:(?:nêu|ghi|nhắc|đề cập|nói)\s+)?(?:rõ\s+)?"
                   r"(?:là\s+|rằng\s+|đến\s+|tới\s+)?(.+)", re.IGNORECASE)
# A recommendation she dictates ("đề nghị tỉnh hỗ trợ tài liệu tuyên truyền bằng tranh ảnh"): her line, as said.
_PROPOSING = r"(?:đề nghị|kiến nghị|đề xuất)"
_PROPOSAL = re.compile(rf"({_PROPOSING}\s+\S+(?:\s+\S+){{2,}}.*)", re.IGNORECASE)
# Words of how to write, not of what: a wish with one of them is no point of the officer's own. "làm" and
# "thêm" only where they open a clause ("thêm ý về …", "làm gọn lại"): inside one they are hers ("huyện cấp
# thêm tài liệu", "người dân đi làm ăn xa", "cán bộ làm công tác …"); "câu lạc bộ", "ý thức", "dòng họ" are hers.
_HOW = re.compile(r"\b(?:viết|soạn|ngắn|dài|gọn|hay|trang trọng|mềm|súc tích|chi tiết|cụ thể|nhấn mạnh|văn phong|"
                  r"giọng|lời văn|câu(?! lạc bộ)|đoạn|ý(?! thức| kiến)|dòng(?! họ)|bỏ|xóa|xoá|sửa|giữ|theo|mẫu|như|"
                  r"giống|tone|write|style)\b"
                  r"|(?:^|[,;:.]|\b(?:và|nhưng|rồi)\b)\s*(?:(?:em|chị|anh|hãy|nên|cho|giúp|mình)\s+)*(?:làm|thêm)\b",
                  re.IGNORECASE)
_ABOUT = re.compile(r"(?:(?:nêu|ghi|nhắc|đề cập|nói)\s+)?(?:thêm\s+)?(?:về|nội dung|ý|phần|thông tin)\b", re.IGNORECASE)
# What the officer says not to mention ("đừng nhắc kinh phí", "bỏ các câu nói về phối hợp", "don't mention funds"):
# the lines that speak of it go.
_AVOID = re.compile(r"(?:(?:đừng|không|chớ|khỏi)\s+(?:cần\s+)?(?:nhắc|nêu|nói|đề cập|ghi)(?:\s+(?:đến|tới|về|chuyện))*"
                    r"|(?:bỏ|xóa|xoá|loại bỏ)\s+(?:các\s+|những\s+)?(?:câu|ý|dòng)\s+(?:nói\s+|nhắc\s+)?(?:về|đến|tới)"
                    r"|(?:don't|do not)\s+mention(?:\s+the)?)\s+(?!lại\b)([^,.;!?\n]+)", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s+(?:đi|nhé|nha|nữa|ạ|luôn|giúp|giùm|cho|chị|em|anh|mình|please))+\s*$", re.IGNORECASE)
_INTO = re.compile(r"\s+(?:vào|in|to it)\s*$", re.IGNORECASE)  # "thêm Hội Cựu chiến binh vào": the topic is the body
# More of the same kind of wording ("viết cụ thể hơn", "chi tiết hơn", "more detail"): the rules lend more precedent
# sentences; the unit's own specifics can only come from the officer.
_LONGER = re.compile(r"(?:dài|chi tiết|cụ thể|đầy đủ|kỹ|kĩ|sâu)\s+(?:hơn|thêm)|longer|more (?:detail|specific)|"
                     r"in (?:more )?detail|elaborate|expand", re.IGNORECASE)
_ENGLISH = re.compile(r"\b(?:the|please|make|add|remove|shorter|about|more|paragraph|write)\b", re.IGNORECASE)


@dataclass
class Instruction:
    text: str
    shorter: bool = False
    longer: bool = False  # "cụ thể hơn", "chi tiết hơn": more precedent wording
    remove_paragraph: int | None = None  # 1-based; -1 = the last
    topic: str = ""
    avoid: str = ""  # "đừng nhắc kinh phí": the lines that speak of it go
    figures: list[NumberMention] = field(default_factory=list)
    figures_text: str = ""  # the officer's figure statement, as typed after "số liệu mới:"
    english: bool = False
    marked: str = ""  # "keep": the "[nếu có]" lines are the unit's own; "drop": they go
    said: str = ""  # what the section must state, in the officer's words: a line of its own
    said_first: bool = False  # her points for a first draft: they open it, the precedents' wording follows

    @property
    def understood(self) -> bool:
        return (self.shorter or self.longer or self.remove_paragraph is not None or bool(self.topic)
                or bool(self.figures) or bool(self.avoid)
                or bool(self.marked) or bool(self.said))


def parse_instruction(text: str) -> Instruction:
    text = normalize_text(text).strip()
    folded = fold(text)
    vietnamese = any(ch in "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ" for ch in folded)
    out = Instruction(text, english=bool(_ENGLISH.search(text)) and not vietnamese)
    out.shorter = bool(_SHORTER.search(text))
    longer = None if out.shorter else _LONGER.search(text)
    out.longer = longer is not None
    if _DROP_MARKED.search(text) or _KEEP_MARKED.search(text):
        out.marked = "drop" if _DROP_MARKED.search(text) else "keep"
    removal = _REMOVE.search(text) or _REMOVE_AFTER.search(text) or _REMOVE_EN.search(text)
    if removal:
        word = fold(removal.group(1))
        out.remove_paragraph = int(word) if word.isdigit() else load_domain().ordinals.get(word)
    cue = _FIGURES_CUE.search(text)
    if cue:  # only an explicit "số liệu mới: …" adds figures ("bỏ đoạn 2" is no figure)
        out.figures_text = text[cue.end():].strip()
        out.figures = [m for m in find_numbers(out.figures_text) if m.kind in FIGURE_KINDS]
        if out.figures:
            return out
    avoid = _AVOID.search(text)
    if avoid:
        out.avoid = _TRAILING.sub("", avoid.group(1)).strip(" \"“”")
        return out
    proposal = _PROPOSAL.match(text)
    if proposal and not removal:  # the whole wish is the line she wants
        out.said = proposal.group(1).strip(" .,:;\"“”")
        return out
    said = _SAID.search(text)
    if said and not removal and not _ABOUT.match(said.group(1)):  # "nhớ nêu về trường học" asks for a topic
        out.said = said.group(1).strip(" .,:;\"“”")
    addition = _ADD.search(text)
    if addition and not removal:
        out.topic = _topic(addition.group(1))
        more = _LONGER.match(out.topic)  # "add more detail (about …)": more wording, on a topic if one follows
        if more:
            out.topic = re.sub(r"^\s*(?:about|on|về|for)\s+", "", out.topic[more.end():], flags=re.IGNORECASE).strip()
    about = re.match(r"\s*(?:về|about|on)\s+(.+)", text[longer.end():], re.IGNORECASE) \
        if longer is not None and not out.topic else None
    if about:  # "viết chi tiết hơn về trường học": more on that topic
        out.topic = _topic(about.group(1))
    return out


_SAYING = re.compile(r"^(?:nêu|ghi|nhắc|đề cập|nói)(?:\s+(?:rõ|thêm|đến|tới))?\s+(?:(?:là|rằng)\s+)?", re.IGNORECASE)


def _topic(words: str) -> str:
    """The topic as typed, without the quotes, particles and "vào" around it ("Hội Cựu chiến binh vào nhé")."""
    return _INTO.sub("", _TRAILING.sub("", words.strip(" .,:;\"“”"))).strip(" .,:;")


def stated_points(wish: str, proposal: bool = False) -> str:
    """The officer's own points, when a first request for an evaluation or a proposal names them ("khó khăn:
    cán bộ kiêm nhiệm, kinh phí ít"; "kiến nghị tỉnh mở lớp tập huấn …"): the wish as she typed it, when it
    says nothing of how to write, a ``proposal`` opened by "đề nghị" when she did not say it; else ""."""
    text = re.sub(r"^(?:là|rằng)\s+", "", _TRAILING.sub("", normalize_text(wish)).strip(" .,:;\"“”"))  # "khó khăn là …"
    text = _SAYING.sub("", text)  # "nêu phối hợp tốt với Đoàn Thanh niên": what to say, not the words "nêu …"
    if len(text.split()) < 2 or _HOW.search(text) or _ENGLISH.search(text):
        return ""
    return f"đề nghị {text}" if proposal and not re.match(rf"{_PROPOSING}\b", text, re.IGNORECASE) else text


def settle_marked(text: str, how: str) -> str:
    """The lines marked "[nếu có]" become the unit's own ("keep": the mark goes) or go ("drop")."""
    lines = paragraphs(text)
    if how == "drop":
        return "\n".join(ln for ln in lines if CONFIRM not in ln)
    return "\n".join(unmark(ln) for ln in lines)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def remove_paragraph(text: str, number: int) -> str:
    parts = paragraphs(text)
    index = len(parts) - 1 if number == -1 else number - 1
    if 0 <= index < len(parts):
        del parts[index]
    return "\n".join(parts)


_PART_HEADING = re.compile(r"^(?:[a-zđ]\)|\d{1,2}\.|[IVX]{1,4}\.)[ \t]+\S[^\n]*$", re.MULTILINE)  # "b) Ngân sách …"


def shorten(text: str, said: str = "") -> str:
    """Keep about two thirds of each part of a section drafted whole, every part's heading kept (a part
    is never cut away: "b) Ngân sách vận động" is in the outline), the officer's figure lines, her own lines
    (those ``said`` holds: what she asked the section to state), and the first sentences of each run."""
    said = fold(said)
    heads = list(_PART_HEADING.finditer(text))
    if not heads:
        return _shorten_run(text, said)
    pieces = [_shorten_run(text[:heads[0].start()].strip("\n"), said)] if text[:heads[0].start()].strip() else []
    for here, following in zip(heads, [*heads[1:], None], strict=True):
        body = text[here.end():following.start() if following else len(text)].strip("\n")
        pieces += [here.group(0).rstrip(), *([_shorten_run(body, said)] if body.strip() else [])]
    return "\n".join(pieces)


_CHECK_MARK = re.compile(r"\[kiểm tra: ([^\]]*)\]")  # "[kiểm tra: huyện]": a guard's mark around her word


def _hers(line: str, said: str) -> bool:
    """Is the line one she stated (``said``, folded): "Đề nghị [kiểm tra: huyện] mở lớp tập huấn …" of "đề nghị
    huyện mở lớp …"?"""
    words = re.sub(rf"^(?:{_PROPOSING})\s+", "", fold(_CHECK_MARK.sub(r"\1", line)).strip(" .-"), flags=re.IGNORECASE)
    return len(words) > 8 and words in said


def with_her_lines(text: str, previous: str, said: str) -> str:
    """``text`` (a draft changed, by the rules or the model) with the lines of ``previous`` she stated (``said``:
    her request) that it lost put back, the one that opened ``previous`` first again, the others at its end: a
    change of wording never drops what she asked for."""
    folded, now, lines = fold(said), fold(text), paragraphs(previous)
    lost = [line for line in lines if _hers(line, folded) and fold(line) not in now]
    if not lost:
        return text
    first = [line for line in lost if line == lines[0]]
    return "\n".join([*first, text, *(line for line in lost if line not in first)]).strip()


def _shorten_run(text: str, said: str) -> str:
    """A run of lines cut to about two thirds, her figure bullets and her lines (``said``, folded) kept."""
    parts = paragraphs(text)
    if len(parts) <= 2:
        sentences = re.split(r"(?<=[.;])\s+", text)
        return " ".join(sentences[: max(1, (len(sentences) * 2) // 3)])
    keep = max(2, (len(parts) * 2) // 3)
    kept = [p for p in parts[keep:] if (p.lstrip().startswith("-") and find_numbers(p)) or _hers(p, said)]
    return "\n".join(parts[:keep] + kept)


def without_topic(text: str, topic: str) -> str:
    """The draft without the lines that speak of ``topic`` ("kinh phí"), matched as a phrase, marks or not."""
    phrase = re.compile(rf"(?<!\w){re.escape(fold(topic))}(?!\w)")
    return "\n".join(line for line in text.split("\n") if not phrase.search(fold(line)))


def without_missing_lines(text: str) -> str:
    """The draft without its lines that only say figures are missing ("- Kết quả: […] cuộc, …", "- Tổng kinh
    phí: […] đồng."): once the officer's facts are a line of their own, such a blank beside them says nothing."""
    phrases = load_domain().phrases
    blanks = {phrases[key].format(placeholder=PLACEHOLDER) for key in ("result_missing", "money_missing")}
    return "\n".join(line for line in text.split("\n") if line.strip() not in blanks)


def fill_placeholders(text: str, figures: list[NumberMention]) -> tuple[str, list[NumberMention]]:
    """Put new figures into "[…] <unit>" placeholders of the same unit; return those left over."""
    left = []
    for figure in figures:
        unit = figure.unit.split()[0] if figure.unit else ""
        pattern = re.compile(r"\[…\]\s*" + re.escape(unit)) if unit else None
        if pattern and pattern.search(text):
            text = pattern.sub(f"{figure.raw_number} {unit}", text, count=1)
        else:
            left.append(figure)
    return text, left
