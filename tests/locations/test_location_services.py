"""Location rules, in the service and in the database."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from inspectie.audit.services import history
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.locations.services import (
    LocationData,
    LocationError,
    LocationFilters,
    create_location,
    location_for,
    locations_query,
    update_location,
)


def _data(operator, **values):
    base = dict(
        name="azc Test",
        operator_id=operator.id,
        operator_type="coa",
        modality="azc",
        capacity=300,
        municipality="Assen",
        province="drenthe",
    )
    return LocationData(**{**base, **values})


def test_create_records_every_field_in_the_audit_trail(make_org):
    coa = make_org("COA", "coa")
    location = create_location(None, _data(coa, has_amv=True))
    (event,) = history(location)
    assert event.action == "location.create"
    assert event.changes["capacity"] == [None, 300]
    assert event.changes["has_amv"] == [None, True]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"modality": "kso", "capacity": 151}, "capacity", "hoogstens 150"),
        ({"capacity": 0}, "capacity", "minstens 1"),
        ({"name": "   "}, "name", "verplicht"),
        ({"municipality": ""}, "municipality", "verplicht"),
        ({"province": "brabant"}, "province", "Onbekende provincie"),
        ({"modality": "hotel"}, "modality", "Onbekende modaliteit"),
        ({"operator_type": "vge"}, "operator_type", "past niet bij"),
        ({"status": "gesloten"}, "closed_on", "sluitingsdatum"),
    ],
)
def test_rules_are_refused_with_a_message_per_field(make_org, values, field, message):
    coa = make_org("COA", "coa")
    with pytest.raises(LocationError) as caught:
        create_location(None, _data(coa, **values))
    assert message in caught.value.problems[field]
    assert db.session.scalar(select(func.count(Location.id))) == 0


def test_kso_of_exactly_150_places_is_fine(make_org):
    coa = make_org("COA", "coa")
    assert create_location(None, _data(coa, modality="kso", capacity=150)).capacity == 150


def test_closing_date_before_opening_is_refused(make_org):
    from datetime import date

    coa = make_org("COA", "coa")
    with pytest.raises(LocationError) as caught:
        create_location(None, _data(coa, opened_on=date(2025, 1, 1), closed_on=date(2024, 1, 1)))
    assert "vóór de openingsdatum" in caught.value.problems["closed_on"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE locations SET capacity = 200 WHERE modality = 'kso'",
        "UPDATE locations SET province = 'brabant'",
        "UPDATE locations SET capacity = 0",
        "UPDATE locations SET status = 'gesloten'",
    ],
)
def test_the_database_itself_refuses_broken_locations(make_location, statement):
    make_location(modality="kso", capacity=100)
    with pytest.raises(IntegrityError):
        db.session.execute(db.text(statement))
        db.session.flush()
    db.session.rollback()


def test_update_records_old_and_new_and_raises_the_revision(make_location, make_user):
    actor = make_user("coordinator")
    location = make_location(capacity=300)
    data = LocationData.of(location)
    data.capacity = 350
    assert update_location(actor, location, data) is True
    assert location.revision == 2
    event = history(location)[-1]
    assert event.action == "location.update"
    assert event.changes == {"capacity": [300, 350]}
    assert event.actor_id == actor.id


def test_update_without_changes_writes_nothing(make_location, make_user):
    actor = make_user("coordinator")
    location = make_location()
    assert update_location(actor, location, LocationData.of(location)) is False
    assert location.revision == 1
    assert len(history(location)) == 1


def test_failed_update_changes_nothing(make_location, make_user):
    actor = make_user("coordinator")
    location = make_location(modality="kso", capacity=100)
    data = LocationData.of(location)
    data.capacity = 400
    with pytest.raises(LocationError):
        update_location(actor, location, data)
    assert location.capacity == 100 and location.revision == 1


def test_filters_and_search(make_location, make_org, make_user):
    coa = make_org("COA", "coa")
    utrecht = make_org("Gemeente Utrecht", "gemeente")
    make_location(coa, name="azc Amstel", province="noord-holland", municipality="Amsterdam")
    make_location(
        utrecht,
        name="Opvang Lombok",
        province="utrecht",
        municipality="Utrecht",
        modality="kso",
        capacity=100,
    )
    make_location(
        coa, name="col Kempen", province="noord-brabant", modality="col", municipality="Cranendonck"
    )
    viewer = make_user("inspecteur")

    def names(**filters):
        return [
            loc.name
            for loc in db.session.scalars(locations_query(viewer, LocationFilters(**filters)))
        ]

    assert names() == ["azc Amstel", "col Kempen", "Opvang Lombok"]
    assert names(province="utrecht") == ["Opvang Lombok"]
    assert names(operator_type="coa") == ["azc Amstel", "col Kempen"]
    assert names(modality="kso") == ["Opvang Lombok"]
    assert names(q="AMSTERDAM") == ["azc Amstel"]
    assert names(q="%") == []
    assert names(operator_type="coa", province="utrecht") == []


def test_ketenpartner_sees_only_their_own_organisation(make_location, make_org, make_user):
    coa = make_org("COA", "coa")
    nidos = make_org("Nidos", "nidos")
    own = make_location(coa, name="azc Eigen")
    other = make_location(nidos, name="Nidos Ander", modality="nidos-kleinschalig", capacity=10)
    partner = make_user("ketenpartner", organisation=coa)
    visible = list(db.session.scalars(locations_query(partner, LocationFilters())))
    assert visible == [own]
    assert location_for(partner, own.id) == own
    assert location_for(partner, other.id) is None
    assert location_for(make_user("inspecteur"), other.id) == other
