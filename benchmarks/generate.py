"""Generate large synthetic datasets in the sample's own format, for benchmarks.

The rows are random but valid: every enum value, key and foreign key follows
``data/kursk-belgorod-2024-03/datapackage.json``, so loading exercises the
whole validator. Nothing here is a real claim; it never goes into ``data/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from osintkit import paths
from osintkit.importers.base import model_columns

_SEED = 20240312


def _enum(package: dict, resource: str, field: str) -> list[str]:
    for res in package["resources"]:
        if res["name"] == resource:
            for spec in res["schema"]["fields"]:
                if spec["name"] == field:
                    return list(spec["constraints"]["enum"])
    raise KeyError(field)


def generate_dataset(
    out_dir: Path, n_claims: int, *, days: int = 365, seed: int = _SEED
) -> Path:
    """Write a valid dataset of ``n_claims`` claims into ``out_dir/dataset``.

    The claims' events fall on ``days`` days from 1 January 2024, at the
    reference gazetteer's settlements. The reference tables are copied beside
    it so that its foreign keys into ``../reference`` resolve. Returns the
    dataset folder.
    """
    rng = np.random.default_rng(seed)
    root = out_dir / "dataset"
    reference = out_dir / "reference"
    if reference.exists():
        shutil.rmtree(reference)
    shutil.copytree(paths.REFERENCE_DIR, reference)
    root.mkdir(parents=True, exist_ok=True)
    descriptor_path = paths.SAMPLE_DATASET / "datapackage.json"
    shutil.copy(descriptor_path, root / "datapackage.json")
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))

    places = pd.read_csv(reference / "places.csv", dtype=str, keep_default_na=False)
    settlements = places[places["place_type"] == "settlement"]
    actors = pd.read_csv(reference / "actors.csv", dtype=str, keep_default_na=False)

    n_sources = 500
    sides = _enum(package, "sources", "side")
    sources = pd.DataFrame(
        {
            "source_id": [f"src-{i:04d}" for i in range(n_sources)],
            "name": [f"Synthetic source {i}" for i in range(n_sources)],
            "source_type": rng.choice(
                _enum(package, "sources", "source_type"), n_sources
            ),
            "side": rng.choice(sides, n_sources),
            "is_belligerent": rng.choice(["true", "false"], n_sources),
            "actor_id": "",
            "parent_source_id": "",
            "platform": rng.choice(_enum(package, "sources", "platform"), n_sources),
            "url": [f"https://example.org/source/{i}" for i in range(n_sources)],
            "language": rng.choice(["en", "ru", "uk"], n_sources),
            "reliability": rng.choice(list("ABCDEF"), n_sources),
            "notes": "synthetic source for benchmarks",
        }
    )
    sources = sources.reindex(columns=model_columns("sources"), fill_value="")
    sources.to_csv(root / "sources.csv", index=False, lineterminator="\n")

    n_incidents = max(1, n_claims // 20)
    base = np.datetime64("2024-01-01")
    inc_start = base + rng.integers(0, days, n_incidents).astype("timedelta64[D]")
    inc_place = rng.choice(settlements["place_id"].to_numpy(), n_incidents)
    admin_of = dict(
        zip(settlements["place_id"], settlements["admin1_code"], strict=True)
    )
    incidents = pd.DataFrame(
        {
            "incident_id": [f"INC-{i:07d}" for i in range(n_incidents)],
            "title": "synthetic incident",
            "date_start": inc_start.astype(str),
            "date_end": (
                inc_start + rng.integers(0, 3, n_incidents).astype("timedelta64[D]")
            ).astype(str),
            "date_precision": "day",
            "place_ids": inc_place,
            "admin1_codes": [admin_of[p] for p in inc_place],
            "event_type": rng.choice(
                _enum(package, "incidents", "event_type"), n_incidents
            ),
            "summary": "synthetic incident for benchmarks",
            "grouping_notes": "",
        }
    )
    incidents = incidents.reindex(columns=model_columns("incidents"), fill_value="")
    incidents.to_csv(root / "incidents.csv", index=False, lineterminator="\n")

    n = n_claims
    incident_index = rng.integers(0, n_incidents, n)
    start = inc_start[incident_index]
    has_figure = rng.random(n) < 0.4
    low = rng.integers(0, 500, n).astype(float)
    best = low + rng.integers(0, 50, n)
    high = best + rng.integers(0, 50, n)
    figure = lambda values: np.where(has_figure, values.astype(int).astype(str), "")  # noqa: E731
    claims = pd.DataFrame(
        {
            "claim_id": [f"C{i:08d}" for i in range(n)],
            "source_id": rng.choice(sources["source_id"].to_numpy(), n),
            "incident_id": np.where(
                rng.random(n) < 0.5,
                incidents["incident_id"].to_numpy()[incident_index],
                "",
            ),
            "reported_date": (start + 1).astype(str),
            "event_date_start": start.astype(str),
            "event_date_end": start.astype(str),
            "date_precision": "day",
            "place_raw": inc_place[incident_index],
            "place_ids": inc_place[incident_index],
            "admin1_codes": [admin_of[p] for p in inc_place[incident_index]],
            "latitude": "",
            "longitude": "",
            "geo_precision": "settlement",
            "actor_ids": rng.choice(actors["actor_id"].to_numpy(), n),
            "claim_type": rng.choice(_enum(package, "claims", "claim_type"), n),
            "stance": "asserts",
            "quantity": np.where(
                has_figure, rng.choice(_enum(package, "claims", "quantity"), n), ""
            ),
            "subject_side": np.where(has_figure, rng.choice(sides, n), ""),
            "value_text": np.where(
                has_figure, "about " + best.astype(int).astype(str), ""
            ),
            "value_low": figure(low),
            "value_best": figure(best),
            "value_high": figure(high),
            "value_rule": np.where(has_figure, "range", ""),
            "credibility": rng.integers(1, 7, n).astype(str),
            "status": rng.choice(_enum(package, "claims", "status"), n),
            "url": np.char.add("https://example.org/claim/", np.arange(n).astype(str)),
            "archive_url": "",
            "sha256": "",
            "collected_at": "2024-03-20T12:00:00+00:00",
            "summary": "Synthetic claim text of the length of a curated summary.",
            "language": rng.choice(["en", "ru", "uk"], n),
            "revises_claim_id": "",
            "notes": "",
        }
    )
    claims = claims.reindex(columns=model_columns("claims"), fill_value="")
    claims.to_csv(root / "claims.csv", index=False, lineterminator="\n")
    return root
