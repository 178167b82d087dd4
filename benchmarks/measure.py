"""Time one operation in a fresh process and report its peak memory.

Run as ``python -m benchmarks.measure OPERATION PATH REPEATS``; prints one JSON
line with the wall times of each repeat and the process's peak RSS. With
``REPEATS`` 0 the operation runs once with no warm-up, so that the peak RSS is
that of one cold run (Arrow's memory pool keeps freed memory between repeats).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _pyarrow_read(path: Path) -> object:
    import pyarrow.csv as pacsv

    return pacsv.read_csv(path / "claims.csv")


def _pandas_read(path: Path) -> object:
    import pandas as pd

    return pd.read_csv(path / "claims.csv")


def _load_dataset(path: Path) -> object:
    import osintkit as ok

    return ok.load_dataset(path)


OPERATIONS: dict[str, Callable[[Path], object]] = {
    "pyarrow_read_csv": _pyarrow_read,
    "pandas_read_csv": _pandas_read,
    "load_dataset": _load_dataset,
}


def peak_mib() -> float:
    """Peak resident memory of this process, in MiB.

    ``VmHWM`` from /proc, not ``ru_maxrss``: on Linux ``ru_maxrss`` survives
    ``execve``, so a child would report its parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    operation, path, repeats = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    function = OPERATIONS[operation]
    if repeats == 0:
        start = time.perf_counter()
        function(path)
        times = [time.perf_counter() - start]
        record = {"operation": operation, "times": times, "peak_mib": peak_mib()}
        print(json.dumps(record))
        return
    function(path)  # warm-up: imports and page cache
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(path)
        times.append(time.perf_counter() - start)
        del result
    record = {"operation": operation, "times": times, "peak_mib": peak_mib()}
    print(json.dumps(record))


if __name__ == "__main__":
    main()
