"""The ``osintkit`` command line: thin wrappers over the Python API.

The commands and their exit codes are a contract that scripts and CI rely on
(see the README). A user never sees a traceback: kit errors are printed as
one clear message and the command exits with status 2 (1 means "invalid").
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from osintkit.dataset import validate_dataset
from osintkit.errors import OsintkitError
from osintkit.importers import FORMATS, import_file
from osintkit.issues import ValidationReport

__all__ = ["main", "run"]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INVALID = 1
EXIT_FAILURE = 2


def _friendly(command: F) -> F:
    """Turn kit errors and unexpected exceptions into a message and an exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OsintkitError as exc:
            click.echo(f"osintkit: {exc}", err=True)
            sys.exit(EXIT_FAILURE)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("osintkit: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # the contract: never a bare traceback
            logging.getLogger(__name__).debug("unexpected error", exc_info=True)
            click.echo(
                f"osintkit: internal error: {type(exc).__name__}: {exc}\n"
                "Please report it with the command you ran (run with -v for details).",
                err=True,
            )
            sys.exit(EXIT_FAILURE)

    return wrapper  # type: ignore[return-value]


#: The dataset folder a command reads (``brief``, ``incidents``, ...).
_data_dir_argument = click.argument(
    "data_dir", type=click.Path(path_type=Path, exists=True, file_okay=False)
)

#: ``--out FILE`` of a command that prints its result (see :func:`_emit`).
_out_file_option = click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
@click.version_option(package_name="osintkit")
def main(verbose: int) -> None:
    """Curate, validate and analyse contradictory claims about conflict incidents."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one FILE:LINE:COLUMN: CODE message (hint) per line; json: a list.",
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings as errors (exit 1 on any issue)."
)
@_friendly
def validate(paths: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Validate dataset folders; exit 0 when valid, 1 when not.

    Every problem is reported, not just the first, each with file, physical
    line, column position, a stable code and a hint on how to fix it.
    """
    issues = []
    for path in paths:
        issues.extend(validate_dataset(path).issues)
    report = ValidationReport(issues)
    if output_format == "json":
        click.echo(report.to_json())
    else:
        for issue in report:
            click.echo(issue.format())
        errors, warnings = len(report.errors), len(report.warnings)
        verdict = "valid" if report.is_valid else "INVALID"
        click.echo(
            f"{verdict}: {errors} error(s), {warnings} warning(s) in "
            f"{len(paths)} dataset(s)",
            err=True,
        )
    failed = not report.is_valid or (strict and len(report) > 0)
    sys.exit(EXIT_INVALID if failed else 0)


@main.command(name="import")
@click.argument("import_format", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Dataset folder to write (datapackage.json, the tables, rejects.csv).",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help=(
        "TOML mapping: required for sheet (columns, vocabularies), optional for "
        "the others (encoding, code tables). See docs/importing.md."
    ),
)
@_friendly
def import_command(
    import_format: str, input_path: Path, out_dir: Path, mapping: Path | None
) -> None:
    """Import an export (acled, ucdp-ged, timemap, cir-monitor, sheet) as a dataset.

    Rows that cannot be taken go to OUT/rejects.csv with their input line and
    the reason; the counts of rows read, kept and rejected are printed. Exit 0
    when the written dataset validates, 1 when it does not.
    """
    interactive = sys.stderr.isatty()

    def progress(rows: int) -> None:
        if interactive and rows % 50_000 == 0:
            click.echo(f"\r  {rows:,} rows read", err=True, nl=False)

    report = import_file(
        import_format, input_path, out_dir, mapping=mapping, progress=progress
    )
    if interactive and report.rows_read >= 50_000:
        click.echo("", err=True)
    click.echo(report.summary())
    for issue in report.validation.errors[:20]:
        click.echo(issue.format(), err=True)
    sys.exit(0 if report.validation.is_valid else EXIT_INVALID)


@main.command()
@_data_dir_argument
@click.option("--start", help="First day of the brief (YYYY-MM-DD).")
@click.option("--end", help="Last day of the brief (YYYY-MM-DD).")
@click.option("--region", help="Limit to one oblast (ISO 3166-2 code, e.g. RU-BEL).")
@click.option(
    "--actor",
    "actors",
    multiple=True,
    help="Keep claims about this actor id (repeat for several, e.g. --actor lsr).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: outputs/brief).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show what runs, cell by cell, on stderr (default: when it is a terminal).",
)
@_friendly
def brief(
    data_dir: Path,
    start: str | None,
    end: str | None,
    region: str | None,
    actors: tuple[str, ...],
    out_dir: Path | None,
    progress: bool | None,
) -> None:
    """Run the brief notebooks with papermill and write a self-contained HTML brief."""
    from osintkit import paths as kit_paths
    from osintkit.brief import build_brief

    target = out_dir or kit_paths.OUTPUT_DIR / "brief"
    if progress is None:
        progress = sys.stderr.isatty()
    index = build_brief(
        data_dir,
        target,
        start=start,
        end=end,
        region=region,
        actors=actors,
        progress=progress,
    )
    click.echo(str(index))


def _emit(text: str, out_file: Path | None) -> None:
    """Print ``text``, or write it atomically to ``out_file``."""
    if out_file is None:
        click.echo(text, nl=False)
        return
    from osintkit.persist import atomic_write

    atomic_write(out_file, text.encode("utf-8"))
    click.echo(str(out_file), err=True)


def _places(dataset: Any) -> Any:
    reference = dataset.reference
    if reference is None or "places" not in reference:
        return None
    return reference["places"]


