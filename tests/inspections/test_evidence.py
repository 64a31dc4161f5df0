"""Evidence files: checked by content, cleaned of metadata, stored privately, served by policy."""

import hashlib
import io
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from werkzeug.test import TestResponse

from inspectie.audit.models import AuditEvent
from inspectie.audit.services import history
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.inspections.answers import find_answer
from inspectie.inspections.evidence import (
    MAX_BYTES,
    MAX_FILES_PER_ANSWER,
    delete_evidence,
    evidence_for,
    evidence_path,
    store_evidence,
)
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import InspectionError, submit_inspection
from tests.conftest import PASSWORD, page_text
from tests.inspections.conftest import complete_all

ITEM = "HUI-01"
# "gozaresh-otagh" (room report) in Persian, with a zero-width non-joiner inside.
PERSIAN = "\u06af\u0632\u0627\u0631\u0634\u200c\u0627\u062a\u0627\u0642.png"
RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|pdf)")
JSON = {"Accept": "application/json"}

# --- real files ---------------------------------------------------------------------------


def jpeg_with_location(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG as a phone writes it: EXIF with GPS position and rotation, XMP and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefoon"
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to show upright
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 59.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (6.0, 33.0, 10.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=b"<x:xmpmeta>52.99,6.55</x:xmpmeta>", comment=b"azc")
    return out.getvalue()


def png(size: tuple[int, int] = (12, 10), text_chunk: str | None = None) -> bytes:
    image = Image.new("RGBA", size, (0, 90, 200, 128))
    info = None
    if text_chunk is not None:
        info = PngInfo()
        info.add_text("Location", text_chunk)
        info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{text_chunk}</x:xmpmeta>")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Brandveiligheidsrapport azc")
    canvas.save()
    return out.getvalue()


