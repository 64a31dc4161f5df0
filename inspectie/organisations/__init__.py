"""Organisations: COA, municipalities, Nidos, the inspectorate."""
