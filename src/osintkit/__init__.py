"""osintkit: curate, validate and analyse contradictory claims about conflict incidents.

The public API::

    import osintkit as ok

    report = ok.validate_dataset("data/kursk-belgorod-2024-03")
    ds = ok.load_dataset("data/kursk-belgorod-2024-03")
    ds["claims"]            # typed pandas DataFrame
    ds.reference["places"]  # the shared gazetteer
    ds.save()               # writes back only what was edited
"""

from osintkit import paths
from osintkit.csvtable import RawTable, read_csv_bytes, read_csv_file
from osintkit.datapackage import Package, read_package
from osintkit.dataset import Dataset, load_dataset, validate_dataset
from osintkit.discrepancy import find_discrepancies
from osintkit.errors import (
    BriefError,
    DatasetInvalidError,
    DescriptorError,
    FileChangedError,
    NotebookExecutionError,
    OsintkitError,
    ParameterError,
    SaveError,
)
from osintkit.export import ExportReport, export_claims
from osintkit.incidents import (
    add_clustered_incidents,
    cluster_incidents,
    summarize_incidents,
)
from osintkit.issues import Issue, ValidationReport
from osintkit.reconcile import reconcile
from osintkit.report import render_csv, render_json, render_markdown
from osintkit.selection import ClaimFilter, filter_claims, list_filter_choices

__all__ = [
    "BriefError",
    "ClaimFilter",
    "Dataset",
    "DatasetInvalidError",
    "DescriptorError",
    "ExportReport",
    "FileChangedError",
    "Issue",
    "NotebookExecutionError",
    "OsintkitError",
    "Package",
    "ParameterError",
    "RawTable",
    "SaveError",
    "ValidationReport",
    "add_clustered_incidents",
    "cluster_incidents",
    "export_claims",
    "filter_claims",
    "find_discrepancies",
    "list_filter_choices",
    "load_dataset",
    "paths",
    "read_csv_bytes",
    "read_csv_file",
    "read_package",
    "reconcile",
    "render_csv",
    "render_json",
    "render_markdown",
    "summarize_incidents",
    "validate_dataset",
]

__version__ = "0.1.0"
