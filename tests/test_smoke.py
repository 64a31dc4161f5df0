def test_login_and_home(client, make_user, auth):
    user = make_user("coordinator")
    response = auth.login(user)
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert user.name in page.get_data(as_text=True)


def test_locations_pages(client, login_as, make_location):
    login_as("coordinator")
    location = make_location(name="azc Proef")
    assert "azc Proef" in client.get("/locaties/").get_data(as_text=True)
    assert client.get(f"/locaties/{location.id}").status_code == 200
    assert client.get(f"/locaties/{location.id}/bewerken").status_code == 200
    assert client.get("/locaties/nieuw").status_code == 200
    assert client.get("/locaties/importeren").status_code == 200
    assert client.get("/api/v1/locations").json["total"] == 1
