"""Weekly briefs: run the notebooks with papermill and publish one offline HTML page.

:func:`build_brief` is what ``osintkit brief`` and ``make brief`` call. It

1. checks the period and region, and every notebook's parameters
   (:mod:`osintkit.params`) before any notebook runs;
2. executes each notebook with papermill into ``OUT/notebooks/``;
3. only when every notebook succeeded, writes ``OUT/brief.json`` (key figures
   and the run's manifest) and ``OUT/index.html``: the notebooks' outputs
   without code, in one self-contained page that loads nothing from the
   network and carries a Content-Security-Policy that allows no script.

The helpers the notebooks use to select and show claims live here too, so that
the brief's key figures and the notebooks' tables come from the same code.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import nbformat
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from osintkit import paths
from osintkit.dataset import Dataset, load_dataset
from osintkit.errors import BriefError, NotebookExecutionError, ParameterError
from osintkit.params import PARAMETERS_TAG, validate_parameters
from osintkit.persist import atomic_write
from osintkit.selection import (
    UNKNOWN_SOURCE,
    claim_days,
    select_claims,
)

__all__ = [
    "BRIEF_NOTEBOOKS",
    "CONTENT_SECURITY_POLICY",
    "BriefError",
    "Chart",
    "HtmlFragment",
    "NotebookExecutionError",
    "build_brief",
    "count_claims",
    "count_claims_per_day",
    "count_rows",
    "key_figures",
    "list_issues",
    "list_sources",
    "plot_claims_per_day",
    "render_brief_html",
    "render_table",
    "run_notebook",
]

logger = logging.getLogger(__name__)

#: Notebooks a brief runs, in order, from ``paths.NOTEBOOKS_DIR``. Each one must
#: accept the brief's parameters: ``data_dir``, ``start``, ``end``, ``region``.
BRIEF_NOTEBOOKS: tuple[str, ...] = ("10_validate_tables.ipynb",)

#: The brief runs no script and loads nothing: images are inline ``data:`` URLs
#: and styles are inline. ``form-action`` and ``base-uri`` close the last ways a
#: page could send data out.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

KERNEL_NAME = "python3"
CELL_TIMEOUT_SECONDS = 600
#: One colour per side in every chart (Russia red, Ukraine blue, others grey
#: or green); a value not listed here gets matplotlib's next default colour.
SIDE_COLOURS = {
    "russia": "#b2182b",
    "pro_russia": "#ef8a62",
    "ukraine": "#2166ac",
    "pro_ukraine": "#67a9cf",
    "independent": "#4d4d4d",
    "civilian": "#1b7837",
    "unknown": "#bababa",
    UNKNOWN_SOURCE: "#e0e0e0",
}

_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
# Outputs that would need a script to show; the brief runs none.
_SCRIPT_MIMETYPES = (
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)


# --------------------------------------------------------------------------
# Selecting and counting claims (used by the notebooks and by brief.json)
# --------------------------------------------------------------------------


def count_claims_per_day(
    claims: pd.DataFrame,
    *,
    by: str = "source_side",
    start: str | date | None = None,
    end: str | date | None = None,
) -> pd.DataFrame:
    """Count claims per day, one column per value of ``by``.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with a ``claim_day`` column (see :func:`select_claims`).
    by : str
        Column whose values become the columns of the table.
    start, end : str or datetime.date, optional
        Show every day from ``start`` to ``end``, with zero on days without
        claims; by default the days from the first to the last claim.

    Returns
    -------
    pandas.DataFrame
        Index ``day`` (``YYYY-MM-DD`` strings), integer counts, columns sorted.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_day": pd.to_datetime(["2024-03-12", "2024-03-12", "2024-03-14"]),
    ...     "source_side": ["russia", "pro_ukraine", "russia"],
    ... })
    >>> per_day = count_claims_per_day(claims, start="2024-03-12", end="2024-03-14")
    >>> per_day  # doctest: +NORMALIZE_WHITESPACE
    source_side  pro_ukraine  russia
    day
    2024-03-12             1       1
    2024-03-13             0       0
    2024-03-14             0       1
    """
    dated = claims.dropna(subset=["claim_day"])
    first = pd.Timestamp(start) if start is not None else dated["claim_day"].min()
    last = pd.Timestamp(end) if end is not None else dated["claim_day"].max()
    days = pd.date_range(first, last, freq="D") if pd.notna(first) else []
    counts = (
        pd.crosstab(dated["claim_day"], dated[by]) if len(dated) else pd.DataFrame()
    )
    table = counts.reindex(index=days, fill_value=0).sort_index(axis="columns")
    table.index = pd.Index(
        [day.strftime("%Y-%m-%d") for day in table.index], name="day"
    )
    table.columns.name = by
    return table.astype("int64")


def count_claims(claims: pd.DataFrame, by: str) -> pd.DataFrame:
    """Count claims per value of one column, most frequent first.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims table.
    by : str
        Column to count by; a blank value counts as ``(blank)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``by`` and ``claims``; ties are in the order of ``by``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_type": ["strike", "denial", "strike", None]})
    >>> count_claims(claims, "claim_type").to_dict("list")
    {'claim_type': ['strike', '(blank)', 'denial'], 'claims': [2, 1, 1]}
    """
    values = claims[by].astype("string").fillna("(blank)")
    counts = values.groupby(values).size().rename("claims").rename_axis(by)
    table = counts.reset_index().sort_values(
        ["claims", by], ascending=[False, True], kind="stable"
    )
    return table.reset_index(drop=True)


def list_issues(dataset: Dataset) -> pd.DataFrame:
    """Return the dataset's validation issues with file paths relative to it.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.

    Returns
    -------
    pandas.DataFrame
        ``ValidationReport.to_frame()`` with ``file`` relative to the dataset
        folder (``claims.csv``, ``../reference/places.csv``), so that the
        brief reads the same on every machine.
    """
    issues = dataset.report.to_frame()
    root = dataset.path.resolve()
    relative = [
        os.path.relpath(Path(name).resolve(), root) if name else name
        for name in issues["file"]
    ]
    return issues.assign(file=relative)


def list_sources(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """List the sources of the given claims with their reliability grades.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``source_id``.
    sources : pandas.DataFrame
        Sources table.

    Returns
    -------
    pandas.DataFrame
        One row per source cited at least once: ``source_id``, ``name``,
        ``source_type``, ``side``, ``reliability`` and ``claims``; sorted by
        grade (A first), then by number of claims and ``source_id``.
    """
    counts = claims.groupby("source_id").size().rename("claims").reset_index()
    listed = sources[["source_id", "name", "source_type", "side", "reliability"]]
    table = listed.merge(counts, on="source_id", how="inner", validate="1:1")
    table = table.sort_values(
        ["reliability", "claims", "source_id"],
        ascending=[True, False, True],
        kind="stable",
    )
    return table.reset_index(drop=True)


def count_rows(dataset: Dataset) -> pd.DataFrame:
    """Count the rows of every table of a dataset and of its reference tables.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.

    Returns
    -------
    pandas.DataFrame
        Columns ``package``, ``table`` and ``rows``.
    """
    packages = [dataset]
    if dataset.reference is not None:
        packages.append(dataset.reference)
    records = [
        {"package": package.package.name, "table": name, "rows": len(frame)}
        for package in packages
        for name, frame in package.tables.items()
    ]
    return pd.DataFrame(records, columns=["package", "table", "rows"])


def key_figures(
    dataset: Dataset,
    *,
    start: str | date | None = None,
    end: str | date | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """Return the brief's key figures for a period and region.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset (its ``report`` gives the issue counts).
    start, end, region
        As for :func:`select_claims`.

    Returns
    -------
    dict
        ``claims``, ``sources`` and ``incidents`` in the selection, the same
        for the whole dataset, the undated claims, and the validation
        ``errors`` and ``warnings``. Plain ints, ready for JSON.
    """
    claims = dataset["claims"]
    selected = select_claims(claims, start=start, end=end, region=region)
    return {
        "claims": len(selected),
        "sources": int(selected["source_id"].nunique()),
        "incidents": int(selected["incident_id"].nunique()),
        "claims_in_dataset": len(claims),
        "sources_in_dataset": len(dataset["sources"]),
        "incidents_in_dataset": len(dataset["incidents"]),
        "undated_claims": int(claim_days(claims).isna().sum()),
        "errors": len(dataset.report.errors),
        "warnings": len(dataset.report.warnings),
    }


# --------------------------------------------------------------------------
# Showing results (one escaping path for data that reaches HTML)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlFragment:
    """HTML that Jupyter displays as is; build it only with :func:`render_table`.

    Attributes
    ----------
    html : str
        The markup, with every piece of data escaped.
    text : str
        Plain-text form for consoles and ``text/plain`` outputs.
    """

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def render_table(
    frame: pd.DataFrame,
    *,
    empty: str = "(none)",
    index: bool = False,
) -> HtmlFragment:
    """Show a table with every cell and header escaped.

    Text from sources (``<script>``, ``javascript:`` URLs, quotes) is shown as
    text, never as markup; URLs are not turned into links.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table to show.
    empty : str
        Sentence shown instead of an empty table.
    index : bool
        Show the index as the first column.

    Returns
    -------
    HtmlFragment
        Displays as HTML in Jupyter and in the brief.

    Examples
    --------
    >>> table = render_table(pd.DataFrame({"name": ["<img src=x onerror=alert(1)>"]}))
    >>> "&lt;img src=x onerror=alert(1)&gt;" in table.html, "<img" in table.html
    (True, False)
    >>> render_table(pd.DataFrame(), empty="No problems found.").html
    '<p class="osintkit-empty">No problems found.</p>'
    """
    if frame.empty:
        return HtmlFragment(f'<p class="osintkit-empty">{escape(empty)}</p>', empty)
    html = frame.to_html(
        escape=True,
        index=index,
        na_rep="",
        border=0,
        classes="osintkit-table",
        render_links=False,
    )
    return HtmlFragment(html, frame.to_string(index=index))


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure that Jupyter shows as a PNG, whatever the backend.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure, to adjust or save.
    alt : str
        Text alternative, written into the brief as the image's ``alt``.
    """

    figure: Figure
    alt: str = ""

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        buffer = io.BytesIO()
        # no "Software" text chunk: the same chart gives the same bytes
        self.figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue(), {"alt": self.alt}


