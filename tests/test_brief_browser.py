"""The brief in a real browser: offline, no script runs, hostile text stays inert.

Headless Chromium (Debian's package; ``.ci/run`` installs it) is driven by
Playwright. The brief of a copy of the mini dataset whose text fields hold 60
hostile strings must make zero network requests, run zero scripts and show the
strings as text. A screenshot is saved for a person to look at.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from tests.browser import BROWSER_MARKS, launch_chromium

from osintkit import paths
from osintkit.brief import build_brief

MINI = Path(__file__).parent / "fixtures" / "mini"
SCREENSHOTS = paths.OUTPUT_DIR / "screenshots"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright missing")
pytestmark = BROWSER_MARKS

_PATTERNS = [
    "<script>window.__pwned=(window.__pwned||0)+1</script>{n}",
    '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">{n}',
    '<svg onload="window.__pwned=(window.__pwned||0)+1">{n}</svg>',
    "javascript:window.__pwned=1//{n}",
    "</script><script>window.__pwned=1</script>{n}",
    "[click {n}](javascript:window.__pwned=1)",
    "![remote image {n}](https://tracker.invalid/{n}.png)",
    "\u202eevil {n} \u202c text",
    "$\\href{{javascript:window.__pwned=1}}{{x{n}}}$",
    '<a href="https://exfil.invalid/{n}">link</a><iframe src="https://exfil.invalid/{n}">',
    '<link rel="stylesheet" href="https://cdn.invalid/{n}.css">',
    '<style>@import url("https://cdn.invalid/{n}.css");</style>',
]
HOSTILE = [pattern.format(n=n) for n in range(5) for pattern in _PATTERNS]


def rewrite(path: Path, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    edit(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


@pytest.fixture(scope="module")
def hostile_brief(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    dataset = root / "kursk-belgorod-mini"
    shutil.copytree(MINI / "kursk-belgorod-mini", dataset)
    shutil.copytree(MINI / "reference", root / "reference")
    payloads = iter(HOSTILE)

    def claims(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            for column in ("summary", "notes", "place_raw", "value_text"):
                row[header.index(column)] = next(payloads)
        # A hostile URL is invalid: it reaches the brief in the issues table.
        rows[1][header.index("url")] = next(payloads)

    def sources(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            for column in ("name", "notes"):
                row[header.index(column)] = next(payloads)

    def incidents(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            for column in ("title", "summary", "grouping_notes"):
                row[header.index(column)] = next(payloads)

    rewrite(dataset / "claims.csv", claims)
    rewrite(dataset / "sources.csv", sources)
    rewrite(dataset / "incidents.csv", incidents)
    used = len(HOSTILE) - sum(1 for _ in payloads)
    assert used >= 50
    return build_brief(dataset, root / "brief", start="2024-03-11", end="2024-03-20")


# Records, before any script of the page runs, every script the page tries to
# run that its Content-Security-Policy blocks, and every script element added.
_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

# The page's own scripts, found by what they contain.
_OWN_SCRIPTS = ("plotly.js v", "osintkit-plotly-data")


def open_in_chromium(page_path: Path, screenshot: Path) -> dict:
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.add_init_script(_WATCH)
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on(
                "dialog",
                lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()),
            )
            page.goto(page_path.as_uri(), wait_until="load")
            charts = page.eval_on_selector_all("div.osintkit-plotly", "e => e.length")
            if charts:  # plotly draws each chart into an <svg class="main-svg">
                page.wait_for_function(
                    "n => document.querySelectorAll("
                    "'div.osintkit-plotly .main-svg').length >= n",
                    arg=charts,
                    timeout=30_000,
                )
            page.wait_for_timeout(300)
            result = {
                "pwned": page.evaluate(
                    "window.__pwned === undefined ? 0 : window.__pwned"
                ),
                "violations": page.evaluate("window.__violations"),
                "text": page.inner_text("body"),
                "images": page.eval_on_selector_all("img", "els => els.length"),
                "iframes": page.eval_on_selector_all("iframe", "els => els.length"),
                "executable_scripts": page.eval_on_selector_all(
                    "script:not([type='application/json'])",
                    "els => els.map(e => e.textContent.slice(0, 400))",
                ),
                "charts": charts,
                "drawn_charts": page.eval_on_selector_all(
                    "div.osintkit-plotly",
                    "els => els.filter(e => "
                    "e.classList.contains('js-plotly-plot') && "
                    "e.querySelector('.main-svg')).length",
                ),
                "chart_labels": page.eval_on_selector_all(
                    "figure.osintkit-chart", "els => els.map(e => e.ariaLabel)"
                ),
                "map_shapes": page.eval_on_selector_all(
                    "figure.osintkit-chart[aria-label^='Map'] .scatterlayer path",
                    "els => els.length",
                ),
            }
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    result["requests"] = [
        url for url in requests if not url.startswith(("file:", "data:"))
    ]
    result["dialogs"] = dialogs
    result["errors"] = errors
    return result


def assert_only_own_scripts(seen: dict) -> None:
    scripts = seen["executable_scripts"]
    assert len(scripts) == 2, [text[:80] for text in scripts]
    for text, marker in zip(scripts, _OWN_SCRIPTS, strict=True):
        assert marker in text


def test_sample_brief_opens_offline_in_chromium(tmp_path):
    index = build_brief(
        paths.SAMPLE_DATASET, tmp_path / "brief", start="2024-03-11", end="2024-03-17"
    )
    seen = open_in_chromium(index, SCREENSHOTS / "sample-brief.png")
    assert seen["requests"] == []
    assert seen["errors"] == []
    assert seen["violations"] == []
    assert_only_own_scripts(seen)
    # every plotly chart is drawn, the map among them
    assert seen["charts"] >= 6
    assert seen["drawn_charts"] == seen["charts"]
    assert any(label.startswith("Map") for label in seen["chart_labels"])
    assert seen["map_shapes"] > 30  # oblast outlines and claim points
    assert "Made with Natural Earth" in seen["text"]
    assert "Weekly brief" in seen["text"]
    assert (SCREENSHOTS / "sample-brief.png").stat().st_size > 10_000


@pytest.fixture(scope="module")
def hostile_seen(hostile_brief) -> dict:
    return open_in_chromium(hostile_brief, SCREENSHOTS / "hostile-brief.png")


def test_hostile_brief_runs_no_script_and_requests_nothing(hostile_seen):
    seen = hostile_seen
    assert seen["requests"] == []
    assert seen["dialogs"] == []
    assert seen["pwned"] == 0
    assert seen["violations"] == []  # no injected script even tried to run
    assert_only_own_scripts(seen)
    assert seen["iframes"] == 0
    assert seen["charts"] > 0 and seen["drawn_charts"] == seen["charts"]


def test_hostile_strings_are_shown_as_text(hostile_seen):
    shown = hostile_seen["text"]
    assert "<script>window.__pwned" in shown  # the markup is visible, not parsed
    assert '<iframe src="https://exfil.invalid/' in shown
    assert "<U+202E>" in shown  # bidi overrides are spelled out in the issues
