"""Load: 50 inspectors autosaving and 5 coordinators on the trends dashboard, all at once for a
few minutes, against gunicorn with several workers and PostgreSQL on loopback. Afterwards every
save the server accepted is counted back in the database.

A fresh PostgreSQL database (as in ``benchmarks/trends.py``: migrations, a coordinator and
``inspectie bench-data``, so that the dashboard has final inspections to show), then through
the app's services one inspector and one inspection in progress (``regulier``, the shipped
checklist) per simulated inspector, and the coordinators. Every client is a thread with its own
HTTP session: it logs in through the form, then

* an inspector goes through the themes of its inspection: it opens the theme page (``GET``),
  then saves the page's items one by one (``PUT /api/v1/inspections/<id>/answers/<code>``,
  ``X-CSRFToken`` from the page, the revision the page showed), thinking 0.5-2 s before each
  save. Like the page's autosave, an item is saved when its judgment is clicked and, for half
  of them, once or twice more while the observation is typed, each time on the revision the
  last save returned. After the last theme it starts again at the first.
  A 409 is handled as the page does when the inspector keeps their version: the save is sent
  again on the stored revision (there should be none: nobody else writes these inspections).
* a coordinator opens the dashboard (``GET /trends/``) with one of seven filter sets and, every
  other time, a drill-down list (``GET /trends/inspecties``), thinking 2-6 s in between.

Bounded: the clients start within the first seconds (a ramp), and stop at the deadline or when
the request cap is used up; the whole run, setup included, has a hard timeout (SIGALRM).

Environment (all optional):

* ``LOAD_INSPECTORS`` (50), ``LOAD_COORDINATORS`` (5), ``LOAD_SECONDS`` (180): the clients and
  how long they run.
* ``LOAD_WORKERS`` (4) and ``LOAD_THREADS`` (1): gunicorn's workers; threads above 1 give
  gthread workers.
* ``LOAD_MAX_REQUESTS`` (20000): the cap on requests of all clients together.
* ``LOAD_LOCATIONS`` (200), ``LOAD_YEARS`` (2): the ``inspectie bench-data`` behind the
  dashboard.
* ``LOAD_TIMEOUT`` (``LOAD_SECONDS`` + 900): hard limit on the whole run in seconds.
* ``LOAD_SEED`` (1): seeds every client's choices and think times.

Needs PostgreSQL (``INSPECTIE_TEST_DATABASE_URL``): ``make bench-load``, that is
``bash .ci/with-postgres .venv/bin/python -m benchmarks load``. Without it the suite reports
that it did not run. It fails (AssertionError, non-zero exit) on any 5xx, unexpected status,
transport error or conflict, and when the count afterwards does not match.
"""

import contextlib
import http.client
import json
import os
import random
import re
import signal
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from benchmarks import trends
from benchmarks.harness import (
    Session,
    answers_with_saves,
    gunicorn,
    percentile,
    rss_mb,
    scaled,
)
from benchmarks.inspections import PLANNED_ON, plausible_judgment

PASSWORD = "load-wachtwoord-2026"  # noqa: S105 (throwaway benchmark users)
SECRET_KEY = "l" * 40
DOMAIN = "@load.example"
INSPECTOR_THINK = (0.5, 2.0)  # s before each save, and after opening a theme page
SAVES_PER_ITEM = (1, 1, 2, 3)  # how often an item is saved in a row (one drawn at random)
COORDINATOR_THINK = (2.0, 6.0)  # s after each dashboard or drill-down page
RAMP_SECONDS = 10.0  # clients start (log in) at a random moment within this, at most
HTTP_TIMEOUT = 30.0  # what harness.Session waits for one response

LOGIN, THEME, SAVE, DASHBOARD, DRILL = (
    "log-in (GET form + POST)",
    "theme page GET",
    "answer PUT",
    "dashboard GET",
    "drill-down GET",
)
KINDS = (LOGIN, THEME, SAVE, DASHBOARD, DRILL)
EXPECTED = {LOGIN: 302, THEME: 200, SAVE: 200, DASHBOARD: 200, DRILL: 200}

