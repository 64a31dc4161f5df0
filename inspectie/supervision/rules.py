"""The proposal rule: which supervision level the findings of a location or organisation call for.

The rule is a pure function over plain counts, so that it can be read, explained to a
coordinator and tested case by case; :func:`counts_query` computes those counts in SQL. See
docs/supervision.md for the rule in Dutch words.

A finding is *open* until the inspectorate has verified it (status ``geverifieerd``); it is
*overdue* when its deadline has passed while the repair is still the operator's job (statuses
``open``, ``plan_ingediend``, ``in_uitvoering``: see :meth:`Finding.is_overdue`).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select

from inspectie.findings.models import REPAIR_STATUSES, Finding
from inspectie.locations.models import Location
from inspectie.supervision.models import LEVELS

# From light to heavy: comparing positions says which level is higher.
LEVEL_ORDER = ("regulier", "verdiepend", "intensief")

# intensief if any of these is reached ...
INTENSIVE_OVERDUE_CRITICAL = 1  # open kritiek findings past their deadline
INTENSIVE_OPEN_CRITICAL = 2  # open kritiek findings
INTENSIVE_OVERDUE = 5  # findings past their deadline, any severity
# ... else verdiepend if any of these is reached
DEEPER_OPEN_CRITICAL = 1
DEEPER_OVERDUE_HIGH = 1  # open hoog findings past their deadline
DEEPER_OVERDUE = 2


@dataclass(frozen=True)
class FindingCounts:
    """What the rule looks at, counted over the findings of one location or organisation."""

    open: int = 0  # not yet verified (shown, not used by the rule)
    open_critical: int = 0  # open, severity kritiek
    overdue_critical: int = 0  # overdue, severity kritiek
    overdue_high: int = 0  # overdue, severity hoog
    overdue: int = 0  # overdue, any severity


@dataclass(frozen=True)
class Proposal:
    """The level the rule proposes, with the reasons for it in Dutch (never empty)."""

    level: str
    reasons: list[str]

    @property
    def label(self) -> str:
        return LEVELS[self.level]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _critical_open(n: int) -> str:
    return _count(n, "kritieke bevinding open", "kritieke bevindingen open")


def _overdue(n: int, kind: str = "") -> str:
    """``2 kritieke bevindingen over de termijn``; ``kind`` is an adjective (with its space)."""
    return _count(n, f"{kind}bevinding over de termijn", f"{kind}bevindingen over de termijn")


def propose(counts: FindingCounts) -> Proposal:
    """Propose a level from the counts.

    - **intensief** if an open kritiek finding is overdue, or 2 or more kritiek findings are
      open, or 5 or more findings are overdue;
    - else **verdiepend** if a kritiek finding is open, or an open hoog finding is overdue, or
      2 or more findings are overdue;
    - else **regulier**.

    The reasons name every threshold the proposed level reached.
    """
    intensive = []
    if counts.overdue_critical >= INTENSIVE_OVERDUE_CRITICAL:
        intensive.append(_overdue(counts.overdue_critical, "kritieke "))
    if counts.open_critical >= INTENSIVE_OPEN_CRITICAL:
        intensive.append(_critical_open(counts.open_critical))
    if counts.overdue >= INTENSIVE_OVERDUE:
        intensive.append(_overdue(counts.overdue))
    if intensive:
        return Proposal("intensief", intensive)

    deeper = []
    if counts.open_critical >= DEEPER_OPEN_CRITICAL:
        deeper.append(_critical_open(counts.open_critical))
    if counts.overdue_high >= DEEPER_OVERDUE_HIGH:
        deeper.append(
            _count(
                counts.overdue_high,
                "bevinding met ernst hoog over de termijn",
                "bevindingen met ernst hoog over de termijn",
            )
        )
    if counts.overdue >= DEEPER_OVERDUE:
        deeper.append(_overdue(counts.overdue))
    if deeper:
        return Proposal("verdiepend", deeper)

    if counts.open == 0:
        return Proposal("regulier", ["Geen bevindingen open"])
    return Proposal(
        "regulier", ["Geen kritieke bevinding open en hoogstens 1 bevinding over de termijn"]
    )


def is_higher(level: str, than: str) -> bool:
    return LEVEL_ORDER.index(level) > LEVEL_ORDER.index(than)


# --- the counts in SQL ------------------------------------------------------------------------


def _columns(day: date) -> list[ColumnElement[Any]]:
    """The aggregates of :class:`FindingCounts`, in its field order, for ``day``."""
    is_open = Finding.status != "geverifieerd"
    overdue = and_(Finding.status.in_(REPAIR_STATUSES), Finding.deadline < day)
    critical = Finding.severity == "kritiek"
    return [
        func.count(Finding.id).filter(is_open),
        func.count(Finding.id).filter(is_open, critical),
        func.count(Finding.id).filter(overdue, critical),
        func.count(Finding.id).filter(overdue, Finding.severity == "hoog"),
        func.count(Finding.id).filter(overdue),
    ]


def counts_query(day: date, *, by: str) -> Select[Any]:
    """One aggregate over the open findings: a row ``(subject id, *counts)`` per location
    (``by="location"``) or per operating organisation (``by="organisation"``).

    Narrow it with ``.where(...)`` on :attr:`Finding.location_id` or :attr:`Location.operator_id`.
    Subjects without open findings have no row.
    """
    if by == "location":
        subject: Any = Finding.location_id
        query = select(subject, *_columns(day))
    elif by == "organisation":
        subject = Location.operator_id
        query = select(subject, *_columns(day)).join(Location, Location.id == Finding.location_id)
    else:
        raise ValueError(f"unknown subject kind {by!r}")
    return query.where(Finding.status != "geverifieerd").group_by(subject)


def counts_of(row: Any) -> FindingCounts:
    """The counts of one row of :func:`counts_query` (its first column is the subject)."""
    return FindingCounts(*(int(value or 0) for value in tuple(row)[1:]))
