"""What every HTML list view shares: reading the page number and paging a query."""

from dataclasses import dataclass
from typing import Any

from flask import abort, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from inspectie.extensions import db

# Far beyond any real list; stops a hand-made ?page=999999999999999999999 from overflowing
# the database's OFFSET (a 500) before the "page out of range" check can answer 404.
MAX_PAGE = 1_000_000


def _page_number() -> int:
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 7 else 1
    return max(1, min(page, MAX_PAGE))


def paginate(query: Select[Any], per_page: int) -> Pagination:
    """One page of ``query``; a missing or malformed ``page`` means page 1, one past the end 404."""
    return db.paginate(
        query,
        page=_page_number(),
        per_page=per_page,
        max_per_page=per_page,
        count=True,
    )


@dataclass(frozen=True)
class CappedPage:
    """One page of a list whose length is counted only up to a cap, so that a page costs the
    same however long the list grows (the inspections behind a national figure over decades).
    Has the attributes the ``pager`` macro reads; ``pages`` counts only up to the cap."""

    items: list[Any]
    page: int
    per_page: int
    total: int  # the length, or the cap when ``capped``
    capped: bool  # the list is longer than ``total``
    has_next: bool

    @property
    def pages(self) -> int:
        return -(-self.total // self.per_page) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate_capped(query: Select[Any], per_page: int, cap: int) -> CappedPage:
    """Like :func:`paginate`, but counting at most ``cap`` rows; a page past the end is 404."""
    page = _page_number()
    counted = query.order_by(None).limit(cap + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    # One row more than the page: whether there is a next page, also past the cap.
    items = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    if page > 1 and not items:
        abort(404)
    more = len(items) > per_page
    return CappedPage(items[:per_page], page, per_page, min(total, cap), total > cap, more)
