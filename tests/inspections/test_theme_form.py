"""The per-theme form (the path without JavaScript)."""

import re

from inspectie.extensions import db
from inspectie.inspections.answers import find_answer, save_answer
from inspectie.inspections.forms import shown_digest
from inspectie.inspections.models import Answer


def _form_as_shown(inspection, codes):
    data = {}
    for code in codes:
        answer = find_answer(inspection, code)
        data |= {
            f"{code}-revision": str(answer.revision),
            f"{code}-judgment": answer.judgment or "",
            f"{code}-observation": answer.observation,
            f"{code}-reason": answer.reason,
            f"{code}-shown": shown_digest(answer.judgment, answer.observation, answer.reason),
        }
    return data


def test_untouched_items_do_not_undo_a_colleagues_later_save(
    client, auth, make_inspection, make_user
):
    lead, member = make_user("inspecteur"), make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=lead, members=(member,))
    page = _form_as_shown(inspection, ["INF-01", "INF-02"])  # what the lead's page shows
    colleague = find_answer(inspection, "INF-01")
    save_answer(member, inspection, colleague, "voldoet_niet", "Door collega gezien.", "", 0)
    db.session.commit()

    auth.login(lead)
    page |= {"INF-02-judgment": "voldoet", "INF-02-observation": "Door leider gezien."}
    response = client.post(f"/inspecties/{inspection.id}/thema/informatie", data=page)
    assert response.status_code == 200
    assert "Opgeslagen." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Answer, colleague.id).judgment == "voldoet_niet"
    assert find_answer(inspection, "INF-02").observation == "Door leider gezien."


def test_a_changed_item_with_a_stale_revision_is_a_conflict(
    client, auth, make_inspection, make_user
):
    lead, member = make_user("inspecteur"), make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=lead, members=(member,))
    page = _form_as_shown(inspection, ["INF-01"])
    save_answer(member, inspection, find_answer(inspection, "INF-01"), "voldoet", "", "", 0)
    db.session.commit()
    auth.login(lead)
    page |= {"INF-01-judgment": "voldoet_deels", "INF-01-observation": "Anders gezien."}
    response = client.post(f"/inspecties/{inspection.id}/thema/informatie", data=page)
    assert response.status_code == 409
    assert "Intussen opgeslagen door" in response.get_data(as_text=True)
    db.session.expire_all()
    assert find_answer(inspection, "INF-01").judgment == "voldoet"


def test_refused_form_post_answers_with_the_refusal_status(
    client, auth, make_inspection, make_user
):
    inspection = make_inspection("in_uitvoering")
    auth.login(make_user("inspecteur"))  # not on the team
    data = _form_as_shown(inspection, ["INF-01"]) | {"INF-01-judgment": "voldoet"}
    response = client.post(f"/inspecties/{inspection.id}/thema/informatie", data=data)
    assert response.status_code == 403


def test_submit_refusal_names_the_incomplete_items(client, auth, make_inspection, make_user):
    lead = make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=lead)
    auth.login(lead)
    page = client.post(f"/inspecties/{inspection.id}/indienen", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Onvolledig: ACT-01" in text and "meer." in text


def _tag(body: str, element_id: str) -> str:
    found = re.search(rf'<(?:textarea|input)[^>]*\bid="{element_id}"[^>]*>', body)
    assert found, element_id
    return found[0]


def _group(body: str, code: str) -> str:
    found = re.search(rf'<div class="judgments"[^>]*aria-label="Oordeel over {code}"[^>]*>', body)
    assert found, code
    return found[0]


def test_only_the_controls_at_fault_are_marked_invalid(client, auth, make_inspection, make_user):
    lead = make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=lead)
    # Seen and described, but without the evidence the item asks for at "voldoet niet".
    save_answer(lead, inspection, find_answer(inspection, "HUI-01"), "voldoet_niet", "Schimmel.",
                "", 0)  # fmt: skip
    db.session.commit()
    auth.login(lead)
    body = client.get(f"/inspecties/{inspection.id}/thema/huisvesting").get_data(as_text=True)
    described = 'aria-describedby="HUI-01-problems"'
    assert 'aria-invalid="true"' in _tag(body, "HUI-01-file")
    for control in (_tag(body, "HUI-01-observation"), _tag(body, "HUI-01-reason")):
        assert described in control and "aria-invalid" not in control
    assert described in _group(body, "HUI-01") and "aria-invalid" not in _group(body, "HUI-01")
    # A complete item describes nothing; an unjudged one has its judgments at fault.
    save_answer(lead, inspection, find_answer(inspection, "HUI-01"), "voldoet", "", "", 1)
    db.session.commit()
    body = client.get(f"/inspecties/{inspection.id}/thema/huisvesting").get_data(as_text=True)
    for control in (_tag(body, "HUI-01-file"), _tag(body, "HUI-01-observation")):
        assert "aria-describedby" not in control and "aria-invalid" not in control
    others = re.findall(r'aria-label="Oordeel over ([A-Z]+-\d+)"', body)
    assert len(others) > 1
    assert 'aria-invalid="true"' in _group(body, others[1])
    assert "aria-invalid" not in _tag(body, f"{others[1]}-observation")
