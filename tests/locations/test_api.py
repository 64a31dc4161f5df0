"""``/api/v1/locations``: filters, search, paging, order, fields, errors, tokens and scope."""

import random
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from inspectie.auth.models import ApiToken, User
from inspectie.auth.services import issue_token
from inspectie.db import utcnow
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.vocab import LOCATION_STATUSES, MODALITIES, OPERATOR_TYPES, PROVINCES

URL = "/api/v1/locations"
KNOWN_PARAMETERS = ["modality", "operator_type", "page", "per_page", "province", "q", "status"]
UNAUTHENTICATED = {
    "error": "Authenticatie vereist: log in of stuur 'Authorization: Bearer <token>'.",
    "detail": None,
}


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["name"] for item in response.json["items"]]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(user: User) -> str:
    token = issue_token(None, user)
    db.session.commit()
    return token


@pytest.fixture
def inspecteur(login_as: Callable[..., User]) -> User:
    return login_as("inspecteur")


# --- filters ----------------------------------------------------------------------------------


@pytest.fixture
def spread(make_org: Callable[..., Organisation], make_location: Callable[..., Location]) -> None:
    """Five locations that differ in province, operator type, modality and status."""
    coa = make_org("COA", "coa")
    make_location(coa, name="AZC Assen", municipality="Assen", province="drenthe")
    make_location(
        coa, name="AZC Ter Apel", municipality="Westerwolde", province="groningen",
        status="gesloten", opened_on=date(2010, 1, 1), closed_on=date(2024, 6, 30),
    )  # fmt: skip
    make_location(
        coa, name="KSO Emmen", municipality="Emmen", province="drenthe", modality="kso",
        capacity=100,
    )  # fmt: skip
    make_location(
        operator_type="vge", name="Opvang Utrecht", municipality="Utrecht", province="utrecht",
        modality="tgo",
    )  # fmt: skip
    make_location(
        operator_type="nidos", name="Nidos Zwolle", municipality="Zwolle",
        province="overijssel", modality="nidos-kleinschalig", capacity=12,
    )  # fmt: skip


ALL = ["AZC Assen", "AZC Ter Apel", "KSO Emmen", "Nidos Zwolle", "Opvang Utrecht"]


@pytest.mark.usefixtures("spread", "inspecteur")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("province=drenthe", ["AZC Assen", "KSO Emmen"]),
        ("province=limburg", []),
        ("operator_type=coa", ["AZC Assen", "AZC Ter Apel", "KSO Emmen"]),
        ("operator_type=vge", ["Opvang Utrecht"]),
        ("operator_type=nidos", ["Nidos Zwolle"]),
        ("modality=azc", ["AZC Assen", "AZC Ter Apel"]),
        ("modality=kso", ["KSO Emmen"]),
        ("status=open", ["AZC Assen", "KSO Emmen", "Nidos Zwolle", "Opvang Utrecht"]),
        ("status=gesloten", ["AZC Ter Apel"]),
        # combined: every filter must hold
        ("province=drenthe&modality=kso", ["KSO Emmen"]),
        ("province=drenthe&modality=azc&status=open", ["AZC Assen"]),
        ("operator_type=coa&status=gesloten", ["AZC Ter Apel"]),
        ("province=groningen&status=open", []),
        ("operator_type=coa&province=drenthe&modality=azc&status=open&q=assen", ["AZC Assen"]),
        ("operator_type=vge&q=assen", []),
        # an empty value means "no filter", as in the list screen's form
        ("province=&operator_type=&modality=&status=&q=", ALL),
    ],
)
def test_filters(client: FlaskClient, query: str, expected: list[str]) -> None:
    response = client.get(f"{URL}?{query}")
    assert names(response) == expected
    assert response.json["total"] == len(expected)


# --- search -----------------------------------------------------------------------------------


@pytest.fixture
def searchable(make_location: Callable[..., Location]) -> None:
    for name, municipality in [
        ("Opvang 100% vol", "Almere"),
        ("Opvang 1000 vol", "Almere"),
        ("Opvang_Noord", "Almere"),
        ("OpvangXNoord", "Almere"),
        ("Noord/Zuid", "Almere"),
        ("azc Heerenveen", "Heerenveen"),
        ("Paviljoen", "Den Helder"),
    ]:
        make_location(name=name, municipality=municipality)


