"""The trends screens: the dashboard's figures for a small set of final inspections, its filters
(and their refusals), who may see it, and the inspections behind a figure."""

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.inspections.models import Inspection
from inspectie.inspections.services import Plan, plan_inspection
from inspectie.locations.models import Location
from inspectie.trends import views
from inspectie.trends.charts import DASH
from tests.inspections.conftest import Setting, final_inspection, proef, setting

__all__ = ["proef", "setting"]  # fixtures used here, defined there

NOT, PART, NA = "voldoet_niet", "voldoet_deels", "niet_van_toepassing"


@dataclasses.dataclass
class Scene:
    """Three final inspections of the small checklist (four items each, all judged voldoet but
    where named): two in Drenthe (COA, azc), one in Limburg (VGE, KSO); and one not final."""

    early: Inspection  # Drenthe, 2025-K1: 2 of 4 deficient
    later: Inspection  # Drenthe, 2025-K3: 1 of 3 (INF-01 niet van toepassing)
    limburg: Inspection  # Limburg, 2025-K3: 0 of 4
    open: Inspection  # Limburg, not final: counts nowhere


@pytest.fixture
def scene(setting: Setting, make_location: Callable[..., Location]) -> Scene:
    early = final_inspection(setting, date(2025, 3, 10), {"INF-01": NOT, "INF-02": PART})
    later = final_inspection(setting, date(2025, 8, 20), {"AMV-02": NOT, "INF-01": NA})
    south = dataclasses.replace(
        setting,
        location=make_location(
            name="KSO <Maasoever>",
            province="limburg",
            operator_type="vge",
            modality="kso",
            capacity=100,
            municipality="Venlo",
            has_amv=True,
        ),
    )
    limburg = final_inspection(south, date(2025, 9, 5), {})
    unfinished = plan_inspection(
        south.coordinator,
        Plan(south.location, "regulier", date(2025, 9, 6), lead=south.lead, version=south.v1),
    )
    return Scene(early, later, limburg, unfinished)


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def row(body: str, label: str) -> str:
    """The text of the first table row whose header cell names ``label``, tags stripped."""
    for found in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', found, re.S)
        if header and re.sub(r"<[^>]+>", "", header.group(1)).strip() == label:
            return " ".join(re.sub(r"<[^>]+>", " ", found).split())
    raise AssertionError(f"no row {label!r}")


def behind_links(body: str) -> list[str]:
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="(/trends/inspecties\?[^"]+)"', body)
    ]


