"""The security headers in a real browser (Debian's Chromium): the page works under its CSP, and
no other site can frame it. Complements tests/test_security.py, which checks the headers themselves."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from server_process import ServerProcess

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEP_LIMIT_MS = 120_000      # safety nets, not performance limits
WORKFLOW_LIMIT_MS = 600_000
# every CSP violation the page meets, from the DOM event the browser fires for each
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`));
"""


def require_browser() -> None:
    """Skip locally without a browser; under CI a missing browser is a failure, never a skip."""
    problem = None if CHROMIUM.exists() else f"{CHROMIUM} is missing (apt-get install chromium)"
    if problem is None:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            problem = f"playwright is not installed ({exc})"
    if problem and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run: {problem}", pytrace=False)
    if problem:
        pytest.skip(problem)


@pytest.fixture
def server(tmp_path):
    require_browser()
    with ServerProcess(tmp_path / "server", {"VIDEO_WIDTH": 160, "VIDEO_HEIGHT": 90, "VIDEO_FPS": 6}) as running:
        yield running.start()


@pytest.fixture
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_the_whole_page_works_under_the_content_security_policy(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    page = context.new_page()
    page.set_default_timeout(STEP_LIMIT_MS)
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        response = page.goto("/")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page.wait_for_selector("body[data-ready=true]", state="attached")
        page.fill("#auth-username", "csp-reader")
        page.fill("#auth-password", "violet tractor umbrella")
        page.click("#register-button")
        page.wait_for_selector("#studio-view:not([hidden])")
        page.fill("#topic", "A lost kitten learns to ask for help")
        page.click("#create-task-button")
        page.wait_for_selector("#task-detail:not([hidden])")
        page.click("#run-all-button")
        # (functions, not strings: Playwright evaluates a string with eval, which the policy refuses)
        page.wait_for_function("() => document.querySelectorAll('#stepper .step.is-done').length === 5",
                               timeout=WORKFLOW_LIMIT_MS)
        page.wait_for_selector("#video-section:not([hidden])")
        # pictures, narration and the film all come from blob: URLs, which the policy allows
        assert page.get_attribute("#video", "src").startswith("blob:")
        assert page.eval_on_selector("#video", """video => new Promise(done => {
            if (video.readyState >= 1) return done(video.duration);
            video.addEventListener('loadedmetadata', () => done(video.duration), { once: true });
            video.load(); })""") > 0
        widths = page.eval_on_selector_all("#pages img", "images => Promise.all(images.map(img => "
                                                         "img.decode().then(() => img.naturalWidth)))")
        assert widths and set(widths) == {160}
        page.reload()  # a reload restores the session through /api/refresh: same origin, allowed
        page.wait_for_selector("#studio-view:not([hidden])")
        assert page.evaluate("window.__cspViolations") == []
        assert [text for text in console if "Content Security Policy" in text] == []
    finally:
        context.close()


def test_another_site_cannot_frame_the_page(server, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content(f'<iframe src="{server.url}/" width="800" height="600"></iframe>')  # waits for load
        [child] = [frame for frame in page.frames if frame is not page.main_frame]
        # Chromium replaces a refused frame with its own error page
        assert child.url.startswith("chrome-error://"), child.url
        assert "Story Agent" not in child.content()
    finally:
        context.close()