@pytest.mark.usefixtures("searchable", "inspecteur")
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("heerenveen", ["azc Heerenveen"]),  # name, any case
        ("HEERENVEEN", ["azc Heerenveen"]),
        ("hElDeR", ["Paviljoen"]),  # municipality, any case
        ("  paviljoen  ", ["Paviljoen"]),  # surrounding spaces do not count
        ("%", ["Opvang 100% vol"]),  # LIKE wildcards are taken literally
        ("100%", ["Opvang 100% vol"]),
        ("_", ["Opvang_Noord"]),
        ("g_n", ["Opvang_Noord"]),
        ("/", ["Noord/Zuid"]),  # nor does the escape character escape anything
        ("\\", []),
        ("onbekend", []),
    ],
)
def test_search(client: FlaskClient, q: str, expected: list[str]) -> None:
    response = client.get(URL, query_string={"q": q})
    assert names(response) == expected
    assert response.json["total"] == len(expected)


@pytest.mark.usefixtures("searchable", "inspecteur")
def test_search_of_100_characters_is_allowed(client: FlaskClient) -> None:
    response = client.get(URL, query_string={"q": "x" * 100})
    assert names(response) == []


# --- paging and order -------------------------------------------------------------------------


@pytest.fixture
def thirty(make_location: Callable[..., Location]) -> list[str]:
    numbers = list(range(1, 31))
    random.Random(7).shuffle(numbers)  # created out of order: the order comes from the query
    for n in numbers:
        make_location(name=f"Locatie {n:02d}")
    return [f"Locatie {n:02d}" for n in range(1, 31)]


@pytest.mark.usefixtures("inspecteur")
def test_second_page(client: FlaskClient, thirty: list[str]) -> None:
    response = client.get(f"{URL}?per_page=10&page=2")
    assert names(response) == thirty[10:20]
    assert {k: v for k, v in response.json.items() if k != "items"} == {
        "page": 2,
        "per_page": 10,
        "total": 30,
        "pages": 3,
    }


@pytest.mark.usefixtures("inspecteur")
def test_default_page_size_is_25(client: FlaskClient, thirty: list[str]) -> None:
    first = client.get(URL)
    assert names(first) == thirty[:25]
    assert (first.json["page"], first.json["per_page"], first.json["pages"]) == (1, 25, 2)
    assert names(client.get(f"{URL}?page=2")) == thirty[25:]


@pytest.mark.usefixtures("inspecteur")
@pytest.mark.parametrize(
    ("per_page", "pages"), [(1, 30), (7, 5), (15, 2), (29, 2), (30, 1), (200, 1)]
)
def test_pages_count(client: FlaskClient, thirty: list[str], per_page: int, pages: int) -> None:
    response = client.get(f"{URL}?per_page={per_page}")
    assert response.json["pages"] == pages
    assert response.json["total"] == 30
    assert names(response) == thirty[:per_page]


@pytest.mark.usefixtures("inspecteur")
def test_page_after_the_last_is_empty(client: FlaskClient, thirty: list[str]) -> None:
    response = client.get(f"{URL}?per_page=10&page=4")
    assert names(response) == []
    assert (response.json["page"], response.json["total"], response.json["pages"]) == (4, 30, 3)