def listed(body: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/inspecties/(\d+)"', body)}


# --- the dashboard --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "beheerder", "inspecteur"])
def test_the_dashboard_shows_the_figures(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene, role: str
) -> None:
    login_as(role)
    body = page(client, "/trends/")
    assert '<a href="/trends/" aria-current="page">Trends</a>' in body
    # 11 judged answers (4 + 3 + 4), 3 deficient.
    assert re.search(r'stat-number">27,3 %<', body)
    assert row(body, "Drenthe") == "Drenthe 42,9 % 3 van 7"
    assert row(body, "Limburg") == "Limburg 0 % 0 van 4"
    assert row(body, "Groningen") == "Groningen geen gegevens"
    assert row(body, "COA") == "COA 42,9 % 3 van 7"
    assert row(body, "Gemeente (volledige exploitatie, VGE)").endswith("0 % 0 van 4")
    assert row(body, "Kleinschalige opvang (KSO, ≤ 150 plaatsen)").endswith("0 % 0 van 4")
    # informatie: INF-01 and INF-02 of the early one, INF-02 of the later, both of Limburg's
    assert row(body, "Informatie bij aankomst") == "Informatie bij aankomst 40 % 2 van 5"
    assert row(body, "Amv en voogdij") == "Amv en voogdij 16,7 % 1 van 6"
    assert row(body, "Rva 2005 art. 2 lid 3") == "Rva 2005 art. 2 lid 3 50 % 1 van 2"
    # The timeline: per quarter by default, the total and each operator type.
    assert row(body, "2025-K1").startswith("2025-K1 50 % 2 van 4 50 %")
    assert row(body, "2025-K2") == f"2025-K2 {DASH} {DASH} {DASH}"
    assert row(body, "2025-K3").startswith("2025-K3 14,3 % 1 van 7")
    # Every chart is an image with a name, and the province map writes its numbers.
    assert body.count('role="img"') == 7
    assert ">42,9 %</text>" in body


def test_the_timeline_per_year(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene
) -> None:
    login_as("coordinator")
    body = page(client, "/trends/?period=year")
    assert row(body, "2025").startswith("2025 27,3 % 3 van 11")
    assert all("period=year" in link for link in behind_links(body))


def test_the_filters_narrow_every_figure(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene
) -> None:
    login_as("coordinator")
    body = page(
        client, "/trends/?province=drenthe&theme=informatie&start=2025-01-01&end=2025-06-30"
    )
    assert re.search(r'stat-number">100 %<', body)  # INF-01 and INF-02 of the early one
    assert row(body, "Drenthe") == "Drenthe 100 % 2 van 2"
    assert row(body, "Limburg") == "Limburg geen gegevens"
    assert "Amv en voogdij" not in re.sub(r"<select.*?</select>", "", body, flags=re.S)
    links = behind_links(body)
    assert links
    for link in links:
        args = parse_qs(urlsplit(link).query)
        assert args["province"] == ["drenthe"]
        assert args["theme"] == ["informatie"]
        assert args["start"] == ["2025-01-01"]
        assert args["end"] == ["2025-06-30"]


def test_no_data_shows_empty_charts(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene
) -> None:
    login_as("coordinator")
    body = page(client, "/trends/?start=2030-01-01")
    assert "geen gegevens" in body
    assert body.count("Geen gegevens met deze filters.") == 5  # timeline and four bar sections
    assert behind_links(body) == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("province=atlantis", "province", "Ongeldige keuze."),
        ("modality=zeppelin", "modality", "Ongeldige keuze."),
        ("theme=geen-thema", "theme", "Ongeldige keuze."),
        ("period=week", "period", "Ongeldige keuze."),
        ("start=2025-13-40", "start", "Ongeldige datum."),
        ("start=2025-06-01&end=2025-01-01", "end", "De einddatum ligt vóór de begindatum."),
    ],
)
def test_an_invalid_filter_is_refused_at_its_field(
    client: FlaskClient,
    login_as: Callable[..., User],
    scene: Scene,
    query: str,
    field: str,
    message: str,
) -> None:
    login_as("coordinator")
    body = page(client, f"/trends/?{query}", 400)
    assert f'<p class="error-message" id="{field}-error">{message}</p>' in body
    assert "Controleer de filters" in body
    assert 'role="img"' not in body  # no figures for filters that do not hold


def test_a_ketenpartner_may_not_see_the_trends(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene
) -> None:
    login_as("ketenpartner")
    assert client.get("/trends/").status_code == 403
    assert client.get("/trends/inspecties?by=province&group=drenthe").status_code == 403
    assert 'href="/trends/"' not in page(client, "/")


@pytest.mark.parametrize("path", ["/trends/", "/trends/inspecties?by=province&group=drenthe"])
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == "/inloggen"


# --- the inspections behind a figure --------------------------------------------------------


