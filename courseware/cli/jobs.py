"""`flask jobs worker`: the job queue's consumer; `flask jobs ping`: check that a consumer answers."""
from __future__ import annotations

import logging
import secrets
import time

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="The job queue: run its consumer, check that one answers.")


@jobs_cli.command("worker")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Threads running jobs in this consumer.")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also enqueue the periodic tasks (reminders every 15 minutes).")
def worker_command(workers: int, periodic: bool) -> None:
    """Run the consumer until SIGTERM (finishes the jobs under way) or SIGINT/Ctrl-C."""
    from courseware.jobs.queue import bind_app, queue_for

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    bind_app(app)
    queue = queue_for(app.config)
    # max_delay: an idle worker polls SQLite at least every 2 s (Huey's default backs off to 10 s); on Redis
    # it blocks on the queue and takes a job at once.
    consumer = queue.huey.create_consumer(workers=workers, periodic=periodic, worker_type="thread", max_delay=2.0,
                                          graceful_signal="TERM", shutdown_timeout=60)
    consumer.run()


@jobs_cli.command("ping")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10, show_default=True,
              help="Seconds to wait for a consumer.")
def ping_command(timeout: float) -> None:
    """Enqueue a ping job and wait until a consumer has run it; exit 1 if none does in time."""
    from huey.exceptions import ResultTimeout, TaskException
    from redis.exceptions import RedisError

    from courseware.jobs.queue import queue_for

    token = secrets.token_hex(16)
    started = time.monotonic()
    try:
        # Woken by the consumer's answer on Redis; on SQLite Huey looks again at most every 0.2 s. A ping no
        # consumer took in time is revoked, so a consumer that starts later does not run it.
        worker = queue_for(current_app.config).ping(token).get(blocking=True, timeout=timeout, max_delay=0.2,
                                                                revoke_on_timeout=True)
    except ResultTimeout:
        raise click.ClickException(
            f"No consumer ran the ping within {timeout:g} s: is `flask jobs worker` running?") from None
    except TaskException as error:
        raise click.ClickException(f"A consumer took the ping but failed: {error}") from None
    except RedisError as error:
        raise click.ClickException(f"The queue at REDIS_URL cannot be reached: {error}") from None
    click.echo(f"Consumer {worker} ran the ping in {time.monotonic() - started:.1f} s.")


COMMANDS = (jobs_cli,)
