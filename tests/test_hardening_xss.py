"""Stored XSS: a script in every free-text field a user can fill is shown escaped, never run.

``FIELDS`` is the table: which field, who sets it through which form (the real route), and the
pages that must show it. The test fills them all on the permission matrix's world, then reads
every HTML page of the policy as every role that may see it: no page may hold the payload raw,
and each field's pages must hold it escaped (so that a page which stopped showing a field, and
therefore proves nothing, is noticed).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import String, Text, select

from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.answers import find_answer, save_answer
from inspectie.inspections.models import Inspection
from inspectie.inspections.services import (
    Plan,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from tests.inspections.conftest import complete_all
from tests.policy import plans
from tests.policy.base import EVIDENCE_PDF, GUESTS, NOBODY, ROLE, Route, World
from tests.test_hardening import log_in, world_fixtures
from tests.test_hardening_csrf import answer_body
from tests.test_permissions import POLICY, location_change, user_form

world_template, database_snapshot, world, inspectorate = world_fixtures("hardening-xss-world")


def payload(tag: str) -> str:
    """A script element, and an attribute break-out with an event handler, named ``tag``."""
    return f"<script>alert('{tag}')</script>\"'><img src=x onerror=alert('{tag}')>"


def shown_escaped(tag: str) -> str:
    # The part a file name can carry too (see pdf()).
    return str(escape(f"<img src=x onerror=alert('{tag}')>"))


RAW = ("<script>alert(", "<img src=x")


@dataclass(frozen=True)
class Field:
    tags: tuple[str, ...]  # one per text field the form fills
    visitor: str
    method: str
    rule: str
    data: Callable[[World], dict[str, Any]]
    pages: tuple[str, ...]  # rules; "@" is the page the form redirected to
    json: bool = False
    listed: tuple[str, ...] = ()  # list pages, which show the first tag only (a title)


P = "/verbeterplannen/<int:plan_id>"
G = f"{P}/doelen/<int:goal_id>"
A = f"{P}/maatregelen/<int:action_id>"
FINDING = "/bevindingen/<int:finding_id>"
INSPECTION = "/inspecties/<int:inspection_id>"
THEME = f"{INSPECTION}/thema/<theme_code>"


def pdf(tag: str) -> dict[str, Any]:
    """A file named with the payload's image: a name with "/" is refused, and the test
    client's multipart encoding loses a name with a double quote."""
    return {"file": (io.BytesIO(EVIDENCE_PDF), f"'><img src=x onerror=alert('{tag}')>.pdf")}


FIELDS = [
    Field(("locatienaam", "gemeente"), "coordinator", "POST",
          "/locaties/<int:location_id>/bewerken",
          lambda w: location_change(w) | {"name": payload("locatienaam"),
                                          "municipality": payload("gemeente")},
          ("/locaties/", "/locaties/<int:location_id>", "/locaties/<int:location_id>/bewerken")),
    Field(("organisatie",), "beheerder", "POST", "/beheer/organisaties",
          lambda w: {"name": payload("organisatie"), "kind": "gemeente"},
          ("/beheer/organisaties",)),
    Field(("gebruiker",), "beheerder", "POST", "/beheer/gebruikers/nieuw",
          lambda w: user_form(w) | {"name": payload("gebruiker")},
          ("/beheer/gebruikers", "@")),
    Field(("waarneming", "reden"), "inspecteur", "PUT",
          "/api/v1/inspections/<int:inspection_id>/answers/<item_code>",
          lambda w: answer_body(w) | {"observation": payload("waarneming"),
                                      "reason": payload("reden")},
          (THEME,), json=True),
    Field(("bewijs",), "inspecteur", "POST",
          f"{INSPECTION}/toetspunten/<item_code>/bewijs", lambda w: pdf("bewijs"), (THEME,)),
    Field(("reactie",), "inspecteur", "POST", f"{FINDING}/reactie",
          lambda w: {"text": payload("reactie")}, (FINDING,)),
    Field(("statusnotitie",), "ketenpartner", "POST", f"{FINDING}/status",
          lambda w: {"to": "plan_ingediend", "text": payload("statusnotitie")}, (FINDING,)),
    Field(("termijn",), "coordinator", "POST", f"{FINDING}/termijn",
          lambda w: {"deadline": (today() + timedelta(days=400)).isoformat(),
                     "reason": payload("termijn")}, (FINDING,)),
    Field(("plantitel", "planomschrijving"), "ketenpartner", "POST", f"{P}/bewerken",
          lambda w: plans.plan_change(w) | {"title": payload("plantitel"),
                                            "description": payload("planomschrijving")},
          (P, f"{P}/bewerken"), listed=("/verbeterplannen/",)),
    Field(("aspect", "doeltitel", "doelomschrijving"), "ketenpartner", "POST", f"{G}/bewerken",
          lambda w: {"aspect": payload("aspect"), "title": payload("doeltitel"),
                     "description": payload("doelomschrijving")},
          (P, G, f"{G}/bewerken")),
    Field(("maatregel", "eigenaar", "bewijsnotitie"), "ketenpartner", "POST", f"{A}/bewerken",
          lambda w: plans.action_change(w) | {"description": payload("maatregel"),
                                              "owner": payload("eigenaar"),
                                              "evidence_note": payload("bewijsnotitie")},
          (G, f"{A}/bewerken")),
    Field(("planbewijs",), "ketenpartner", "POST", f"{A}/bewijs", lambda w: pdf("planbewijs"),
          (f"{A}/bewerken",)),
    Field(("voortgang",), "ketenpartner", "POST", f"{P}/voortgang",
          lambda w: plans.update_form(w) | {"text": payload("voortgang")}, (P,)),
    Field(("toezicht-locatie",), "coordinator", "POST",
          "/toezicht/locaties/<int:location_id>/instellen",
          lambda w: {"level": "intensief", "reason": payload("toezicht-locatie")},
          ("/toezicht/locaties/<int:location_id>",)),
    Field(("toezicht-organisatie",), "coordinator", "POST",
          "/toezicht/organisaties/<int:organisation_id>/instellen",
          lambda w: {"level": "intensief", "reason": payload("toezicht-organisatie")},
          ("/toezicht/organisaties/<int:organisation_id>",)),
    # Last: once submitted and assessed, the plan can no longer be edited.
    Field((), "ketenpartner", "POST", f"{P}/indienen", lambda w: {}, ()),
    Field(("beoordeling",), "inspecteur", "POST", f"{P}/beoordelen",
          lambda w: {"decision": "te_herzien", "reason": payload("beoordeling")}, (P,)),
]  # fmt: skip


