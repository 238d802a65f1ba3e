"""The polishing model's reply, accepted line by line: it may only rephrase.

``accept_reply`` reads the reply sentence by sentence (a small model often writes a section as one
paragraph), drops the prompt echoed or restated and a heading put on top, and keeps a line only when
it passes the guards and most of its words come from one line of the base (extractive) draft or from
the officer's facts; any other line falls back to the base line it resembles most. The officer's
figure lines are never lost, a reply cut by the token cap is completed from the base draft's tail,
and citation marks dropped by the model go back where the cited wording is. A reply that is empty,
not Vietnamese, or loses a "[…]" to fill gives the base draft, with a warning; a line made from a line
marked "[nếu có]" (to confirm) comes back as the base wrote it, mark and all; so does one of the officer's
own lines that the model said again with some of her words lost.

Pure functions of the reply, the base draft and the guard context; the drafter calls the model.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.core.facts import FIGURE_KINDS
from assistant.core.schema import Draft, DraftWarning, is_marked, unfinished
from assistant.draft.adapt import split_sentences
from assistant.draft.guards import GuardContext, apply_guards, inspect_text
from assistant.draft.prompts import Prompts
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold
from assistant.vn.numbers import find_numbers

_CITE = re.compile(r"\[(\d+)\]")
CITED_SHARE = 0.5  # of a cited base line's words, a model's line must keep to take its citation mark
_META = re.compile(r"^(?:dưới đây|đây là|sau đây là|bản (?:nháp|viết lại)|here is|tôi đã|mục \S+\s*[.:])",
                   re.IGNORECASE)
WISH_LABEL = "Yêu cầu thêm"  # how the officer's wish is put to the model (drafter._wish); a small model echoes it
_LABELLED = re.compile(rf"^\s*{re.escape(WISH_LABEL)}\s*:\s*", re.IGNORECASE)
RESTATED = 0.8  # share of a model line's words taken from the request: the prompt restated
GROUNDED = 0.5  # share of a model line's words that one base line (or the facts) must hold
_VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def accept_reply(raw: str, base: Draft, ctx: GuardContext, prompts: Prompts, backend: str, prompt: str = "") -> Draft:
    """Keep the model's lines that pass the guards and only rephrase the base draft or the officer's
    facts; the others fall back to the extractive text."""
    # Sentence by sentence: a small model often writes the whole section as one paragraph.
    originals = base.text.split("\n")
    lines = [ln for ln in split_sentences(raw.replace("```", "")) if not _META.match(ln)
             and re.search(r"[^\W\d_]", _CITE.sub("", ln))]  # "1.", "2." alone: numbering left empty
    echo = _echo_fragments(prompts)
    asked = [ln for ln in prompt.rsplit("<du_lieu>", 1)[0].split("\n") if ln.strip()]  # the request, not the data
    lines = [ln for ln in lines if not any(fragment in ln for fragment in echo) and "du_lieu>" not in ln
             and not (any(_restates(ln, request) for request in asked)  # the request restated,
                      and not any(_restates(ln, line) for line in originals))]  # unless a base line
    lines = _unlabelled(lines, originals)
    if lines and _is_heading(lines[0], base.title):
        lines = lines[1:]
    warnings = list(base.warnings)
    letters = [c for c in fold("\n".join(lines)) if c.isalpha()]
    if not letters or sum(c in _VIETNAMESE for c in letters) < 0.05 * len(letters):
        reason = "trống" if not letters else "không phải tiếng Việt"
        warnings.append(DraftWarning("fallback", f"bản của mô hình {reason}; dùng bản trích xuất"))
        return replace(base, warnings=warnings)
    truncated = not lines[-1].rstrip().endswith((".", ";", ":", "]", ")", "…", "!"))
    if truncated:  # cut by the token cap: the unfinished line goes, the extractive tail comes back
        lines = lines[:-1]
    if unfinished("\n".join(lines))["placeholder"] < unfinished(base.text)["placeholder"]:
        warnings.append(DraftWarning("fallback", "mô hình bỏ mất ô số liệu cần điền; dùng bản trích xuất"))
        return replace(base, warnings=warnings)
    marked = [o for o in originals if is_marked(o)]
    allowed = fold(ctx.allowed_text)
    hers = [o for o in originals if o.strip() and fold(o.strip().rstrip(".")) in allowed]
    kept: list[str] = []
    for line in lines:
        # her own line said again with some of her words lost ("2 đợt vào quý II …" for "Kiểm tra 2 đợt …",
        # seen in the session-16 walk): her line as she said it
        own = next((o for o in hers if _restates(line, o, GROUNDED)), None)
        if own is not None and not _content_words(own) <= _content_words(line):
            if own not in kept:
                kept.append(own)
            continue
        # a line made from a line to confirm stays one, as the base wrote it (the model drops the mark)
        source = next((o for o in marked if _restates(line, o, GROUNDED)), None) if not is_marked(line) else None
        if source is not None:
            if source not in kept:
                kept.append(source)
            continue
        report = inspect_text(line, ctx)
        grounded = _grounded(line, originals, ctx.allowed_text)
        if report.ok and grounded:
            kept.append(line)
            continue
        fallback = max(originals, key=lambda o: len(set(fold(o).split()) & set(fold(line).split())), default="")
        if fallback and fallback not in kept:
            kept.append(fallback)
        if not grounded:
            warnings.append(DraftWarning("fallback", f"dòng của mô hình “{line[:80]}” không có trong bản nháp hay "
                                                     "dữ kiện; dùng câu trích xuất (LLM line added content)"))
            continue
        what = ", ".join([m.text for m in report.figures] + [m for _, m in report.stale])
        warnings.append(DraftWarning("fallback", f"dòng của mô hình có “{what}” không có trong dữ kiện; "
                                                 "dùng câu trích xuất (LLM line failed a guard)"))
    # a line the model wrote twice ("Lễ phát động: 01 cuộc, …" and "- Lễ phát động: 01 cuộc, …", walk of session 19)
    once: list[str] = []
    keys: list[tuple[str, ...]] = []
    for line in kept:  # the base's form wins ("- Lễ phát động: …", as the other rows)
        key = _words_and_numbers(line)
        if not key or key not in keys:
            once.append(line)
            keys.append(key)
        elif line in originals and once[keys.index(key)] not in originals:
            once[keys.index(key)] = line
    kept = once
    # After the filter: the officer's figure lines are never lost; after a cut, the extractive tail follows.
    kept = _merge_missing(kept, originals, tail=truncated)
    valid = {c.number for c in base.citations}
    text = _CITE.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", "\n".join(kept))
    text = _restore_citations(_honest_citations(text, base.text), base.text)
    text, guard_warnings = apply_guards(text, ctx)
    return replace(base, text=text, warnings=warnings + guard_warnings, backend=backend)


def _unlabelled(lines: list[str], originals: list[str]) -> list[str]:
    """Without the wish's label the model put before a line ("Yêu cầu thêm: Kinh phí … còn hạn hẹp."), seen
    in a session-12 walk; a labelled line that only says what the draft says already goes."""
    out = []
    for line in lines:
        bare = _LABELLED.sub("", line)
        if bare == line:
            out.append(line)
        elif bare.strip() and not _covered(bare, originals):
            out.append(bare[:1].upper() + bare[1:])
    return out


def _echo_fragments(prompts: Prompts) -> list[str]:
    """The fixed wording of the user prompt: a line repeating it is the model echoing its instructions."""
    template = prompts.source("polish.user")
    return [f.strip() for f in re.split(r"\{\{[^}]*\}\}|\n", template) if len(f.strip()) >= 12]


def _restates(line: str, request: str, share: float = RESTATED) -> bool:
    """A line made of the request's words ("Mục “…” trong Báo cáo … của xã … năm 2025.")."""
    words = _content_words(line)
    return len(words) >= 3 and len(words & _content_words(request)) >= share * len(words)


