"""Outlines read from higher levels' documents, scored against what a careful reader builds.

    .venv/bin/python benchmarks/bench_mandates.py [FOLDER ...]

Each folder holds documents and an ``expected.yaml`` (per file: the outline's ``kind``, ``year`` and
``sections`` with ``id``, ``title`` and, for a table, ``table_columns`` less any ``column_groups``).
Default: ``tests/data/mandates`` (written with the reader and tuned on) and ``tests/data/mandates_untouched``,
``_2`` … ``_5`` (each written by someone who never saw the reader's code, read once untouched, then
tuned on: BENCHMARKS.md §16 gives every reading).
Prints per file and in all: sections found (recall of expected ids), ids in order, titles right
(folded), tables right (columns in order), kind and year right. Titles are compared by shared
syllables only (no model), as the structure is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from assistant.core.outlines import load_outlines
from assistant.documents.mandate import read_outline
from assistant.errors import AssistantError
from assistant.vn.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests" / "data" / name
           for name in ("mandates", "mandates_untouched", "mandates_untouched_2", "mandates_untouched_3",
                        "mandates_untouched_4", "mandates_untouched_5")]


def score(folder: Path) -> dict[str, float]:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    builtins = load_outlines()
    totals = {"files": 0, "sections": 0, "found": 0, "in_order": 0, "titles": 0, "tables": 0, "tables_right": 0,
              "kind_year": 0}
    for name, want in sorted(expected.items()):
        totals["files"] += 1
        wanted = want.get("sections") or []
        try:
            outline, _ = read_outline(folder / name, builtins)
        except AssistantError as exc:
            print(f"  {name}: ✘ {exc}")
            totals["sections"] += len(wanted)
            totals["tables"] += sum(1 for s in wanted if s.get("table_columns"))
            continue
        got = {s.id: s for s in outline.all_sections()}
        ids = [s["id"] for s in wanted]
        found = [i for i in ids if i in got]
        in_order = list(got) == ids
        titles = sum(1 for s in wanted if s["id"] in got
                     and fold(" ".join(got[s["id"]].title.split())) == fold(" ".join(s["title"].split())))
        tables = [s for s in wanted if s.get("table_columns")]
        right = 0
        for section in tables:
            grid = [c for c in section["table_columns"] if c not in (section.get("column_groups") or {})]
            table = got[section["id"]].table if section["id"] in got else None
            right += bool(table and [fold(c) for c in table.columns] == [fold(c) for c in grid])
        kind_year = outline.kind == want.get("kind") and (outline.year == want.get("year") or not want.get("year"))
        totals["sections"] += len(ids)
        totals["found"] += len(found)
        totals["in_order"] += in_order
        totals["titles"] += titles
        totals["tables"] += len(tables)
        totals["tables_right"] += right
        totals["kind_year"] += kind_year
        missing = [i for i in ids if i not in got]
        extra = [i for i in got if i not in ids]
        print(f"  {name}: sections {len(found)}/{len(ids)}, titles {titles}/{len(ids)}, tables {right}/{len(tables)}"
              f", kind+year {'✔' if kind_year else '✘'}" + (f"; missing {missing}" if missing else "")
              + (f"; extra {extra}" if extra else ""))
    return totals


def main(folders: list[Path]) -> None:
    for folder in folders:
        if not (folder / "expected.yaml").is_file():
            print(f"{folder}: no expected.yaml, skipped")
            continue
        print(f"{folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
        t = score(folder)
        n = max(t["sections"], 1)
        print(f"  ALL: files {t['files']}, sections found {t['found'] / n:.3f}, titles {t['titles'] / n:.3f}, "
              f"outlines in exact order {t['in_order']}/{t['files']}, tables {t['tables_right']}/{t['tables']}, "
              f"kind+year {t['kind_year']}/{t['files']}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULT)
