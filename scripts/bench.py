"""Benchmark: synthetic data at 1,000 and 10,000 learners, measured in one run against gunicorn.

    python scripts/bench.py                      # SQLite, 1,000 and 10,000 learners
    python scripts/bench.py --database postgresql # a private PostgreSQL 15 started for the run

For each size it builds the data (learners with quiz attempts, role-play runs, surveys, action plans
and follow-ups, observations and KPI months), serves the app with gunicorn and measures a bare route
that does nothing, the dashboard, a module page, a quiz answer-and-submit and HR's effectiveness
report: requests per second, median latency, throughput as a share of the bare route's, and SQL
queries per request. The bare route is measured twice: anonymous (the reference for the targets) and
with a learner's session cookie, which is the floor under every page a learner sees (the session is read
and the user loaded); each row's throughput is also given as a share of that floor. It ends with the
report's median time at 10,000 divided by its time at 1,000.
Figures vary with the machine; compare the ratios, which are measured in one run.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.gunicorn import serve  # noqa: E402

TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
PASSWORD = "bench-password"


def build_data(url: str, learners: int) -> None:
    """Synthetic records through the models' tables, inserted in bulk."""
    from flask_migrate import upgrade

    from courseware import create_app
    from courseware.extensions import db
    from courseware.models import (
        ActionPlan,
        Attempt,
        AttemptAnswer,
        BehaviorObservation,
        Cohort,
        Commitment,
        FollowUp,
        FollowUpRating,
        KpiRecord,
        ObservationRating,
        ReactionSurvey,
        ScenarioRun,
        SurveyAnswer,
        User,
    )

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})
    rng = random.Random(7)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade()
        hashed = User(username="x")
        hashed.set_password(PASSWORD)

        def insert(model, rows):
            # On the connection, past the report's change tracking (which refuses bulk INSERTs through the
            # session): the database is new, so no stored figures exist that could go stale.
            for start in range(0, len(rows), 5000):
                db.session.connection().execute(model.__table__.insert(), rows[start:start + 5000])

        cohorts = max(2, learners // 100)
        insert(Cohort, [{"id": c + 1, "name": f"Cohort {c + 1}", "start_date": date(2026, 1 + c % 9, 1), "created_at": now}
                        for c in range(cohorts)])
        base = {"password_hash": hashed.password_hash, "active": True, "must_change_password": False, "created_at": now}
        users = [{"id": n + 1, "username": f"l{n}", "display_name": f"Learner {n}", "role": "learner", "cohort_id": n % cohorts + 1,
                  **base} for n in range(learners)]
        users.append({"id": learners + 1, "username": "hr", "display_name": "HR", "role": "hr", "cohort_id": None, **base})
        insert(User, users)
        attempts, answers, runs, surveys, survey_answers = [], [], [], [], []
        plans, commitments, follow_ups, ratings, observations, observation_ratings, kpis = [], [], [], [], [], [], []
        attempt_id = answer_id = 0
        for n in range(learners):
            user = n + 1
            for quiz, score in (("course-pretest", rng.uniform(20, 60)), ("posttest-sales-fundamentals", rng.uniform(50, 95))):
                attempt_id += 1
                attempts.append({"id": attempt_id, "user_id": user, "quiz_id": quiz, "number": 1, "state": "submitted",
                                 "started_at": now, "submitted_at": now, "auto_submitted": False, "score": score, "snapshot": []})
                for slot in range(12):
                    answer_id += 1
                    answers.append({"id": answer_id, "attempt_id": attempt_id, "slot": slot, "question_id": f"q{slot}",
                                    "module": 1 + slot % 3, "response": None, "fraction": float(rng.random() < score / 100),
                                    "saved_at": now})
            runs.append({"user_id": user, "scenario_id": "needs-discovery", "state": "finished", "started_at": now,
                         "finished_at": now, "current_node": "x", "step": 5, "outcome": "success",
                         "scores": {"communication": rng.randint(0, 8)}, "best": {"communication": 8}, "path": []})
            surveys.append({"id": user, "user_id": user, "module_id": "sales-fundamentals", "recommend": rng.randint(5, 10),
                            "comments": "", "submitted_at": now, "updated_at": now})
            survey_answers += [{"survey_id": user, "item": item, "value": rng.randint(3, 5)}
                               for item in ("relevance", "clarity", "material", "trainer", "confidence")]
            months = [f"2026-{m:02d}" for m in range(1, 9)]
            kpis += [{"user_id": user, "month": month, "kpi": kpi, "value": rng.uniform(50, 150), "imported_at": now}
                     for month in months for kpi in ("revenue", "orders", "conversion_rate", "satisfaction")]
            if n % 2:
                finished = date(2026, 5, 1) + timedelta(days=n % 60)
                plans.append({"id": user, "user_id": user, "submitted_on": finished, "updated_at": now})
                commitments += [{"plan_id": user, "position": p, "specific": "Classify my accounts", "measure": "40 accounts",
                                 "achievable": True, "support": "", "items": ["3.5"], "due_on": finished + timedelta(days=60)}
                                for p in range(3)]
                for day in (30, 60, 90):
                    follow_ups.append({"id": user * 10 + day // 30, "user_id": user, "day": day,
                                       "due_on": finished + timedelta(days=day), "observer_comment": "",
                                       "self_reported_at": now if day == 30 else None, "observed_at": now if day == 30 else None})
                ratings += [{"follow_up_id": user * 10 + 1, "item": item, "rating": rng.randint(2, 5)}
                            for item in ("sales-process", "crm-records", "abc-classification", "smart-targets", "one-on-ones")]
            if n % 4 == 0:
                observations.append({"id": user, "learner_id": user, "kind": "roleplay", "scenario_id": "needs-discovery",
                                     "comments": "", "observed_on": date(2026, 6, 1), "created_at": now})
                observation_ratings += [{"observation_id": user, "competency": c, "rating": rng.randint(2, 5)}
                                        for c in ("communication", "learning", "action")]
        for model, rows in ((Attempt, attempts), (AttemptAnswer, answers), (ScenarioRun, runs), (ReactionSurvey, surveys),
                            (SurveyAnswer, survey_answers), (ActionPlan, plans), (Commitment, commitments),
                            (FollowUp, follow_ups), (FollowUpRating, ratings), (BehaviorObservation, observations),
                            (ObservationRating, observation_ratings), (KpiRecord, kpis)):
            insert(model, rows)
        db.session.commit()
        if db.engine.url.get_backend_name() == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                for table in db.metadata.sorted_tables:  # ids were given explicitly: move the sequences past them
                    if "id" in table.c and table.c.id.autoincrement:
                        connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                                   f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)")
                connection.exec_driver_sql("ANALYZE")
        db.engine.dispose()


