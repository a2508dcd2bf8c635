"""The demo database: four demo accounts, two cohorts of learners, some reading progress."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from courseware.catalog import Catalog
from courseware.catalog.questions import question_type
from courseware.database import delete_every_row
from courseware.evaluation import action_plans, follow_ups, reaction
from courseware.extensions import db
from courseware.models import Assignment, Cohort, KpiRecord, ReadingPosition, Role, SectionRead, User
from courseware.quizzes import attempts
from courseware.reading import progress
from courseware.roleplay import observations, runs

DEMO_PASSWORD = "sales-demo"
# What the demo learners and their trainer wrote: the learners are Chinese, so is their text.
SURVEY_COMMENTS = ("案例很贴近我们的客户，希望多一些练习。", "漏斗分析那一节最有用。", "内容有点多，分两次学更好。",
                   "角色扮演让我知道自己哪里说得不清楚。", "")
PROGRESS_NOTES = ("已完成一半，下周补齐剩下的客户。", "每周都在做，偶尔晚一天录入。", "已经完成，主管确认过。",
                  "本月出差多，进度落后，下月补上。")
OBSERVATION_NOTES = ("提问有条理，先问现状再谈方案。", "报价前没有确认预算，需要练习需求挖掘。",
                     "处理价格异议时很冷静，能拿价值说话。", "倾听不够，常打断客户。")
DEMO_ACCOUNTS = (
    ("admin", "系统管理员 Admin", Role.ADMIN),
    ("trainer", "王培训 Wang (trainer)", Role.TRAINER),
    ("hr", "李人事 Li (HR)", Role.HR),
    ("learner", "张新人 Zhang (learner)", Role.LEARNER),
)
LEARNER_NAMES = (
    "陈晓明", "刘思雨", "杨帆", "赵敏", "黄志强", "周婷", "吴昊", "徐静", "孙磊", "马丽",
    "朱伟", "胡佳", "郭涛", "何琳", "高鹏", "林雪", "罗杰", "梁欣", "宋宇",
)


@dataclass(frozen=True)
class DemoSummary:
    accounts: list[tuple[str, str]]
    learners: int
    cohorts: int


def build_demo(catalog: Catalog, seed: int = 2026) -> DemoSummary:
    """Rebuild the demo data: accounts, cohorts, reading progress, assignments and quiz attempts."""
    rng = random.Random(seed)
    delete_every_row()  # a rebuild, not an addition
    spring = Cohort(name="2026 春季新员工 Spring intake", start_date=date(2026, 3, 2))
    autumn = Cohort(name="2026 秋季新员工 Autumn intake", start_date=date(2026, 9, 7))
    db.session.add_all([spring, autumn])
    accounts: dict[str, User] = {}
    for username, name, role in DEMO_ACCOUNTS:
        accounts[username] = _user(username, name, role, spring if role == Role.LEARNER else None)
    second_trainer = _user("trainer2", "赵培训 Zhao (trainer)", Role.TRAINER, None, locale="en")
    spring.trainers = [accounts["trainer"]]
    autumn.trainers = [accounts["trainer"], second_trainer]
    learners = [accounts["learner"]]
    for index, name in enumerate(LEARNER_NAMES, start=1):
        # Every third learner reads the platform in English: reminders go out in both languages.
        learners.append(_user(f"learner{index:02d}", name, Role.LEARNER, spring if index < 10 else autumn,
                              locale="en" if index % 3 == 2 else "zh-Hans"))
    db.session.flush()
    sections = [(m.id, s.id) for m in catalog.modules for s in m.sections]
    now = datetime.now(UTC)
    for learner in learners:
        # Learners read in course order and stop somewhere: a realistic spread of progress.
        count = rng.randint(0, len(sections)) if learner.username != "learner" else min(5, len(sections))
        for i, (module_id, section_id) in enumerate(sections[:count]):
            db.session.add(SectionRead(user_id=learner.id, module_id=module_id, section_id=section_id,
                                       read_at=now - timedelta(days=count - i)))
        if count:
            module_id, section_id = sections[min(count, len(sections) - 1)]
            db.session.add(ReadingPosition(user_id=learner.id, module_id=module_id, section_id=section_id))
    db.session.commit()
    _quiz_history(catalog, rng, spring, autumn, learners, accounts["trainer"], now)
    _roleplay_history(catalog, rng, spring, learners, accounts["trainer"], now)
    _evaluation_history(catalog, rng, spring, learners, accounts["trainer"], now)
    shown = [(u, r) for u, _, r in DEMO_ACCOUNTS] + [("trainer2", Role.TRAINER), ("learner01..19", Role.LEARNER)]
    return DemoSummary(shown, len(learners), 2)


def _user(username: str, name: str, role: Role, cohort: Cohort | None, locale: str | None = None) -> User:
    """A demo account with an example.com address (reminders reach it) and, when given, its interface language."""
    user = User(username=username, display_name=name, role=role, cohort=cohort, locale=locale,
                email=f"{username}@demo.example.com", is_demo=True)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user


def _quiz_history(catalog: Catalog, rng: random.Random, spring: Cohort, autumn: Cohort, learners: list[User],
                  trainer: User, now: datetime) -> None:
    """Assignments with due dates, and pre-/post-test attempts answered as learners of varied ability would."""
    pretest = next((q for q in catalog.quizzes.values() if q.kind == "pretest"), None)
    posttest = next((q for q in catalog.quizzes.values() if q.kind == "posttest" and q.module == 1), None)
    if pretest is None or posttest is None:
        return
    for cohort in (spring, autumn):
        db.session.add(Assignment(kind="quiz", target_id=pretest.id, cohort_id=cohort.id, created_by=trainer.id,
                                  due_at=now - timedelta(days=20)))
        db.session.add(Assignment(kind="module", target_id=catalog.modules[0].id, cohort_id=cohort.id, created_by=trainer.id,
                                  due_at=now + timedelta(days=7)))
        db.session.add(Assignment(kind="quiz", target_id=posttest.id, cohort_id=cohort.id, created_by=trainer.id,
                                  due_at=now + timedelta(days=10)))
    db.session.commit()
    for learner in learners:
        if learner.username == "learner":
            continue  # the demo learner takes the pre-test themself
        ability = rng.uniform(0.3, 0.9)
        _take(catalog, pretest, learner, ability - 0.2, rng, now - timedelta(days=21))
        if rng.random() < 0.7:
            _take(catalog, posttest, learner, ability, rng, now - timedelta(days=rng.randint(1, 6)))


def _take(catalog: Catalog, quiz, learner: User, ability: float, rng: random.Random, when: datetime) -> None:
    attempt = attempts.start(catalog, learner.id, quiz, now=when)
    responses = {slot: question_type(snap["type"]).demo_response(snap, rng.random() < ability, rng)
                 for slot, snap in enumerate(attempt.snapshot)}
    attempts.save_answers(attempt, responses, now=when + timedelta(minutes=5))
    attempts.submit(attempt, now=when + timedelta(minutes=rng.randint(6, 18)))


def _roleplay_history(catalog: Catalog, rng: random.Random, spring: Cohort, learners: list[User], trainer: User,
                      now: datetime) -> None:
    """Some role-play runs (choices picked at random), a scenario assignment, and classroom observations."""
    scenarios = sorted(catalog.scenarios.values(), key=lambda s: s.id)
    if not scenarios:
        return
    db.session.add(Assignment(kind="scenario", target_id=scenarios[0].id, cohort_id=spring.id, created_by=trainer.id,
                              due_at=now + timedelta(days=14)))
    db.session.commit()
    for learner in learners[1:]:
        for scenario in rng.sample(scenarios, k=min(2, len(scenarios))):
            when = now - timedelta(days=rng.randint(1, 50))
            run = runs.start(learner.id, scenario, now=when)
            for _ in range(40):
                if not run.is_open:
                    break
                node = scenario.nodes[run.current_node]
                runs.choose(scenario, run, run.step, node.id, rng.choice(node.choices).id, now=when + timedelta(minutes=5))
        if learner.cohort_id == spring.id:
            scenario = rng.choice(scenarios)
            observations.record(catalog, trainer, observations.NewObservation(
                learner_id=learner.id, scenario_id=scenario.id, observed_on=(now - timedelta(days=rng.randint(1, 40))).date(),
                ratings={c: rng.randint(2, 5) for c in scenario.competencies},
                comments=rng.choice(OBSERVATION_NOTES)))


DEMO_KPI_BASE = {"revenue": (300_000, 600_000), "orders": (12, 30), "avg_order_value": (15_000, 30_000),
                 "new_customers": (2, 8), "conversion_rate": (12, 25), "cycle_days": (45, 90),
                 "retention_rate": (70, 85), "satisfaction": (3.6, 4.3)}


def _evaluation_history(catalog: Catalog, rng: random.Random, spring: Cohort, learners: list[User], trainer: User,
                        now: datetime) -> None:
    """Demo data for the four levels, labelled as such in the comments: surveys of the modules read, action
    plans and follow-ups for the spring cohort (some overdue), and eleven months of KPIs for everyone; the
    autumn cohort, not yet trained, is the comparison group."""
    today = now.date()
    progress_by_user = {u.id: progress.course_progress(catalog, u.id) for u in learners}
    for learner in learners:
        for p in progress_by_user[learner.id].modules:
            if p.total and p.done == p.total:
                answers = {i.id: min(5, max(1, round(rng.gauss(4.1, 0.7)))) for i in catalog.evaluation.survey}
                reaction.submit(catalog, learner, p.module, reaction.SurveyInput(
                    answers, min(10, max(0, round(rng.gauss(8, 1.5)))), rng.choice(SURVEY_COMMENTS)))
    trained: dict[int, datetime] = {}
    items = sorted(catalog.coverage)
    for index, learner in enumerate(u for u in learners if u.cohort_id == spring.id and u.username != "learner"):
        finished = today - timedelta(days=45 + 12 * index)
        plan = [action_plans.CommitmentInput(
            specific=text, measure=measure, achievable=True, support="",
            items=(item if item in catalog.coverage else items[0],), due_on=finished + timedelta(days=60 + 15 * n))
            for n, (text, measure, item) in enumerate([
                ("把我的客户按 A/B/C 分类并录入 CRM", "40 个客户全部分类", "3.5"),
                ("每周与主要客户的联系记录当天录入 CRM", "每周 10 条记录", "3.4"),
                ("每个季度按 SMART 设定并分解我的目标", "每月 1 次复盘", "3.1"),
            ])]
        action_plans.save(catalog, learner, plan, finished)
        trained[learner.id] = finished
        for f in follow_ups.for_learner(learner.id):
            if f.due_on > today or rng.random() < 0.25:
                continue  # not due yet, or overdue: the report shows both
            commitments = action_plans.find(learner.id).commitments
            follow_ups.self_report(learner, f, {c.id: (rng.choice(("in_progress", "done")), rng.choice(PROGRESS_NOTES))
                                                    for c in commitments})
            if rng.random() < 0.8:
                base = 2.5 + f.day / 60
                follow_ups.observe(catalog, trainer, f, {i.id: min(5, max(1, round(rng.gauss(base, 0.7))))
                                                         for i in catalog.evaluation.checklist}, rng.choice(OBSERVATION_NOTES))
    months = [f"{today.year}-{m:02d}" for m in range(1, today.month)]
    for learner in learners:
        base = {k: rng.uniform(*bounds) for k, bounds in DEMO_KPI_BASE.items()}
        end_month = trained[learner.id].strftime("%Y-%m") if learner.id in trained else None
        for month in months:
            lift = 1.12 if end_month and month > end_month else 1.0  # trained learners improve about 12%
            drift = 1.02 if month >= f"{today.year}-06" else 1.0  # the market moves everyone a little
            for kpi, value in base.items():
                factor = lift * drift * rng.uniform(0.93, 1.07)
                if kpi == "cycle_days":
                    factor = 1 / factor
                figure = value * factor
                limit = catalog.evaluation.kpi(kpi)
                if limit and limit.high is not None:
                    figure = min(figure, limit.high)
                db.session.add(KpiRecord(user_id=learner.id, month=month, kpi=kpi, value=round(figure, 2)))
    db.session.commit()
