from lilya.testclient import TestClient

from docs_src.first_app import app


def test_home() -> None:
    with TestClient(app) as client:
        response = client.get("/")
        assert response.status_code == 200
        assert response.json() == {"message": "Hello, Lilya"}


def test_greet() -> None:
    with TestClient(app) as client:
        assert client.get("/greet/Ada").json() == {"message": "Hello, Ada"}