def path(world: World, rule: str) -> str:
    return Route("GET", rule, NOBODY).path(world)


def html_pages() -> list[Route]:
    """Every page of the policy that people read in a browser (not the API, not files)."""
    return [
        route
        for route in POLICY
        if route.method == "GET"
        and route.may not in (NOBODY, GUESTS)
        and not route.is_api
        and not route.rule.endswith(".pdf")
        and "bewijs/<int:" not in route.rule
    ]


# The text columns (Text, or String of 100 and more) by the tag of FIELDS that fills them.
COLUMNS = {
    "locations.name": "locatienaam",
    "locations.municipality": "gemeente",
    "organisations.name": "organisatie",
    "users.name": "gebruiker",
    "answers.observation": "waarneming",
    "answers.reason": "reden",
    "evidence.original_name": "bewijs",
    "finding_notes.text": "reactie",  # and "statusnotitie": a note with a status change
    "improvement_plans.title": "plantitel",
    "improvement_plans.description": "planomschrijving",
    "improvement_plans.assessment_reason": "beoordeling",
    "plan_goals.aspect": "aspect",
    "plan_goals.title": "doeltitel",
    "plan_goals.description": "doelomschrijving",
    "plan_actions.description": "maatregel",
    "plan_actions.owner": "eigenaar",
    "plan_actions.evidence_note": "bewijsnotitie",
    "action_evidence.original_name": "planbewijs",
    "plan_updates.text": "voortgang",
    "supervision_decisions.reason": "toezicht-locatie",  # and "toezicht-organisatie"
    "audit_events.reason": "termijn",  # the extension's reason is kept in the trail
}
# Text columns no form of this table fills, and why.
NOT_HERE = {
    "login_attempts.email": "never shown: lock-out bookkeeping",
    "users.email": "an e-mail address: the form's Email() validator refuses < and >",
    "users.password_hash": "never shown",
    "inspection_reports.data": "the JSON a PDF report is built from; no HTML page",
    # Set in the review of a submitted inspection, and copied into the finding when it is
    # final: test_a_finding_s_texts_are_shown_escaped.
    "answers.repair_order": "the review's form: test_a_finding_s_texts_are_shown_escaped",
    "findings.observation": "the answer's, when final: test_a_finding_s_texts_are_shown_escaped",
    "findings.repair_order": "the answer's, when final: test_a_finding_s_texts_are_shown_escaped",
    # The texts of a checklist come from a file a beheerder imports, not from a form:
    # tests/checklists/test_checklist_xss.py imports one with markup in each.
    **{
        column: "from an imported checklist file: tests/checklists/test_checklist_xss.py"
        for column in (
            "checklist_versions.title", "checklist_versions.description",
            "checklist_themes.title", "checklist_themes.description",
            "checklist_items.title", "checklist_items.norm", "checklist_items.guidance",
            "checklist_items.note", "legal_sources.title", "legal_sources.citation",
            "legal_sources.link", "legal_sources.note", "item_legal_bases.citation",
            "item_legal_bases.note",
        )
    },
}  # fmt: skip


def test_every_text_column_is_in_the_table_or_has_a_reason(app: Flask) -> None:
    """A new text column fails here until a form fills it below, or it says why not."""
    columns = {
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Text)
        or (isinstance(column.type, String) and (column.type.length or 0) >= 100)
    }
    assert sorted(columns - set(COLUMNS) - set(NOT_HERE)) == []
    assert sorted((set(COLUMNS) | set(NOT_HERE)) - columns) == [], "gone columns listed"
    tags = [tag for field in FIELDS for tag in field.tags]
    assert len(tags) == len(set(tags))
    assert set(COLUMNS.values()) <= set(tags)


