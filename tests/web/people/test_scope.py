"""Scope: trackers and competency profiles exist for learners only, a demoted trainer leaves their cohorts after a
confirmation, and the KPI import refuses staff accounts."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Cohort, KpiRecord, User, cohort_trainers
from courseware.people import accounts


@pytest.fixture
def people(users):
    wang = users("trainer", username="wang", display_name="王老师")
    spring = users.cohort("2026 春季", trainers=[wang])
    autumn = users.cohort("2026 秋季", trainers=[wang])
    mei = users("learner", username="mei", cohort=spring)
    staff = {role: users(role, username=f"{role}-x") for role in ("hr", "admin")}
    users("admin", username="boss")
    users("hr", username="hr1")
    return {"wang": wang, "mei": mei, "spring": spring, "autumn": autumn, **staff}


# Trackers and competency profiles

@pytest.mark.parametrize("path", ["/learners/{id}/tracker", "/learners/{id}/competencies"])
def test_staff_accounts_have_no_tracker_or_profile(client, auth, people, path):
    for viewer in ("boss", "hr1", "wang"):
        auth.login(viewer)
        for target in ("wang", "hr", "admin"):  # wang also asks for his own
            assert client.get(path.format(id=people[target].id)).status_code == 404, (viewer, target)
        assert client.get(path.format(id=people["mei"].id)).status_code == 200, viewer  # a learner's still opens
        auth.logout()


# Demoting a trainer

def trainer_links(user: User) -> set[int]:
    return set(db.session.scalars(select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id)))


def edit(client, user: User, role: str, **extra):
    data = {"display_name": user.display_name, "email": "", "role": role, "active": "y", "cohort": "0", **extra}
    return client.post(f"/admin/users/{user.id}", data=data)


@pytest.mark.parametrize("role", ["learner", "hr", "admin"])
def test_demoting_a_trainer_asks_first_then_removes_the_cohort_links(client, auth, people, role):
    wang, spring, autumn = people["wang"], people["spring"], people["autumn"]
    auth.login("boss")
    first = edit(client, wang, role)
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and 'name="leave_cohorts" value="y"' in page
    assert "2026 春季" in page and "2026 秋季" in page
    assert db.session.get(User, wang.id).role == "trainer" and trainer_links(wang) == {spring.id, autumn.id}
    second = client.post(f"/admin/users/{wang.id}", data=dict(_hidden_fields(page)))
    assert second.status_code == 302
    assert db.session.get(User, wang.id).role == role and trainer_links(wang) == set()
    assert {c.id for c in db.session.scalars(select(Cohort))} == {spring.id, autumn.id}  # the cohorts stay


def test_the_confirmation_page_is_in_chinese_by_default(client, auth, people):
    auth.login("boss")
    page = edit(client, people["wang"], "hr").get_data(as_text=True)
    assert "要将王老师移出其带的班级吗？" in page and "确认前不会保存任何更改。" in page


def test_a_trainer_without_cohorts_is_demoted_once_confirmed(client, auth, people, users):
    zhao = users("trainer", username="zhao")
    auth.login("boss")
    page = edit(client, zhao, "learner").get_data(as_text=True)
    assert f"要更改{zhao.display_name}的角色吗？" in page and 'name="leave_cohorts"' not in page
    assert db.session.get(User, zhao.id).role == "trainer"  # asked; nothing saved
    assert edit(client, zhao, "learner", confirmed="y").status_code == 302
    assert db.session.get(User, zhao.id).role == "learner"


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_taking_a_staff_role_away_asks_first_and_a_promotion_does_not(client, auth, people, users, role):
    staff, learner = users(role, username="staff"), users("learner", username="newbie")
    auth.login("boss")
    page = edit(client, staff, "learner").get_data(as_text=True)
    assert "确认并保存" in page and db.session.get(User, staff.id).role == role
    assert edit(client, learner, role).status_code == 302 and db.session.get(User, learner.id).role == role


def test_keeping_the_trainer_role_keeps_the_links(client, auth, people):
    wang = people["wang"]
    auth.login("boss")
    assert edit(client, wang, "trainer", display_name="王 老师").status_code == 302
    assert trainer_links(wang) == {people["spring"].id, people["autumn"].id}


def test_service_refuses_demotion_without_confirmation(people):
    wang, boss = people["wang"], people["admin"]
    with pytest.raises(accounts.TrainerHasCohorts) as refused:
        accounts.update_user(wang, display_name="Wang", email=None, role="hr", active=True, acting=boss)
    assert {c.name for c in refused.value.cohorts} == {"2026 春季", "2026 秋季"}
    db.session.rollback()
    assert db.session.get(User, wang.id).role == "trainer" and len(trainer_links(wang)) == 2


def _hidden_fields(page: str):
    import re

    form = page.split('action="/admin/users/', 1)[1]
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)


# KPI import

def test_kpi_import_refuses_staff_accounts_and_imports_nothing(runner, people, tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text("username,month,kpi,value\nmei,2026-01,revenue,5\nwang,2026-01,revenue,1\nHR-X,2026-01,orders,2\n",
                    encoding="utf-8")
    result = runner.invoke(args=["kpi", "import", str(path)])
    assert result.exit_code == 1 and "nothing was imported" in result.output
    assert f"{path}:3: 'wang' is a staff account (role: trainer); KPIs are kept for learners only" in result.output
    assert f"{path}:4: 'HR-X' is a staff account (role: hr); KPIs are kept for learners only" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(KpiRecord)) == 0


def test_kpi_upload_page_refuses_staff_accounts(client, auth, people):
    auth.login("hr1")
    client.post("/language", data={"lang": "en"})
    body = b"username,month,kpi,value\nmei,2026-01,revenue,5\nboss,2026-01,revenue,1\n"
    response = client.post("/reports/kpis", data={"file": (io.BytesIO(body), "k.csv")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "k.csv:3: &#39;boss&#39; is a staff account (role: admin); KPIs are kept for learners only" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(KpiRecord)) == 0
