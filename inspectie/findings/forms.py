"""Forms of the findings screens: the filter bar, a status change, a response, an extension."""

from datetime import date
from typing import Any

from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from inspectie.checklists.spec import SEVERITIES
from inspectie.findings.models import FINDING_STATUSES
from inspectie.findings.queries import FindingFilters
from inspectie.forms import Form, choices, optional_id
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.vocab import PROVINCES

OVERDUE_CHOICES = {"ja": "Termijn verstreken", "nee": "Binnen termijn of afgerond"}

# What the button that moves a finding to each status says.
ACTION_LABELS = {
    "plan_ingediend": "Plan ingediend",
    "in_uitvoering": "Herstel gestart",
    "gemeld_opgelost": "Melden als opgelost",
    "geverifieerd": "Verifiëren: effectief",
    "open": "Niet effectief: heropenen",
}


class FindingFilterForm(Form):
    """The filters above the list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False
        locales = ("nl",)

    status = SelectField(
        "Status", choices=choices(FINDING_STATUSES, "Alle"), validators=[Optional()]
    )
    severity = SelectField(
        "Zwaarte", choices=choices(SEVERITIES, "Alle zwaartes"), validators=[Optional()]
    )
    location = SelectField("Locatie", validators=[Optional()])
    organisation = SelectField("Exploitant", validators=[Optional()])
    province = SelectField(
        "Provincie", choices=choices(PROVINCES, "Alle provincies"), validators=[Optional()]
    )
    overdue = SelectField(
        "Termijn", choices=choices(OVERDUE_CHOICES, "Alle"), validators=[Optional()]
    )

    def __init__(
        self,
        *args: Any,
        locations: list[Location],
        operators: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.location.choices = choices(((loc.id, loc.name) for loc in locations), "Alle locaties")
        self.organisation.choices = choices(((o.id, o.name) for o in operators), "Alle")

    def filters(self) -> FindingFilters:
        """The checked values as the query's filters (call after :meth:`validate`)."""
        return FindingFilters(
            status=self.status.data or None,
            severity=self.severity.data or None,
            location_id=optional_id(self.location.data),
            organisation_id=optional_id(self.organisation.data),
            province=self.province.data or None,
            overdue={"ja": True, "nee": False}.get(self.overdue.data or ""),
        )


def _revision(form: str) -> Any:
    """The revision the page showed: a change based on an older one is refused (409)."""
    return IntegerField(
        id=f"{form}-revision",
        widget=HiddenInput(),
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )


# Three forms share the detail page: each field has the plain name the route reads, and an id
# of its own so that labels and error messages stay tied to the right field.


class StatusForm(Form):
    purpose = "status"
    revision = _revision("status")
    # Sent by the button the user presses; the service decides whether the move is allowed.
    to = HiddenField(
        "Nieuwe status",
        id="status-to",
        validators=[
            InputRequired("Kies de nieuwe status."),
            AnyOf(list(FINDING_STATUSES), message="Onbekende status."),
        ],
    )
    text = TextAreaField(
        "Toelichting",
        id="status-text",
        validators=[
            DataRequired("Geef een toelichting: wat is er gedaan of waarom."),
            Length(max=4000, message="Hoogstens 4000 tekens."),
        ],
    )


class ResponseForm(Form):
    purpose = "response"
    text = TextAreaField(
        "Reactie",
        id="response-text",
        validators=[
            DataRequired("Schrijf eerst uw reactie."),
            Length(max=4000, message="Hoogstens 4000 tekens."),
        ],
    )


class ExtendForm(Form):
    purpose = "extend"
    revision = _revision("extend")
    deadline = DateField(
        "Nieuwe termijn",
        id="extend-deadline",
        validators=[InputRequired("Kies de nieuwe datum (dd-mm-jjjj).")],
    )
    reason = TextAreaField(
        "Reden van verlenging",
        id="extend-reason",
        validators=[
            DataRequired("Geef een reden voor de verlenging."),
            Length(max=4000, message="Hoogstens 4000 tekens."),
        ],
    )

    def new_deadline(self) -> date:
        """The checked date (``InputRequired`` lets no form without one validate)."""
        assert self.deadline.data is not None
        return self.deadline.data
