"""Benchmark ``osintkit brief`` on the sample against papermill's own floor.

Usage (through ``python -m benchmarks brief [--repeats R]``). In the same run,
alternating, R times after one warm-up of each:

* ``floor``: papermill executes a notebook whose only cell (after the
  parameters) is ``import osintkit``, and nbconvert exports it to HTML — the
  least any papermill-built brief costs (kernel start, imports, the export);
* ``brief``: :func:`osintkit.brief.build_brief` on the sample dataset for the
  week of 11–17 March 2024: checks, the weekly brief notebook (engine, charts,
  tables), the HTML page with inlined plotly.js, and ``brief.json``.

Prints the median wall time of each and their ratio (target <= 2).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

WEEK = {"start": "2024-03-11", "end": "2024-03-17"}

_PARAMETERS = """\
data_dir: str | None = None  # dataset folder
start: str | None = None  # first day
end: str | None = None  # last day
region: str | None = None  # oblast code
"""


def _floor_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell(_PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell("import osintkit")]
    nbformat.write(nb, path)
    return path


def _run_floor(notebook: Path, out_dir: Path, data_dir: Path) -> None:
    import papermill
    from nbconvert import HTMLExporter

    executed = out_dir / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters={"data_dir": str(data_dir), **WEEK, "region": None},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out_dir),
    )
    body, _ = HTMLExporter(template_name="basic").from_filename(str(executed))
    (out_dir / "index.html").write_text(body, encoding="utf-8")


def _run_brief(out_dir: Path, data_dir: Path) -> None:
    from osintkit.brief import build_brief

    build_brief(data_dir, out_dir, **WEEK)


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_brief(repeats: int = 3, workdir: Path | None = None) -> dict[str, float]:
    """Time the brief and its floor, alternating, and print the figures.

    Parameters
    ----------
    repeats : int
        Timed runs of each after one warm-up.
    workdir : pathlib.Path, optional
        Where the outputs go (default: a temporary folder).

    Returns
    -------
    dict
        ``floor`` and ``brief`` medians in seconds and their ``ratio``.
    """
    from osintkit import paths

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(workdir or scratch)
        root.mkdir(parents=True, exist_ok=True)
        notebook = _floor_notebook(root / "00_floor.ipynb")
        data_dir = paths.SAMPLE_DATASET
        times: dict[str, list[float]] = {"floor": [], "brief": []}
        for run in range(repeats + 1):  # run 0 warms caches (bytecode, fonts)
            for name in ("floor", "brief"):
                out_dir = root / f"{name}-{run}"
                out_dir.mkdir(exist_ok=True)
                if name == "floor":
                    seconds = _timed(
                        lambda o=out_dir: _run_floor(notebook, o, data_dir)
                    )
                else:
                    seconds = _timed(lambda o=out_dir: _run_brief(o, data_dir))
                if run:
                    times[name].append(seconds)
        floor = statistics.median(times["floor"])
        brief = statistics.median(times["brief"])
    print(f"{'operation':<38}{'median s':>10}{'runs':>30}")
    for name, label in (
        ("floor", "floor: papermill + HTML, import only"),
        ("brief", "osintkit brief (sample, 11-17 Mar)"),
    ):
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"{label:<38}{statistics.median(times[name]):>10.2f}{runs:>30}")
    ratio = brief / floor
    print(f"brief / floor = {ratio:.2f} (target <= 2)")
    return {"floor": floor, "brief": brief, "ratio": ratio}
