"""What every HTML list view shares: reading the page number and paging a query."""

from typing import Any

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from inspectie.extensions import db

# Far beyond any real list; stops a hand-made ?page=999999999999999999999 from overflowing
# the database's OFFSET (a 500) before the "page out of range" check can answer 404.
MAX_PAGE = 1_000_000


def paginate(query: Select[Any], per_page: int) -> Pagination:
    """One page of ``query``; a missing or malformed ``page`` means page 1, one past the end 404."""
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 7 else 1
    return db.paginate(
        query,
        page=max(1, min(page, MAX_PAGE)),
        per_page=per_page,
        max_per_page=per_page,
        count=True,
    )