@main.command()
@_data_dir_argument
@click.option(
    "--write",
    is_flag=True,
    help="Add the clustered incidents of two or more claims to incidents.csv "
    "and set their claims' incident_id (curated ids are never changed).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="csv or json: one row per claim with its incident and the rule.",
)
@_out_file_option
@_friendly
def incidents(
    data_dir: Path, write: bool, output_format: str, out_file: Path | None
) -> None:
    """Group claims into incidents and say which rule put each claim there.

    A curator's incident_id always wins; other claims are clustered by event
    date, place and claim type (see osintkit.incidents).
    """
    from osintkit.dataset import load_dataset
    from osintkit.incidents import add_clustered_incidents, cluster_incidents

    dataset = load_dataset(data_dir)
    assignment = cluster_incidents(dataset["claims"], places=_places(dataset))
    if output_format == "json":
        records = assignment.astype(object).where(assignment.notna(), None)
        text = json.dumps(records.to_dict("records"), ensure_ascii=False, indent=2)
        _emit(text + "\n", out_file)
    else:
        _emit(assignment.to_csv(index=False, lineterminator="\n"), out_file)
    if write:
        added = add_clustered_incidents(dataset, assignment)
        dataset.save()
        click.echo(f"added {len(added)} clustered incident(s) to {data_dir}", err=True)


@main.command()
@_data_dir_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json", "md"]),
    default="md",
    show_default=True,
    help="md: a report grouped by incident; csv or json: one finding per row.",
)
@_out_file_option
@_friendly
def discrepancies(data_dir: Path, output_format: str, out_file: Path | None) -> None:
    """Report where the sources disagree: one finding per disagreement.

    Each finding has a kind, a severity, the claims and sources on each side,
    their values and one sentence explaining it.
    """
    from osintkit.dataset import load_dataset
    from osintkit.discrepancy import find_discrepancies
    from osintkit.report import render_csv, render_json, render_markdown

    dataset = load_dataset(data_dir)
    claims, sources = dataset["claims"], dataset["sources"]
    findings = find_discrepancies(claims, sources, places=_places(dataset))
    if output_format == "json":
        text = render_json(findings)
    elif output_format == "csv":
        text = render_csv(findings)
    else:
        curated = dataset.tables.get("incidents")
        text = render_markdown(findings, claims, sources, incidents=curated)
    _emit(text, out_file)
    click.echo(f"{len(findings)} finding(s)", err=True)


@main.command()
@_data_dir_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "csv-excel", "xlsx", "geojson"]),
    required=True,
    help="csv: faithful UTF-8 for programs (not for spreadsheets); csv-excel: "
    "formulas neutralised, UTF-8 with BOM; xlsx: Excel workbook, no formulas; "
    "geojson: RFC 7946 points (null geometry for unlocated claims).",
)
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (outside the dataset folder; replaced atomically).",
)
@click.option("--start", help="First day (YYYY-MM-DD) of the claims' day.")
@click.option("--end", help="Last day (YYYY-MM-DD), inclusive.")
@click.option(
    "--region",
    "regions",
    multiple=True,
    help="Oblast (ISO 3166-2 code, e.g. RU-BEL); repeat for several.",
)
@click.option(
    "--side",
    "sides",
    multiple=True,
    help="Side of the claim's source (e.g. russia); repeat for several.",
)
@click.option(
    "--actor",
    "actors",
    multiple=True,
    help="Actor id the claim is about (e.g. lsr); repeat for several.",
)
@click.option(
    "--claim-type",
    "claim_types",
    multiple=True,
    help="Claim type (e.g. attack_repelled); repeat for several.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="Claim status (e.g. corroborated); repeat for several.",
)
@click.option(
    "--min-reliability",
    help="Worst source grade kept, A (best) to E; F and ungraded sources are "
    "left out unless --include-unjudged.",
)
@click.option(
    "--include-unjudged",
    is_flag=True,
    help="With --min-reliability, also keep sources graded F (cannot be "
    "judged) and claims whose source has no grade.",
)
@_friendly
def export(
    data_dir: Path,
    output_format: str,
    out_file: Path,
    start: str | None,
    end: str | None,
    regions: tuple[str, ...],
    sides: tuple[str, ...],
    actors: tuple[str, ...],
    claim_types: tuple[str, ...],
    statuses: tuple[str, ...],
    min_reliability: str | None,
    include_unjudged: bool,
) -> None:
    """Export the claims the filters select, with their sources and grades.

    Filters of different kinds must all hold; repeated values of one filter
    are alternatives. Prints the rows and file written; exit 0 when written,
    2 on a bad filter value or when the file cannot be written.
    """
    from osintkit.dataset import load_dataset
    from osintkit.export import export_claims
    from osintkit.selection import ClaimFilter

    claim_filter = ClaimFilter(
        start=start,
        end=end,
        regions=regions,
        sides=sides,
        actors=actors,
        claim_types=claim_types,
        statuses=statuses,
        min_reliability=min_reliability,
        include_unjudged=include_unjudged,
    )
    dataset = load_dataset(data_dir)
    report = export_claims(dataset, claim_filter, output_format, out_file)
    click.echo(report.summary())


if __name__ == "__main__":  # pragma: no cover
    main()


def run() -> None:
    """Run the command line (the ``osintkit`` console script).

    Before :func:`main`, one thing the process does not need is kept out:
    jsonschema, which nbformat and papermill import, loads ``rfc3987_syntax``
    when it is installed (JupyterLab's jupyter-events pulls it in), and that
    package builds a parser grammar as it is imported, about 2 s on every
    command. It only checks the ``iri`` string format, which no schema the
    kit uses asks for; jsonschema expects its import to fail and goes on.
    """
    # None in sys.modules makes the import fail (ImportError), on purpose
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    main()
