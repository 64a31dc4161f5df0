"""Findings: deviations that the responsible organisation must repair."""
