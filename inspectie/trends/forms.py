"""Forms of the trends screens: the filter bar of the dashboard, and what the list of inspections
behind one figure adds to it (the figure: split, group and period). Both are read from the query
string, so they carry no CSRF token; an unknown value is an error at its field."""

from datetime import date
from typing import Any

from wtforms import DateField, Field, HiddenField, SelectField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from inspectie.forms import Form, choices
from inspectie.trends.periods import PERIODS, span
from inspectie.trends.queries import BY, VOCABULARIES, TrendFilters
from inspectie.vocab import MODALITIES, OPERATOR_TYPES, PROVINCES

# The names of the filters in the query string, as the links of the dashboard carry them.
FILTER_NAMES = (
    "start",
    "end",
    "province",
    "operator_type",
    "modality",
    "theme",
    "checklist",
    "period",
)


class TrendFilterForm(Form):
    """The filters above the dashboard (and above the list behind a figure)."""

    class Meta:
        csrf = False
        locales = ("nl",)

    start = DateField("Van", validators=[Optional()])
    end = DateField("Tot en met", validators=[Optional()])
    province = SelectField(
        "Provincie", choices=choices(PROVINCES, "Alle provincies"), validators=[Optional()]
    )
    operator_type = SelectField(
        "Type exploitant", choices=choices(OPERATOR_TYPES, "Alle"), validators=[Optional()]
    )
    modality = SelectField(
        "Modaliteit", choices=choices(MODALITIES, "Alle modaliteiten"), validators=[Optional()]
    )
    theme = SelectField("Thema", validators=[Optional()])
    checklist = SelectField("Normenkader", validators=[Optional()])
    period = SelectField(
        "Verloop per", choices=choices(PERIODS), default="quarter", validators=[Optional()]
    )

    def __init__(
        self, *args: Any, themes: dict[str, str], checklists: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = choices(themes, "Alle thema's")
        self.checklist.choices = choices(checklists, "Alle normenkaders")

    def validate_end(self, field: Field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError("De einddatum ligt vóór de begindatum.")

    def filters(self) -> TrendFilters:
        """The checked values as the queries' filters (call after :meth:`validate`)."""
        return TrendFilters(
            start=self.start.data,
            end=self.end.data,
            province=self.province.data or None,
            operator_type=self.operator_type.data or None,
            modality=self.modality.data or None,
            theme=self.theme.data or None,
            checklist=self.checklist.data or None,
        )

    @property
    def granularity(self) -> str:
        """``quarter`` or ``year``: how the lines over time are split."""
        return self.period.data or "quarter"

    def link_args(self) -> dict[str, Any]:
        """The filters that are set, as query arguments: what every link to the list of
        inspections behind a figure (and back) carries."""
        args: dict[str, Any] = {}
        for name in FILTER_NAMES:
            value = getattr(self, name).data
            if isinstance(value, date):
                value = value.isoformat()
            if value and not (name == "period" and value == "quarter"):
                args[name] = value
        return args


class BehindForm(TrendFilterForm):
    """The filters, and the figure whose inspections are listed: ``by`` and ``group`` as in
    :func:`inspectie.trends.queries.trend_rows`, ``during`` a period label (or the whole window).
    """

    by = HiddenField(
        "Indeling",
        validators=[InputRequired("Kies een indeling."), Length(max=20)],
    )
    group = HiddenField(
        "Groep",
        validators=[InputRequired("Kies een groep."), Length(max=300, message="Te lang.")],
    )
    during = HiddenField("Periode", validators=[Optional(), Length(max=10)])

    def __init__(self, *args: Any, themes: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, themes=themes, **kwargs)
        self._themes = themes

    def validate_by(self, field: Field) -> None:
        if field.data not in BY:
            raise ValidationError("Onbekende indeling.")

    def validate_group(self, field: Field) -> None:
        # Provinces, operator types, modalities and themes are closed lists; a legal basis or an
        # item that is not there simply has no inspections behind it.
        known = VOCABULARIES.get(self.by.data or "") or (
            self._themes if self.by.data == "theme" else None
        )
        if known is not None and field.data not in known:
            raise ValidationError("Onbekende groep voor deze indeling.")

    def validate_during(self, field: Field) -> None:
        if field.data:
            try:
                span(field.data)
            except ValueError:
                raise ValidationError(
                    "Onbekende periode: gebruik een kwartaal (2026-K3) of een jaar (2026)."
                ) from None

    def figure(self) -> tuple[str, str, str | None]:
        """``by``, ``group`` and the period label (None: the whole window), once validated."""
        assert self.by.data is not None and self.group.data is not None
        return self.by.data, self.group.data, self.during.data or None

    @property
    def during_period(self) -> str | None:
        """``quarter`` or ``year`` for the period label asked for; None for the whole window."""
        if not self.during.data:
            return None
        return "quarter" if "-K" in self.during.data else "year"
