"""Shared benchmark tools: timing, a gunicorn server on loopback, a logged-in HTTP session."""

import atexit
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# BENCH_SMOKE=1: every benchmark at a tiny size. The test suite runs them so, so that a
# benchmark cannot break unnoticed when the schema or the app changes; the numbers of such a
# run mean nothing.
SMOKE = os.environ.get("BENCH_SMOKE") == "1"


def scaled(full: int, smoke: int) -> int:
    """``full``, or ``smoke`` in a smoke run."""
    return smoke if SMOKE else full


def scratch_dir(prefix: str) -> Path:
    """A new temporary folder for a benchmark's database and files, removed when the process
    ends (after every server the benchmark started has stopped)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    """Wall-clock milliseconds of each of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at ``fraction`` (0-1) of the sorted samples, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(samples: list[float]) -> str:
    p95 = percentile(samples, 0.95)
    return f"median {statistics.median(samples):.1f} ms · p95 {p95:.1f} ms · n={len(samples)}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int = 1, threads: int = 1
) -> Iterator[tuple[int, list[int]]]:
    """Serve the app with gunicorn on loopback; yields (port, worker pids).

    ``threads`` above 1 gives gunicorn's gthread workers (keep-alive, threads per worker).
    """
    port = free_port()
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    options = ["--threads", str(threads)] if threads > 1 else []
    process = subprocess.Popen(
        [
            str(gunicorn_bin),
            "-w",
            str(workers),
            *options,
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "inspectie.wsgi:app",
        ],
        env={**os.environ, **env},
        cwd=ROOT,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        yield port, [int(pid) for pid in children]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


class Session:
    """A minimal cookie-keeping HTTP client for loopback benchmarks (no extra dependency)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        json_body: object = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        sock = self.connection.sock
        if sock is not None and select.select([sock], [], [], 0)[0]:
            # Readable before we asked anything: the server closed this idle keep-alive
            # connection. Reconnect rather than resend a request that may have been handled.
            self.connection.close()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def login(self, email: str, password: str) -> None:
        _, page = self.request("GET", "/inloggen")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST", "/inloggen", {"csrf_token": token, "email": email, "password": password}
        )
        assert status == 302, f"log-in failed with {status}"

    def csrf_token(self, path: str = "/") -> str:
        """The CSRF token of this session, from the ``csrf-token`` meta tag of a page."""
        status, page = self.request("GET", path)
        assert status == 200, f"GET {path} gave {status}"
        return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def answers_with_saves(inspection_id: int) -> list[tuple[Any, str, int]]:
    """Each stored answer of an inspection with its item code and how many ``answer.save``
    events the audit trail holds for it (call inside an app context). The load tests count
    these against the saves the server accepted."""
    from sqlalchemy import func, select

    from inspectie.audit.models import AuditEvent
    from inspectie.checklists.models import ChecklistItem
    from inspectie.extensions import db
    from inspectie.inspections.models import Answer

    rows = db.session.execute(
        select(Answer, ChecklistItem.code)
        .join(ChecklistItem, ChecklistItem.id == Answer.item_id)
        .where(Answer.inspection_id == inspection_id)
    ).all()
    events = dict(
        db.session.execute(
            select(AuditEvent.object_id, func.count(AuditEvent.id))
            .where(
                AuditEvent.action == "answer.save",
                AuditEvent.object_type == "answers",
                AuditEvent.object_id.in_([answer.id for answer, _ in rows]),
            )
            .group_by(AuditEvent.object_id)
        ).all()
    )
    return [(answer, code, events.get(answer.id, 0)) for answer, code in rows]
