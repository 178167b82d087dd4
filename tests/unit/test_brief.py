"""The weekly brief: papermill runs, one offline HTML page, and its manifest."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from osintkit import paths
from osintkit.brief import (
    CONTENT_SECURITY_POLICY,
    NotebookExecutionError,
    _private_kernel_manager,
    build_brief,
    content_security_policy,
)
from osintkit.display import render_table
from osintkit.errors import OsintkitError
from osintkit.params import ParameterError
from osintkit.selection import select_claims, with_source_columns
from osintkit.summaries import count_claims_per_day, list_sources, plot_claims_per_day

SAMPLE = paths.SAMPLE_DATASET
WEEK = {"start": "2024-03-11", "end": "2024-03-17"}
BRIEF_PARAMETERS = """\
data_dir: str | None = None  # dataset folder
start: str | None = None  # first day
end: str | None = None  # last day
region: str | None = None  # oblast code
"""

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Collect every start tag with its attributes, and the text of <meta> tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parse_elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def make_notebook(
    path: Path,
    *cells: str,
    parameters: str | None = BRIEF_PARAMETERS,
    ids: list[str] | None = None,
) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    for number, source in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source)
        if ids:
            cell.id = ids[number]
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def copy_data(tmp_path: Path) -> Path:
    """Copy the sample and the reference tables (its foreign keys point there)."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target / SAMPLE.name)
    shutil.copytree(paths.REFERENCE_DIR, target / paths.REFERENCE_DIR.name)
    return target / SAMPLE.name


def edit_first_row(path: Path, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# --------------------------------------------------------------------------
# selecting and showing claims (no kernel)
# --------------------------------------------------------------------------


def claims_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": ["C1", "C2", "C3", "C4", "C5"],
            "source_id": ["ru-mod", "lsr", "lsr", "ghost", "ru-mod"],
            "incident_id": ["INC-1", "INC-1", None, None, "INC-2"],
            "reported_date": pd.to_datetime(
                [
                    "2024-03-12",
                    None,  # no reported date: counts on the event's first day
                    "2024-03-18",  # the day after the week
                    "2024-03-11",  # first day of the week, unknown source
                    None,  # no date at all: undated
                ]
            ),
            "event_date_start": pd.to_datetime([None, "2024-03-13", None, None, None]),
            "admin1_codes": ["RU-BEL", "RU-BEL;RU-KRS", "RU-KRS", None, "RU-BEL"],
        }
    )


def sources_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["lsr", "ru-mod"],
            "name": ["Freedom of Russia Legion", "Russian Ministry of Defence"],
            "source_type": ["military_unit", "official"],
            "side": ["pro_ukraine", "russia"],
            "reliability": ["F", "F"],
        }
    )


def test_select_claims_keeps_the_week_and_leaves_out_undated_claims():
    selected = select_claims(claims_frame(), **WEEK)
    assert selected["claim_id"].tolist() == ["C1", "C2", "C4"]


def test_select_claims_without_period_keeps_undated_claims():
    assert len(select_claims(claims_frame())) == 5


def test_select_claims_region_matches_one_code_of_a_list():
    selected = select_claims(claims_frame(), region="RU-KRS")
    assert selected["claim_id"].tolist() == ["C2", "C3"]


def test_select_claims_region_does_not_match_a_prefix():
    # RU-BE must not match RU-BEL
    assert select_claims(claims_frame(), region="RU-BE").empty


def test_with_source_columns_keeps_claims_of_unknown_sources():
    claims = with_source_columns(claims_frame(), sources_frame())
    assert len(claims) == 5
    assert claims.loc[claims["claim_id"] == "C4", "source_side"].item() == (
        "(unknown source)"
    )


def test_count_claims_per_day_fills_every_day_of_the_period():
    claims = with_source_columns(select_claims(claims_frame(), **WEEK), sources_frame())
    per_day = count_claims_per_day(claims, **WEEK)
    assert per_day.index.tolist() == [f"2024-03-{day}" for day in range(11, 18)]
    assert per_day.sum().to_dict() == {
        "(unknown source)": 1,
        "pro_ukraine": 1,
        "russia": 1,
    }


def test_count_claims_per_day_of_no_claims_is_all_zero_days():
    empty = select_claims(claims_frame(), start="2030-01-01", end="2030-01-02")
    per_day = count_claims_per_day(empty, start="2030-01-01", end="2030-01-02")
    assert per_day.index.tolist() == ["2030-01-01", "2030-01-02"]
    assert per_day.empty  # no columns: nothing to count


