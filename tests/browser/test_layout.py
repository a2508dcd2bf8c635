"""Layout in a real Chromium: the header on a laptop and on a phone, and the radar's labels inside its picture."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey

pytestmark = pytest.mark.browser
LANGS = ["zh-Hans", "en"]


@pytest.fixture
def screen(browser, server):
    """A Journey (axe checks every visit) in a context of the given viewport and options."""
    contexts, journeys = [], []

    def open_(width: int, height: int, **options) -> Journey:
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        journeys.append(Journey(page, server))
        return journeys[-1]

    yield open_
    for context in contexts:
        context.close()
    violations = [v for j in journeys for v in j.violations]
    assert violations == [], "accessibility (axe, serious or critical):\n" + "\n".join(violations)


def test_the_english_header_is_one_line_at_1366(screen):
    journey = screen(1366, 768)
    journey.login("admin")  # the role with the most links
    journey.language("en")
    header = journey.page.locator("header.site-header")
    items = header.locator(".brand, .main-nav a, .header-tools > *")
    assert items.count() >= 11
    boxes = [items.nth(n).bounding_box() for n in range(items.count())]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) <= 2, middles  # one row: every item centered on the same line
    assert header.bounding_box()["height"] <= max(box["height"] for box in boxes) + 24
    assert not journey.page.locator("label[for=site-menu-toggle]").is_visible()


def _log_in_without_javascript(page, base: str, username: str, lang: str) -> None:
    """Log in and pick the language by the forms alone (axe needs JavaScript, so this page goes unchecked)."""
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", "sales-demo")
    page.click("main input[type=submit]")
    page.wait_for_load_state()
    if page.locator("html").get_attribute("lang") != lang:
        page.click("label[for=site-menu-toggle]")  # the language button is in the menu
        page.click("header .lang-switch button")
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_the_phone_header_is_a_menu_that_opens_without_javascript(browser, server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    _log_in_without_javascript(page, server, "trainer", lang)
    page.goto(server + "/")
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 64
    nav = header.locator(".main-nav")
    expect(nav).to_be_hidden()
    # Keyboard: tab from the brand to the menu's checkbox, open it with the space bar, tab into the links.
    toggle = page.locator("#site-menu-toggle")
    page.focus("header .brand")
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(toggle).to_be_checked()
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.locator("a").first).to_be_focused()
    nav.locator("a[href='/glossary']").click()
    page.wait_for_url("**/glossary")
    assert header.bounding_box()["height"] <= 64  # closed again on the new page
    # Clicking the label opens it too, and the log-out button is reachable.
    page.click("label[for=site-menu-toggle]")
    expect(header.locator("form[action$='/logout'] button")).to_be_visible()
    context.close()


def test_the_open_phone_menu_passes_axe(screen):
    journey = screen(390, 844)
    journey.login("admin")
    journey.page.click("label[for=site-menu-toggle]")
    expect(journey.page.locator("header .main-nav")).to_be_visible()
    journey.check()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [1280, 390])
def test_radar_labels_lie_inside_the_picture(screen, lang, width):
    journey = screen(width, 900)
    page = journey.page
    journey.login("learner")
    if width < 600:
        page.click("label[for=site-menu-toggle]")
    journey.language(lang)
    tracker = page.locator("header a[href$='/tracker']").get_attribute("href")
    learner_id = re.search(r"/learners/(\d+)/", tracker).group(1)
    journey.visit(f"/learners/{learner_id}/competencies")
    outside = page.eval_on_selector("figure.radar svg", """svg => {
        const box = svg.viewBox.baseVal, out = [];
        for (const label of svg.querySelectorAll('text')) {
            const b = label.getBBox();
            if (b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width || b.y + b.height > box.y + box.height)
                out.push([label.textContent, b.x, b.y, b.width, b.height, box.x, box.y, box.width, box.height]);
        }
        return out;
    }""")
    assert page.locator("figure.radar svg text").count() == 4
    assert outside == []
