"""Openings of real-world layouts (tests/data/layouts): the header a reader sees, read from the text
as it arrives: web-page tables, words and dates broken across lines, columns laid out with spaces,
site lines before the header, "Phần thứ …" titles on their own line, kinds beyond reports and plans."""
from pathlib import Path

import pytest
import yaml

from assistant.parse.readers import parse_file
from assistant.vn.normalize import fold

LAYOUTS = Path(__file__).parent / "data" / "layouts"
EXPECTED = yaml.safe_load((LAYOUTS / "expected.yaml").read_text(encoding="utf-8"))


def _check(doc, expected: dict) -> list[str]:
    """What differs from what a reader sees, field by field (all of them, not the first only)."""
    wrong = []
    for field in ("kind", "number", "date", "year"):
        if field in expected and getattr(doc, field) != expected[field]:
            wrong.append(f"{field}: {getattr(doc, field)!r} != {expected[field]!r}")
    for field in ("issuer", "governing_body", "place"):
        if field in expected and fold(getattr(doc, field)) != fold(expected[field]):
            wrong.append(f"{field}: {getattr(doc, field)!r} != {expected[field]!r}")
    if "title_has" in expected and fold(expected["title_has"]) not in fold(doc.title):
        wrong.append(f"title: {doc.title!r} lacks {expected['title_has']!r}")
    if "sections" in expected:
        found = [[fold(s.number), fold(s.title)] for s in doc.sections][: len(expected["sections"])]
        if found != [[fold(n), fold(t)] for n, t in expected["sections"]]:
            wrong.append(f"sections: {found} != {expected['sections']}")
    return wrong


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_published_layout_parses_as_a_reader_sees_it(name):
    doc = parse_file(LAYOUTS / name)
    expected = EXPECTED[name]
    wrong = _check(doc, expected)
    if "attachment" in expected:
        assert doc.attachments, "the attached document was not found"
        wrong += [f"attachment {w}" for w in _check(doc.attachments[0], expected["attachment"])]
    assert not wrong, "\n".join(wrong)
