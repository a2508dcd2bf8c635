"""No input gives a 5xx: Hypothesis drives every rule of the URL map, with every method, as each role (anonymous,
learner, trainer, hr, admin), with generated path values, query strings and form fields (huge and unicode digits,
empty, NUL, long strings, wrong types, dates out of range, and real ids and catalog ids). Rules come from
`app.url_map`, so a new route is covered without editing this test; a URL part whose converter has no strategy
fails the test. The seed is fixed (derandomize). It runs on SQLite and PostgreSQL like every database test, about
1,800 requests each. At load 5 on 2 cores both took 180 s with the explicit requests as Hypothesis @example, and
77 s with them sent directly (docs/test-speed.md)."""
from __future__ import annotations

import re
import traceback
from pathlib import Path
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import BaseConverter, PathConverter, UnicodeConverter
from wtforms.fields.core import UnboundField

from courseware.core.inputs import BoundedIntConverter
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Attempt,
    Cohort,
    FollowUp,
    ScenarioRun,
    User,
    cohort_trainers,
)
from tests.factories import PASSWORD

# The PostgreSQL half is test_fuzz_routes_postgresql.py: two files, so two workers run the halves at once.
pytestmark = pytest.mark.only_database("sqlite")

ROLES = {"anonymous": None, "learner": "owner", "trainer": "trainer", "hr": "hr", "admin": "admin"}
ROOT = Path(__file__).resolve().parents[3] / "courseware"
EXAMPLES = 2  # generated examples per rule x method x role (about 370 of those), after three explicit ones

ODD = ["", "0", "-1", "1", "²", "٣", "1" * 5000, str(2**31), str(2**63 + 1), "1e308", "NaN", "inf", "1.5", "\x00",
       "a\x00b", "\x01\x7f", "x" * 6000, "名" * 150, "<script>", "../..", "0001-01-01", "9999-12-31", "0001-01-01T00:00",
       "2026-09-01", "2026-13-45", "y", "true", "[]", "{}", " ", "\r\n\t"]


def _wild(pool: list[str]) -> st.SearchStrategy[str]:
    """Any value a client could send: odd ones, real ids, short random text, numbers of every size."""
    return st.one_of(st.sampled_from(ODD), st.sampled_from(pool), st.text(max_size=12),
                     st.integers(min_value=-(2**70), max_value=2**70).map(str))


def path_strategies(pools: dict[str, list[str]]) -> dict[type[BaseConverter], st.SearchStrategy[str]]:
    """One strategy per URL converter type; a rule using any other converter fails the completeness check."""
    ints = st.one_of(st.sampled_from(pools["ids"]), st.sampled_from(["0", "²", "٣", str(2**31), str(2**63 + 1),
                                                                      "1" * 5000, "-1", ""]),
                     st.integers(min_value=0, max_value=2**70).map(str))
    text = st.one_of(st.sampled_from(pools["names"]), st.sampled_from(ODD), st.text(max_size=20))
    return {BoundedIntConverter: ints, UnicodeConverter: text, PathConverter: text}


def form_field_names() -> list[str]:
    """The fields of every form, and every name a view reads from request.form/args by hand."""
    names: set[str] = set()
    stack = list(FlaskForm.__subclasses__())
    while stack:
        form = stack.pop()
        stack += form.__subclasses__()
        names |= {n for klass in form.__mro__ for n, v in vars(klass).items() if isinstance(v, UnboundField)}
    read = re.compile(r"request\.(?:form|args)\.get(?:list)?\(\s*f?[\"']([^\"']+)[\"']")
    for source in ROOT.rglob("*.py"):
        names |= {re.sub(r"\{[^}]*\}", "0", n) for n in read.findall(source.read_text(encoding="utf-8"))}
    return sorted(names | {"q0", "q0-a", "q1", "item-relevance", "rating-communication", "rating-sales-process",
                           "c0-specific", "c0-due_on", "status-1", "note-1", "csrf_token"})


def _pools(app) -> dict[str, list[str]]:
    ids = set()
    for model in (User, Cohort, Attempt, ScenarioRun, FollowUp, Assignment):
        ids |= set(db.session.scalars(select(model.id)))
    catalog = app.extensions["catalog"]
    names = [m.id for m in catalog.modules] + [s.id for m in catalog.modules for s in m.sections]
    names += list(catalog.quizzes) + list(catalog.scenarios) + ["funnel.en.svg", "css/site.css"]
    return {"ids": sorted(str(i) for i in ids), "names": names}


def _snapshot():
    users = [dict(row._mapping) for row in db.session.execute(select(User.__table__))]
    links = [dict(row._mapping) for row in db.session.execute(select(cohort_trainers))]
    return users, links


def _restore(snapshot) -> None:
    """Put the actors back as they were (an admin request may have reset, demoted or deactivated one)."""
    users, links = snapshot
    table = User.__table__
    for row in users:
        db.session.execute(table.update().where(table.c.id == row["id"]).values(**row))
    db.session.execute(cohort_trainers.delete())
    db.session.execute(cohort_trainers.insert(), links)
    db.session.commit()


def _client(app, role: str):
    client = app.test_client()
    if ROLES[role]:
        response = client.post("/login", data={"username": ROLES[role], "password": PASSWORD})
        assert response.status_code == 302, f"{role} cannot log in"
    return client


