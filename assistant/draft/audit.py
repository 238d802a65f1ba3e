"""An audit of a finished draft against the officer's facts, independent of the guards that made it:
another unit's specifics it states, and the lines of results it states as done with no word from the
officer.

``foreign_specifics`` lists what a draft states that the officer did not: every figure in prose
(count, amount, percentage, ratio) whose value is not among the officer's, and any of a given set of
another unit's specifics (for example the spans a person labelled in precedents). The guards decide
while drafting; this only checks the result, so a test or a benchmark does not grade the guards by
the guards' own rules. Tables computed from the officer's rows are not audited (their cells are the
rows' values and totals).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.core.facts import Facts, row_line
from assistant.core.schema import PLACEHOLDER, is_marked
from assistant.vn.normalize import fold
from assistant.vn.numbers import find_numbers

_CITATION = re.compile(r"\[\d+\]")
_FIGURES = ("count", "money", "percentage", "ratio")


def officer_text(facts: Facts) -> str:
    """Everything the officer said: header facts, plan, notes, theme and the figure rows as lines."""
    return "\n".join([facts.issuer, facts.place, facts.signer, facts.plan, facts.notes, facts.theme,
                      *(row_line(r) for r in facts.figures)])


def foreign_specifics(text: str, facts: Facts, known: Iterable[str] = ()) -> list[str]:
    own = officer_text(facts)
    found = [span for span in known if len(span) >= 3 and span in text and span not in own]
    values = {m.value for m in find_numbers(own)}
    for line in text.split("\n"):
        if "|" in line:
            continue
        found += [m.text for m in find_numbers(_CITATION.sub("", line)) if m.kind in _FIGURES and m.value not in values]
    return found


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", fold(_CITATION.sub("", text))) if len(w) > 1}


def unconfirmed_lines(text: str, facts: Facts, stated: float = 0.6) -> list[str]:
    """Lines that say something was done which the officer did not say (fewer than ``stated`` of their
    words are in the officer's facts), unmarked ("[nếu có]") and without a blank ("[…]")."""
    own = _words(officer_text(facts))
    out = []
    for line in (ln.strip() for ln in text.split("\n")):
        words = _words(line)
        if not line or "|" in line or is_marked(line) or PLACEHOLDER in line or len(words) < 4:
            continue
        if len(words & own) < stated * len(words):
            out.append(line)
    return out
