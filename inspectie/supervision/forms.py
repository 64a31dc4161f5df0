"""The coordinator's form to set a supervision level."""

from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from inspectie.forms import Form, choices
from inspectie.supervision.models import LEVELS
from inspectie.supervision.services import REASON_MAX


class LevelForm(Form):
    level = SelectField(
        "Toezichtsniveau", choices=choices(LEVELS), validators=[DataRequired("Kies een niveau.")]
    )
    reason = TextAreaField(
        "Reden",
        validators=[
            DataRequired("Geef een reden voor het toezichtsniveau."),
            Length(max=REASON_MAX, message=f"Gebruik hoogstens {REASON_MAX} tekens."),
        ],
    )
    # The latest decision the coordinator saw (0: none), so that a decision taken meanwhile
    # is not overruled unseen.
    seen = HiddenField(validators=[Optional(), Regexp(r"^\d{1,10}$")])
    submit = SubmitField("Niveau vaststellen")

    @property
    def seen_id(self) -> int | None:
        return int(self.seen.data) if self.seen.data else None
