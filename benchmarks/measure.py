"""The one place that times things: in-process medians, child processes, forked children.

A child process is waited for with `os.wait4`, which hands back that child's own rusage, so its
peak resident set (ru_maxrss) is measured exactly, not mixed with earlier children as
RUSAGE_CHILDREN would. While it runs, its resident set is polled so that a build that would
exhaust the shared machine's memory is stopped at a cap instead.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: How often a running child's memory is looked at.
POLL_SECONDS = 0.05
#: The venv's console script: what a user runs.
ALLIANCE_KG = str(Path(sys.executable).parent / "alliance-kg")


def median_ms(task: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls of `task`, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@dataclass(frozen=True)
class ProcessRun:
    """One child process: how long it took, its peak memory, what it printed, how it ended."""

    seconds: float
    max_rss_mib: float
    stdout: str
    stderr: str
    returncode: int
    #: "time" or "memory" when the child was stopped at a cap; None when it ended by itself.
    stopped_at: str | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.stopped_at is None


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return int(kib) / 1024


def run_process(
    command: Sequence[str],
    cwd: Path,
    *,
    timeout: float | None = None,
    memory_cap_mib: float | None = None,
) -> ProcessRun:
    """Run `command` to its end, or kill it at a cap, and measure it."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=stdout, stderr=stderr)
        stopped_at = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                stopped_at = "time"
            elif memory_cap_mib is not None and _rss_mib(process.pid) > memory_cap_mib:
                stopped_at = "memory"
            if stopped_at:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        stdout.seek(0)
        stderr.seek(0)
        return ProcessRun(
            seconds=seconds,
            max_rss_mib=usage.ru_maxrss / 1024,
            stdout=stdout.read(),
            stderr=stderr.read(),
            returncode=process.returncode,
            stopped_at=stopped_at,
        )


def in_child(task: Callable[[], T], limit: float) -> T | None:
    """`task()` run in a forked child, or None if it has not answered after `limit` seconds.

    rdflib takes minutes over some joins of the release; forking keeps its graph (already loaded
    in the parent) and lets the benchmark give up on it cleanly.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=lambda: send.send(task()))
    process.start()
    answer = receive.recv() if receive.poll(limit) else None
    if process.is_alive():
        process.kill()
    process.join()
    return answer


def machine() -> dict[str, str]:
    """What the figures were measured on, for the report's header."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = next((int(line.split()[1]) for line in meminfo.splitlines() if "MemTotal" in line), 0)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": model,
        "cores": str(os.cpu_count()),
        "RAM": f"{kib / 1024**2:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        **{name: version(name) for name in ("rdflib", "pyoxigraph", "pyshacl")},
    }
