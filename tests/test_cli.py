"""The `inspectie` command."""

import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import func, select

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import ApiToken, User
from inspectie.auth.services import user_for_token
from inspectie.db import today
from inspectie.demo import data
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import default_deadline
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.reports.snapshot import report_data
from inspectie.templating import nl_date
from tests.conftest import PASSWORD


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_users_create_reads_the_password_from_stdin(app, inspectorate):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "Nieuw@Example.org",
            "--role",
            "inspecteur",
            "--organisation",
            inspectorate.name,
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "nieuw@example.org" in result.output
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    assert user.role == "inspecteur" and user.password_hash.startswith("$argon2id$")


def test_users_create_refuses_bad_input_clearly(app, inspectorate):
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=[
            "users",
            "create",
            "a@example.org",
            "--role",
            "inspecteur",
            "--organisation",
            inspectorate.name,
        ],
        input="kort\n",
    )
    assert short.exit_code != 0 and "minstens 12 tekens" in short.output
    org = runner.invoke(
        args=[
            "users",
            "create",
            "a@example.org",
            "--role",
            "inspecteur",
            "--organisation",
            "Nergens",
        ],
        input=PASSWORD + "\n",
    )
    assert org.exit_code != 0 and "Organisatie 'Nergens' bestaat niet" in org.output
    assert _count(User) == 0


def test_password_is_never_an_argument(app):
    command = app.cli.commands["users"].commands["create"]
    assert "password" not in {p.name for p in command.params}


def test_users_token_prints_a_working_token_and_stores_only_its_hash(app, make_user):
    user = make_user("inspecteur")
    result = app.test_cli_runner().invoke(args=["users", "token", user.email])
    token = result.output.strip()
    assert result.exit_code == 0 and token.startswith("insp_")
    assert user_for_token(token) == user
    assert db.session.scalar(select(ApiToken.token_hash)) != token


def test_demo_is_complete_and_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "coordinator@demo.example" in first.output and data.DEMO_PASSWORD in first.output
    counts = (_count(User), _count(Organisation), _count(Location))
    assert counts[0] == 7 and counts[2] >= 30
    provinces = set(db.session.scalars(select(Location.province)))
    assert len(provinces) == 12
    modalities = set(db.session.scalars(select(Location.modality)))
    assert {"azc", "kso", "col", "pol", "amv-kwv", "nidos-kleinschalig", "dgo"} <= modalities
    assert (
        db.session.scalar(select(func.count(Location.id)).where(Location.operator_type == "vge"))
        >= 3
    )
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert (_count(User), _count(Organisation), _count(Location)) == counts


def test_demo_shows_overdue_findings_and_says_why_their_deadlines_lie_in_the_past(app):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    findings = list(db.session.scalars(select(Finding)))
    overdue = [f for f in findings if f.is_overdue(today())]
    # The open finding of the 2025 inspection, answered but not repaired, and more.
    assert len(overdue) >= 3 and any(f.status == "open" for f in overdue)
    assert any(not f.is_overdue(today()) and f.status != "geverifieerd" for f in findings)
    # Each deadline was set before finalising, counted from two weeks after the visit, and
    # the audit trail says the demo did it.
    set_by_demo = {
        event.object_id: event
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "answer.demo_deadline")
        )
    }
    for finding in findings:
        report_date = finding.inspection.planned_on + timedelta(days=14)
        event = set_by_demo[finding.answer_id]
        assert event.changes["deadline"] == [None, finding.answer.deadline.isoformat()]
        assert event.reason.startswith("Demogegevens: termijn geteld vanaf")
        original = default_deadline(finding.severity, report_date)
        extended = finding.deadline > original  # the one granted more time
        assert finding.deadline == original or extended
        # The report kept at finalising prints the same deadline as the finding had then.
        kept = {e.item_code: e.deadline for e in report_data(finding.inspection).findings}
        assert kept[finding.item.code] == nl_date(original)


def test_demo_logins_work(app, auth):
    app.test_cli_runner().invoke(args=["demo"])
    for email, *_ in data.USERS:
        assert auth.login(email, data.DEMO_PASSWORD).status_code == 302, email
        auth.logout()


def test_demo_refuses_a_database_with_real_data(app, make_user):
    make_user("beheerder", email="echt@inspectie.example")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "geen demogegevens" in result.output
    assert _count(Location) == 0


def test_console_script_runs_flask_commands(tmp_path):
    env = {
        **os.environ,
        "INSPECTIE_DEMO": "1",
        "INSPECTIE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "inspectie", "routes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "/api/v1/locations" in result.stdout and "locations.index" in result.stdout


def test_organisations_create(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["organisations", "create", "Inspectie JenV", "--kind", "inspectie"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Organisation.kind)) == "inspectie"
    again = runner.invoke(args=["organisations", "create", "Inspectie JenV", "--kind", "inspectie"])
    assert again.exit_code != 0 and "bestaat al" in again.output
    bad = runner.invoke(args=["organisations", "create", "X", "--kind", "bank"])
    assert bad.exit_code != 0 and "Onbekend soort" in bad.output
