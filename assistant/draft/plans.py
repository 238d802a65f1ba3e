"""Plans named in a lent precedent sentence: the officer's own, and another unit's.

A precedent's reference to its own plan ("Kế hoạch số 65/KH-UBND ngày 16/11/2023 …") becomes the
officer's plan when her facts give it and it is the same kind of plan about the same subject
(``fill_plan``); a sentence so filled may say more than the plan (``beside_plan``) or say again
what her own line says (``restates_plan``). A precedent's own programme named by title and period
("Kế hoạch tuyên truyền … trên địa bàn xã Thanh Xá giai đoạn 2022- 2030") becomes a slot for hers, if
she has one (``programme_slots``, then ``fill_programme_slots``).

Pure text functions of a sentence, its specifics and the officer's facts; no retrieval, no model.
"""

from __future__ import annotations

import re

from assistant.core.facts import Facts
from assistant.core.schema import PLACEHOLDER
from assistant.draft.adapt import QUOTED_THEME
from assistant.draft.specifics import LOCAL_REF, OWN_PROGRAMME, Specific, cues
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold
from assistant.vn.numbers import find_numbers


def _plan_parts(facts: Facts) -> tuple[str, str, str]:
    """The officer's plan as (number and symbol, date, the higher body it is attributed to, "" for the
    unit's own plan: "… của Ủy ban nhân dân tỉnh")."""
    mentions = find_numbers(facts.plan)
    ref = next((m.text for m in mentions if m.kind == "legal_ref"), "")
    day = next((m.text for m in mentions if m.kind == "date"), "")
    attribution = re.search(r"(?<!\w)của\s+(.+)$", facts.plan.strip().rstrip("."))
    higher = attribution.group(1) if attribution and fold(facts.place) not in fold(attribution.group(1)) else ""
    return ref, day, higher


_ATTRIBUTION = re.compile(r"\s*của\s+[^,;.]*?(?=\s+về\s|\s+triển khai\s|[,;.]|$)")


def fill_plan(text: str, spans: list[Specific], facts: Facts,
              subject: tuple[str, ...] = ()) -> tuple[str, list[Specific], bool]:
    """The precedent's plan reference ("Kế hoạch số 65/KH-UBND ngày 16/11/2023 của …") becomes the
    officer's plan when the facts give it and it is the same kind of plan (the unit's own, or a higher
    body's) about the same subject (``subject``: the officer's document's title words; a reference
    about another, "Kế hoạch … thực hiện công tác bình đẳng giới" in an Action Month report, stays
    another unit's): number, date (or a slot when the facts have none) and the body it is attributed
    to. Returns the text, the specifics left, and whether it filled one."""
    ref, day, higher = _plan_parts(facts)
    if not ref:
        return text, spans, False
    for span in spans:
        if span.kind != LOCAL_REF or "KH" not in span.text:
            continue
        tail = text[span.end:]
        about = fold(tail[:160])
        named = [w for w in cues().plan_subjects if w in about]
        if subject and named and not any(w in about for w in subject):
            continue  # a plan about another subject: not the officer's
        date = next((m for m in find_numbers(tail[:24]) if m.kind == "date" and tail[:m.start].strip() in
                     ("", "ngày")), None)
        after = tail[date.end:] if date else tail
        attributed = _ATTRIBUTION.match(after)
        if bool(attributed) != bool(higher):
            continue
        if attributed:
            after = f" của {higher}" + after[attributed.end():]
        middle = tail[:date.start] + (day or PLACEHOLDER) if date else ""
        text = text[:span.start] + ref + middle + after
        # the spans after the reference moved: found again on the new text by the caller
        return text, [s for s in spans if s.end <= span.start], True
    return text, spans, False


def beside_plan(text: str, facts: Facts) -> bool:
    """Does a sentence filled with the officer's plan say more than that plan ("…, Đài truyền thanh xã
    phát sóng tin bài hằng tuần")? Its words beyond the plan's and the framing ones say it."""
    said = {w.lower() for w in re.findall(r"[^\W\d_]+", f"{facts.plan} {facts.unit} {facts.place}")}
    text = QUOTED_THEME.sub(" ", text)  # the year's theme is hers, or a slot for it: it says nothing more of the plan
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)} - said - cues().plan_framing
    return len(words) > 2


def plan_number(facts: Facts) -> str:
    """The number and symbol of the officer's plan ("98/KH-UBND"), or ""."""
    return _plan_parts(facts)[0]


def restates_plan(text: str, officer_lines: list[str], facts: Facts) -> bool:
    """Does a lent sentence, filled with the officer's plan, say again what her own line says ("Xã đã ban
    hành Kế hoạch số 45/KH-UBND …")? Her line stays; the precedent's wording of it goes."""
    number = plan_number(facts)
    return bool(number) and number in text and any(number in line for line in officer_lines)


_PROGRAMME = "\ue000"  # where a programme's slot goes: never read as a name, filled once the sentence is lent


def programme_slots(text: str, spans: list[Specific]) -> str:
    """Another unit's own programme named in a sentence ("Kế hoạch tuyên truyền … trên địa bàn xã Thanh Xá
    giai đoạn 2022- 2030") becomes a slot for the officer's own, if she has one: retargeted, it would state
    that her unit has that plan."""
    for span in reversed([s for s in spans if s.kind == OWN_PROGRAMME]):
        text = text[:span.start] + _PROGRAMME + text[span.end:]
    return text


def fill_programme_slots(text: str, facts: Facts) -> str:
    """The slots ``programme_slots`` left, as the officer reads them: "[…] (kế hoạch, chương trình của xã Hòa An,
    nếu có)"."""
    slot = load_domain().phrases["own_programme"].format(placeholder=PLACEHOLDER, unit=facts.unit)
    return text.replace(_PROGRAMME, slot)


def plan_line(facts: Facts) -> str:
    """The officer's plan as a line of the section that cites it: "Ủy ban nhân dân xã Tân Lập đã ban hành Kế
    hoạch số 98/KH-UBND ngày 05/11/2026 để triển khai thực hiện." (a higher body's: "… triển khai thực hiện …")."""
    issuer = facts.issuer or f"Ủy ban nhân dân {facts.unit}"
    plan = facts.plan.strip().rstrip(".")
    phrase = "plan_followed" if _plan_parts(facts)[2] else "plan_issued"
    return load_domain().phrases[phrase].format(issuer=issuer, plan=plan[:1].upper() + plan[1:])