@pytest.fixture
def filled(app: Flask, client: FlaskClient, world: World) -> dict[str, str]:
    """Fill every field of ``FIELDS`` through its form; the pages the forms redirected to."""
    created: dict[str, str] = {}
    for field in FIELDS:
        client.post("/uitloggen")
        log_in(client, world.users[field.visitor])
        url = path(world, field.rule)
        if field.json:
            response = client.open(url, method=field.method, json=field.data(world))
            assert response.status_code == 200, response.get_data(as_text=True)
        else:
            response = client.open(url, method=field.method, data=field.data(world))
            assert response.status_code == 302, response.get_data(as_text=True)[:2000]
            flashed = client.get(response.headers["Location"]).get_data(as_text=True)
            assert "flash-error" not in flashed, (field.tags, flashed[:3000])
            created[field.tags[0] if field.tags else field.rule] = response.headers["Location"]
    client.post("/uitloggen")
    return created


def test_stored_scripts_are_shown_escaped_everywhere(
    client: FlaskClient, world: World, filled: dict[str, str]
) -> None:
    seen: dict[str, str] = {}  # path -> page, of every page read
    for visitor in ("beheerder", "coordinator", "inspecteur", "ketenpartner"):
        client.post("/uitloggen")
        log_in(client, world.users[visitor])
        for route in html_pages():
            if ROLE[visitor] not in route.may:
                continue
            url = path(world, route.rule)
            body = client.get(url).get_data(as_text=True)
            for raw in RAW:
                assert raw not in body, f"{raw!r} unescaped on {url} for {visitor}"
            seen.setdefault(route.rule, "")
            seen[route.rule] += body
        for field in FIELDS:
            if "@" in field.pages and field.visitor == visitor:
                body = client.get(filled[field.tags[0]]).get_data(as_text=True)
                for raw in RAW:
                    assert raw not in body, f"{raw!r} unescaped on {filled[field.tags[0]]}"
                seen["@" + field.tags[0]] = body

    expected = [(tag, page) for field in FIELDS for page in field.pages for tag in field.tags]
    expected += [(field.tags[0], page) for field in FIELDS for page in field.listed]
    missing = [
        (tag, page)
        for tag, page in expected
        if shown_escaped(tag) not in seen.get("@" + tag if page == "@" else page, "")
    ]
    assert missing == [], "not shown (escaped) where the table says"


def test_a_finding_s_texts_are_shown_escaped(client: FlaskClient, world: World) -> None:
    """The texts a finding is made of: the observation the inspector typed, and the repair
    order the coordinator set in the review; on the review, the final inspection, the findings
    list and the finding, for the inspectorate and for the operator."""
    people = world.users
    final = db.session.get(Inspection, world.ids["final_inspection_id"])
    assert final is not None
    inspection = plan_inspection(
        people["coordinator"],
        Plan(
            world.location,
            "regulier",
            date(2025, 3, 1),
            lead=people["inspecteur"],
            version=final.checklist_version,
        ),
    )
    start_inspection(people["inspecteur"], inspection)
    complete_all(people["inspecteur"], inspection)
    answer = find_answer(inspection, world.item_code)
    assert answer is not None
    save_answer(
        people["inspecteur"], inspection, answer, "voldoet_niet", payload("bevinding"), "",
        answer.revision,
    )  # fmt: skip
    submit_inspection(people["inspecteur"], inspection)
    db.session.commit()
    base = f"/inspecties/{inspection.id}"
    log_in(client, people["coordinator"])
    reviewed = client.post(
        f"{base}/review/{world.item_code}",
        data={f"a{answer.id}-severity": "hoog", f"a{answer.id}-repair_order": payload("herstel")},
    )
    assert reviewed.status_code == 302
    review = client.get(f"{base}/review").get_data(as_text=True)
    assert client.post(f"{base}/vaststellen").status_code == 302
    finding = db.session.scalars(
        select(Finding).where(Finding.inspection_id == inspection.id)
    ).one()
    pages = {"review": review}
    for visitor in ("coordinator", "ketenpartner"):
        client.post("/uitloggen")
        log_in(client, people[visitor])
        for url in (base, "/bevindingen/", f"/bevindingen/{finding.id}"):
            response = client.get(url)
            assert response.status_code == 200, (visitor, url)
            pages[f"{visitor} {url}"] = response.get_data(as_text=True)
    for name, body in pages.items():
        for raw in RAW:
            assert raw not in body, f"{raw!r} unescaped on {name}"
    for tag, shown_on in (
        (
            "bevinding",
            ["review", "coordinator /bevindingen/<id>", "ketenpartner /bevindingen/<id>"],
        ),
        ("herstel", ["review", "coordinator /bevindingen/<id>", "ketenpartner /bevindingen/<id>"]),
    ):
        for name in shown_on:
            body = pages[name.replace("<id>", str(finding.id))]
            assert shown_escaped(tag) in body, (tag, name)
