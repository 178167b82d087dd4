"""Headless Chromium for the browser tests: where it is, when to skip, how to start it.

Debian's ``chromium`` package (``.ci/run`` installs it) is driven by Playwright.
Test modules import this as ``tests.browser`` (the repository root is on
``sys.path`` through the root ``conftest.py``) and keep their own
``pytest.importorskip("playwright.sync_api")``, so that this module needs no
Playwright to import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

#: Debian's Chromium, the only browser the tests drive.
CHROMIUM = Path("/usr/bin/chromium")

#: Marks for a module of browser tests: ``browser``, skipped without Chromium.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (.ci/run installs it in CI)",
    ),
]

#: Chromium flags: headless in a container, and no traffic of its own (updates,
#: sync, first-run pages), so that every request a test sees comes from the page.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch_chromium(playwright: Any) -> Any:
    """Start headless Chromium with :data:`CHROMIUM_ARGS`; the caller closes it.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        The object ``sync_playwright()`` yields.

    Returns
    -------
    playwright.sync_api.Browser
    """
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
    )
