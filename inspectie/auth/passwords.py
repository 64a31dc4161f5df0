"""Password hashing with Argon2id (argon2-cffi), cost taken from the app config."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 256  # hashing is deliberately slow; refuse megabyte "passwords" before hashing


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def password_problem(password: str) -> str | None:
    """Why this password is not acceptable, in Dutch, or ``None`` when it is."""
    if len(password) < MIN_LENGTH:
        return f"Het wachtwoord moet minstens {MIN_LENGTH} tekens lang zijn."
    if len(password) > MAX_LENGTH:
        return f"Het wachtwoord mag hoogstens {MAX_LENGTH} tekens lang zijn."
    if not password.strip():
        return "Het wachtwoord mag niet uit alleen spaties bestaan."
    return None


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return _hasher().verify(stored_hash, password[: MAX_LENGTH + 1])
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    return _hasher().check_needs_rehash(stored_hash)


# Verified against when the e-mail address is unknown, so that the answer takes as long as for a
# known address and does not reveal which addresses exist.
_DUMMY: dict[tuple[int, int, int], str] = {}


def burn_time(password: str) -> None:
    """Spend the time of one verification without a real account."""
    config = current_app.config
    key = (config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("dummy password for timing")
    verify_password(_DUMMY[key], password)
