"""Routes of supervision (under /toezicht)."""

from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/toezicht")
