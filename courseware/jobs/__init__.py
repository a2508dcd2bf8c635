"""The job queue (Huey): SQLite in instance/ on one machine, Redis when REDIS_URL is set; see docs/jobs.md."""
from courseware.jobs.queue import Queue, queue_for

__all__ = ["Queue", "queue_for"]
