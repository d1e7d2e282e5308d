"""Starting a server for tests and benchmarks: in a thread of this process, or as a child process.

    with ServerThread(create_app(config, model=model)) as srv:   # uvicorn on 127.0.0.1, a free port
        httpx.get(srv.url + "/health")

    proc = ServerProcess(["--model", model_dir, "--data-dir", d], env={"AGENTHN_ADMIN_KEY": k}).start()
    ...; proc.kill()          # SIGKILL: what the crash-restart test does

The process form runs `python -m agenthn.cli.main serve`, the same path as `agenthn serve`, so a
benchmark measures the real server and its clients do not share the server's interpreter (GIL).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before it was healthy")
        try:
            if httpx.get(url + "/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"server at {url} not healthy after {timeout_s:.0f} s")


class ServerThread:
    """uvicorn serving `app` on loopback from a daemon thread (signals stay with the main thread)."""

    def __init__(self, app, host: str = "127.0.0.1", port: int | None = None):
        import uvicorn

        self.app, self.host, self.port = app, host, port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(app, host=host, port=self.port, log_config=None, access_log=False,
                                timeout_graceful_shutdown=2, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class ServerProcess:
    """`agenthn serve` in a child process on a free loopback port; output goes to `log_path`."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, log_path: str | Path | None = None,
                 port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [sys.executable, "-m", "agenthn.cli.main", "serve", "--port", str(self.port), *args]
        self.env = {**os.environ, **(env or {})}
        self.log_path = Path(log_path) if log_path else None
        self.proc: subprocess.Popen | None = None

    def start(self, timeout_s: float = 120.0) -> ServerProcess:
        # the child holds its own copy of the log's descriptor; this process closes its one
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(open(self.log_path, "ab")) if self.log_path else subprocess.DEVNULL
            self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        try:
            wait_healthy(self.url, timeout_s, self.proc)
        except BaseException:  # not ready in time, or interrupted while waiting: no server left behind
            self.stop()
            raise
        return self

    def kill(self) -> None:
        """SIGKILL, no clean-up at all: the crash the persistence guarantees are about."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
