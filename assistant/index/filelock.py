"""A lock file that one process at a time may hold, on Linux, macOS and Windows.

``fcntl.flock`` where it exists; ``msvcrt.locking`` on Windows (most commune offices run it), so the
package imports and the index stays single-writer on both. The lock is released when the process
dies, on both systems.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold ``path`` exclusively (waiting for another holder) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
            return
        import msvcrt

        handle.seek(0)
        while True:  # msvcrt's blocking mode gives up after 10 s; wait as long as it takes
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                break
            except OSError:
                time.sleep(0.1)
        try:
            yield
        finally:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
