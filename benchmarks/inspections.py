"""Inspections: a 150-item inspection planned through the services, its pages rendered, and
autosaved by 20 inspectors at once on gunicorn over a database with hundreds of final
inspections; afterwards every accepted save is counted back in the database."""

import json
import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from benchmarks.harness import (
    Session,
    answers_with_saves,
    gunicorn,
    rss_mb,
    scaled,
    scratch_dir,
    summary,
    timed,
)

THEMES, ITEMS_PER_THEME = 15, 10
INSPECTORS = scaled(20, 2)
BACKGROUND = scaled(500, 3)  # final inspections of 150 answers each already in the database
SOLO_SAVES = 75  # saves by one inspector alone, before and after the background is added
RESAVES = scaled(30, 3)  # extra saves per inspector (random items, so some are saved 3 times)
STALE_SAVES = 2  # deliberate conflicts per inspector
PAGE_EVERY = 15  # an inspector opens the theme page of every this many-th item it saves
PACED_SAVES = scaled(45, 3)  # first saves of each inspector, paced like the 0.7 s debounce
PAUSE_SECONDS = (0.35, 1.05)
REQUESTS = scaled(200, 3)
WORKERS, THREADS = scaled(4, 2), 1
DEADLINE_SECONDS = 300
PLANNED_ON = date(2026, 11, 28)
OBSERVATIONS = [
    "Bij de rondgang bleek dit niet op orde; de locatiemanager bevestigde dit in het gesprek.",
    "In de steekproef van vijf dossiers ontbrak dit bij twee bewoners.",
    "Het document is aanwezig maar verouderd (laatste versie van vorig jaar).",
    "Tijdens de waarneming werd dit in één van de drie units niet aangetroffen.",
]


def benchmark_checklist() -> Any:
    """A version of 15 themes x 10 items that all apply everywhere, checked by the loader."""
    from inspectie.checklists import spec
    from inspectie.checklists.loader import load_bytes
    from inspectie.checklists.writer import to_yaml

    themes = tuple(
        spec.Theme(
            code=f"thema-{t:02d}",
            title=f"Thema {t:02d} van de benchmark",
            items=tuple(
                spec.Item(
                    code=f"B{t:02d}-{i:02d}",
                    title=f"Toetspunt {i} van thema {t}",
                    norm=(
                        f"De opvanglocatie voldoet aan norm {t}.{i}: " + "zorgvuldig. " * 20
                    ).strip(),
                    guidance=(
                        "Bekijk de documenten en spreek bewoners en medewerkers. " * 4
                    ).strip(),
                    legal_basis=(spec.LegalBasis(source="rva", article=str(t), lid=str(i)),),
                    methods=("documenten", "waarneming"),
                    severity=("laag", "gemiddeld", "hoog", "kritiek")[i % 4],
                )
                for i in range(1, ITEMS_PER_THEME + 1)
            ),
        )
        for t in range(1, THEMES + 1)
    )
    checklist = spec.Checklist(
        id="benchmark",
        version="2026.1",
        title="Benchmark: 150 toetspunten die overal gelden",
        valid_from=date(2020, 1, 1),
        sources=(spec.Source(id="rva", title="Rva 2005 (benchmark)", citation="Rva 2005"),),
        themes=themes,
    )
    assert load_bytes(to_yaml(checklist).encode(), "benchmark.yaml") == checklist
    return checklist


@dataclass
class Setup:
    timings: dict[str, Any] = field(default_factory=dict)
    inspectors: list[str] = field(default_factory=list)  # e-mail addresses
    targets: list[int] = field(default_factory=list)  # one in_uitvoering inspection each
    solo: int = 0  # the inspection one inspector saves alone
    codes: list[str] = field(default_factory=list)
    theme_of: dict[str, str] = field(default_factory=dict)
    version_id: int = 0


def _seed(setup: Setup) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import select

    from inspectie.auth.models import User
    from inspectie.auth.services import create_user
    from inspectie.checklists.services import import_checklist
    from inspectie.demo import load_demo
    from inspectie.demo.data import DEMO_PASSWORD, INSPECTORATE
    from inspectie.extensions import db
    from inspectie.inspections.services import Plan, plan_inspection, start_inspection
    from inspectie.locations.models import Location
    from inspectie.organisations.services import get_by_name

    upgrade()
    load_demo()
    db.session.commit()
    checklist = benchmark_checklist()
    setup.timings["import"] = timed(
        lambda: (import_checklist(None, checklist), db.session.commit())
    )[0]
    version = import_checklist(None, checklist).version
    setup.version_id = version.id
    setup.codes = [item.code for item in checklist.items]
    setup.theme_of = {item.code: theme.code for theme in checklist.themes for item in theme.items}
    inspectorate = get_by_name(INSPECTORATE)
    inspectors = []
    for n in range(INSPECTORS):
        email = f"bench-inspecteur-{n:02d}@demo.example"
        name = f"Inspecteur {n:02d} (benchmark)"
        inspectors.append(create_user(None, email, name, "inspecteur", inspectorate, DEMO_PASSWORD))
        setup.inspectors.append(email)
    db.session.commit()
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@demo.example"))
    locations = list(db.session.scalars(select(Location).order_by(Location.id)))
    plan_ms, start_ms = [], []
    for n in range(INSPECTORS + 1):
        lead = inspectors[n % INSPECTORS]
        plan = Plan(
            location=locations[n % len(locations)],
            type="regulier",
            planned_on=PLANNED_ON,
            lead=lead,
            version=version,
        )
        start = time.perf_counter()
        inspection = plan_inspection(coordinator, plan)
        db.session.commit()
        plan_ms.append((time.perf_counter() - start) * 1000)
        assert len(inspection.checklist_version.themes) == THEMES
        start_ms += timed(
            lambda i=inspection, u=lead: (start_inspection(u, i), db.session.commit())
        )
        if n < INSPECTORS:
            setup.targets.append(inspection.id)
        else:
            setup.solo = inspection.id
    setup.timings["plan"] = plan_ms
    setup.timings["start"] = start_ms


def _lifecycle(setup: Setup) -> int:
    """One whole inspection through the services: plan, start, 150 saves, submit, finalise.

    Returns its id; the background copies it.
    """
    from sqlalchemy import select

    from inspectie.auth.models import User
    from inspectie.checklists.models import ChecklistVersion
    from inspectie.extensions import db
    from inspectie.inspections.answers import save_answer
    from inspectie.inspections.review import finalise
    from inspectie.inspections.services import (
        Plan,
        answers_of,
        plan_inspection,
        start_inspection,
        submit_inspection,
    )
    from inspectie.locations.models import Location

    rng = random.Random(1)
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@demo.example"))
    lead = db.session.scalar(select(User).where(User.email == setup.inspectors[0]))
    location = db.session.scalar(select(Location).order_by(Location.id).limit(1))
    version = db.session.get(ChecklistVersion, setup.version_id)
    inspection = plan_inspection(
        coordinator,
        Plan(location, "regulier", date(2024, 1, 15), lead, version=version),
    )
    start_inspection(lead, inspection)
    for answer in answers_of(inspection):
        judgment, observation, reason = plausible_judgment(rng)
        save_answer(lead, inspection, answer, judgment, observation, reason, 0)
    submit_inspection(lead, inspection)
    finalise(coordinator, inspection)
    db.session.commit()
    return inspection.id


def plausible_judgment(rng: random.Random) -> tuple[str, str, str]:
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(("voldoet_niet", "voldoet_deels")), rng.choice(OBSERVATIONS), ""
    if roll < 0.15:
        return "niet_van_toepassing", "", "Deze voorziening ontbreekt op deze locatie."
    return "voldoet", rng.choice(("Gezien tijdens de rondgang.", "")), ""


def _background(setup: Setup, template: int, count: int) -> None:
    """``count`` copies of the final ``template`` inspection, by SQL: other locations, leads and
    dates, with their answers, findings and the audit events of inspection and answers."""
    from sqlalchemy import insert, select, text, update

    from inspectie.audit.models import AuditEvent
    from inspectie.auth.models import User
    from inspectie.extensions import db
    from inspectie.findings.models import Finding
    from inspectie.inspections.models import Answer, Inspection
    from inspectie.locations.models import Location

    locations = list(db.session.scalars(select(Location.id)))
    leads = list(db.session.scalars(select(User.id).where(User.email.in_(setup.inspectors))))
    final = db.session.get(Inspection, template)
    assert final is not None and final.status == "vastgesteld"
    final_values = {
        "status": final.status,
        "finalised_at": final.finalised_at,
        "content_hash": final.content_hash,
        "reviewer_id": final.reviewer_id,
    }

    def copy(table: Any, where: Any, overrides: dict[str, Any]) -> Any:
        columns = [c.name for c in table.columns if c.name != "id"]
        values = [overrides.get(c, table.c[c]) for c in columns]
        return insert(table).from_select(columns, select(*values).where(where))

    inspections, answers = Inspection.__table__, Answer.__table__
    for n in range(count):
        lead = leads[n % len(leads)]
        new_id = db.session.execute(
            insert(inspections).values(
                {
                    c.name: getattr(final, c.key)
                    for c in inspections.columns
                    if c.name not in ("id", *final_values)
                }
                | {
                    "status": "in_uitvoering",
                    "location_id": locations[n % len(locations)],
                    "lead_id": lead,
                    "planned_on": PLANNED_ON - timedelta(days=3 + n * 2),
                }
            )
        ).inserted_primary_key[0]
        # Answers first: the triggers refuse new answers of a final inspection.
        db.session.execute(
            copy(
                answers,
                answers.c.inspection_id == template,
                {"inspection_id": new_id, "updated_by_id": lead},
            )
        )
        db.session.execute(
            update(inspections).where(inspections.c.id == new_id).values(final_values)
        )
        params = {"template": template, "new": new_id}
        db.session.execute(
            text(
                "INSERT INTO findings (inspection_id, answer_id, location_id, item_id, judgment,"
                " severity, observation, repair_order, deadline, status, created_at,"
                " status_changed_at, revision)"
                " SELECT :new, n.id, i.location_id, f.item_id, f.judgment, f.severity,"
                " f.observation, f.repair_order, f.deadline, f.status, f.created_at,"
                " f.status_changed_at, f.revision"
                " FROM findings f JOIN answers o ON o.id = f.answer_id"
                " JOIN answers n ON n.inspection_id = :new AND n.item_id = o.item_id"
                " JOIN inspections i ON i.id = :new WHERE f.inspection_id = :template"
            ),
            params,
        )
        db.session.execute(
            text(
                "INSERT INTO audit_events (at, actor_id, action, object_type, object_id,"
                " changes, reason)"
                " SELECT e.at, e.actor_id, e.action, e.object_type, n.id, e.changes, e.reason"
                " FROM audit_events e JOIN answers o ON e.object_type = 'answers'"
                " AND e.object_id = o.id AND o.inspection_id = :template"
                " JOIN answers n ON n.inspection_id = :new AND n.item_id = o.item_id"
                " ORDER BY e.id"
            ),
            params,
        )
        db.session.execute(
            copy(
                AuditEvent.__table__,
                (AuditEvent.object_type == "inspections") & (AuditEvent.object_id == template),
                {"object_id": new_id},
            )
        )
    db.session.commit()
    assert Finding is not None  # the findings table is filled by the SQL above


# --- over HTTP --------------------------------------------------------------------------------


@dataclass
class Tally:
    """What one inspector's client saw."""

    save_ms: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    page_ms: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    accepted: Counter[str] = field(default_factory=Counter)
    last: dict[str, dict[str, Any]] = field(default_factory=dict)
    revision: dict[str, int] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    stale: Counter[int] = field(default_factory=Counter)  # deliberate conflicts: status -> n
    stale_ok: int = 0  # conflicts that reported the stored revision back
    errors: list[str] = field(default_factory=list)


