"""The demo database: four demo accounts, two cohorts of learners, some reading progress."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from courseware.catalog import Catalog
from courseware.extensions import db
from courseware.models import Cohort, ReadingPosition, SectionRead, User

DEMO_PASSWORD = "sales-demo"
DEMO_ACCOUNTS = (
    ("admin", "系统管理员 Admin", "admin"),
    ("trainer", "王培训 Wang (trainer)", "trainer"),
    ("hr", "李人事 Li (HR)", "hr"),
    ("learner", "张新人 Zhang (learner)", "learner"),
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


def wipe() -> None:
    """Delete every row of every table, children first."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())


def build_demo(catalog: Catalog, seed: int = 2026) -> DemoSummary:
    """Rebuild the demo data in one transaction; the same seed gives the same data."""
    rng = random.Random(seed)
    wipe()
    spring = Cohort(name="2026 春季新员工 Spring intake", start_date=date(2026, 3, 2))
    autumn = Cohort(name="2026 秋季新员工 Autumn intake", start_date=date(2026, 9, 7))
    db.session.add_all([spring, autumn])
    accounts: dict[str, User] = {}
    for username, name, role in DEMO_ACCOUNTS:
        accounts[username] = _user(username, name, role, spring if role == "learner" else None)
    second_trainer = _user("trainer2", "赵培训 Zhao (trainer)", "trainer", None)
    spring.trainers = [accounts["trainer"]]
    autumn.trainers = [accounts["trainer"], second_trainer]
    learners = [accounts["learner"]]
    for index, name in enumerate(LEARNER_NAMES, start=1):
        learners.append(_user(f"learner{index:02d}", name, "learner", spring if index < 10 else autumn))
    db.session.flush()
    sections = [(m.id, s.id) for m in catalog.modules for s in m.sections]
    now = datetime.now(timezone.utc)
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
    shown = [(u, r) for u, _, r in DEMO_ACCOUNTS] + [("trainer2", "trainer"), ("learner01..19", "learner")]
    return DemoSummary(shown, len(learners), 2)


def _user(username: str, name: str, role: str, cohort: Cohort | None) -> User:
    user = User(username=username, display_name=name, role=role, cohort=cohort,
                email=f"{username}@demo.example.com")
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user
