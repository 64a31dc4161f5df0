"""Who may do what: guards for views that read like policy, and scopes for queries.

The view guards only decide whether a role may use a screen at all. Which objects a user may see
is decided by the scope functions, which every query and every object lookup goes through.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from inspectie.auth.models import User

F = TypeVar("F", bound=Callable[..., Any])

INSPECTORATE = ("beheerder", "coordinator", "inspecteur")
EVERYONE = ("beheerder", "coordinator", "inspecteur", "ketenpartner")


def role_required(*roles: str) -> Callable[[F], F]:
    """Let only logged-in users with one of ``roles`` through; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return login_required(wrapped)  # type: ignore[no-any-return]

    return decorator


def organisation_scope(user: User) -> int | None:
    """The one organisation whose objects ``user`` may see, or ``None`` for all of them.

    The inspectorate sees every organisation; a ketenpartner only their own.
    """
    return None if user.is_inspectorate else user.organisation_id


def may_manage_locations(user: User) -> bool:
    return user.role in ("beheerder", "coordinator")
