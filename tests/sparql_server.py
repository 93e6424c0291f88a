"""Servers the endpoint tests talk to, all on the loopback interface and stopped by the test.

`oxigraph_server` runs the real SPARQL 1.1 server that the `oxigraph` package ships;
`silent_port` accepts connections and never answers (for timeouts); `closed_port` is a port
nothing listens on (for unreachable endpoints).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

HOST = "127.0.0.1"
START_TIMEOUT = 20.0


@dataclass(frozen=True)
class Server:
    """A running Oxigraph server: its base URL and its SPARQL and Graph Store endpoints."""

    base: str

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"


def free_port() -> int:
    """A loopback port free at the time of asking."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` executable beside this Python (the test extras install it), or on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if found is None:
        pytest.fail("the oxigraph server is not installed; run: pip install -e '.[test]'")
    return found


@contextmanager
def oxigraph_server(location: Path) -> Iterator[Server]:
    """Start `oxigraph serve` on a free loopback port, wait until it answers, stop it after."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"{HOST}:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Server(f"http://{HOST}:{port}")
    try:
        _wait_until_answering(process, server.base)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _wait_until_answering(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            pytest.fail(f"oxigraph serve exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"oxigraph serve did not answer at {url} within {START_TIMEOUT} s")


@contextmanager
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused."""
    return free_port()