def test_each_figure_links_to_exactly_the_inspections_behind_it(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene
) -> None:
    login_as("inspecteur")
    body = page(client, "/trends/")
    wanted = {
        ("province", "drenthe", None): {scene.early.id, scene.later.id},
        ("province", "limburg", None): {scene.limburg.id},
        ("operator_type", "coa", "2025-K1"): {scene.early.id},
        ("operator_type", "coa", "2025-K3"): {scene.later.id},
        ("operator_type", "vge", None): {scene.limburg.id},
        ("modality", "kso", None): {scene.limburg.id},
        ("theme", "amv", None): {scene.early.id, scene.later.id, scene.limburg.id},
    }
    seen = {}
    for link in behind_links(body):
        args = parse_qs(urlsplit(link).query)
        seen[(args["by"][0], args["group"][0], args.get("during", [None])[0])] = link
    for key, ids in wanted.items():
        assert key in seen, key
        assert listed(page(client, seen[key])) == ids, key
    assert scene.open.id not in {i for link in seen.values() for i in listed(page(client, link))}


def test_the_list_behind_a_figure_names_the_figure_and_keeps_the_filters(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene
) -> None:
    login_as("coordinator")
    body = page(client, "/trends/inspecties?by=theme&group=informatie&during=2025-K3&period=year")
    assert "Thema: <strong>Informatie bij aankomst</strong>, 2025-K3." in body
    assert "0 % tekortkomingen: 0 van 3 beoordeelde toetspunten." in body
    assert listed(body) == {scene.later.id, scene.limburg.id}
    assert "2 vastgestelde inspecties" in body
    assert "KSO &lt;Maasoever&gt;" in body and "<Maasoever>" not in body
    assert 'href="/trends/?period=year"' in body  # back, with the same filters

    filtered = page(client, "/trends/inspecties?by=theme&group=informatie&province=limburg")
    assert listed(filtered) == {scene.limburg.id}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("group=drenthe", "Kies een indeling."),
        ("by=province", "Kies een groep."),
        ("by=planeet&group=aarde", "Onbekende indeling."),
        ("by=province&group=atlantis", "Onbekende groep voor deze indeling."),
        ("by=theme&group=geen-thema", "Onbekende groep voor deze indeling."),
        ("by=province&group=drenthe&during=2025-K5", "Onbekende periode"),
        ("by=province&group=drenthe&province=atlantis", "Ongeldige keuze."),
    ],
)
def test_an_invalid_figure_is_refused(
    client: FlaskClient, login_as: Callable[..., User], scene: Scene, query: str, message: str
) -> None:
    login_as("coordinator")
    body = page(client, f"/trends/inspecties?{query}", 400)
    assert "Controleer de filters" in body
    assert message in body
    assert listed(body) == set()


def test_the_list_behind_a_figure_is_paged(
    client: FlaskClient, login_as: Callable[..., User], setting: Setting
) -> None:
    made = [final_inspection(setting, date(2025, 4, d), {"INF-01": NOT}) for d in range(1, 27)]
    login_as("coordinator")
    first = page(client, "/trends/inspecties?by=province&group=drenthe")
    second = page(client, "/trends/inspecties?by=province&group=drenthe&page=2")
    assert "26 vastgestelde inspecties" in first
    assert len(listed(first)) == 25
    assert listed(first) | listed(second) == {i.id for i in made}
    assert listed(second) == {made[0].id}  # newest first
    assert "Pagina 1 van 2" in first


def test_a_long_list_behind_a_figure_is_counted_up_to_a_cap(
    client: FlaskClient,
    login_as: Callable[..., User],
    setting: Setting,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = [final_inspection(setting, date(2025, 4, d), {"INF-01": NOT}) for d in range(1, 28)]
    monkeypatch.setattr(views, "COUNTED_UP_TO", 26)
    login_as("coordinator")
    first = page(client, "/trends/inspecties?by=province&group=drenthe")
    assert "Meer dan 26 vastgestelde inspecties" in first
    assert "Pagina 1</span>" in first and "Pagina 1 van" not in first
    assert 'rel="next"' in first
    second = page(client, "/trends/inspecties?by=province&group=drenthe&page=2")
    assert listed(first) | listed(second) == {i.id for i in made}
    assert len(listed(second)) == 2 and 'rel="next"' not in second
    assert client.get("/trends/inspecties?by=province&group=drenthe&page=3").status_code == 404
