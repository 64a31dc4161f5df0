"""The comparison with the previous inspection: the rule as a table, then which inspection is
the previous one, items paired across checklist versions, the page and the API."""

from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistVersion
from inspectie.extensions import db
from inspectie.inspections.comparison import Judged, compare, comparison_for, previous_inspection
from inspectie.inspections.models import Inspection
from inspectie.inspections.services import Plan, plan_inspection
from inspectie.locations.models import Location
from tests.inspections.conftest import Setting, final_inspection
from tests.inspections.test_follow_up import log_in

V, D, N = "voldoet", "voldoet_deels", "voldoet_niet"
NVT, NB = "niet_van_toepassing", "niet_beoordeeld"


@pytest.mark.parametrize(
    ("before", "now", "outcome"),
    [
        (N, D, "verbeterd"),
        (N, V, "verbeterd"),
        (D, V, "verbeterd"),
        (V, V, "gelijk"),
        (D, D, "gelijk"),
        (N, N, "gelijk"),
        (V, D, "verslechterd"),
        (V, N, "verslechterd"),
        (D, N, "verslechterd"),
        (NVT, V, "niet_vergelijkbaar"),
        (NB, N, "niet_vergelijkbaar"),
        (V, NVT, "niet_vergelijkbaar"),
        (N, NB, "niet_vergelijkbaar"),
        (V, None, "niet_vergelijkbaar"),  # not judged yet
        (None, V, "nieuw"),  # not part of the previous inspection
        (None, NB, "nieuw"),
    ],
)
def test_compare_one_item(before: str | None, now: str | None, outcome: str) -> None:
    previous = [] if before is None else [Judged("A-01", before)]
    result = compare(previous, [Judged("A-01", now)])
    (row,) = result.rows
    assert row.outcome == outcome
    assert result.counts[outcome] == 1 and sum(result.counts.values()) == 1


def test_compare_follows_continued_codes_and_counts() -> None:
    previous = [Judged("A", V), Judged("B", D), Judged("C", N), Judged("D", NB), Judged("X", V)]
    current = [
        Judged("A", N),  # same code
        Judged("B2", V, continues=("B",)),  # renamed
        Judged("M", D, continues=("C", "X")),  # merged: compared with the worst (C)
        Judged("D", V),
        Judged("NEW", V, continues=()),  # continues nothing
    ]
    result = compare(previous, current)
    assert [(r.code, r.previous_codes, r.previous, r.outcome) for r in result.rows] == [
        ("A", ("A",), V, "verslechterd"),
        ("B2", ("B",), D, "verbeterd"),
        ("M", ("C", "X"), N, "verbeterd"),
        ("D", ("D",), NB, "niet_vergelijkbaar"),
        ("NEW", (), None, "nieuw"),
    ]
    assert result.counts == {
        "verbeterd": 2,
        "gelijk": 0,
        "verslechterd": 1,
        "nieuw": 1,
        "niet_vergelijkbaar": 1,
    }


# --- against the database ---------------------------------------------------------------------


def regular(s: Setting, day: date, version: ChecklistVersion | None = None) -> Inspection:
    inspection = plan_inspection(
        s.coordinator, Plan(s.location, "regulier", day, lead=s.lead, version=version)
    )
    db.session.commit()
    return inspection


def test_the_previous_inspection_is_the_last_final_one_planned_before(
    setting: Setting, make_location: Callable[..., Location]
) -> None:
    older = final_inspection(setting, date(2025, 1, 10), {})
    newer = final_inspection(setting, date(2025, 3, 1), {})
    current = regular(setting, date(2025, 5, 1), setting.v1)
    later = regular(setting, date(2025, 9, 1), setting.v1)  # not final: never "previous"
    assert previous_inspection(current) == newer
    assert previous_inspection(newer) == older
    assert previous_inspection(older) is None
    assert previous_inspection(later) == newer
    setting.location = make_location()  # another location has no history
    assert previous_inspection(regular(setting, date(2025, 5, 1), setting.v1)) is None


def test_items_are_paired_across_versions(setting: Setting, proef: list[ChecklistVersion]) -> None:
    final_inspection(
        setting,
        date(2025, 3, 1),
        {"INF-01": "voldoet_niet", "INF-02": "voldoet_deels", "AMV-02": "voldoet"},
    )
    current = regular(setting, date(2026, 12, 1), proef[1])
    previous, result = comparison_for(current)
    assert previous is not None and previous.checklist_version.version == "1.0"
    assert [(r.code, r.previous_codes, r.previous) for r in result.rows] == [
        ("INF-01", ("INF-01",), "voldoet_niet"),
        ("INF-03", ("INF-02",), "voldoet_deels"),  # INF-03 continues INF-02
        ("AMV-01", ("AMV-01",), "voldoet"),
        ("AMV-03", (), None),
    ]
    assert [r.outcome for r in result.rows] == ["niet_vergelijkbaar"] * 3 + ["nieuw"]


def test_the_page_and_the_api(
    client: FlaskClient, setting: Setting, make_user: Callable[..., User]
) -> None:
    before = final_inspection(setting, date(2025, 1, 10), {"INF-01": "voldoet_niet"})
    after = final_inspection(setting, date(2025, 3, 1), {"INF-02": "voldoet_deels"})
    log_in(client, setting.lead)
    page = client.get(f"/inspecties/{after.id}/vergelijking")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/inspecties/{before.id}"' in body
    assert "Verbeterd" in body and "Verslechterd" in body
    overview = client.get(f"/inspecties/{after.id}").get_data(as_text=True)
    assert "Vergelijking per toetspunt" in overview
    assert '<span class="outcome-number">1</span> verbeterd' in overview
    assert '<span class="outcome-number">1</span> verslechterd' in overview
    first = client.get(f"/inspecties/{before.id}").get_data(as_text=True)
    assert "geen eerdere vastgestelde inspectie" in first
    assert "Vergelijking per toetspunt" not in first

    data = client.get(f"/api/v1/inspections/{after.id}/comparison").json
    assert data["previous"]["id"] == before.id
    assert data["counts"]["verbeterd"] == 1 and data["counts"]["verslechterd"] == 1
    rows = {row["item_code"]: row for row in data["rows"]}
    assert rows["INF-01"] == {
        "item_code": "INF-01",
        "previous_item_codes": ["INF-01"],
        "previous": "voldoet_niet",
        "current": "voldoet",
        "outcome": "verbeterd",
    }
    assert client.get(f"/api/v1/inspections/{before.id}/comparison").json["previous"] is None


def test_an_operator_sees_the_comparison_of_its_final_inspections_only(
    client: FlaskClient,
    setting: Setting,
    make_user: Callable[..., User],
) -> None:
    final = final_inspection(setting, date(2025, 3, 1), {})
    running = regular(setting, date(2025, 5, 1), setting.v1)
    own = make_user("ketenpartner", organisation=setting.location.operator)
    log_in(client, own)
    assert client.get(f"/inspecties/{final.id}/vergelijking").status_code == 200
    assert client.get(f"/inspecties/{running.id}/vergelijking").status_code == 404
    assert client.get(f"/api/v1/inspections/{running.id}/comparison").status_code == 404
    client.post("/uitloggen")
    log_in(client, make_user("ketenpartner"))  # another organisation
    assert client.get(f"/inspecties/{final.id}/vergelijking").status_code == 404
    assert client.get(f"/api/v1/inspections/{final.id}/comparison").status_code == 404
