"""Configuration: defaults, then ``INSPECTIE_*`` environment variables, then test overrides."""

import os
from pathlib import Path
from typing import Any

# A placeholder that must never reach production: create_app refuses it outside debug/demo.
DEV_SECRET_KEY = "dev-only-insecure-secret-key"  # noqa: S105 (refused in production)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def defaults(instance_path: str) -> dict[str, Any]:
    """The settings every app starts from; the embedded database lives in the instance folder."""
    return {
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'inspectie.sqlite'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": str(Path(instance_path) / "uploads"),
        "CHECKLISTS_DIR": str(PROJECT_ROOT / "checklists"),
        "DEMO": False,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # Form fields (not files) are held in memory: bound them, and the number of parts.
        # Stated here so that a Flask upgrade cannot lift them. The largest honest form is a
        # theme of ~10 items, each with two texts of at most 10,000 characters: 200,000
        # characters, up to ~1.2 MB when every one is a percent-encoded non-ASCII letter.
        "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
        "MAX_FORM_PARTS": 1000,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # Without Flask-Babel, Flask-WTF's i18n hook returns no translations at all; switched
        # off, WTForms uses its own Dutch catalogue (the forms ask for locale "nl").
        "WTF_I18N_ENABLED": False,
        # We call csrf.protect() ourselves so that bearer-token API calls can be let through.
        "WTF_CSRF_CHECK_DEFAULT": False,
        # Lock-out after repeated failed log-ins (per account and per client address).
        "LOGIN_WINDOW_MINUTES": 15,
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        # Argon2id cost: OWASP's recommended minimum (19 MiB, t=2, p=1), about 35 ms a log-in
        # on this 2-core machine. argon2-cffi's default (64 MiB, t=3, p=4) took 600 ms here,
        # which would queue a room full of inspectors logging in at 9:00. Tests lower it.
        "ARGON2_TIME_COST": 2,
        "ARGON2_MEMORY_COST": 19456,
        "ARGON2_PARALLELISM": 1,
        # How many proxies in front of the app set X-Forwarded-For/-Proto (0: none, and the
        # headers are ignored: anyone could send them). Behind one TLS proxy, set 1: else every
        # visitor has the proxy's address, and the per-address log-in lock-out locks them all.
        "TRUSTED_PROXIES": 0,
        "PER_PAGE": 25,
        "MAX_PER_PAGE": 200,
    }


# Environment variable (without the INSPECTIE_ prefix) -> config key and how to read it.
_ENV: dict[str, tuple[str, type]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "UPLOAD_DIR": ("UPLOAD_DIR", str),
    "CHECKLISTS_DIR": ("CHECKLISTS_DIR", str),
    "DEMO": ("DEMO", bool),
    "SECURE_COOKIES": ("SESSION_COOKIE_SECURE", bool),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
}

_TRUE = {"1", "true", "yes", "on", "ja"}


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings given as ``INSPECTIE_*`` environment variables."""
    environ = dict(os.environ) if environ is None else environ
    found: dict[str, Any] = {}
    for name, (key, kind) in _ENV.items():
        raw = environ.get(f"INSPECTIE_{name}")
        if raw is None or raw == "":
            continue
        if kind is bool:
            found[key] = raw.strip().lower() in _TRUE
        elif kind is int:
            if not raw.strip().isdigit():
                raise ConfigError(f"INSPECTIE_{name} must be a whole number, not {raw!r}.")
            found[key] = int(raw)
        else:
            found[key] = raw
    if "SESSION_COOKIE_SECURE" in found:
        found["REMEMBER_COOKIE_SECURE"] = found["SESSION_COOKIE_SECURE"]
    return found


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the message says what to set."""


def check(config: dict[str, Any], debug: bool, explicit: set[str]) -> None:
    """Refuse to start with settings that would be unsafe in production.

    :param explicit: the config keys set by the environment or the caller, not by defaults.
    """
    relaxed = debug or config.get("DEMO") or config.get("TESTING")
    secret = config.get("SECRET_KEY")
    if not secret:
        if not relaxed:
            raise ConfigError(
                "INSPECTIE_SECRET_KEY is not set. Set it to a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
        config["SECRET_KEY"] = DEV_SECRET_KEY
    elif secret == DEV_SECRET_KEY and not relaxed:
        raise ConfigError(
            "INSPECTIE_SECRET_KEY is the development placeholder. Set a long random value."
        )
    elif len(secret) < 32 and not relaxed:
        raise ConfigError("INSPECTIE_SECRET_KEY is too short: use at least 32 characters.")
    if relaxed and "SESSION_COOKIE_SECURE" not in explicit:
        # Demo and debug run over plain http on loopback, where Secure cookies never return.
        config["SESSION_COOKIE_SECURE"] = False
        config["REMEMBER_COOKIE_SECURE"] = False
