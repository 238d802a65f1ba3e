"""The composition root: the one place that builds the program's parts from the settings and wires them.

``Assistant(settings)`` gives, each built once and only when first asked for: the embedding model,
the store, the retriever, the chat model (or the extractive writer, with a warning that says how to
fix it), a drafter per document kind, and the chat workspace. The CLI, the server, the tests and
the benchmarks all get their parts here; any part may be passed in instead (a test's fake
embeddings or retriever, a chat model of one's own), which is how fakes enter through the real seams.

Nothing is loaded at construction: ``assistant outlines`` never pays for a model.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.core.facts import Facts
from assistant.core.outlines import Outline
from assistant.core.schema import DraftWarning

if TYPE_CHECKING:
    from assistant.app.reader import ChatReader
    from assistant.app.workspace import Workspace
    from assistant.documents.plan_basis import PlanBasis
    from assistant.draft.drafter import Drafter

log = logging.getLogger(__name__)
_UNSET: Any = object()


class Assistant:
    def __init__(self, settings: Settings, *, embeddings: Any = None, store: Any = _UNSET, retriever: Any = _UNSET,
                 chat_model: Any = _UNSET, backend: str | None = None, warn: Callable[[str], None] | None = None,
                 reader: ChatReader | None = None):
        """Parts given here are used as they are; the others are built from ``settings`` when first
        needed. ``store=None`` / ``retriever=None`` mean none at all (drafts from the facts alone);
        ``chat_model=None`` means the extractive writer."""
        self.settings = settings
        self.warn = warn or (lambda message: log.warning("%s", message))
        self._embeddings = embeddings
        self._store = store
        self._retriever = retriever
        self._chat_model = chat_model
        self._backend = backend
        self.warnings: list[DraftWarning] = []  # what the officer should know from the start (a model missing)
        self._drafters: dict[str, Drafter] = {}
        self._plans: dict[str, PlanBasis] = {}  # the unit's own plans read for reports, by file and mtime
        self._workspace: Workspace | None = None
        self._reader = reader
        self._lock = threading.RLock()  # two first requests never build a part twice

    # ---- the index ------------------------------------------------------------------
    @property
    def embeddings(self) -> Any:
        with self._lock:
            if self._embeddings is None:
                from assistant.index.embeddings import make_embeddings

                self._embeddings = make_embeddings(self.settings, warn=self.warn)
            return self._embeddings

    @property
    def store(self) -> Any:
        with self._lock:
            if self._store is _UNSET:
                from assistant.index.store import Store

                self._store = Store(self.settings, self.embeddings)
            return self._store

    @property
    def retriever(self) -> Any:
        with self._lock:
            if self._retriever is _UNSET:
                from assistant.index.retrieve import Retriever

                self._retriever = Retriever(self.store, self.settings) if self.store is not None else None
            return self._retriever

    # ---- drafting -------------------------------------------------------------------
    @property
    def chat_model(self) -> Any:
        with self._lock:
            if self._chat_model is _UNSET:
                from assistant.draft.llm import chat_model_or_fallback

                self._chat_model, found = chat_model_or_fallback(self.settings, self._backend)
                self.warnings.extend(found)  # the caller shows them (with the draft, or when the server starts)
            return self._chat_model

    @property
    def backend(self) -> str:
        """The writer that drafts: the settings' backend, or "extractive" when there is no chat model."""
        if self.chat_model is None:
            return "extractive"
        return self._backend or self.settings.draft_backend

    def known_names(self) -> tuple[str, ...]:
        """Places and signers of the indexed documents (names a draft for another unit must not copy)."""
        return tuple(self.store.known_names()) if self.store is not None else ()

    def drafter(self, outline: Outline) -> Drafter:
        """The drafter of one kind of document, built once until the corpus changes."""
        from assistant.draft.drafter import Drafter
        from assistant.draft.prompts import prompts_in

        with self._lock:
            drafter = self._drafters.get(outline.id)
            if drafter is None or drafter.outline is not outline:
                drafter = Drafter(outline, self.retriever, self.chat_model, self.backend, self.known_names(),
                                  self.settings.draft_chars, prompts=prompts_in(self.settings.prompts_dir),
                                  polish_chars=self.settings.llm_polish_chars)
                self._drafters[outline.id] = drafter
            return drafter

    def corpus_changed(self) -> None:
        """Precedents and other units' names are read again by the next drafter."""
        with self._lock:
            self._drafters.clear()

    # ---- outlines ---------------------------------------------------------------------
    def outlines(self) -> dict[str, Outline]:
        """The built-in outlines and the officer's own (read again each time: one may have been added)."""
        from assistant.core.outlines import load_outlines

        return load_outlines(user_folder=self.settings.outlines_dir)

    def outline(self, kind: str) -> Outline:
        from assistant.core.outlines import get_outline

        return get_outline(kind, user_folder=self.settings.outlines_dir)

    def title_similarity(self) -> Callable[[Sequence[str], Sequence[str]], list[list[float]]] | None:
        """Cosine of the embedding model between titles (an outline read from a document finds its
        nearest built-in sections by meaning); ``None`` when the model cannot load (shared syllables then)."""
        embeddings = self._reader_embeddings()
        if embeddings is None:
            return None

        def similarity(left: Sequence[str], right: Sequence[str]) -> list[list[float]]:
            import numpy as np

            a = np.asarray(embeddings.embed_documents(list(left)), dtype=np.float32)
            b = np.asarray(embeddings.embed_documents(list(right)), dtype=np.float32)
            a /= np.linalg.norm(a, axis=1, keepdims=True) + 1e-9
            b /= np.linalg.norm(b, axis=1, keepdims=True) + 1e-9
            scores: list[list[float]] = (a @ b.T).tolist()
            return scores
        return similarity

    def report_facts(self, outline: Outline, facts: Facts) -> Facts:
        """The facts a report is drafted from: with its unit's own plan of the campaign when the corpus
        holds it (its reference, theme and planned activities: ``documents/plan_basis.py``)."""
        from assistant.documents.plan_basis import find_own_plan, read_plan_basis, with_plan
        from assistant.errors import AssistantError
        from assistant.parse.readers import parse_file

        if self.store is None or not facts.place:
            return facts
        source = find_own_plan(self.store.documents().values(), outline, facts)
        if source is None:
            return facts
        path = self.settings.corpus_dir / source
        key = f"{source}|{path.stat().st_mtime_ns if path.is_file() else 0}"
        with self._lock:
            basis = self._plans.get(key)
        if basis is None:
            try:
                basis = read_plan_basis(parse_file(path))
            except (AssistantError, OSError):
                log.warning("the unit's plan %s cannot be read; the report is drafted without it", source,
                            exc_info=True)
                return facts
            with self._lock:
                self._plans[key] = basis
        return with_plan(facts, basis)

    # ---- the application --------------------------------------------------------------
    def chat_reader(self, outlines: tuple[Outline, ...]) -> ChatReader:
        """The reader of chat messages, by rules and by meaning (with the embedding model, if any)."""
        from assistant.app.reader import ChatReader

        with self._lock:
            if self._reader is None or tuple(self._reader.outlines) != tuple(o.id for o in outlines):
                self._reader = ChatReader(outlines, self._reader_embeddings())
            return self._reader

    def _reader_embeddings(self) -> Any:
        """The embedding model for reading messages by meaning; ``None`` (rules only) when it cannot load."""
        try:
            return self.embeddings
        except Exception:  # a missing model: the rules still read numbers, names and navigation
            log.warning("the chat reads messages by rules only: no embedding model", exc_info=True)
            return None

    def workspace(self) -> Workspace:
        """The one workspace of this program (one index lock, one turn at the local model)."""
        from assistant.app.workspace import Workspace

        with self._lock:
            if self._workspace is None:
                self._workspace = Workspace(self)
            return self._workspace

    def warm_up(self) -> None:
        """Load the embedding model now (a first request or a progress bar should not wait ~10 s for it)."""
        from assistant.index.embeddings import warm_up

        warm_up(self.embeddings)
