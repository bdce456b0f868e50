"""The apps' layers (docs/design.md §2): no app imports from an app above it, checked by
import-linter with the contract in pyproject.toml (`make test` runs it too, as `lint-imports`)."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contract():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint_imports(folder):
    """import-linter's verdict on the apps in `folder`, with the project's contract."""
    return subprocess.run(  # noqa: S603 - our own command, on our own files
        [LINT_IMPORTS, "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_app_keeps_to_its_layer():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_contract_names_every_app():
    # bench/ is never part of the site: it may read anything.
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} - {"bench"}

    assert apps <= set(contract()["root_packages"])


def copy_of_the_apps(folder):
    for app in contract()["root_packages"]:
        shutil.copytree(ROOT / app, folder / app, ignore=shutil.ignore_patterns("__pycache__"))


def test_an_import_from_an_app_above_breaks_the_contract(tmp_path):
    """The apps' Python files copied, and plans made to import meetings: the check fails."""
    copy_of_the_apps(tmp_path)
    models = tmp_path / "plans" / "models.py"
    models.write_text(models.read_text() + "\nfrom meetings.models import Meeting  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "Apps import only from the apps below them BROKEN" in result.stdout
    assert "plans.models -> meetings.models" in result.stdout


def test_open_data_reaching_questions_breaks_the_contract(tmp_path):
    copy_of_the_apps(tmp_path)
    views = tmp_path / "opendata" / "views.py"
    views.write_text(views.read_text() + "\nfrom complaints.models import Question  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "Open data knows nothing of questions and complaints BROKEN" in result.stdout


def test_search_reads_the_content_apps():
    """Search's index is built from the content apps' own published() querysets."""
    graph = grimp.build_graph("search", "complaints", "meetings", "plans", cache_dir=None)

    for app in ["complaints", "meetings", "plans"]:
        assert graph.direct_import_exists(importer="search", imported=app, as_packages=True), app


def test_the_site_reaching_the_benchmarks_breaks_the_contract(tmp_path):
    copy_of_the_apps(tmp_path)
    urls = tmp_path / "panel_site" / "urls.py"
    urls.write_text(urls.read_text() + "\nfrom bench.urls import hello  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "The site knows nothing of the benchmarks BROKEN" in result.stdout
