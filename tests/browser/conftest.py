"""Browser tests: a real server process (gunicorn) on a free port, driven by Debian's Chromium through Playwright;
axe-core checks every page visited. One server serves the whole session, and each test starts on fresh demo data:
the demo database, built once, is copied over the served file before the test. A failing test saves a
screenshot and the page's HTML under test-artifacts/<test name>/ and prints that folder."""
from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT, copy_sqlite
from tests.gunicorn import serve

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
SERIOUS = ("serious", "critical")


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def served(tmp_path_factory, demo_database) -> Iterator[tuple[str, Path]]:
    """gunicorn (2 workers) on a copy of the demo database, for the whole session: its base URL and its file."""
    folder = tmp_path_factory.mktemp("browser")
    live = folder / "db.sqlite"
    copy_sqlite(demo_database, live)
    env = {**os.environ, "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}",
           "DATABASE_URL": f"sqlite:///{live}", "SECRET_KEY": secrets.token_hex(32)}
    with serve(env, "--workers", "2", "--access-logfile", str(folder / "access.log"),
               error_log=folder / "error.log") as base:
        yield base, live


@pytest.fixture
def server(served, demo_database) -> str:
    """The served app's base URL, its database put back to the fresh demo data (the server keeps running)."""
    base, live = served
    copy_sqlite(demo_database, live)
    return base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


class Journey:
    """A page with helpers: every visit is checked by axe-core for serious and critical violations."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.violations: list[str] = []
        self.visited: list[str] = []

    def url(self, path: str) -> str:
        return self.base + path

    def check(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        result = Axe().run(self.page)
        path = self.page.url.replace(self.base, "")
        self.visited.append(path)
        assert self.page.locator("html").get_attribute("lang") in ("zh-Hans", "en"), path
        for violation in result.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [", ".join(n["target"]) for n in violation["nodes"]][:3]
                self.violations.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")

    def visit(self, path: str) -> None:
        self.page.goto(self.url(path))
        self.check()

    def login(self, username: str, password: str = "sales-demo") -> None:
        self.visit("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        self.page.click("main input[type=submit]")
        self.page.wait_for_load_state()

    def language(self, lang: str) -> None:
        """Switch with the header button when the page is not in `lang` yet."""
        if self.page.locator("html").get_attribute("lang") != lang:
            self.page.click("header .lang-switch button")
            self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("lang") == lang

    def logout(self) -> None:
        self.page.click("header form[action$='/logout'] button")
        self.page.wait_for_load_state()


@pytest.fixture
def journey(request, browser, server) -> Iterator[Journey]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    expect.set_options(timeout=15000)  # a loaded machine: conditions get as long as actions
    run = Journey(page, server)
    yield run
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "page.png"), full_page=True)
        (folder / "page.html").write_text(page.content(), encoding="utf-8")
        print(f"\nscreenshot and HTML of the failing page: {folder}")
    context.close()
    assert run.violations == [], "accessibility (axe, serious or critical):\n" + "\n".join(run.violations)
