"""Users: creating, changing, deactivating, logging in (with lock-out) and API tokens."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from inspectie.audit.services import record
from inspectie.auth.models import ApiToken, LoginAttempt, User
from inspectie.auth.passwords import (
    burn_time,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from inspectie.db import utcnow
from inspectie.extensions import db
from inspectie.organisations.models import Organisation
from inspectie.vocab import INSPECTORATE_ROLES, ROLES


class UserError(ValueError):
    """Input that cannot be applied to a user; the message is for the person who gave it."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    """The user with this e-mail address (case-insensitive), if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_role_fits(role: str, organisation: Organisation) -> None:
    if role not in ROLES:
        raise UserError(f"Onbekende rol {role!r}; kies uit {', '.join(ROLES)}.")
    if role in INSPECTORATE_ROLES and not organisation.is_inspectorate:
        raise UserError(
            f"De rol {ROLES[role]} hoort bij de inspectie, niet bij {organisation.name}."
        )
    if role == "ketenpartner" and organisation.is_inspectorate:
        raise UserError(
            "Een ketenpartner hoort bij een uitvoerende organisatie, niet bij de inspectie."
        )


def create_user(
    actor: User | None,
    email: str,
    name: str,
    role: str,
    organisation: Organisation,
    password: str,
) -> User:
    """Create an active user.

    :param actor: who creates the user (``None`` for the CLI and the demo loader).
    :param email: unique, stored lower-case.
    :param role: one of :data:`inspectie.vocab.ROLES`, fitting the organisation.
    :param password: at least 12 characters; only its Argon2id hash is stored.
    """
    email = normalise_email(email)
    if not email or "@" not in email:
        raise UserError("Vul een geldig e-mailadres in.")
    if not name.strip():
        raise UserError("Naam is verplicht.")
    if get_user_by_email(email) is not None:
        raise UserError(f"Er bestaat al een gebruiker met e-mailadres {email}.")
    _check_role_fits(role, organisation)
    problem = password_problem(password)
    if problem:
        raise UserError(problem)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        organisation=organisation,
        password_hash=hash_password(password),
        is_active=True,
    )
    db.session.add(user)
    db.session.flush()
    record(
        actor,
        "user.create",
        user,
        {"email": [None, email], "role": [None, role], "organisation": [None, organisation.name]},
    )
    return user


def change_role(actor: User, user: User, role: str) -> None:
    """Give a user another role.

    :param actor: the beheerder making the change; they cannot demote themselves.
    """
    if user.id == actor.id and role != user.role:
        raise UserError("U kunt uw eigen rol niet wijzigen.")
    _check_role_fits(role, user.organisation)
    if role == user.role:
        return
    record(actor, "user.role", user, {"role": [user.role, role]})
    user.role = role
    db.session.flush()


def set_active(actor: User, user: User, active: bool) -> None:
    """Activate or deactivate a user; a deactivated user cannot log in or use tokens."""
    if user.id == actor.id and not active:
        raise UserError("U kunt uw eigen account niet deactiveren.")
    if user.is_active == active:
        return
    record(actor, "user.active", user, {"is_active": [user.is_active, active]})
    user.is_active = active
    db.session.flush()


def set_password(actor: User | None, user: User, password: str) -> None:
    """Replace a user's password (at least 12 characters)."""
    problem = password_problem(password)
    if problem:
        raise UserError(problem)
    user.password_hash = hash_password(password)
    record(actor, "user.password", user)
    db.session.flush()


# --- log-in with lock-out ---------------------------------------------------------------------


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str | None = None


BAD_CREDENTIALS = "E-mailadres of wachtwoord is onjuist."


def _locked_until(
    column: InstrumentedAttribute[str], value: str, limit: int, now: datetime
) -> datetime | None:
    """When the lock on this account/address ends, or ``None`` if it is not locked.

    Failures count within the window; a successful log-in of the account clears its count.
    """
    window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    since = now - window
    if column is LoginAttempt.email:
        last_success = db.session.scalar(
            select(func.max(LoginAttempt.at)).where(
                LoginAttempt.email == value, LoginAttempt.succeeded.is_(True)
            )
        )
        if last_success is not None and last_success > since:
            since = last_success
    failures = list(
        db.session.scalars(
            select(LoginAttempt.at)
            .where(column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
            .order_by(LoginAttempt.at.desc())
            .limit(limit)
        )
    )
    if len(failures) < limit:
        return None
    return failures[-1] + window


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds() // 60) + 1)


def authenticate(email: str, password: str, remote_addr: str) -> LoginResult:
    """Check a log-in and record the attempt.

    Locked accounts and addresses are refused before the password is looked at, and those
    refusals are not counted, so a lock ends by itself when the window has passed.

    :param remote_addr: the client address, for the per-address lock.
    """
    email = normalise_email(email)[:254]
    remote_addr = (remote_addr or "onbekend")[:64]
    now = utcnow()
    config = current_app.config
    locks = [
        _locked_until(LoginAttempt.email, email, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], now),
        _locked_until(
            LoginAttempt.remote_addr, remote_addr, config["LOGIN_MAX_FAILURES_PER_ADDRESS"], now
        ),
    ]
    lock = max((until for until in locks if until is not None), default=None)
    if lock is not None:
        minutes = _minutes_until(lock, now)
        return LoginResult(
            None,
            f"Te veel mislukte inlogpogingen. Probeer het over {minutes} "
            f"{'minuut' if minutes == 1 else 'minuten'} opnieuw.",
        )

    user = get_user_by_email(email)
    if user is None:
        burn_time(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr, at=now, succeeded=ok))
    db.session.flush()
    if not ok or user is None:
        return LoginResult(None, BAD_CREDENTIALS)
    if not user.is_active:
        return LoginResult(None, "Dit account is gedeactiveerd. Neem contact op met de beheerder.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return LoginResult(user)


# --- API tokens -------------------------------------------------------------------------------

TOKEN_PREFIX = "insp_"  # noqa: S105 (a prefix, not a secret)


def _token_hash(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough; it allows an indexed lookup.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(actor: User | None, user: User) -> str:
    """Create a personal API token for ``user`` and return it; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(user=user, token_hash=_token_hash(token))
    db.session.add(api_token)
    db.session.flush()
    record(actor, "api_token.create", api_token, {"user": [None, user.email]})
    return token


def user_for_token(token: str) -> User | None:
    """The active user a valid, unrevoked token belongs to."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    api_token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None)
        )
    )
    if api_token is None or not api_token.user.is_active:
        return None
    return api_token.user
