"""Browser-test helpers (Playwright) that work under the portal's Content Security Policy."""

from __future__ import annotations

import time


def wait_for_js(page, expression: str, *, arg=None, timeout: float = 30) -> None:
    """Wait until `expression` (a JavaScript expression or function, awaited) is truthy.

    Not page.wait_for_function: when its first look is false, Playwright polls by
    compiling the predicate with eval inside the page, which the portal's policy
    (script-src 'self', no 'unsafe-eval') refuses with an EvalError, so the test failed
    or passed by timing. page.evaluate goes through the DevTools protocol, which the
    policy does not govern.
    """
    deadline = time.monotonic() + timeout
    while not (page.evaluate(expression) if arg is None else page.evaluate(expression, arg)):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(100)
