"""Section numbers in a chat message typed without diacritics (written the outline's way first, by
``number_forms.canonical_numbers``): "mục I.3", "mục 2 phần II", "điểm b mục
I.4", "bảng 2", "nhóm thứ hai", "ý thứ hai của phần …"; near the section on screen, "mục 2" and "điểm b"
count from its parent. Pure functions of the message and the outline; the names of sections are read
by ``reader.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.app.chatwords import SectionMatch
from assistant.app.outline_moves import leaves
from assistant.core.outlines import Outline, OutlineSection
from assistant.vn.domain import load_domain
from assistant.vn.normalize import plain

_ROMAN = r"(?:i{1,3}|iv|v|vi{1,3}|ix|x)"


_FULL_REF = re.compile(rf"(?<![\w.])({_ROMAN})(?:\.(\d{{1,2}}))?(?:\.([a-z]))?(?![\w])")


_PREFIXED = re.compile(rf"\b(?:muc|phan|section|part|diem|tieu muc)\s+({_ROMAN}(?:\.\d{{1,2}})?(?:\.[a-z])?)(?![\w])"
                       r"(?!\s+(?:drafted|wrote|written|made|did|have|had|just|want|need|asked|sent|am|was)\b)")
# ("the section I drafted earlier": the pronoun, not part I)


# a dotted number after a section noun, whatever the outline holds ("mục II.5.a"); unlike ``_PREFIXED``, no
# bare part ("section I") and no letter straight after the part ("i.e")
_PREFIXED_ANY = re.compile(rf"\b(?:muc|phan|section|part|diem|tieu muc)\s+({_ROMAN}\.\d{{1,2}}(?:\.[a-z])?)(?!\w|\.\w)")
_NUMBERED_POINT = re.compile(r"\b(?:tieu muc|muc|diem|y)\s+(\d{1,2})\.([a-h])\b")  # "tiểu mục 4.a"


_NUMBER_OF = re.compile(rf"\b(?:muc|tieu muc|section|item)\s+(?:so\s+)?(\d{{1,2}})"  # "mục 2", "mục số 3"
                        rf"(?:\s+(?:(?:cua|of)\s+)?(?:phan|muc|part)\s+({_ROMAN}))?\b")


_TABLE_NUMBER = re.compile(rf"\b(?:bang|table)\s+(?:so\s+|thu\s+)?(\d{{1,2}})"  # "bảng thứ 3 ở phần III"
                           rf"(?:\s+(?:(?:cua|o|trong|of|in)\s+)?(?:phan|part)\s+({_ROMAN}))?\b")


_LETTER_OF = re.compile(rf"\b(?:diem|point)\s+([a-h])\b"
                        rf"(?:\s+(?:(?:cua|of)\s+)?(?:muc|phan|section|item)\s+({_ROMAN}(?:\.\d{{1,2}})?|\d{{1,2}}))?")


_PART_NUMBER = re.compile(r"\b(?:phan|part)\s+(\d)(?![\w.])")  # "phần 2": Part II
_ROMANS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")


_ORDINAL = re.compile(r"\s*(?:(?:nhom|muc|diem|phan|so)\s+)?thu\s+(nhat|hai|ba|tu|bon|nam|sau|\d)\b"
                      r"|\s*(?:nhom\s+(?:so\s+)?(\d|[a-h](?=\s|$|[,.;!?]))|(cuoi cung|cuoi|dau tien))\b"
                      r"|\s+([a-h])(?=$|[,.;!?])")  # "nhóm a", "nhóm thông điệp b" (a letter ending the clause)
# "nhóm 2", "nhóm cuối", "the last group" with a part of a whole of groups on screen: that whole's part
_GROUP = re.compile(r"\b(?:nhom|group)\s+(?:so\s+|thu\s+)?(\d|nhat|hai|ba|tu|bon|cuoi cung|cuoi|dau tien|dau)\b"
                    r"|\b(last|first|second|third)\s+group\b")


def ordinal_after(text: str, position: int) -> tuple[int, int] | None:
    """"thứ hai", "nhóm thứ 3" right at ``position`` of a message without diacritics: (the number, where
    it ends); 0 for an ordinal word not known."""
    found = _ORDINAL.match(text, position)
    if found is None:
        return None
    return _ordinal(next(g for g in found.groups() if g)), found.end()


_ORDINAL_BEFORE = re.compile(r"\b(?:y|muc|nhom|diem|phan)\s+thu\s+(nhat|hai|ba|tu|bon|nam|sau|\d)\s+"
                             r"(?:cua|trong)\s+(?:(?:phan|muc)\s+)?$|\bnhom\s+(\d|cuoi)\s+$")  # "nhóm 2 khẩu hiệu"


def ordinal_before(text: str, position: int) -> tuple[int, int] | None:
    """"ý thứ hai của phần …" right before ``position`` (where a section's name starts): (the number,
    ``position``)."""
    found = _ORDINAL_BEFORE.search(text[:position])
    return None if found is None else (_ordinal(found.group(1) or found.group(2)), position)


def nth_part(text: str, chosen: SectionMatch) -> SectionMatch | None:
    """The part of the whole named in ``chosen`` that an ordinal beside the name picks ("nhóm khẩu hiệu thứ
    hai", "nhóm 2 khẩu hiệu", "… cuối cùng"), the name's match widened over the ordinal; the whole's own
    match when it has no such part ("thứ tư" of three); None without an ordinal."""
    parts = chosen.section.children
    found = (ordinal_after(text, chosen.end) or ordinal_before(text, chosen.start)) if parts else None
    if found is None:
        return None
    number, end = found
    number = len(parts) if number == -1 else number  # "nhóm cuối": the last
    return replace(chosen, end=max(end, chosen.end), section=parts[number - 1]) if 1 <= number <= len(parts) \
        else chosen


_ONE_OF = re.compile(r"\b(?:mot|1|one)\s+(?:cai\s+)?(?:nhom|bang|muc|diem|tieu muc|group|table)\b")  # "một nhóm …"
_A_GROUP = re.compile(r"(?<!cac )(?<!nhung )(?<!ca )(?<!het )\bnhom\s+$")  # "viết nhóm thông điệp", not "các nhóm …"
_OTHER = re.compile(r"\s*(?:(?:nay|do)\s+)?(?:kia|con lai|khac|other|remaining)\b")  # "nhóm thông điệp kia"


def one_part(text: str, chosen: SectionMatch, drafted: Sequence[str]) -> list[OutlineSection] | None:
    """The parts one of which a message without diacritics asks for by the whole's name: any ("một nhóm
    thông điệp", "viết nhóm thông điệp": the parts are groups), or one not written yet ("nhóm … kia", "…
    còn lại"); None when it asks for the whole. The reader asks which, or drafts the one left."""
    parts = list(chosen.section.children)
    if not parts or ordinal_after(text, chosen.end) or ordinal_before(text, chosen.start):  # "nhóm … thứ hai"
        return None
    if _OTHER.match(text, chosen.end):
        left = [p for p in parts if p.id not in drafted]
        return left or parts
    grouped = all(plain(p.title).startswith("nhom") for p in parts)
    if _ONE_OF.search(text) or (grouped and _A_GROUP.search(text[:chosen.start])):
        return parts
    return None


def _ordinal(word: str) -> int:
    if len(word) == 1 and word in "abcdefgh":  # "nhóm a": the first group
        return ord(word) - ord("a") + 1
    return int(word) if word.isdigit() else {plain(k): v for k, v in load_domain().ordinals.items()}.get(word, 0)


_WORD_ORDINAL = r"(?:thu\s+)?(dau tien|dau|cuoi cung|sau cung|cuoi|nhat|hai|ba|tu|bon|nam|sau|ke tiep|tiep theo|\d)"
_POSITION_OF = re.compile(  # "mục đầu tiên của phần III", "mục cuối cùng trong phần II", "mục kế tiếp của phần II",
    # "mục thứ hai của phần này" (the part on screen), "mục 1 của phần nội dung" (a part by its title)
    rf"\b(?:muc|phan|diem|tieu muc|bang|nhom)\s+{_WORD_ORDINAL}\s+(?:cua|trong|o|thuoc)\s+(?:phan|muc)\s+"
    rf"({_ROMAN}\b|nay\b|[a-z]+(?:\s+[a-z]+){{0,3}})"
    rf"|\b(first|second|third|last|next)\s+(?:table|item|point|section|part|one)\s+(?:of|in|under)\s+"
    rf"(?:section|part)\s+({_ROMAN}|this)\b")


def _whole(words: str, outline: Outline, focus: str) -> OutlineSection | None:
    """The part named after "của phần": by its number ("III"), as the one on screen ("này", "this"), or by
    the first words of its title ("nội dung", "tổ chức thực hiện")."""
    ids = {s.id.lower(): s for s in outline.all_sections()}
    if words in ("nay", "this"):
        return ids.get(focus.split(".")[0].lower())
    if words in ids:
        return ids[words]
    titled = [p for p in outline.sections if any(
        f"{words} ".startswith(f"{name} ") for name in (plain(p.title).replace(",", ""), *map(plain, p.aliases)))]
    return titled[0] if len(titled) == 1 else None


_LAST_PART = re.compile(r"\b(?:phan\s+(?:cuoi\s+cung|cuoi|sau\s+cung)|(?:the\s+)?last\s+part)"
                        r"(?:\s+(?:cua|trong|of)\s+(?:bao cao|ke hoach|van ban|the report|the plan))?\b"
                        r"(?!\s+cung)(?!\s+(?:cua|trong|o|of|in)\b)")  # not "… cuối cùng của mục II"


_LAST_ITEM = re.compile(r"\b(?:(?:muc|tieu muc)\s+(?:cuoi\s+cung|cuoi|sau\s+cung)|(?:the\s+)?last\s+section)\b"
                        r"(?!\s+cung)(?!\s+(?:cua|trong|o|of|in)\b)")  # not "mục cuối của phần II"


def positioned(text: str, outline: Outline, focus: str, drafted: Sequence[str]) -> list[SectionMatch]:
    """A part by its place in a part named by number, title or as the one on screen, in a message without
    diacritics: "mục đầu tiên của phần III" (its first), "… cuối cùng …" (its last), "mục kế tiếp của phần II"
    (the one after the section on screen there, else its first not written), "mục thứ hai của phần này",
    "mục 1 của phần nội dung", "the first table under Section III"."""
    found = []
    for m in _POSITION_OF.finditer(text):
        word, part = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        whole = _whole(part, outline, focus)
        parts = list(whole.children) if whole is not None else []
        if not parts:
            continue
        if word in ("ke tiep", "tiep theo", "next"):  # after the part on screen (or holding it), in outline order
            here = next((i for i, p in enumerate(parts) if focus.lower() == p.id.lower()
                         or focus.lower().startswith(p.id.lower() + ".")), None)
            after = parts[here + 1:] if here is not None else []
            chosen = (after or [p for p in parts if p.id not in drafted] or parts)[0]
        else:
            number = _ordinal(word)
            number = len(parts) if number == -1 else number
            if not 1 <= number <= len(parts):
                continue
            chosen = parts[number - 1]
        found.append(SectionMatch(m.start(), m.end(), chosen, True))
    for m in _LAST_PART.finditer(text):  # "phần cuối", "the last part": the document's last part
        found.append(SectionMatch(m.start(), m.end(), outline.sections[-1], True))
    for m in _LAST_ITEM.finditer(text):  # "mục cuối", "the last section": the last section to write
        found.append(SectionMatch(m.start(), m.end(), leaves(outline)[-1], True))
    return found


def loose_numbers(text: str, outline: Outline) -> list[OutlineSection]:
    """"mục 2" or "điểm b" with no section on screen: every section so numbered (to ask which)."""
    found = {m.group(1) for pattern in (_NUMBER_OF, _LETTER_OF) for m in pattern.finditer(text) if not m.group(2)}
    return [s for s in outline.all_sections() if s.id.rsplit(".", 1)[-1].lower() in found and "." in s.id]


def numbered_sections(text: str, outline: Outline, focus: str) -> list[SectionMatch]:
    """Section numbers in a message without diacritics: "mục I.3", "I.3", "phần II", "mục 2 phần II",
    "điểm b mục I.4"; near the section on screen, "mục 2" and "điểm b" count from its parent."""
    ids = {s.id.lower(): s for s in outline.all_sections()}
    here = ids.get(focus.lower())
    near = (here.id.lower() if here and here.children else here.id.lower().rsplit(".", 1)[0]
            if here and "." in here.id else "")
    found = [SectionMatch(m.start(), m.end(), ids[m.group(1)], True)
             for m in _PREFIXED.finditer(text) if m.group(1) in ids]
    for m in _FULL_REF.finditer(text):
        ref = ".".join(g for g in m.groups() if g)
        if "." in ref and ref in ids and not any(f.start <= m.start() < f.end for f in found):
            found.append(SectionMatch(m.start(), m.end(), ids[ref], True))
    for m in _PART_NUMBER.finditer(text):
        part = _ROMANS[int(m.group(1))] if m.group(1) != "0" else ""
        if part in ids and not any(f.start <= m.start() < f.end for f in found):
            found.append(SectionMatch(m.start(), m.end(), ids[part], True))
    for m in _TABLE_NUMBER.finditer(text):  # "bảng 2", "bảng số 3 phần III": the table so numbered, wherever
        tables = [s for s in ids.values() if s.table is not None and s.id.rsplit(".", 1)[-1] == m.group(1)
                  and (not m.group(2) or s.id.lower().startswith(m.group(2) + "."))]
        if len(tables) == 1:
            found.append(SectionMatch(m.start(), m.end(), tables[0], True))
    for m in _NUMBERED_POINT.finditer(text):  # "tiểu mục 4.a": the point a of the section 4, nearest the focus first
        owners = sorted((sid for sid in ids if sid.endswith(f".{m.group(1)}.{m.group(2)}")),
                        key=lambda sid: not focus.lower().startswith(sid.split(".")[0] + "."))
        if owners and not any(f.start <= m.start() < f.end for f in found):
            found.append(SectionMatch(m.start(), m.end(), ids[owners[0]], True))
    whole = ids.get(near)
    parts = whole.children if whole is not None else ()
    grouped = bool(parts) and all(plain(c.title).startswith("nhom") for c in parts)
    for m in _GROUP.finditer(text) if grouped else ():
        number = _ordinal(m.group(1) or m.group(2))
        if number and -1 <= number <= len(parts) and not any(f.start <= m.start() < f.end for f in found):
            found.append(SectionMatch(m.start(), m.end(), parts[number - 1] if number > 0 else parts[-1], True))
    for pattern in (_NUMBER_OF, _LETTER_OF):
        for m in pattern.finditer(text):
            # "mục 4 phần I, làm điểm a trước": a point of the section just named, else of the one on screen
            named = [f.section.id.lower() for f in found if f.end <= m.start()
                     and f"{f.section.id.lower()}.{m.group(1)}" in ids]
            # "phần IV chỉ cần soạn mục 2 trước": a number after a part named by its number counts in that part
            part_first = named and pattern is _NUMBER_OF and "." not in named[-1]
            parent = m.group(2) or (named[-1] if named and (pattern is _LETTER_OF or part_first) else near)
            if parent.isdigit():  # "điểm b mục 3": the section 3 that has a point b, nearest the focus first
                owners = [sid for sid in ids if sid.endswith(f".{parent}") and f"{sid}.{m.group(1)}" in ids]
                owners.sort(key=lambda sid: not focus.lower().startswith(sid.split(".")[0] + "."))
                parent = owners[0] if owners else ""
            target = f"{parent}.{m.group(1)}" if parent else ""
            if target not in ids and pattern is _NUMBER_OF and parent.count(".") == 1 and near == parent:
                target = f"{parent.rsplit('.', 1)[0]}.{m.group(1)}"  # "mục 4" on point II.3.c: the items of II
            lettered = [sid for sid in ids if sid.endswith(f".{m.group(1)}")]
            if target not in ids and pattern is _LETTER_OF and not m.group(2) and len(lettered) == 1:
                target = lettered[0]  # "làm điểm c" away from its part: the one point c of the outline
            if target in ids:
                found.append(SectionMatch(m.start(), m.end(), ids[target], True))
    return found


def missing_numbers(text: str, outline: Outline) -> list[OutlineSection]:
    """The sections whose parts a message without diacritics asks for by a number the outline does not have
    ("mục II.5.a", "điểm c mục I.4", "mục 5 phần III" where III has no 5): those wholes (the document's parts when
    the whole is missing too), to ask which of their parts she means; [] when every number typed is there."""
    ids = {s.id.lower(): s for s in outline.all_sections()}
    asked = [m.group(1) for m in _PREFIXED_ANY.finditer(text)]
    asked += [f"{m.group(2)}.{m.group(1)}" for pattern in (_NUMBER_OF, _LETTER_OF) for m in pattern.finditer(text)
              if m.group(2) and not m.group(2).isdigit()]
    missing = next((ref for ref in asked if ref not in ids), None)
    if missing is None:
        return []
    parent = missing.rsplit(".", 1)[0]
    while parent and (parent not in ids or not ids[parent].children):  # "II.5.a" where II.5 has no points: II's
        parent = parent.rsplit(".", 1)[0] if "." in parent else ""
    return list(ids[parent].children) if parent else list(outline.sections)


def points_of_named(text: str, found: Sequence[SectionMatch]) -> list[SectionMatch]:
    """"điểm c phần thông điệp", "phần thông điệp, điểm c": the point of the section named right beside
    it (``found``: the names in the message)."""
    out = []
    for m in _LETTER_OF.finditer(text):
        named = [f for f in found if not m.group(2) and not f.by_number
                 and (0 <= f.start - m.end() <= 8 or 0 <= m.start() - f.end <= 8)]
        for f in named:
            child = next((c for c in f.section.children if c.id.lower().endswith(f".{m.group(1)}")), None)
            if child is not None:
                out.append(SectionMatch(min(m.start(), f.start), max(m.end(), f.end), child, True))
                break
    return out
