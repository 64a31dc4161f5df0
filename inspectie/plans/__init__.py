"""Improvement plans: an organisation's goals and actions in answer to findings."""