def huge_png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` by ``height`` pixels (a decompression bomb)."""
    image = png((1, 1))
    start = image.index(b"IHDR")
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + image[start + 12 : start + 17]
    crc = zlib.crc32(b"IHDR" + header).to_bytes(4, "big")
    return image[: start + 4] + header + crc + image[start + 21 :]


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def lead(make_user: Callable[..., User]) -> User:
    return make_user("inspecteur")


@pytest.fixture
def inspection(make_inspection: Callable[..., Inspection], lead: User) -> Inspection:
    return make_inspection("in_uitvoering", lead=lead)


@pytest.fixture
def answer(inspection: Inspection) -> Answer:
    found = find_answer(inspection, ITEM)
    assert found is not None
    return found


def stored_files(app: Flask) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def evidence_count() -> int:
    db.session.rollback()  # see what requests committed
    return db.session.scalar(select(func.count(Evidence.id))) or 0


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def finalised(inspection: Inspection, lead: User, make_user: Callable[..., User]) -> Inspection:
    complete_all(lead, inspection)
    submit_inspection(lead, inspection)
    finalise(make_user("coordinator"), inspection)
    db.session.commit()
    assert inspection.is_final
    return inspection


# --- storing: what is kept and where ------------------------------------------------------


def test_a_photo_is_stored_upright_and_without_location_data(
    app: Flask, inspection: Inspection, answer: Answer, lead: User
) -> None:
    upload = jpeg_with_location()
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it has GPS

    evidence = store_evidence(lead, inspection, answer, "IMG_0042.JPG", upload)
    db.session.commit()

    path = evidence_path(evidence)
    data = path.read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.size == (30, 40)  # the camera's rotation is applied, not recorded
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not {"exif", "xmp", "comment"} & set(image.info)
    for trace in (b"Exif\x00", b"ns.adobe.com/xap", b"52.99", b"Telefoon", b"azc"):
        assert trace not in data
    assert evidence.original_name == "IMG_0042.JPG"
    assert evidence.content_type == "image/jpeg"
    assert evidence.size == len(data) and evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.uploaded_by_id == lead.id and evidence.answer_id == answer.id
    event = history(evidence)[-1]
    assert event.action == "evidence.add" and event.actor_id == lead.id
    assert event.changes["name"] == [None, "IMG_0042.JPG"]
    assert event.changes["sha256"] == [None, evidence.sha256]
    assert event.changes["item"] == [None, ITEM]


def test_a_png_is_saved_again_without_text_chunks_but_with_its_transparency(
    inspection: Inspection, answer: Answer, lead: User
) -> None:
    upload = png(text_chunk="52.99,6.55")
    assert "Location" in Image.open(io.BytesIO(upload)).info

    evidence = store_evidence(lead, inspection, answer, "plattegrond.png", upload)

    data = evidence_path(evidence).read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.getpixel((0, 0)) == (0, 90, 200, 128)
    assert image.info == {}
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"52.99"):
        assert chunk not in data
    assert evidence.content_type == "image/png" and evidence.size == len(data)


def test_a_pdf_is_stored_as_it_came(inspection: Inspection, answer: Answer, lead: User) -> None:
    upload = pdf()
    evidence = store_evidence(lead, inspection, answer, "rapport.pdf", upload)
    assert evidence_path(evidence).read_bytes() == upload
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(upload).hexdigest()


def test_files_land_outside_the_web_root_under_random_names(
    app: Flask, inspection: Inspection, answer: Answer, lead: User
) -> None:
    first = store_evidence(lead, inspection, answer, "foto.png", png())
    second = store_evidence(lead, inspection, answer, "foto.png", png())
    db.session.commit()

    files = stored_files(app)
    assert files == sorted([evidence_path(first), evidence_path(second)])
    upload_dir = Path(app.config["UPLOAD_DIR"]).resolve()
    for evidence, path in ((first, evidence_path(first)), (second, evidence_path(second))):
        assert path.parent == upload_dir / str(inspection.id)
        assert RANDOM_NAME.fullmatch(path.name) and path.name == evidence.stored_name
        assert "foto" not in path.name
        assert not path.resolve().is_relative_to(Path(app.static_folder or "").resolve())
        assert not path.resolve().is_relative_to(Path(app.root_path).resolve())
    assert first.stored_name != second.stored_name
    assert not [p for p in files if p.name.endswith(".part")]  # no temporary files left


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("foto", "foto.png"),  # no extension: the true one is added
        ("scherm.heic", "scherm.heic.png"),  # an extension of no accepted kind: likewise
        ("  Kamer 3 (begane grond).PNG ", "Kamer 3 (begane grond).PNG"),
        ("Café.png".replace("é", "e\u0301"), "Café.png"),  # macOS sends decomposed accents
        (PERSIAN, PERSIAN),  # Persian needs the zero-width non-joiner
        ("C:x.png", "C:x.png"),  # a colon is a character in a macOS name, not a drive
        ("x" * 300 + ".png", "x" * 196 + ".png"),  # cut to the column, extension kept
    ],
)
def test_names_are_kept_as_given_with_a_truthful_extension(
    inspection: Inspection, answer: Answer, lead: User, given: str, kept: str
) -> None:
    evidence = store_evidence(lead, inspection, answer, given, png())
    assert evidence.original_name == kept


# --- refusals -----------------------------------------------------------------------------

OVERSIZED = b"\xff\xd8\xff" + bytes(MAX_BYTES - 2)  # one byte over, no need to be a real JPEG

REFUSALS = [
    (
        "text-named-as-photo",
        "foto.jpg",
        lambda: b"Dit is geen foto maar een tekstbestand.\n",
        "foto.jpg is geen JPEG, PNG of PDF: de inhoud is gecontroleerd, niet de naam. Kies een "
        "foto (JPEG of PNG) of een PDF-document.",
    ),
    (
        "pdf-named-as-photo",
        "foto.jpg",
        pdf,
        "foto.jpg is een PDF-document, geen JPEG-foto zoals de naam zegt. Kies het juiste "
        "bestand, of geef het de extensie .pdf.",
    ),
    (
        "photo-named-as-pdf",
        "rapport.pdf",
        jpeg_with_location,
        "rapport.pdf is een JPEG-foto, geen PDF-document zoals de naam zegt. Kies het juiste "
        "bestand, of geef het de extensie .jpg.",
    ),
    (
        "png-header-then-garbage",
        "foto.png",
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 100,
        "foto.png lijkt een PNG-afbeelding, maar is beschadigd of onvolledig en kan niet worden "
        "geopend. Maak de foto opnieuw of kies een ander bestand.",
    ),
    (
        "truncated-jpeg",
        "foto.jpg",
        lambda: jpeg_with_location((400, 300))[:-400],
        "foto.jpg lijkt een JPEG-foto, maar is beschadigd of onvolledig",
    ),
    (
        "pdf-without-end",
        "rapport.pdf",
        lambda: pdf().rsplit(b"%%EOF", 1)[0],  # cut off before its end
        "rapport.pdf begint als een PDF-document, maar is onvolledig (het einde ontbreekt).",
    ),
    (
        "decompression-bomb",
        "foto.png",
        lambda: huge_png_header(8000, 7000),
        "foto.png is 8000 bij 7000 pixels; dat is meer dan 50 megapixel. Verklein de foto.",
    ),
    ("empty", "foto.jpg", lambda: b"", "foto.jpg is leeg (0 bytes). Kies het bestand opnieuw."),
    (
        "oversized",
        "foto.jpg",
        lambda: OVERSIZED,
        "foto.jpg is 10.0 MB; een bewijsstuk is hoogstens 10 MB. Verklein de foto of splits het "
        "document.",
    ),
    *[
        (
            f"path-{n}",
            name,
            png,
            f"De bestandsnaam '{name}' bevat een map of pad ('/', '\\' of '..'). Stuur alleen het "
            f"bestand zelf, met een naam zonder map.",
        )
        for n, name in enumerate(
            ["../x.jpg", "a/b.png", "C:\\x.png", "/etc/passwd", "..\\..\\x.png", ".."]
        )
    ],
    *[
        (
            f"control-{n}",
            name,
            png,
            "De bestandsnaam bevat onzichtbare tekens of stuurtekens. Geef het bestand een gewone "
            "naam en probeer het opnieuw.",
        )
        for n, name in enumerate(["foto\x00.png", "foto\n.png", "foto\u202egnp.exe", "\x7f.png"])
    ],
    ("no-name", "   ", png, "Het bestand heeft geen naam. Kies het bestand opnieuw."),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_refused_files_say_why_and_leave_nothing_behind(
    app: Flask,
    inspection: Inspection,
    answer: Answer,
    lead: User,
    name: str,
    content: Callable[[], bytes],
    message: str,
) -> None:
    events = audit_actions()
    with pytest.raises(InspectionError) as caught:
        store_evidence(lead, inspection, answer, name, content())
    assert caught.value.status == 422
    assert str(caught.value).startswith(message)
    assert evidence_count() == 0
    assert stored_files(app) == []
    assert audit_actions() == events


def test_an_answer_holds_at_most_so_many_files(
    inspection: Inspection, answer: Answer, lead: User
) -> None:
    small = png((2, 2))
    for n in range(MAX_FILES_PER_ANSWER):
        store_evidence(lead, inspection, answer, f"foto-{n}.png", small)
    with pytest.raises(InspectionError) as caught:
        store_evidence(lead, inspection, answer, "een-te-veel.png", small)
    assert caught.value.status == 422
    assert str(caught.value) == (
        "Bij dit toetspunt staan al 20 bestanden, het maximum. Verwijder eerst een bestand dat "
        "niet nodig is."
    )
    other = find_answer(inspection, "INF-01")
    assert other is not None
    store_evidence(lead, inspection, other, "foto.png", small)  # the limit is per answer


# --- who may add and delete, and when -----------------------------------------------------


def test_only_team_members_add_evidence(
    app: Flask, inspection: Inspection, answer: Answer, make_user: Callable[..., User]
) -> None:
    outsider = make_user("inspecteur")
    with pytest.raises(InspectionError) as caught:
        store_evidence(outsider, inspection, answer, "foto.png", png())
    assert caught.value.status == 403
    assert str(caught.value) == (
        "Alleen teamleden van deze inspectie voegen bewijs toe of verwijderen het."
    )
    assert stored_files(app) == []


def test_evidence_waits_until_the_inspection_has_started(
    make_inspection: Callable[..., Inspection], lead: User
) -> None:
    planned = make_inspection(lead=lead)
    answer = find_answer(planned, ITEM)
    assert answer is not None
    with pytest.raises(InspectionError) as caught:
        store_evidence(lead, planned, answer, "foto.png", png())
    assert caught.value.status == 409
    assert str(caught.value) == (
        "Bewijs toevoegen of verwijderen kan alleen terwijl de inspectie in uitvoering is "
        "(nu: gepland)."
    )


def test_an_answer_of_another_inspection_is_refused(
    make_inspection: Callable[..., Inspection], inspection: Inspection, lead: User
) -> None:
    other = find_answer(make_inspection("in_uitvoering", lead=lead), ITEM)
    assert other is not None
    with pytest.raises(InspectionError) as caught:
        store_evidence(lead, inspection, other, "foto.png", png())
    assert caught.value.status == 404


def test_a_team_member_deletes_evidence_with_its_file(
    app: Flask, inspection: Inspection, answer: Answer, lead: User, make_user
) -> None:
    evidence = store_evidence(lead, inspection, answer, "foto.png", png())
    db.session.commit()
    path, evidence_id = evidence_path(evidence), evidence.id
    with pytest.raises(InspectionError) as caught:
        delete_evidence(make_user("inspecteur"), evidence)
    assert caught.value.status == 403 and path.exists()

    delete_evidence(lead, evidence)
    db.session.commit()

    assert db.session.get(Evidence, evidence_id) is None
    assert not path.exists() and stored_files(app) == []
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "evidence.delete")
    ).one()
    assert event.object_id == evidence_id and event.actor_id == lead.id
    assert event.changes["name"] == ["foto.png", None]


def test_a_final_inspection_refuses_new_and_deleted_evidence(
    app: Flask,
    inspection: Inspection,
    answer: Answer,
    lead: User,
    make_user: Callable[..., User],
) -> None:
    evidence = store_evidence(lead, inspection, answer, "foto.png", png())
    finalised(inspection, lead, make_user)
    path = evidence_path(evidence)
    message = "Deze inspectie is vastgesteld; het bewijs verandert niet meer."

    with pytest.raises(InspectionError) as caught:
        store_evidence(lead, inspection, answer, "nog-een.png", png())
    assert (caught.value.status, str(caught.value)) == (409, message)
    with pytest.raises(InspectionError) as caught:
        delete_evidence(lead, evidence)
    assert (caught.value.status, str(caught.value)) == (409, message)

    db.session.rollback()
    assert evidence_count() == 1
    assert stored_files(app) == [path]


def test_the_database_refuses_changes_to_evidence_of_a_final_inspection(
    inspection: Inspection, answer: Answer, lead: User, make_user: Callable[..., User]
) -> None:
    """Whatever code runs: a raw INSERT, UPDATE or DELETE of a final inspection's evidence."""
    evidence = store_evidence(lead, inspection, answer, "foto.png", png())
    finalised(inspection, lead, make_user)
    values = {
        "answer": answer.id,
        "inspection": inspection.id,
        "user": lead.id,
        "sha": "0" * 64,
        "evidence": evidence.id,
    }
    statements = [
        "INSERT INTO evidence (answer_id, inspection_id, stored_name, original_name, "
        "content_type, size, sha256, uploaded_by_id, uploaded_at) VALUES (:answer, :inspection, "
        "'ab.jpg', 'stiekem.jpg', 'image/jpeg', 1, :sha, :user, CURRENT_TIMESTAMP)",
        "UPDATE evidence SET original_name = 'anders.png' WHERE id = :evidence",
        "DELETE FROM evidence WHERE id = :evidence",
    ]
    for statement in statements:
        with pytest.raises(DBAPIError, match="inspection is final"):
            db.session.execute(text(statement), values)
        db.session.rollback()
    assert evidence_count() == 1
    assert db.session.get(Evidence, evidence.id).original_name == "foto.png"


def test_who_sees_evidence(
    inspection: Inspection,
    answer: Answer,
    lead: User,
    make_user: Callable[..., User],
    make_org: Callable[..., Any],
) -> None:
    evidence = store_evidence(lead, inspection, answer, "foto.png", png())
    db.session.commit()
    own = make_user("ketenpartner", organisation=inspection.location.operator)
    foreign = make_user("ketenpartner", organisation=make_org())
    for role in ("beheerder", "coordinator", "inspecteur"):
        assert evidence_for(make_user(role), evidence.id) is evidence
    assert evidence_for(own, evidence.id) is None  # not until the inspection is final
    assert evidence_for(foreign, evidence.id) is None
    assert evidence_for(lead, 999_999) is None

    finalised(inspection, lead, make_user)
    assert evidence_for(own, evidence.id) is evidence
    assert evidence_for(foreign, evidence.id) is None


# --- screens: upload ----------------------------------------------------------------------


@pytest.fixture
def team_client(
    client: FlaskClient, login_as: Callable[..., User], make_inspection: Callable[..., Inspection]
) -> tuple[FlaskClient, Inspection]:
    """The client logged in as the lead of an inspection being carried out."""
    lead = login_as("inspecteur")
    return client, make_inspection("in_uitvoering", lead=lead)


def closed(response: TestResponse) -> TestResponse:
    """``response`` read and closed: send_file holds the stored file open until then."""
    response.get_data()
    response.close()
    # Werkzeug's test client spools a multipart body over 500 kB to a temporary file and closes
    # it with the response only when following redirects (werkzeug 3.1, test.py Client.open).
    response.request.input_stream.close()
    return response


def upload_url(inspection: Inspection, item: str = ITEM) -> str:
    return f"/inspecties/{inspection.id}/toetspunten/{item}/bewijs"


def form(content: bytes, name: str = "foto.png", **fields: str) -> dict[str, Any]:
    return {"file": (io.BytesIO(content), name), **fields}


def test_upload_from_the_form_flashes_and_goes_back(
    team_client: tuple[FlaskClient, Inspection],
) -> None:
    client, inspection = team_client
    back = f"/inspecties/{inspection.id}/thema/huisvesting#item-{ITEM}"
    response = client.post(upload_url(inspection), data=form(png(), next=back))
    assert response.status_code == 302 and response.headers["Location"] == back
    assert evidence_count() == 1

    response = client.post(upload_url(inspection), data=form(png()))
    assert response.headers["Location"] == f"/inspecties/{inspection.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bewijs toegevoegd." in page


@pytest.mark.parametrize(
    "target", ["https://example.com/", "//example.com/", "/\\example.com", "javascript:x"]
)
def test_upload_never_redirects_off_site(
    team_client: tuple[FlaskClient, Inspection], target: str
) -> None:
    client, inspection = team_client
    response = client.post(upload_url(inspection), data=form(png(), next=target))
    assert response.headers["Location"] == f"/inspecties/{inspection.id}"


def test_upload_from_a_script_answers_json(team_client: tuple[FlaskClient, Inspection]) -> None:
    client, inspection = team_client
    response = client.post(upload_url(inspection), data=form(pdf(), "rapport.pdf"), headers=JSON)
    assert response.status_code == 201
    db.session.rollback()  # see what the request committed
    evidence = db.session.scalars(select(Evidence)).one()
    assert response.json == {
        "id": evidence.id,
        "name": "rapport.pdf",
        "content_type": "application/pdf",
        "size": evidence.size,
        "url": f"/bewijs/{evidence.id}",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.jpg", lambda: b"tekst", "foto.jpg is geen JPEG, PNG of PDF"),
        ("foto.jpg", pdf, "foto.jpg is een PDF-document, geen JPEG-foto zoals de naam zegt."),
        ("foto.png", lambda: b"\x89PNG\r\n\x1a\nrommel", "foto.png lijkt een PNG-afbeelding"),
        ("foto.jpg", lambda: OVERSIZED + bytes(1024 * 1024), "foto.jpg is 11.0 MB;"),
        ("foto.jpg", lambda: b"", "foto.jpg is leeg (0 bytes)."),
        ("../x.jpg", png, "De bestandsnaam '../x.jpg' bevat een map of pad"),
        ("a/b.png", png, "De bestandsnaam 'a/b.png' bevat een map of pad"),
        # The multipart parser reads a backslash as an escape (RFC 2616 quoted-string), so the
        # sender must double it for one to arrive; a single one arrives as "C:x.png".
        ("C:\\\\x.png", png, "De bestandsnaam 'C:\\x.png' bevat een map of pad"),
    ],
    ids=["text", "pdf-as-jpg", "png-garbage", "oversized", "empty", "dotdot", "dir", "drive"],
)
def test_upload_refusals_reach_the_user(
    app: Flask,
    team_client: tuple[FlaskClient, Inspection],
    name: str,
    content: Callable[[], bytes],
    message: str,
) -> None:
    """Through the real multipart parser: the name arrives as sent, path parts and all."""
    client, inspection = team_client
    data = content()

    response = closed(client.post(upload_url(inspection), data=form(data, name), headers=JSON))
    assert response.status_code == 422
    assert response.json["error"].startswith(message)

    back = f"/inspecties/{inspection.id}/thema/huisvesting"
    response = closed(client.post(upload_url(inspection), data=form(data, name, next=back)))
    assert response.status_code == 302 and response.headers["Location"] == back
    page = client.get(f"/inspecties/{inspection.id}").get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    assert evidence_count() == 0 and stored_files(app) == []


def test_upload_without_a_file_asks_for_one(team_client: tuple[FlaskClient, Inspection]) -> None:
    client, inspection = team_client
    for data in ({}, {"file": (io.BytesIO(b""), "")}):
        response = client.post(upload_url(inspection), data=data, headers=JSON)
        assert response.status_code == 422
        assert response.json["error"] == "Kies eerst een foto of document om toe te voegen."


def test_a_request_over_the_server_limit_is_refused_before_the_view(
    team_client: tuple[FlaskClient, Inspection],
) -> None:
    client, inspection = team_client
    too_big = b"\xff\xd8\xff" + bytes(17 * 1024 * 1024)
    response = closed(client.post(upload_url(inspection), data=form(too_big, "foto.jpg")))
    assert response.status_code == 413
    assert "Het verzonden bestand of formulier is te groot." in response.get_data(as_text=True)
    assert evidence_count() == 0


def test_upload_refuses_outsiders_and_unknown_targets(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
    make_user: Callable[..., User],
) -> None:
    inspection = make_inspection("in_uitvoering", lead=make_user("inspecteur"))
    login_as("inspecteur")  # not on the team

    response = client.post(upload_url(inspection), data=form(png()), headers=JSON)
    assert response.status_code == 403
    assert response.json == {
        "error": "Alleen teamleden van deze inspectie voegen bewijs toe of verwijderen het.",
        "detail": None,
    }
    response = client.post(upload_url(inspection), data=form(png()))
    assert response.status_code == 302  # back to the page, with the message

    response = client.post(upload_url(inspection, "GEEN-01"), data=form(png()), headers=JSON)
    assert response.status_code == 404
    assert response.json["error"] == "Toetspunt GEEN-01 hoort niet bij deze inspectie."
    missing = f"/inspecties/999999/toetspunten/{ITEM}/bewijs"
    assert client.post(missing, data=form(png()), headers=JSON).status_code == 404
    assert client.post(missing, data=form(png())).status_code == 404
    assert evidence_count() == 0


@pytest.mark.parametrize("role", ["beheerder", "ketenpartner"])
def test_upload_is_not_for_other_roles(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
    role: str,
) -> None:
    inspection = make_inspection("in_uitvoering")
    login_as(role)
    assert client.post(upload_url(inspection), data=form(png())).status_code == 403
    assert evidence_count() == 0


def test_anonymous_upload_goes_to_the_login(
    client: FlaskClient, make_inspection: Callable[..., Inspection]
) -> None:
    inspection = make_inspection("in_uitvoering")
    response = client.post(upload_url(inspection), data=form(png()))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=")
    assert evidence_count() == 0


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.mark.csrf
def test_upload_needs_the_csrf_token(
    client: FlaskClient, make_user: Callable[..., User], make_inspection: Callable[..., Inspection]
) -> None:
    lead = make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=lead)
    login_page = client.get("/inloggen").get_data(as_text=True)
    token = CSRF_FIELD.search(login_page).group(1)
    login = {"email": lead.email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/inloggen", data=login).status_code == 302

    response = client.post(upload_url(inspection), data=form(png()))
    assert response.status_code == 400
    assert "CSRF-controle" in response.get_data(as_text=True)
    assert evidence_count() == 0

    page = client.get(f"/inspecties/{inspection.id}/thema/huisvesting").get_data(as_text=True)
    token = CSRF_FIELD.search(page).group(1)
    response = client.post(upload_url(inspection), data=form(png(), csrf_token=token))
    assert response.status_code == 302 and evidence_count() == 1


def test_upload_to_a_final_inspection_is_a_conflict(
    client: FlaskClient, login_as: Callable[..., User], make_inspection: Callable[..., Inspection]
) -> None:
    lead = login_as("inspecteur")
    inspection = make_inspection("vastgesteld", lead=lead)
    response = client.post(upload_url(inspection), data=form(png()), headers=JSON)
    assert response.status_code == 409
    assert response.json["error"] == (
        "Deze inspectie is vastgesteld; het bewijs verandert niet meer."
    )


# --- screens: download and delete ---------------------------------------------------------


@pytest.fixture
def uploaded(team_client: tuple[FlaskClient, Inspection]) -> Callable[..., Evidence]:
    client, inspection = team_client

    def upload(content: bytes, name: str) -> Evidence:
        response = client.post(upload_url(inspection), data=form(content, name), headers=JSON)
        assert response.status_code == 201, response.json
        db.session.rollback()  # see what the request committed
        evidence = db.session.get(Evidence, response.json["id"])
        assert evidence is not None
        return evidence

    return upload


@pytest.mark.parametrize(
    ("content", "name", "content_type", "disposition"),
    [
        (jpeg_with_location, "foto.jpg", "image/jpeg", "inline; filename=foto.jpg"),
        (png, "Kamer 3.png", "image/png", 'inline; filename="Kamer 3.png"'),
        (pdf, "rapport.pdf", "application/pdf", "attachment; filename=rapport.pdf"),
    ],
)
def test_download_returns_the_stored_bytes_with_safe_headers(
    team_client: tuple[FlaskClient, Inspection],
    uploaded: Callable[..., Evidence],
    content: Callable[[], bytes],
    name: str,
    content_type: str,
    disposition: str,
) -> None:
    client, _ = team_client
    evidence = uploaded(content(), name)

    response = closed(client.get(f"/bewijs/{evidence.id}"))

    assert response.status_code == 200
    assert response.data == evidence_path(evidence).read_bytes()
    assert hashlib.sha256(response.data).hexdigest() == evidence.sha256
    assert response.mimetype == content_type
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_download_follows_who_may_see_the_inspection(
    client: FlaskClient,
    auth: Any,
    make_user: Callable[..., User],
    make_org: Callable[..., Any],
    make_inspection: Callable[..., Inspection],
) -> None:
    lead = make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=lead)
    answer = find_answer(inspection, ITEM)
    assert answer is not None
    evidence = store_evidence(lead, inspection, answer, "foto.png", png())
    db.session.commit()
    url = f"/bewijs/{evidence.id}"
    own = make_user("ketenpartner", organisation=inspection.location.operator)
    foreign = make_user("ketenpartner", organisation=make_org())

    def status(user: User | None) -> int:
        auth.logout()
        if user is not None:
            auth.login(user)
        return closed(client.get(url)).status_code

    assert status(make_user("beheerder")) == 200
    assert status(make_user("inspecteur")) == 200  # the inspectorate reads every inspection
    assert status(own) == 404  # an operator sees nothing before the inspection is final
    assert status(foreign) == 404
    assert status(None) == 302

    finalised(inspection, lead, make_user)
    assert status(own) == 200
    assert status(foreign) == 404
    auth.login(foreign)
    assert page_text(client.get("/bewijs/999999")) == page_text(closed(client.get(url)))


def test_delete_from_the_form_removes_the_file(
    app: Flask, team_client: tuple[FlaskClient, Inspection], uploaded: Callable[..., Evidence]
) -> None:
    client, inspection = team_client
    evidence = uploaded(png(), "foto.png")
    path, evidence_id = evidence_path(evidence), evidence.id
    back = f"/inspecties/{inspection.id}/thema/huisvesting"

    response = client.post(f"/bewijs/{evidence_id}/verwijderen", data={"next": back})

    assert response.status_code == 302 and response.headers["Location"] == back
    assert evidence_count() == 0 and not path.exists() and stored_files(app) == []
    page = client.get(f"/inspecties/{inspection.id}").get_data(as_text=True)
    assert "Bewijs verwijderd." in page
    assert client.get(f"/bewijs/{evidence_id}").status_code == 404
    response = client.post(f"/bewijs/{evidence_id}/verwijderen", headers=JSON)
    assert response.status_code == 404
    assert response.json["error"] == "Bewijsstuk niet gevonden."


def test_delete_from_a_script_and_by_an_outsider(
    team_client: tuple[FlaskClient, Inspection],
    uploaded: Callable[..., Evidence],
    auth: Any,
    make_user: Callable[..., User],
) -> None:
    client, _ = team_client
    first, second = uploaded(png(), "een.png"), uploaded(png(), "twee.png")
    assert client.post(f"/bewijs/{first.id}/verwijderen", headers=JSON).status_code == 204

    auth.logout()
    auth.login(make_user("inspecteur"))
    response = client.post(f"/bewijs/{second.id}/verwijderen", headers=JSON)
    assert response.status_code == 403
    assert evidence_count() == 1 and evidence_path(second).exists()


def test_ids_beyond_the_integer_range_are_not_found(
    team_client: tuple[FlaskClient, Inspection],
) -> None:
    client, _ = team_client
    huge = "99999999999999999999"
    assert client.get(f"/bewijs/{huge}").status_code == 404
    assert client.post(f"/bewijs/{huge}/verwijderen").status_code == 404
    url = f"/inspecties/{huge}/toetspunten/{ITEM}/bewijs"
    assert client.post(url, data=form(png())).status_code == 404


def test_a_stored_name_that_is_not_ours_is_never_made_a_path(
    inspection: Inspection, answer: Answer, lead: User
) -> None:
    evidence = store_evidence(lead, inspection, answer, "foto.png", png())
    evidence.stored_name = "../../../etc/passwd"
    with pytest.raises(ValueError, match="unexpected stored name"):
        evidence_path(evidence)
    db.session.rollback()
