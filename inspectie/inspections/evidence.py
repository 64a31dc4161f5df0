"""Evidence files: photos and documents that back an answer.

A file is accepted by what it is, not by what it is called: its first bytes must be those of a
JPEG, PNG or PDF, and an image must really decode. Images are re-encoded from their pixels, so
that EXIF (GPS position, camera, time), XMP and comments never reach the store; the rotation
the camera recorded is applied first. Files land under ``UPLOAD_DIR/<inspection id>/`` with a
random name; the name the user gave is kept only in the database, for display and download.

Name policy: browsers send only the base name of a chosen file, so a name with path parts
(``../x.jpg``, ``a/b.png``, ``C:\\x.png``) or control characters comes from a script or a
tampered request. It is refused with a message rather than silently cut to its last part: the
sender learns that the request was wrong, and the name never reaches the file system anyway.
Other names are kept as typed (spaces, accents, other scripts), Unicode-normalised.
"""

import hashlib
import io
import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from flask import current_app
from PIL import Image, ImageOps
from sqlalchemy import func, select

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.inspections import policy
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.services import InspectionError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_ANSWER = 20
# A 48-megapixel phone photo fits; a small file that claims to be huge (a decompression bomb)
# is refused before its pixels are decoded. Pillow's own warning starts higher, at 89 MP.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90
NAME_LENGTH = 200  # Evidence.original_name
# Bidirectional embeddings, overrides and isolates can make "foto\u202egpj.exe" read as
# "fotoexe.jpg". Other format characters stay: Persian names need the zero-width non-joiner.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|pdf)")


@dataclass(frozen=True)
class FileKind:
    """One accepted kind of file, recognised by its first bytes."""

    content_type: str
    label: str  # for messages: "een JPEG-foto"
    extensions: tuple[str, ...]  # the first is used for stored names and added to bare names
    magic: bytes
    pillow_formats: tuple[str, ...] = ()  # empty: not an image


KINDS = (
    # MPO is a JPEG with extra frames (some phones write it); only the first frame is kept.
    FileKind("image/jpeg", "een JPEG-foto", (".jpg", ".jpeg"), b"\xff\xd8\xff", ("JPEG", "MPO")),
    FileKind("image/png", "een PNG-afbeelding", (".png",), b"\x89PNG\r\n\x1a\n", ("PNG",)),
    FileKind("application/pdf", "een PDF-document", (".pdf",), b"%PDF-"),
)
EXTENSIONS = {ext: kind for kind in KINDS for ext in kind.extensions}


def _check_may_change(actor: User, inspection: Inspection) -> None:
    if inspection.is_final:
        raise InspectionError("Deze inspectie is vastgesteld; het bewijs verandert niet meer.", 409)
    if inspection.status != "in_uitvoering":
        raise InspectionError(
            f"Bewijs toevoegen of verwijderen kan alleen terwijl de inspectie in uitvoering is "
            f"(nu: {inspection.status_label.lower()}).",
            409,
        )
    if not policy.may_answer(actor, inspection):
        raise InspectionError(
            "Alleen teamleden van deze inspectie voegen bewijs toe of verwijderen het.", 403
        )


def clean_name(filename: str) -> str:
    """The name as the user gave it, normalised; names that are not a plain base name refused.

    :raises InspectionError: 422 for an empty name, path parts or control characters.
    """
    name = unicodedata.normalize("NFC", filename).strip()
    if not name:
        raise InspectionError("Het bestand heeft geen naam. Kies het bestand opnieuw.", 422)
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS for c in name):
        # Not echoed: the characters would garble the message itself.
        raise InspectionError(
            "De bestandsnaam bevat onzichtbare tekens of stuurtekens. Geef het bestand een "
            "gewone naam en probeer het opnieuw.",
            422,
        )
    if "/" in name or "\\" in name or name in (".", ".."):
        raise InspectionError(
            f"De bestandsnaam '{name}' bevat een map of pad ('/', '\\' of '..'). Stuur alleen "
            f"het bestand zelf, met een naam zonder map.",
            422,
        )
    return name


