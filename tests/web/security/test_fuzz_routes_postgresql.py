"""The route fuzzer of test_fuzz_routes.py, its PostgreSQL half (in a file of its own so that `--dist loadfile`
runs the two halves on two workers)."""
import pytest

from tests.web.security.test_fuzz_routes import test_no_input_gives_a_5xx  # noqa: F401 (collected here too)

pytestmark = pytest.mark.only_database("postgresql")
