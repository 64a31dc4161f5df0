"""Ids far beyond the integer range answer 404, on both databases, never 500."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/locaties/99999999999999999999",
        "/api/v1/locations/99999999999999999999",
        "/inspecties/99999999999999999999",
        "/api/v1/inspections/99999999999999999999",
        "/beheer/gebruikers/99999999999999999999",
    ],
)
def test_huge_ids_are_not_found(client, login_as, path):
    login_as("beheerder")
    assert client.get(path).status_code == 404
