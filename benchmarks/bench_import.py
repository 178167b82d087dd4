"""Benchmark ``osintkit import acled`` on a generated ACLED-format CSV.

Usage (through ``python -m benchmarks import-acled [--rows N] [--repeats R]``):
generate a synthetic N-row ACLED export (current column set, ``dd/mm/YYYY``
dates, one to three sources per event, about 5% protest rows the importer
rejects, places drawn from the reference gazetteer and from made-up names),
then time, each in a fresh process:

* ``pandas_read_csv``: ``pandas.read_csv`` of the file (the yardstick);
* ``import_no_validate``: the import (read, check, resolve, write the dataset
  folder and ``rejects.csv``) with the final validation of the written folder
  left out;
* ``import``: the whole ``import_file``, validation included;
* for context only, once: ``pandas_read_csv_as_text``, pandas reading every
  cell as text, as the importer keeps it.

Each run is cold (a fresh interpreter, imports excluded from the timing) and
gives the time and the process's peak resident memory. R rounds run the
three operations in turn; the table gives the medians, the ratio of medians
to pandas (target <= 5 for both import figures) and every run.

Run ``python -m benchmarks.bench_import measure OPERATION CSV OUTDIR`` to time
one operation (what the driver does in each child process).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

# (disorder_type, event_type, sub_event_type, weight)
EVENT_KINDS = [
    (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        50,
    ),
    ("Political violence", "Battles", "Armed clash", 20),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", 12),
    (
        "Political violence",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        3,
    ),
    ("Strategic developments", "Strategic developments", "Disrupted weapons use", 5),
    ("Political violence", "Violence against civilians", "Attack", 3),
    ("Political violence", "Battles", "Non-state actor overtakes territory", 2),
    ("Demonstrations", "Protests", "Peaceful protest", 5),
]
ACTORS = [
    "Military Forces of Russia (2000-)",
    "Military Forces of Russia (2000-) Air Force",
    "Military Forces of Ukraine (2019-)",
    "Military Forces of Ukraine (2019-) Air Force",
    "Civilians (Ukraine)",
    "Civilians (Russia)",
    "Unidentified Armed Group (Ukraine)",
    "Russian Volunteer Corps",
    "Freedom of Russia Legion",
    "",
]
OBLASTS = [  # country, iso, ACLED admin1, ISO 3166-2, latitude, longitude
    ("Ukraine", "804", "Donetsk", "UA-14", 48.0, 37.8),
    ("Ukraine", "804", "Kharkiv", "UA-63", 49.99, 36.23),
    ("Ukraine", "804", "Sumy", "UA-59", 50.91, 34.8),
    ("Ukraine", "804", "Chernihiv", "UA-74", 51.5, 31.3),
    ("Ukraine", "804", "Zaporizhia", "UA-23", 47.8, 35.2),
    ("Ukraine", "804", "Kherson", "UA-65", 46.6, 32.6),
    ("Russia", "643", "Belgorod", "RU-BEL", 50.6, 36.6),
    ("Russia", "643", "Kursk", "RU-KRS", 51.7, 36.2),
    ("Russia", "643", "Bryansk", "RU-BRY", 53.2, 34.4),
]


def generate_acled(path: Path, rows: int, *, seed: int = 20240312) -> Path:
    """Write a synthetic ACLED-format CSV of ``rows`` events to ``path``.

    Locations mix real gazetteer settlements of the oblast (about 3,000 names,
    so resolution works per distinct name as on real exports) with made-up
    names that resolve nowhere; sources come from a pool of 300 made-up
    outlets. All text is synthetic.
    """
    from osintkit import paths

    rng = np.random.default_rng(seed)
    places = pd.read_csv(paths.REFERENCE_DIR / "places.csv", dtype=str)
    settlements = places[places["place_type"] == "settlement"]
    kinds = np.array([k[:3] for k in EVENT_KINDS], dtype=object)
    weights = np.array([k[3] for k in EVENT_KINDS], dtype=float)
    kind = rng.choice(len(kinds), size=rows, p=weights / weights.sum())
    oblast = rng.integers(0, len(OBLASTS), size=rows)
    obl = np.array(OBLASTS, dtype=object)
    names_by_oblast = []
    for _, _, admin1, code, _, _ in OBLASTS:
        real = settlements.loc[settlements["admin1_code"] == code, "name"].tolist()
        fake = [f"Synthivka-{admin1[:3]}-{i}" for i in range(150)]
        names_by_oblast.append(np.array(real + fake, dtype=object))
    location = np.empty(rows, dtype=object)
    for i, pool in enumerate(names_by_oblast):
        mask = oblast == i
        location[mask] = pool[rng.integers(0, len(pool), size=int(mask.sum()))]
    outlets = np.array([f"Synthetic Outlet {i:03d}" for i in range(300)], dtype=object)
    n_sources = rng.choice([1, 2, 3], size=rows, p=[0.6, 0.3, 0.1])
    picks = rng.integers(0, len(outlets), size=(rows, 3))
    source = outlets[picks[:, 0]]
    for extra in (1, 2):
        has = n_sources > extra
        source = np.where(has, source + "; " + outlets[picks[:, extra]], source)
    days = rng.integers(0, 6 * 365, size=rows)
    dates = pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D")
    actor1 = np.array(ACTORS, dtype=object)[rng.integers(0, 4, size=rows)]
    actor2 = np.array(ACTORS, dtype=object)[rng.integers(0, len(ACTORS), size=rows)]
    fatalities = rng.poisson(0.6, size=rows)
    lat = obl[oblast, 4].astype(float) + rng.normal(0, 0.3, size=rows)
    lon = obl[oblast, 5].astype(float) + rng.normal(0, 0.3, size=rows)
    ids = np.char.add("SYN", np.arange(1, rows + 1).astype(str))
    frame = pd.DataFrame(
        {
            "event_id_cnty": ids,
            "event_date": dates.strftime("%d/%m/%Y"),
            "year": dates.year.astype(str),
            "time_precision": rng.choice(
                ["1", "2", "3"], size=rows, p=[0.95, 0.04, 0.01]
            ),
            "disorder_type": kinds[kind, 0],
            "event_type": kinds[kind, 1],
            "sub_event_type": kinds[kind, 2],
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": "8",
            "actor2": actor2,
            "assoc_actor_2": "",
            "inter2": "1",
            "interaction": "18",
            "civilian_targeting": "",
            "iso": obl[oblast, 1],
            "region": "Europe",
            "country": obl[oblast, 0],
            "admin1": obl[oblast, 2],
            "admin2": "Synthetic raion",
            "admin3": "",
            "location": location,
            "latitude": np.round(lat, 4).astype(str),
            "longitude": np.round(lon, 4).astype(str),
            "geo_precision": rng.choice(
                ["1", "2", "3"], size=rows, p=[0.4, 0.55, 0.05]
            ),
            "source": source,
            "source_scale": "National",
            "notes": "Synthetic benchmark event: forces of one side fired at positions "
            "near a made-up village; casualties unknown. Not real data.",
            "fatalities": fatalities.astype(str),
            "tags": "",
            "timestamp": "1708472503",
        },
        columns=COLUMNS,
    )
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


# -- the operations, each timed in a fresh process ------------------------------


def _pandas_read_csv(csv_path: Path, out: Path) -> None:
    pd.read_csv(csv_path)


def _pandas_read_csv_as_text(csv_path: Path, out: Path) -> None:
    pd.read_csv(csv_path, dtype=object, keep_default_na=False)


def _import(csv_path: Path, out: Path) -> None:
    from osintkit.importers import import_file

    report = import_file("acled", csv_path, out)
    if not report.validation.is_valid:
        raise SystemExit(
            f"the imported folder is invalid: {report.validation.errors[:3]}"
        )


def _import_no_validate(csv_path: Path, out: Path) -> None:
    import osintkit.importers.base as base
    from osintkit.importers import import_file
    from osintkit.issues import ValidationReport

    base.validate_written = lambda _path, _written: ValidationReport([])  # type: ignore[assignment]
    import_file("acled", csv_path, out)


OPERATIONS = {
    "pandas_read_csv": _pandas_read_csv,
    "import_no_validate": _import_no_validate,
    "import": _import,
}
#: Timed for context, not as the yardstick: pandas reading every cell as
#: text (``dtype=object``, empty cells as ``""``), as an importer must keep
#: it (RELIABILITY rule 7: stored text exactly as received), where the
#: default read turns numeric columns into numbers and text into Arrow
#: strings.
REFERENCES = {"pandas_read_csv_as_text": _pandas_read_csv_as_text}


def measure(operation: str, csv_path: Path, out: Path) -> dict[str, float]:
    """Time one operation once, in this process, and report its peak memory."""
    if operation in OPERATIONS and operation != "pandas_read_csv":
        # the kit's imports are not timed
        import osintkit.importers.acled  # noqa: F401

    start = time.perf_counter()
    {**OPERATIONS, **REFERENCES}[operation](csv_path, out)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"operation": operation, "seconds": took, "peak_mib": peak}


def _run(operation: str, csv_path: Path, out: Path) -> dict[str, float]:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_import",
            "measure",
            operation,
            str(csv_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench_import_acled(
    rows: int, workdir: Path, repeats: int = 1
) -> dict[str, list[dict[str, float]]]:
    """Generate the file, time every operation ``repeats`` times, print the table.

    Each round runs each operation once, in turn, each in a fresh process
    (so that a slow spell of a shared machine falls on all of them); the
    table gives the median of the rounds, the ratio of medians and every
    run. The reference operations run once, after the rounds.
    """
    csv_path = workdir / "acled_synthetic.csv"
    start = time.perf_counter()
    generate_acled(csv_path, rows)
    size = csv_path.stat().st_size / 2**20
    print(
        f"generated {rows:,} ACLED rows ({size:.0f} MiB) in "
        f"{time.perf_counter() - start:.1f} s"
    )
    results: dict[str, list[dict[str, float]]] = {op: [] for op in OPERATIONS}
    for _ in range(repeats):
        for op in OPERATIONS:
            results[op].append(_run(op, csv_path, workdir / f"out-{op}"))
    for op in REFERENCES:
        results[op] = [_run(op, csv_path, workdir / f"out-{op}")]

    def median(op: str, key: str = "seconds") -> float:
        return statistics.median(run[key] for run in results[op])

    floor = median("pandas_read_csv")
    print(f"{'operation':<26}{'median s':>10}{'ratio':>8}{'peak MiB':>10}  runs (s)")
    for op in results:
        runs = ", ".join(f"{run['seconds']:.2f}" for run in results[op])
        print(
            f"{op:<26}{median(op):>10.2f}{median(op) / floor:>8.2f}"
            f"{median(op, 'peak_mib'):>10.0f}  {runs}"
        )
    out = workdir / "out-import"
    claims = sum(1 for _ in (out / "claims.csv").open("rb")) - 1
    rejects = sum(1 for _ in (out / "rejects.csv").open("rb")) - 1
    print(f"wrote {claims:,} claims; {rejects:,} rows rejected (the protest rows)")
    print(
        f"import / pandas.read_csv = {median('import') / floor:.2f} with "
        f"validation, {median('import_no_validate') / floor:.2f} without "
        "(target <= 5); pandas_read_csv_as_text is for context only"
    )
    return results


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "measure":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))))
        return
    raise SystemExit(
        "usage: python -m benchmarks import-acled [--rows N] [--repeats R]  (or: "
        "python -m "
        "benchmarks.bench_import measure OPERATION CSV OUTDIR)"
    )


if __name__ == "__main__":
    main()
