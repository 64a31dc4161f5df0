"""Routes of plans (under /verbeterplannen)."""

from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/verbeterplannen")
