"""Input limits, one test per case of issue 10 item 4: huge and unicode-digit ids and numbers, a year-1 due date, a CSV
cell over the reader's limit, odd upload names, bodies over the size limits, and names and free text over their
lengths or with control characters. Each gives a clear answer, never a 500."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from courseware.catalog.questions import question_type
from courseware.catalog.questions.base import InvalidAnswer
from courseware.core.inputs import MAX_ID, parse_int
from courseware.extensions import db
from courseware.models import Assignment, Attempt, Cohort, ReactionSurvey, User

HUGE = ("9223372036854775809", str(MAX_ID + 1), "²", "٣", "1" * 5000)
USERS_HEADER = "username,display_name,email,role,cohort\n"
SURVEY = {**{f"item-{i}": "4" for i in ("relevance", "clarity", "material", "trainer", "confidence")}, "recommend": "8"}


def login(app, username: str):
    client = app.test_client()
    client.post("/language", data={"lang": "en"})  # messages checked in English unless a test switches
    assert client.post("/login", data={"username": username, "password": "correct-horse"}).status_code == 302
    return client


def test_parse_int_takes_ascii_digits_in_range_only():
    assert parse_int("42") == 42 and parse_int(" 7 ") == 7 and parse_int("-3", minimum=-5) == -3
    for value in ("²", "٣", "1" * 5000, str(MAX_ID + 1), "-1", "", "1.5", "0x10", None, 3):
        assert parse_int(value, "default") == "default", value


def test_ids_above_the_column_range_are_404_on_every_int_route(app, world):
    """Every rule with an `<int:...>` part, every method, as an admin: 2**63+1, 2**31, '²' and '٣' are not found."""
    admin = login(app, "admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if type(conv).__name__ == "BoundedIntConverter"]
        if not ints:
            continue
        for bad in HUGE[:4]:
            path = rule.rule
            for name in rule.arguments:
                value = bad if name in ints else "basics"  # the one other part of an int route is a module id
                path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = admin.open(path, method=method)
                assert response.status_code == 404, (method, path, response.status_code)
                checked += 1
    assert checked >= 4 * 15


def test_cohort_filter_ids_above_the_range_are_ignored(app, world):
    hr = login(app, "hr")
    for path in ("/reports/effectiveness", "/reports/effectiveness.csv"):
        for bad in HUGE:
            response = hr.get(path, query_string={"cohorts": [bad, str(world["cohort_id"]())], "page": bad})
            assert response.status_code == 200, (path, bad[:20])


def test_page_goto_and_step_given_as_unicode_digits_or_5000_digits(app, world):
    owner = login(app, "owner")
    attempt_id, run_id = world["open_attempt"](), world["open_run"]()
    for bad in ("²", "1" * 5000, "-1", "9223372036854775809"):
        assert owner.get(f"/attempts/{attempt_id}", query_string={"page": bad}).status_code == 200
        response = owner.post(f"/attempts/{attempt_id}", data={"page": bad, "goto": bad})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/attempts/{attempt_id}?page=0")
        assert owner.post(f"/attempts/{attempt_id}/save", data={"page": bad}).status_code == 200
        assert owner.post(f"/runs/{run_id}/choose", data={"step": bad, "node": "start", "choice": "a"}).status_code == 400
        assert owner.post("/action-plan", data={"rows": bad}).status_code == 400  # the plan's own checks
    paged = int(owner.post("/quizzes/basics-pretest/start").headers["Location"].rsplit("/", 1)[1])  # one question a page
    assert owner.post(f"/attempts/{paged}", data={"page": "0", "goto": "1"}).headers["Location"].endswith("page=1")
    assert owner.post(f"/attempts/{paged}", data={"page": "0", "goto": "²"}).headers["Location"].endswith("page=0")


def test_an_ordering_answer_of_a_unicode_digit_is_refused_not_a_500(app, world):
    ordering = question_type("ordering")
    snap = {"items": [{"id": "a"}, {"id": "b"}], "key": ["a", "b"]}
    for value in ("²", "1" + "0" * 4999):
        with pytest.raises(InvalidAnswer):
            ordering.read_response(snap, {"q0-a": [value], "q0-b": ["1"]}.get, "q0")
    owner = login(app, "owner")
    attempt_id = start_with_ordering(owner)
    attempt = db.session.get(Attempt, attempt_id)
    slot = next(n for n, s in enumerate(attempt.snapshot) if s["type"] == "ordering")
    items = [i["id"] for i in attempt.snapshot[slot]["items"]]
    data = {"page": "0", **{f"q{slot}-{item}": "²" for item in items}}
    assert owner.post(f"/attempts/{attempt_id}", data=data).status_code == 400  # refused beside the question
    data[f"q{slot}-{items[0]}"] = "1" + "0" * 4999
    assert owner.post(f"/attempts/{attempt_id}", data=data).status_code == 400
    assert owner.post(f"/attempts/{attempt_id}/submit").status_code == 302
    assert db.session.get(Attempt, attempt_id).state == "submitted"


def start_with_ordering(client) -> int:
    """basics-check draws all seven questions of the fixture bank, one of them an ordering question."""
    response = client.post("/quizzes/basics-check/start")
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_due_date_in_year_one_is_a_form_error(app, world):
    trainer = login(app, "trainer")
    cohort_id = world["cohort_id"]()
    response = trainer.post(f"/teach/cohorts/{cohort_id}/assignments", follow_redirects=True,
                            data={"target": "quiz:basics-check", "due_at": "0001-01-01T00:00"})
    assert response.status_code == 400  # the page again, with the field's message
    assert "Choose a date between 2000 and 2100." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def _upload(client, path: str, body: bytes, name: str = "k.csv"):
    """POST a file as a browser does; the multipart body is built here, in memory (the test client would spool a
    large one to a temporary file that a 413 leaves unclosed)."""
    head = (f'--b\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    return client.post(path, data=head + body + b"\r\n--b--\r\n", content_type="multipart/form-data; boundary=b")


def test_a_csv_cell_over_131072_characters_is_a_file_line_message(app, world, runner, tmp_path):
    admin, hr = login(app, "admin"), login(app, "hr")
    cell = "x" * 131_073
    response = _upload(admin, "/admin/users/import", f"{USERS_HEADER}a1,甲,a@example.com,learner,\nb1,{cell},,learner,\n"
                       .encode(), "intake.csv")
    assert response.status_code == 400
    assert "intake.csv:3: a value is longer than 131,072 characters" in response.get_data(as_text=True)
    response = _upload(hr, "/reports/kpis", f"username,month,kpi,value\nowner,2026-01,revenue,{cell}\n".encode())
    assert response.status_code == 400 and "k.csv:2: a value is longer than 131,072 characters" in response.get_data(as_text=True)
    path = tmp_path / "big.csv"
    path.write_text(f"{USERS_HEADER}b1,{cell},,learner,\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code != 0 and "big.csv:2: a value is longer than 131,072 characters" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).where(User.username == "a1")) == 0


@pytest.mark.parametrize("name,shown", [(".", "users.csv"), ("..", "users.csv"), ("a" * 296 + ".csv", "a" * 50 + "…"),
                                        ("../../etc/x.csv", "x.csv")])
def test_odd_upload_names_are_imported_and_shown_safely(app, world, name, shown):
    admin = login(app, "admin")
    response = _upload(admin, "/admin/users/import", f"{USERS_HEADER}new1,新人,n@example.com,learner,\nbad,x,b@example.com,king,\n".encode(), name)
    assert response.status_code == 400
    assert f"{shown}" in response.get_data(as_text=True) and ":3: unknown role" in response.get_data(as_text=True)
    response = _upload(admin, "/admin/users/import", f"{USERS_HEADER}new1,新人,n@example.com,learner,\n".encode(), name)
    assert response.status_code == 200 and db.session.scalar(select(User).where(User.username == "new1")) is not None


def test_bodies_over_the_limits_are_413_in_both_languages(app, world, make_extra_app):
    admin = login(app, "admin")
    too_big = b"username,display_name,email,role,cohort\n" + b"\n" * (5 * 1024 * 1024)
    response = _upload(admin, "/admin/users/import", too_big)
    assert response.status_code == 413 and "5 MB" in response.get_data(as_text=True)
    fits = b"username,display_name,email,role,cohort\n" + b"\n" * (1024 * 1024)  # 1 MB: over the form limit, fine here
    assert _upload(admin, "/admin/users/import", fits).status_code == 200
    hr = login(app, "hr")
    assert _upload(hr, "/reports/kpis", b"username,month,kpi,value\n" + b"\n" * (5 * 1024 * 1024)).status_code == 413
    response = admin.post("/admin/cohorts/new", data={"name": "x" * (300 * 1024), "start_date": "2026-09-01"})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "What you sent is too large" in page and "256 KB" in page
    admin.post("/language", data={"lang": "zh-Hans"})
    response = admin.post("/admin/cohorts/new", data={"name": "x" * (300 * 1024), "start_date": "2026-09-01"})
    assert response.status_code == 413 and "发送的内容太大" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 2
    # With CSRF on, the import's limit applies before CSRF reads the form: 1 MB reaches the CSRF check (400), not 413.
    strict = make_extra_app(WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    assert _upload(client, "/admin/users/import", fits).status_code == 400
    assert _upload(client, "/admin/users/import", too_big).status_code == 413


def test_names_and_free_text_have_lengths_and_no_control_characters(app, world):
    admin, owner = login(app, "admin"), login(app, "owner")
    response = admin.post("/admin/users/new", data={"username": "newbie", "display_name": "x" * 101, "role": "learner",
                                                    "cohort": "0"})
    assert response.status_code == 200 and "Use at most 100 characters." in response.get_data(as_text=True)
    response = admin.post("/admin/cohorts/new", data={"name": "C\x00", "start_date": "2026-09-01"})
    assert "Remove the control characters (such as NUL) from this field." in response.get_data(as_text=True)
    assert admin.post("/admin/cohorts/new", data={"name": "  Autumn\t", "start_date": "2026-09-01"}).status_code == 302
    assert db.session.scalar(select(Cohort.name).where(Cohort.name == "Autumn")) == "Autumn"
    response = owner.post("/learn/basics/survey", data={**SURVEY, "comments": "x" * 5001})
    assert response.status_code == 400 and "Use at most 5,000 characters, without control characters." in response.get_data(as_text=True)
    response = owner.post("/learn/basics/survey", data={**SURVEY, "comments": "bad\x00"})
    assert response.status_code == 400 and db.session.scalar(select(func.count()).select_from(ReactionSurvey)) == 0
    assert owner.post("/learn/basics/survey", data={**SURVEY, "comments": "fine\r\n\tline"}).status_code == 302
    visitor = app.test_client()
    visitor.post("/language", data={"lang": "en"})
    response = visitor.post("/login", data={"username": "ad\x00min", "password": "x"})
    assert response.status_code == 400 and "Remove the control characters" in response.get_data(as_text=True)


def test_imports_refuse_long_names_and_control_characters_with_file_and_line(app, world):
    admin, hr = login(app, "admin"), login(app, "hr")
    body = (f"{USERS_HEADER}n1,{'名' * 101},a@example.com,learner,\nn2,Ok\x01,b@example.com,learner,\n"
            f"n3,Ok,c@example.com,learner,{'c' * 101}\n")
    page = _upload(admin, "/admin/users/import", body.encode(), "in.csv").get_data(as_text=True)
    assert "in.csv:2: display_name is longer than 100 characters" in page
    assert "in.csv:3: display_name contains a control character (such as NUL)" in page
    assert "in.csv:4: cohort is longer than 100 characters" in page
    page = _upload(hr, "/reports/kpis", b"username,month,kpi,value\now\x00ner,2026-01,revenue,1\n").get_data(as_text=True)
    assert "k.csv:2: username contains a control character (such as NUL)" in page
    assert db.session.scalar(select(func.count()).select_from(User).where(User.username.like("n_"))) == 0
