"""Where osintkit finds its data and writes its outputs.

Every location can be overridden by an environment variable, so that notebooks
run by papermill, nbval or JupyterLab (each from its own working directory) all
see the same folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "NOTEBOOKS_DIR",
    "OUTPUT_DIR",
    "REFERENCE_DIR",
    "REPO_ROOT",
    "SAMPLE_DATASET",
]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


#: The repository checkout that holds ``src/osintkit`` (for an editable install).
REPO_ROOT: Path = Path(__file__).resolve().parents[2]

#: Folder of datasets; ``OSINTKIT_DATA_DIR`` overrides it.
DATA_DIR: Path = _env_path("OSINTKIT_DATA_DIR", REPO_ROOT / "data")

#: Reference tables (actors, places, aliases) shared by every dataset.
REFERENCE_DIR: Path = DATA_DIR / "reference"

#: The founding sample dataset.
SAMPLE_DATASET: Path = DATA_DIR / "kursk-belgorod-2024-03"

#: Parameterised notebooks.
NOTEBOOKS_DIR: Path = REPO_ROOT / "notebooks"

#: Derived tables, executed notebooks and briefs; ``OSINTKIT_OUTPUT_DIR`` overrides it.
OUTPUT_DIR: Path = _env_path("OSINTKIT_OUTPUT_DIR", REPO_ROOT / "outputs")
