"""Browser tests: Debian's Chromium driven through Playwright against a live server.

Every page a test loads must pass axe (WCAG 2.2 A and AA rules) and must not log a
console error, a JavaScript exception or a Content-Security-Policy violation. The
`page` fixture records every URL the browser loaded; a test fails if it loaded a
page it never checked with `check(page)` (which `visit`, `submit` and `sign_in` call
for you).

Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""

from __future__ import annotations

import hashlib
import os
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    Route,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from tests.flush import audit_triggers, ship_reference_data

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
HERE = Path(__file__).resolve().parent

# Reports every CSP violation to the console as an error, with what was blocked.
CSP_REPORTER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`)
})
"""


# --- collection ---------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = not CHROMIUM.exists()
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} is missing: install Debian's Chromium "
                    "(apt-get install -y chromium) to run the browser tests"
                )
            )


# --- the database -------------------------------------------------------------------
#
# Browser tests need the live server, so pytest-django runs them as transactional
# tests: the database is emptied with `flush` after each (see tests/flush.py).


@pytest.fixture(scope="package", autouse=True)
def _browser_tests_package(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    # Playwright's sync API runs an asyncio event loop in this thread; Django would
    # otherwise refuse database access from the test code ("async unsafe"). Only
    # while these tests run: `manage.py check --deploy` in a subprocess of another
    # test rightly fails when it inherits the variable.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    # Tests that run after these (in the same test database) expect what the
    # migrations made: the audit triggers and the shipped roles.
    with django_db_blocker.unblock():
        audit_triggers(on=True)
        ship_reference_data()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _flushable_database(request: pytest.FixtureRequest) -> Iterator[None]:
    if "live_server" not in request.fixturenames:  # the harness tests need no database
        yield
        return
    request.getfixturevalue("transactional_db")
    audit_triggers(on=True)
    ship_reference_data()
    yield
    audit_triggers(on=False)


@pytest.fixture
def demo(transactional_db: None, live_server: LiveServer) -> None:
    """The demo partnerships and people, in the database the live server uses."""
    from masa.demo.build import build

    build()


# --- the browser --------------------------------------------------------------------


@pytest.fixture(scope="package")  # Playwright stops before the tests after these
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Monitor:
    """What the browser saw on one page (tab): loads, checks and problems."""

    javascript: bool = True
    loaded: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    failed_documents: set[str] = field(default_factory=set)


_MONITORS: weakref.WeakKeyDictionary[Page, Monitor] = weakref.WeakKeyDictionary()
# Fingerprints of DOMs axe found clean in this run.
_AXE_CLEAN: set[str] = set()


def _is_favicon(url: str) -> bool:
    return urlsplit(url).path.endswith("favicon.ico")


def watch(page: Page, *, javascript: bool = True) -> Monitor:
    """Start recording what `page` loads and every error the browser reports."""
    monitor = Monitor(javascript=javascript)
    _MONITORS[page] = monitor

    def on_load(loaded: Page) -> None:
        monitor.loaded.append(loaded.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "") if message.location else ""
        if _is_favicon(url):
            return
        # Chromium logs "Failed to load resource" for a page answered with 4xx,
        # such as a form with errors (400). A test asserts those statuses itself.
        if message.text.startswith("Failed to load resource") and url in monitor.failed_documents:
            return
        monitor.problems.append(f"console error: {message.text} ({url})")

    def on_page_error(error: Exception) -> None:
        monitor.problems.append(f"JavaScript exception: {error}")

    def on_response(response: Response) -> None:
        if response.status < 400:
            return
        if response.request.resource_type == "document":
            monitor.failed_documents.add(response.url)
        elif not _is_favicon(response.url):
            monitor.problems.append(f"{response.status} for {response.url}")

    def on_request_failed(request: Request) -> None:
        # A request cut short because the page moved on is not a fault.
        if request.failure and "ERR_ABORTED" not in request.failure:
            monitor.problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("load", on_load)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    if javascript:
        page.add_init_script(CSP_REPORTER)
    return monitor


def new_page(browser: Browser, *, javascript: bool = True) -> tuple[BrowserContext, Page]:
    """A fresh context and page (no cookies), watched. Close the context after."""
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
    page = context.new_page()
    watch(page, javascript=javascript)
    return context, page


def finish(page: Page) -> None:
    """Fail if the page reported a problem or loaded a page nobody checked."""
    monitor = _MONITORS[page]
    assert_no_problems(page)
    unchecked = [url for url in dict.fromkeys(monitor.loaded) if url not in monitor.checked]
    assert not unchecked, (
        "These pages were loaded but never checked with check(page) (axe and errors):\n"
        + "\n".join(f"  {url}" for url in unchecked)
    )


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context, tab = new_page(browser)
    try:
        yield tab
        finish(tab)
    finally:
        context.close()


# --- checks -------------------------------------------------------------------------


def assert_no_problems(page: Page) -> None:
    monitor = _MONITORS[page]
    problems, monitor.problems[:] = list(monitor.problems), []
    assert not problems, f"The browser reported problems on {page.url}:\n" + "\n".join(
        f"  - {problem}" for problem in problems
    )


class AccessibilityViolations(AssertionError):
    """axe found WCAG violations on a page."""


def axe_check(page: Page) -> None:
    """Run axe-core's WCAG 2.2 A and AA rules on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    # The same DOM (CSRF tokens aside) at the same size gives the same answer: the
    # sign-in pages, for example, are checked once per run, not once per test.
    html: str = page.evaluate("document.documentElement.outerHTML")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    fingerprint = hashlib.sha256(f"{page.viewport_size}\n{html}".encode()).hexdigest()
    if fingerprint in _AXE_CLEAN:
        return
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"  - {violation['id']} ({violation['impact']}): {violation['help']}"
                f" [{len(violation['nodes'])} element(s)] {violation['helpUrl']}"
            )
            for node in violation["nodes"][:3]:
                target = " > ".join(str(part) for part in node["target"])
                lines.append(f"      {target}: {node['html'][:160]}")
        raise AccessibilityViolations("\n".join(lines))
    _AXE_CLEAN.add(fingerprint)


def check(page: Page) -> None:
    """Check the page as it is now: axe, console errors, CSP violations."""
    page.wait_for_load_state("load")
    monitor = _MONITORS[page]
    if monitor.javascript:
        axe_check(page)
    else:
        axe_check_without_javascript(page)
    assert_no_problems(page)
    monitor.checked.add(page.url)


def axe_check_without_javascript(page: Page) -> None:
    """axe on a page shown without JavaScript.

    axe needs JavaScript to run, so the page's HTML, as the browser parsed it and
    with its scripts taken out, is shown at the same address in a second page that
    has JavaScript, and axe runs there.
    """
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.DOTALL | re.I)
    address = page.url
    browser = page.context.browser
    assert browser is not None

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    context = browser.new_context(viewport=VIEWPORT)
    try:
        twin = context.new_page()
        twin.route(lambda url: url == address, serve)
        twin.goto(address)
        axe_check(twin)
    finally:
        context.close()


def absolute(live_server: LiveServer, url: str) -> str:
    return urljoin(live_server.url + "/", url)


def visit(page: Page, live_server: LiveServer, url: str, *, status: int = 200) -> Response:
    """Go to `url` (a path on the live server), expect `status`, and check the page."""
    response = page.goto(absolute(live_server, url))
    assert response is not None
    assert response.status == status, f"{url}: expected {status}, got {response.status}"
    check(page)
    return response


def submit(
    page: Page, button: str, *, within: Locator | None = None, status: int = 200
) -> Response:
    """Press a submit button (by its accessible name), wait for the next page, check it."""
    scope: Page | Locator = within if within is not None else page
    with page.expect_navigation() as navigation:
        scope.get_by_role("button", name=button, exact=True).click()
    response = navigation.value
    assert response is not None
    assert response.status == status, f"{response.url}: expected {status}, got {response.status}"
    check(page)
    return response


def follow(page: Page, link: str, *, within: Locator | None = None, exact: bool = True) -> None:
    """Follow a link (by its accessible name) and check the page it leads to."""
    scope: Page | Locator = within if within is not None else page
    with page.expect_navigation():
        scope.get_by_role("link", name=link, exact=exact).click()
    check(page)


def follow_menu(page: Page, item: str) -> None:
    """Open a page from the menu: straight from it, or, in a long menu grouped into
    sections (masa/core/navigation.py), from the page of the section that holds it."""
    from masa.core.navigation import ITEMS, section_of

    menu = page.get_by_role("navigation", name="Menu")
    if menu.get_by_role("link", name=item, exact=True).count():
        follow(page, item, within=menu)
        return
    section = next(section_of(i) for i in ITEMS if i.label == item)
    assert section is not None
    follow(page, section.label, within=menu)
    follow(page, item, within=page.locator("main"))


def totp_code(email: str, *, steps_ahead: int = 0) -> str:
    """The code the demo person's authenticator app shows now, or `steps_ahead` steps later.

    A code is accepted once: signing in again within the same 30 seconds needs the
    next one, which the service accepts because it allows one step of clock drift.
    """
    import time

    from django_otp.oath import TOTP

    from masa.demo.build import demo_totp_key

    totp = TOTP(bytes.fromhex(demo_totp_key(email)))
    totp.time = time.time() + 30 * steps_ahead
    code: int = totp.token()
    return f"{code:06d}"


def sign_in(
    page: Page,
    live_server: LiveServer,
    email: str,
    password: str | None = None,
    *,
    again: bool = False,
) -> bool:
    """Sign in through the GOV.UK form, and the two-factor step when it comes.

    Returns whether the service asked for a security code.
    """
    from masa.demo.people import DEMO_PASSWORD

    visit(page, live_server, "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password or DEMO_PASSWORD)
    submit(page, "Continue")
    two_factor = urlsplit(page.url).path == "/sign-in/two-factor/"
    if two_factor:
        page.get_by_label("Security code").fill(totp_code(email, steps_ahead=int(again)))
        submit(page, "Continue")
    assert not urlsplit(page.url).path.startswith("/sign-in/"), f"still signing in: {page.url}"
    return two_factor
