"""Users, passwords, lock-out and tokens, tested on the services."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import ApiToken, LoginAttempt
from inspectie.auth.services import (
    BAD_CREDENTIALS,
    UserError,
    authenticate,
    change_role,
    create_user,
    issue_token,
    set_active,
    user_for_token,
)
from inspectie.db import utcnow
from inspectie.extensions import db
from tests.conftest import PASSWORD


def test_password_is_hashed_with_argon2id(make_user):
    user = make_user("inspecteur")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize("password", ["", "kort", "elf tekens!", " " * 20, "x" * 257])
def test_bad_passwords_are_refused(inspectorate, password):
    with pytest.raises(UserError):
        create_user(None, "a@example.org", "A", "inspecteur", inspectorate, password)


def test_email_is_unique_case_insensitively(make_user, inspectorate):
    make_user("inspecteur", email="Iris@Example.org")
    with pytest.raises(UserError, match="bestaat al"):
        create_user(None, "IRIS@example.ORG", "Iris 2", "inspecteur", inspectorate, PASSWORD)


def test_roles_must_fit_the_organisation(inspectorate, make_org):
    coa = make_org("COA", "coa")
    with pytest.raises(UserError, match="hoort bij de inspectie"):
        create_user(None, "a@example.org", "A", "coordinator", coa, PASSWORD)
    with pytest.raises(UserError, match="uitvoerende organisatie"):
        create_user(None, "b@example.org", "B", "ketenpartner", inspectorate, PASSWORD)
    with pytest.raises(UserError, match="Onbekende rol"):
        create_user(None, "c@example.org", "C", "koning", inspectorate, PASSWORD)


def test_create_user_writes_the_audit_trail(make_user):
    user = make_user("coordinator")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.object_type == "users", AuditEvent.object_id == user.id)
    )
    assert event.action == "user.create"
    assert event.changes["role"] == [None, "coordinator"]


def test_authenticate_accepts_the_right_password(make_user):
    user = make_user("inspecteur")
    result = authenticate(user.email.upper(), PASSWORD, "127.0.0.1")
    assert result.user == user and result.error is None


def test_wrong_password_and_unknown_email_give_the_same_message(make_user):
    user = make_user("inspecteur")
    assert authenticate(user.email, "wrong password!!", "1.1.1.1").error == BAD_CREDENTIALS
    assert authenticate("nobody@example.org", PASSWORD, "1.1.1.1").error == BAD_CREDENTIALS


def test_deactivated_user_cannot_log_in(make_user):
    user = make_user("inspecteur", active=False)
    result = authenticate(user.email, PASSWORD, "1.1.1.1")
    assert result.user is None
    assert "gedeactiveerd" in result.error


def _fail(email, address, times):
    for _ in range(times):
        authenticate(email, "wrong password!!", address)


def test_account_locks_after_five_failures_even_with_the_right_password(make_user):
    user = make_user("inspecteur")
    _fail(user.email, "10.0.0.1", 4)
    assert authenticate(user.email, PASSWORD, "10.0.0.2").user == user  # success resets
    _fail(user.email, "10.0.0.1", 5)
    result = authenticate(user.email, PASSWORD, "10.0.0.3")
    assert result.user is None
    assert result.error.startswith("Te veel mislukte inlogpogingen")
    assert "15 minuten" in result.error


def test_lock_ends_when_the_window_has_passed(app, make_user):
    user = make_user("inspecteur")
    _fail(user.email, "10.0.0.1", 5)
    # Age the failures past the window; attempts refused while locked are not counted.
    old = utcnow() - timedelta(minutes=16)
    for attempt in db.session.scalars(select(LoginAttempt)):
        attempt.at = old
    db.session.flush()
    assert authenticate(user.email, PASSWORD, "10.0.0.1").user == user


def test_refused_attempts_while_locked_are_not_recorded(make_user):
    user = make_user("inspecteur")
    _fail(user.email, "10.0.0.1", 5)
    before = db.session.scalar(select(func.count(LoginAttempt.id)))
    authenticate(user.email, PASSWORD, "10.0.0.1")
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == before


def test_address_locks_after_twenty_failures_across_accounts(app, make_user):
    user = make_user("inspecteur")
    for n in range(20):
        authenticate(f"guess{n}@example.org", "wrong password!!", "10.9.9.9")
    assert authenticate(user.email, PASSWORD, "10.9.9.9").error.startswith("Te veel")
    assert authenticate(user.email, PASSWORD, "10.9.9.10").user == user


def test_change_role_and_deactivate_are_audited(make_user):
    admin = make_user("beheerder")
    user = make_user("inspecteur")
    change_role(admin, user, "coordinator")
    set_active(admin, user, False)
    actions = [
        e.action
        for e in db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_id == user.id, AuditEvent.object_type == "users")
            .order_by(AuditEvent.id)
        )
    ]
    assert actions == ["user.create", "user.role", "user.active"]
    assert user.role == "coordinator" and not user.is_active


def test_admin_cannot_demote_or_deactivate_themselves(make_user):
    admin = make_user("beheerder")
    with pytest.raises(UserError):
        change_role(admin, admin, "inspecteur")
    with pytest.raises(UserError):
        set_active(admin, admin, False)


def test_ketenpartner_cannot_get_an_inspectorate_role(make_user):
    admin = make_user("beheerder")
    partner = make_user("ketenpartner")
    with pytest.raises(UserError):
        change_role(admin, partner, "inspecteur")
    assert partner.role == "ketenpartner"


def test_token_is_stored_hashed_and_finds_its_user(make_user):
    user = make_user("inspecteur")
    token = issue_token(None, user)
    assert token.startswith("insp_") and len(token) > 40
    stored = db.session.scalar(select(ApiToken))
    assert token not in stored.token_hash
    assert user_for_token(token) == user
    assert user_for_token(token + "x") is None
    assert user_for_token("not a token") is None


def test_revoked_token_and_deactivated_user_token_are_refused(make_user):
    user = make_user("inspecteur")
    token = issue_token(None, user)
    user.is_active = False
    assert user_for_token(token) is None
    user.is_active = True
    db.session.scalar(select(ApiToken)).revoked_at = utcnow()
    assert user_for_token(token) is None


def test_hash_with_old_parameters_is_upgraded_at_log_in(app, make_user):
    user = make_user("inspecteur")
    app.config["ARGON2_TIME_COST"] = 2
    old_hash = user.password_hash
    assert authenticate(user.email, PASSWORD, "127.0.0.1").user == user
    assert user.password_hash != old_hash and "t=2" in user.password_hash
