"""Check a document's format against Nghị định 30/2020 (Phụ lục I) and its kind's outline.

Each finding has a severity (error / warning), where (line or paragraph number), what is wrong and a
suggested fix. Checked: header parts (issuing body, Quốc hiệu, Tiêu ngữ, type, summary); the number
and symbol ("Số: 05/BC-UBND", type against the official list); the place-date line and its zero
padding; heading numbering in order without gaps; the mandatory sections of the kind; the closing
"./."; "Nơi nhận" ending with "Lưu: VT…"; signature prefixes ("TM. ", "KT. " with a space; a deputy
signs "KT."); what the assistant left to do (blanks "[…]", lines to confirm "[nếu có]", names to check
"[kiểm tra: …]"). Reads lines (a .docx paragraph or table cell is a line); never changes the file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.outlines import Outline, load_outlines
from assistant.core.schema import CONFIRM, PLACEHOLDER, ParsedDocument, unfinished
from assistant.parse.header import is_signature_line
from assistant.parse.readers import parse_file, read_blocks
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text

_NUMBER = re.compile(r"^\s*Số\s*:\s*(?P<n>\d*)\s*(?P<blank>[\s\u00a0.…_]*)/(?P<symbol>[^\s]+)", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(?P<d>[\d.…_\s\u00a0]*?)\s*tháng\s+(?P<m>[\d.…_\s\u00a0]*?)\s*năm\s+(?P<y>\d{4})",
                   re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_HEADING = re.compile(r"^\s*(?:(?P<roman>[IVX]{1,4})\.|(?P<arabic>\d{1,2})\.(?!\d)|(?P<letter>[a-zđ])\))\s+\S")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    where: str  # "line 12", "paragraph 3", "document"
    what: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _lines(path: Path) -> list[tuple[str, str]]:
    unit = "paragraph" if path.suffix.lower() == ".docx" else "line"
    out: list[tuple[str, str]] = []
    for index, block in enumerate(read_blocks(path), start=1):
        if block.rows is not None:
            for row in block.rows:
                for cell in row:
                    out.extend((f"{unit} {index} (table)", part) for part in cell.split("\n") if part.strip())
        else:
            out.extend((f"{unit} {index}", part) for part in block.text.split("\n") if part.strip())
    return [(where, normalize_text(text)) for where, text in out]


def _find(lines: list[tuple[str, str]], pattern: str) -> tuple[str, str] | None:
    regex = re.compile(pattern, re.IGNORECASE)
    return next(((w, t) for w, t in lines if regex.search(t)), None)


def _top(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The header: the lines before the document type line ("BÁO CÁO"), at most 15."""
    domain = load_domain()
    index = next((i for i, (_, t) in enumerate(lines[:20]) if domain.kind_of_line(t.strip())), 15)
    return lines[:min(index, 15)]


def _header(lines: list[tuple[str, str]], doc_kind: str) -> list[Finding]:
    found: list[Finding] = []
    top = _top(lines)
    motto = _find(top, r"cộng\s*(?:hòa|hoà)\s*xã\s*hội\s*chủ\s*nghĩa")
    if motto is None:
        found.append(Finding("error", "header", "Quốc hiệu is missing",
                             'Add "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at the top right'))
    elif "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in motto[1].upper().replace("HOÀ", "HÒA").replace("  ", " "):
        found.append(Finding("error", motto[0], f"Quốc hiệu is misspelt: {motto[1].strip()!r}",
                             'Write exactly "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"'))
    slogan = _find(top, r"độc\s*lập")
    if slogan is None:
        found.append(Finding("error", "header", "Tiêu ngữ is missing", 'Add "Độc lập - Tự do - Hạnh phúc"'))
    elif not re.search(r"Độc lập - Tự do - Hạnh phúc", slogan[1]):
        found.append(Finding("warning", slogan[0], f"Tiêu ngữ is not in the standard form: {slogan[1].strip()!r}",
                             'Write "Độc lập - Tự do - Hạnh phúc" (hyphens between words, spaces around)'))
    if not _find(top, r"ủy ban nhân dân|uỷ ban nhân dân|ubnd|^\s*(?:phòng|hội|ban|sở)\s"):
        found.append(Finding("error", "header", "the issuing body is missing",
                             "Add the issuing body (upper case, bold) at the top left"))
    if not doc_kind:
        found.append(Finding("error", "document", "the document type (BÁO CÁO, KẾ HOẠCH …) is missing",
                             "Add the type name, upper case and bold, centred above the summary"))
    return found


