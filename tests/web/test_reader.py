"""The reading path: dashboard, module and section pages, mark as read, progress, continue."""
from __future__ import annotations

from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import ReadingPosition, SectionRead


def login_learner(auth, users, name="mei"):
    user = users("learner", username=name)
    auth.login(name)
    return user


def test_dashboard_lists_modules_in_order_with_progress(client, auth, users):
    login_learner(auth, users)
    page = client.get("/").get_data(as_text=True)
    assert page.index("基础") < page.index("进阶")
    assert page.count('<progress class="progress"') == 3  # course + two modules
    assert 'value="0"' in page


def test_section_page_has_toc_navigation_and_sanitized_content(client, auth, users):
    login_learner(auth, users)
    page = client.get("/learn/basics/definition").get_data(as_text=True)
    assert 'aria-current="page"' in page and 'href="/learn/basics/funnel"' in page  # toc and next
    assert 'rel="next"' in page and 'rel="prev"' not in page
    assert "<strong>定义</strong>" in page
    funnel = client.get("/learn/basics/funnel").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in funnel and 'rel="prev"' in funnel


def test_mark_as_read_records_once_and_moves_on(client, auth, users):
    user = login_learner(auth, users)
    response = client.post("/learn/basics/definition/read", data={"go_next": "1"})
    assert response.headers["Location"] == "/learn/basics/funnel"
    client.post("/learn/basics/definition/read", data={"stay": "1"})  # a double click
    count = db.session.scalar(select(func.count()).select_from(SectionRead).where(SectionRead.user_id == user.id))
    assert count == 1
    page = client.get("/").get_data(as_text=True)
    assert 'value="50"' in page  # basics: 1 of 2 sections
    assert 'value="25"' in page  # course: 1 of 4 sections


def test_mark_unread_undoes(client, auth, users):
    user = login_learner(auth, users)
    client.post("/learn/basics/definition/read", data={"stay": "1"})
    client.post("/learn/basics/definition/read", data={"undo": "1"})
    assert db.session.scalar(select(func.count()).select_from(SectionRead).where(SectionRead.user_id == user.id)) == 0


def test_last_section_of_a_module_leads_back_to_the_module(client, auth, users):
    login_learner(auth, users)
    assert client.post("/learn/basics/funnel/read", data={"go_next": "1"}).headers["Location"] == "/learn/basics/"


def test_continue_goes_to_the_first_unread_section_not_the_last_page_visited(client, auth, users):
    user = login_learner(auth, users)
    client.post("/learn/basics/definition/read", data={"stay": "1"})
    client.get("/learn/next/last")
    assert db.session.get(ReadingPosition, user.id).section_id == "last"
    page = client.get("/").get_data(as_text=True)
    assert 'href="/learn/basics/funnel"' in page.split('class="hero__action"')[1].split("</div>")[0]


def test_progress_is_per_learner(client, auth, users):
    login_learner(auth, users, "mei")
    client.post("/learn/basics/definition/read", data={"stay": "1"})
    auth.logout()
    login_learner(auth, users, "lei")
    assert 'value="0"' in client.get("/").get_data(as_text=True)
    assert 'value="25"' not in client.get("/").get_data(as_text=True)


def test_marking_an_unknown_section_is_404(client, auth, users):
    login_learner(auth, users)
    assert client.post("/learn/basics/nothing/read", data={"stay": "1"}).status_code == 404


def test_module_page_shows_objectives_and_sections(client, auth, users):
    login_learner(auth, users)
    page = client.get("/learn/basics/").get_data(as_text=True)
    assert "说明漏斗" in page and 'href="/learn/basics/definition"' in page and "导言段落" in page


def test_glossary_page_and_search(client, auth, users):
    login_learner(auth, users)
    page = client.get("/glossary").get_data(as_text=True)
    assert "销售漏斗" in page and "Sales funnel" in page and 'href="/learn/basics/funnel"' in page
    assert "销售漏斗" not in client.get("/glossary?q=nothing-like-this").get_data(as_text=True)


def test_surveys_and_assigned_work_read_progress_themselves_when_not_given(app, users):
    """The dashboard passes the learner's progress; other callers may leave it out and get the same answer."""
    from courseware.evaluation import reaction
    from courseware.quizzes import assignments
    from courseware.reading.progress import reading_progress

    learner = users("learner")
    catalog = app.extensions["catalog"]
    given = reading_progress(catalog, learner.id)
    assert reaction.pending(catalog, learner) == reaction.pending(catalog, learner, given)
    assert assignments.learner_work(catalog, learner) == assignments.learner_work(catalog, learner, progress=given)
