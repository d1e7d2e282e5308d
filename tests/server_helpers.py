"""Helpers shared by the server test modules (imported, not collected)."""

import re
import threading


class BlockedWorker:
    """Occupy every model worker thread so admitted jobs stay queued until released."""

    def __init__(self, server):
        self.worker, self.gate = server.app.state.worker, threading.Event()

    def __enter__(self):
        for _ in range(self.worker._pool._max_workers):
            self.worker._pool.submit(self.gate.wait, 30)
        return self

    def __exit__(self, *exc):
        self.gate.set()


def quotes(text: str, value: str = "4821") -> bool:
    """Whether text holds the value as a number of its own: a timestamp such as 1796044821.008
    holds the digits too, and failed this test once."""
    return re.search(rf"(?<!\d)(?<!\d\.){value}(?!\d)(?!\.\d)", text) is not None
