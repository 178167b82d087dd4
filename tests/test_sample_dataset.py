"""The founding sample: loads, saves byte for byte, and edits touch one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import osintkit as ok
from osintkit import paths


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    shutil.copytree(paths.SAMPLE_DATASET, tmp_path / "kursk-belgorod-2024-03")
    shutil.copytree(paths.REFERENCE_DIR, tmp_path / "reference")
    return tmp_path / "kursk-belgorod-2024-03"


def test_sample_loads_with_typed_columns():
    ds = ok.load_dataset(paths.SAMPLE_DATASET)
    claims = ds["claims"]
    assert len(claims) == 78
    assert str(claims["event_date_start"].dtype) == "datetime64[s]"
    assert claims["value_best"].dtype == "float64"
    assert str(claims["credibility"].dtype) == "Int64"
    assert set(ds.reference) >= {"places", "place_aliases", "actors", "actor_aliases"}


def test_load_then_save_is_byte_identical(sample_copy, tmp_path):
    ds = ok.load_dataset(sample_copy)
    out = tmp_path / "saved"
    ds.save(out)
    for path in sorted(sample_copy.iterdir()):
        if path.suffix in {".csv", ".json"}:
            assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_one_cell_edit_changes_exactly_one_line(sample_copy):
    before = (sample_copy / "claims.csv").read_bytes()
    ds = ok.load_dataset(sample_copy)
    row = ds["claims"].index[ds["claims"]["claim_id"] == "C007"][0]
    ds["claims"].loc[row, "value_best"] = 235.0
    ds.save()
    after = (sample_copy / "claims.csv").read_bytes()
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert (
        old.startswith(b"C007,")
        and old.replace(b",234,234,234,", b",234,235,234,") == new
    )
    for name in ("sources.csv", "incidents.csv"):
        assert (sample_copy / name).read_bytes() == (
            paths.SAMPLE_DATASET / name
        ).read_bytes()


def test_edit_of_a_date_keeps_its_format(sample_copy):
    ds = ok.load_dataset(sample_copy)
    ds["claims"].loc[0, "reported_date"] = pd.Timestamp("2024-03-13")
    ds.save()
    assert (
        b"C001,lsr,INC-0002,2024-03-13,2024-03-12,"
        in (sample_copy / "claims.csv").read_bytes()
    )
    assert ok.validate_dataset(sample_copy).is_valid


def test_file_changed_since_load_is_not_overwritten(sample_copy):
    ds = ok.load_dataset(sample_copy)
    ds["claims"].loc[0, "notes"] = "mine"
    (sample_copy / "claims.csv").write_bytes(b"")  # someone else truncated it
    with pytest.raises(ok.FileChangedError):
        ds.save()
    assert (sample_copy / "claims.csv").read_bytes() == b""
