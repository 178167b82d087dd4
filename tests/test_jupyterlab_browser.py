"""The explorer notebook in a real JupyterLab: its widgets render, offline.

This virtualenv's JupyterLab is started on 127.0.0.1 with a free port, a
random token, and its settings and runtime files in a temporary folder. News,
update checks, the PyPI extension manager and the build check are off. Its
root folder holds copies of the notebooks, so autosave never writes outputs
into ``notebooks/``. Headless Chromium (Debian's package) is driven by
Playwright. It opens a notebook, runs all cells from the Run menu and waits
for the ipywidgets to render. The test then checks four things: the expected
widgets are on the page, no cell shows a traceback, the page talked only to
127.0.0.1, and the kernel is this virtualenv's Python. Afterwards the server,
its kernels and their children must all be gone. A screenshot is saved for a
person to look at.

``stand-in`` is a three-widget notebook written by the test. It checks the
harness (server, lab extension, kernel, browser) without the explorer. It runs
when ``70_explore.ipynb`` is missing, or with ``OSINTKIT_LAB_STAND_IN=1`` to
tell whether a failing explorer or the harness is at fault. It is skipped
otherwise because it costs about 15 s on two cores.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from tests.browser import BROWSER_MARKS, launch_chromium

from osintkit import paths

NOTEBOOK = paths.NOTEBOOKS_DIR / "70_explore.ipynb"
STAND_IN = "stand_in_widgets.ipynb"
SCREENSHOTS = paths.OUTPUT_DIR / "screenshots"
SERVER_TIMEOUT = 60  # s, until /api/status answers
KERNEL_TIMEOUT = 60  # s, until the notebook's kernel is connected and idle
RENDER_TIMEOUT = 120  # s, from "Run All Cells" to rendered widgets (2 slow cores)
SETTLE_TIMEOUT = 30  # s, from the last cell's end to rendered widgets
STALL_TIMEOUT = 10  # s, idle with cells left unrun and none queued

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright missing")
psutil = pytest.importorskip("psutil", reason="psutil missing (ipykernel needs it)")
pytestmark = [
    *BROWSER_MARKS,
    pytest.mark.skipif(
        importlib.util.find_spec("jupyterlab") is None,
        reason="jupyterlab is not installed in this environment",
    ),
]

# What a rendered explorer must show, as ipywidgets 8 DOM selectors. They fit
# the stand-in as well as the explorer (date-range slider, filters, export).
EXPECTED_WIDGETS = {
    # SelectionRangeSlider / IntRangeSlider: a noUiSlider with two handles
    "range slider": ".widget-slider .noUi-handle-upper",
    "dropdown or select": (
        ".widget-dropdown, .widget-select, .widget-select-multiple, .widget-tagsinput"
    ),
    "button": ".widget-button",
}
# Text ipywidgets or JupyterLab show instead of a widget that failed.
WIDGET_FAILURES = (
    "Error displaying widget",
    "Failed to load model class",
    "Failed to create view",
    "model not found",
)

# User settings: no news prompt or update check, every cell in the DOM (the
# default windowing leaves off-screen cells out of it), and the preferred kernel
# starts without the "Select Kernel" dialog (handled anyway if it shows).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
}
# Page config: the build check re-reads every extension's package.json in a
# thread, costly on two cores and useless for a test.
PAGE_CONFIG = {"buildCheck": False, "buildAvailable": False}


# --- the server ---------------------------------------------------------------


@dataclass
class LabServer:
    """A running ``jupyter lab`` subprocess, leader of its own process group."""

    process: subprocess.Popen
    base_url: str
    token: str
    log_path: Path

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}?token={self.token}"

    def request(self, method: str, path: str) -> bytes:
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def get_json(self, path: str):
        return json.loads(self.request("GET", path))

    def log(self, tail: int = 6000) -> str:
        text = self.log_path.read_text("utf-8", errors="replace")
        return text[-tail:]

    def processes(self) -> list:
        """The server and everything it started, kernels included.

        Kernels run in sessions of their own (jupyter_client starts them with
        ``start_new_session``), so killing the server's process group alone
        would leave them behind; they are still its children.
        """
        try:
            server = psutil.Process(self.process.pid)
            return [server, *server.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_lab_config(config_dir: Path) -> None:
    settings_dir = config_dir / "lab" / "user-settings"
    for name, values in LAB_SETTINGS.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG), "utf-8")


def end_with_parent() -> None:
    """In the child, before exec: SIGKILL when the test process dies (Linux).

    A safety net for a test run killed before the fixture's teardown. Not
    SIGTERM: a server told to stop while a kernel is starting can hang. A
    kernel whose server died exits by itself (ipykernel's parent poller).
    """
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def start_lab(root: Path, state: Path) -> LabServer:
    """Start JupyterLab serving ``root``; keep its own files under ``state``.

    Only the config and runtime folders move to ``state``: the data path stays
    as it is, so the venv's lab extensions (the ipywidgets manager) and its
    ``python3`` kernelspec are found. That kernelspec's argv is ``python``,
    which jupyter_client replaces with the server's ``sys.executable``: this
    venv's Python (checked in the test).
    """
    config_dir = state / "config"
    write_lab_config(config_dir)
    for folder in ("runtime", "ipython", "notary"):
        (state / folder).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(config_dir / "lab" / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
        "IPYTHONDIR": str(state / "ipython"),  # no profile startup files
    }
    env.pop("JUPYTER_TOKEN", None)
    port, token = free_port(), secrets.token_hex(24)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class="
        "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # the default one asks PyPI
        "--LabApp.expose_app_in_browser=True",  # kernel state for the test to poll
        # the notebook-signing key would otherwise go to ~/.local/share/jupyter
        f"--NotebookNotary.data_dir={state / 'notary'}",
    ]
    if os.geteuid() == 0:  # CI containers run as root
        command.append("--allow-root")
    log_path = state / "jupyterlab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended as a whole
            preexec_fn=end_with_parent if sys.platform == "linux" else None,
        )
    server = LabServer(process, f"http://127.0.0.1:{port}", token, log_path)
    deadline = time.monotonic() + SERVER_TIMEOUT
    while True:
        try:
            if "started" in server.get_json("/api/status"):
                return server
        except (OSError, ValueError):  # refused, reset, timed out, half-written
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            status = (
                f"exited with {process.returncode}"
                if process.returncode is not None
                else f"did not answer /api/status within {SERVER_TIMEOUT} s"
            )
            leftovers = stop_lab(server)
            pytest.fail(
                f"JupyterLab {status}; leftovers {leftovers}; its log:\n{server.log()}"
            )
        time.sleep(0.25)


def stop_lab(server: LabServer, timeout: float = 20) -> list[str]:
    """End the server, its kernels and their children; list what survived.

    SIGTERM makes jupyter_server shut its kernels down cleanly. A server
    that has not exited after ``timeout`` (seen when a kernel was starting)
    gets SIGKILL; its kernels then exit by themselves. Whatever is still alive
    after that is killed, and reported.
    """
    started = server.processes()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout)
    except subprocess.TimeoutExpired:
        started += server.processes()  # kernels started in the meantime
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(5)
    _, alive = psutil.wait_procs(list(dict.fromkeys(started)), timeout=10)
    leftovers = []
    for process in alive:
        try:
            leftovers.append(f"{process.pid} {' '.join(process.cmdline())}")
            process.kill()
        except psutil.NoSuchProcess:
            continue
    return leftovers


# --- the notebooks ------------------------------------------------------------


def write_stand_in(path: Path) -> None:
    """Three widgets shaped like the explorer's: range slider, dropdown, button.

    No kernelspec in its metadata, as in a notebook written by hand; JupyterLab
    then starts the preferred kernel (or asks which one, handled below).
    """
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "first: str = 'a'  # first option selected",
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell("import ipywidgets as w\n\nimport osintkit"),
        nbformat.v4.new_code_cell(
            "display(w.VBox([\n"
            "    w.SelectionRangeSlider(options=['a', 'b', 'c'], index=(0, 2)),\n"
            "    w.Dropdown(options=['x']),\n"
            "    w.Button(description='Export'),\n"
            "]))"
        ),
    ]
    nbformat.write(nb, path)


def copy_without_outputs(source: Path, target: Path) -> None:
    """Copy a notebook with no outputs or prompt numbers left in it.

    Stored outputs (test_notebooks.py forbids them, but a test of its own should
    not rely on that) would look like a finished run, or show stale widgets.
    """
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, target)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving copies of the notebooks under test; gone afterwards."""
    root = tmp_path_factory.mktemp("lab-root")
    write_stand_in(root / STAND_IN)
    if NOTEBOOK.exists():
        copy_without_outputs(NOTEBOOK, root / NOTEBOOK.name)
    server = start_lab(root, tmp_path_factory.mktemp("lab-state"))
    try:
        yield server
    finally:
        leftovers = stop_lab(server)
        assert not leftovers, f"processes left running (now killed): {leftovers}"


@pytest.fixture(scope="module")
def browser_context():
    """One headless Chromium context (and HTTP cache) for the module."""
    with playwright_api.sync_playwright() as p:
        chromium = launch_chromium(p)
        try:
            yield chromium.new_context(viewport={"width": 1400, "height": 1000})
        finally:
            chromium.close()


# --- in the browser -----------------------------------------------------------

# The notebook's kernel as the page sees it, or the open dialog if any.
KERNEL_STATE_JS = """() => {
    const dialog = document.querySelector('.jp-Dialog');
    if (dialog) {
        const title = dialog.querySelector('.jp-Dialog-header');
        return {dialog: (title || dialog).innerText.trim()};
    }
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const session = panel && panel.sessionContext && panel.sessionContext.session;
    const kernel = session && session.kernel;
    return {
        path: session ? session.path : null,
        kernel: kernel ? kernel.status : null,
        connection: kernel ? kernel.connectionStatus : null,
    };
}"""

# Where the run of the current notebook is, read from its cell models (errors)
# and its DOM (prompts, rendered widgets).
RUN_STATE_JS = """([expected, failures]) => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.content.widgets) {
        return {path: null, cells: 0, executed: 0, queued: 0, kernel: null,
                errors: [], widget_failures: [], widgets: {}};
    }
    const cells = panel.content.widgets.filter(
        cell => cell.model.type === 'code'
            && cell.model.sharedModel.getSource().trim() !== '');
    const prompts = cells.map(
        cell => (cell.node.querySelector('.jp-InputPrompt') || {}).innerText || '');
    const errors = [];
    for (const cell of cells) {
        for (const output of cell.model.outputs.toJSON()) {
            const text = [].concat(output.text || []).join('');
            if (output.output_type === 'error') {
                errors.push([output.ename + ': ' + output.evalue]
                    .concat(output.traceback || []).join('\\n')
                    .replace(/\\x1b\\[[0-9;]*m/g, ''));
            } else if (output.name === 'stderr' && text.includes('Traceback')) {
                errors.push(text);
            }
        }
    }
    const outputs = [...panel.node.querySelectorAll('.jp-OutputArea-output')];
    const counts = {};
    for (const [name, selector] of Object.entries(expected)) {
        counts[name] = panel.node.querySelectorAll(selector).length;
    }
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return {
        path: panel.context.path,
        cells: cells.length,
        executed: cells.filter(cell => cell.model.executionCount !== null).length,
        queued: prompts.filter(prompt => prompt.includes('*')).length,
        kernel: kernel ? kernel.status : null,
        errors: errors,
        widget_failures: outputs.map(output => output.innerText)
            .filter(text => failures.some(failure => text.includes(failure))),
        widgets: counts,
    };
}"""


def wait_for_idle_kernel(page, name: str) -> list[str]:
    """Wait until the kernel of ``name`` is connected and idle; return dialogs.

    JupyterLab 4 asks "Select Kernel" when it will not start one by itself
    (no kernelspec in the notebook and autostart off): accept the preferred
    kernel it proposes. Any other dialog is an error.
    """
    dialogs: list[str] = []
    state: dict = {}
    deadline = time.monotonic() + KERNEL_TIMEOUT
    while time.monotonic() < deadline:
        state = page.evaluate(KERNEL_STATE_JS)
        if "dialog" in state:
            dialogs.append(state["dialog"])
            if not state["dialog"].startswith("Select Kernel"):
                pytest.fail(f"unexpected JupyterLab dialog: {state['dialog']!r}")
            page.locator(".jp-Dialog .jp-mod-accept").click()
        elif state == {"path": name, "kernel": "idle", "connection": "connected"}:
            return dialogs
        page.wait_for_timeout(250)
    pytest.fail(f"kernel not idle within {KERNEL_TIMEOUT} s: {state}; {dialogs}")


def run_all_cells(page) -> dict:
    """Run All Cells from the menu; wait for the widgets or a reason to stop.

    The state returned says why the wait ended, in ``outcome``: "rendered",
    "error" (Run All stops at the first error), "stalled" (idle with cells
    left unrun), "no widgets" (all cells ran, widgets did not show up within
    ``SETTLE_TIMEOUT``) or "timed out".
    """
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    deadline = time.monotonic() + RENDER_TIMEOUT
    idle_since = None
    while True:
        state = page.evaluate(RUN_STATE_JS, [EXPECTED_WIDGETS, list(WIDGET_FAILURES)])
        idle = state["kernel"] == "idle" and not state["queued"] and state["cells"]
        idle_since = (idle_since or time.monotonic()) if idle else None
        idle_for = time.monotonic() - idle_since if idle else 0
        ran_all = state["executed"] == state["cells"]
        if idle and ran_all and all(state["widgets"].values()):
            outcome = "rendered"
        elif idle and (state["errors"] or state["widget_failures"]):
            outcome = "error"
        # Between two cells the kernel is idle for a moment: wait a little.
        elif idle and not ran_all and idle_for > STALL_TIMEOUT:
            outcome = "stalled"
        elif idle and ran_all and idle_for > SETTLE_TIMEOUT:
            outcome = "no widgets"
        elif time.monotonic() > deadline:
            outcome = "timed out"
        else:
            page.wait_for_timeout(500)
            continue
        return {"outcome": outcome, **state}


def open_and_run(context, lab: LabServer, name: str, screenshot: Path) -> dict:
    """Open ``name`` in a new page and a workspace of its own, run all cells.

    JupyterLab keeps open tabs in a server-side workspace: one per notebook
    keeps one test's tabs out of the next one's page. The notebook's session
    (and kernel) is shut down at the end.
    """
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda websocket: requests.append(websocket.url))
    workspace = Path(name).stem.replace("_", "-")
    try:
        times = [time.monotonic()]
        page.goto(lab.url(f"/lab/workspaces/{workspace}/tree/{name}"), timeout=60_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        times.append(time.monotonic())
        dialogs = wait_for_idle_kernel(page, name)
        times.append(time.monotonic())
        state = run_all_cells(page)
        times.append(time.monotonic())
        steps = ("load", "kernel", "run")
        spans = (round(end - start, 1) for start, end in itertools.pairwise(times))
        state["seconds"] = dict(zip(steps, spans, strict=True))
        state["dialogs"] = dialogs
        state["kernel_commands"] = kernel_commands(lab, name)
        # Show the widgets, not the code, in the screenshot.
        page.evaluate(
            """() => {
                const first = document.querySelector('.jp-OutputArea .jupyter-widgets');
                if (first) first.closest('.jp-OutputArea').scrollIntoView();
            }"""
        )
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
    finally:
        page.close()
        with contextlib.suppress(OSError):  # a dead server fails the teardown
            for session in lab.get_json("/api/sessions"):
                if session["path"] == name:
                    lab.request("DELETE", f"/api/sessions/{session['id']}")
    state["requests"] = requests
    return state


def off_host(urls: list[str]) -> list[str]:
    """Every URL that leaves 127.0.0.1 (data: and blob: stay in the page)."""
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and urlsplit(url).hostname != "127.0.0.1"
    ]