def plot_claims_per_day(per_day: pd.DataFrame, *, title: str = "") -> Chart:
    """Draw claims per day as stacked bars, one colour per column.

    Parameters
    ----------
    per_day : pandas.DataFrame
        Output of :func:`count_claims_per_day`.
    title : str
        Title above the chart.

    Returns
    -------
    Chart
        Shown once as a PNG in Jupyter and in the brief; the figure is not
        registered with pyplot, so it is freed with the variable.

    Examples
    --------
    >>> per_day = pd.DataFrame({"russia": [2, 0]}, index=["2024-03-11", "2024-03-12"])
    >>> png, metadata = plot_claims_per_day(per_day, title="Claims")._repr_png_()
    >>> png[1:4], metadata
    (b'PNG', {'alt': 'Claims'})
    """
    figure = Figure(figsize=(8, 3.5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    bottom = pd.Series(0, index=per_day.index, dtype="int64")
    for column in per_day.columns:
        axes.bar(
            per_day.index,
            per_day[column],
            bottom=bottom,
            label=str(column),
            color=SIDE_COLOURS.get(str(column)),
        )
        bottom = bottom + per_day[column]
    if per_day.empty or not per_day.to_numpy().any():
        axes.text(0.5, 0.5, "no claims", ha="center", va="center")
        axes.set_axis_off()
    else:
        axes.legend(title=per_day.columns.name, fontsize="small", frameon=False)
        axes.set_ylabel("claims")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelrotation=45)
    axes.set_title(title)
    return Chart(figure, alt=title or "claims per day")


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


def run_notebook(
    notebook: Path,
    output: Path,
    parameters: Mapping[str, object],
    *,
    cwd: Path | None = None,
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
                progress_bar=False,
                cwd=str(cwd or output.parent),
                execution_timeout=CELL_TIMEOUT_SECONDS,
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
    """Drop what a reader of the brief must not get: scripts, stderr, empty cells."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") != (
                    "stdout"
                ):
                    continue
                for mimetype in _SCRIPT_MIMETYPES:
                    output.get("data", {}).pop(mimetype, None)
                if output.get("output_type") == "stream" or output.get("data"):
                    outputs.append(output)
            if not outputs:
                continue
            cell.outputs = outputs
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


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


def render_brief_html(
    executed: Sequence[Path], *, title: str, subtitle: str, figures: dict[str, Any]
) -> str:
    """Render executed notebooks as one self-contained HTML page.

    Parameters
    ----------
    executed : sequence of pathlib.Path
        Executed notebooks, in the order they appear.
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
    exporter = _html_exporter()
    sections = []
    for path in executed:
        nb = _prepare_for_brief(nbformat.read(path, as_version=4))
        body, _ = exporter.from_notebook_node(nb)
        anchor = "nb-" + re.sub(r"[^A-Za-z0-9_-]", "-", path.stem)
        sections.append(_Section(anchor, _notebook_title(nb, path.stem), Markup(body)))
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("osintkit", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("brief.html.j2").render(
        title=title,
        subtitle=subtitle,
        figures=figures,
        sections=sections,
        csp=CONTENT_SECURITY_POLICY,
    )


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
    names = [path.name for path in resolved]
    if len(set(names)) < len(names):
        raise ParameterError(
            f"two notebooks share a file name ({', '.join(names)}); their executed "
            "copies would overwrite each other: rename one"
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
    notebooks: Sequence[str | Path] | None = None,
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
    notebooks : sequence of str or pathlib.Path, optional
        Notebooks to run (names in ``paths.NOTEBOOKS_DIR`` or paths); default
        :data:`BRIEF_NOTEBOOKS`.

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
    dataset = load_dataset(data_dir, strict=False)
    region_code = _normalise_region(region, dataset)
    given: dict[str, object] = {
        "data_dir": str(data_dir),
        "start": start_day,
        "end": end_day,
        "region": region_code,
    }
    to_run = _resolve_notebooks(notebooks)
    for notebook in to_run:  # refuse before anything runs
        validate_parameters(notebook, given)
    figures = key_figures(dataset, start=start_day, end=end_day, region=region_code)

    executed = [out_dir / "notebooks" / notebook.name for notebook in to_run]
    for notebook, output in zip(to_run, executed, strict=True):
        run_notebook(notebook, output, given)

    title = str(dataset.package.descriptor.get("title") or dataset.package.name)
    html = render_brief_html(
        executed,
        title=title,
        subtitle=_period_text(start_day, end_day, region_code),
        figures=figures,
    )
    manifest = {
        "dataset": dataset.package.name,
        "period": {"start": start_day, "end": end_day, "region": region_code},
        "counts": figures,
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


def _version() -> str:
    from osintkit import __version__

    return __version__
