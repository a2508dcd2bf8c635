"""Waiting on what another process does (a consumer's row in the database, a line in its log): nothing notifies
the test, so it looks again every 50 ms until the condition holds or the deadline passes. Never a fixed wait."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
INTERVAL = 0.05


def poll(look: Callable[[], T], done: Callable[[T], bool], timeout: float) -> T:
    """What `look()` returns once `done` holds for it, or its last value at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = look()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(INTERVAL)
