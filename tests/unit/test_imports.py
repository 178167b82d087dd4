"""Importing the kit for a plotly-only notebook does not load matplotlib."""

from __future__ import annotations

import subprocess
import sys


def test_notebook_imports_do_not_load_matplotlib() -> None:
    # a fresh interpreter: this test session has long since imported matplotlib
    code = (
        "import sys\n"
        "import osintkit\n"
        "from osintkit import briefing, display, paths, plots, summaries\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib')\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
