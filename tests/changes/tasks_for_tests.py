"""Jobs that only the tests run."""

import threading
from pathlib import Path

from django_tasks import task


@task()
def fails():
    raise ValueError("The test's own error")


@task()
def writes(path, text):
    Path(path).write_text(text)
    return text


@task()
def stops_half_way(folder):
    """The first time, it starts and waits until its worker is killed; the next, it finishes."""
    folder = Path(folder)
    if (folder / "started").exists():
        (folder / "finished").write_text("yes")
        return "finished"
    (folder / "started").write_text("yes")
    threading.Event().wait()
