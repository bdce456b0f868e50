"""Plans is the lowest layer (DESIGN.md §2): it imports nothing from the apps above it."""

import ast
from pathlib import Path

import plans

HIGHER_APPS = {"meetings", "complaints"}
PLANS_DIR = Path(plans.__file__).parent


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_no_module_of_plans_imports_meetings_or_complaints():
    modules = sorted(PLANS_DIR.rglob("*.py"))
    offences = [
        f"{path.relative_to(PLANS_DIR.parent)} imports {name}"
        for path in modules
        for name in imported_modules(ast.parse(path.read_text(), filename=str(path)))
        if name.split(".")[0] in HIGHER_APPS
    ]

    # Every part of the app is read: models, views, migrations, template tags.
    assert PLANS_DIR / "models.py" in modules
    assert PLANS_DIR / "migrations" / "0001_initial.py" in modules
    assert offences == []


def test_the_check_finds_an_import_of_a_higher_app():
    tree = ast.parse(
        "import meetings.models\nfrom complaints import services\nfrom plans.models import Plan"
    )

    assert list(imported_modules(tree)) == ["meetings.models", "complaints", "plans.models"]
