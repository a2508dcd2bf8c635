"""HR's home shows the report's own figures per cohort; the admin's home counts users, groups new accounts and
shows what the health check sees."""
from __future__ import annotations

import re
from datetime import date

import pytest

from courseware.clock import company_today
from courseware.evaluation import action_plans, reaction
from courseware.evaluation.report import effectiveness, tiles
from courseware.extensions import db
from courseware.models import SectionRead
from tests.evalhelpers import commitments, kpis, quiz_result


@pytest.fixture
def evaluated(app, users):
    """Cohort A: five trained learners with cycle days +10..+50% against five untrained ones (+0..+4%), two
    surveys, a paired pre/post test, and one learner who read the whole course. Cohort B: nothing yet."""
    catalog = app.extensions["catalog"]
    users("hr", username="hr1")
    a = users.cohort("A")
    users.cohort("B")
    trained = []
    for i in range(5):
        learner = users("learner", username=f"t{i}", cohort=a)
        action_plans.save(catalog, learner, commitments(date(2026, 7, 1)), date(2026, 6, 10))
        kpis(learner.id, "cycle_days", {"2026-04": 100, "2026-06": 1, "2026-08": 100 + 10 * (i + 1)})
        other = users("learner", username=f"c{i}")
        kpis(other.id, "cycle_days", {"2026-04": 100, "2026-08": 100 + i, "2026-10": 500})
        trained.append(learner)
    items = [i.id for i in catalog.evaluation.survey]
    reaction.submit(catalog, trained[0], catalog.module("basics"), reaction.SurveyInput(dict.fromkeys(items, 5), 10))
    reaction.submit(catalog, trained[1], catalog.module("basics"), reaction.SurveyInput(dict.fromkeys(items, 4), 7))
    quiz_result(trained[0].id, "basics-pretest", 40, [(1, 1), (1, 1), (1, 0), (1, 0), (1, 0)])
    quiz_result(trained[0].id, "basics-check", 70, [(1, 1), (1, 1), (1, 1), (1, 0.5), (1, 0)])
    for module in catalog.modules:
        for section in module.sections:
            db.session.add(SectionRead(user_id=trained[0].id, module_id=module.id, section_id=section.id))
    db.session.commit()
    return catalog, a


def test_hr_tiles_carry_the_reports_figures(app, evaluated):
    catalog, cohort = evaluated
    today = company_today()
    (report,) = effectiveness.build(catalog, today, [cohort.id]).cohorts
    tile = next(t for t in tiles.build(catalog, today) if t.report.cohort.id == cohort.id)
    assert tile.completed == 1 and tile.report.learners == report.learners == 5
    assert tile.reaction == ("basics", report.reaction["basics"].recommend)
    assert tile.learning == ("1", report.learning[1].gain)
    assert tile.results == ("cycle_days", report.results["cycle_days"])
    assert tile.results[1].did.verdict == "worse"


def test_the_hr_home_shows_one_tile_per_cohort_with_the_figures(app, client, auth, evaluated):
    catalog, cohort = evaluated
    (report,) = effectiveness.build(catalog, company_today(), [cohort.id]).cohorts
    auth.login("hr1")
    client.post("/language", data={"lang": "en"})
    page = client.get("/reports/home").get_data(as_text=True)
    assert page.count('class="card cohort-card"') == 2
    tile = page.split(f'data-cohort="{cohort.id}"')[1].split("</li>")[0]
    assert "Completed the course: 1 of 5 learners" in tile
    recommend = report.reaction["basics"].recommend
    assert f'value="{recommend.value}" data-n="{recommend.n}"' in tile
    did = report.results["cycle_days"].did.difference
    assert f'value="{did.value}" data-n="{did.n}"' in tile
    assert "lower is better" in tile and "Worse" in tile
    assert re.search(r"95% interval [+-][\d.]+ to [+-][\d.]+", tile)
    assert f'href="/reports/effectiveness?cohorts={cohort.id}"' in tile
    assert "<form" not in page.split('<main')[1].split("</main>")[0]  # read-only: nothing to post


def test_the_hr_home_in_chinese(client, auth, evaluated):
    auth.login("hr1")
    page = client.get("/reports/home").get_data(as_text=True)
    assert "人力资源首页" in page and "推荐意愿" in page and "HR home" not in page


def test_the_admin_home(app, client, auth, users):
    users("admin", username="root")
    users("trainer", username="wang")
    users("learner", username="gone", active=False)
    for i in range(3):
        users("learner", username=f"new{i}")
    auth.login("root")
    client.post("/language", data={"lang": "en"})
    page = client.get("/admin/home").get_data(as_text=True)
    assert 'data-role="learner">3<' in page and 'data-role="trainer">1<' in page and 'data-role="admin">1<' in page
    assert 'data-role="inactive">1<' in page
    recent = page.split('id="recent"')[1].split("</section>")[0]
    assert "6 accounts" in recent or ("accounts" in recent and recent.count("/admin/users/") == 6)
    assert 'href="/admin/users/' in recent
    health = page.split('id="health"')[1].split("</section>")[0]
    assert "OK" in health and f"{len(app.extensions['catalog'].modules)} modules" in health


def test_the_admin_home_lists_recent_imports_from_the_web_and_the_command_line(app, client, auth, users, runner,
                                                                                 tmp_path):
    import io

    users("admin", username="root", display_name="Root <b>Admin</b>")
    users("learner", username="mei")
    auth.login("root")
    assert "还没有导入记录。" in client.get("/admin/home").get_data(as_text=True)
    csv = "username,display_name,email,role,cohort\nnew1,新人一,n1@example.com,learner,\nnew2,新人二,n2@example.com,learner,\n"
    response = client.post("/admin/users/import", data={"file": (io.BytesIO(csv.encode()), "intake-<x>.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    kpis = tmp_path / "kpis-2026-11.csv"
    kpis.write_text("username,month,kpi,value\nmei,2026-11,revenue,120000\n", encoding="utf-8")
    assert runner.invoke(args=["kpi", "import", str(kpis)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("username,month,kpi,value\nnobody,2026-11,revenue,1\n", encoding="utf-8")
    assert runner.invoke(args=["kpi", "import", str(bad)]).exit_code != 0  # refused: not logged
    page = client.get("/admin/home").get_data(as_text=True)
    imports = page.split('id="imports"')[1].split("</section>")[0]
    rows = re.findall(r"<tr><td>.*?</tr>", imports, re.S)
    assert len(rows) == 2
    assert "KPI 数据" in rows[0] and "kpis-2026-11.csv" in rows[0] and "<td>1</td>" in rows[0] and "命令行" in rows[0]
    assert "intake-&lt;x&gt;.csv" in rows[1] and "<td>2</td>" in rows[1] and "Root &lt;b&gt;Admin&lt;/b&gt;" in rows[1]
