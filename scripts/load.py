"""Load test: simulated learners reading and answering for a fixed time against gunicorn and PostgreSQL.

    python scripts/load.py                       # 200 learners, 60 s, a private PostgreSQL 15
    python scripts/load.py --learners 50 --seconds 20 --database sqlite

Every simulated learner logs in, then loops: the dashboard, a module section, and a practice quiz
answered and submitted. Traffic goes only to the local server. It prints the requests made, the errors
(expected: zero; any error makes it exit with status 1) and the median and 95th-percentile latency of
each kind of request.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Session, answer_and_submit, build_data  # noqa: E402

from tests.gunicorn import serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    args = parser.parse_args()
    postgres = None
    folder = Path(tempfile.mkdtemp(prefix="courseware-load-"))
    if args.database == "postgresql":
        from tests.servers.postgres import PostgresServer

        postgres = PostgresServer().start()
        url = postgres.create_database("load")
    else:
        url = f"sqlite:///{folder / 'load.sqlite'}"
    try:
        build_data(url, args.learners)
        env = {**os.environ, "DATABASE_URL": url, "RATELIMIT_ENABLED": "0", "SECRET_KEY": secrets.token_hex(32)}
        with serve(env, "--workers", str(args.workers), "--threads", "4") as base:
            timings: dict[str, list[float]] = {"dashboard": [], "section": [], "quiz answer-and-submit": []}
            errors: list[str] = []
            lock = threading.Lock()
            stop_at = [0.0]

            def start_clock() -> None:  # the measured seconds start once every learner has logged in
                stop_at[0] = time.monotonic() + args.seconds

            barrier = threading.Barrier(args.learners, action=start_clock)

            def learner(n: int) -> None:
                try:
                    session = Session(base, f"l{n}")
                except Exception as exc:  # noqa: BLE001
                    with lock:
                        errors.append(f"login l{n}: {exc!r}")
                    session = None
                barrier.wait()  # also after a failed login, or the others would wait for it forever
                if session is None:
                    return
                steps = [("dashboard", lambda: session.get("/")),
                         ("section", lambda: session.get("/learn/sales-fundamentals/sales-funnel")),
                         ("quiz answer-and-submit", lambda: answer_and_submit(session))]
                while time.monotonic() < stop_at[0]:
                    for name, step in steps:
                        started = time.perf_counter()
                        try:
                            step()
                        except Exception as exc:  # noqa: BLE001
                            with lock:
                                errors.append(f"{name}: {exc!r}")
                            continue
                        with lock:
                            timings[name].append(time.perf_counter() - started)

            threads = [threading.Thread(target=learner, args=(n,)) for n in range(args.learners)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        if postgres:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
    total = sum(len(v) for v in timings.values())
    print(f"{args.learners} learners, {args.seconds:.0f} s, {args.database}, gunicorn {args.workers} workers")
    print(f"operations: {total}, errors: {len(errors)}")
    for name, values in timings.items():
        if values:
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            print(f"  {name:24} n={len(values):6} median {1000 * statistics.median(values):7.0f} ms   p95 {1000 * p95:7.0f} ms")
    for error in errors[:10]:
        print("  error:", error)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
