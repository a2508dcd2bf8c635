"""Login limits count failed logins only: 10 a minute per account, 30 a minute per address, so a training
room behind one company address logs in at 9:00 while password guessing is still stopped."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from werkzeug.security import generate_password_hash

from courseware.extensions import db
from courseware.models import User

TOO_MANY = {"zh_Hans": ("尝试次数过多", "请等待一分钟后再试。"), "en": ("Too many attempts", "Please wait a minute before trying again.")}


@pytest.fixture
def clock():
    """The clock stands still, so a test's logins fall in one of the limits' minutes however slow the machine;
    `clock.shift(seconds)` moves it on."""
    with time_machine.travel(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def limited(make_extra_app, clock):
    """The app with its login limits on, in the configured limiter storage (memory:// in the tests)."""
    return make_extra_app(RATELIMIT_ENABLED=True)


# A cheap hash of "correct-horse": Werkzeug reads the method from the stored hash, so logins take the same path
# as with scrypt, and the test's minute is spent on the limits rather than on 100 memory-hard hashes.
CHEAP_HASH = generate_password_hash("correct-horse", method="pbkdf2:sha256:1000")


def learners(*usernames: str) -> None:
    db.session.add_all(User(username=name, display_name=name, password_hash=CHEAP_HASH) for name in usernames)
    db.session.commit()


def log_in(app, username: str, password: str = "correct-horse", lang: str | None = None) -> int:
    """One login from a new browser at the test client's address (127.0.0.1); the response's status."""
    client = app.test_client()
    if lang:
        client.post("/language", data={"lang": lang})
    return client.post("/login", data={"username": username, "password": password}).status_code


def test_a_training_room_behind_one_address_all_gets_in(limited):
    learners(*(f"hire{n:02d}" for n in range(45)))
    codes = [log_in(limited, f"hire{n:02d}") for n in range(45)]  # in one minute (the clock stands still)
    assert codes == [302] * 45
    # The successes used none of the address's budget: 30 failures are still answered, the 31st is limited.
    failures = [log_in(limited, f"hire{n:02d}", "wrong-password") for n in range(30)]
    assert failures == [401] * 30
    assert log_in(limited, "hire44", "wrong-password") == 429


def test_password_guessing_on_one_account_is_limited_while_others_get_in(limited):
    learners("mei", "lei")
    codes = [log_in(limited, "mei", "wrong-password") for _ in range(15)]
    assert codes == [401] * 10 + [429] * 5
    assert log_in(limited, "MEI ") == 429  # the account is limited, even with its password, however it is typed
    assert log_in(limited, "lei") == 302  # another account from the same address still gets in


def test_failures_over_many_accounts_from_one_address_are_limited(limited):
    learners("mei", *(f"hire{n:02d}" for n in range(31)))
    codes = [log_in(limited, f"hire{n:02d}", "wrong-password") for n in range(31)]
    assert codes == [401] * 30 + [429]
    assert log_in(limited, "mei") == 429  # the address is limited for the minute


def test_a_limit_ends_after_its_minute(limited, clock):
    learners("mei")
    assert [log_in(limited, "mei", "wrong-password") for _ in range(11)] == [401] * 10 + [429]
    clock.shift(59)
    assert log_in(limited, "mei") == 429
    clock.shift(2)  # a minute and a second after the failures
    assert log_in(limited, "mei") == 302


@pytest.mark.parametrize("lang", ["zh_Hans", "en"])
def test_the_limit_page_is_in_the_visitors_language(limited, lang):
    learners("mei")
    for _ in range(10):
        log_in(limited, "mei", "wrong-password")
    client = limited.test_client()
    client.post("/language", data={"lang": lang})
    response = client.post("/login", data={"username": "mei", "password": "wrong-password"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and all(text in page for text in TOO_MANY[lang]), page