def _kind_of(content: bytes, name: str) -> FileKind:
    for kind in KINDS:
        if content.startswith(kind.magic):
            return kind
    raise InspectionError(
        f"{name} is geen JPEG, PNG of PDF: de inhoud is gecontroleerd, niet de naam. Kies een "
        f"foto (JPEG of PNG) of een PDF-document.",
        422,
    )


def _name_for(name: str, kind: FileKind) -> str:
    """``name`` with an extension that tells the truth about ``kind``, within the column size."""
    stem, dot, extension = name.rpartition(".")
    claimed = EXTENSIONS.get(f".{extension.lower()}") if dot else None
    if claimed is None:  # no extension, or one of another kind ("foto.heic" that is a JPEG)
        stem, extension = name.rstrip("."), kind.extensions[0][1:]
    elif claimed is not kind:
        raise InspectionError(
            f"{name} is {kind.label}, geen {claimed.label.removeprefix('een ')} zoals de naam "
            f"zegt. Kies het juiste bestand, of geef het de extensie {kind.extensions[0]}.",
            422,
        )
    return stem[: NAME_LENGTH - len(extension) - 1] + "." + extension


def _clean_image(content: bytes, kind: FileKind, name: str) -> bytes:
    """The image re-encoded from its pixels: upright, without EXIF, XMP or comments."""
    unreadable = InspectionError(
        f"{name} lijkt {kind.label}, maar is beschadigd of onvolledig en kan niet worden "
        f"geopend. Maak de foto opnieuw of kies een ander bestand.",
        422,
    )
    try:
        image = Image.open(io.BytesIO(content), formats=kind.pillow_formats)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise InspectionError(
                f"{name} is {width} bij {height} pixels; dat is meer dan "
                f"{MAX_PIXELS // 1_000_000} megapixel. Verklein de foto.",
                422,
            )
        image.load()  # decodes every pixel: a truncated or corrupt file fails here
        upright = ImageOps.exif_transpose(image)
    except InspectionError:
        raise
    except Exception as error:
        # Pillow's decoders raise many kinds of errors on malformed input (OSError, SyntaxError,
        # ValueError, struct.error, ...); every one of them means: not a usable image.
        raise unreadable from error
    icc_profile = upright.info.get("icc_profile")  # colours, not metadata: kept
    transparency = upright.info.get("transparency")
    upright.info = {}  # JPEG comments, PNG text chunks, EXIF and XMP copies: all dropped
    options: dict[str, object] = {"icc_profile": icc_profile} if icc_profile else {}
    out = io.BytesIO()
    if kind.content_type == "image/jpeg":
        upright.save(out, format="JPEG", quality=JPEG_QUALITY, **options)
    else:
        if transparency is not None:
            options["transparency"] = transparency
        upright.save(out, format="PNG", **options)
    return out.getvalue()


def _check_pdf(content: bytes, name: str) -> bytes:
    # Readers require the end-of-file marker within the last 1024 bytes (PDF reference,
    # implementation note 18); without it the upload was cut off or the file is not a PDF.
    if b"%%EOF" not in content[-1024:]:
        raise InspectionError(
            f"{name} begint als een PDF-document, maar is onvolledig (het einde ontbreekt). "
            f"Sla het document opnieuw op als PDF en probeer het nog eens.",
            422,
        )
    return content


def evidence_path(evidence: Evidence) -> Path:
    """Where the file of ``evidence`` is stored, outside the web root."""
    # The stored name is ours, but a path is built from it: refuse anything else outright.
    if not STORED_NAME.fullmatch(evidence.stored_name):
        raise ValueError(f"unexpected stored name {evidence.stored_name!r}")
    folder = Path(current_app.config["UPLOAD_DIR"]) / str(evidence.inspection_id)
    return folder / evidence.stored_name


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _item_code(evidence: Evidence) -> str:
    answer = db.session.get(Answer, evidence.answer_id)
    assert answer is not None  # a foreign key guarantees it
    return answer.item.code


class CheckedFile(NamedTuple):
    """An acceptable evidence file, ready to store."""

    name: str
    content_type: str
    extension: str
    stored: bytes  # the bytes to store: images re-encoded without their metadata

    def columns(self, actor: User) -> dict[str, Any]:
        """The values of the :class:`StoredFile` columns, under a new random name."""
        return {
            "stored_name": f"{secrets.token_hex(16)}{self.extension}",
            "original_name": self.name,
            "content_type": self.content_type,
            "size": len(self.stored),
            "sha256": hashlib.sha256(self.stored).hexdigest(),
            "uploaded_by_id": actor.id,
        }


