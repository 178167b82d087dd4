"""pandera schemas built from ``datapackage.json`` (never written by hand).

The file validator (:mod:`osintkit.validate`) checks CSV files with line
numbers; these schemas check typed DataFrames that live only in memory --
tables built by importers or engines, or edited in a notebook -- against the
same description, with pandera's lazy validation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from osintkit.datapackage import Field, Resource, read_package
from osintkit.errors import DescriptorError

__all__ = ["build_schema", "schema_for", "validate_frame"]

_DTYPES: dict[str, object] = {
    "string": str,
    "list": str,
    "integer": "Int64",
    "year": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "date": "datetime64[s]",
    "datetime": "datetime64[us, UTC]",
}


def build_schema(resource: Resource) -> pa.DataFrameSchema:
    """Translate one resource's Table Schema into a pandera ``DataFrameSchema``.

    Parameters
    ----------
    resource : Resource
        A resource from :func:`osintkit.datapackage.read_package`.

    Returns
    -------
    pandera.DataFrameSchema
        Columns with dtype, nullability, uniqueness and the ``enum``,
        ``pattern``, ``minimum``, ``maximum``, ``minLength`` and ``maxLength``
        checks; the primary key as a unique column combination. Columns the
        schema does not describe are allowed (``strict=False``).

    Examples
    --------
    >>> package, _ = read_package(SAMPLE)
    >>> schema = build_schema(package.resource("sources"))
    >>> schema.columns["reliability"].checks[0]
    <Check isin: isin(['A', 'B', 'C', 'D', 'E', 'F'])>
    """
    columns = {field.name: _column(field) for field in resource.schema.fields}
    key = list(resource.schema.primary_key)
    return pa.DataFrameSchema(
        columns,
        name=resource.name,
        strict=False,
        unique=key if len(key) > 1 else None,
        description=resource.description,
    )


def _column(field: Field) -> pa.Column:
    checks: list[pa.Check] = []
    if field.enum is not None:
        checks.append(pa.Check.isin(list(field.enum)))
    if field.pattern is not None:
        checks.append(pa.Check.str_matches(f"^(?:{field.pattern})$"))
    if field.minimum is not None and field.type in {"integer", "number", "year"}:
        checks.append(pa.Check.ge(field.minimum))
    if field.maximum is not None and field.type in {"integer", "number", "year"}:
        checks.append(pa.Check.le(field.maximum))
    if field.min_length is not None or field.max_length is not None:
        checks.append(pa.Check.str_length(field.min_length, field.max_length))
    return pa.Column(
        _DTYPES[field.type],
        checks=checks,
        nullable=not field.required,
        unique=field.unique,
        required=True,
        description=field.description,
        title=field.name,
    )


@cache
def _cached_schema(descriptor_dir: str, resource_name: str) -> pa.DataFrameSchema:
    package, issues = read_package(Path(descriptor_dir))
    if package is None or issues:
        problems = "; ".join(issue.format() for issue in issues)
        raise DescriptorError(f"cannot build schemas from {descriptor_dir}: {problems}")
    return build_schema(package.resource(resource_name))


def schema_for(package_dir: str | Path, resource_name: str) -> pa.DataFrameSchema:
    """Return the pandera schema of one resource of a package folder (cached)."""
    return _cached_schema(str(Path(package_dir).resolve()), resource_name)


def validate_frame(
    frame: pd.DataFrame, package_dir: str | Path, resource_name: str
) -> pd.DataFrame:
    """Validate an in-memory table against its description, reporting every failure.

    Parameters
    ----------
    frame : pandas.DataFrame
        A typed table (as :func:`osintkit.load_dataset` returns them).
    package_dir : str or pathlib.Path
        Folder of the ``datapackage.json`` that describes it.
    resource_name : str
        Which resource it is.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when it is valid.

    Raises
    ------
    pandera.errors.SchemaErrors
        With every failing check and failure case (lazy validation).
    """
    return schema_for(package_dir, resource_name).validate(frame, lazy=True)
