"""The page run as a local Streamlit server on a free port, for the browser tests, the page benchmark and the
screenshots; and the arguments Debian's Chromium needs on this kind of machine (Playwright drives it; its own
browser download does not work offline)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ZEITLEISTE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPage:
    """dashboard.py served on 127.0.0.1 on data_dir (ZEITLEISTE_DATA_DIR); ready when /_stcore/health answers.
    Its output goes to `log` (default: beside data_dir). Use as a context manager or call stop()."""

    def __init__(self, data_dir: Path, env: dict | None = None, log: Path | None = None, timeout: float = 60):
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log or self.data_dir.parent / f"streamlit-{self.port}.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard.py"),
               "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=open(self.log, "wb"), stderr=subprocess.STDOUT,
                                     env={**os.environ, "ZEITLEISTE_DATA_DIR": str(self.data_dir), **(env or {})})
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s (see {self.log})")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> "LocalPage":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