# An item's fieldset on the theme page, and the two attributes read from it (in any order).
FIELDSET = re.compile(r'<fieldset\b[^>]*\bclass="answer-item\b[^>]*>')
DATA_ITEM = re.compile(r'\bdata-item="([^"]+)"')
DATA_REVISION = re.compile(r'\bdata-revision="(\d+)"')
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def _items_on(page: str) -> list[tuple[str, int]]:
    """(item code, revision) of every item on a theme page."""
    items = []
    for tag in FIELDSET.findall(page):
        code, revision = DATA_ITEM.search(tag), DATA_REVISION.search(tag)
        assert code and revision, f"an item without its code or revision: {tag}"
        items.append((code[1], int(revision[1])))
    return items


@dataclass(frozen=True)
class Settings:
    inspectors: int
    coordinators: int
    seconds: float
    workers: int
    threads: int
    max_requests: int
    locations: int
    years: int
    timeout: int
    seed: int

    @classmethod
    def from_environment(cls) -> "Settings":
        def number(name: str, default: int) -> int:
            return int(os.environ.get(name, default))

        seconds = number("LOAD_SECONDS", scaled(180, 4))
        return cls(
            inspectors=number("LOAD_INSPECTORS", scaled(50, 2)),
            coordinators=number("LOAD_COORDINATORS", scaled(5, 1)),
            seconds=seconds,
            workers=number("LOAD_WORKERS", scaled(4, 2)),
            threads=number("LOAD_THREADS", 1),
            max_requests=number("LOAD_MAX_REQUESTS", 20_000),
            locations=number("LOAD_LOCATIONS", scaled(200, 10)),
            years=number("LOAD_YEARS", scaled(2, 1)),
            timeout=number("LOAD_TIMEOUT", seconds + 900),
            seed=number("LOAD_SEED", 1),
        )


@dataclass
class Target:
    """One simulated inspector: its log-in and its inspection in progress."""

    email: str
    inspection_id: int
    themes: list[str]
    items: int


@dataclass
class Setup:
    targets: list[Target] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    dashboard: list[str] = field(default_factory=list)  # paths of dashboard views
    drill: list[str] = field(default_factory=list)  # paths of drill-down lists
    sizes: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# --- setup ------------------------------------------------------------------------------------


def _seed(url: str, settings: Settings) -> Setup:
    """The dashboard's data (trends.py's preparation), then users and inspections in progress."""
    from sqlalchemy import select

    from inspectie import create_app
    from inspectie.auth.services import create_user, get_user_by_email
    from inspectie.demo.data import INSPECTORATE
    from inspectie.extensions import db
    from inspectie.inspections.services import (
        Plan,
        answers_of,
        plan_inspection,
        start_inspection,
    )
    from inspectie.locations.models import Location
    from inspectie.organisations.services import get_by_name

    setup = Setup()
    start = time.perf_counter()
    prepared = trends.prepare_national(url, settings.locations, settings.years)
    setup.seconds["prepare"] = time.perf_counter() - start
    setup.sizes = {k: prepared[k] for k in ("inspections", "answers")}
    paths = trends.calls(prepared["theme"], prepared["item"], prepared["citation"])
    setup.dashboard = [path for _, path in paths if path.startswith("/trends/?")]
    setup.drill = [path for _, path in paths if path.startswith("/trends/inspecties?")]

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        start = time.perf_counter()
        inspectorate = get_by_name(INSPECTORATE)
        planner = get_user_by_email(trends.COORDINATOR)
        assert inspectorate is not None and planner is not None
        inspectors = []
        for n in range(settings.inspectors):
            email = f"inspecteur-{n:02d}{DOMAIN}"
            name = f"Inspecteur {n:02d} (load)"
            inspectors.append(create_user(None, email, name, "inspecteur", inspectorate, PASSWORD))
        for n in range(settings.coordinators):
            email = f"coordinator-{n:02d}{DOMAIN}"
            name = f"Coördinator {n:02d} (load)"
            create_user(None, email, name, "coordinator", inspectorate, PASSWORD)
            setup.coordinators.append(email)
        db.session.commit()
        setup.seconds["users"] = time.perf_counter() - start
        start = time.perf_counter()
        locations = list(db.session.scalars(select(Location).order_by(Location.id)))
        for n, lead in enumerate(inspectors):
            plan = Plan(locations[n % len(locations)], "regulier", PLANNED_ON, lead)
            inspection = plan_inspection(planner, plan)
            start_inspection(lead, inspection)
            db.session.commit()
            answers = answers_of(inspection)
            themes = list(dict.fromkeys(a.item.theme.code for a in answers))
            setup.targets.append(Target(lead.email, inspection.id, themes, len(answers)))
        setup.seconds["inspections"] = time.perf_counter() - start
        db.session.remove()
        db.engine.dispose()
    return setup


