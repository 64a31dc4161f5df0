"""What inspections announce to the features that build on them.

Features further down the line (reports) listen, so inspections never import them.
"""

from blinker import Namespace

_signals = Namespace()

# Sent by review.finalise with the inspection (sender) once it is final and flushed, inside the
# same transaction: a receiver's writes are committed, or rolled back, with the finalisation.
# ``answers``: its answers in checklist order, already loaded, so receivers need not read them.
finalised = _signals.signal("inspection-finalised")