def _words_and_numbers(line: str) -> tuple[str, ...]:
    """A line's words and numbers, whatever its dashes, marks and citations: two lines alike say the same."""
    return tuple(re.findall(r"\w+", fold(_CITE.sub("", line))))


def _content_words(text: str) -> set[str]:
    stop = load_domain().stopwords
    return {w for w in re.findall(r"[^\W\d_]+", fold(_CITE.sub("", text))) if len(w) > 1 and w not in stop}


def _grounded(line: str, base_lines: list[str], facts_text: str) -> bool:
    """The model may only rephrase: most of a line's word pairs come from one line of the base draft, or
    from the officer's own facts. Pairs, not words: the words of a base line and of the facts, put
    together anew ("Tổ chức họp ban chỉ đạo và ban hành kế hoạch …", seen in a walk from "phường có
    Kế hoạch số 87/KH-UBND … triển khai Tháng hành động"), say what nobody said."""
    pairs = _pairs(line)
    if len(pairs) < 2:
        return len(_content_words(line)) < 3  # too short to say anything new
    sources = [*base_lines, facts_text]
    return any(len(pairs & _pairs(source)) >= GROUNDED * len(pairs) for source in sources)


def _pairs(text: str) -> set[tuple[str, str]]:
    """The line's syllables two by two, across function words, not across punctuation."""
    stop = load_domain().stopwords
    out: set[tuple[str, str]] = set()
    for part in re.split(r"[,.;:()“”\"!?\n]", fold(_CITE.sub("", text))):
        words = re.findall(r"[^\W\d_]+", part)
        out.update((a, b) for a, b in zip(words, words[1:], strict=False) if not (a in stop and b in stop))
    return out


