"""Benchmark the analysis engines: incidents plus discrepancies.

Usage (through ``python -m benchmarks engine [--sizes 100000,1000000]
[--fixed-span]``): generate a valid dataset of each size with
:func:`benchmarks.generate.generate_dataset` (the generator ``load`` uses:
random but valid claims, half of them with a curator's incident, places drawn
from the reference gazetteer's settlements), then, each size in a fresh
process:

* load it with ``osintkit.load_dataset`` (timed apart, not part of the
  engines' figure);
* ``incidents``: ``osintkit.cluster_incidents``;
* ``discrepancies``: ``osintkit.find_discrepancies`` given that assignment;
* ``engines``: ``osintkit.find_discrepancies`` without one, which clusters
  and finds in one pass over one prepared view of the claims: the figure
  the targets apply to.

How the sizes grow. By default a dataset spans one year per 100,000 claims
(100,000 claims: one year; 1,000,000: ten years), so every size has the same
density, about 0.5 claims per settlement and day, and ten times the claims
is ten times the events: the growth ratio then measures how the engines
scale, not how many more contradictions a denser world holds. With
``--fixed-span`` every size spans one year, so density grows with size (at
1,000,000 claims, about 5 claims per settlement and day, ten times the
density of 100,000) and the findings grow about with the square of the
claims; that series is a stress test, printed for comparison.

It prints the times, the number of incidents and findings, the process's
peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, loading
included) and the growth ratio of the ``engines`` time from the smallest to
the largest size. Targets: 1,000,000 claims in <= 30 s, growth <= 12 for 10x
the claims, peak memory <= 4 GB. The generated data is denser than curated
data (random types and figures), so it yields far more findings per claim.

Run ``python -m benchmarks.bench_engine measure DIR`` to measure one
dataset folder (what the driver does in each child process).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import generate_dataset

TARGET_SECONDS = 30.0
TARGET_GROWTH = 12.0
TARGET_PEAK_MIB = 4096.0

#: Claims per year of events at constant density.
CLAIMS_PER_YEAR = 100_000


def span_days(claims: int, *, fixed_span: bool = False) -> int:
    """Days a generated dataset of ``claims`` claims spans (see the module doc).

    Examples
    --------
    >>> span_days(100_000), span_days(1_000_000), span_days(10_000)
    (365, 3650, 365)
    >>> span_days(1_000_000, fixed_span=True)
    365
    """
    if fixed_span:
        return 365
    return max(365, round(365 * claims / CLAIMS_PER_YEAR))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(folder: Path) -> dict:
    """Load one dataset and time the engines on it (in this process)."""
    import osintkit as ok

    started = time.perf_counter()
    dataset = ok.load_dataset(folder)
    load_s = time.perf_counter() - started
    load_peak = _peak_mib()
    claims, sources = dataset["claims"], dataset["sources"]
    places = dataset.reference["places"]

    started = time.perf_counter()
    assignment = ok.cluster_incidents(claims, places=places)
    incidents_s = time.perf_counter() - started

    started = time.perf_counter()
    findings = ok.find_discrepancies(
        claims, sources, incidents=assignment, places=places
    )
    discrepancies_s = time.perf_counter() - started
    del findings

    started = time.perf_counter()
    findings = ok.find_discrepancies(claims, sources, places=places)
    engines_s = time.perf_counter() - started
    return {
        "claims": len(claims),
        "load_s": load_s,
        "load_peak_mib": load_peak,
        "incidents_s": incidents_s,
        "discrepancies_s": discrepancies_s,
        "engines_s": engines_s,
        "incidents": int(assignment["incident_id"].nunique()),
        "findings": len(findings),
        "findings_by_kind": findings["kind"].value_counts().to_dict(),
        "peak_mib": _peak_mib(),
    }


def _measure_in_child(folder: Path) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_engine", "measure", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench_engine(
    sizes: list[int], workdir: Path, *, fixed_span: bool = False
) -> list[dict]:
    """Generate each size, measure it in a fresh process, print the figures."""
    results = []
    for size in sizes:
        started = time.perf_counter()
        days = span_days(size, fixed_span=fixed_span)
        folder = generate_dataset(workdir / f"claims-{size}-{days}d", size, days=days)
        print(
            f"generated {size:,} claims over {days:,} days in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        results.append(_measure_in_child(folder))
    header = (
        f"{'claims':>10}{'load s':>9}{'incidents s':>13}{'discrep. s':>12}"
        f"{'engines s':>11}{'incidents':>11}{'findings':>10}{'peak MiB':>10}"
    )
    print(header)
    for r in results:
        print(
            f"{r['claims']:>10,}{r['load_s']:>9.1f}{r['incidents_s']:>13.1f}"
            f"{r['discrepancies_s']:>12.1f}{r['engines_s']:>11.1f}"
            f"{r['incidents']:>11,}{r['findings']:>10,}{r['peak_mib']:>10.0f}"
        )
    for r in results:
        kinds = ", ".join(
            f"{k} {v:,}" for k, v in sorted(r["findings_by_kind"].items())
        )
        print(f"{r['claims']:,} claims: {kinds}")
    largest = results[-1]
    verdicts = [
        f"engines on {largest['claims']:,} claims: {largest['engines_s']:.1f} s "
        f"(target <= {TARGET_SECONDS:.0f})",
        f"peak {largest['peak_mib']:.0f} MiB, loading included "
        f"(target <= {TARGET_PEAK_MIB:.0f})",
    ]
    if len(results) > 1:
        smallest = results[0]
        growth = largest["engines_s"] / smallest["engines_s"]
        factor = largest["claims"] / smallest["claims"]
        verdicts.append(
            f"growth {growth:.1f} for {factor:.0f}x the claims "
            f"(target <= {TARGET_GROWTH:.0f})"
        )
    for line in verdicts:
        print(line)
    return results


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    raise SystemExit(
        "usage: python -m benchmarks engine [--sizes N,N] [--workdir DIR]\n"
        "       python -m benchmarks.bench_engine measure DATASET_DIR"
    )


if __name__ == "__main__":
    main()