def test_count_claims_per_day_without_period_or_claims_is_empty():
    empty = select_claims(claims_frame()).iloc[0:0]
    assert count_claims_per_day(empty).empty


def test_plot_claims_per_day_draws_empty_period_without_error():
    chart = plot_claims_per_day(pd.DataFrame(index=["2030-01-01"]))
    assert chart.figure.axes[0].texts[0].get_text() == "no claims"


def test_plot_claims_per_day_png_is_deterministic():
    per_day = pd.DataFrame({"russia": [2, 0], "ukraine": [1, 3]}, index=["d1", "d2"])
    first = plot_claims_per_day(per_day, title="<b>title</b>")._repr_png_()
    second = plot_claims_per_day(per_day, title="<b>title</b>")._repr_png_()
    assert first == second
    assert first[1] == {"alt": "<b>title</b>"}  # nbconvert escapes the alt text


def test_list_sources_counts_claims_and_sorts_by_grade():
    claims = select_claims(claims_frame())
    table = list_sources(claims, sources_frame())
    assert table["source_id"].tolist() == ["lsr", "ru-mod"]
    assert table["claims"].tolist() == [2, 2]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
        pytest.param("</script><script>alert(1)</script>", id="script"),
        pytest.param('" onmouseover="alert(1)', id="attribute-breakout"),
        pytest.param("javascript:alert(1)", id="javascript-url"),
    ],
)
def test_render_table_escapes_cells_and_headers(text):
    html = render_table(pd.DataFrame({text: [text]})).html
    tags = {tag for tag, _ in parse_elements(html)}
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert "<a " not in html


