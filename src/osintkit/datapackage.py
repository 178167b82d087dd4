"""Read a Frictionless ``datapackage.json``: the one description of every table.

Only what osintkit needs is modelled: resources with a CSV dialect, an encoding
and a Table Schema (fields, types, formats, constraints, primary and foreign
keys, missing values). Foreign keys may point into another package through a
relative ``"package"`` path (how a dataset references ``data/reference``).
Problems in the descriptor itself are reported as :class:`~osintkit.issues.Issue`
objects located in ``datapackage.json``.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from osintkit.issues import Issue

__all__ = [
    "DESCRIPTOR_NAME",
    "Dialect",
    "Field",
    "ForeignKey",
    "Package",
    "Resource",
    "Schema",
    "read_package",
]

DESCRIPTOR_NAME = "datapackage.json"

FIELD_TYPES = {
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "year",
    "list",
}

_DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
_DEFAULT_FALSE = ["false", "False", "FALSE", "0"]


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written (Frictionless CSV Dialect)."""

    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    header: bool = True

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any]) -> Dialect:
        """Build a dialect from the ``dialect`` object of a resource."""
        return cls(
            delimiter=str(descriptor.get("delimiter", ",")),
            quote_char=str(descriptor.get("quoteChar", '"')),
            double_quote=bool(descriptor.get("doubleQuote", True)),
            header=bool(descriptor.get("header", True)),
        )


