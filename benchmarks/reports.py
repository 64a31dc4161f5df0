"""Reports: the PDF of a 150-item inspection with 20 findings, built from its stored data and
live, split into collecting and layout; a batch of 100 final reports in one process; the
progress report of a plan; and the download through the app."""

import io
import os
import random
import resource
import time
from typing import Any

from benchmarks.harness import rss_mb, scaled, scratch_dir, summary, timed
from benchmarks.inspections import OBSERVATIONS, benchmark_checklist

BATCH = scaled(100, 2)  # final inspections of 150 items, each with 20 findings
FINDINGS = 20
NOT_APPLICABLE = 6
REPEAT = scaled(20, 2)


def _observation(rng: random.Random) -> str:
    """Two to four realistic sentences, as inspectors write them."""
    return " ".join(rng.choice(OBSERVATIONS) for _ in range(rng.randint(2, 4)))


def _inspection(version: Any, location: Any, lead: Any, coordinator: Any, seed: int) -> Any:
    """Plan, carry out and submit a 150-item inspection with exactly 20 deviations."""
    from datetime import date, timedelta

    from inspectie.inspections.answers import save_answer
    from inspectie.inspections.services import (
        Plan,
        answers_of,
        plan_inspection,
        start_inspection,
        submit_inspection,
    )

    rng = random.Random(seed)
    planned = date(2024, 1, 8) + timedelta(days=7 * seed)
    inspection = plan_inspection(
        coordinator, Plan(location, "regulier", planned, lead, version=version)
    )
    start_inspection(lead, inspection)
    answers = answers_of(inspection)
    deviating = set(rng.sample(range(len(answers)), FINDINGS))
    left = [n for n in range(len(answers)) if n not in deviating]
    not_applicable = set(rng.sample(left, NOT_APPLICABLE))
    for n, answer in enumerate(answers):
        if n in deviating:
            judgment = rng.choice(("voldoet_niet", "voldoet_deels"))
            save_answer(lead, inspection, answer, judgment, _observation(rng), "", 0)
        elif n in not_applicable:
            reason = "Deze voorziening ontbreekt op deze locatie."
            save_answer(lead, inspection, answer, "niet_van_toepassing", "", reason, 0)
        else:
            note = rng.choice(("Gezien tijdens de rondgang.", ""))
            save_answer(lead, inspection, answer, "voldoet", note, "", 0)
    submit_inspection(lead, inspection)
    return inspection


def _seed() -> dict[str, Any]:
    from flask_migrate import upgrade
    from sqlalchemy import select

    from inspectie.auth.models import User
    from inspectie.checklists.services import import_checklist
    from inspectie.demo import load_demo
    from inspectie.extensions import db
    from inspectie.inspections.review import finalise
    from inspectie.locations.models import Location

    upgrade()
    load_demo()
    version = import_checklist(None, benchmark_checklist()).version
    db.session.commit()
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@demo.example"))
    lead = db.session.scalar(select(User).where(User.email == "inspecteur@demo.example"))
    locations = list(db.session.scalars(select(Location).order_by(Location.id)))
    final, finalise_ms = [], []
    for n in range(BATCH):
        inspection = _inspection(version, locations[n % len(locations)], lead, coordinator, n)
        start = time.perf_counter()
        finalise(coordinator, inspection)
        db.session.commit()
        finalise_ms.append((time.perf_counter() - start) * 1000)
        final.append(inspection.id)
    concept = _inspection(version, locations[0], lead, coordinator, BATCH)
    db.session.commit()
    return {"final": final, "concept": concept.id, "finalise_ms": finalise_ms}


def run() -> str:
    from flask.testing import FlaskClient
    from pypdf import PdfReader
    from sqlalchemy import select

    from inspectie import create_app
    from inspectie.db import today
    from inspectie.extensions import db
    from inspectie.inspections.models import Inspection
    from inspectie.plans.models import ImprovementPlan
    from inspectie.reports.collect import inspection_report, plan_report
    from inspectie.reports.pdf import inspection_pdf, plan_pdf
    from inspectie.reports.snapshot import report_data

    workdir = scratch_dir("inspectie-bench-reports-")
    url = f"sqlite:///{workdir / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO": True, "WTF_CSRF_ENABLED": False})
    rows: list[tuple[str, str]] = []
    with app.app_context():
        seeded = _seed()
        target = db.session.get(Inspection, seeded["final"][-1])
        concept = db.session.get(Inspection, seeded["concept"])
        assert target is not None and concept is not None
        data = report_data(target)
        assert len(data.findings) == FINDINGS and sum(len(t.items) for t in data.themes) == 150
        content = inspection_pdf(data)
        pages = len(PdfReader(io.BytesIO(content)).pages)

        def final_report() -> None:
            db.session.expire_all()
            inspection_pdf(report_data(target))

        def concept_report() -> None:
            db.session.expire_all()
            inspection_pdf(report_data(concept))

        def collect_only() -> None:
            db.session.expire_all()
            inspection_report(target)

        rows += [
            (
                f"Final report, 150 items and {FINDINGS} findings ({pages} pages, "
                f"{len(content) / 1024:.0f} KB): stored data + layout",
                summary(timed(final_report, REPEAT)),
            ),
            ("… layout only (reportlab)", summary(timed(lambda: inspection_pdf(data), REPEAT))),
            ("… collecting the data live from the database", summary(timed(collect_only, REPEAT))),
            ("Concept report of the same size, collected live", summary(timed(concept_report, 10))),
            (
                "Finalising one such inspection (findings, hash, report data kept)",
                summary(seeded["finalise_ms"]),
            ),
        ]
        # One batch: every final report written to a file, in one process, as a script would.
        before_mb = rss_mb(os.getpid())
        out = workdir / "batch"
        out.mkdir()
        start = time.perf_counter()
        for inspection_id in seeded["final"]:
            inspection = db.session.get(Inspection, inspection_id)
            assert inspection is not None
            (out / f"{inspection_id}.pdf").write_bytes(inspection_pdf(report_data(inspection)))
        batch_s = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(
            (
                f"Batch of {BATCH} final reports written to files, one process",
                f"{batch_s:.1f} s ({batch_s * 1000 / BATCH:.0f} ms per report); RSS "
                f"{before_mb:.0f} → {rss_mb(os.getpid()):.0f} MB, peak {peak_mb:.0f} MB",
            )
        )
        plan = db.session.scalars(select(ImprovementPlan).order_by(ImprovementPlan.id)).first()
        assert plan is not None
        day = today()
        rows.append(
            (
                f"Plan progress report ({plan.title}, {len(plan.goals)} goals)",
                summary(timed(lambda: plan_pdf(plan_report(plan, day)), REPEAT)),
            )
        )
        db.engine.dispose()

    app.test_client_class = FlaskClient
    client = app.test_client()
    response = client.post(
        "/inloggen", data={"email": "coordinator@demo.example", "password": "demo-wachtwoord-2026"}
    )
    assert response.status_code == 302
    path = f"/rapporten/inspecties/{seeded['final'][-1]}.pdf"

    def download() -> None:
        response = client.get(path)
        assert response.status_code == 200 and response.data == content

    rows.append(
        ("Download through the app (log-in session, route, PDF)", summary(timed(download, REPEAT)))
    )
    table = ["| Measurement | Result |", "|---|---|"]
    table += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(table)
