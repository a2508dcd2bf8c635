"""The report page, its CSV and its Excel workbook show one computation: every decimal figure on the page is in
the CSV with the same value and n, and every line of the CSV is in the workbook with the same figures (demo data
and seeded random data); demo data says so wherever it is shown."""
from __future__ import annotations

import csv
import html
import io
import random
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from courseware.demo import DEMO_PASSWORD, build_demo
from courseware.evaluation import action_plans, follow_ups, reaction, results
from courseware.evaluation.report.table import COLUMNS
from courseware.extensions import db
from courseware.models import User
from courseware.roleplay import observations
from tests.evalhelpers import commitments, kpis, quiz_result

FIGURE = re.compile(r'<data class="figure" value="([^"]+)" data-n="(\d+)"[^>]*>(.*?)</data>', re.S)
SECTION = re.compile(r'<section class="card report-cohort">\s*<h2>(.*?) (?:<span|\{)(.*?)</section>', re.S)


def csv_rows(body: str) -> list[dict[str, str]]:
    """The CSV's rows by column code (its header row is in the reader's language; its columns keep their order)."""
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows[0]) == len(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def _two(value) -> str:
    return "" if value in (None, "") else f"{round(float(value), 2):.2f}"


def assert_workbook_has_the_csv_lines(content: bytes, body: str) -> int:
    """Every CSV line is a row of its level's sheet with the same names and figures (a percent cell holds the
    fraction: 85.0% is 0.85), and the sheets hold nothing more."""
    book = load_workbook(io.BytesIO(content))
    shown = []
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2"
        for row in sheet.iter_rows(min_row=2):
            cohort, _starts, scope, measure, value, n, basis, low, high, demo = row
            scale = 100 if "%" in value.number_format else 1
            numbers = [_two(c.value * scale) if c.value is not None else "" for c in (value, low, high)]
            assert all(c.data_type == "n" for c in (value, low, high) if c.value is not None)
            shown.append((cohort.value, sheet.title, scope.value or "", measure.value, numbers[0], "" if n.value is None else str(n.value),
                          basis.value or "", numbers[1], numbers[2], demo.value or ""))
    exported = [(r["cohort"], r["level_name"], r["module_or_kpi_name"], r["measure_name"], _two(r["value"]),
                 r["learners"], r["computed_over"], _two(r["ci95_low"]), _two(r["ci95_high"]), r["demo_data"])
                for r in csv_rows(body)]
    assert sorted(shown) == sorted(exported)
    return len(shown)


def csv_figures(body: str) -> dict[str, set[tuple[str, str]]]:
    """Cohort name -> {(value to 2 decimals, n)} of every value and interval bound in the CSV."""
    rows = csv_rows(body)
    found: dict[str, set] = {}
    for row in rows:
        for column in ("value", "ci95_low", "ci95_high"):
            if row[column]:
                found.setdefault(row["cohort"], set()).add((row[column], row["learners"]))
    return found


def shown_number(text: str) -> tuple[float, int]:
    """A figure as printed ('431,712.5', '+16.3%', '-11.1 pp', '¥43.2万') -> (number, decimals shown; 万 counts
    as 4 places to the left)."""
    plain = re.sub(r"[^\d.\-]", "", text.replace("−", "-"))
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    if "万" in text:
        return float(plain) * 10_000, decimals - 4
    return float(plain), decimals


def assert_page_figures_in_csv(page: str, body: str) -> int:
    exported = csv_figures(body)
    sections = SECTION.findall(page)
    assert sections
    checked = 0
    for name, section in sections:
        name = html.unescape(name.strip())
        section = re.sub(r"<svg\b.*?</svg>", "", section, flags=re.S)  # charts repeat the tables' figures
        section = re.sub(r'<ul class="headlines".*?</ul>', "", section, flags=re.S)  # so do the headlines
        for value, n, shown in FIGURE.findall(section):
            assert (f"{float(value):.2f}", n) in exported.get(name, set()), (name, value, n)
            number, decimals = shown_number(html.unescape(shown))
            assert abs(number - float(value)) <= 0.5 * 10 ** -decimals + 1e-9, (shown, value)
            checked += 1
        rest = re.sub(r"<[^>]+>", " ", FIGURE.sub(" ", section))
        assert not re.search(r"\d\.\d", rest), re.search(r".{60}\d\.\d.{20}", rest, re.S)  # no decimal outside a figure
    return checked


def random_records(app, users, seed: int) -> None:
    """Two cohorts and learners without one, with random quiz scores, surveys, plans, follow-ups, observations
    and monthly KPIs (seeded)."""
    rng = random.Random(seed)
    catalog = app.extensions["catalog"]
    trainer = users("trainer", username="wang")
    cohorts = [users.cohort(f"Random {i}", trainers=[trainer]) for i in range(2)]
    items = [i.id for i in catalog.evaluation.survey]
    checklist = [i.id for i in catalog.evaluation.checklist]
    for index in range(17):
        learner = users("learner", username=f"r{index}", cohort=cohorts[index % 2] if index < 14 else None)
        pre = [(1, float(rng.random() < 0.4)) for _ in range(5)]
        quiz_result(learner.id, "basics-pretest", 100 * sum(f for _, f in pre) / 5, pre)
        if rng.random() < 0.8:
            quiz_result(learner.id, "basics-check", rng.randint(30, 100))
        if rng.random() < 0.7:
            reaction.submit(catalog, learner, catalog.module("basics"), reaction.SurveyInput(
                {i: rng.randint(1, 5) for i in items}, rng.randint(0, 10)))
        finished = None
        if index < 14 and rng.random() < 0.8:
            finished = date(2026, rng.randint(3, 6), rng.randint(1, 28))
            action_plans.save(catalog, learner, commitments(finished + timedelta(days=20)), finished)
            for f in follow_ups.for_learner(learner.id)[:rng.randint(0, 3)]:
                follow_ups.observe(catalog, trainer, f, {c: rng.randint(1, 5) for c in checklist}, "")
        if index < 14 and rng.random() < 0.5:  # a trainer observes learners of the cohorts they run
            observations.record(catalog, trainer, observations.NewObservation(
                learner.id, {"communication": rng.randint(1, 5)}, date(2026, 7, 2)))
        for kpi, low, high in (("revenue", 300_000, 600_000), ("cycle_days", 40, 90), ("conversion_rate", 10, 30)):
            base = rng.uniform(low, high)
            kpis(learner.id, kpi, {f"2026-{m:02d}": round(base * rng.uniform(0.8, 1.25), 2) for m in range(1, 11)})


def test_random_report_figures_are_all_in_the_csv(app, client, auth, users):
    random_records(app, users, seed=11)
    users("hr", username="hr1")
    auth.login("hr1")
    for lang in ("en", "zh-Hans"):
        client.post("/language", data={"lang": lang})
        page = client.get("/reports/effectiveness").get_data(as_text=True)
        body = client.get("/reports/effectiveness.csv").get_data(as_text=True)
        assert assert_page_figures_in_csv(page, body) > 30
        assert assert_workbook_has_the_csv_lines(client.get("/reports/effectiveness.xlsx").data, body) > 30
        assert "Demo data" not in page and "演示数据" not in page and {r["demo_data"] for r in csv_rows(body)} == {""}


def test_demo_report_figures_are_in_the_csv_and_labeled_demo_data(real_app, users):
    catalog = real_app.extensions["catalog"]
    build_demo(catalog)
    assert db.session.scalar(select(User).where(User.is_demo.is_(False))) is None  # every demo account is flagged
    client = real_app.test_client()
    client.post("/login", data={"username": "hr", "password": DEMO_PASSWORD})
    client.post("/language", data={"lang": "en"})
    page = client.get("/reports/effectiveness").get_data(as_text=True)
    body = client.get("/reports/effectiveness.csv").get_data(as_text=True)
    assert assert_page_figures_in_csv(page, body) > 100
    assert assert_workbook_has_the_csv_lines(client.get("/reports/effectiveness.xlsx").data, body) > 100
    # The issue's figures: the pre-test of every module and the role-play observation average are exported.
    rows = csv_rows(body)
    spring = [r for r in rows if "Spring" in r["cohort"]]
    assert all(r["value"] for r in spring if r["measure"] == "pretest_average")
    assert [r for r in spring if r["measure"] == "observation_average" and r["value"]]
    did = [r for r in spring if r["measure"] == "difference_in_differences"]
    assert len(did) == 8 and all(r["ci95_low"] and r["ci95_high"] for r in did)
    assert "Welch" in page and page.count("95% interval") >= 8
    # Demo data says so: the page, each demo cohort, every CSV row, the tracker, the dashboard, the gradebook.
    assert page.count('class="badge badge--demo">Demo data<') >= 3  # banner, notice, two cohorts
    assert {r["demo_data"] for r in rows} == {"Demo data"}
    learner = db.session.scalar(select(User).where(User.username == "learner01"))
    assert "badge--demo" in client.get(f"/learners/{learner.id}/tracker").get_data(as_text=True)
    client.post("/language", data={"lang": "zh-Hans"})
    assert "演示数据" in client.get("/reports/effectiveness").get_data(as_text=True)
    assert "演示数据" in client.get("/reports/effectiveness.csv").get_data(as_text=True)
    learner_client = real_app.test_client()
    learner_client.post("/login", data={"username": "learner", "password": DEMO_PASSWORD})
    learner_client.post("/language", data={"lang": "en"})
    assert "badge--demo" in learner_client.get("/").get_data(as_text=True)
    trainer = real_app.test_client()
    trainer.post("/login", data={"username": "trainer", "password": DEMO_PASSWORD})
    cohort_id = learner.cohort_id
    assert "badge--demo" in trainer.get(f"/teach/cohorts/{cohort_id}/gradebook").get_data(as_text=True)
    gradebook_csv = trainer.get(f"/teach/cohorts/{cohort_id}/gradebook.csv").get_data(as_text=True)
    assert {row[-1] for row in list(csv.reader(io.StringIO(gradebook_csv.lstrip("\ufeff"))))[1:]} == {"演示数据"}

    # Real learners added after the demo, with KPIs imported by HR: not demo data, and not labeled.
    real = users.cohort("Real intake")
    for n in range(3):
        users("learner", username=f"real{n}", cohort=real)
    results.import_kpis(catalog, "username,month,kpi,value\n" + "".join(
        f"real{n},2026-0{m},revenue,{1000 + n * 10 + m}\n" for n in range(3) for m in range(1, 5)))
    assert db.session.scalar(select(User).where(User.username == "real0")).is_demo is False
    client.post("/language", data={"lang": "en"})
    page = client.get("/reports/effectiveness").get_data(as_text=True)
    real_section = next(s for name, s in SECTION.findall(page) if name.strip() == "Real intake")
    assert "Demo data" not in real_section
    rows = csv_rows(client.get("/reports/effectiveness.csv").get_data(as_text=True))
    assert {r["demo_data"] for r in rows if r["cohort"] == "Real intake"} == {""}
    real_user = users("learner", username="real-viewer", cohort=real)
    viewer = real_app.test_client()
    viewer.post("/login", data={"username": "real-viewer", "password": "correct-horse"})
    assert "badge--demo" not in viewer.get(f"/learners/{real_user.id}/tracker").get_data(as_text=True)
