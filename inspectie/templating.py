"""Jinja globals and filters shared by every template."""

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request

from inspectie import vocab
from inspectie.checklists.spec import JUDGMENTS, SEVERITIES
from inspectie.db import AMSTERDAM

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def nl_date(value: date | datetime | None) -> str:
    """``3 juli 2026``; datetimes are shown in Dutch time with hours and minutes."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        local = value.astimezone(AMSTERDAM)
        return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H:%M}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def url_with(**changes: Any) -> str:
    """The current query string with some parameters changed (for paging and filters)."""
    args = {k: v for k, v in request.args.items() if k not in changes}
    args.update({k: v for k, v in changes.items() if v not in (None, "")})
    return f"{request.path}?{urlencode(args)}" if args else request.path


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        vocab=vocab,
        vocab_severity=SEVERITIES,
        vocab_judgments=JUDGMENTS,
        url_with=url_with,
    )
    app.jinja_env.filters["nl_date"] = nl_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
