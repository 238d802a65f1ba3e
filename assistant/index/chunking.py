"""Cut a parsed document into chunks, by section and never across sections.

Each chunk carries its section path and heading (also at the top of the text that
is embedded and searched) and the document's metadata: source, kind, year,
level, place. The dense side embeds each paragraph of a chunk (its "units").
A section longer than ``max_chars`` is split at paragraph boundaries. The
preamble, the closing formula and each attachment's sections are chunks of their own.
"""

from __future__ import annotations

import hashlib
import re

from assistant.core.schema import Chunk, ParsedDocument, Section
from assistant.vn.normalize import fold

PREAMBLE, CLOSING, OPENING = "preamble", "closing", "opening"


def source_key(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


# where a long paragraph may be cut: after a sentence's end, before a capital, a digit or a bullet (never in
# "… thiểu số…. để lan tỏa …", where the sentence goes on in lower case)
_SENTENCE_GAP = re.compile(r"(?<=\.)\s+(?=(\S))")


def _sentences(paragraph: str) -> list[str]:
    return _SENTENCE_GAP.sub(lambda m: "\u0000" if m.group(1).isupper() or m.group(1) in "0123456789-–+•"
                             else m.group(0), paragraph).split("\u0000")


def _split(text: str, max_chars: int) -> list[str]:
    parts: list[str] = []
    for paragraph in text.split("\n"):
        if parts and len(parts[-1]) + len(paragraph) + 1 <= max_chars:
            parts[-1] = f"{parts[-1]}\n{paragraph}"
        elif len(paragraph) <= max_chars:
            parts.append(paragraph)
        else:  # one very long paragraph: cut at sentence ends
            current = ""
            for sentence in _sentences(paragraph):
                for piece in _hard_cut(sentence, max_chars):
                    if current and len(current) + len(piece) + 1 > max_chars:
                        parts.append(current)
                        current = piece
                    else:
                        current = f"{current} {piece}".strip()
            if current:
                parts.append(current)
    return [p for p in parts if p.strip()]


def _hard_cut(sentence: str, max_chars: int) -> list[str]:
    """A sentence longer than a chunk is cut at spaces, so no text goes unembedded."""
    pieces: list[str] = []
    while len(sentence) > max_chars:
        cut = sentence.rfind(" ", 0, max_chars)
        cut = cut if cut > 0 else max_chars
        pieces.append(sentence[:cut])
        sentence = sentence[cut:].strip()
    return [*pieces, sentence] if sentence else pieces


def _opening(part: ParsedDocument) -> str:
    """The header as a reader sees it: issuer, number, place and date, kind and title."""
    when = ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part.date or ""):
        year, month, day = part.date.split("-")
        when = f"{part.place + ', ' if part.place else ''}ngày {day} tháng {month} năm {year}"
    lines = [part.governing_body, part.issuer, f"Số: {part.number}" if part.number else "", when,
             f"{part.kind} {part.title}".strip() if part.number or when else ""]
    return "\n".join(line for line in lines if line)


def _closing(part: ParsedDocument) -> str:
    closing = part.closing
    signature = closing.signature
    lines = [closing.formula, *(["Nơi nhận:", *closing.recipients] if closing.recipients else []),
             *signature.authority, signature.title, signature.name]
    return "\n".join(line for line in lines if line)


def _heading(section: Section) -> str:
    """A heading as documents write it: "I. …", "1. …", "b) …" (a question quoting "b) Ngân sách vận
    động" finds it)."""
    mark = ")" if len(section.number) == 1 and section.number.isalpha() and section.number.islower() else "."
    return f"{section.number}{mark} {section.title}".strip(". ") if section.title else section.number


def _walk(sections: list[Section], trail: list[str]):
    for section in sections:
        here = [*trail, _heading(section)]
        yield section, here
        yield from _walk(section.children, here)


def chunk_document(doc: ParsedDocument, max_chars: int = 600, doc_hash: str = "") -> list[Chunk]:
    base = {
        "source": doc.source,
        "doc_kind": doc.kind,
        "doc_title": doc.title,
        "year": doc.year if doc.year is not None else -1,
        "level": doc.level,
        "place": doc.place,
        "issuer": doc.issuer,
        "signer": doc.closing.signature.name,
        "doc_hash": doc_hash,
    }
    pieces: list[tuple[dict, str, str]] = []  # (metadata, heading trail, text)

    def add_part(part: ParsedDocument, prefix: str, kind_trail: list[str]) -> None:
        meta = {**base, "kind": part.kind or doc.kind, "part": "attachment" if prefix else "main"}
        if opening := _opening(part):  # "which report was 236/BC-UBND", "ngày ban hành …"
            pieces.append(({**meta, "section": prefix + OPENING, "title": "Số, ngày, cơ quan ban hành",
                            "role": "opening"}, " > ".join([*kind_trail, "Số, ngày"]), opening))
        if part.preamble.strip():
            for text in _split(part.preamble, max_chars):
                pieces.append(({**meta, "section": prefix + PREAMBLE, "title": "Mở đầu", "role": "body"},
                               " > ".join([*kind_trail, "Mở đầu"]), text))
        for section, trail in _walk(part.sections, kind_trail):
            text = section.text or ("" if section.children else section.title)
            role = "body" if section.text else "heading"  # an outline's item with no text of its own
            for piece in _split(text, max_chars):
                pieces.append(({**meta, "section": prefix + section.path, "title": section.title, "role": role},
                               " > ".join(trail), piece))
        if closing := _closing(part):  # the formula, "Nơi nhận" and who signed ("người ký …")
            pieces.append(({**meta, "section": prefix + CLOSING, "title": "Kết thúc", "role": "closing"},
                           " > ".join([*kind_trail, "Kết thúc"]), closing))

    add_part(doc, "", [f"{doc.kind} {doc.title}".strip()])
    for number, attachment in enumerate(doc.attachments, start=1):
        add_part(attachment, f"PL{number}/", [f"{attachment.kind} {attachment.title}".strip()])

    # The content hash is part of the id: another version of a file never reuses an id, so a
    # store and a BM25 cache that hold the same ids hold the same text.
    key = f"{source_key(doc.source)}-{doc_hash[:8]}" if doc_hash else source_key(doc.source)
    chunks = []
    slogans = {fold(s.text): s for s in doc.slogans}
    for index, (meta, trail, text) in enumerate(pieces):
        meta = {**meta, "chunk_index": index, "n_chunks": len(pieces),
                "section_top": meta["section"].split("/")[-1].split(".")[0]}
        held = [s for key, s in slogans.items() if key in fold(text)]
        if held:  # the official slogans this chunk holds, for `assistant slogans`
            meta |= {"slogan_group": held[0].group, "slogans": "\n".join(s.text for s in held)}
        chunks.append(Chunk(id=f"{key}-{index:04d}", text=text, embed_text=f"{trail}\n{text}",
                            metadata=meta, units=[f"{trail}\n{u}" for u in dense_units(text)]))
    return chunks


def dense_units(text: str, pack_over: int = 10, pack_chars: int = 300) -> list[str]:
    """The paragraphs of a chunk, embedded one by one: a chunk scores as its best paragraph
    (measured better than one vector per chunk, BENCHMARKS.md). Many short lines (table rows)
    are packed into pieces of about ``pack_chars``."""
    lines = [line for line in text.split("\n") if line.strip()] or [text]
    if len(lines) <= pack_over:
        return lines
    packed: list[str] = []
    for line in lines:
        if packed and len(packed[-1]) + len(line) + 1 <= pack_chars:
            packed[-1] = f"{packed[-1]}\n{line}"
        else:
            packed.append(line)
    return packed
