"""Run the benchmarks and print their figures.

Usage::

    python -m benchmarks load [--claims N] [--workdir DIR] [--repeats R]
    python -m benchmarks import-acled [--rows N] [--workdir DIR] [--repeats R]
    python -m benchmarks engine [--sizes N,N] [--fixed-span] [--workdir DIR]
    python -m benchmarks brief [--repeats R]

``load``: generate a valid N-claim dataset (default 1,000,000), then in fresh
processes time ``osintkit.load_dataset`` (read, type, validate every table,
primary and foreign keys) against ``pyarrow.csv.read_csv`` and
``pandas.read_csv`` of the same claims file, and report the ratio and the peak
memory of each process. Medians of R repeats after one warm-up.

``import-acled``: generate a synthetic N-row ACLED-format CSV (default
1,000,000) and time, in fresh processes, ``pandas.read_csv`` of it and
``osintkit import acled`` with and without the final validation of the written
folder, with the peak memory of each; R rounds, alternating (default 5; pass
``--repeats 1`` for one run of each), and the medians. ``pandas.read_csv`` of
every cell as text is timed once beside them, for context (see
``benchmarks/bench_import.py``).

``engine``: generate datasets of each size (default 100,000 and 1,000,000
claims, one year of events per 100,000 claims; ``--fixed-span``: one year
for every size) and time, in a fresh process per size, ``cluster_incidents``
and ``find_discrepancies``, with the peak memory and the growth ratio (see
``benchmarks/bench_engine.py``).

``brief``: in the same run, alternating, time ``osintkit brief`` on the sample
week against papermill plus the HTML export of a notebook that only imports
osintkit, and report both medians and the ratio (see
``benchmarks/bench_brief.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_brief import bench_brief
from benchmarks.bench_engine import bench_engine
from benchmarks.bench_import import bench_import_acled
from benchmarks.generate import generate_dataset


def _measure(operation: str, path: Path, repeats: int) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.measure",
            operation,
            str(path),
            str(repeats),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench_load(claims: int, workdir: Path, repeats: int) -> None:
    start = time.perf_counter()
    dataset = generate_dataset(workdir, claims)
    size = (dataset / "claims.csv").stat().st_size / 2**20
    took = time.perf_counter() - start
    print(f"generated {claims:,} claims ({size:.0f} MiB) in {took:.1f} s")
    memory = {
        op: _measure(op, dataset, 0)["peak_mib"]
        for op in ("pyarrow_read_csv", "pandas_read_csv", "load_dataset")
    }
    results = {
        op: _measure(op, dataset, repeats)
        for op in ("pyarrow_read_csv", "pandas_read_csv", "load_dataset")
    }
    floor = statistics.median(results["pyarrow_read_csv"]["times"])
    print(f"{'operation':<22}{'median s':>10}{'ratio':>8}{'peak MiB':>10}")
    for op, result in results.items():
        median = statistics.median(result["times"])
        print(f"{op:<22}{median:>10.2f}{median / floor:>8.2f}{memory[op]:>10.0f}")
    ratio = statistics.median(results["load_dataset"]["times"]) / floor
    print(
        f"load-and-validate / pyarrow.csv.read_csv = {ratio:.2f} (target <= 4); "
        f"peak {memory['load_dataset']:.0f} MiB (target <= 2048)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "benchmark",
        nargs="?",
        default="load",
        choices=["load", "import-acled", "engine", "brief"],
    )
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--sizes",
        default="100000,1000000",
        help="engine: comma-separated numbers of claims",
    )
    parser.add_argument(
        "--fixed-span",
        action="store_true",
        help="engine: every size spans one year (density grows with size)",
    )
    args = parser.parse_args()

    def run(workdir: Path) -> None:
        if args.benchmark == "import-acled":
            bench_import_acled(args.rows, workdir, args.repeats)
        elif args.benchmark == "brief":
            bench_brief(args.repeats, workdir)
        elif args.benchmark == "engine":
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
            bench_engine(sizes, workdir, fixed_span=args.fixed_span)
        else:
            bench_load(args.claims, workdir, args.repeats)

    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run(args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="osintkit-bench-") as tmp:
            run(Path(tmp))


if __name__ == "__main__":
    main()
