"""Downloading reports from the screens, and writing them with ``inspectie report``: who gets
which report, what it holds when read back, and that a final one is the same every time."""

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.inspections.services import Plan, plan_inspection, start_inspection
from inspectie.organisations.models import Organisation
from inspectie.plans.models import ImprovementPlan
from tests.conftest import Auth
from tests.inspections.conftest import Setting, final_inspection
from tests.plans.conftest import Scene

JUDGMENTS = {"INF-01": "voldoet_niet", "AMV-02": "voldoet_deels"}


def text_of(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def download(client: FlaskClient, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response.get_data()


def test_an_inspector_downloads_the_concept(
    client: FlaskClient, auth: Auth, setting: Setting
) -> None:
    inspection = plan_inspection(
        setting.coordinator,
        Plan(setting.location, "regulier", date(2025, 3, 1), lead=setting.lead, version=setting.v1),
    )
    start_inspection(setting.lead, inspection)
    db.session.commit()
    auth.login(setting.lead)

    page = client.get(f"/inspecties/{inspection.id}").get_data(as_text=True)
    assert f'href="/rapporten/inspecties/{inspection.id}.pdf"' in page
    assert "Conceptrapport downloaden (PDF)" in page
    response = client.get(f"/rapporten/inspecties/{inspection.id}.pdf")
    content = download(client, f"/rapporten/inspecties/{inspection.id}.pdf")

    assert (
        f"inspectierapport-{inspection.id}-concept.pdf" in response.headers["Content-Disposition"]
    )
    pages = text_of(content)
    assert all("CONCEPT" in page for page in pages)
    assert setting.location.name in pages[0]


def test_the_operator_downloads_its_final_report_and_no_one_elses(
    client: FlaskClient,
    auth: Auth,
    setting: Setting,
    make_user: Callable[..., User],
    make_org: Callable[..., Organisation],
) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    unfinished = plan_inspection(
        setting.coordinator,
        Plan(setting.location, "regulier", date(2025, 4, 1), lead=setting.lead, version=setting.v1),
    )
    db.session.commit()
    own = make_user("ketenpartner", organisation=setting.location.operator)
    stranger = make_user("ketenpartner", organisation=make_org("Gemeente Elders", "gemeente"))

    auth.login(own)
    page = client.get(f"/inspecties/{inspection.id}").get_data(as_text=True)
    assert "Rapport downloaden (PDF)" in page
    content = download(client, f"/rapporten/inspecties/{inspection.id}.pdf")
    pages = text_of(content)
    assert not any("CONCEPT" in page for page in pages)
    assert all(inspection.content_hash in page.replace("\n", "") for page in pages)
    assert client.get(f"/rapporten/inspecties/{unfinished.id}.pdf").status_code == 404
    auth.logout()

    auth.login(stranger)
    refused = client.get(f"/rapporten/inspecties/{inspection.id}.pdf")
    assert refused.status_code == 404
    assert setting.location.name not in refused.get_data(as_text=True)
    assert client.get("/rapporten/inspecties/999999.pdf").status_code == 404


def test_a_final_report_is_the_same_bytes_every_time(
    app: Flask, client: FlaskClient, auth: Auth, setting: Setting, tmp_path: Path
) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    auth.login(setting.coordinator)

    first = download(client, f"/rapporten/inspecties/{inspection.id}.pdf")
    second = download(client, f"/rapporten/inspecties/{inspection.id}.pdf")
    result = app.test_cli_runner().invoke(
        args=["report", str(inspection.id), "-o", str(tmp_path / "rapport.pdf")]
    )

    assert result.exit_code == 0, result.output
    assert "rapport.pdf geschreven" in result.output
    assert first == second == (tmp_path / "rapport.pdf").read_bytes()


def test_the_plan_report_goes_to_who_may_see_the_plan(
    client: FlaskClient, auth: Auth, scene: Scene, make_plan: Callable[..., ImprovementPlan]
) -> None:
    plan = make_plan(goals=2)
    auth.login(scene.keten)

    page = client.get(f"/verbeterplannen/{plan.id}").get_data(as_text=True)
    assert f'href="/rapporten/verbeterplannen/{plan.id}.pdf"' in page
    content = download(client, f"/rapporten/verbeterplannen/{plan.id}.pdf")
    text = "\n".join(text_of(content))
    assert "Doel 1" in text and "Doel 2" in text and "Maatregel 1.1" in text
    auth.logout()

    auth.login(scene.users["andere"])
    assert client.get(f"/rapporten/verbeterplannen/{plan.id}.pdf").status_code == 404
    auth.logout()
    auth.login(scene.users["inspecteur"])
    download(client, f"/rapporten/verbeterplannen/{plan.id}.pdf")


def test_the_command_writes_a_plan_report(
    app: Flask, scene: Scene, make_plan: Callable[..., ImprovementPlan], tmp_path: Path
) -> None:
    plan = make_plan()
    target = tmp_path / "plan.pdf"

    result = app.test_cli_runner().invoke(
        args=["report", "--plan", str(plan.id), "-o", str(target)]
    )

    assert result.exit_code == 0, result.output
    assert "Herstelplan" in "\n".join(text_of(target.read_bytes()))


def test_the_command_refuses_what_it_cannot_do_and_writes_nothing(
    app: Flask, scene: Scene, make_plan: Callable[..., ImprovementPlan], tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    target = tmp_path / "uit.pdf"
    cases = [
        (["report", "-o", str(target)], "Geef een inspectienummer of --plan PLANNUMMER.\n"),
        (["report", "1", "--plan", "1", "-o", str(target)], "niet allebei"),
        (["report", "424242", "-o", str(target)], "Inspectie 424242 bestaat niet."),
        (["report", "--plan", "424242", "-o", str(target)], "Verbeterplan 424242 bestaat niet."),
        (["report", "1", "-o", str(tmp_path / "geen-map" / "uit.pdf")], "bestaat niet"),
        (["report", "1"], "Missing option '-o'"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert list(tmp_path.glob("*.pdf")) == []
    assert list(tmp_path.glob(".uit.pdf.*")) == []
