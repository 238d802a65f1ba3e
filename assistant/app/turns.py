"""A document's chat requests, served one at a time, in the order they were sent.

Officers send the next request while the model is still writing the last one. Each request gets a
``Ticket`` at once and joins its document's queue; one worker thread per document serves that
queue in order, so two requests on one document never interleave their chat turns or versions,
and a request is never dropped. The caller (the browser's event, a test) only follows the ticket's
updates: a closed tab does not stop the work, whose answer the work itself saves. Different
documents are served side by side. What a request does is the ``work`` given with it; this module
knows nothing of drafting, records or the UI.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)
_DONE = object()  # the end of a ticket's updates


@dataclass
class Ticket:
    """One request: its place in the queue, and the updates its work yields (``updates()``)."""
    id: str
    doc_id: str
    ahead: int  # requests of the same document before it when it was sent
    started: threading.Event = field(default_factory=threading.Event)
    _updates: queue.Queue[Any] = field(default_factory=queue.Queue)

    def updates(self) -> Iterator[Any]:
        """What the work yields, in order, until it ends; an exception the work raised is raised here."""
        while True:
            item = self._updates.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


class Turns:
    """The queues of every document; ``live(doc_id)`` says which requests are waiting or running."""

    def __init__(self, on_failure: Callable[[Ticket, BaseException], None] | None = None):
        self._lock = threading.Lock()
        self._queues: dict[str, list[tuple[Ticket, Callable[[], Iterable[Any]]]]] = {}
        self._live: dict[str, dict[str, str | None]] = {}  # doc id → ticket id → its text so far (None: waiting)
        self._changes: dict[str, int] = {}
        self._workers: set[str] = set()  # documents whose queue a thread is serving
        self._on_failure = on_failure

    def submit(self, doc_id: str, work: Callable[[Ticket], Iterable[Any]], ticket_id: str = "") -> Ticket:
        """Queue ``work(ticket)`` for ``doc_id``; it starts when the requests before it have ended."""
        with self._lock:
            waiting = self._queues.setdefault(doc_id, [])
            ticket = Ticket(ticket_id or uuid.uuid4().hex[:12], doc_id, ahead=len(waiting))
            waiting.append((ticket, lambda: work(ticket)))
            self._live.setdefault(doc_id, {})[ticket.id] = None
            self._changed(doc_id)
            if doc_id not in self._workers:  # no thread serves this document: start one
                self._workers.add(doc_id)
                threading.Thread(target=self._serve, args=(doc_id,), name=f"turns-{doc_id}", daemon=True).start()
        return ticket

    def live(self, doc_id: str) -> dict[str, str | None]:
        """The document's open requests: ticket id → the text written so far (None while it waits)."""
        with self._lock:
            return dict(self._live.get(doc_id, {}))

    def waiting(self, doc_id: str) -> int:
        with self._lock:
            return len(self._queues.get(doc_id, []))

    def changes(self, doc_id: str) -> int:
        """A counter that moves whenever a request of the document is queued or ends."""
        with self._lock:
            return self._changes.get(doc_id, 0)

    def show(self, ticket: Ticket, text: str) -> None:
        """What the running request shows now (the model's text so far)."""
        with self._lock:
            if ticket.id in self._live.get(ticket.doc_id, {}):
                self._live[ticket.doc_id][ticket.id] = text

    def _changed(self, doc_id: str) -> None:
        self._changes[doc_id] = self._changes.get(doc_id, 0) + 1

    def _serve(self, doc_id: str) -> None:
        while True:
            with self._lock:
                waiting = self._queues.get(doc_id)
                if not waiting:
                    self._queues.pop(doc_id, None)
                    self._workers.discard(doc_id)
                    return
                ticket, run = waiting[0]
                self._live.setdefault(doc_id, {})[ticket.id] = ""
            ticket.started.set()
            try:
                for update in run():
                    ticket._updates.put(update)
            except Exception as exc:  # the request fails, not the queue: the next one still runs
                log.exception("chat request %s on %s failed", ticket.id, doc_id)
                if self._on_failure is not None:
                    try:
                        self._on_failure(ticket, exc)
                    except Exception:
                        log.exception("recording the failure of %s failed", ticket.id)
                ticket._updates.put(exc)
            finally:
                with self._lock:
                    waiting.pop(0)
                    self._live.get(doc_id, {}).pop(ticket.id, None)
                    self._changed(doc_id)
                ticket._updates.put(_DONE)
