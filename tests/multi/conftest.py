"""Fixtures of the multi-machine tests: the redis-server (tests/redis_server.py)."""
from tests.redis_server import redis_server  # noqa: F401 (a fixture)
