"""Supervision services against the database: the counts in SQL, the proposal as days pass,
deciding (coordinator only, with a reason), the append-only history and the overviews."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError

from inspectie.audit.models import AuditEvent
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.supervision.models import SupervisionDecision
from inspectie.supervision.queries import (
    levels_for_locations,
    levels_for_organisations,
    overview,
    to_decide,
)
from inspectie.supervision.rules import FindingCounts
from inspectie.supervision.services import (
    SupervisionError,
    counts_for_location,
    counts_for_organisation,
    current_level,
    history_of,
    level_for,
    organisation_for,
    proposal_for_location,
    proposal_for_organisation,
    set_level,
)
from tests.supervision.conftest import AFTER, BEFORE, DAY, Scene, shape


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0


def decisions_count() -> int:
    return db.session.scalar(select(func.count(SupervisionDecision.id))) or 0


# --- the counts in SQL ------------------------------------------------------------------------


def test_counts_of_a_location(scene: Scene) -> None:
    shape(
        scene,
        scene.location,
        [
            ("kritiek", "open", BEFORE),  # open, kritiek, overdue
            ("kritiek", "gemeld_opgelost", BEFORE),  # open, kritiek, not overdue: reported done
            ("kritiek", "geverifieerd", BEFORE),  # closed: not counted at all
            ("hoog", "in_uitvoering", BEFORE),  # open, overdue hoog
            ("hoog", "plan_ingediend", DAY),  # due today: not yet overdue
            ("gemiddeld", "open", BEFORE),  # overdue
            ("laag", "open", AFTER),  # open
        ],
    )
    scene.location.id  # noqa: B018  (loaded before counting statements)
    with statements() as run:
        counts = counts_for_location(scene.location, DAY)
    assert len(run) == 1
    assert counts == FindingCounts(
        open=6, open_critical=2, overdue_critical=1, overdue_high=1, overdue=3
    )
    # The SQL agrees with the model's own idea of overdue.
    findings = db.session.scalars(
        select(Finding).where(Finding.location_id == scene.location.id)
    ).all()
    assert counts.overdue == sum(f.is_overdue(DAY) for f in findings)


def test_counts_of_an_organisation_add_up_its_locations_only(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", AFTER), ("hoog", "open", BEFORE)])
    shape(scene, scene.second, [("hoog", "open", BEFORE), ("laag", "gemeld_opgelost", BEFORE)])
    shape(scene, scene.foreign, [("kritiek", "open", BEFORE)] * 3)

    scene.operator.id  # noqa: B018  (loaded before counting statements)
    with statements() as run:
        counts = counts_for_organisation(scene.operator, DAY)
    assert len(run) == 1
    assert counts == FindingCounts(open=4, open_critical=1, overdue_high=2, overdue=2)
    assert counts_for_organisation(scene.other, DAY).overdue_critical == 3
    assert counts_for_organisation(scene.inspectorate, DAY) == FindingCounts()


def test_without_open_findings_the_counts_are_zero(scene: Scene) -> None:
    assert counts_for_location(scene.location, DAY) == FindingCounts()
    assert proposal_for_location(scene.location, DAY).level == "regulier"


# --- the proposal as days pass ----------------------------------------------------------------


def test_a_critical_finding_escalates_once_its_deadline_passes(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", DAY)])
    assert proposal_for_location(scene.location, DAY).level == "verdiepend"
    later = proposal_for_location(scene.location, DAY + timedelta(days=1))
    assert later.level == "intensief"
    assert later.reasons == ["1 kritieke bevinding over de termijn"]


def test_overdue_findings_pile_up_into_a_higher_level(scene: Scene) -> None:
    deadlines = [DAY + timedelta(days=n) for n in range(5)]
    shape(scene, scene.location, [("gemiddeld", "open", d) for d in deadlines])
    levels = [
        proposal_for_location(scene.location, DAY + timedelta(days=n)).level for n in range(7)
    ]
    # overdue: 0, 1, 2, 3, 4, 5, 5
    assert levels == ["regulier", "regulier"] + ["verdiepend"] * 3 + ["intensief"] * 2


def test_a_verified_finding_no_longer_counts(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])
    assert proposal_for_location(scene.location, DAY).level == "intensief"
    finding = scene.findings[scene.location.id][0]
    finding.status = "geverifieerd"
    db.session.commit()
    assert proposal_for_location(scene.location, DAY).level == "regulier"


def test_an_organisation_is_proposed_from_all_its_locations(scene: Scene) -> None:
    # One critical finding per location: each location verdiepend, the organisation intensief.
    shape(scene, scene.location, [("kritiek", "open", AFTER)])
    shape(scene, scene.second, [("kritiek", "open", AFTER)])
    assert proposal_for_location(scene.location, DAY).level == "verdiepend"
    proposal = proposal_for_organisation(scene.operator, DAY)
    assert proposal.level == "intensief"
    assert proposal.reasons == ["2 kritieke bevindingen open"]
    assert proposal_for_organisation(scene.other, DAY).level == "regulier"


# --- deciding ---------------------------------------------------------------------------------


def test_the_level_is_regulier_until_someone_decides(scene: Scene) -> None:
    level = current_level(location=scene.location)
    assert (level.level, level.label, level.is_default) == ("regulier", "Regulier", True)
    assert level.since is None and level.decided_by is None and level.reason is None
    assert level.location_id == scene.location.id and level.organisation_id is None


def test_a_coordinator_sets_the_level_with_the_proposal_kept_beside_it(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", AFTER)])
    coordinator = scene.users["coordinator"]
    before = audit_count()

    decision = set_level(
        coordinator,
        location=scene.location,
        level="intensief",
        reason="  Signalen van de gemeente.  ",
        day=DAY,
    )
    db.session.commit()

    assert (decision.level, decision.proposed_level) == ("intensief", "verdiepend")
    assert decision.reason == "Signalen van de gemeente."
    level = current_level(location=scene.location)
    assert (level.level, level.decided_by, level.reason) == (
        "intensief",
        coordinator.name,
        "Signalen van de gemeente.",
    )
    assert level.since is not None and not level.is_default
    assert current_level(organisation=scene.operator).level == "regulier"  # a separate subject
    assert audit_count() == before + 1
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert (event.action, event.object_type, event.object_id) == (
        "supervision.decide",
        "supervision_decisions",
        decision.id,
    )
    assert event.actor_id == coordinator.id
    assert event.reason == "Signalen van de gemeente."
    assert event.changes == {
        "level": ["regulier", "intensief"],
        "proposed_level": [None, "verdiepend"],
        "location_id": [None, scene.location.id],
    }


def test_an_organisation_gets_its_own_level(scene: Scene) -> None:
    set_level(
        scene.users["coordinator"],
        organisation=scene.operator,
        level="verdiepend",
        reason="Meerdere locaties met tekortkomingen.",
        day=DAY,
    )
    db.session.commit()
    assert current_level(organisation=scene.operator).level == "verdiepend"
    assert current_level(location=scene.location).level == "regulier"
    assert current_level(organisation=scene.other).level == "regulier"


@pytest.mark.parametrize("role", ["beheerder", "inspecteur", "ketenpartner"])
def test_only_a_coordinator_decides(scene: Scene, role: str) -> None:
    before = audit_count()
    with pytest.raises(SupervisionError) as refused:
        set_level(
            scene.users[role], location=scene.location, level="intensief", reason="Omdat.", day=DAY
        )
    assert refused.value.status == 403
    db.session.rollback()
    assert decisions_count() == 0 and audit_count() == before


@pytest.mark.parametrize(
    ("level", "reason", "field"),
    [
        ("verdiepend", "", "reason"),
        ("verdiepend", "   \n ", "reason"),
        ("verdiepend", "x" * 2001, "reason"),
        ("streng", "Omdat.", "level"),
    ],
)
def test_a_decision_needs_a_level_and_a_reason(
    scene: Scene, level: str, reason: str, field: str
) -> None:
    with pytest.raises(SupervisionError) as refused:
        set_level(scene.users["coordinator"], location=scene.location, level=level, reason=reason)
    assert (refused.value.status, refused.value.field) == (422, field)
    db.session.rollback()
    assert decisions_count() == 0


def test_only_an_operator_gets_a_level(scene: Scene) -> None:
    with pytest.raises(SupervisionError) as refused:
        set_level(
            scene.users["coordinator"],
            organisation=scene.inspectorate,
            level="verdiepend",
            reason="Omdat.",
        )
    assert refused.value.status == 422


def test_exactly_one_subject(scene: Scene) -> None:
    with pytest.raises(TypeError):
        current_level()
    with pytest.raises(TypeError):
        current_level(location=scene.location, organisation=scene.operator)


def test_a_decision_taken_meanwhile_is_not_overruled_unseen(scene: Scene) -> None:
    coordinator = scene.users["coordinator"]
    first = set_level(
        coordinator, location=scene.location, level="verdiepend", reason="Eerste.", seen=0
    )
    db.session.commit()
    with pytest.raises(SupervisionError) as refused:
        set_level(coordinator, location=scene.location, level="regulier", reason="Laat.", seen=0)
    assert refused.value.status == 409
    db.session.rollback()
    set_level(coordinator, location=scene.location, level="regulier", reason="Nu.", seen=first.id)
    db.session.commit()
    assert current_level(location=scene.location).level == "regulier"


def test_history_is_kept_newest_first(scene: Scene) -> None:
    coordinator = scene.users["coordinator"]
    for level, reason in (
        ("verdiepend", "Eerst."),
        ("intensief", "Daarna."),
        ("intensief", "Bevestigd."),  # confirming the level is a decision too
        ("regulier", "Hersteld."),
    ):
        set_level(coordinator, location=scene.location, level=level, reason=reason, day=DAY)
    db.session.commit()
    history = history_of(location=scene.location)
    assert [(d.level, d.reason) for d in history] == [
        ("regulier", "Hersteld."),
        ("intensief", "Bevestigd."),
        ("intensief", "Daarna."),
        ("verdiepend", "Eerst."),
    ]
    assert history_of(organisation=scene.operator) == []
    assert current_level(location=scene.location).level == "regulier"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE supervision_decisions SET level = 'regulier'",
        "UPDATE supervision_decisions SET reason = 'Anders.'",
        "DELETE FROM supervision_decisions",
    ],
)
def test_decisions_are_append_only_in_the_database(scene: Scene, statement: str) -> None:
    set_level(
        scene.users["coordinator"], location=scene.location, level="intensief", reason="Omdat."
    )
    db.session.commit()
    with pytest.raises(DBAPIError):
        db.session.execute(text(statement))
    db.session.rollback()
    decision = db.session.scalars(select(SupervisionDecision)).one()
    assert (decision.level, decision.reason) == ("intensief", "Omdat.")


# --- many subjects at once --------------------------------------------------------------------


def test_levels_for_locations_in_one_query(scene: Scene) -> None:
    coordinator = scene.users["coordinator"]
    set_level(coordinator, location=scene.location, level="intensief", reason="Eerst.")
    set_level(coordinator, location=scene.location, level="verdiepend", reason="Later.")
    set_level(coordinator, location=scene.foreign, level="intensief", reason="Zuid.")
    set_level(coordinator, organisation=scene.operator, level="intensief", reason="Org.")
    db.session.commit()
    ids = [scene.location.id, scene.second.id, scene.foreign.id]
    with statements() as run:
        levels = levels_for_locations(ids)
    assert len(run) == 1
    assert levels == {
        scene.location.id: "verdiepend",
        scene.second.id: "regulier",
        scene.foreign.id: "intensief",
    }
    assert levels_for_locations([]) == {}
    assert levels_for_organisations([scene.operator.id, scene.other.id]) == {
        scene.operator.id: "intensief",
        scene.other.id: "regulier",
    }


def test_overview_shows_what_needs_attention(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])  # proposed intensief
    shape(scene, scene.second, [("laag", "open", AFTER)])  # regulier, nothing decided
    set_level(  # decided above regulier, proposal regulier
        scene.users["coordinator"], location=scene.foreign, level="verdiepend", reason="Zorg."
    )
    db.session.commit()

    with statements() as run:
        found = overview(DAY)
    assert len(run) <= 6  # a fixed number of queries, whatever the number of subjects
    rows = {row.name: row for row in found.locations}
    assert set(rows) == {"azc Vertrouwelijk", "azc Zuiderlicht"}
    first = found.locations[0]
    assert (first.name, first.current, first.proposal.level, first.differs) == (
        "azc Vertrouwelijk",
        "regulier",
        "intensief",
        True,
    )
    assert first.operator == "COA Noord"
    assert first.proposal.reasons == ["1 kritieke bevinding over de termijn"]
    south = rows["azc Zuiderlicht"]
    assert (south.current, south.proposal.level, south.differs) == (
        "verdiepend",
        "regulier",
        True,
    )
    assert [row.name for row in found.organisations] == ["COA Noord"]
    assert found.to_decide == 3
    assert [row.name for row in to_decide(DAY)] == [
        "azc Vertrouwelijk",
        "azc Zuiderlicht",
        "COA Noord",
    ]


def test_a_followed_proposal_leaves_the_to_do(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", AFTER)])
    set_level(scene.users["coordinator"], location=scene.location, level="verdiepend", reason="Ja.")
    set_level(
        scene.users["coordinator"], organisation=scene.operator, level="verdiepend", reason="Ja."
    )
    db.session.commit()
    found = overview(DAY)
    assert [row.name for row in found.locations] == ["azc Vertrouwelijk"]  # still above regulier
    assert found.to_decide == 0 and to_decide(DAY) == []


# --- who sees what ----------------------------------------------------------------------------


def test_an_operator_sees_the_level_but_not_the_proposal(scene: Scene) -> None:
    shape(scene, scene.location, [("kritiek", "open", BEFORE)])
    staff = level_for(scene.users["inspecteur"], location=scene.location, day=DAY)
    assert staff.proposal is not None and staff.proposal.level == "intensief"
    assert staff.proposal_differs
    operator = level_for(scene.users["ketenpartner"], location=scene.location, day=DAY)
    assert operator.proposal is None and not operator.proposal_differs
    assert operator.level == "regulier"


def test_organisation_lookup_is_scoped(scene: Scene) -> None:
    users = scene.users
    assert organisation_for(users["ketenpartner"], scene.operator.id) is scene.operator
    assert organisation_for(users["other"], scene.operator.id) is None
    assert organisation_for(users["inspecteur"], scene.other.id) is scene.other
    # The inspectorate itself is no subject of supervision, for nobody.
    assert organisation_for(users["coordinator"], scene.inspectorate.id) is None
    assert organisation_for(users["coordinator"], 999_999) is None