class Inspector:
    """One inspector's browser: a logged-in session, its CSRF token and its inspection."""

    def __init__(
        self, port: int, email: str, inspection_id: int, theme_of: dict[str, str], seed: int
    ) -> None:
        from inspectie.demo.data import DEMO_PASSWORD

        self.session = Session(port)
        self.session.login(email, DEMO_PASSWORD)
        self.inspection_id = inspection_id
        self.theme_of = theme_of
        self.token = self.session.csrf_token(f"/inspecties/{inspection_id}")
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.phase = "warm-up"

    def put(self, code: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        start = time.perf_counter()
        status, text = self.session.request(
            "PUT",
            f"/api/v1/inspections/{self.inspection_id}/answers/{code}",
            json_body=body,
            headers={"X-CSRFToken": self.token, "Accept": "application/json"},
        )
        elapsed = (time.perf_counter() - start) * 1000
        return status, json.loads(text) if text.startswith("{") else {}, elapsed

    def save(self, code: str) -> None:
        judgment, observation, reason = plausible_judgment(self.rng)
        body = {
            "judgment": judgment,
            "observation": f"{observation} (opslag {self.tally.accepted[code] + 1})".strip(),
            "reason": reason,
            "revision": self.tally.revision.get(code, 0),
        }
        status, data, elapsed = self.put(code, body)
        self.tally.save_ms[self.phase].append(elapsed)
        self.tally.statuses[status] += 1
        if status != 200:
            self.tally.errors.append(f"{code}: {status} {data}")
            return
        if data["revision"] != body["revision"] + 1:
            self.tally.errors.append(f"{code}: revision {data['revision']} after {body}")
        self.tally.accepted[code] += 1
        self.tally.revision[code] = data["revision"]
        self.tally.last[code] = {k: body[k] for k in ("judgment", "observation", "reason")}

    def stale_save(self, code: str) -> None:
        """A save based on the revision before the stored one: must be refused, change nothing."""
        stored = self.tally.revision[code]
        body = {
            "judgment": "voldoet_niet",
            "observation": "Verouderd.",
            "reason": "",
            "revision": stored - 1,
        }
        status, data, _ = self.put(code, body)
        self.tally.stale[status] += 1
        current = (data.get("detail") or {}).get("current") or {}
        if status == 409 and current.get("revision") == stored:
            self.tally.stale_ok += 1

    def page(self, path: str) -> None:
        start = time.perf_counter()
        status, _ = self.session.request("GET", path)
        self.tally.page_ms[self.phase].append((time.perf_counter() - start) * 1000)
        self.tally.statuses[status] += 1
        if status != 200:
            self.tally.errors.append(f"GET {path}: {status}")


def _crowd(
    inspectors: list[Inspector],
    plans: list[list[str]],
    phase: str,
    pause: tuple[float, float] = (0, 0),
    stale: int = 0,
) -> float:
    """All inspectors at once, each saving the items of its plan in order, pausing a random
    time in ``pause`` (s) after each save, opening the theme page of every ``PAGE_EVERY``th item
    first, and ending with ``stale`` stale saves. Returns the wall time in s."""
    barrier = threading.Barrier(len(inspectors))
    deadline = time.monotonic() + DEADLINE_SECONDS

    def work(inspector: Inspector, plan: list[str]) -> None:
        inspector.phase = phase
        rng = inspector.rng
        barrier.wait(timeout=60)
        if pause[1]:  # paced inspectors do not all begin in the same millisecond
            time.sleep(rng.uniform(0, pause[1]))
        try:
            for n, code in enumerate(plan):
                if time.monotonic() > deadline:
                    inspector.tally.errors.append(f"{phase}: deadline reached")
                    return
                if n % PAGE_EVERY == 0:
                    theme = inspector.theme_of[code]
                    inspector.page(f"/inspecties/{inspector.inspection_id}/thema/{theme}")
                inspector.save(code)
                if pause[1]:
                    time.sleep(rng.uniform(*pause))
            for code in rng.sample(sorted(inspector.tally.accepted), stale):
                inspector.stale_save(code)
        except Exception as error:  # reported in the table, never hidden
            inspector.tally.errors.append(f"{phase}: {error!r}")

    threads = [
        threading.Thread(target=work, args=(inspector, plan))
        for inspector, plan in zip(inspectors, plans, strict=True)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_SECONDS + 60)
    return time.perf_counter() - start


def _solo(inspector: Inspector, codes: list[str], phase: str) -> list[float]:
    inspector.phase = phase
    for code in codes:
        inspector.save(code)
    return inspector.tally.save_ms[phase]


# --- counting back ----------------------------------------------------------------------------


def _count(setup: Setup, inspectors: list[Inspector]) -> dict[str, int]:
    """Compare what the database holds with what the clients were told was accepted."""
    from sqlalchemy import func, select

    from inspectie.audit.models import AuditEvent
    from inspectie.extensions import db
    from inspectie.inspections.models import Answer, Inspection

    found: Counter[str] = Counter()
    for inspector in inspectors:
        tally = inspector.tally
        rows = answers_with_saves(inspector.inspection_id)
        found["answers"] += len(rows)
        found["short"] += max(0, len(setup.codes) - len(rows))
        for answer, code, saved in rows:
            accepted = tally.accepted[code]
            found["accepted"] += accepted
            found["revisions"] += answer.revision
            found["events"] += saved
            found["lost"] += max(0, accepted - answer.revision)
            found["duplicated"] += max(0, answer.revision - accepted)
            found["duplicated"] += max(0, saved - accepted)
            found["lost"] += max(0, accepted - saved)
            stored = {
                "judgment": answer.judgment,
                "observation": answer.observation,
                "reason": answer.reason,
            }
            if accepted and stored != tally.last[code]:
                found["wrong_content"] += 1
    found["duplicate_rows"] = len(
        db.session.execute(
            select(Answer.inspection_id, Answer.item_id)
            .group_by(Answer.inspection_id, Answer.item_id)
            .having(func.count(Answer.id) > 1)
        ).all()
    )
    found["inspections"] = db.session.scalar(select(func.count(Inspection.id)))
    found["all_answers"] = db.session.scalar(select(func.count(Answer.id)))
    found["all_events"] = db.session.scalar(select(func.count(AuditEvent.id)))
    return dict(found)


def _get(session: Session, path: str) -> None:
    status, _ = session.request("GET", path)
    assert status == 200, f"GET {path} gave {status}"


def _warm(inspectors: list[Inspector], setup: Setup) -> None:
    """Every worker compiles its templates and statements before anything is timed; the one
    save per inspector counts in the totals, not in the latencies."""
    for inspector in inspectors:
        theme = setup.theme_of[setup.codes[-1]]
        _get(inspector.session, f"/inspecties/{inspector.inspection_id}/thema/{theme}")
        _get(inspector.session, f"/api/v1/inspections/{inspector.inspection_id}")
        _get(inspector.session, "/inspecties/")
        inspector.save(setup.codes[-1])


def run() -> str:
    import os

    from sqlalchemy import func, select

    from inspectie import create_app
    from inspectie.extensions import db
    from inspectie.inspections.models import Inspection

    workers, threads = WORKERS, THREADS
    if os.environ.get("BENCH_GUNICORN"):  # e.g. "2x8": 2 workers of 8 threads (gthread)
        workers, _, more = os.environ["BENCH_GUNICORN"].partition("x")
        workers, threads = int(workers), int(more or 1)
    workdir = scratch_dir("inspectie-bench-")
    url = f"sqlite:///{workdir / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO": True})
    setup = Setup()
    with app.app_context():
        _seed(setup)
        small = db.session.scalar(select(func.count(Inspection.id)))
        db.engine.dispose()
    env = {
        "INSPECTIE_DATABASE_URL": url,
        "INSPECTIE_SECRET_KEY": "b" * 40,
        "INSPECTIE_SECURE_COOKIES": "0",
    }
    with gunicorn(env, workers=workers, threads=threads) as (port, pids):
        inspectors = [
            Inspector(port, email, inspection_id, setup.theme_of, seed=n)
            for n, (email, inspection_id) in enumerate(
                zip(setup.inspectors, setup.targets, strict=True)
            )
        ]
        solo = Inspector(port, setup.inspectors[0], setup.solo, setup.theme_of, seed=99)
        _warm([solo, *inspectors], setup)
        before = _solo(solo, setup.codes[:SOLO_SAVES], "solo, small")
        with app.app_context():
            start = time.perf_counter()
            template = _lifecycle(setup)
            lifecycle_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            _background(setup, template, BACKGROUND - 1)
            background_ms = (time.perf_counter() - start) * 1000
            db.engine.dispose()
        after = _solo(solo, setup.codes[SOLO_SAVES:], "solo, large")
        plans = []
        for inspector in inspectors:
            plan = list(setup.codes) + inspector.rng.choices(setup.codes, k=RESAVES)
            inspector.rng.shuffle(plan)
            plans.append(plan)
        paced_s = _crowd(inspectors, [p[:PACED_SAVES] for p in plans], "paced", pause=PAUSE_SECONDS)
        storm_s = _crowd(inspectors, [p[PACED_SAVES:] for p in plans], "storm", stale=STALE_SAVES)
        reader = inspectors[0]
        target = reader.inspection_id
        theme = setup.theme_of[setup.codes[0]]
        paths = {
            "Overview page, progress of 15 themes": f"/inspecties/{target}",
            "Theme page, 10 of the 150 items": f"/inspecties/{target}/thema/{theme}",
            "API one inspection, 150 items with answers": f"/api/v1/inspections/{target}",
            "Inspections list of an inspector": "/inspecties/",
        }
        pages = {
            label: timed(lambda p=path: _get(reader.session, p), repeat=REQUESTS)
            for label, path in paths.items()
        }
        memory = max(rss_mb(pid) for pid in pids)
    with app.app_context():
        counted = _count(setup, inspectors)
        db.engine.dispose()

    tallies = [i.tally for i in inspectors]

    def merged(kind: str, phase: str) -> list[float]:
        return [ms for t in tallies for ms in getattr(t, kind)[phase]]

    paced, storm = merged("save_ms", "paced"), merged("save_ms", "storm")
    unexpected = sum(n for t in tallies for status, n in t.statuses.items() if status != 200)
    stale = sum((t.stale for t in tallies), Counter())
    errors = [e for t in tallies for e in t.errors]
    server = f"{workers} sync workers" if threads == 1 else f"{workers} workers x {threads} threads"
    rows = [
        (
            "Import the benchmark checklist (15 themes x 10 items)",
            f"{setup.timings['import']:.0f} ms",
        ),
        (
            "Plan one 150-item inspection (service + commit: 150 empty answers, audit)",
            summary(setup.timings["plan"]),
        ),
        ("Start it (service + commit)", summary(setup.timings["start"])),
        (
            "One whole inspection in-process: plan, start, 150 saves, submit, finalise",
            f"{lifecycle_ms:.0f} ms",
        ),
        (
            f"Background: {BACKGROUND} final inspections added by SQL copies of that one",
            f"{background_ms:.0f} ms",
        ),
        (f"Autosave, one inspector alone, {small} inspections in the database", summary(before)),
        (
            f"Autosave, one inspector alone, {counted['inspections']:,} inspections "
            f"({counted['all_answers']:,} answers, {counted['all_events']:,} audit events)",
            summary(after),
        ),
        (
            f"Autosave, {INSPECTORS} inspectors at once, {PAUSE_SECONDS[0]}-{PAUSE_SECONDS[1]} s "
            f"between saves ({len(paced) / paced_s:.0f} saves/s)",
            summary(paced),
        ),
        ("… theme page opened meanwhile", summary(merged("page_ms", "paced"))),
        (
            f"Autosave, {INSPECTORS} inspectors at once, back to back: saturation "
            f"({len(storm) / storm_s:.0f} saves/s)",
            summary(storm),
        ),
        ("… theme page opened meanwhile", summary(merged("page_ms", "storm"))),
        (
            "Responses other than 200 (deliberate conflicts aside)",
            f"{unexpected}" + (f" ({len(errors)} client errors)" if errors else ""),
        ),
        (
            f"Deliberate stale saves ({STALE_SAVES} per inspector)",
            ", ".join(f"{n} x {status}" for status, n in sorted(stale.items()))
            + f"; {sum(t.stale_ok for t in tallies)} answered with the stored revision",
        ),
        (
            "Counted afterwards: answers of the 20 inspections",
            f"{counted['answers']:,} (expected {INSPECTORS * len(setup.codes):,}), "
            f"{counted['duplicate_rows']} duplicate rows",
        ),
        (
            "Counted afterwards: accepted saves = stored revisions = `answer.save` events",
            f"{counted['accepted']:,} = {counted['revisions']:,} = {counted['events']:,}",
        ),
        (
            "Counted afterwards: lost · duplicated · stored content not the last accepted",
            f"{counted.get('lost', 0)} · {counted.get('duplicated', 0)} · "
            f"{counted.get('wrong_content', 0)}",
        ),
    ]
    for label, samples in pages.items():
        rows.append((f"{label} (`GET {paths[label]}`), one client", summary(samples)))
    rows.append((f"Memory of the largest warm worker (RSS), gunicorn {server}", f"{memory:.0f} MB"))
    table = ["| measurement | result |", "|---|---|"]
    table += [f"| {label} | {value} |" for label, value in rows]
    if errors:
        table.append("")
        table += [f"- client error: {e}" for e in errors[:10]]
    return "\n".join(table)