# --------------------------------------------------------------------------
# the brief of the sample
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_brief(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("brief")
    index = build_brief(SAMPLE, out, **WEEK)
    assert index == out / "index.html"
    return out


def test_build_brief_writes_index_manifest_and_executed_notebooks(sample_brief):
    assert (sample_brief / "index.html").is_file()
    executed = sorted(p.name for p in (sample_brief / "notebooks").glob("*.ipynb"))
    assert executed == ["90_weekly_brief.ipynb"]
    manifest = json.loads((sample_brief / "brief.json").read_text(encoding="utf-8"))
    assert manifest["period"] == {**WEEK, "region": None, "actors": []}
    assert manifest["dataset"] == "kursk-belgorod-2024-03"
    assert manifest["notebooks"] == ["notebooks/90_weekly_brief.ipynb"]
    assert manifest["generated_at"].endswith("+00:00")
    counts = manifest["counts"]
    assert 0 < counts["claims"] <= counts["claims_in_dataset"]
    assert 0 < counts["sources"] <= counts["sources_in_dataset"]
    assert counts["errors"] == 0


def inline_scripts(html: str) -> tuple[list[str], list[str]]:
    """The executable inline scripts and the JSON data blocks of a page."""
    blocks = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    code = [body for attrs, body in blocks if "application/json" not in attrs]
    data = [body for attrs, body in blocks if 'type="application/json"' in attrs]
    assert len(code) + len(data) == len(blocks)
    return code, data


def test_build_brief_html_loads_nothing_from_the_network(sample_brief):
    html = (sample_brief / "index.html").read_text(encoding="utf-8")
    elements = parse_elements(html)
    loaded = [
        (tag, name, value)
        for tag, attrs in elements
        for name, value in attrs.items()
        if name in {"src", "href", "srcset", "data", "poster", "action"} and tag != "a"
    ]
    for tag, name, value in loaded:
        value = (value or "").strip().lower()
        assert not value.startswith(("http://", "https://", "//")), (tag, name)
        if tag in {"script", "link", "img"}:
            assert value.startswith("data:"), (tag, name, value[:40])
    assert not [tag for tag, _ in elements if tag in {"link", "iframe"}]
    # scripts are inline (plotly.js and the chart script), none has a src
    assert not [a for tag, a in elements if tag == "script" and "src" in a]
    # plotly.js names its CDN in strings it never uses offline (the browser test
    # records the requests); nothing else on the page does
    code, _ = inline_scripts(html)
    outside = html
    for script in code:
        outside = outside.replace(script, "")
    assert "cdn.plot.ly" not in outside
    assert "mathjax" not in outside.lower()
    assert "require.js" not in outside.lower()


def test_build_brief_html_carries_a_content_security_policy(sample_brief):
    html = (sample_brief / "index.html").read_text(encoding="utf-8")
    elements = parse_elements(html)
    metas = [
        attrs
        for tag, attrs in elements
        if tag == "meta"
        and (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    code, data = inline_scripts(html)
    assert len(code) == 2  # plotly.js and the few lines that draw the charts
    assert len(data) >= 5  # one JSON block per chart
    assert [meta["content"] for meta in metas] == [content_security_policy(code)]
    policy = metas[0]["content"]
    assert policy.startswith(CONTENT_SECURITY_POLICY)
    assert "default-src 'none'" in policy
    script_src = policy.split("script-src ")[1].split(";")[0].split()
    assert len(script_src) == 2
    assert all(source.startswith("'sha256-") for source in script_src)
    assert "unsafe-inline" not in policy.split("style-src")[0]
    # the policy comes before anything that could load or style
    names = [tag for tag, _ in elements]
    assert names.index("meta") < names.index("style")


def test_content_security_policy_without_scripts_allows_none():
    assert content_security_policy() == CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY  # falls back to 'none'


def test_chart_json_cannot_close_its_script_block(tmp_path):
    notebook = make_notebook(
        tmp_path / "95_chart.ipynb",
        "import plotly.graph_objects as go\n"
        "from osintkit.display import InteractiveChart\n"
        "InteractiveChart(go.Figure(go.Scatter(x=[1], y=[1], "
        "name='</script><script>alert(1)</script>&<!--')))",
    )
    index = build_brief(SAMPLE, tmp_path / "out", **WEEK, notebooks=[notebook])
    html = index.read_text(encoding="utf-8")
    code, data = inline_scripts(html)
    assert len(data) == 1 and len(code) == 2
    assert "<" not in data[0] and ">" not in data[0] and "&" not in data[0]
    spec = json.loads(data[0])
    assert spec["data"][0]["name"] == "</script><script>alert(1)</script>&<!--"


def test_build_brief_html_shows_outputs_without_code(sample_brief):
    html = (sample_brief / "index.html").read_text(encoding="utf-8")
    assert "Weekly brief" in html
    assert "The week in numbers" in html
    assert "Where the sources disagree" in html
    assert "Figures weighted by reliability" in html
    assert 'class="osintkit-plotly-data"' in html  # the charts
    assert "import osintkit" not in html
    assert "briefing.headline" not in html
    assert "In&nbsp;[" not in html
    # the same on every machine: no absolute paths
    assert str(paths.REPO_ROOT) not in html


def test_build_brief_is_deterministic(sample_brief, tmp_path):
    # a folder name with braces: papermill formats paths with str.format
    out = tmp_path / "week {12}"
    build_brief(SAMPLE, out, **WEEK)
    first = (sample_brief / "index.html").read_bytes()
    assert (out / "index.html").read_bytes() == first
    manifests = [
        json.loads((folder / "brief.json").read_text(encoding="utf-8"))
        for folder in (sample_brief, out)
    ]
    for manifest in manifests:
        del manifest["generated_at"]
    assert manifests[0] == manifests[1]


# --------------------------------------------------------------------------
# failures
# --------------------------------------------------------------------------


def test_build_brief_failing_cell_names_notebook_and_cell(tmp_path):
    notebook = make_notebook(
        tmp_path / "99_broken.ipynb",
        "x = 1",
        "raise ValueError('the figures do not add up')",
        "y = 2",
        ids=["first", "raising", "after"],
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous brief", encoding="utf-8")
    with pytest.raises(NotebookExecutionError) as caught:
        build_brief(SAMPLE, out, notebooks=[notebook], **WEEK)
    error = caught.value
    message = str(error)
    # cells as written: 1 parameters, 2 `x = 1`, 3 the raise (In [4]: the
    # injected parameters cell ran too)
    assert message.startswith("99_broken.ipynb: cell 3 (id raising, In [4])")
    assert "ValueError: the figures do not add up" in message
    assert "raise ValueError" in message
    assert "no brief was published" in message
    assert isinstance(error, OsintkitError)
    assert (error.notebook, error.cell_number, error.cell_id) == (
        "99_broken.ipynb",
        3,
        "raising",
    )
    # the partial notebook is kept, with the error in it
    assert error.executed_path == out / "notebooks" / "99_broken.ipynb"
    kept = nbformat.read(error.executed_path, as_version=4)
    failed = [cell for cell in kept.cells if cell.get("id") == "raising"]
    assert failed[0].outputs[0]["ename"] == "ValueError"
    never_ran = [cell for cell in kept.cells if cell.get("id") == "after"]
    assert never_ran[0].get("execution_count") is None
    # nothing new is published; the previous brief is untouched
    assert (out / "index.html").read_text(encoding="utf-8") == "previous brief"
    assert not (out / "brief.json").exists()


def test_build_brief_failure_in_fresh_folder_publishes_nothing(tmp_path):
    notebook = make_notebook(tmp_path / "broken.ipynb", "1 / 0")
    out = tmp_path / "out"
    with pytest.raises(NotebookExecutionError, match=r"broken\.ipynb: cell 2 "):
        build_brief(SAMPLE, out, notebooks=[notebook])
    assert not (out / "index.html").exists()
    assert not (out / "brief.json").exists()
    assert (out / "notebooks" / "broken.ipynb").is_file()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"start": "2024-13-01"}, "not a date", id="bad-month"),
        pytest.param({"start": "11.03.2024"}, "YYYY-MM-DD", id="day-first"),
        pytest.param(
            {"start": "2024-03-17", "end": "2024-03-11"}, "after", id="inverted"
        ),
        pytest.param({"region": "RU-XXX"}, "RU-BEL", id="unknown-region"),
        pytest.param({"region": "x = 1\nimport os"}, "ISO 3166-2", id="hostile"),
        pytest.param({"notebooks": []}, "no notebooks", id="no-notebooks"),
        pytest.param(
            {"notebooks": ["missing.ipynb"]}, "not found", id="missing-notebook"
        ),
    ],
)
def test_build_brief_rejects_bad_parameters_before_running(tmp_path, kwargs, match):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match=match):
        build_brief(SAMPLE, out, **kwargs)
    assert not out.exists()


