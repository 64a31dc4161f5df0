"""Routes of findings (under /bevindingen)."""

from flask import Blueprint

bp = Blueprint("findings", __name__, url_prefix="/bevindingen")
