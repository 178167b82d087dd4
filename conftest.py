"""Shared pytest set-up: doctest names and the ``--update-golden`` option."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from osintkit import paths

MINI = Path(__file__).parent / "tests" / "fixtures" / "mini" / "kursk-belgorod-mini"
SHARED_REAL = Path(__file__).resolve().parent.parent / "shared" / "data" / "real"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current outputs (review the diff!)",
    )


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["pd"] = pd
    doctest_namespace["SAMPLE"] = paths.SAMPLE_DATASET
    doctest_namespace["MINI"] = MINI
