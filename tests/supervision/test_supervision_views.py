"""Supervision screens: what each role sees, setting a level through the form, and one
organisation's levels hidden from another."""

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask, render_template_string
from flask.testing import FlaskClient
from sqlalchemy import func, select

from inspectie.config import PROJECT_ROOT
from inspectie.extensions import db
from inspectie.supervision.models import SupervisionDecision
from inspectie.supervision.services import current_level, level_for, set_level
from tests.conftest import page_text
from tests.supervision.conftest import BEFORE, Scene, shape

Login = Callable[[str], None]


def decisions() -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(select(func.count(SupervisionDecision.id))) or 0


def test_coordinator_sets_a_level_through_the_form(
    client: FlaskClient, scene: Scene, login: Login
) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])
    login("coordinator")
    path = f"/toezicht/locaties/{scene.location.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Niveau vaststellen" in page
    assert "1 kritieke bevinding over de termijn" in page
    assert re.search(r'<option selected value="intensief">', page)  # the proposal preselected
    assert 'name="seen" type="hidden" value="0"' in page

    response = client.post(
        f"{path}/instellen",
        data={"level": "intensief", "reason": "Kritieke tekortkoming niet hersteld.", "seen": "0"},
    )
    assert response.status_code == 302 and response.headers["Location"] == path
    page = client.get(path).get_data(as_text=True)
    assert "Het toezichtsniveau is vastgesteld: Intensief." in page
    assert "Kritieke tekortkoming niet hersteld." in page
    assert scene.users["coordinator"].name in page
    assert decisions() == 1


def test_a_reason_is_required_on_the_form(client: FlaskClient, scene: Scene, login: Login) -> None:
    login("coordinator")
    response = client.post(
        f"/toezicht/organisaties/{scene.operator.id}/instellen",
        data={"level": "verdiepend", "reason": "  "},
    )
    assert response.status_code == 422
    assert "Geef een reden voor het toezichtsniveau." in response.get_data(as_text=True)
    assert decisions() == 0


def test_a_stale_form_is_refused_and_shows_the_new_decision(
    client: FlaskClient, scene: Scene, login: Login
) -> None:
    set_level(scene.users["coordinator"], location=scene.location, level="verdiepend",
              reason="Intussen besloten.")  # fmt: skip
    db.session.commit()
    login("coordinator")
    response = client.post(
        f"/toezicht/locaties/{scene.location.id}/instellen",
        data={"level": "regulier", "reason": "Op oude stand.", "seen": "0"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Intussen heeft iemand anders het toezichtsniveau vastgesteld." in body
    assert "Intussen besloten." in body and "Op oude stand." in body  # nothing typed is lost
    assert decisions() == 1
    assert current_level(location=scene.location).level == "verdiepend"


def test_an_inspector_sees_the_proposal_but_no_form(
    client: FlaskClient, scene: Scene, login: Login
) -> None:
    shape(scene, scene.second, [("hoog", "open", BEFORE)])
    login("inspecteur")
    page = client.get(f"/toezicht/organisaties/{scene.operator.id}").get_data(as_text=True)
    assert "Voorstel op basis van de bevindingen" in page
    assert "1 bevinding met ernst hoog over de termijn" in page
    assert "azc Vertrouwelijk" in page and "azc Tweede" in page and "azc Zuiderlicht" not in page
    assert "Niveau vaststellen" not in page
    response = client.post(
        f"/toezicht/organisaties/{scene.operator.id}/instellen",
        data={"level": "verdiepend", "reason": "Omdat."},
    )
    assert response.status_code == 403
    assert decisions() == 0


def test_an_operator_reads_its_own_levels_without_the_proposal(
    client: FlaskClient, scene: Scene, login: Login
) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])
    set_level(scene.users["coordinator"], location=scene.location, level="verdiepend",
              reason="Kritieke bevinding; herstel loopt.")  # fmt: skip
    db.session.commit()
    login("ketenpartner")
    for path in (
        f"/toezicht/locaties/{scene.location.id}",
        f"/toezicht/organisaties/{scene.operator.id}",
    ):
        page = client.get(path)
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Voorstel" not in body and "kritieke bevinding over de termijn" not in body
        assert "Niveau vaststellen" not in body
    body = client.get(f"/toezicht/locaties/{scene.location.id}").get_data(as_text=True)
    assert "Verdiepend" in body and "Kritieke bevinding; herstel loopt." in body
    assert client.get("/toezicht/").status_code == 403


def test_another_organisation_is_not_revealed(
    client: FlaskClient, scene: Scene, login: Login
) -> None:
    set_level(scene.users["coordinator"], organisation=scene.operator, level="intensief",
              reason="Geheim voor anderen.")  # fmt: skip
    db.session.commit()
    login("other")
    missing = client.get("/toezicht/organisaties/999999")
    for path in (
        f"/toezicht/organisaties/{scene.operator.id}",
        f"/toezicht/locaties/{scene.location.id}",
    ):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 404
        assert page_text(response) == page_text(missing)
        assert "COA Noord" not in body and "Geheim voor anderen." not in body
    # their own organisation they do see
    assert client.get(f"/toezicht/organisaties/{scene.other.id}").status_code == 200


def test_the_inspectorate_is_no_subject(client: FlaskClient, scene: Scene, login: Login) -> None:
    login("coordinator")
    assert client.get(f"/toezicht/organisaties/{scene.inspectorate.id}").status_code == 404
    response = client.post(
        f"/toezicht/organisaties/{scene.inspectorate.id}/instellen",
        data={"level": "intensief", "reason": "Omdat."},
    )
    assert response.status_code == 404
    assert decisions() == 0


def test_overview_lists_what_needs_attention(
    client: FlaskClient, scene: Scene, login: Login
) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])
    login("beheerder")
    body = client.get("/toezicht/").get_data(as_text=True)
    assert "azc Vertrouwelijk" in body and "COA Noord" in body
    assert "azc Tweede" not in body and "azc Zuiderlicht" not in body
    assert "1 kritieke bevinding over de termijn" in body
    assert "2 voorstellen wijken af van het huidige niveau." in body
    assert f'href="/toezicht/locaties/{scene.location.id}"' in body
    assert f'href="/toezicht/organisaties/{scene.operator.id}"' in body


def test_the_partial_shows_a_level_for_the_lead_to_include(app: Flask, scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])
    template = '{% include "supervision/_level.html" %}'
    with app.test_request_context():
        plain = render_template_string(
            template, level=level_for(scene.users["ketenpartner"], location=scene.location)
        )
        staff = render_template_string(
            template, level=level_for(scene.users["inspecteur"], location=scene.location)
        )
        unlinked = render_template_string(
            template,
            level=level_for(scene.users["inspecteur"], organisation=scene.operator),
            level_link=False,
        )
    assert "Regulier" in plain and "nog geen besluit" in plain and "Voorstel" not in plain
    assert f'href="/toezicht/locaties/{scene.location.id}"' in plain
    assert "Voorstel op basis van de bevindingen" in staff and "Intensief" in staff
    assert "/toezicht/" not in unlinked


def test_supervision_templates_keep_to_the_content_security_policy() -> None:
    folder = Path(PROJECT_ROOT / "inspectie" / "templates" / "supervision")
    for template in folder.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text and "<style" not in text, template.name
        assert not re.search(r"\sstyle=|\son[a-z]+=", text), template.name
