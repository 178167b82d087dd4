"""Every table is described once, completely, and its data honour the description."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

import osintkit as ok
from osintkit import paths
from osintkit.datapackage import read_package
from osintkit.schema import validate_frame

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
PACKAGES = [
    paths.SAMPLE_DATASET,
    paths.REFERENCE_DIR,
    MINI / "kursk-belgorod-mini",
    MINI / "reference",
]
REAL = ROOT.parent / "shared" / "data" / "real"


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_package_validates_without_any_issue(folder):
    report = ok.validate_dataset(folder)
    assert report.format() == ""


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_every_column_is_documented_once_and_every_field_is_present(folder):
    package, problems = read_package(folder)
    assert problems == []
    for resource in package.resources:
        header = next(
            csv.reader(io.StringIO((folder / resource.path).read_text("utf-8")))
        )
        assert header == resource.schema.field_names, resource.name
        for spec in resource.schema.fields:
            assert len(spec.description) > 10, (
                f"{resource.name}.{spec.name} needs a description"
            )
        assert resource.description, resource.name


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_tables_are_utf8_lf_sorted_by_primary_key(folder):
    package, _ = read_package(folder)
    for resource in package.resources:
        data = (folder / resource.path).read_bytes()
        assert b"\r" not in data and data.endswith(b"\n"), resource.path
        assert not data.startswith(b"\xef\xbb\xbf"), resource.path
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        keys = list(frame[list(resource.schema.primary_key)].itertuples(index=False))
        assert keys == sorted(keys), f"{resource.path} is not sorted by its key"


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_loaded_tables_pass_the_pandera_schemas(folder):
    ds = ok.load_dataset(folder)
    for name in ds:
        validate_frame(ds[name], folder, name)


def test_mini_fixture_rows_are_verbatim_sample_rows():
    for sub, full in [
        ("kursk-belgorod-mini", paths.SAMPLE_DATASET),
        ("reference", paths.REFERENCE_DIR),
    ]:
        for path in sorted((MINI / sub).glob("*.csv")):
            full_lines = set((full / path.name).read_text("utf-8").splitlines())
            assert set(path.read_text("utf-8").splitlines()) <= full_lines, path
        assert (MINI / sub / "datapackage.json").read_bytes() == (
            full / "datapackage.json"
        ).read_bytes()


def test_descriptor_is_json_with_licences_and_sources():
    for folder in (paths.SAMPLE_DATASET, paths.REFERENCE_DIR):
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
        assert descriptor["licenses"], folder
    reference = json.loads(
        (paths.REFERENCE_DIR / "datapackage.json").read_text("utf-8")
    )
    titles = " ".join(source["title"] for source in reference["sources"])
    assert "GeoNames" in titles and "Natural Earth" in titles


@pytest.mark.skipif(
    not REAL.is_dir(), reason=f"{REAL} is absent: cannot check citations"
)
def test_every_claim_cites_a_url_from_the_shared_materials():
    sheet = pd.read_csv(
        REAL / "claims_march2024_incursion_part" / "claims.csv", dtype=str
    )
    article = (REAL / "founding_article" / "PROVENANCE.md").read_text("utf-8")
    allowed = set(sheet["source_url"])
    claims = ok.load_dataset(paths.SAMPLE_DATASET)["claims"]
    for claim_id, url in zip(claims["claim_id"], claims["url"], strict=True):
        assert url in allowed or url in article, f"{claim_id} cites {url}"


@pytest.mark.skipif(
    not REAL.is_dir(), reason=f"{REAL} is absent: cannot check coverage"
)
def test_every_sheet_claim_is_curated():
    sheet = pd.read_csv(
        REAL / "claims_march2024_incursion_part" / "claims.csv", dtype=str
    )
    claims = ok.load_dataset(paths.SAMPLE_DATASET)["claims"]
    curated = {claim_id.rstrip("abcdefgh") for claim_id in claims["claim_id"]}
    assert set(sheet["claim_id"]) <= curated
    assert len(sheet) == 61


@pytest.mark.skipif(
    not REAL.is_dir(), reason=f"{REAL} is absent: cannot check summaries"
)
def test_summaries_are_our_own_words():
    sheet = pd.read_csv(
        REAL / "claims_march2024_incursion_part" / "claims.csv", dtype=str
    )
    paraphrases = {value.casefold() for value in sheet["claim_value"]}
    claims = ok.load_dataset(paths.SAMPLE_DATASET)["claims"]
    copied = [s for s in claims["summary"] if s.casefold() in paraphrases]
    assert copied == []
