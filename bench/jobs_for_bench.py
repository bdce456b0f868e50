"""A job that only the job-queue bench runs: it notes that it ran, and where."""

import os

from django_tasks import task


@task()
def note_run(number, path):
    # One short line in append mode: lines from several workers never mix.
    with open(path, "a") as notes:
        notes.write(f"{number} {os.getpid()}\n")
