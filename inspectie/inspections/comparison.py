"""The comparison of an inspection with the previous final inspection of its location.

Items are paired by code, following ``replaces`` across checklist versions (:mod:`lineage`), and
their judgments ranked ``voldoet`` > ``voldoet_deels`` > ``voldoet_niet``. :func:`compare` is
pure; :func:`comparison_for` finds the previous inspection and loads both.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import and_, or_, select

from inspectie.extensions import db
from inspectie.inspections.lineage import origins
from inspectie.inspections.models import Answer, Inspection
from inspectie.inspections.services import answers_of

RANK: Final = {"voldoet": 2, "voldoet_deels": 1, "voldoet_niet": 0}
OUTCOMES: Final = {
    "verbeterd": "Verbeterd",
    "gelijk": "Gelijk",
    "verslechterd": "Verslechterd",
    "nieuw": "Nieuw",
    "niet_vergelijkbaar": "Niet vergelijkbaar",
}


@dataclass(frozen=True)
class Judged:
    """One item's judgment; ``continues``: the codes of the previous inspection's items it
    continues (``None``: its own code)."""

    code: str
    judgment: str | None
    title: str = ""
    continues: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Row:
    code: str
    title: str
    previous_codes: tuple[str, ...]  # the items of the previous inspection it was paired with
    previous: str | None  # the previous judgment compared with (the worst, if several)
    current: str | None
    outcome: str

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome]


@dataclass
class Comparison:
    rows: list[Row] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))


def compare(previous: Sequence[Judged], current: Sequence[Judged]) -> Comparison:
    """Per item of ``current``, in its order: better, the same, worse, new or not comparable.

    - ``nieuw``: none of the items it continues was part of the previous inspection;
    - ``niet_vergelijkbaar``: either judgment is not on the scale (``niet_van_toepassing``,
      ``niet_beoordeeld``, or not judged yet);
    - otherwise the ranks decide. An item that continues several previous items (merged norms) is
      compared with the worst of their judgments on the scale.
    """
    before = {j.code: j.judgment for j in previous}
    result = Comparison()
    for item in current:
        candidates = (item.code,) if item.continues is None else item.continues
        paired = tuple(c for c in candidates if c in before)
        ranked = [j for j in (before[c] for c in paired) if j is not None and j in RANK]
        earlier = min(ranked, key=RANK.__getitem__) if ranked else None
        if not paired:
            outcome = "nieuw"
        elif earlier is None or item.judgment not in RANK or item.judgment is None:
            outcome = "niet_vergelijkbaar"
        else:
            now, then = RANK[item.judgment], RANK[earlier]
            outcome = "verbeterd" if now > then else "verslechterd" if now < then else "gelijk"
        if earlier is None and paired:
            earlier = before[paired[0]]
        result.rows.append(Row(item.code, item.title, paired, earlier, item.judgment, outcome))
        result.counts[outcome] += 1
    return result


def previous_inspection(inspection: Inspection) -> Inspection | None:
    """The inspection ``inspection`` is compared with: the final inspection of the same location
    planned last before it (on an earlier day, or the same day but planned first, i.e. a lower
    id), of any type.

    Ordered by planned date, not by finalisation: the date is when the location was seen, so the
    comparison follows the location's history even if reports are finalised out of order.
    """
    query = (
        select(Inspection)
        .where(
            Inspection.location_id == inspection.location_id,
            Inspection.status == "vastgesteld",
            Inspection.id != inspection.id,
            or_(
                Inspection.planned_on < inspection.planned_on,
                and_(
                    Inspection.planned_on == inspection.planned_on,
                    Inspection.id < inspection.id,
                ),
            ),
        )
        .order_by(Inspection.planned_on.desc(), Inspection.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def comparison_for(
    inspection: Inspection, answers: Sequence[Answer] | None = None
) -> tuple[Inspection | None, Comparison]:
    """The previous inspection (``None`` if there is none) and the comparison with it.

    :param answers: the answers of ``inspection`` if the caller has them already.
    """
    previous = previous_inspection(inspection)
    if previous is None:
        return None, Comparison()
    links = origins(previous.checklist_version, inspection.checklist_version)
    earlier = [Judged(a.item.code, a.judgment) for a in answers_of(previous)]
    now = [
        Judged(a.item.code, a.judgment, a.item.title, tuple(sorted(links.get(a.item.code, ()))))
        for a in (answers_of(inspection) if answers is None else answers)
    ]
    return previous, compare(earlier, now)