class Session:
    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.get("/login")[2]
        self.post("/login", {"username": username, "password": PASSWORD, "csrf_token": TOKEN.search(page).group(1)})

    def request(self, path: str, data: dict | None = None) -> tuple[int, int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with self.opener.open(self.base + path, data=body, timeout=120) as response:
            return response.status, int(response.headers.get("X-SQL-Queries", 0)), response.read().decode(), response.geturl()

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        return self.request(path, data)


def answer_and_submit(session: Session) -> int:
    """Start the chapter 1 practice quiz, answer its first page, open the summary, submit: one operation."""
    _, q1, page, _ = session.get("/quizzes/practice-sales-fundamentals")
    token = TOKEN.search(page).group(1)
    _, q2, page, url = session.post("/quizzes/practice-sales-fundamentals/start", {"csrf_token": token})
    attempt = url.rsplit("/", 1)[1].split("?")[0]
    fields = dict(re.findall(r'name="(q0[^"]*)" value="([^"]+)"', page)[:1]) or {"q0": "50"}
    _, q3, _, _ = session.post(f"/attempts/{attempt}/save", {"page": "0", **fields, "csrf_token": token})
    _, q4, page, _ = session.get(f"/attempts/{attempt}/summary")
    _, q5, _, _ = session.post(f"/attempts/{attempt}/submit", {"csrf_token": TOKEN.search(page).group(1)})
    return q1 + q2 + q3 + q4 + q5


def measure(name: str, sessions: list[Session], operation, seconds: float) -> dict:
    latencies, queries, errors = [], [], []
    stop = time.monotonic() + seconds

    def worker(session):
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                queries.append(operation(session))
            except Exception as exc:  # noqa: BLE001 (counted and reported)
                errors.append(repr(exc))
                continue
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    begun = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begun
    return {"name": name, "rps": len(latencies) / elapsed, "median_ms": 1000 * statistics.median(latencies) if latencies else None,
            "queries": statistics.median(queries) if queries else None, "errors": len(errors), "requests": len(latencies)}


def run_size(url: str, learners: int, seconds: float, concurrency: int) -> list[dict]:
    started = time.monotonic()
    build_data(url, learners)
    print(f"  built {learners:,} learners in {time.monotonic() - started:.0f} s", flush=True)
    env = {**os.environ, "DATABASE_URL": url, "COURSEWARE_BENCHMARK": "1", "RATELIMIT_ENABLED": "0", "SECRET_KEY": secrets.token_hex(32)}
    with serve(env, "--workers", "2", "--timeout", "300") as base:
        learners_sessions = [Session(base, f"l{n}") for n in range(concurrency)]
        hr_sessions = [Session(base, "hr") for _ in range(concurrency)]
        anonymous = urllib.request.build_opener()

        def bare(_):
            with anonymous.open(base + "/bench/bare", timeout=60) as response:
                response.read()
                return int(response.headers.get("X-SQL-Queries", 0))

        plan = [("bare route", learners_sessions, bare),
                # The same route with a learner's session cookie: the floor of every logged-in page.
                ("bare, logged in", learners_sessions, lambda s: s.get("/bench/bare")[1]),
                ("dashboard", learners_sessions, lambda s: s.get("/")[1]),
                ("module page", learners_sessions, lambda s: s.get("/learn/sales-fundamentals/sales-funnel")[1]),
                ("quiz answer-and-submit", learners_sessions, answer_and_submit),
                ("HR report", hr_sessions, lambda s: s.get("/reports/effectiveness")[1])]
        rows = []
        for name, sessions, operation in plan:
            # Warm each route just before it is measured: the quiz step before the report makes its stored
            # figures stale, and the report is measured as HR reads it, fresh (its recomputation is measured
            # separately, docs/evaluation-figures.md).
            operation(sessions[0])
            rows.append(measure(name, sessions, operation, seconds))
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="courseware-bench-"))
    postgres = None
    if args.database == "postgresql":
        from tests.servers.postgres import PostgresServer

        postgres = PostgresServer().start()
    results = {}
    try:
        for size in sizes:
            print(f"{size:,} learners ({args.database})", flush=True)
            url = postgres.create_database(f"bench{size}") if postgres else f"sqlite:///{folder / f'bench{size}.sqlite'}"
            rows = run_size(url, size, args.seconds, args.concurrency)
            bare, logged_in = rows[0]["rps"], rows[1]["rps"]
            print(f"  {'':24} {'req/s':>8} {'median ms':>10} {'vs bare':>8} {'vs logged-in bare':>18} {'queries':>8} "
                  f"{'errors':>7}")
            for row in rows:
                row["vs_bare"] = row["rps"] / bare if bare else None
                row["vs_logged_in_bare"] = row["rps"] / logged_in if logged_in else None
                print(f"  {row['name']:24} {row['rps']:8.1f} {row['median_ms']:10.1f} {row['vs_bare']:8.2f} "
                      f"{row['vs_logged_in_bare']:18.2f} {row['queries']:8.0f} {row['errors']:7d}", flush=True)
            results[size] = rows
    finally:
        if postgres:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
    if len(sizes) >= 2:
        small, large = results[sizes[0]][-1], results[sizes[-1]][-1]
        ratio = large["median_ms"] / small["median_ms"]
        print(f"HR report: {large['median_ms']:.0f} ms at {sizes[-1]:,} / {small['median_ms']:.0f} ms at {sizes[0]:,} = "
              f"{ratio:.2f}; queries {small['queries']:.0f} and {large['queries']:.0f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