def _number(lines: list[tuple[str, str]], doc_kind: str) -> list[Finding]:
    line = _find(_top(lines), r"^\s*Số\s*:")
    if line is None:
        return [Finding("error", "header", 'the number and symbol line ("Số: …/BC-UBND") is missing',
                        'Add "Số: NN/<type>-<issuer>" under the issuing body (the number may be left blank)')]
    match = _NUMBER.search(line[1])
    if not match:
        return [Finding("error", line[0], f"number and symbol not in the form Số: NN/TYPE-ISSUER: {line[1]!r}",
                        'Write e.g. "Số: 05/BC-UBND"')]
    found = []
    number, symbol = match.group("n"), match.group("symbol").rstrip(".;,")
    written = line[1][match.start("symbol"):].strip().rstrip(".;,")
    if re.search(r"\s", written):  # "UBND - LĐT BXH"
        compact = re.sub(r"\s*-\s*", "-", written).replace(" ", "")
        found.append(Finding("error", line[0], f"the symbol has spaces inside: {written!r}",
                             f'Write it without spaces: "…/{compact}"'))
        symbol = compact
    if number and int(number) < 10 and len(number) < 2:
        found.append(Finding("error", line[0], f"number {number} below 10 is not zero-padded",
                             f'Write "Số: 0{number}/{symbol}"'))
    kinds = load_domain().kinds
    official = set(load_domain().type_abbreviations) | {a for a in kinds.values() if a}
    type_part = symbol.split("-")[0] if "-" in symbol else ""
    expected = kinds.get(doc_kind, "")
    first = symbol.split("-")[0]
    if expected and first not in official and ("-" not in symbol or first in load_domain().issuer_abbreviations):
        # "Số: /UBND-LĐTBXH" (a công văn's symbol) on a report: the type is missing
        found.append(Finding("error", line[0], f"the symbol {symbol!r} lacks the type of document {expected!r}",
                             f'Write "…/{expected}-{first}" (the type, then the issuer)'))
        return found
    if type_part and type_part not in official:
        found.append(Finding("error", line[0], f"type abbreviation {type_part!r} is not in the official list",
                             f"Use one of {', '.join(sorted(official))}"))
    if type_part and expected and type_part != expected:
        found.append(Finding("error", line[0], f"a {doc_kind} takes {expected!r}, not {type_part!r}",
                             f'Write "…/{expected}-{symbol.split("-", 1)[-1]}"'))
    return found


def _date(lines: list[tuple[str, str]]) -> list[Finding]:
    line = _find(_top(lines), r"ngày\s.*tháng\s.*năm\s+\d{4}")
    if line is None:
        return [Finding("error", "header", "the place-date line is missing",
                        'Add "<Place>, ngày DD tháng M năm YYYY" in italics under the Tiêu ngữ')]
    match = _DATE.search(line[1])
    found: list[Finding] = []
    if not match:
        return found
    day, month = match.group("d").strip(), match.group("m").strip()
    if day.isdigit() and int(day) < 10 and len(day) < 2:
        found.append(Finding("error", line[0], f"day {day} below 10 is not zero-padded", f'Write "ngày 0{day}"'))
    if month.isdigit():
        if int(month) <= 2 and len(month) < 2:
            found.append(Finding("error", line[0], f"month {month} is not zero-padded", f'Write "tháng 0{month}"'))
        if int(month) >= 3 and month.startswith("0"):
            found.append(Finding("error", line[0], f"month {month} must not be zero-padded",
                                 f'Write "tháng {int(month)}"'))
    if not line[1].split(",")[0].strip() or "," not in line[1]:
        found.append(Finding("warning", line[0], "the place name before the date is missing",
                             'Write "<Place>, ngày …"'))
    return found


def _numbering(lines: list[tuple[str, str]]) -> list[Finding]:
    found: list[Finding] = []
    last = {"roman": 0, "arabic": 0, "letter": 0}
    for where, text in lines:
        if "(table)" in where:
            continue
        match = _HEADING.match(text)
        if not match:
            continue
        if match.group("roman"):
            value, level = _ROMAN.get(match.group("roman"), 0), "roman"
            last["arabic"] = last["letter"] = 0
        elif match.group("arabic"):
            value, level = int(match.group("arabic")), "arabic"
            last["letter"] = 0
        else:
            value, level = ord(match.group("letter")) - ord("a") + 1, "letter"
        if value not in (last[level] + 1, 1):  # 1 may restart a list (an attachment, a new part)
            found.append(Finding("error", where, f"heading {text.split()[0]} breaks the numbering "
                                                 f"(after {last[level]})", "Number headings in order without gaps"))
        last[level] = value
    return found


