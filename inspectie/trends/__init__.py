"""Supervision across regions: deficiency trends of final inspections, kept in a summary.

See docs/trends.md for the definitions (what counts, trend keys, periods) and the summary's
design. ``summary`` keeps the read model, ``queries`` reads it, ``api`` serves it.
"""
