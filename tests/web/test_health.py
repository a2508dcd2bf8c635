"""GET /healthz: database status and what the catalog loaded."""


def test_healthz_reports_database_and_catalog(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "modules": 2, "sections": 4, "quizzes": 3, "scenarios": 1}
