"""Search reads the content apps; they know nothing of it, and it knows nothing of panel_site,
which wires them together (DESIGN.md §2)."""

import ast
from pathlib import Path

import pytest

from tests.plans.test_layers import imported_modules

ROOT = Path(__file__).resolve().parents[2]


def imports_of(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        for name in imported_modules(ast.parse(path.read_text(), filename=str(path))):
            yield path.relative_to(ROOT), name.split(".")[0]


@pytest.mark.parametrize("app", ["plans", "meetings", "complaints"])
def test_no_content_app_imports_search(app):
    assert [(path, name) for path, name in imports_of(app) if name == "search"] == []


def test_search_reads_the_content_apps_and_never_panel_site():
    imported = {name for _, name in imports_of("search")}

    assert {"plans", "meetings", "complaints"} <= imported
    assert "panel_site" not in imported
