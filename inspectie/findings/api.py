"""Routes of findings_api (under /api/v1/findings)."""

from flask import Blueprint

bp = Blueprint("findings_api", __name__, url_prefix="/api/v1/findings")