def kernel_commands(lab: LabServer, name: str) -> list[list[str]]:
    """The command lines of the processes running the kernel of ``name``."""
    sessions = lab.get_json("/api/sessions")
    kernel_ids = [s["kernel"]["id"] for s in sessions if s["path"] == name]
    assert len(kernel_ids) == 1, f"expected one session for {name}: {sessions}"
    connection_file = f"kernel-{kernel_ids[0]}.json"
    return [
        process.cmdline()
        for process in lab.processes()[1:]
        if any(arg.endswith(connection_file) for arg in process.cmdline())
    ]


# --- the tests ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "screenshot"),
    [
        pytest.param(
            STAND_IN,
            "jupyterlab-stand-in.png",
            id="stand-in",
            marks=pytest.mark.skipif(
                NOTEBOOK.exists() and os.environ.get("OSINTKIT_LAB_STAND_IN") != "1",
                reason=f"{NOTEBOOK.name} is tested instead; "
                "OSINTKIT_LAB_STAND_IN=1 checks the harness on the stand-in too",
            ),
        ),
        pytest.param(
            NOTEBOOK.name,
            "jupyterlab-explore.png",
            id=NOTEBOOK.stem,
            marks=pytest.mark.skipif(
                not NOTEBOOK.exists(),
                reason=f"{NOTEBOOK.relative_to(paths.REPO_ROOT)} is not written yet",
            ),
        ),
    ],
)
def test_notebook_widgets_render_in_jupyterlab_offline(
    lab, browser_context, name, screenshot
):
    seen = open_and_run(browser_context, lab, name, SCREENSHOTS / screenshot)
    summary = {
        k: v for k, v in seen.items() if k not in ("requests", "kernel_commands")
    }

    assert seen["path"] == name, summary
    assert seen["errors"] == [], "\n\n".join(seen["errors"])
    assert seen["widget_failures"] == [], seen["widget_failures"]
    assert seen["outcome"] == "rendered", f"{summary}\nserver log:\n{lab.log(3000)}"
    assert seen["executed"] == seen["cells"] > 0, summary
    assert seen["requests"], "no request recorded: the recorder is broken"
    assert off_host(seen["requests"]) == []
    assert (SCREENSHOTS / screenshot).stat().st_size > 10_000

    # The kernel is this venv's Python (osintkit imported without a traceback).
    commands = seen["kernel_commands"]
    assert commands, f"no kernel process found for {name}"
    for command in commands:
        assert command[0] == sys.executable, command
        assert command[1:3] == ["-m", "ipykernel_launcher"], command
