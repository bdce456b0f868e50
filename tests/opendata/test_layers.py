"""Open data reads the content apps; nothing below it knows of it, and it knows nothing of
panel_site, which wires it in (DESIGN.md §2), nor of complaints, which it never publishes."""

import pytest

from tests.search.test_layers import imports_of


@pytest.mark.parametrize("app", ["plans", "meetings", "complaints", "search"])
def test_no_app_below_imports_opendata(app):
    assert [(path, name) for path, name in imports_of(app) if name == "opendata"] == []


def test_opendata_reads_meetings_and_plans_and_never_panel_site_or_complaints():
    imported = {name for _, name in imports_of("opendata")}

    assert {"plans", "meetings"} <= imported
    assert not imported & {"panel_site", "complaints", "search"}
