"""The texts of a checklist come from a file that a beheerder imports: markup in any of them is
shown as text on every page that shows it, never run (see also tests/test_hardening_xss.py for
the texts people type in forms)."""

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask.testing import FlaskClient
from markupsafe import escape

from inspectie.auth.models import User
from inspectie.checklists.services import import_from_paths
from inspectie.extensions import db
from inspectie.inspections.services import Plan, plan_inspection, start_inspection
from inspectie.locations.models import Location
from tests.conftest import Auth


def payload(field: str) -> str:
    return f"<script>alert('{field}')</script><img src=x onerror=alert('{field}')>"


# Quoted for YAML: the payloads hold quotes of their own.
def q(field: str) -> str:
    return '"' + payload(field).replace('"', '\\"') + '"'


FIELDS = (
    "versie-titel", "versie-omschrijving", "bron-titel", "bron-citaat", "bron-notitie",
    "thema-titel", "thema-omschrijving", "toetspunt-titel", "toetspunt-norm",
    "toetspunt-toelichting", "toetspunt-notitie", "grondslag-notitie",
)  # fmt: skip

CHECKLIST = textwrap.dedent(f"""\
    id: hostile
    version: "1.0"
    title: {q("versie-titel")}
    description: {q("versie-omschrijving")}
    valid_from: 2024-01-01
    sources:
      - id: bron
        title: {q("bron-titel")}
        citation: {q("bron-citaat")}
        verified: false
        note: {q("bron-notitie")}
        link: "https://example.org/\\"><script>alert('link')</script>"
    themes:
      - code: informatie
        title: {q("thema-titel")}
        description: {q("thema-omschrijving")}
        items:
          - code: INF-01
            title: {q("toetspunt-titel")}
            norm: {q("toetspunt-norm")}
            guidance: {q("toetspunt-toelichting")}
            verified: false
            note: {q("toetspunt-notitie")}
            legal_basis:
              - source: bron
                article: "1"
                verified: false
                note: {q("grondslag-notitie")}
    """)


def test_markup_in_an_imported_checklist_is_shown_as_text(
    app: object,
    tmp_path: Path,
    client: FlaskClient,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(CHECKLIST, encoding="utf-8")
    (version,) = [outcome.version for outcome in import_from_paths(None, [folder])]
    lead = make_user("inspecteur")
    inspection = plan_inspection(
        make_user("coordinator"),
        Plan(make_location(), "regulier", date(2026, 12, 1), lead=lead, version=version),
    )
    start_inspection(lead, inspection)
    db.session.commit()

    pages = {
        "/normenkaders/": ("versie-titel",),
        "/normenkaders/hostile/1.0": FIELDS,
        "/normenkaders/zoeken?q=INF-01": ("toetspunt-titel",),
    }
    login_as("coordinator")
    bodies = {url: client.get(url) for url in pages}
    client.post("/uitloggen")
    Auth(client).login(lead)
    theme = f"/inspecties/{inspection.id}/thema/informatie"
    bodies[theme] = client.get(theme)
    pages[theme] = ("thema-titel", "toetspunt-titel", "toetspunt-norm", "toetspunt-toelichting")
    for url, fields in pages.items():
        response = bodies[url]
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert "<script>alert(" not in body and "<img src=x" not in body, url
        for field in fields:
            assert str(escape(payload(field))) in body, (url, field)
