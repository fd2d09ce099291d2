"""What the browser tests share: Debian's Chromium driven by Playwright, the real server, a strict CSP.

Fixtures: `server` (the real service in a subprocess), `browser`, `browser_context` (a factory of
fresh browser profiles) and `page` (one tab of a fresh profile). Every document is served with a
strict Content-Security-Policy (the server's own when it sends one, else STRICT_CSP), so a page
that injects inline script or style shows up as a console error. axe-core (installed by .ci/run
from the npm registry) is preloaded into every page for `axe_violations`.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from server_process import REPO_ROOT, ServerProcess

try:  # auto-waiting assertions: they retry until true (or the safety-net timeout)
    from playwright.sync_api import expect
except ImportError:  # _require_browser() skips (or, under CI, fails) before any test uses it
    expect = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = REPO_ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHARED_SHOTS = Path("/tmp/frontend-shots")
# safety nets, not performance limits: a hung page fails with a message instead of hanging CI
STEP_LIMIT_MS = 120_000
WORKFLOW_LIMIT_MS = 900_000
VIDEO_SETTINGS = {"VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180, "VIDEO_FPS": 12}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# what issue 13 asks the server to send; used until (unless) the server sends its own
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; media-src 'self' blob:; "
              "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _missing(what: str, problem: str | None) -> None:
    """Skip locally when a tool is missing; under CI that is a failure, never a skip."""
    if problem and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} cannot run: {problem}", pytrace=False)
    if problem:
        pytest.skip(problem)


def _require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            problem = f"playwright is not installed ({exc})"
    _missing("browser test", problem)


def require_axe() -> None:
    _missing("accessibility check", None if AXE.exists() else f"{AXE} is missing (bash .ci/run installs axe-core)")


@pytest.fixture
def server(tmp_path):
    _require_browser()
    with ServerProcess(tmp_path / "server", VIDEO_SETTINGS) as running:
        running.start()
        yield running


@pytest.fixture
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        expect.set_options(timeout=STEP_LIMIT_MS)
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _serve_with_csp(route) -> None:
    """Documents get a strict CSP (unless the server sent one); everything else passes untouched."""
    if route.request.resource_type != "document":
        route.fallback()
        return
    response = route.fetch()
    headers = dict(response.headers)
    if not any(name.lower() == "content-security-policy" for name in headers):
        headers["content-security-policy"] = STRICT_CSP
    route.fulfill(response=response, headers=headers)


def watch(tab) -> None:
    """Record what a tab reports: uncaught errors, console errors, requests it sent."""
    tab.set_default_timeout(STEP_LIMIT_MS)
    tab.page_errors = []
    tab.console_errors = []
    tab.requests = []
    tab.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    tab.on("console", lambda message: tab.console_errors.append(message.text) if message.type == "error" else None)
    tab.on("request", lambda request: tab.requests.append(f"{request.method} {request.url}"))


@pytest.fixture
def browser_context(browser, server):
    """A factory of fresh browser profiles on the server (same profile = shared cookies and tabs).

    At the end, any uncaught script error or CSP violation in any of their tabs fails the test.
    """
    contexts = []

    def make(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=server.url, accept_downloads=True)
        context.route("**/*", _serve_with_csp)
        if AXE.exists():  # init scripts are not subject to the page's CSP
            context.add_init_script(path=str(AXE))
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        errors = [error for tab in context.pages for error in tab.page_errors]
        refused = [error for tab in context.pages for error in tab.console_errors if "Content Security Policy" in error]
        context.close()
        assert errors == [], f"uncaught errors in the page: {errors}"
        assert refused == [], f"the page broke its Content-Security-Policy: {refused}"


@pytest.fixture
def page(browser_context):
    """A fresh browser profile on the server's page; uncaught script errors fail the test."""
    return browser_context().new_page()


class Shots:
    """Numbered full-page screenshots under tmp_path; some are shared in /tmp/frontend-shots."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def take(self, page, name: str, share: bool = False) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if share:
            SHARED_SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SHARED_SHOTS / path.name)
        return path


def open_page(page, path: str | None = "/") -> None:
    """Load (or, with path=None, reload) the page and wait until its start-up is over."""
    if path is None:
        page.reload()
    else:
        page.goto(path)
    page.wait_for_selector("body[data-ready=true]", state="attached")


def wait_for_steps_done(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#stepper .step.is-done').length === n"
        " && document.querySelectorAll('#stepper .step.is-running').length === 0",
        arg=count, timeout=WORKFLOW_LIMIT_MS)


def media_duration(page, selector: str) -> float:
    """The duration the browser decoded for a <video>/<audio>, after its metadata loaded."""
    return page.eval_on_selector(selector, """media => new Promise((resolve, reject) => {
        const done = () => resolve(media.duration);
        if (media.readyState >= 1) return done();
        media.addEventListener('loadedmetadata', done, {once: true});
        media.addEventListener('error', () => reject(new Error('media error ' + (media.error && media.error.code))),
                               {once: true});
        media.load();
    })""")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.x A/AA and best-practice violations on the page as it is, one line each."""
    require_axe()
    return page.evaluate("""() => axe.run(document, {resultTypes: ['violations']}).then(result =>
        result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))""")
