"""Every route x every actor x its methods, with the expected outcome written down per route (MATRIX in
tests/routes.py).

A route added without an entry there fails the test. Object ids are tried across owners: the owner's
attempt, run, follow-up, tracker and profile are requested by another learner and by a trainer of
another cohort."""
from __future__ import annotations

from tests.routes import ACTORS, MATRIX, PUBLIC, url_for_rule


def test_every_route_has_an_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(MATRIX), f"missing: {endpoints - set(MATRIX)}; stale: {set(MATRIX) - endpoints}"
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
        assert methods == set(MATRIX[rule.endpoint]), rule.endpoint


LOGS_OUT = ("auth.logout", "auth.logout_everywhere")  # they end the actor's session: it logs in again after


def test_the_matrix(app, world):
    clients = {}
    for actor in ACTORS:
        clients[actor] = app.test_client()
        assert clients[actor].post("/login", data={"username": actor, "password": "correct-horse"}).status_code == 302
    clients["anonymous"] = app.test_client()
    failures = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        for method, allowed in MATRIX[rule.endpoint].items():
            for actor in ("anonymous", *ACTORS):
                url = url_for_rule(rule, world)
                client = clients[actor]
                response = client.open(url, method=method, data=world["post_data"].get(rule.endpoint, {}))
                status = response.status_code
                response.close()
                location = response.headers.get("Location", "")
                if actor == "anonymous":
                    ok = (allowed == PUBLIC and status not in (401, 403, 404)) or \
                         (allowed != PUBLIC and status == 302 and "/login" in location)
                elif allowed == PUBLIC or actor in allowed:
                    ok = status not in (403, 404) and ("/login" not in location or rule.endpoint in LOGS_OUT)
                else:
                    ok = status in (403, 404)
                if not ok:
                    failures.append(f"{method} {url} as {actor}: {status} {location}")
                if rule.endpoint in LOGS_OUT and actor != "anonymous":
                    client.post("/login", data={"username": actor, "password": "correct-horse"})
    assert failures == [], "\n".join(failures)
