"""Checklists (normenkaders) as versioned legal data: format, loader, import, diff, screens."""