# --- the clients ------------------------------------------------------------------------------


class Budget:
    """The deadline and the request cap, shared by every client."""

    def __init__(self, max_requests: int, deadline: float) -> None:
        self.lock = threading.Lock()
        self.left = max_requests
        self.deadline = deadline
        self.capped = False  # the cap ran out before the deadline

    def take(self, requests: int = 1) -> bool:
        """Whether the client may send ``requests`` more requests now."""
        if time.monotonic() >= self.deadline:
            return False
        with self.lock:
            if self.left < requests:
                self.capped = True
                return False
            self.left -= requests
            return True


@dataclass
class Tally:
    """What one client saw."""

    ms: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[str] = field(default_factory=list)
    lag_ms: list[float] = field(default_factory=list)  # think time slept beyond the intended
    accepted: Counter[str] = field(default_factory=Counter)  # 200s that added one revision
    revision: dict[str, int] = field(default_factory=dict)  # last revision the server returned
    last: dict[str, dict[str, Any]] = field(default_factory=dict)  # last accepted values
    conflicts: int = 0  # 409s
    stale_pages: int = 0  # a theme page showing another revision than the last accepted
    unknown: Counter[str] = field(default_factory=Counter)  # saves that got no response


class Client:
    """One browser: a session of harness.Session, a seeded RNG, the shared budget."""

    think = (0.0, 0.0)

    def __init__(self, port: int, email: str, budget: Budget, rng: random.Random) -> None:
        self.session = Session(port)
        self.email = email
        self.budget = budget
        self.rng = rng
        self.tally = Tally()

    def request(self, kind: str, method: str, path: str, **options: Any) -> tuple[int, str] | None:
        """Send one timed request; None when the budget or the deadline says stop. A transport
        error gives status 0; every status other than the expected one is recorded."""
        if not self.budget.take():
            return None
        start = time.perf_counter()
        try:
            status, text = self.session.request(method, path, **options)
        except (OSError, http.client.HTTPException) as error:
            self.session.connection.close()  # the next request opens a new connection
            status, text = 0, repr(error)
        self.tally.ms[kind].append((time.perf_counter() - start) * 1000)
        self.tally.statuses[kind][status] += 1
        if status != EXPECTED[kind] and not (kind == SAVE and status == 409):
            self.tally.errors.append(f"{method} {path}: {status} {text[:200]}")
        return status, text

    def login(self) -> bool:
        if not self.budget.take(2):
            return False
        start = time.perf_counter()
        try:
            self.session.login(self.email, PASSWORD)  # asserts the 302
            status = 302
        except (AssertionError, AttributeError, OSError, http.client.HTTPException) as error:
            self.session.connection.close()
            self.tally.errors.append(f"log-in {self.email}: {error!r}")
            status = 0
        self.tally.ms[LOGIN].append((time.perf_counter() - start) * 1000)
        self.tally.statuses[LOGIN][status] += 1
        return status == 302

    def pause(self) -> bool:
        """Think for a while (never past the deadline); False once the deadline has come."""
        wanted = self.rng.uniform(*self.think)
        wanted = min(wanted, self.budget.deadline - time.monotonic())
        if wanted <= 0:
            return False
        start = time.monotonic()
        time.sleep(wanted)
        self.tally.lag_ms.append((time.monotonic() - start - wanted) * 1000)
        return time.monotonic() < self.budget.deadline

    def run(self, ramp: float) -> None:
        try:
            time.sleep(self.rng.uniform(0, ramp))
            if self.login():
                self.work()
        except Exception as error:  # reported and counted, never hidden
            self.tally.errors.append(f"{self.email}: {error!r}")

    def work(self) -> None:
        raise NotImplementedError


