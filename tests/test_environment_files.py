"""environment.yml (conda-forge) and pyproject.toml list the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

REPO_ROOT = Path(__file__).resolve().parents[1]

# conda-forge packages whose name differs from the PyPI distribution.
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
# conda entries that are not Python dependencies of the package.
NOT_DEPENDENCIES = {"python", "pip"}

_CONDA_SPEC = re.compile(r"^\s*(?P<name>[A-Za-z0-9_.\-]+)\s*(?P<spec>.*?)\s*$")


def normalise(name: str) -> str:
    """PEP 503 name: lower case, runs of `-_.` become one `-`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bound(spec: str) -> Version | None:
    """The `>=` (or `==`) bound of a version spec, or None when it has none."""
    match = re.search(r"(>=|==)\s*([0-9][0-9A-Za-z.+!-]*)", spec)
    return Version(match.group(2)) if match else None


def pyproject_dependencies(pyproject: dict) -> dict[str, Version | None]:
    project = pyproject["project"]
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs.extend(extra)
    out: dict[str, Version | None] = {}
    for spec in specs:
        requirement = Requirement(spec)
        out[normalise(requirement.name)] = lower_bound(str(requirement.specifier))
    return out


def conda_dependencies(environment: dict) -> dict[str, Version | None]:
    out: dict[str, Version | None] = {}
    for entry in environment.get("dependencies", []):
        if isinstance(entry, dict):  # the `pip:` section
            for spec in entry.get("pip", []):
                if spec.startswith("-e") or spec.startswith("."):
                    continue  # the package itself
                requirement = Requirement(spec)
                bound = lower_bound(str(requirement.specifier))
                out[normalise(requirement.name)] = bound
            continue
        match = _CONDA_SPEC.match(str(entry).split("::")[-1])
        assert match, f"cannot read the conda spec {entry!r}"
        name = normalise(CONDA_TO_PYPI.get(match["name"], match["name"]))
        if name not in NOT_DEPENDENCIES:
            out[name] = lower_bound(match["spec"])
    return out


def compare(
    pyproject: dict[str, Version | None], conda: dict[str, Version | None]
) -> list[str]:
    """Every difference between the two dependency lists, as readable lines."""
    problems = []
    for name in sorted(pyproject.keys() - conda.keys()):
        problems.append(f"{name}: in pyproject.toml, missing from environment.yml")
    for name in sorted(conda.keys() - pyproject.keys()):
        problems.append(f"{name}: in environment.yml, missing from pyproject.toml")
    for name in sorted(pyproject.keys() & conda.keys()):
        if pyproject[name] != conda[name]:
            problems.append(
                f"{name}: lower bound {pyproject[name]} in pyproject.toml but "
                f"{conda[name]} in environment.yml"
            )
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def environment() -> dict:
    with (REPO_ROOT / "environment.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_environment_files_list_the_same_dependencies(pyproject, environment):
    problems = compare(
        pyproject_dependencies(pyproject), conda_dependencies(environment)
    )
    assert not problems, "\n".join(problems)


def test_environment_yml_uses_conda_forge_and_installs_the_package(environment):
    assert environment["channels"] == ["conda-forge"]
    pip_sections = [e for e in environment["dependencies"] if isinstance(e, dict)]
    assert any("-e ." in section.get("pip", []) for section in pip_sections)


def test_environment_yml_python_matches_requires_python(pyproject, environment):
    required = lower_bound(pyproject["project"]["requires-python"])
    conda_python = [
        lower_bound(str(e).removeprefix("python"))
        for e in environment["dependencies"]
        if isinstance(e, str) and _CONDA_SPEC.match(e)["name"] == "python"
    ]
    assert conda_python == [required]


@pytest.mark.parametrize(
    ("pyproject_deps", "conda_deps", "expected"),
    [
        pytest.param(
            ["pandas>=3.0", "PyYAML>=6"],
            ["pandas >=3.0", "pyyaml>=6"],
            [],
            id="spacing-and-case-do-not-matter",
        ),
        pytest.param(
            ["nbstripout>=0.7"],
            ["pip", {"pip": ["-e .", "nbstripout>=0.7"]}],
            [],
            id="pip-section-counts",
        ),
        pytest.param(
            ["matplotlib>=3.8"],
            ["matplotlib-base>=3.8"],
            [],
            id="conda-name-alias",
        ),
        pytest.param(
            ["pandas>=3.0", "numpy>=2.0"],
            ["pandas>=3.0"],
            ["numpy: in pyproject.toml, missing from environment.yml"],
            id="missing-from-conda",
        ),
        pytest.param(
            ["pandas>=3.0"],
            ["pandas>=3.0", "scipy>=1.0"],
            ["scipy: in environment.yml, missing from pyproject.toml"],
            id="missing-from-pyproject",
        ),
        pytest.param(
            ["pandas>=3.0"],
            ["pandas>=2.2"],
            ["pandas: lower bound 3.0 in pyproject.toml but 2.2 in environment.yml"],
            id="lower-bounds-differ",
        ),
        pytest.param(
            ["pandas>=3.0"],
            ["pandas"],
            ["pandas: lower bound 3.0 in pyproject.toml but None in environment.yml"],
            id="bound-missing-in-conda",
        ),
    ],
)
def test_compare_reports_each_difference(pyproject_deps, conda_deps, expected):
    pyproject = {"project": {"dependencies": pyproject_deps}}
    environment = {"dependencies": conda_deps}
    problems = compare(
        pyproject_dependencies(pyproject), conda_dependencies(environment)
    )
    assert problems == expected
