"""The words of inspections: types, statuses and judgments."""

from typing import Final

from inspectie.checklists.spec import DEVIATIONS, JUDGMENTS

INSPECTION_TYPES: Final = {
    "regulier": "Regulier",
    "onaangekondigd": "Onaangekondigd",
    "thematisch": "Thematisch",
    "vervolgonderzoek": "Vervolgonderzoek",
}
STATUSES: Final = {
    "gepland": "Gepland",
    "in_uitvoering": "In uitvoering",
    "ter_review": "Ter review",
    "vastgesteld": "Vastgesteld",
}
# Judgments that need a reason instead of an observation of a deviation.
NEEDS_REASON: Final = ("niet_van_toepassing", "niet_beoordeeld")
__all__ = ["DEVIATIONS", "INSPECTION_TYPES", "JUDGMENTS", "NEEDS_REASON", "STATUSES"]