class Inspector(Client):
    think = INSPECTOR_THINK

    def __init__(self, port: int, target: Target, budget: Budget, rng: random.Random) -> None:
        super().__init__(port, target.email, budget, rng)
        self.target = target
        self.token = ""
        self.saves = 0

    def work(self) -> None:
        while True:
            for theme in self.target.themes:
                path = f"/inspecties/{self.target.inspection_id}/thema/{theme}"
                answer = self.request(THEME, "GET", path)
                if answer is None or answer[0] != 200:
                    return
                self.token = TOKEN.findall(answer[1])[0]
                items = _items_on(answer[1])
                if not items:
                    self.tally.errors.append(f"GET {path}: no items on the page")
                    return
                if not self.pause():
                    return
                for code, shown in items:
                    if shown != self.tally.revision.get(code, 0):
                        self.tally.stale_pages += 1
                        self.tally.errors.append(
                            f"{path}: {code} shown at revision {shown}, "
                            f"last accepted {self.tally.revision.get(code, 0)}"
                        )
                    # The judgment is saved as soon as it is clicked, then the observation
                    # once or twice more while it is typed, each on the revision just returned.
                    values = plausible_judgment(self.rng)
                    revision = shown
                    for _ in range(self.rng.choice(SAVES_PER_ITEM)):
                        saved = self.save(code, revision, values)
                        if saved is None or not self.pause():
                            return
                        revision = saved

    def save(self, code: str, revision: int, values: tuple[str, str, str]) -> int | None:
        """Save ``values`` for ``code`` on ``revision``, the observation with a number that makes
        every save a change; the new revision, or None when the client must stop."""
        judgment, observation, reason = values
        self.saves += 1
        body: dict[str, Any] = {
            "judgment": judgment,
            "observation": f"{observation} (load, opslag {self.saves})".strip(),
            "reason": reason,
            "revision": revision,
        }
        for attempt in range(2):
            answer = self.request(
                SAVE,
                "PUT",
                f"/api/v1/inspections/{self.target.inspection_id}/answers/{code}",
                json_body=body,
                headers={"X-CSRFToken": self.token, "Accept": "application/json"},
            )
            if answer is None:
                return None
            status, text = answer
            if status == 0:
                self.tally.unknown[code] += 1  # maybe stored, maybe not: the count will say
                return None
            data = json.loads(text) if text.startswith("{") else {}
            if status == 200:
                if data.get("revision") != body["revision"] + 1:
                    self.tally.errors.append(
                        f"{code}: revision {data.get('revision')} after {body}"
                    )
                    return None
                self.tally.accepted[code] += 1
                self.tally.revision[code] = data["revision"]
                self.tally.last[code] = {k: body[k] for k in ("judgment", "observation", "reason")}
                return int(data["revision"])
            if status != 409:
                return None  # recorded by request()
            self.tally.conflicts += 1
            current = (data.get("detail") or {}).get("current")
            if not current or attempt:
                self.tally.errors.append(f"{code}: 409 {text[:200]}")
                return None
            # As "Mijn versie houden" on the page: the same values, on the stored revision.
            self.tally.revision[code] = current["revision"]
            body["revision"] = current["revision"]
        return None


class Coordinator(Client):
    think = COORDINATOR_THINK

    def __init__(
        self, port: int, email: str, setup: Setup, budget: Budget, rng: random.Random
    ) -> None:
        super().__init__(port, email, budget, rng)
        self.setup = setup

    def work(self) -> None:
        while True:
            answer = self.request(DASHBOARD, "GET", self.rng.choice(self.setup.dashboard))
            if answer is None or not self.pause():
                return
            if self.rng.random() < 0.5:
                answer = self.request(DRILL, "GET", self.rng.choice(self.setup.drill))
                if answer is None or not self.pause():
                    return


# --- measuring the machine --------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (field 3 onwards)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process, its children that ended, and its live children."""
    try:
        fields = _stat(pid)
        total = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    for child in children:
        # A child that ended meanwhile counts from now on in the parent's cutime.
        with contextlib.suppress(OSError):
            total += sum(int(x) for x in _stat(int(child))[11:13])
    return total / TICK


def _machine_busy() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICK, sum(values[:8]) / TICK


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _gunicorn_master() -> int:
    """The gunicorn master: the one child process of this process."""
    me = os.getpid()
    (child,) = Path(f"/proc/{me}/task/{me}/children").read_text().split()
    assert b"gunicorn" in Path(f"/proc/{child}/cmdline").read_bytes()
    return int(child)


