"""The pattern every ``/api/v1`` endpoint follows: JSON errors, paging, authentication."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import Select, func, select

from inspectie.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


class ApiError(Exception):
    """An error answered as ``{"error": message, "detail": detail}`` with ``status``."""

    def __init__(self, status: int, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


def error_response(status: int, message: str, detail: Any = None) -> ResponseReturnValue:
    return jsonify({"error": message, "detail": detail}), status


def api_roles(*roles: str) -> Callable[[F], F]:
    """Require an authenticated caller (session or token) with one of ``roles``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


# Keeps the OFFSET of the last page within the integer range of every supported database.
MAX_PAGE = 2**31 - 1


def _positive_int(name: str, raw: str, maximum: int) -> int:
    """``raw`` as an integer from 1 to ``maximum``, or an :class:`ApiError` (400)."""
    # Only ASCII digits: str.isdigit() also accepts "²" (which int() refuses) and other scripts.
    if not (raw.isascii() and raw.isdigit()) or not raw.strip("0"):
        raise ApiError(400, f"'{name}' moet een positief geheel getal zijn.", {name: raw})
    digits = raw.lstrip("0")
    # Compare lengths first: int() of thousands of digits is slow, or refused outright.
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        detail = int(digits) if len(digits) <= 30 else raw
        raise ApiError(400, f"'{name}' is hoogstens {maximum}.", {name: detail})
    return int(digits)


def page_args() -> tuple[int, int]:
    """``page`` and ``per_page`` from the query string, checked."""
    page = _positive_int("page", request.args.get("page", "1"), MAX_PAGE)
    per_page = _positive_int(
        "per_page",
        request.args.get("per_page", str(current_app.config["PER_PAGE"])),
        current_app.config["MAX_PER_PAGE"],
    )
    return page, per_page


def paged(query: Select[Any], serialise: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """One page of ``query`` as ``{"items", "page", "per_page", "total", "pages"}``."""
    page, per_page = page_args()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    return {
        "items": [serialise(row) for row in rows],
        "page": page,
        "per_page": per_page,
        "total": total or 0,
        "pages": max(1, -(-(total or 0) // per_page)),
    }


def choice_arg(name: str, allowed: dict[str, str] | tuple[str, ...]) -> str | None:
    """An optional query-string value that must be one of ``allowed``."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise ApiError(
            400,
            f"Onbekende waarde voor '{name}': {value!r}.",
            {name: value, "allowed": list(allowed)},
        )
    return value


def reject_unknown_args(known: set[str]) -> None:
    unknown = sorted(set(request.args) - known)
    if unknown:
        raise ApiError(
            400,
            f"Onbekende parameter(s): {', '.join(unknown)}.",
            {"unknown": unknown, "allowed": sorted(known)},
        )
