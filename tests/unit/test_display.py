"""One escaping path: tables, links, text and interactive charts."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from osintkit.display import (
    PLOTLY_MIMETYPE,
    InteractiveChart,
    render_table,
    render_text,
    safe_link,
)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "http://",
        "https://exa mple.org/",
        "ftp://example.org/file",
    ],
)
def test_only_http_urls_with_a_host_become_links(url):
    html = safe_link(url)
    assert "<a " not in html
    assert "<script" not in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = safe_link('https://example.org/"><script>alert(1)</script>')
    assert html.startswith('<a href="https://example.org/&quot;&gt;&lt;script&gt;')
    assert "<script" not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_render_table_escapes_every_cell_and_header_and_links_only_named_columns():
    frame = pd.DataFrame(
        {
            "<b>name</b>": ["<img src=x onerror=alert(1)>"],
            "url": ["https://example.org/"],
            "note": ["https://example.org/"],
            "day": [pd.Timestamp("2024-03-12")],
            "count": [7.0],
            "missing": [None],
        }
    )
    html = render_table(frame, links=["url"]).html
    assert "<img" not in html and "<b>" not in html
    assert "&lt;b&gt;name&lt;/b&gt;" in html
    assert html.count("<a ") == 1
    assert "<td>2024-03-12</td>" in html and "<td>7</td>" in html
    assert "<td></td>" in html


def test_render_text_escapes_and_limits_the_tag():
    assert render_text("<script>x</script>", tag="h3").html == (
        '<h3 class="osintkit-text">&lt;script&gt;x&lt;/script&gt;</h3>'
    )
    with pytest.raises(ValueError, match="tag"):
        render_text("x", tag="script")


def test_interactive_chart_is_plain_json_without_scripts_or_links():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="a"))
    bundle = InteractiveChart(figure, alt="two points")._repr_mimebundle_()
    assert set(bundle) == {PLOTLY_MIMETYPE, "text/plain"}
    spec = bundle[PLOTLY_MIMETYPE]
    assert spec["config"]["displaylogo"] is False
    assert spec["config"]["showLink"] is False
    text = json.dumps(spec)
    assert "<script" not in text and "https://" not in text
    assert bundle["text/plain"] == "two points"
