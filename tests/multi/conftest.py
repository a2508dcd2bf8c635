"""The tests of the app served by gunicorn in its own processes: one server under load (SQLite's write lock,
PostgreSQL's concurrent submits) and two servers sharing PostgreSQL and Redis. Their fixture here: the
redis-server (tests/servers/redis_server.py)."""
from tests.servers.redis_server import redis_server  # noqa: F401 (a fixture)
