"""Forms of the user and organisation administration."""

from typing import Any

from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from inspectie.auth.passwords import MAX_LENGTH, MIN_LENGTH
from inspectie.forms import Form, choices
from inspectie.organisations.models import Organisation
from inspectie.vocab import ORGANISATION_KINDS, ROLES


class UserCreateForm(Form):
    email = EmailField(
        "E-mailadres",
        validators=[
            DataRequired("Vul een e-mailadres in."),
            Email("Vul een geldig e-mailadres in.", check_deliverability=False),
            Length(max=254),
        ],
    )
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    role = SelectField("Rol", choices=choices(ROLES))
    organisation_id = SelectField("Organisatie", coerce=int)
    password = PasswordField(
        f"Wachtwoord (minstens {MIN_LENGTH} tekens)",
        validators=[
            DataRequired("Vul een wachtwoord in."),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=f"Het wachtwoord moet {MIN_LENGTH} tot {MAX_LENGTH} tekens lang zijn.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Wachtwoord herhalen",
        validators=[EqualTo("password", "De wachtwoorden zijn niet gelijk.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Gebruiker aanmaken")

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices((o.id, o.name) for o in organisations)


class RoleForm(Form):
    role = SelectField("Rol", choices=choices(ROLES))
    submit = SubmitField("Rol wijzigen")


class ActiveForm(Form):
    submit = SubmitField("Wijzigen")


class OrganisationForm(Form):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200)])
    kind = SelectField("Soort", choices=choices(ORGANISATION_KINDS))
    submit = SubmitField("Organisatie toevoegen")
