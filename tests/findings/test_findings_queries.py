"""The findings list query: scope, each filter, overdue in SQL, the order, and its cost."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import FINDING_STATUSES, Finding
from inspectie.findings.queries import FindingFilters, finding_for, findings_query
from tests.findings.conftest import DEVIATIONS, ROLES, Scene, put


def codes(scene: Scene, role: str, **filters: object) -> list[str]:
    query = findings_query(scene.users[role], FindingFilters(**filters))  # type: ignore[arg-type]
    return [f"{f.location.name}:{f.item.code}" for f in db.session.scalars(query)]


def own(*item_codes: str) -> list[str]:
    return [f"azc Vertrouwelijk:{code}" for code in item_codes]


def test_the_inspectorate_sees_all_and_an_operator_only_its_own(
    scene: Scene, foreign: list[Finding]
) -> None:
    everything = codes(scene, "coordinator")
    assert len(everything) == len(DEVIATIONS) + len(foreign)
    for role in ("beheerder", "inspecteur"):
        assert codes(scene, role) == everything
    assert sorted(codes(scene, "ketenpartner")) == sorted(own(*DEVIATIONS))
    assert codes(scene, "other") == ["azc Zuiderlicht:HUI-02", "azc Zuiderlicht:INF-01"]


@pytest.mark.parametrize("role", ROLES)
def test_finding_for_hides_what_a_user_may_not_see(scene: Scene, role: str) -> None:
    found = finding_for(scene.users[role], scene.finding.id)
    assert (found is scene.finding) == (role != "other")
    assert finding_for(scene.users[role], 999_999) is None


def test_first_deadline_first(scene: Scene) -> None:
    # The default deadlines follow severity: kritiek 14 days, hoog 42, gemiddeld 91, laag 182.
    assert codes(scene, "inspecteur") == own("HUI-02", "INF-01", "INF-03", "ACT-03")
    put(scene.findings["ACT-03"], deadline=today() + timedelta(days=1))
    assert codes(scene, "inspecteur")[0] == "azc Vertrouwelijk:ACT-03"


def test_filter_on_status(scene: Scene) -> None:
    put(scene.findings["INF-03"], "plan_ingediend")
    assert codes(scene, "inspecteur", status="plan_ingediend") == own("INF-03")
    assert codes(scene, "inspecteur", status="geverifieerd") == []


def test_filter_on_severity(scene: Scene) -> None:
    assert codes(scene, "inspecteur", severity="kritiek") == own("HUI-02")
    assert codes(scene, "ketenpartner", severity="laag") == own("ACT-03")


def test_filter_on_location_organisation_and_province(scene: Scene, foreign: list[Finding]) -> None:
    foreign_location = foreign[0].location_id
    assert codes(scene, "inspecteur", location_id=foreign_location) == [
        "azc Zuiderlicht:HUI-02",
        "azc Zuiderlicht:INF-01",
    ]
    assert codes(scene, "inspecteur", organisation_id=scene.operator.id) == own(
        "HUI-02", "INF-01", "INF-03", "ACT-03"
    )
    assert len(codes(scene, "inspecteur", province="limburg")) == 2
    assert len(codes(scene, "inspecteur", province="drenthe")) == 4
    # A filter never widens the scope: an operator asking for another's location gets nothing.
    assert codes(scene, "ketenpartner", location_id=foreign_location) == []
    assert codes(scene, "ketenpartner", organisation_id=scene.other.id) == []


@pytest.mark.parametrize("status", list(FINDING_STATUSES))
def test_overdue_in_sql_agrees_with_the_model(scene: Scene, status: str) -> None:
    finding = scene.finding
    put(finding, status, today() - timedelta(days=1))
    overdue = codes(scene, "inspecteur", overdue=True)
    in_time = codes(scene, "inspecteur", overdue=False)
    assert ("azc Vertrouwelijk:INF-01" in overdue) == finding.is_overdue(today())
    assert ("azc Vertrouwelijk:INF-01" in in_time) == (not finding.is_overdue(today()))
    assert sorted(overdue + in_time) == sorted(codes(scene, "inspecteur"))


def test_a_finding_reported_solved_is_not_overdue(scene: Scene) -> None:
    put(scene.findings["INF-01"], "gemeld_opgelost", today() - timedelta(days=30))
    put(scene.findings["INF-03"], "in_uitvoering", today() - timedelta(days=30))
    assert codes(scene, "coordinator", overdue=True) == own("INF-03")
    assert codes(scene, "ketenpartner", overdue=True, severity="gemiddeld") == own("INF-03")


def test_filters_combine(scene: Scene, foreign: list[Finding]) -> None:
    put(foreign[0], deadline=today() - timedelta(days=2))
    assert codes(scene, "inspecteur", overdue=True, province="limburg", severity="hoog") == [
        "azc Zuiderlicht:INF-01"
    ]
    assert codes(scene, "inspecteur", overdue=True, province="drenthe") == []


def test_a_page_costs_the_same_queries_however_many_rows(
    scene: Scene, foreign: list[Finding]
) -> None:
    """Location, operator and item come with the findings: no query per row."""

    def statements(**filters: object) -> int:
        db.session.expire_all()
        query = findings_query(scene.users["inspecteur"], FindingFilters(**filters))  # type: ignore[arg-type]
        seen: list[str] = []

        def count(*args: object) -> None:
            seen.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            for f in db.session.scalars(query):
                _ = (f.location.name, f.location.operator.name, f.item.code, f.item.title)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    one = statements(province="limburg", severity="hoog")
    six = statements()
    assert one == six == 1
