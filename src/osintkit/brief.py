"""Weekly briefs: run the notebooks with papermill and publish one offline HTML page.

:func:`build_brief` is what ``osintkit brief`` and ``make brief`` call. It

1. checks the period and region, and every notebook's parameters
   (:mod:`osintkit.params`) before any notebook runs;
2. executes each notebook with papermill into ``OUT/notebooks/``;
3. only when every notebook succeeded, writes ``OUT/brief.json`` (key figures
   and the run's manifest) and ``OUT/index.html``: the notebooks' outputs
   without code, in one self-contained page that loads nothing from the
   network and carries a Content-Security-Policy that allows no script.

The notebooks select claims with :mod:`osintkit.selection`, count them with
:mod:`osintkit.summaries` and show them with :mod:`osintkit.display`; the
brief's key figures come from the same code.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import itertools
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from markupsafe import Markup

from osintkit import paths
from osintkit.briefing import BRIEF_FIGURES_MIMETYPE
from osintkit.dataset import Dataset, load_dataset
from osintkit.display import PLOTLY_MIMETYPE
from osintkit.errors import (
    BriefError,
    NotebookExecutionError,
    OsintkitError,
    ParameterError,
)
from osintkit.params import PARAMETERS_TAG, validate_parameters
from osintkit.persist import atomic_write
from osintkit.selection import list_filter_choices
from osintkit.summaries import key_figures

__all__ = [
    "BRIEF_NOTEBOOKS",
    "CONTENT_SECURITY_POLICY",
    "BriefError",
    "NotebookExecutionError",
    "build_brief",
    "content_security_policy",
    "render_brief_html",
    "run_notebook",
]

logger = logging.getLogger(__name__)

#: Notebooks a brief runs, in order, from ``paths.NOTEBOOKS_DIR``. Each one must
#: accept the brief's parameters: ``data_dir``, ``start``, ``end``, ``region``,
#: and ``actors`` when the brief is limited to some actors.
BRIEF_NOTEBOOKS: tuple[str, ...] = ("90_weekly_brief.ipynb",)

#: The brief loads nothing: images are inline ``data:`` URLs, styles are inline.
#: ``form-action`` and ``base-uri`` close the last ways a page could send data
#: out. A brief without charts runs no script at all; one with interactive
#: charts adds ``script-src`` with the SHA-256 of its two inline scripts
#: (plotly.js and the few lines that draw the charts) and nothing else, so a
#: script that came from data could not run even if it reached the page.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

KERNEL_NAME = "python3"
CELL_TIMEOUT_SECONDS = 600
_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
# Outputs that would need a script to show; the brief runs none.
_SCRIPT_MIMETYPES = (
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)


# --------------------------------------------------------------------------
# Running notebooks and publishing the brief
# --------------------------------------------------------------------------


def _normalise_day(name: str, value: str | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name} {value!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-03-11)"
        ) from None


def _normalise_region(region: str | None, dataset: Dataset) -> str | None:
    if region is None:
        return None
    code = region.strip().upper()
    known = _known_regions(dataset)
    if not _REGION.match(code) or (known and code not in known):
        shown = ", ".join(sorted(known)) or "none in this dataset"
        raise ParameterError(
            f"region {region!r} is not an ISO 3166-2 oblast code of this dataset; "
            f"use one of: {shown}"
        )
    return code


def _normalise_actors(
    actors: str | Sequence[str] | None, dataset: Dataset
) -> tuple[str, ...]:
    if actors is None:
        return ()
    if isinstance(actors, str):
        actors = actors.split(";")
    wanted = tuple(sorted({a.strip() for a in actors if a and a.strip()}))
    known = set(list_filter_choices(dataset)["actors"])
    unknown = [a for a in wanted if a not in known]
    if unknown:
        raise ParameterError(
            f"actor {', '.join(map(repr, unknown))} is not an actor id of this "
            f"dataset; use one of: {', '.join(sorted(known)) or 'none'}"
        )
    return wanted


def _known_regions(dataset: Dataset) -> set[str]:
    codes = dataset["claims"]["admin1_codes"].dropna().astype(str).str.split(";")
    known = {code for row in codes for code in row if code}
    reference = dataset.reference
    if reference is not None and "places" in reference:
        known |= set(reference["places"]["admin1_code"].dropna().astype(str))
    return known


class _PapermillInferenceNoise(logging.Filter):
    """Hide papermill's false warnings about ``name: str | None = ...`` lines.

    papermill's own parameter parser does not read PEP 604 annotations, so it
    warns that it cannot parse the parameters cell and that every parameter is
    unknown. :mod:`osintkit.params` has already checked the names against the
    cell (with :mod:`ast`), so these warnings are wrong and only confuse.
    """

    _NOISE = ("Unable to parse line", "Passed unknown parameter")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self._NOISE)


@contextlib.contextmanager
def _quiet_papermill() -> Iterator[None]:
    noise = _PapermillInferenceNoise()
    loggers = [
        logging.getLogger("papermill"),
        logging.getLogger("papermill.translators"),
    ]
    for papermill_logger in loggers:
        papermill_logger.addFilter(noise)
    try:
        yield
    finally:
        for papermill_logger in loggers:
            papermill_logger.removeFilter(noise)


def _literal_path(path: Path) -> str:
    # papermill formats paths with the parameters (str.format): keep braces literal
    return str(path).replace("{", "{{").replace("}", "}}")


@functools.cache
def _socket_folder() -> tempfile.TemporaryDirectory[str]:
    """Make a folder only this user can open, removed when the process ends."""
    return tempfile.TemporaryDirectory(prefix="osintkit-kernel-")


_kernel_numbers = itertools.count()


def _private_kernel_manager() -> type:
    """Return a kernel manager that talks to its kernel over Unix sockets.

    Over TCP on 127.0.0.1 any local user can reach the kernel's ports
    (messages are signed, not encrypted, and ipykernel warns about it on
    every run); the sockets instead sit in a folder only this user can open
    (:func:`tempfile.mkdtemp` makes it 0700). Windows keeps TCP.
    """
    from jupyter_client import AsyncKernelManager
    from traitlets import CaselessStrEnum, default

    if os.name == "nt":
        return AsyncKernelManager

    class PrivateKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _socket_path(self) -> str:
            # short: a Unix socket's path has room for about 100 bytes
            return str(Path(_socket_folder().name) / f"k{next(_kernel_numbers)}")

    return PrivateKernelManager


def run_notebook(
    notebook: Path,
    output: Path,
    parameters: Mapping[str, object],
    *,
    cwd: Path | None = None,
    progress: bool = False,
) -> None:
    """Execute one notebook with papermill, saving it to ``output`` as it runs.

    Parameters
    ----------
    notebook : pathlib.Path
        The notebook to run.
    output : pathlib.Path
        Where the executed notebook goes; it is kept when a cell fails.
    parameters : mapping of str to object
        Parameter values; checked with
        :func:`osintkit.params.validate_parameters` before papermill sees them.
    cwd : pathlib.Path, optional
        Working directory of the kernel (default: the output's folder).
    progress : bool
        Show papermill's progress bar (one step per cell) on stderr.

    Raises
    ------
    ParameterError
        When a parameter is not accepted; nothing runs.
    NotebookExecutionError
        When a cell raises, times out or the kernel dies; the message names
        the notebook and the cell.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    checked = validate_parameters(notebook, parameters)
    output.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    logger.info("running %s", notebook.name)
    try:
        with _quiet_papermill():
            papermill.execute_notebook(
                _literal_path(notebook.resolve()),
                _literal_path(output.resolve()),
                parameters=checked,
                kernel_name=KERNEL_NAME,
                progress_bar=progress,
                cwd=str(cwd or output.parent),
                execution_timeout=CELL_TIMEOUT_SECONDS,
                # saving the growing notebook after every cell costs more than
                # the cells; papermill still saves it when a cell fails
                request_save_on_cell_execute=False,
                kernel_manager_class=_private_kernel_manager(),
            )
    except papermill.PapermillExecutionError as exc:
        raise _execution_error(notebook, output, exc) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        raise NotebookExecutionError(
            f"{notebook.name}: {type(exc).__name__}: {exc}; the partly executed "
            f"notebook is kept at {output}; no brief was published",
            notebook=notebook.name,
            executed_path=output,
        ) from exc
    logger.info("ran %s in %.1f s", notebook.name, time.perf_counter() - started)


def _execution_error(notebook: Path, output: Path, exc: Any) -> NotebookExecutionError:
    # papermill counts cells in the executed notebook, which has the injected
    # parameters cell after the parameters cell; count them as written instead.
    cells = nbformat.read(notebook, as_version=4).cells
    tagged = [
        i for i, c in enumerate(cells) if PARAMETERS_TAG in c.metadata.get("tags", [])
    ]
    index = exc.cell_index
    if tagged and index > tagged[0]:
        index -= 1
    cell_id = cells[index].get("id") if 0 <= index < len(cells) else None
    first_line = next(
        (line.strip() for line in str(exc.source).splitlines() if line.strip()), ""
    )
    message = (
        f"{notebook.name}: cell {index + 1} (id {cell_id}, In [{exc.exec_count}]) "
        f"failed with {exc.ename}: {exc.evalue}\n"
        f"  the cell starts: {first_line[:100]}\n"
        f"  the partly executed notebook, with the traceback, is kept at {output}\n"
        "  no brief was published"
    )
    return NotebookExecutionError(
        message,
        notebook=notebook.name,
        executed_path=output,
        cell_number=index + 1,
        cell_id=cell_id,
    )


@dataclass(frozen=True)
class _Section:
    anchor: str
    title: str
    body: Markup


def _notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _prepare_for_brief(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reader of the brief must not get: scripts, stderr, empty cells.

    Plotly figures (:data:`osintkit.display.PLOTLY_MIMETYPE`) become an empty
    ``div`` plus their JSON in a non-executable ``application/json`` block;
    the page's own script draws them (see :func:`render_brief_html`).
    """
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") != (
                    "stdout"
                ):
                    continue
                data = output.get("data", {})
                if BRIEF_FIGURES_MIMETYPE in data:  # for brief.json, not readers
                    continue
                for mimetype in _SCRIPT_MIMETYPES:
                    data.pop(mimetype, None)
                if PLOTLY_MIMETYPE in data:
                    output["data"] = {"text/html": _plotly_placeholder(data)}
                if output.get("output_type") == "stream" or output.get("data"):
                    outputs.append(output)
            if not outputs:
                continue
            cell.outputs = outputs
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def _json_for_html(value: Any) -> str:
    """JSON that cannot end or break out of the ``<script>`` block holding it."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _plotly_placeholder(data: Mapping[str, Any]) -> str:
    spec = data[PLOTLY_MIMETYPE]
    alt = str(data.get("text/plain", "interactive chart"))
    return (
        f'<figure class="osintkit-chart" role="img" aria-label="{escape(alt)}">'
        '<div class="osintkit-plotly"></div>'
        '<script type="application/json" class="osintkit-plotly-data">'
        f"{_json_for_html(spec)}</script></figure>"
    )


def _html_exporter() -> Any:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TemplateExporter.exclude_input = True
    config.TemplateExporter.exclude_input_prompt = True
    config.TemplateExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove_output"}
    # "basic" is the body only: no require.js, MathJax or CDN links; the page
    # around it is ours (templates/brief.html.j2).
    return HTMLExporter(template_name="basic", config=config)


def _warm_up_notebook() -> nbformat.NotebookNode:
    """Return a notebook with one cell of each kind the brief renders."""
    v4 = nbformat.v4
    code = v4.new_code_cell("x")
    code.outputs = [
        v4.new_output("stream", name="stdout", text="x"),
        v4.new_output("display_data", data={"text/html": "<p>x</p>"}),
        v4.new_output("execute_result", data={"text/plain": "x"}, execution_count=1),
    ]
    return v4.new_notebook(cells=[v4.new_markdown_cell("# x"), code])


class BriefPage:
    """nbconvert's exporter and the page template, loaded and compiled once.

    Building one imports nbconvert and compiles its templates and the
    page's (about a second in a fresh process, a fifth of a second warm);
    :func:`build_brief` builds it on the other core while the kernel runs.
    """

    def __init__(self) -> None:
        self.exporter = _html_exporter()
        self.exporter.from_notebook_node(_warm_up_notebook())
        environment = jinja2.Environment(
            loader=jinja2.PackageLoader("osintkit", "templates"),
            autoescape=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.template = environment.get_template("brief.html.j2")
        _chart_scripts()

    def render(
        self,
        executed: Sequence[Path | tuple[str, nbformat.NotebookNode]],
        *,
        title: str,
        subtitle: str,
        figures: dict[str, Any],
    ) -> str:
        """Render executed notebooks as one page; see :func:`render_brief_html`."""
        sections = []
        for item in executed:
            if isinstance(item, tuple):
                stem, node = Path(item[0]).stem, item[1]
            else:
                stem, node = item.stem, nbformat.read(item, as_version=4)
            nb = _prepare_for_brief(node)
            body, _ = self.exporter.from_notebook_node(nb)
            anchor = "nb-" + re.sub(r"[^A-Za-z0-9_-]", "-", stem)
            sections.append(_Section(anchor, _notebook_title(nb, stem), Markup(body)))
        has_charts = any(_has_charts(s.body) for s in sections)
        scripts = _chart_scripts() if has_charts else ()
        return self.template.render(
            title=title,
            subtitle=subtitle,
            figures=figures,
            sections=sections,
            scripts=[Markup(script) for script in scripts],
            csp=content_security_policy(scripts),
        )


def render_brief_html(
    executed: Sequence[Path | tuple[str, nbformat.NotebookNode]],
    *,
    title: str,
    subtitle: str,
    figures: dict[str, Any],
) -> str:
    """Render executed notebooks as one self-contained HTML page.

    Parameters
    ----------
    executed : sequence of pathlib.Path or (name, notebook) pairs
        Executed notebooks, in the order they appear (a notebook already
        read is changed in place).
    title, subtitle : str
        Page heading (escaped).
    figures : dict
        Key figures shown at the top (escaped).

    Returns
    -------
    str
        The page. It contains no script and no URL it would load, and carries
        :data:`CONTENT_SECURITY_POLICY`.
    """
    return BriefPage().render(executed, title=title, subtitle=subtitle, figures=figures)


def _has_charts(body: str) -> bool:
    return 'class="osintkit-plotly-data"' in body


@functools.cache
def _chart_scripts() -> tuple[str, str]:
    """plotly.js (from the installed plotly package) and the page's chart script."""
    import plotly

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    plotly_js = bundle.read_text(encoding="utf-8")
    charts_js = (
        resources.files("osintkit")
        .joinpath("templates", "brief-charts.js")
        .read_text(encoding="utf-8")
    )
    for script in (plotly_js, charts_js):
        if "</script" in script.lower():  # would end the inline block early
            raise BriefError("an inline script of the brief contains '</script'")
    return plotly_js, charts_js


def content_security_policy(scripts: Sequence[str] = ()) -> str:
    """Return the brief's Content-Security-Policy for the inline scripts it holds.

    Parameters
    ----------
    scripts : sequence of str
        The exact text of every inline ``<script>`` the page runs.

    Returns
    -------
    str
        :data:`CONTENT_SECURITY_POLICY`, plus ``script-src`` with the SHA-256
        of each script when there are any; no other script can run.

    Examples
    --------
    >>> content_security_policy() == CONTENT_SECURITY_POLICY
    True
    >>> content_security_policy(["alert(1)"]).split("; ")[-1]
    "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    if not scripts:
        return CONTENT_SECURITY_POLICY
    hashes = " ".join(
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        + "'"
        for script in scripts
    )
    return f"{CONTENT_SECURITY_POLICY}; script-src {hashes}"


def _resolve_notebooks(notebooks: Sequence[str | Path] | None) -> list[Path]:
    names = BRIEF_NOTEBOOKS if notebooks is None else notebooks
    resolved = [
        Path(name) if Path(name).is_absolute() else paths.NOTEBOOKS_DIR / name
        for name in names
    ]
    if not resolved:
        raise ParameterError("no notebooks to run; pass at least one notebook")
    missing = [str(path) for path in resolved if not path.is_file()]
    if missing:
        raise ParameterError(f"notebook not found: {', '.join(missing)}")
    file_names = [path.name for path in resolved]
    if len(set(file_names)) < len(file_names):
        raise ParameterError(
            f"two notebooks share a file name ({', '.join(file_names)}); their "
            "executed copies would overwrite each other: rename one"
        )
    return resolved


def _period_text(start: str | None, end: str | None, region: str | None) -> str:
    period = f"{start or 'first claim'} to {end or 'last claim'}"
    return period + (f", region {region}" if region else ", all regions")


def build_brief(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    start: str | date | None = None,
    end: str | date | None = None,
    region: str | None = None,
    actors: str | Sequence[str] | None = None,
    notebooks: Sequence[str | Path] | None = None,
    progress: bool = False,
) -> Path:
    """Run the brief notebooks and publish ``index.html`` and ``brief.json``.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Dataset folder (with ``datapackage.json``).
    out_dir : str or pathlib.Path
        Output folder; created if needed. Gets ``notebooks/`` (the executed
        notebooks), ``brief.json`` and ``index.html``.
    start, end : str or datetime.date, optional
        First and last day (inclusive) of the brief, ``YYYY-MM-DD``.
    region : str, optional
        ISO 3166-2 code of one oblast (``RU-BEL``).
    actors : str or sequence of str, optional
        Keep claims about these actor ids (a list, or one string separated
        by ``;``); they reach the notebooks as one ``;``-separated string.
    notebooks : sequence of str or pathlib.Path, optional
        Notebooks to run (names in ``paths.NOTEBOOKS_DIR`` or paths); default
        :data:`BRIEF_NOTEBOOKS`.
    progress : bool
        Say on stderr what is running, with a progress bar per notebook.

    Returns
    -------
    pathlib.Path
        The absolute path of ``index.html``.

    Raises
    ------
    ParameterError
        For a malformed date, an unknown region or a notebook that does not
        accept the brief's parameters; nothing is run.
    NotebookExecutionError
        When a cell fails. The partly executed notebook is kept in
        ``out_dir/notebooks/``; ``index.html`` and ``brief.json`` are not
        written (a previous brief in ``out_dir`` is left as it was).
    DatasetInvalidError
        When the dataset cannot be read at all (an invalid but readable
        dataset gives a brief that lists its problems).
    """
    data_dir = Path(data_dir).resolve()
    out_dir = Path(out_dir).resolve()
    start_day = _normalise_day("start", start)
    end_day = _normalise_day("end", end)
    if start_day and end_day and start_day > end_day:
        raise ParameterError(f"start {start_day} is after end {end_day}")
    # The dataset is needed before papermill only to check a region or actors
    # against it; otherwise it loads (for the page's key figures) while the
    # kernel starts and runs, on the machine's other core.
    loading: Future[Dataset] | None = None
    pool = ThreadPoolExecutor(max_workers=1)
    if region is None and not actors and (data_dir / "datapackage.json").is_file():
        loading = pool.submit(load_dataset, data_dir, strict=False)
        dataset = None
    else:
        dataset = load_dataset(data_dir, strict=False)
    # nbconvert and the templates load on that core too, after the dataset
    preparing = pool.submit(BriefPage)
    region_code = _normalise_region(region, dataset) if dataset else None
    actor_ids = _normalise_actors(actors, dataset) if dataset else ()
    given: dict[str, object] = {
        "data_dir": str(data_dir),
        "start": start_day,
        "end": end_day,
        "region": region_code,
    }
    if actor_ids:  # only notebooks that filter by actor need accept it
        given["actors"] = ";".join(actor_ids)
    executed: list[Path] = []
    ran = False
    try:
        to_run = _resolve_notebooks(notebooks)
        for notebook in to_run:  # refuse before anything runs
            validate_parameters(notebook, given)
        executed = [out_dir / "notebooks" / notebook.name for notebook in to_run]
        for notebook, output in zip(to_run, executed, strict=True):
            _say(progress, f"running {notebook.name}")
            run_notebook(notebook, output, given, progress=progress)
        ran = True
    except OsintkitError:
        failed = loading.exception() if loading is not None else None
        if failed is not None:
            raise failed from None  # the dataset's error comes first
        raise
    finally:  # on failure, the page is not built
        pool.shutdown(wait=True, cancel_futures=not ran)
    if loading is not None:
        dataset = loading.result()
    assert dataset is not None
    figures = key_figures(
        dataset, start=start_day, end=end_day, region=region_code, actors=actor_ids
    )
    _say(progress, "writing index.html and brief.json")

    title = str(dataset.package.descriptor.get("title") or dataset.package.name)
    # read each executed notebook once: its figures first, then the page
    # (preparing it for the page drops the figures' output)
    nodes = [(path.name, nbformat.read(path, as_version=4)) for path in executed]
    brief_json_figures = _figures_from(node for _, node in nodes)
    html = preparing.result().render(
        nodes,
        title=title,
        subtitle=_period_text(start_day, end_day, region_code),
        figures=figures,
    )
    manifest = {
        "dataset": dataset.package.name,
        "period": {
            "start": start_day,
            "end": end_day,
            "region": region_code,
            "actors": list(actor_ids),
        },
        "counts": figures,
        "figures": brief_json_figures,
        "notebooks": [f"notebooks/{path.name}" for path in executed],
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "osintkit_version": _version(),
    }
    index = out_dir / "index.html"
    atomic_write(
        out_dir / "brief.json",
        (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(),
    )
    atomic_write(index, html.encode("utf-8"))
    logger.info("brief written to %s", index)
    return index


def _figures_from(executed: Iterable[nbformat.NotebookNode]) -> dict[str, Any]:
    """Collect the key figures the notebooks displayed for ``brief.json``."""
    figures: dict[str, Any] = {}
    for nb in executed:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                figures.update(output.get("data", {}).get(BRIEF_FIGURES_MIMETYPE, {}))
    return figures


def _say(progress: bool, message: str) -> None:
    if progress:
        print(f"osintkit brief: {message}", file=sys.stderr, flush=True)


def _version() -> str:
    from osintkit import __version__

    return __version__
