"""Forms of the inspection screens."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistTheme
from inspectie.checklists.spec import JUDGMENTS, SEVERITIES
from inspectie.db import MAX_ID
from inspectie.findings.models import Finding
from inspectie.forms import Form, choices
from inspectie.inspections.models import Answer
from inspectie.inspections.vocab import INSPECTION_TYPES, STATUSES
from inspectie.locations.models import Location


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes: easier on a tablet than a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(Form):
    location_id = SelectField(
        "Locatie", coerce=int, validators=[InputRequired("Kies een locatie.")]
    )
    # A follow-up is planned from findings instead (FollowUpForm).
    type = SelectField(
        "Soort inspectie",
        choices=choices({k: v for k, v in INSPECTION_TYPES.items() if k != "vervolgonderzoek"}),
    )
    planned_on = DateField("Geplande datum", validators=[DataRequired("Kies een datum.")])
    lead_id = SelectField(
        "Leider (inspecteur)", coerce=int, validators=[InputRequired("Kies een leider.")]
    )
    member_ids = CheckboxesField("Teamleden", coerce=int, validators=[Optional()])
    theme_codes = CheckboxesField(
        "Thema's (alleen bij een thematische inspectie)", validators=[Optional()]
    )
    submit = SubmitField("Inspectie plannen")

    def __init__(
        self,
        *args: Any,
        locations: list[Location],
        team: list[User],
        themes: list[ChecklistTheme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.location_id.choices = choices(
            [(0, "Kies een locatie")]
            + [(loc.id, f"{loc.name} ({loc.municipality})") for loc in locations]
        )
        people = [(u.id, f"{u.name} ({u.role_label})") for u in team]
        self.lead_id.choices = choices([(0, "Kies een leider"), *people])
        self.member_ids.choices = choices(people)
        self.theme_codes.choices = choices((t.code, t.title) for t in themes)


class FilterForm(Form):
    """The filters above the list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False
        locales = ("nl",)

    status = SelectField("Status", choices=choices(STATUSES, "Alle"), validators=[Optional()])
    mine = SelectField(
        "Welke", choices=choices({"1": "Mijn inspecties", "0": "Alle"}), validators=[Optional()]
    )
    # Set by the link "Inspecties van deze locatie"; kept hidden while filtering on.
    locatie = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(
        self, *args: Any, find_location: Callable[[int], Location | None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._find_location = find_location
        self.location: Location | None = None  # the location filtered on, once validated

    def validate_locatie(self, field: IntegerField) -> None:
        # A location the user may not see is as unknown as one that does not exist.
        if field.data is None:
            return  # not a number, which WTForms has said already
        found = self._find_location(field.data) if 0 < field.data <= MAX_ID else None
        if found is None:
            raise ValidationError("Onbekende locatie.")
        self.location = found


class SendBackForm(Form):
    reason = TextAreaField(
        "Reden van terugsturen", validators=[DataRequired("Geef een reden."), Length(max=2000)]
    )
    submit = SubmitField("Terugsturen naar het team")


class DraftForm(Form):
    severity = SelectField("Zwaarte", choices=choices(SEVERITIES))
    repair_order = TextAreaField("Herstelopdracht", validators=[Length(max=4000)])
    deadline = DateField("Hersteltermijn tot", validators=[Optional()])
    submit = SubmitField("Bevinding bijwerken")


class ConfirmForm(Form):
    """A button with a CSRF token (start, submit, finalise)."""


@dataclass(frozen=True)
class AnswerInput:
    answer: Answer
    judgment: str | None
    observation: str
    reason: str
    revision: int


def shown_digest(judgment: str | None, observation: str, reason: str) -> str:
    """A fingerprint of the values a page showed for an item (sent back with the form)."""
    text = "\x1f".join(
        (judgment or "", observation.replace("\r\n", "\n"), reason.replace("\r\n", "\n"))
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def theme_inputs(form: MultiDict[str, str], answers: list[Answer]) -> list[AnswerInput]:
    """What the per-theme form (the no-JavaScript path) sent for each item the inspector changed.

    The form posts every item of the theme. An item whose values are still the ones the page
    showed was not touched, and is skipped: otherwise its old values, with their old revision,
    would come back as a conflict and could undo a colleague's later save.
    """
    inputs = []
    for answer in answers:
        code = answer.item.code
        if f"{code}-revision" not in form:
            continue  # not on the submitted page: leave it alone
        posted = form.get(f"{code}-judgment") or None
        if form.get(f"{code}-shown") == shown_digest(
            posted, form.get(f"{code}-observation", ""), form.get(f"{code}-reason", "")
        ):
            continue
        judgment = form.get(f"{code}-judgment") or None
        revision = form.get(f"{code}-revision", "")
        inputs.append(
            AnswerInput(
                answer=answer,
                judgment=judgment if judgment in JUDGMENTS else None,
                observation=form.get(f"{code}-observation", ""),
                reason=form.get(f"{code}-reason", ""),
                revision=int(revision) if revision.isdigit() else -1,
            )
        )
    return inputs


class FollowUpForm(Form):
    """Plan a follow-up: which open findings, when, and who."""

    # No "required" flag: the browser would then demand every checkbox; the service refuses none.
    finding_ids = CheckboxesField("Te volgen bevindingen", coerce=int, validators=[Optional()])
    planned_on = DateField("Geplande datum", validators=[DataRequired("Kies een datum.")])
    lead_id = SelectField(
        "Leider (inspecteur)", coerce=int, validators=[InputRequired("Kies een leider.")]
    )
    member_ids = CheckboxesField("Teamleden", coerce=int, validators=[Optional()])
    submit = SubmitField("Vervolgonderzoek plannen")

    def __init__(
        self, *args: Any, findings: list[Finding], team: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.finding_ids.choices = choices((f.id, f.item.code) for f in findings)
        people = [(u.id, f"{u.name} ({u.role_label})") for u in team]
        self.lead_id.choices = choices([(0, "Kies een leider"), *people])
        self.member_ids.choices = choices(people)