def test_build_brief_rejects_notebook_without_parameters_cell(tmp_path):
    notebook = make_notebook(tmp_path / "bare.ipynb", "x = 1", parameters=None)
    with pytest.raises(ParameterError, match=r"bare\.ipynb: no code cell is tagged"):
        build_brief(SAMPLE, tmp_path / "out", notebooks=[notebook])
    assert not (tmp_path / "out").exists()


def test_build_brief_rejects_notebook_missing_a_brief_parameter(tmp_path):
    notebook = make_notebook(
        tmp_path / "partial.ipynb", "x = 1", parameters="data_dir = None  # folder\n"
    )
    with pytest.raises(ParameterError, match="unknown parameter 'start'"):
        build_brief(SAMPLE, tmp_path / "out", notebooks=[notebook])


def test_build_brief_of_hostile_and_invalid_data(tmp_path):
    data_dir = copy_data(tmp_path)
    sources = data_dir / "sources.csv"
    edit_first_row(sources, "name", "<img src=x onerror=alert(1)>")
    edit_first_row(sources, "notes", "</script><script>alert(2)")
    edit_first_row(sources, "reliability", "Z<b>")  # not a grade: an error
    out = tmp_path / "out"
    build_brief(data_dir, out)  # whole dataset: the edited source is cited
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not [
        (tag, attrs)
        for tag, attrs in parse_elements(html)
        if tag in {"iframe", "link", "b"}
        or (tag == "img" and not (attrs.get("src") or "").startswith("data:"))
    ]
    # the only scripts are the page's own two and the charts' JSON blocks
    code, data = inline_scripts(html)
    policies = [
        attrs["content"]
        for tag, attrs in parse_elements(html)
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == [content_security_policy(code)]
    assert len(code) == 2
    assert not any("<" in block for block in data)
    # an invalid but readable dataset still gets a brief, listing the problem
    manifest = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["errors"] == 1
    assert "Z&lt;b&gt;" in html
    assert "No problems found" not in html


MINI_DATASET = Path(__file__).parents[1] / "fixtures" / "mini" / "kursk-belgorod-mini"


@pytest.mark.skipif(os.name == "nt", reason="Windows keeps TCP")
def test_kernels_talk_over_unix_sockets_in_a_private_folder():
    manager = _private_kernel_manager()(kernel_name="python3")
    assert manager.transport == "ipc"
    folder = Path(manager.ip).parent
    assert folder.is_dir()
    assert folder.stat().st_mode & 0o777 == 0o700  # no other user may connect
    assert len(Path(manager.ip).name) <= 8  # socket paths must stay short (macOS)


@pytest.mark.skipif(os.name == "nt", reason="Windows keeps TCP")
def test_brief_command_runs_its_kernel_without_a_tcp_warning(tmp_path):
    command = Path(sys.executable).with_name("osintkit")
    out = tmp_path / "brief"
    completed = subprocess.run(
        [str(command), "brief", str(MINI_DATASET), "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (out / "index.html").is_file()
    assert "without encryption" not in completed.stderr
    assert not list(tmp_path.glob("kernel*"))  # no socket left in the cwd