@pytest.mark.usefixtures("inspecteur")
def test_no_locations_is_one_empty_page(client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.json == {"items": [], "page": 1, "per_page": 25, "total": 0, "pages": 1}


@pytest.mark.usefixtures("inspecteur")
def test_ordered_by_name_then_id(
    client: FlaskClient, make_location: Callable[..., Location]
) -> None:
    created = [
        make_location(name=name)
        for name in ["Veenhuizen", "Budel", "Dubbel", "Amsterdam", "Dubbel", "Zweeloo"]
    ]
    items = client.get(URL).json["items"]
    assert [item["name"] for item in items] == [
        "Amsterdam", "Budel", "Dubbel", "Dubbel", "Veenhuizen", "Zweeloo",
    ]  # fmt: skip
    assert [item["id"] for item in items if item["name"] == "Dubbel"] == [
        created[2].id,
        created[4].id,
    ]


@pytest.mark.usefixtures("inspecteur")
def test_order_ignores_case(client: FlaskClient, make_location: Callable[..., Location]) -> None:
    for name in ["azc Zeist", "AZC Budel", "Azc Assen"]:
        make_location(name=name)
    assert names(client.get(URL)) == ["Azc Assen", "AZC Budel", "azc Zeist"]


@pytest.mark.usefixtures("inspecteur")
def test_paging_follows_the_order(client: FlaskClient, thirty: list[str]) -> None:
    seen = []
    for page in (1, 2, 3, 4):
        seen += names(client.get(f"{URL}?per_page=8&page={page}"))
    assert seen == thirty


# --- fields -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("inspecteur")
def test_serialised_fields(
    client: FlaskClient,
    make_org: Callable[..., Organisation],
    make_location: Callable[..., Location],
) -> None:
    operator = make_org("Gemeente Zeist", "gemeente")
    location = make_location(
        operator,
        name="Opvang De Bilt",
        modality="dgo",
        capacity=80,
        municipality="De Bilt",
        province="utrecht",
        has_families=True,
        has_amv=True,
        status="gesloten",
        opened_on=date(2022, 3, 1),
        closed_on=date(2025, 1, 31),
    )
    expected = {
        "id": location.id,
        "name": "Opvang De Bilt",
        "operator": {"id": operator.id, "name": "Gemeente Zeist"},
        "operator_type": "vge",
        "modality": "dgo",
        "capacity": 80,
        "municipality": "De Bilt",
        "province": "utrecht",
        "resident_groups": ["families", "amv"],
        "status": "gesloten",
        "opened_on": "2022-03-01",
        "closed_on": "2025-01-31",
        "revision": 1,
        "updated_at": location.updated_at.isoformat(),
    }
    assert expected["updated_at"].endswith("+00:00")
    assert client.get(URL).json["items"] == [expected]
    response = client.get(f"{URL}/{location.id}")
    assert response.status_code == 200
    assert response.json == expected


@pytest.mark.usefixtures("inspecteur")
def test_serialised_fields_when_empty(
    client: FlaskClient, make_location: Callable[..., Location]
) -> None:
    location = make_location(name="Kaal")
    item = client.get(f"{URL}/{location.id}").json
    assert item["resident_groups"] == []
    assert item["opened_on"] is None
    assert item["closed_on"] is None
    assert item["status"] == "open"


# --- errors -----------------------------------------------------------------------------------


def not_a_positive_integer(name: str, raw: str) -> dict[str, Any]:
    return {"error": f"'{name}' moet een positief geheel getal zijn.", "detail": {name: raw}}


def unknown_value(name: str, value: str, allowed: Any) -> dict[str, Any]:
    return {
        "error": f"Onbekende waarde voor '{name}': {value!r}.",
        "detail": {name: value, "allowed": list(allowed)},
    }


# Superscript two and Arabic-Indic one pass str.isdigit(), but are no page numbers.
BAD_NUMBERS = ["0", "-1", "abc", "1.5", "", " 1", "1e3", "0x10", "000", "\u00b2", "\u0661"]

ERRORS = [
    (
        {"foo": "1"},
        {
            "error": "Onbekende parameter(s): foo.",
            "detail": {"unknown": ["foo"], "allowed": KNOWN_PARAMETERS},
        },
    ),
    (
        {"sort": "name", "Province": "drenthe"},
        {
            "error": "Onbekende parameter(s): Province, sort.",
            "detail": {"unknown": ["Province", "sort"], "allowed": KNOWN_PARAMETERS},
        },
    ),
    ({"province": "atlantis"}, unknown_value("province", "atlantis", PROVINCES)),
    ({"province": "Drenthe"}, unknown_value("province", "Drenthe", PROVINCES)),  # codes only
    ({"operator_type": "gemeente"}, unknown_value("operator_type", "gemeente", OPERATOR_TYPES)),
    ({"modality": "hotel"}, unknown_value("modality", "hotel", MODALITIES)),
    ({"status": "dicht"}, unknown_value("status", "dicht", LOCATION_STATUSES)),
    *[({"page": raw}, not_a_positive_integer("page", raw)) for raw in BAD_NUMBERS],
    *[({"per_page": raw}, not_a_positive_integer("per_page", raw)) for raw in BAD_NUMBERS],
    ({"per_page": "201"}, {"error": "'per_page' is hoogstens 200.", "detail": {"per_page": 201}}),
    (
        {"page": "99999999999999999999"},
        {"error": "'page' is hoogstens 2147483647.", "detail": {"page": 99999999999999999999}},
    ),
    ({"page": "9" * 5000},
     {"error": "'page' is hoogstens 2147483647.", "detail": {"page": "9" * 5000}}),
    ({"q": "x" * 101}, {"error": "'q' is hoogstens 100 tekens lang.", "detail": None}),
    ({"q": "a\x00b"}, {"error": "'q' bevat ongeldige tekens (stuurtekens).", "detail": None}),
]  # fmt: skip


@pytest.mark.usefixtures("inspecteur")
@pytest.mark.parametrize(("args", "answer"), ERRORS, ids=[repr(args)[:50] for args, _ in ERRORS])
def test_bad_request(
    client: FlaskClient,
    make_location: Callable[..., Location],
    args: dict[str, str],
    answer: dict[str, Any],
) -> None:
    make_location()
    response = client.get(URL, query_string=args)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.json == answer


@pytest.mark.usefixtures("inspecteur")
def test_largest_page_size_and_page_are_allowed(
    client: FlaskClient, make_location: Callable[..., Location]
) -> None:
    make_location(name="Enige")
    assert names(client.get(f"{URL}?per_page=200")) == ["Enige"]
    assert names(client.get(f"{URL}?per_page=0200&page=001")) == ["Enige"]
    response = client.get(f"{URL}?page=2147483647")
    assert names(response) == []
    assert response.json["page"] == 2147483647


@pytest.mark.usefixtures("inspecteur")
def test_missing_location(client: FlaskClient) -> None:
    response = client.get(f"{URL}/999")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json == {"error": "Locatie niet gevonden.", "detail": {"id": 999}}


@pytest.mark.usefixtures("inspecteur")
@pytest.mark.parametrize("path", [f"{URL}/abc", f"{URL}/-1", f"{URL}/1/extra", "/api/v1/nergens"])
def test_unknown_api_path(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json == {"error": "Niet gevonden.", "detail": None}


@pytest.mark.usefixtures("inspecteur")
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_write_methods_are_not_allowed(
    client: FlaskClient, make_location: Callable[..., Location], method: str
) -> None:
    location = make_location()
    for path in (URL, f"{URL}/{location.id}"):
        response = client.open(path, method=method)
        assert response.status_code == 405
        assert response.json == {"error": "Deze handeling is hier niet toegestaan.", "detail": None}


@pytest.mark.parametrize("path", [URL, f"{URL}/1", f"{URL}?province=atlantis", f"{URL}/999"])
def test_anonymous_gets_401(
    client: FlaskClient, make_location: Callable[..., Location], path: str
) -> None:
    make_location()
    response = client.get(path)
    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert response.json == UNAUTHENTICATED


@pytest.mark.usefixtures("inspecteur")
def test_unexpected_error_is_json_without_details(
    app: Flask, client: FlaskClient, make_location: Callable[..., Location], monkeypatch: Any
) -> None:
    from inspectie.locations import api

    make_location()

    def broken(location: Location) -> dict[str, Any]:
        raise RuntimeError("geheime interne fout in SELECT * FROM locations")

    monkeypatch.setattr(api, "serialise", broken)
    response = client.get(URL)
    assert response.status_code == 500
    assert response.json == {
        "error": "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
        "detail": None,
    }
    assert "SELECT" not in response.get_data(as_text=True)


# --- bearer tokens ----------------------------------------------------------------------------


@pytest.fixture
def somewhere(make_location: Callable[..., Location]) -> Location:
    return make_location(name="azc Overal")


@pytest.mark.usefixtures("somewhere")
def test_valid_token(client: FlaskClient, make_user: Callable[..., User]) -> None:
    token = token_for(make_user("inspecteur"))
    assert names(client.get(URL, headers=bearer(token))) == ["azc Overal"]
    assert names(client.get(URL, headers={"Authorization": f"bearer {token}"})) == ["azc Overal"]


def test_valid_token_for_one_location(
    client: FlaskClient, make_user: Callable[..., User], somewhere: Location
) -> None:
    token = token_for(make_user("coordinator"))
    response = client.get(f"{URL}/{somewhere.id}", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["name"] == "azc Overal"


@pytest.mark.usefixtures("somewhere")
@pytest.mark.parametrize(
    "header",
    [
        "Bearer insp_dezetokenbestaatniet0123456789abcdefghijklmnopq",
        "Bearer zonder-voorvoegsel",
        "Bearer " + "insp_" + "x" * 200,
        "Bearer ",
        "Bearer",
        "Basic aW5zcGVjdGV1cjp3YWNodHdvb3Jk",
    ],
)
def test_unknown_or_malformed_token(
    client: FlaskClient, make_user: Callable[..., User], header: str
) -> None:
    token_for(make_user("inspecteur"))  # a real token exists, just not this one
    response = client.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json == UNAUTHENTICATED


@pytest.mark.usefixtures("somewhere")
def test_revoked_token(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user("inspecteur")
    token = token_for(user)
    assert client.get(URL, headers=bearer(token)).status_code == 200

    api_token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    api_token.revoked_at = utcnow()
    db.session.commit()

    response = client.get(URL, headers=bearer(token))
    assert response.status_code == 401
    assert response.json == UNAUTHENTICATED


@pytest.mark.usefixtures("somewhere")
def test_revoking_one_token_leaves_the_others(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user("inspecteur")
    first, second = token_for(user), token_for(user)
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()
    assert len(tokens) == 2
    min(tokens, key=lambda t: t.id).revoked_at = utcnow()
    db.session.commit()
    assert client.get(URL, headers=bearer(first)).status_code == 401
    assert client.get(URL, headers=bearer(second)).status_code == 200


@pytest.mark.usefixtures("somewhere")
def test_deactivated_users_token(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user("inspecteur")
    token = token_for(user)
    assert client.get(URL, headers=bearer(token)).status_code == 200

    user.is_active = False
    db.session.commit()

    response = client.get(URL, headers=bearer(token))
    assert response.status_code == 401
    assert response.json == UNAUTHENTICATED


@pytest.mark.usefixtures("somewhere")
def test_deactivated_users_session(client: FlaskClient, login_as: Callable[..., User]) -> None:
    user = login_as("inspecteur")
    assert client.get(URL).status_code == 200
    user.is_active = False
    db.session.commit()
    assert client.get(URL).status_code == 401


@pytest.mark.usefixtures("somewhere")
@pytest.mark.parametrize(
    "header", ["Bearer insp_ongeldig", "Bearer ", "Basic aW5zcGVjdGV1cjp3YWNodHdvb3Jk"]
)
def test_authorization_header_makes_the_session_cookie_count_for_nothing(
    client: FlaskClient, login_as: Callable[..., User], header: str
) -> None:
    login_as("inspecteur")
    assert client.get(URL).status_code == 200  # the session works on its own
    response = client.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json == UNAUTHENTICATED


def test_token_wins_over_session_cookie(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_org: Callable[..., Organisation],
    make_location: Callable[..., Location],
) -> None:
    """Logged in as an inspecteur, but calling with a ketenpartner's token: the token decides."""
    operator = make_org("COA Oost", "coa")
    make_location(operator, name="azc Eigen")
    make_location(name="azc Ander")
    login_as("inspecteur")
    token = token_for(make_user("ketenpartner", organisation=operator))
    assert names(client.get(URL)) == ["azc Ander", "azc Eigen"]
    assert names(client.get(URL, headers=bearer(token))) == ["azc Eigen"]


@pytest.mark.usefixtures("somewhere")
def test_token_does_not_log_the_client_in(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    token = token_for(make_user("inspecteur"))
    assert client.get(URL, headers=bearer(token)).status_code == 200
    response = client.get(URL)
    assert response.status_code == 401
    assert client.get("/locaties/").status_code == 302


# --- ketenpartner scope -----------------------------------------------------------------------


@pytest.fixture
def two_operators(
    make_org: Callable[..., Organisation], make_location: Callable[..., Location]
) -> dict[str, Any]:
    own = make_org("COA Noord", "coa")
    other = make_org("COA Zuid", "coa")
    mine = [
        make_location(own, name="azc Groningen", municipality="Groningen", province="groningen"),
        make_location(own, name="azc Zoutkamp", municipality="Het Hogeland", province="groningen",
                      modality="kso", capacity=60),
    ]  # fmt: skip
    theirs = [
        make_location(other, name="azc Budel", municipality="Cranendonck",
                      province="noord-brabant"),
        make_location(other, name="azc Gilze", municipality="Gilze en Rijen",
                      province="noord-brabant"),
        make_location(other, name="azc Groesbeek", municipality="Berg en Dal",
                      province="gelderland", modality="kso", capacity=90),
    ]  # fmt: skip
    return {"own": own, "mine": mine, "theirs": theirs}


@pytest.fixture(params=["session", "token"])
def ketenpartner(
    request: pytest.FixtureRequest,
    client: FlaskClient,
    auth: Any,
    make_user: Callable[..., User],
    two_operators: dict[str, Any],
) -> dict[str, str]:
    """A ketenpartner of ``COA Noord``, by session or by token; returns the headers to send."""
    user = make_user("ketenpartner", organisation=two_operators["own"])
    if request.param == "session":
        assert auth.login(user).status_code == 302
        return {}
    return bearer(token_for(user))


def test_ketenpartner_lists_only_own_locations(
    client: FlaskClient, ketenpartner: dict[str, str]
) -> None:
    response = client.get(URL, headers=ketenpartner)
    assert names(response) == ["azc Groningen", "azc Zoutkamp"]
    assert response.json["total"] == 2
    assert response.json["pages"] == 1


def test_ketenpartner_paging_counts_only_own_locations(
    client: FlaskClient, ketenpartner: dict[str, str]
) -> None:
    response = client.get(f"{URL}?per_page=1&page=2", headers=ketenpartner)
    assert names(response) == ["azc Zoutkamp"]
    assert (response.json["total"], response.json["pages"]) == (2, 2)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("modality=kso", ["azc Zoutkamp"]),  # not also the other organisation's KSO
        ("q=azc", ["azc Groningen", "azc Zoutkamp"]),
        ("q=gr", ["azc Groningen"]),  # not "azc Groesbeek"
        ("q=budel", []),
        ("province=noord-brabant", []),
    ],
)
def test_ketenpartner_filters_within_own_locations(
    client: FlaskClient, ketenpartner: dict[str, str], query: str, expected: list[str]
) -> None:
    response = client.get(f"{URL}?{query}", headers=ketenpartner)
    assert names(response) == expected
    assert response.json["total"] == len(expected)


def test_ketenpartner_gets_404_for_other_organisations_location(
    client: FlaskClient, ketenpartner: dict[str, str], two_operators: dict[str, Any]
) -> None:
    for location in two_operators["theirs"]:
        response = client.get(f"{URL}/{location.id}", headers=ketenpartner)
        assert response.status_code == 404
        assert response.json == {"error": "Locatie niet gevonden.", "detail": {"id": location.id}}
        assert location.name not in response.get_data(as_text=True)
    for location in two_operators["mine"]:
        response = client.get(f"{URL}/{location.id}", headers=ketenpartner)
        assert response.status_code == 200
        assert response.json["name"] == location.name


@pytest.mark.usefixtures("two_operators")
def test_inspectorate_sees_every_organisations_locations(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as("inspecteur")
    response = client.get(URL)
    assert response.json["total"] == 5
    assert names(response) == [
        "azc Budel", "azc Gilze", "azc Groesbeek", "azc Groningen", "azc Zoutkamp",
    ]  # fmt: skip
