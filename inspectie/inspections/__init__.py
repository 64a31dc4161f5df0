"""On-site inspections: planning, carrying out with autosave, four-eyes review, finalising."""
