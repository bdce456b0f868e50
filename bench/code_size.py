"""Where the code lives: lines of Python per app (migrations and tests apart) and the longest
functions, for the working tree or for a commit (`python bench/code_size.py [REV]`).

Lines are counted as `wc -l` counts them, so the figures compare with earlier notes.
"""

import ast
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests", "bench", "docs", "templates", "static", "node_modules", "docker", ".venv"}


def tree(rev):
    """The folder to read: the working tree, or the commit unpacked into a temporary folder."""
    if rev is None:
        return ROOT
    folder = Path(tempfile.mkdtemp(prefix="code-size-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryFile() as file:
        file.write(archive)
        file.seek(0)
        with tarfile.open(fileobj=file) as tar:
            tar.extractall(folder, filter="data")
    return folder


def python_files(root, app):
    return [
        path
        for path in sorted((root / app).rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
    ]


def main():
    rev = sys.argv[1] if len(sys.argv) > 1 else None
    root = tree(rev)
    apps = sorted(
        path.name
        for path in root.iterdir()
        if path.is_dir() and path.name not in NOT_APPS and (path / "apps.py").exists()
    )
    print(f"## {rev or 'working tree'}")
    print("| app | lines of Python (no migrations) |\n| --- | ---: |")
    total = 0
    functions = []
    for app in apps:
        lines = 0
        for path in python_files(root, app):
            text = path.read_text()
            lines += text.count("\n")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    functions.append((length, f"{path.relative_to(root)}:{node.name}"))
        total += lines
        print(f"| {app} | {lines:,} |")
    print(f"| all apps | {total:,} |\n")
    print("Longest functions:")
    for length, name in sorted(functions, reverse=True)[:10]:
        print(f"- {name}: {length} lines")


if __name__ == "__main__":
    main()