def test_every_rule_has_a_strategy(app):
    strategies = path_strategies({"ids": ["1"], "names": ["x"]})
    missing = [f"{rule.rule} <{name}>: {type(conv).__name__}" for rule in app.url_map.iter_rules()
               for name, conv in rule._converters.items() if type(conv) not in strategies]
    assert not missing, f"URL parts without a strategy (add one to path_strategies): {missing}"


def _valid_values(rule, world, pools, cache: dict) -> dict[str, str]:
    """Path values that name real records, from the world of tests/routes.py (made once per argument)."""
    values = {}
    for name in rule.arguments:
        provider = world.get(name)
        if isinstance(provider, dict):
            fallback = provider.get(None) or world["open_attempt" if name == "attempt_id" else "open_run"]
            provider = provider.get(rule.endpoint, fallback)
        if provider is None:  # an argument the world does not know: any real id or catalog id
            provider = (lambda: pools["ids"][0]) if name.endswith("_id") else (lambda: pools["names"][0])
        if (name, provider) not in cache:
            cache[name, provider] = str(provider())
        values[name] = cache[name, provider]
    if rule.endpoint == "static":
        values["filename"] = "css/site.css"
    return values


def _nasty(number: str, method: str) -> dict:
    """The values of the issue in every number and text field views read by hand."""
    fields = {"page": number, "goto": number, "step": number, "rows": number, "back": number, "cohort": number,
              "cohorts": number, "learner": number, "recommend": number, "item-relevance": number,
              "rating-sales-process": number, "q0-top": number, "q1-top": number, "q2-top": number, "node": "\x00",
              "name": "a\x00b", "display_name": "\x00", "due_at": "0001-01-01T00:00", "comments": "x" * 6000,
              "username": "a\x00", "q": "\x00", "start": "0001-01-01", "end": "9999-12-31"}
    return {"query": fields, "form": fields if method == "POST" else None}


def _explicit(rule, method: str, valid: dict[str, str]) -> list[tuple[dict, dict, dict | None]]:
    """The requests every rule x method x role gets first: huge ids, then real ids with '²' and 5,000 digits. They
    are sent directly, not through Hypothesis: as @example they cost more in Hypothesis's bookkeeping (a printed
    form of each 6,000-character value) than in the request."""
    huge = {name: str(2**63 + 1) if type(conv) is BoundedIntConverter else "²" for name, conv in rule._converters.items()}
    return [(values, *_nasty(number, method).values())
            for values, number in ((huge, "²"), (valid, "1" * 5000), (valid, "²"))]


def test_no_input_gives_a_5xx(app, world):
    """Every rule x method x role: generated path values, query string and form; never a 5xx."""
    combos = [(rule, method) for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
              for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    world["open_attempt"](), world["open_run"]()
    pools = _pools(app)
    paths = path_strategies(pools)
    value = st.one_of(_wild(pools["ids"]), st.lists(_wild(pools["ids"]), max_size=3))
    # Any subset of the known names, plus a few random ones. Drawn as a dictionary keyed by the names (about five a
    # request): a fixed dictionary with each of the 150 names optional made Hypothesis draw every name's presence
    # and about 75 values a request, 40% of the test's time (docs/test-speed.md).
    fields = st.builds(lambda known, other: {**known, **other},
                       st.dictionaries(st.sampled_from(form_field_names()), value, max_size=40),
                       st.dictionaries(st.text(min_size=1, max_size=10), value, max_size=3))
    snapshot = _snapshot()
    clients = {role: _client(app, role) for role in ROLES}
    failures: list[str] = []
    sent = []

    def send(rule, method: str, role: str, values: dict, query: dict, form: dict | None) -> None:
        path = rule.rule
        for name, conv in rule._converters.items():
            safe = "/" if type(conv) is PathConverter else ""
            value = quote(values[name], safe=safe)
            path = re.sub(rf"<(?:[^:>]+:)?{name}>", lambda _m, value=value: value, path)
        sent.append(path)
        try:
            with clients[role].open(path, method=method, query_string=query, data=form) as response:
                status, detail = response.status_code, ""
        except Exception:  # noqa: BLE001 (TESTING propagates a view's exception instead of answering 500)
            status, detail = 500, traceback.format_exc(limit=-3)
            db.session.rollback()
        if status >= 500:
            failures.append(f"{status} {method} {path[:120]} as {role}: query={str(query)[:200]} form={str(form)[:200]}\n{detail}")

    cache: dict = {}
    for rule, method in combos:
        valid = _valid_values(rule, world, pools, cache)
        strategy = {"values": st.fixed_dictionaries({n: st.one_of(st.just(valid[n]), paths[type(c)])
                                                     for n, c in rule._converters.items()}),
                    "query": fields, "form": fields if method == "POST" else st.none()}
        for role in ROLES:
            # No shrinking: the failure list already names the request; shrinking would take minutes.
            @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(**strategy)
            def one(values, query, form):
                send(rule, method, role, values, query, form)  # noqa: B023 (called at once, in this iteration)

            for values, query, form in _explicit(rule, method, valid):
                send(rule, method, role, values, query, form)
            one()
            if rule.endpoint in ("auth.logout", "auth.change_password") and role != "anonymous":
                clients[role] = _client(app, role)  # logged out (or a new password): log in again
        if method == "POST" and _snapshot() != snapshot:
            _restore(snapshot)  # an admin request reset, demoted or deactivated an actor: undo it, log in again
            clients = {role: _client(app, role) for role in ROLES}
    assert len(sent) >= len(combos) * len(ROLES) * 4  # the explicit example and generated ones, for each
    assert not failures, f"{len(failures)} request(s) answered 5xx:\n" + "\n".join(failures[:10])
