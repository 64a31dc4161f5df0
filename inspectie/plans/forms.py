"""Forms of the plan screens."""

from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from inspectie.findings.models import Finding
from inspectie.forms import Form, choices, optional_id
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.plans.actions import ActionData
from inspectie.plans.goals import GoalData
from inspectie.plans.models import ACTION_STATUSES, PLAN_STATUSES, PlanGoal
from inspectie.plans.services import PlanData, PlanFilters


def _revision() -> IntegerField:
    return IntegerField(
        widget=HiddenInput(), validators=[InputRequired("De versie van het formulier ontbreekt.")]
    )


class PlanFilterForm(Form):
    """The filters above the list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False
        locales = ("nl",)

    organisation = SelectField("Organisatie", validators=[Optional()])
    location = SelectField("Locatie", validators=[Optional()])
    status = SelectField("Status", choices=choices(PLAN_STATUSES, "Alle"), validators=[Optional()])

    def __init__(
        self, *args: Any, organisations: list[Organisation], locations: list[Location], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.organisation.choices = choices(
            [(o.id, o.name) for o in organisations], "Alle organisaties"
        )
        self.location.choices = choices([(loc.id, loc.name) for loc in locations], "Alle locaties")

    def filters(self) -> PlanFilters:
        """The checked values as the query's filters (call after :meth:`validate`)."""
        return PlanFilters(
            organisation_id=optional_id(self.organisation.data),
            location_id=optional_id(self.location.data),
            status=self.status.data or None,
        )


class PlanForm(Form):
    title = StringField("Titel", validators=[DataRequired("Titel is verplicht."), Length(max=200)])
    description = TextAreaField("Toelichting", validators=[Optional(), Length(max=10_000)])
    location_id = SelectField("Voor", coerce=int)
    submit = SubmitField("Opslaan")

    def __init__(self, *args: Any, locations: list[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.location_id.choices = choices(
            [(0, "De hele organisatie")] + [(loc.id, loc.name) for loc in locations]
        )

    def data_object(self) -> PlanData:
        return PlanData(
            title=self.title.data or "",
            description=self.description.data or "",
            location_id=self.location_id.data or None,
        )


class PlanEditForm(PlanForm):
    revision = _revision()


class ConfirmForm(Form):
    """A button with a CSRF token (unlink)."""


class SubmitPlanForm(Form):
    """The submit button, with the revision the page showed."""

    revision = IntegerField(widget=HiddenInput(), validators=[Optional()])


class AssessForm(Form):
    decision = RadioField(
        "Oordeel",
        choices=choices({"geaccepteerd": "Accepteren", "te_herzien": "Terug: te herzien"}),
        validators=[InputRequired("Kies accepteren of te herzien.")],
    )
    reason = TextAreaField(
        "Reden",
        validators=[DataRequired("Geef de reden van uw oordeel."), Length(max=10_000)],
    )
    revision = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField("Beoordeling vastleggen")


class GoalForm(Form):
    aspect = StringField("Aspect (optioneel)", validators=[Optional(), Length(max=200)])
    title = StringField(
        "Titel van het doel", validators=[DataRequired("Titel is verplicht."), Length(max=300)]
    )
    description = TextAreaField("Toelichting", validators=[Optional(), Length(max=10_000)])
    submit = SubmitField("Opslaan")

    def data_object(self) -> GoalData:
        return GoalData(
            title=self.title.data or "",
            description=self.description.data or "",
            aspect=self.aspect.data or "",
        )


class MoveForm(Form):
    direction = HiddenField(
        validators=[AnyOf(("omhoog", "omlaag"), message="Kies omhoog of omlaag.")]
    )


class LinkForm(Form):
    # Not limited to the listed choices: the service explains why another finding is refused.
    finding_id = SelectField(
        "Bevinding koppelen",
        coerce=int,
        validate_choice=False,
        validators=[InputRequired("Kies een bevinding.")],
    )
    submit = SubmitField("Koppelen")

    def __init__(self, *args: Any, findings: list[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finding_id.choices = choices(
            (f.id, f"{f.item.code} · {f.location.name} · {f.status_label}") for f in findings
        )


class SolvedForm(Form):
    text = TextAreaField(
        "Wat is er gedaan?",
        validators=[DataRequired("Beschrijf wat er is gedaan."), Length(max=10_000)],
    )
    submit = SubmitField("Melden als opgelost")


class ActionForm(Form):
    description = TextAreaField(
        "Maatregel", validators=[DataRequired("Omschrijf de maatregel."), Length(max=10_000)]
    )
    owner = StringField("Eigenaar", validators=[DataRequired("Wie is eigenaar?"), Length(max=200)])
    deadline = DateField("Uiterlijk gereed op", validators=[DataRequired("Kies een datum.")])
    submit = SubmitField("Opslaan")

    def data_object(self) -> ActionData:
        assert self.deadline.data is not None  # validated
        return ActionData(
            description=self.description.data or "",
            owner=self.owner.data or "",
            deadline=self.deadline.data,
        )


class ActionEditForm(ActionForm):
    status = SelectField("Status", choices=choices(ACTION_STATUSES))
    progress = IntegerField(
        "Voortgang (procent)",
        validators=[
            InputRequired("Vul de voortgang in als geheel getal."),
            NumberRange(min=0, max=100, message="De voortgang ligt tussen 0 en 100."),
        ],
        render_kw={"inputmode": "numeric", "min": 0, "max": 100},
    )
    evidence_note = TextAreaField(
        "Onderbouwing (wat laat zien dat het gedaan is)",
        validators=[Optional(), Length(max=10_000)],
    )
    revision = _revision()

    def data_object(self) -> ActionData:
        data = super().data_object()
        data.status = self.status.data or "gepland"
        data.progress = self.progress.data or 0
        data.evidence_note = self.evidence_note.data or ""
        return data


class EvidenceForm(Form):
    file = FileField("Bestand (JPEG, PNG of PDF)", validators=[FileRequired("Kies een bestand.")])
    submit = SubmitField("Toevoegen")


class UpdateForm(Form):
    day = DateField("Datum", validators=[DataRequired("Kies een datum.")])
    goal_id = SelectField("Over", coerce=int)
    text = TextAreaField(
        "Voortgang", validators=[DataRequired("Beschrijf de voortgang."), Length(max=10_000)]
    )
    submit = SubmitField("Voortgang vastleggen")

    def __init__(self, *args: Any, goals: list[PlanGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_id.choices = choices(
            [(0, "Het hele plan")] + [(g.id, f"{g.position}. {g.title}") for g in goals]
        )
