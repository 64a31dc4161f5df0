"""Routes of plans_api (under /api/v1/plans)."""

from flask import Blueprint

bp = Blueprint("plans_api", __name__, url_prefix="/api/v1/plans")
