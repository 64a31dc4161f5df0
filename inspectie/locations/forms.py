"""Forms for locations: the filter bar, the edit form and the CSV upload."""

from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from inspectie.forms import Form, choices
from inspectie.locations.services import LocationData, location_problems
from inspectie.organisations.models import Organisation
from inspectie.vocab import LOCATION_STATUSES, MODALITIES, OPERATOR_TYPES, PROVINCES


class LocationFilterForm(Form):
    """The filters above the list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False
        locales = ("nl",)

    q = SearchField(
        "Zoeken op naam of gemeente",
        validators=[
            Optional(),
            Length(max=100, message="Zoek met hoogstens 100 tekens."),
            Regexp(r"^[^\x00-\x1f\x7f]*$", message="De zoekterm bevat ongeldige tekens."),
        ],
    )
    province = SelectField(
        "Provincie", choices=choices(PROVINCES, "Alle provincies"), validators=[Optional()]
    )
    operator_type = SelectField(
        "Type exploitant", choices=choices(OPERATOR_TYPES, "Alle typen"), validators=[Optional()]
    )
    modality = SelectField(
        "Modaliteit", choices=choices(MODALITIES, "Alle modaliteiten"), validators=[Optional()]
    )
    status = SelectField(
        "Status", choices=choices(LOCATION_STATUSES, "Alle"), validators=[Optional()]
    )


class LocationForm(Form):
    name = StringField("Naam", validators=[DataRequired("Naam is verplicht."), Length(max=200)])
    operator_id = SelectField(
        "Exploitant", coerce=int, validators=[InputRequired("Kies een exploitant.")]
    )
    operator_type = SelectField("Type exploitant", choices=choices(OPERATOR_TYPES))
    modality = SelectField("Modaliteit", choices=choices(MODALITIES))
    capacity = IntegerField(
        "Capaciteit (plaatsen)",
        validators=[
            InputRequired("Vul de capaciteit in als geheel getal."),
            NumberRange(min=1, message="Capaciteit moet minstens 1 zijn."),
        ],
        render_kw={"inputmode": "numeric", "min": 1},
    )
    municipality = StringField(
        "Gemeente", validators=[DataRequired("Gemeente is verplicht."), Length(max=100)]
    )
    province = SelectField("Provincie", choices=choices(PROVINCES))
    has_families = BooleanField("Gezinnen")
    has_minors = BooleanField("Minderjarigen")
    has_amv = BooleanField("Alleenstaande minderjarige vreemdelingen (amv)")
    has_special_needs = BooleanField("Bewoners met bijzondere opvangbehoeften")
    status = SelectField("Status", choices=choices(LOCATION_STATUSES))
    opened_on = DateField("Geopend op", validators=[Optional()])
    closed_on = DateField("Gesloten op", validators=[Optional()])
    submit = SubmitField("Opslaan")

    def __init__(self, *args: Any, operators: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operator_id.choices = choices(
            [(0, "Kies een exploitant")] + [(o.id, f"{o.name} ({o.kind_label})") for o in operators]
        )
        self._operators = {o.id: o for o in operators}

    def data_object(self) -> LocationData:
        return LocationData(
            **{name: getattr(self, name).data for name in LocationData.__dataclass_fields__}
        )

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the location rules of the service, each tied to its field."""
        if not super().validate(extra_validators):
            return False
        problems = location_problems(self.data_object(), self._operators.get(self.operator_id.data))
        for field_name, message in problems.items():
            getattr(self, field_name).errors.append(message)
        return not problems


class LocationImportForm(Form):
    file = FileField("CSV-bestand", validators=[FileRequired("Kies een CSV-bestand.")])
    submit = SubmitField("Controleren en importeren")
