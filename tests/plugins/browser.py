"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the
live server. Never downloads a browser."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the
# tests make in between are ordinary blocking calls, which Django would refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make install` (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch_csp(page) -> list[str]:
    """Collect what the Content-Security-Policy blocked on this page (an inline
    script or style, a foreign source): every browser test must end with none."""
    blocked: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", on_console)
    return blocked


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked = watch_csp(page)
    yield page
    context.close()
    assert blocked == [], "the page broke its Content-Security-Policy"


@pytest.fixture
def login(page):
    def do(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/")

    return do


@pytest.fixture
def shots():
    """Where browser tests leave their screenshots for a person to look at
    (``SHOTS_DIR``, /tmp/shots by default)."""
    from pathlib import Path

    path = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path
