"""``/api/v1/trends``: deficiency figures of final inspections, as JSON or as a CSV download.

Not paged, unlike the lists of the API: the answer is one table whose size is bounded by the
groups times the periods asked for, and the CSV must be that same whole table.
"""

import re
from datetime import date

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from inspectie.api import ApiError, api_roles, choice_arg, reject_unknown_args
from inspectie.auth.policy import INSPECTORATE
from inspectie.trends.export import to_csv
from inspectie.trends.periods import PERIODS
from inspectie.trends.queries import (
    BY,
    TrendFilters,
    checklist_titles,
    theme_titles,
    trend_rows,
)
from inspectie.vocab import MODALITIES, OPERATOR_TYPES, PROVINCES

bp = Blueprint("trends_api", __name__, url_prefix="/api/v1/trends")

PARAMETERS = {
    "by",
    "period",
    "format",
    "from",
    "to",
    "province",
    "operator_type",
    "modality",
    "theme",
    "checklist",
}
FORMATS = ("json", "csv")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_arg(name: str) -> date | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"'{name}' moet een datum zijn (JJJJ-MM-DD).", {name: value}) from None


def _filters() -> TrendFilters:
    start, end = _date_arg("from"), _date_arg("to")
    if start is not None and end is not None and start > end:
        raise ApiError(
            400,
            "'from' ligt na 'to'.",
            {"from": start.isoformat(), "to": end.isoformat()},
        )
    return TrendFilters(
        start=start,
        end=end,
        province=choice_arg("province", PROVINCES),
        operator_type=choice_arg("operator_type", OPERATOR_TYPES),
        modality=choice_arg("modality", MODALITIES),
        theme=choice_arg("theme", theme_titles()),
        checklist=choice_arg("checklist", checklist_titles()),
    )


@bp.get("")
@api_roles(*INSPECTORATE)
def index() -> ResponseReturnValue:
    """Deficiency figures split by ``by`` (and ``period``), filtered; ``format=csv`` downloads."""
    reject_unknown_args(PARAMETERS)
    by = choice_arg("by", BY)
    if by is None:
        raise ApiError(400, "'by' is verplicht.", {"by": None, "allowed": list(BY)})
    period = choice_arg("period", PERIODS)
    output = choice_arg("format", FORMATS) or "json"
    filters = _filters()
    rows = trend_rows(by, period, filters)
    if output == "csv":
        name = f"tekortkomingen-{by}-{period or 'totaal'}.csv"
        return Response(
            to_csv(rows),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return {
        "by": by,
        "period": period,
        "filters": filters.as_dict(),
        "items": [row.as_dict() for row in rows],
        "total": len(rows),
    }
