"""Supervision levels (toezichtsniveau): regulier, verdiepend, intensief, with their history."""
