"""Helpers shared by the server test modules (imported, not collected)."""

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
