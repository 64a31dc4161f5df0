"""The rules an answer must meet before the inspection can be submitted.

Autosave stores whatever the inspector typed; these rules are shown beside the item at once and
enforced at submission. Pure functions: the item's demands come in as plain values.
"""

from dataclasses import dataclass

from inspectie.checklists.spec import JUDGMENTS
from inspectie.inspections.vocab import NEEDS_REASON

MAX_TEXT = 10_000


@dataclass(frozen=True)
class Demands:
    """What an item demands of an answer (from the checklist)."""

    observation_required_for: tuple[str, ...]
    evidence_required_for: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """Something missing in an answer: the part at fault, and what to do, in Dutch."""

    field: str  # judgment, observation, reason or evidence
    text: str


def answer_problems(
    demands: Demands, judgment: str | None, observation: str, reason: str, evidence: int
) -> list[Problem]:
    """What is still missing or wrong in an answer; empty when it is complete."""
    if judgment is None:
        return [Problem("judgment", "Nog geen oordeel.")]
    problems = []
    label = JUDGMENTS[judgment].lower()
    if judgment in demands.observation_required_for and not observation.strip():
        problems.append(
            Problem("observation", f"Bij '{label}' hoort een waarneming: beschrijf wat u zag.")
        )
    if judgment in NEEDS_REASON and not reason.strip():
        problems.append(Problem("reason", f"Bij '{label}' hoort een reden."))
    if judgment in demands.evidence_required_for and evidence == 0:
        problems.append(
            Problem("evidence", f"Bij '{label}' hoort bewijs: voeg een foto of document toe.")
        )
    return problems


def input_problem(judgment: str | None, observation: str, reason: str) -> str | None:
    """Input that cannot be stored at all (autosave refuses it with 422)."""
    if judgment is not None and judgment not in JUDGMENTS:
        return f"Onbekend oordeel {judgment!r}; kies uit {', '.join(JUDGMENTS)}."
    for name, text in (("waarneming", observation), ("reden", reason)):
        if len(text) > MAX_TEXT:
            return f"De {name} is te lang ({len(text)} tekens; hoogstens {MAX_TEXT})."
        if "\x00" in text:
            return f"De {name} bevat een ongeldig teken (NUL)."
    return None
