"""``/api/v1/trends``: its figures equal the count from the answers for every ``by``, its 400s
name the parameter, only the inspectorate reads it, and the CSV is the same table, safe to open
in a spreadsheet."""

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.auth.services import issue_token
from inspectie.extensions import db
from inspectie.trends.export import FORMULA_STARTS, safe_cell
from inspectie.trends.queries import BY, TrendFilters
from tests.trends.conftest import Landscape, expected

URL = "/api/v1/trends"


def figures(response: Any) -> dict[Any, tuple[int, int]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {
        (r["group"], r["period"]): (r["judged"], r["deficient"]) for r in response.json["items"]
    }


@pytest.fixture
def coordinator(login_as: Callable[..., User], landscape: Landscape) -> User:
    return login_as("coordinator")


@pytest.mark.parametrize(
    ("query", "period", "filters"),
    [
        ("", None, TrendFilters()),
        ("&period=quarter", "quarter", TrendFilters()),
        ("&period=year&province=drenthe", "year", TrendFilters(province="drenthe")),
        (
            "&period=quarter&from=2025-01-04&to=2026-06-01&operator_type=vge",
            "quarter",
            TrendFilters(start=date(2025, 1, 4), end=date(2026, 6, 1), operator_type="vge"),
        ),
        ("&theme=informatie&checklist=proef", None, TrendFilters(theme="informatie",
                                                                 checklist="proef")),
        ("&period=year&modality=kso&to=2026-07-31", "year",
         TrendFilters(modality="kso", end=date(2026, 7, 31))),
        ("&province=&theme=", None, TrendFilters()),  # empty: no filter
    ],
)  # fmt: skip
@pytest.mark.parametrize("by", list(BY))
def test_figures_equal_the_count_from_the_answers(
    client: FlaskClient,
    coordinator: User,
    by: str,
    query: str,
    period: str | None,
    filters: TrendFilters,
) -> None:
    assert figures(client.get(f"{URL}?by={by}{query}")) == expected(by, period, filters)


def test_the_widest_window_the_calendar_allows(client: FlaskClient, coordinator: User) -> None:
    response = client.get(f"{URL}?by=province&period=quarter&from=0001-01-01&to=9999-12-31")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert figures(response) == expected("province", "quarter", TrendFilters())
    response = client.get(f"{URL}?by=item&from=9999-12-02&to=9999-12-31")
    assert (response.status_code, response.json["items"]) == (200, [])


def test_the_answer(client: FlaskClient, coordinator: User) -> None:
    body = client.get(f"{URL}?by=item&period=year&checklist=proef&from=2026-01-01").json
    assert {k: body[k] for k in ("by", "period", "filters", "total")} == {
        "by": "item",
        "period": "year",
        "filters": {
            "from": "2026-01-01", "to": None, "province": None, "operator_type": None,
            "modality": None, "theme": None, "checklist": "proef",
        },
        "total": len(body["items"]),
    }  # fmt: skip
    renamed = next(r for r in body["items"] if r["group"] == "proef:INF-02")
    assert renamed == {
        "group": "proef:INF-02",
        "label": "Begrijpelijke en tijdige taal",
        "period": "2026",
        "judged": 6,
        "deficient": 5,
        "rate": 0.8333,
    }


@pytest.mark.parametrize(
    ("query", "message", "detail"),
    [
        ("", "'by' is verplicht.", {"by": None, "allowed": list(BY)}),
        ("?by=gemeente", "Onbekende waarde voor 'by': 'gemeente'.", None),
        ("?by=province&period=maand", "Onbekende waarde voor 'period': 'maand'.", None),
        ("?by=province&format=xlsx", "Onbekende waarde voor 'format': 'xlsx'.", None),
        ("?by=province&province=brabant", "Onbekende waarde voor 'province': 'brabant'.", None),
        ("?by=province&operator_type=x", "Onbekende waarde voor 'operator_type': 'x'.", None),
        ("?by=province&modality=hotel", "Onbekende waarde voor 'modality': 'hotel'.", None),
        ("?by=province&theme=sport", "Onbekende waarde voor 'theme': 'sport'.", None),
        ("?by=province&checklist=x", "Onbekende waarde voor 'checklist': 'x'.", None),
        ("?by=province&from=2026-13-01", "'from' moet een datum zijn (JJJJ-MM-DD).",
         {"from": "2026-13-01"}),
        ("?by=province&to=20260101", "'to' moet een datum zijn (JJJJ-MM-DD).",
         {"to": "20260101"}),
        ("?by=province&to=2026-W01-1", "'to' moet een datum zijn (JJJJ-MM-DD).",
         {"to": "2026-W01-1"}),
        ("?by=province&from=2026-02-01&to=2026-01-31", "'from' ligt na 'to'.",
         {"from": "2026-02-01", "to": "2026-01-31"}),
        ("?by=province&page=2&sort=x", "Onbekende parameter(s): page, sort.", None),
    ],
)  # fmt: skip
def test_unknown_parameters_and_values_are_refused(
    client: FlaskClient, coordinator: User, query: str, message: str, detail: Any
) -> None:
    response = client.get(f"{URL}{query}")
    assert response.status_code == 400
    assert response.json["error"] == message
    if detail is not None:
        assert response.json["detail"] == detail


@pytest.mark.parametrize("role", ["beheerder", "coordinator", "inspecteur"])
def test_the_inspectorate_reads_the_trends(
    client: FlaskClient, login_as: Callable[..., User], role: str
) -> None:
    login_as(role)
    assert client.get(f"{URL}?by=province").status_code == 200
    assert client.get(f"{URL}?by=province&format=csv").status_code == 200


def test_an_operator_may_not(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as("ketenpartner")
    for query in ("?by=province", "?by=item&format=csv", "?nonsense=1"):
        response = client.get(f"{URL}{query}")
        assert response.status_code == 403
        assert response.json == {
            "error": "Uw rol geeft geen toegang tot dit onderdeel.",
            "detail": None,
        }


def test_anonymous_must_authenticate(client: FlaskClient) -> None:
    response = client.get(f"{URL}?by=province&format=csv")
    assert response.status_code == 401
    assert response.json["error"].startswith("Authenticatie vereist")


def test_a_token_reads_the_trends(
    client: FlaskClient, make_user: Callable[..., User], landscape: Landscape
) -> None:
    token = issue_token(None, make_user("inspecteur"))
    db.session.commit()
    response = client.get(f"{URL}?by=theme", headers={"Authorization": f"Bearer {token}"})
    assert figures(response) == expected("theme", None, TrendFilters())


# --- CSV --------------------------------------------------------------------------------------


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    content = response.get_data()
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_is_the_same_table(client: FlaskClient, coordinator: User) -> None:
    query = "?by=province&period=year&from=2025-02-01"
    response = client.get(f"{URL}{query}&format=csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="tekortkomingen-province-year.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    header, *rows = read_csv(response)
    assert header == ["groep", "omschrijving", "periode", "beoordeeld", "tekortkoming",
                      "percentage"]  # fmt: skip
    items = client.get(URL + query).json["items"]
    assert rows == [
        [
            r["group"],
            r["label"],
            r["period"],
            str(r["judged"]),
            str(r["deficient"]),
            f"{r['rate'] * 100:.2f}".replace(".", ","),
        ]
        for r in items
    ]
    assert rows[0][:3] == ["groningen", "Groningen", "2025"]


def test_csv_cells_cannot_become_formulas(client: FlaskClient, coordinator: User) -> None:
    """Titles and citations come from imported checklists; a spreadsheet must not run them."""
    cells: dict[str, list[str]] = {}
    for by in ("item", "theme", "legal_basis"):
        for row in read_csv(client.get(f"{URL}?by={by}&checklist=signalen&format=csv"))[1:]:
            cells[row[0]] = row
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row), row
    assert cells["signalen:VEI-01"][1] == '\'=HYPERLINK("https://example.org","klik")'
    assert cells["veiligheid"][1] == "'+Veiligheid"
    assert cells["'@Bron 2025 art. 1"][:2] == ["'@Bron 2025 art. 1", "'@Bron 2025 art. 1"]
    # The JSON gives the values as they are.
    themes = client.get(f"{URL}?by=theme&checklist=signalen").json["items"]
    assert {r["label"] for r in themes} == {"Informatie bij aankomst", "+Veiligheid"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d"])
def test_a_formula_start_is_quoted(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


def test_ordinary_text_is_left_alone() -> None:
    for value in ("Rva 2005 art. 2", "drenthe", "2026-K3", "", "a=b", "'quoted"):
        assert safe_cell(value) == value