def _words(line: str) -> set[str]:
    """A line's words, folded, without its citation marks."""
    return set(fold(_CITE.sub("", line)).split())


def _covered(line: str, others: list[str]) -> bool:
    words = _words(line)
    return any(len(words & set(fold(o).split())) >= 0.6 * len(words) for o in others) if words else True


def _merge_missing(lines: list[str], base_lines: list[str], tail: bool) -> list[str]:
    """Lines with the officer's figures are never lost; after a cut, the rest of the extractive text follows."""
    last = max((i for i, b in enumerate(base_lines) if _covered(b, lines)), default=-1)
    out = list(lines)
    for index, base_line in enumerate(base_lines):
        has_figures = any(m.kind in FIGURE_KINDS for m in find_numbers(_CITE.sub("", base_line)))
        if (has_figures or (tail and index > last)) and not _covered(base_line, out):
            # in the base draft's order: before the first line that rephrases a later base line
            later = next((i for i, line in enumerate(out) if _base_index(line, base_lines) > index), len(out))
            out.insert(later, base_line)
    return out


def _base_index(line: str, base_lines: list[str]) -> int:
    """The base line a model line rephrases (most words in common)."""
    words = _content_words(line)
    return max(range(len(base_lines)), key=lambda i: len(words & _content_words(base_lines[i])), default=0)


def _is_heading(line: str, title: str) -> bool:
    """A title line the model put on top ("Phát động Tháng hành động …")."""
    return not line.rstrip().endswith((".", ";", ":", "]")) and len(line.split()) <= 30 and (
        fold(title)[:20] in fold(line) or line.isupper())


def _honest_citations(text: str, base_text: str) -> str:
    """A citation mark stays only on a line that keeps the cited wording: the model puts "[1]" after the
    officer's own line once it has cut the cited one ("ngắn gọn lại")."""
    cited: dict[str, list[set[str]]] = {}
    for number, source in _cited(base_text):
        cited.setdefault(number, []).append(source)

    def honest(line: str) -> str:
        words = _words(line)

        def mark(found: re.Match[str]) -> str:
            sources = cited.get(found.group(1), [])
            return found.group(0) if any(len(words & s) >= CITED_SHARE * len(s) for s in sources) else ""
        return _CITE.sub(mark, line).rstrip()
    return "\n".join(honest(line) for line in text.split("\n"))


def _restore_citations(text: str, base_text: str) -> str:
    """Citation marks the model dropped go back on the line that took the cited wording."""
    lines = text.split("\n")
    for number, words in _cited(base_text):
        if f"[{number}]" in text or not lines:
            continue
        best = max(range(len(lines)), key=lambda i: len(words & set(fold(lines[i]).split())))
        if len(words & set(fold(lines[best]).split())) < CITED_SHARE * len(words):
            continue  # the cited line was cut ("ngắn gọn"): no other line takes its mark (her own facts)
        lines[best] = f"{lines[best].rstrip()} [{number}]"
        text = "\n".join(lines)
    return "\n".join(lines)


def _cited(base_text: str) -> list[tuple[str, set[str]]]:
    """Each citation mark of the base draft, in order, with the words of the line that carries it."""
    return [(number, _words(line)) for line in base_text.split("\n") for number in _CITE.findall(line)]