def checked_file(filename: str, content: bytes) -> CheckedFile:
    """An acceptable evidence file: not empty, within the size limit, a JPEG, PNG or PDF by its
    content, images without metadata.

    Shared by every kind of evidence (inspection answers, plan actions).

    :raises InspectionError: 422 with the reason for a file that is refused.
    """
    name = clean_name(filename)
    if not content:
        raise InspectionError(f"{name} is leeg (0 bytes). Kies het bestand opnieuw.", 422)
    if len(content) > MAX_BYTES:
        raise InspectionError(
            f"{name} is {len(content) / 1024 / 1024:.1f} MB; een bewijsstuk is hoogstens "
            f"{MAX_BYTES // 1024 // 1024} MB. Verklein de foto of splits het document.",
            422,
        )
    kind = _kind_of(content, name)
    name = _name_for(name, kind)
    stored = _clean_image(content, kind, name) if kind.pillow_formats else _check_pdf(content, name)
    return CheckedFile(name, kind.content_type, kind.extensions[0], stored)


def store_evidence(
    actor: User, inspection: Inspection, answer: Answer, filename: str, content: bytes
) -> Evidence:
    """Check, clean and store one evidence file for ``answer``; flushed, not committed.

    The file is written before the caller commits; if that commit fails, an unreferenced file
    with a random name stays behind (harmless, and never served).

    :param filename: the name the user's device gave the file.
    :param content: the file as uploaded; what is stored may differ (images are re-encoded).
    :raises InspectionError: 409 when the inspection is not being carried out, 403 for someone
        outside the team, 404 when ``answer`` belongs to another inspection, and 422 with the
        reason for a file that is refused.
    """
    _check_may_change(actor, inspection)
    if answer.inspection_id != inspection.id:
        raise InspectionError("Dit toetspunt hoort niet bij deze inspectie.", 404)
    checked = checked_file(filename, content)
    # Two uploads at the same moment may both pass this count; one file over is acceptable.
    count = db.session.scalar(
        select(func.count(Evidence.id)).where(Evidence.answer_id == answer.id)
    )
    if (count or 0) >= MAX_FILES_PER_ANSWER:
        raise InspectionError(
            f"Bij dit toetspunt staan al {MAX_FILES_PER_ANSWER} bestanden, het maximum. "
            f"Verwijder eerst een bestand dat niet nodig is.",
            422,
        )
    evidence = Evidence(answer_id=answer.id, inspection_id=inspection.id, **checked.columns(actor))
    db.session.add(evidence)
    db.session.flush()  # the database triggers have their say before any file is written
    write_atomically(evidence_path(evidence), checked.stored)
    record(
        actor,
        "evidence.add",
        evidence,
        {
            "item": [None, answer.item.code],
            **evidence.as_added(),
        },
    )
    return evidence


def delete_evidence(actor: User, evidence: Evidence) -> None:
    """Remove an evidence file and its row while the inspection is carried out; flushed.

    The file is unlinked once the row's deletion has been flushed (so a refusal by the database
    keeps it); a commit that fails after that leaves a row without a file.

    :raises InspectionError: 409 when the inspection is not being carried out, 403 for someone
        outside the team.
    """
    inspection = db.session.get(Inspection, evidence.inspection_id)
    assert inspection is not None  # a foreign key guarantees it
    _check_may_change(actor, inspection)
    path = evidence_path(evidence)
    record(
        actor,
        "evidence.delete",
        evidence,
        {
            "item": [_item_code(evidence), None],
            "name": [evidence.original_name, None],
            "sha256": [evidence.sha256, None],
        },
    )
    db.session.delete(evidence)
    db.session.flush()
    path.unlink(missing_ok=True)


def evidence_for(user: User, evidence_id: int) -> Evidence | None:
    """The evidence if ``user`` may see its inspection; ``None`` hides whether it exists."""
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None:
        return None
    inspection = db.session.get(Inspection, evidence.inspection_id)
    if inspection is None or not policy.may_view(user, inspection):
        return None
    return evidence
