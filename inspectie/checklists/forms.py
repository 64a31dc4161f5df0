"""Forms of the checklist screens: search and the choice of two versions to compare."""

from typing import Any

from wtforms import SearchField, SelectField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from inspectie.checklists.models import ChecklistVersion
from inspectie.forms import Form, choices


class SearchForm(Form):
    class Meta:
        csrf = False
        locales = ("nl",)

    q = SearchField(
        "Zoek in toetspunten en wettelijke grondslagen",
        validators=[
            DataRequired("Vul een zoekterm in."),
            Length(min=2, max=100, message="Zoek met 2 tot 100 tekens."),
            Regexp(r"^[^\x00-\x1f\x7f]*$", message="De zoekterm bevat ongeldige tekens."),
        ],
    )
    versie = SelectField("Versie", validators=[Optional()])

    def __init__(self, *args: Any, versions: list[ChecklistVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versie.choices = choices(((v.id, v.key) for v in versions), blank="Alle versies")


class DiffForm(Form):
    class Meta:
        csrf = False
        locales = ("nl",)

    van = SelectField("Oude versie", validators=[DataRequired("Kies de oude versie.")])
    naar = SelectField("Nieuwe versie", validators=[DataRequired("Kies de nieuwe versie.")])

    def __init__(self, *args: Any, versions: list[ChecklistVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(v.version, f"{v.version} (vanaf {v.valid_from:%d-%m-%Y})") for v in versions]
        self.van.choices = choices(options)
        self.naar.choices = choices(options)
