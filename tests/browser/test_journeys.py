"""One journey per role, in both languages, in a real Chromium against a real server."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
LANGS = ["zh-Hans", "en"]


def answer_everything(page, scope: str = "#quiz-form") -> None:
    """Answer each question on the page in some way, whatever its type."""
    for section in page.locator(f"{scope} section.question").all():
        radios, boxes, selects, texts = (section.locator(s) for s in
                                         ("input[type=radio]", "input[type=checkbox]", "select", "input[type=text]"))
        if radios.count():
            radios.first.check()
        if boxes.count():
            boxes.first.check()
        for n in range(selects.count()):
            selects.nth(n).select_option(index=1 + n % max(1, selects.nth(n).locator("option").count() - 1))
        for n in range(texts.count()):
            texts.nth(n).fill("50" if texts.nth(n).get_attribute("inputmode") == "decimal" else "SMART")


@pytest.mark.parametrize("lang", LANGS)
def test_new_hire(journey, lang):
    page = journey.page
    journey.login("learner")
    journey.language(lang)
    journey.check()
    # Read a section and mark it read.
    journey.visit("/learn/basics/")
    journey.visit("/learn/basics/definition")
    page.click("form.read-actions [name=go_next]")
    page.wait_for_url("**/learn/basics/funnel")
    journey.check()
    # The module's last section ends with its post-test and the next module.
    assert page.locator(".module-end a[href='/quizzes/basics-check']").count() == 1
    assert page.locator(".module-end a[href='/learn/next/']").count() == 1
    # The pre-test: one question a page.
    journey.visit("/quizzes/basics-pretest")
    page.click("main form input[name=submit]")
    page.wait_for_url("**/attempts/*")
    journey.check()
    for _ in range(3):
        answer_everything(page)
        if page.locator("#quiz-form [name=next]").count():
            page.click("#quiz-form [name=next]")
        else:
            page.click("#quiz-form [name=finish]")
            break
    page.wait_for_url("**/summary")
    journey.check()
    page.click("main form input[name=submit]")
    page.wait_for_url("**/review")
    journey.check()
    # The module quiz, every question type on one page; the connection drops and comes back.
    journey.visit("/quizzes/basics-check")
    page.click("main form input[name=submit]")
    page.wait_for_url("**/attempts/*")
    journey.check()
    assert page.locator("#quiz-form section.question").count() == 7
    answer_everything(page)
    # Autosave: any save sent from now on carries every answer (the script posts the whole form). One more change
    # event restarts the script's 600 ms timer; wait for that save's request and its answer, then for the status.
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/save")) as sent:
        page.locator("#quiz-form input[type=radio]:checked").first.dispatch_event("change")
    assert sent.value.response().ok
    status = page.locator("[data-save-status]")
    saved_text = page.locator("#quiz-form").get_attribute("data-saved-text")
    expect(status).to_have_text(re.compile("^" + re.escape(saved_text)))
    saved = page.locator("#quiz-form input[type=radio]:checked").count()
    page.context.set_offline(True)
    page.locator("#quiz-form input[type=checkbox]").nth(1).check()
    failed_text = page.locator("#quiz-form").get_attribute("data-failed-text")
    expect(status).to_have_text(failed_text)  # the save after this change fails: the page says so
    page.context.set_offline(False)
    page.reload()  # back online: the attempt resumes with what was saved
    assert page.locator("#quiz-form input[type=radio]:checked").count() == saved
    page.click("#quiz-form [name=finish]")
    page.click("main form input[name=submit]")
    page.wait_for_url("**/review")
    journey.check()
    assert page.locator(".score").inner_text().strip() != ""
    # A scenario to its debrief.
    journey.visit("/roleplays")
    journey.visit("/roleplays/practice-call")
    page.click("main form button[type=submit], main form input[type=submit]")
    page.wait_for_url("**/runs/*")
    journey.check()
    while page.locator("button.reply").count():
        page.locator("button.reply").first.click()
        page.wait_for_load_state()
    page.wait_for_url(re.compile(r"/debrief"))
    journey.check()
    # The reaction survey of the module.
    journey.visit("/learn/basics/survey")
    for item in ("relevance", "clarity", "material", "trainer", "confidence"):
        page.check(f"input[name=item-{item}][value='4']")
    page.check("input[name=recommend][value='8']")
    page.click("main form button[type=submit]")
    page.wait_for_url(journey.url("/"))
    # The action plan.
    journey.visit("/action-plan")
    due = (date.today() + timedelta(days=45)).isoformat()
    for n in range(3):
        page.fill(f"#c{n}-specific", f"Classify my accounts A/B/C, region {n + 1}")
        page.fill(f"#c{n}-measure", f"{20 + n} accounts classified")
        page.check(f"input[name=c{n}-achievable]")
        page.select_option(f"#c{n}-items", "1.1")
        page.fill(f"#c{n}-due_on", due)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/action-plan")
    journey.check()
    assert page.locator("a[href^='/follow-ups/']").count() == 3


@pytest.mark.parametrize("lang", LANGS)
def test_trainer(journey, browser, lang):
    page = journey.page
    journey.login("trainer")
    assert page.url == journey.url("/teach/home")  # the trainer lands on their home
    journey.language(lang)
    journey.check()
    journey.visit("/teach/")
    page.locator("a[href^='/teach/cohorts/']:has-text('Spring')").first.click()
    page.wait_for_load_state()
    journey.check()
    page.select_option("#target", "quiz:basics-due")
    page.fill("#due_at", (date.today() + timedelta(days=7)).strftime("%Y-%m-%dT17:00"))
    page.click("form[action$='/assignments'] input[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1
    cohort_url = page.url
    # The learner sees it on the dashboard.
    learner = browser.new_context().new_page()
    learner.goto(journey.url("/login"))
    learner.fill("#username", "learner01")
    learner.fill("#password", "sales-demo")
    learner.click("main input[type=submit]")
    assert learner.locator("a[href='/quizzes/basics-due']").count() == 1
    learner.context.close()
    # Gradebook and item statistics.
    journey.visit(cohort_url.replace(journey.base, "") + "/gradebook")
    page.locator("table.gradebook thead a").first.click()
    page.wait_for_load_state()
    journey.check()
    # An observation of a role play.
    journey.visit("/teach/observations/new")
    page.select_option("#learner", index=1)
    page.select_option("#scenario", "practice-call")
    for competency in ("communication", "learning", "action"):
        page.check(f"input[name=rating-{competency}][value='4']")
    page.fill("#comments", "Asked good questions.")
    page.click("main form input[type=submit]")
    page.wait_for_url("**/competencies")
    journey.check()
    # A follow-up due, from the trainer's home: the behavior checklist.
    journey.visit("/")
    assert page.url == journey.url("/teach/home")
    page.locator("#follow-ups a[href^='/follow-ups/']").first.click()
    page.wait_for_load_state()
    journey.check()
    for row in page.locator("input[name^=rating-][value='4']").all():
        row.check()
    page.click("form:has(input[name=part][value=observe]) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_hr(journey, tmp_path, lang):
    page = journey.page
    journey.login("hr")
    assert page.url == journey.url("/reports/home")  # HR lands on their home: a tile per cohort
    journey.language(lang)
    journey.check()
    assert page.locator(".hr-tiles .cohort-card").count() >= 1
    journey.visit("/reports/kpis")
    bad = tmp_path / "bad.csv"
    bad.write_text("username,month,kpi,value\nlearner01,2026-13,revenue,1\nnobody,2026-01,profit,x\n", encoding="utf-8")
    page.set_input_files("#file", str(bad))
    page.click("main form input[type=submit]")
    page.wait_for_load_state()
    journey.check()
    problems = page.locator(".problems li").all_inner_texts()
    month = {"en": "bad.csv:2: month '2026-13' must be YYYY-MM", "zh-Hans": "bad.csv:2: 月份“2026-13”须为 YYYY-MM 格式"}[lang]
    assert any(month in p for p in problems) and len(problems) >= 3
    good = tmp_path / "good.csv"
    good.write_text("username,month,kpi,value\nlearner01,2026-10,revenue,500000\n", encoding="utf-8")
    page.set_input_files("#file", str(good))
    page.click("main form input[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1
    journey.visit("/reports/effectiveness")
    assert page.locator("svg.chart").count() >= 1
    with page.expect_download() as download:
        page.click("a[href^='/reports/effectiveness.csv']")
    content = Path(download.value.path()).read_text(encoding="utf-8")
    header = "班级,层级,层级名称,模块或 KPI（代码）" if lang == "zh-Hans" else "Cohort,Level,Level name,Module or KPI (code)"
    assert content.startswith("\ufeff" + header) and ",pretest_average," in content  # the page's language, codes kept
    with page.expect_download() as download:
        page.click("a[href^='/reports/effectiveness.xlsx']")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))  # saved without its extension
    assert book.sheetnames[1:] == (["反应层", "学习层", "行为层", "结果层"] if lang == "zh-Hans" else
                                   ["Reaction", "Learning", "Behavior", "Results"])
    assert book.worksheets[2]["A1"].value == ("班级" if lang == "zh-Hans" else "Cohort")


@pytest.mark.parametrize("lang", LANGS)
def test_admin(journey, tmp_path, lang):
    page = journey.page
    journey.login("admin")
    assert page.url == journey.url("/admin/home")  # the admin lands on users, imports and health
    journey.language(lang)
    journey.check()
    assert page.locator("#health-database .badge--success").count() == 1
    assert page.locator("#health-reminders .badge--success").count() == 1  # no failed reminder in the demo
    journey.visit("/admin/users")
    journey.visit("/admin/reminders")
    journey.visit("/account/reminders")
    journey.visit("/admin/users/import")
    intake = tmp_path / "intake.csv"
    intake.write_text("username,display_name,email,role,cohort\nnew1,新人一,n1@example.com,learner,\n"
                      "new2,新人二,n2@example.com,learner,\n", encoding="utf-8")
    page.set_input_files("#file", str(intake))
    page.click("main form input[type=submit]")
    page.wait_for_load_state()
    journey.check()
    password = page.locator("td:has-text('new2') + td code").inner_text()
    journey.visit("/admin/users?q=new2")
    page.click("a:text('new2')")
    page.wait_for_load_state()
    journey.check()
    page.uncheck("#active")
    page.click("form:has(#active) input[type=submit]")
    page.wait_for_load_state()
    journey.check()  # the page that asks before deactivating; nothing is saved yet
    page.click("main form button.button--primary")
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1
    journey.logout()
    journey.login("new2", password)
    assert page.url.endswith("/login") and page.locator(".flash--error").count() == 1


def test_quiz_and_scenario_with_the_keyboard_alone(journey):
    """Tab to each control and use Space and Enter only."""
    page = journey.page
    journey.login("learner")

    def tab_to(selector: str, limit: int = 80) -> None:
        page.wait_for_load_state()
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"could not reach {selector} with Tab")

    journey.visit("/quizzes/basics-pretest")
    tab_to("main form input[name=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/*")
    for _ in range(2):
        tab_to("#quiz-form input[type=radio], #quiz-form input[type=checkbox]")
        page.keyboard.press("Space")
        tab_to("#quiz-form [name=next], #quiz-form [name=finish]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.wait_for_url("**/summary")
    tab_to("main form input[name=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review")
    journey.visit("/roleplays/practice-call")
    tab_to("main form button[type=submit], main form input[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/runs/*")
    for _ in range(10):
        page.wait_for_load_state()
        if "/debrief" in page.url:
            break
        tab_to("button.reply")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.locator("h1").count() == 1
