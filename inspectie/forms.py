"""Small helpers shared by the forms of every feature."""

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from wtforms import SelectChoice  # type: ignore[attr-defined]  # new in 3.3; stubs lag


def choices(
    options: Mapping[str, str] | Iterable[tuple[object, str]], blank: str | None = None
) -> list[SelectChoice]:
    """Select options from a vocabulary (code -> label) or (value, label) pairs.

    :param blank: the label of an empty first option ("all", "choose one"), if wanted.
    """
    pairs = options.items() if isinstance(options, Mapping) else options
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(str(value), label) for value, label in pairs]


def optional_id(value: str | None) -> int | None:
    """The id chosen in a validated select of ids, or None for its blank "all" option."""
    return int(value) if value else None


class Form(FlaskForm):
    """The base of every form: WTForms' own messages ("Not a valid choice") in Dutch."""

    class Meta:
        locales = ("nl",)