@dataclass(frozen=True)
class Field:
    """One column of a table as its schema describes it."""

    name: str
    type: str = "string"
    format: str = "default"
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    true_values: tuple[str, ...] = tuple(_DEFAULT_TRUE)
    false_values: tuple[str, ...] = tuple(_DEFAULT_FALSE)
    decimal_char: str = "."
    group_char: str = ""
    delimiter: str = ";"
    item_type: str = "string"
    timezone: str | None = None

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any]) -> Field:
        """Build a field from its Table Schema descriptor."""
        constraints = descriptor.get("constraints") or {}
        enum = constraints.get("enum")
        return cls(
            name=str(descriptor["name"]),
            type=str(descriptor.get("type", "string")),
            format=str(descriptor.get("format", "default")),
            description=str(descriptor.get("description", "")),
            required=bool(constraints.get("required", False)),
            unique=bool(constraints.get("unique", False)),
            enum=tuple(str(v) for v in enum) if enum is not None else None,
            pattern=constraints.get("pattern"),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            min_length=constraints.get("minLength"),
            max_length=constraints.get("maxLength"),
            true_values=tuple(descriptor.get("trueValues", _DEFAULT_TRUE)),
            false_values=tuple(descriptor.get("falseValues", _DEFAULT_FALSE)),
            decimal_char=str(descriptor.get("decimalChar", ".")),
            group_char=str(descriptor.get("groupChar", "")),
            delimiter=str(descriptor.get("delimiter", ";")),
            item_type=str(descriptor.get("itemType", "string")),
            timezone=descriptor.get("timezone"),
        )


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key: ``fields`` of this resource point at ``ref_fields``.

    ``ref_resource`` is empty for a key into the same resource; ``ref_package``
    is a path (relative to this package's folder) of another ``datapackage.json``.
    """

    fields: tuple[str, ...]
    ref_resource: str
    ref_fields: tuple[str, ...]
    ref_package: str | None = None


@dataclass(frozen=True)
class Schema:
    """A Table Schema."""

    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    missing_values: tuple[str, ...] = ("",)

    @property
    def field_names(self) -> list[str]:
        """Names of the fields in schema order."""
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field | None:
        """Return the field called ``name``, or ``None``."""
        for f in self.fields:
            if f.name == name:
                return f
        return None


@dataclass(frozen=True)
class Resource:
    """One tabular data resource: a CSV file and its description."""

    name: str
    path: str
    schema: Schema
    dialect: Dialect = field(default_factory=Dialect)
    encoding: str = "utf-8"
    description: str = ""
    row_checks: tuple[dict[str, Any], ...] = ()
    allow_empty: bool = False


@dataclass
class Package:
    """A data package: a folder, its descriptor and its resources."""

    root: Path
    name: str
    descriptor: dict[str, Any]
    resources: list[Resource]
    raw: bytes = b""

    @property
    def descriptor_path(self) -> Path:
        """Path of ``datapackage.json``."""
        return self.root / DESCRIPTOR_NAME

    def resource(self, name: str) -> Resource:
        """Return the resource called ``name``.

        Raises
        ------
        KeyError
            When the package has no such resource.
        """
        for resource in self.resources:
            if resource.name == name:
                return resource
        known = ", ".join(r.name for r in self.resources)
        raise KeyError(f"no resource {name!r} in {self.descriptor_path} ({known})")

    def external_packages(self) -> list[str]:
        """Relative paths of the other packages that foreign keys point into."""
        paths = {
            fk.ref_package
            for resource in self.resources
            for fk in resource.schema.foreign_keys
            if fk.ref_package
        }
        return sorted(paths)


class _DescriptorProblems:
    """Collects issues located in one ``datapackage.json``."""

    def __init__(self, path: Path, label: str, text: str) -> None:
        self.path = path
        self.label = label
        self.text = text
        self.issues: list[Issue] = []

    def add(self, code: str, message: str, hint: str, *, near: str = "") -> None:
        line, column = self._locate(near)
        self.issues.append(
            Issue(
                file=self.label,
                line=line,
                column=column,
                code=code,
                message=message,
                hint=hint,
            )
        )

    def _locate(self, near: str) -> tuple[int, int]:
        if near:
            index = self.text.find(json.dumps(near, ensure_ascii=False))
            if index >= 0:
                line = self.text.count("\n", 0, index) + 1
                column = index - (self.text.rfind("\n", 0, index) + 1) + 1
                return line, column
        return 1, 1


def read_package(
    root: str | Path, *, label: str | None = None
) -> tuple[Package | None, list[Issue]]:
    """Read and check the ``datapackage.json`` of a dataset folder.

    Parameters
    ----------
    root : str or pathlib.Path
        The dataset folder, or the path of its ``datapackage.json``.
    label : str, optional
        How to name the descriptor in issues; defaults to its path.

    Returns
    -------
    tuple of (Package or None, list of Issue)
        The package (``None`` when the descriptor cannot be used at all) and
        the problems found in the descriptor.

    Examples
    --------
    >>> package, problems = read_package(SAMPLE)
    >>> [r.name for r in package.resources], problems
    (['sources', 'incidents', 'claims'], [])
    """
    root = Path(root)
    if root.name == DESCRIPTOR_NAME:
        root = root.parent
    path = root / DESCRIPTOR_NAME
    label = label or str(path)
    if not path.is_file():
        problems = _DescriptorProblems(path, label, "")
        problems.add(
            "descriptor-missing",
            f"no {DESCRIPTOR_NAME} in {root}",
            "a dataset is a folder with a datapackage.json describing its tables; "
            "copy one from data/kursk-belgorod-2024-03 and edit it",
        )
        return None, problems.issues
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        issue = Issue(
            file=label,
            line=raw.count(b"\n", 0, exc.start) + 1,
            column=exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1,
            code="encoding-error",
            message=f"{DESCRIPTOR_NAME} is not valid UTF-8",
            hint="save the descriptor as UTF-8",
        )
        return None, [issue]
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        issue = Issue(
            file=label,
            line=exc.lineno,
            column=exc.colno,
            code="descriptor-json",
            message=f"not valid JSON: {exc.msg}",
            hint="fix the JSON syntax (a missing comma or quote is the usual cause)",
        )
        return None, [issue]
    problems = _DescriptorProblems(path, label, text)
    resources = _read_resources(descriptor, problems)
    if resources is None:
        return None, problems.issues
    package = Package(
        root=root,
        name=str(descriptor.get("name", root.name)),
        descriptor=descriptor,
        resources=resources,
        raw=raw,
    )
    return package, problems.issues


def _read_resources(
    descriptor: Any, problems: _DescriptorProblems
) -> list[Resource] | None:
    if not isinstance(descriptor, dict) or not isinstance(
        descriptor.get("resources"), list
    ):
        problems.add(
            "descriptor-invalid",
            "the descriptor has no list of resources",
            'add "resources": [ ... ] with one object per table',
        )
        return None
    resources: list[Resource] = []
    seen: set[str] = set()
    for index, item in enumerate(descriptor["resources"]):
        resource = _read_resource(index, item, problems)
        if resource is None:
            continue
        if resource.name in seen:
            problems.add(
                "descriptor-invalid",
                f"resource name {resource.name!r} is used twice",
                "give every resource its own name",
                near=resource.name,
            )
            continue
        seen.add(resource.name)
        resources.append(resource)
    _check_keys(resources, problems)
    return resources


def _read_resource(
    index: int, item: Any, problems: _DescriptorProblems
) -> Resource | None:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        problems.add(
            "descriptor-invalid",
            f"resource #{index + 1} has no name",
            'give it a "name" (lower-case letters, digits, "-", "_", ".")',
        )
        return None
    name = item["name"]
    path = item.get("path")
    if not isinstance(path, str) or not _is_safe_relative_path(path):
        problems.add(
            "descriptor-invalid",
            f"resource {name!r} has no usable path ({path!r})",
            "give a relative path inside the dataset folder, without '..'",
            near=name,
        )
        return None
    encoding = str(item.get("encoding", "utf-8"))
    try:
        codecs.lookup(encoding)
    except LookupError:
        problems.add(
            "descriptor-invalid",
            f"resource {name!r} declares an unknown encoding {encoding!r}",
            "use a Python codec name such as utf-8, utf-16, cp1251 or cp1252",
            near=encoding,
        )
        return None
    schema = _read_schema(name, item.get("schema"), problems)
    if schema is None:
        return None
    dialect_descriptor = item.get("dialect") or {}
    dialect = Dialect.from_descriptor(dialect_descriptor)
    if len(dialect.delimiter) != 1 or len(dialect.quote_char) != 1:
        problems.add(
            "descriptor-invalid",
            f"resource {name!r}: delimiter and quoteChar must be one character",
            'write e.g. "delimiter": ";"',
            near=name,
        )
        return None
    extension = item.get("x-osintkit") or {}
    return Resource(
        name=name,
        path=path,
        schema=schema,
        dialect=dialect,
        encoding=encoding,
        description=str(item.get("description", "")),
        row_checks=tuple(extension.get("rowChecks", ())),
        allow_empty=bool(extension.get("allowEmpty", False)),
    )


def _read_schema(
    resource_name: str, descriptor: Any, problems: _DescriptorProblems
) -> Schema | None:
    if not isinstance(descriptor, dict) or not isinstance(
        descriptor.get("fields"), list
    ):
        problems.add(
            "descriptor-invalid",
            f"resource {resource_name!r} has no schema with fields",
            'add "schema": {"fields": [...]} describing every column',
            near=resource_name,
        )
        return None
    fields: list[Field] = []
    for item in descriptor["fields"]:
        built = _read_field(resource_name, item, problems)
        if built is not None:
            fields.append(built)
    primary_key = descriptor.get("primaryKey") or []
    if isinstance(primary_key, str):
        primary_key = [primary_key]
    foreign_keys = []
    for item in descriptor.get("foreignKeys") or []:
        fk_fields = item.get("fields")
        reference = item.get("reference") or {}
        ref_fields = reference.get("fields")
        fk_fields = [fk_fields] if isinstance(fk_fields, str) else fk_fields
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if not fk_fields or not ref_fields or len(fk_fields) != len(ref_fields):
            problems.add(
                "descriptor-invalid",
                f"resource {resource_name!r} has a malformed foreign key",
                "give fields and reference.fields of equal length",
                near=resource_name,
            )
            continue
        foreign_keys.append(
            ForeignKey(
                fields=tuple(fk_fields),
                ref_resource=str(reference.get("resource", "")),
                ref_fields=tuple(ref_fields),
                ref_package=reference.get("package"),
            )
        )
    missing = descriptor.get("missingValues", [""])
    return Schema(
        fields=tuple(fields),
        primary_key=tuple(primary_key),
        foreign_keys=tuple(foreign_keys),
        missing_values=tuple(str(v) for v in missing),
    )


def _read_field(
    resource_name: str, item: Any, problems: _DescriptorProblems
) -> Field | None:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        problems.add(
            "descriptor-invalid",
            f"a field of resource {resource_name!r} has no name",
            'give every field a "name"',
            near=resource_name,
        )
        return None
    built = Field.from_descriptor(item)
    if built.type not in FIELD_TYPES:
        problems.add(
            "descriptor-invalid",
            f"field {built.name!r} has unsupported type {built.type!r}",
            f"use one of {', '.join(sorted(FIELD_TYPES))}",
            near=built.name,
        )
        return None
    if built.type in {"date", "datetime"} and built.format in {"any"}:
        problems.add(
            "descriptor-invalid",
            f'field {built.name!r}: date format "any" would make the loader guess',
            'declare the exact format, e.g. "%Y-%m-%d" or "%d/%m/%Y"',
            near=built.name,
        )
        return None
    if built.pattern is not None:
        try:
            re.compile(built.pattern)
        except re.error as exc:
            problems.add(
                "descriptor-invalid",
                f"field {built.name!r} has an invalid pattern: {exc}",
                "write a valid regular expression",
                near=built.name,
            )
            return None
    return built


def _check_keys(resources: list[Resource], problems: _DescriptorProblems) -> None:
    names = {r.name for r in resources}
    for resource in resources:
        field_names = set(resource.schema.field_names)
        for key in resource.schema.primary_key:
            if key not in field_names:
                problems.add(
                    "descriptor-invalid",
                    f"primary key {key!r} of {resource.name!r} is not a field",
                    "name an existing field in primaryKey",
                    near=resource.name,
                )
        for fk in resource.schema.foreign_keys:
            for key in fk.fields:
                if key not in field_names:
                    problems.add(
                        "descriptor-invalid",
                        f"foreign key {key!r} of {resource.name!r} is not a field",
                        "name an existing field in foreignKeys.fields",
                        near=resource.name,
                    )
            if fk.ref_package is None and fk.ref_resource not in names | {""}:
                problems.add(
                    "descriptor-invalid",
                    f"foreign key of {resource.name!r} points at unknown resource "
                    f"{fk.ref_resource!r}",
                    "name a resource of this package, or add reference.package",
                    near=fk.ref_resource,
                )


def _is_safe_relative_path(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts
