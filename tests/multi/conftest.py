"""Fixtures of the multi-machine tests: the redis-server (tests/servers/redis_server.py)."""
from tests.servers.redis_server import redis_server  # noqa: F401 (a fixture)