def _outline(doc: ParsedDocument, outlines: dict[str, Outline], mandated: Outline | None) -> list[Finding]:
    """Mandatory sections the document lacks: of the outline it was told applies (every level, errors),
    else of the outline its kind and title match (top level, warnings)."""
    outline = mandated or next((o for o in outlines.values() if o.matches(doc.kind, doc.title)), None)
    if outline is None:
        return []
    titles = [fold(s.title) for s in doc.all_sections()]
    wanted = outline.all_sections() if mandated else list(outline.sections)
    severity = "error" if mandated else "warning"
    found = []
    for section in wanted:
        keys = [fold(section.title), *section.aliases]
        if section.mandatory and not any(k in t or t in k for t in titles for k in keys if t):
            found.append(Finding(severity, "document", f"mandatory section {section.id} {section.title!r} of "
                                                       f"{outline.id} is missing", f"Add {section.heading()}"))
    return found


def _closing(lines: list[tuple[str, str]]) -> list[Finding]:
    found: list[Finding] = []
    texts = [t for _, t in lines]
    if not any(t.rstrip().endswith("./.") for t in texts):
        found.append(Finding("error", "document", 'the body does not end with "./."',
                             'End the closing formula with "./."'))
    start = next((i for i, t in enumerate(texts) if fold(t).startswith("nơi nhận")), None)
    if start is None:
        found.append(Finding("error", "document", '"Nơi nhận:" is missing', 'Add "Nơi nhận:" and its list'))
    else:
        recipients = [(w, t) for w, t in lines[start + 1:] if t.lstrip().startswith(("-", "–"))]
        if not recipients or not re.match(r"[-–]\s*Lưu\s*:\s*VT", recipients[-1][1].strip()):
            where = recipients[-1][0] if recipients else lines[start][0]
            found.append(Finding("error", where, '"Nơi nhận" does not end with "- Lưu: VT…"',
                                 'End the list with "- Lưu: VT, <unit>."'))
    prefixes = load_domain().signature_prefixes
    for where, text in lines:
        stripped = text.strip()
        for prefix in prefixes:
            if stripped.upper().startswith(prefix) and not stripped.upper().startswith(prefix + " "):
                found.append(Finding("error", where, f"signature prefix written {stripped[:12]!r}",
                                     f'Write "{prefix} " with a space'))
    authority = [t.strip().upper() for _, t in lines if is_signature_line(t)]
    titles = [t.strip().upper() for _, t in lines[-12:]]
    if any(t.startswith("PHÓ CHỦ TỊCH") for t in titles) and not any(a.startswith("KT.") for a in authority):
        found.append(Finding("error", "signature", "a deputy (PHÓ CHỦ TỊCH) signs without \"KT. CHỦ TỊCH\"",
                             'Add "KT. CHỦ TỊCH" above "PHÓ CHỦ TỊCH"'))
    return found


def _unfinished(lines: list[tuple[str, str]]) -> list[Finding]:
    """What the assistant left for the officer and the file still holds: a document with them is not
    ready to sign."""
    found = []
    for where, text in lines:
        left = unfinished(text)
        if left["placeholder"]:
            found.append(Finding("warning", where, f"{left['placeholder']} blank(s) “{PLACEHOLDER}” left to fill: "
                                                   f"{text.strip()[:70]!r}", "Fill in the figure or fact"))
        if left["confirm"]:
            found.append(Finding("warning", where, f"a line marked “{CONFIRM}” (another unit's wording) is not "
                                                   f"confirmed: {text.strip()[:70]!r}",
                                 "Delete the mark if your unit did the same, else delete the line"))
        if left["flag"]:
            found.append(Finding("warning", where, f"a name marked “[kiểm tra: …]” is not checked: "
                                                   f"{text.strip()[:70]!r}", "Write the right name, remove the mark"))
    return found


def check_document(path: Path, outline: Outline | None = None,
                   outlines: dict[str, Outline] | None = None) -> list[Finding]:
    """All findings for one file (docx, txt, md); errors first. ``outline``: the outline that applies
    (a higher level's ĐỀ CƯƠNG): every section of it the document lacks is an error."""
    path = Path(path)
    lines = _lines(path)
    doc = parse_file(path)
    findings = [*_header(lines, doc.kind), *_number(lines, doc.kind), *_date(lines), *_numbering(lines),
                *_outline(doc, outlines if outlines is not None else load_outlines(), outline), *_closing(lines),
                *_unfinished(lines)]
    return sorted(findings, key=lambda f: f.severity != "error")