def _postmaster(url: str) -> int:
    """The pid of the PostgreSQL server process (the parent of our backend)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:  # read while the backend is there
        backend = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
        postmaster = int(_stat(backend)[1])
    engine.dispose()
    return postmaster


# --- counting back ----------------------------------------------------------------------------


def _count(url: str, inspectors: list[Inspector]) -> Counter[str]:
    """Compare what the database holds with what every client was told was accepted."""
    from sqlalchemy import func, select

    from inspectie import create_app
    from inspectie.extensions import db
    from inspectie.inspections.models import Answer

    found: Counter[str] = Counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        for inspector in inspectors:
            tally = inspector.tally
            rows = answers_with_saves(inspector.target.inspection_id)
            found["answers"] += len(rows)
            found["expected_answers"] += inspector.target.items
            codes = set()
            for answer, code, saved in rows:
                codes.add(code)
                accepted = tally.accepted[code]
                found["accepted"] += accepted
                found["revisions"] += answer.revision
                found["events"] += saved
                found["saved_items"] += accepted > 0
                found["saved_twice"] += accepted > 1
                # A save without a response may have been stored: then it is not "duplicated".
                extra = max(0, answer.revision - accepted - tally.unknown[code])
                found["lost"] += max(0, accepted - answer.revision)
                found["lost_events"] += max(0, accepted - saved)
                found["duplicated"] += extra
                found["duplicated_events"] += max(0, saved - answer.revision)
                if accepted and answer.revision != tally.revision[code]:
                    found["wrong_revision"] += 1
                stored = {
                    "judgment": answer.judgment,
                    "observation": answer.observation,
                    "reason": answer.reason,
                }
                if accepted and stored != tally.last[code]:
                    found["wrong_content"] += 1
            found["lost"] += sum(n for code, n in tally.accepted.items() if code not in codes)
        found["duplicate_rows"] = len(
            db.session.execute(
                select(Answer.inspection_id, Answer.item_id)
                .group_by(Answer.inspection_id, Answer.item_id)
                .having(func.count(Answer.id) > 1)
            ).all()
        )
        db.session.remove()
        db.engine.dispose()
    return found


# --- the run ----------------------------------------------------------------------------------


def _timeout(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError("load: the hard timeout (LOAD_TIMEOUT) was reached")


def run() -> str:
    server = os.environ.get("INSPECTIE_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        return (
            "Not run: needs PostgreSQL (`INSPECTIE_TEST_DATABASE_URL`); run it with "
            "`make bench-load`."
        )
    settings = Settings.from_environment()
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(settings.timeout)
    try:
        return _run(settings)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(settings: Settings) -> str:
    log = f"# load: {json.dumps(settings.__dict__)}"
    print(log, file=sys.stderr, flush=True)
    # trends.py's fresh database on the server of INSPECTIE_TEST_DATABASE_URL, dropped after.
    with trends.fresh_database("postgresql", settings.years) as url:
        setup = _seed(url, settings)
        print(f"# load: set up {json.dumps(setup.seconds)}", file=sys.stderr, flush=True)
        env = {
            "INSPECTIE_DATABASE_URL": url,
            "INSPECTIE_SECRET_KEY": SECRET_KEY,
            "INSPECTIE_SECURE_COOKIES": "0",
        }
        with gunicorn(env, workers=settings.workers, threads=settings.threads) as (port, _):
            _warm(port, setup)
            master = _gunicorn_master()
            measured = _load(port, setup, settings, master, _postmaster(url))
            workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            measured["rss"] = max(rss_mb(int(pid)) for pid in workers)
            measured["workers"] = len(workers)
        counted = _count(url, measured["inspectors"])
    return _report(settings, setup, measured, counted)


def _warm(port: int, setup: Setup) -> None:
    """Every worker has imported, compiled its templates and connected before the clock runs
    (untimed, uncounted, no saves)."""
    inspector, coordinator = Session(port), Session(port)
    inspector.login(setup.targets[0].email, PASSWORD)
    if setup.coordinators:
        coordinator.login(setup.coordinators[0], PASSWORD)
    target = setup.targets[0]
    for n in range(8):
        path = f"/inspecties/{target.inspection_id}/thema/{target.themes[n % len(target.themes)]}"
        assert inspector.request("GET", path)[0] == 200, f"warm-up: GET {path}"
        if setup.coordinators:
            path = setup.dashboard[n % len(setup.dashboard)]
            assert coordinator.request("GET", path)[0] == 200, f"warm-up: GET {path}"


def _load(
    port: int, setup: Setup, settings: Settings, master: int, postmaster: int
) -> dict[str, Any]:
    ramp = min(RAMP_SECONDS, settings.seconds / 4)
    start = time.monotonic()
    budget = Budget(settings.max_requests, start + settings.seconds)
    inspectors = [
        Inspector(port, target, budget, random.Random(f"{settings.seed}:inspector:{n}"))
        for n, target in enumerate(setup.targets)
    ]
    coordinators = [
        Coordinator(port, email, setup, budget, random.Random(f"{settings.seed}:coordinator:{n}"))
        for n, email in enumerate(setup.coordinators)
    ]
    clients: list[Client] = [*inspectors, *coordinators]
    threads = [
        threading.Thread(target=c.run, args=(ramp,), name=c.email, daemon=True) for c in clients
    ]
    cpu = (time.process_time(), _tree_cpu(master), _tree_cpu(postmaster), *_machine_busy())
    load_before = _loadavg()
    print(
        f"# load: {len(clients)} clients for {settings.seconds} s, load average {load_before}",
        file=sys.stderr,
        flush=True,
    )
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, budget.deadline - time.monotonic()) + HTTP_TIMEOUT + 5)
    wall = time.perf_counter() - wall
    after = (time.process_time(), _tree_cpu(master), _tree_cpu(postmaster), *_machine_busy())
    used = [b - a for a, b in zip(cpu, after, strict=True)]
    return {
        "inspectors": inspectors,
        "clients": clients,
        "hanging": [t.name for t in threads if t.is_alive()],
        "wall": wall,
        "capped": budget.capped,
        "cpu": {
            "client": used[0],
            "gunicorn": used[1],
            "postgresql": used[2],
            "machine": used[3],
            "capacity": used[4],
        },
        "load": (load_before, _loadavg()),
    }


def _ms(samples: list[float], fraction: float | None = None) -> str:
    if not samples:
        return "—"
    value = statistics.median(samples) if fraction is None else percentile(samples, fraction)
    return f"{value:.1f} ms"


def _report(
    settings: Settings, setup: Setup, measured: dict[str, Any], counted: Counter[str]
) -> str:
    clients: list[Client] = measured["clients"]
    tallies = [c.tally for c in clients]
    wall: float = measured["wall"]
    samples = {kind: [ms for t in tallies for ms in t.ms[kind]] for kind in KINDS}
    statuses = {kind: sum((t.statuses[kind] for t in tallies), Counter()) for kind in KINDS}
    total = sum(len(s) for s in samples.values())
    server_errors = sum(n for c in statuses.values() for s, n in c.items() if s >= 500)
    transport = sum(c[0] for c in statuses.values())
    unexpected = sum(
        n
        for kind, c in statuses.items()
        for s, n in c.items()
        if s != EXPECTED[kind] and not (kind == SAVE and s == 409)
    )
    conflicts = sum(t.conflicts for t in tallies)
    stale = sum(t.stale_pages for t in tallies)
    lag = [ms for t in tallies for ms in t.lag_ms]
    errors = [e for t in tallies for e in t.errors]
    cpu = measured["cpu"]
    cores = cpu["capacity"] / wall if wall else 0.0
    rest = cpu["machine"] - cpu["client"] - cpu["gunicorn"] - cpu["postgresql"]
    server = (
        f"{settings.workers} sync workers"
        if settings.threads == 1
        else f"{settings.workers} gthread workers x {settings.threads} threads"
    )

    def share(seconds: float) -> str:
        return f"{seconds:.1f} s ({seconds / wall * 100:.0f} % of one core)"

    lines = [
        f"{settings.inspectors} inspector(s) and {settings.coordinators} coordinator(s), "
        f"{settings.seconds:.0f} s (cap {settings.max_requests:,} requests), gunicorn {server} "
        f"on loopback, PostgreSQL; dashboard over {setup.sizes['inspections']:,} final "
        f"inspections ({setup.sizes['answers']:,} answers; bench-data "
        f"{settings.locations} locations x {settings.years} years).\n",
        "| request type | requests | median | p95 | max | statuses |",
        "|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        got = ", ".join(f"{n} x {s or 'no response'}" for s, n in sorted(statuses[kind].items()))
        high = f"{max(samples[kind]):.0f} ms" if samples[kind] else "—"
        lines.append(
            f"| {kind} | {len(samples[kind]):,} | {_ms(samples[kind])} | "
            f"{_ms(samples[kind], 0.95)} | {high} | {got or '—'} |"
        )
    saves = len(samples[SAVE])
    rows = [
        (
            "Wall time of the clients (ramp of "
            f"{min(RAMP_SECONDS, settings.seconds / 4):.0f} s included)",
            f"{wall:.1f} s" + (" — **stopped by the request cap**" if measured["capped"] else ""),
        ),
        (
            "Throughput: all requests · answer PUTs",
            f"{total / wall:.1f} req/s · {saves / wall:.1f} saves/s",
        ),
        (
            "5xx · other unexpected statuses · no response",
            f"{server_errors} · {unexpected - server_errors - transport} · {transport}",
        ),
        (
            "409 conflicts (none expected) · theme pages with a stale revision",
            f"{conflicts} · {stale}",
        ),
        (
            "Counted afterwards: answer rows of the inspections (expected) · duplicate rows",
            f"{counted['answers']:,} ({counted['expected_answers']:,}) · "
            f"{counted['duplicate_rows']}",
        ),
        (
            "Counted afterwards: accepted saves = stored revisions = `answer.save` events",
            f"{counted['accepted']:,} = {counted['revisions']:,} = {counted['events']:,} "
            f"({counted['saved_items']:,} items, {counted['saved_twice']:,} saved more than once)",
        ),
        (
            "Counted afterwards: lost · duplicated · revision not the last returned · content "
            "not the last accepted",
            f"{counted['lost'] + counted['lost_events']} · "
            f"{counted['duplicated'] + counted['duplicated_events']} · "
            f"{counted['wrong_revision']} · {counted['wrong_content']}",
        ),
        (
            f"CPU during the run: load client ({len(clients)} threads, one process)",
            share(cpu["client"]),
        ),
        ("CPU during the run: gunicorn", share(cpu["gunicorn"])),
        ("CPU during the run: PostgreSQL", share(cpu["postgresql"])),
        (f"CPU during the run: everything else on the machine ({cores:.0f} cores)", share(rest)),
        (
            f"Memory of the largest gunicorn worker at the end (RSS; {measured['workers']} "
            "workers running)",
            f"{measured['rss']:.0f} MB",
        ),
        ("Load average (1, 5, 15 min) before → after", " → ".join(measured["load"])),
        (
            "Think time overslept (client scheduling delay)",
            f"median {_ms(lag)} · p95 {_ms(lag, 0.95)}",
        ),
        (
            "Setup: migrations + bench-data + rebuild · users · plan and start inspections",
            " · ".join(f"{setup.seconds[k]:.1f} s" for k in ("prepare", "users", "inspections")),
        ),
    ]
    lines += ["", "| measurement | result |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    failures = []
    if server_errors or unexpected or transport:
        failures.append(f"{server_errors} 5xx, {unexpected} unexpected statuses")
    if conflicts or stale:
        failures.append(f"{conflicts} conflicts, {stale} stale pages")
    for key in ("lost", "lost_events", "duplicated", "duplicated_events", "duplicate_rows"):
        if counted[key]:
            failures.append(f"{key}: {counted[key]}")
    for key in ("wrong_revision", "wrong_content"):
        if counted[key]:
            failures.append(f"{key}: {counted[key]}")
    if counted["answers"] != counted["expected_answers"]:
        failures.append(f"{counted['answers']} answer rows, {counted['expected_answers']} planned")
    if not counted["accepted"] or (settings.coordinators and not samples[DASHBOARD]):
        failures.append("nothing measured")
    if errors:
        failures.append(f"{len(errors)} client errors")
    if measured["hanging"]:
        failures.append(f"clients still running after the deadline: {measured['hanging']}")
    if errors:
        lines.append("")
        lines += [f"- client error: {e}" for e in errors[:10]]
    report = "\n".join(lines)
    if failures:
        print(report)
        raise AssertionError("load test failed: " + "; ".join(failures))
    return report
