"""The package's data files: the domain vocabulary, number words, themes, thesaurus, outlines,
slogan patterns and the retrieval question sets, as YAML (shipped in the wheel).

``DATA_DIR`` is where they are, found through the import system, so a normal (non-editable)
install reads the same files as a source checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files(__name__)))
OUTLINES_DIR = DATA_DIR / "outlines"
