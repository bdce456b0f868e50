"""Backups of the database and the uploaded files, and restoring them (`manage.py backup`,
`manage.py restore`, `make backup`, `make restore`; docs/operations.md says how to use them).

A backup is one folder, `panel-backup-<UTC time>`, holding:
- `database.dump`: `pg_dump -Fc` of PostgreSQL, or `database.sqlite3`: a copy of an SQLite
  database made with SQLite's own backup API (consistent while the site runs);
- `media/`: the uploaded papers and member photos (MEDIA_ROOT);
- `private_media/`: the complaint files (the private storage, PRIVATE_MEDIA_ROOT);
- `manifest.json`: when, which database, how many files, and the SHA-256 of every file.

Backups hold complainants' personal data: the folder is 0700 and every file in it 0600.
Passwords never appear on a command line or in the output: pg_dump and pg_restore get theirs from
the PGPASSWORD variable of their own environment.
"""

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils.module_loading import import_string

from panel_site.page_cache import start_new_generation
from search.query import FILTER_OPTIONS_KEY

MANIFEST = "manifest.json"
FORMAT = 1
# The uploads' two places: the folder name in a backup, and the storage they live in.
FILE_AREAS = {"media": "default", "private_media": "private"}


class BackupError(Exception):
    """Something an operator must put right; the message says what."""


@contextlib.contextmanager
def private_umask():
    """Everything created inside is readable by this user alone (0700 folders, 0600 files)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def storage_folder(area):
    """The folder of a file storage, or None when the uploads are in object storage (s3)."""
    alias = FILE_AREAS[area]
    # Judged by the setting, not by making the storage: the s3 backend may not be installed here.
    try:
        backend = import_string(settings.STORAGES[alias]["BACKEND"])
    except ImportError:
        return None
    if issubclass(backend, FileSystemStorage):
        return Path(storages[alias].location)
    return None


def files_under(folder):
    """Regular files under `folder`, as paths relative to it, in a stable order."""
    if not folder.is_dir():
        return []
    found = []
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(folder))
    return sorted(found)


def copy_tree(source, target, relative_paths):
    for relative in relative_paths:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        # copyfile, not copy2: the copy gets the umask's mode, not the original's.
        shutil.copyfile(source / relative, destination)


def postgres_environment(settings_dict):
    """pg_dump's and pg_restore's connection, through libpq's variables, never its arguments."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    for name, value in values.items():
        env.pop(name, None)
        if value:
            env[name] = str(value)
    return env


def postgres_tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools of the server's "
            f"version or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def run_tool(arguments, env, what):
    result = subprocess.run(arguments, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        # The tools' own messages name the database and host, never the password.
        raise BackupError(f"{what} failed:\n{result.stderr.strip()}")


def dump_database(connection, target_folder):
    """Write the database into the backup folder; return the file's name."""
    if connection.vendor == "postgresql":
        target = target_folder / "database.dump"
        run_tool(
            [postgres_tool("pg_dump"), "--format=custom", "--file", str(target)],
            postgres_environment(connection.settings_dict),
            "pg_dump",
        )
        return target.name
    if connection.vendor == "sqlite":
        target = target_folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # SQLite's online backup: a consistent copy even while the site writes.
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target.name
    raise BackupError(f"Cannot back up a {connection.vendor} database: PostgreSQL or SQLite only.")


def check_backup_dir(backup_dir):
    for area in FILE_AREAS:
        folder = storage_folder(area)
        if folder and backup_dir.resolve().is_relative_to(folder.resolve()):
            raise BackupError(
                f"BACKUP_DIR ({backup_dir}) must not be inside the uploads folder {folder}."
            )
    if backup_dir.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve()):
        raise BackupError(f"BACKUP_DIR ({backup_dir}) must not be inside STATIC_ROOT.")


def make_backup(backup_dir, *, using="default", now=None):
    """Back up the database and the uploaded files into a new folder under `backup_dir`.
    Return the folder and the manifest."""
    connection = connections[using]
    backup_dir = Path(backup_dir)
    check_backup_dir(backup_dir)
    now = now or datetime.datetime.now(datetime.UTC)
    name = f"panel-backup-{now:%Y%m%dT%H%M%SZ}"
    folder = backup_dir / name
    if folder.exists():
        raise BackupError(f"{folder} already exists: wait a second and try again.")
    # Built under a hidden name and renamed when complete, so that a half-made backup is never
    # taken for a whole one.
    partial = backup_dir / f".partial-{name}"
    with private_umask():
        backup_dir.mkdir(parents=True, exist_ok=True)
        partial.mkdir()
        try:
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(timespec="seconds"),
                "database": {
                    "vendor": connection.vendor,
                    "name": Path(str(connection.settings_dict["NAME"])).name,
                    "file": dump_database(connection, partial),
                },
                "files": {},
            }
            for area in FILE_AREAS:
                source = storage_folder(area)
                if source is None:
                    manifest[area] = {"included": False, "why": "object storage (MEDIA_STORAGE=s3)"}
                    continue
                relative_paths = files_under(source)
                copy_tree(source, partial / area, relative_paths)
                manifest[area] = {"included": True, "count": len(relative_paths)}
            for path in sorted(partial.rglob("*")):
                if path.is_file():
                    manifest["files"][path.relative_to(partial).as_posix()] = sha256(path)
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
            partial.rename(folder)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    return folder, manifest


def read_manifest(folder):
    """The backup's manifest, once every file it lists is there with the same checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a backup: no readable {MANIFEST} ({error}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} has a backup format this version cannot read.")
    for relative, checksum in manifest["files"].items():
        path = folder / relative
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"{folder} is damaged: {relative} is missing or changed.")
    listed = set(manifest["files"]) | {MANIFEST}
    extra = [
        p
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() not in listed
    ]
    if extra:
        raise BackupError(f"{folder} holds files its manifest does not list, e.g. {extra[0]}.")
    return manifest


def restore_database(connection, dump, *, force):
    """Load the dump into the database; with `force`, in place of the tables it has."""
    if connection.vendor == "postgresql":
        connection.close()
        # One transaction: a restore that fails part-way leaves the database as it was.
        # --no-owner and --no-privileges: the objects belong to whoever restores them, so a
        # backup restores under another role name (compose's `panel`, a managed service's).
        arguments = [
            postgres_tool("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--dbname",
            str(connection.settings_dict["NAME"]),
        ]
        if force:
            arguments += ["--clean", "--if-exists"]
        run_tool(
            [*arguments, str(dump)],
            postgres_environment(connection.settings_dict),
            "pg_restore",
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            # Replaces the whole database, page by page.
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()


def restore_backup(folder, *, using="default", force=False):
    """Put a backup's database and files back. Return the manifest and, for each upload area,
    how many files were put back (None when they could not be: object storage)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This is a {vendor} backup; DATABASE_URL names a {connection.vendor} database."
        )
    # Nothing is overwritten unasked: the database first, then the upload folders.
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: it has "
            f"{len(tables)} tables. Restore into a new, empty database, or run again with "
            f"--force (make restore ... FORCE=1) to replace everything in it."
        )
    targets = {area: storage_folder(area) for area in FILE_AREAS}
    for area, target in targets.items():
        if target and not force and manifest[area]["included"] and files_under(target):
            raise BackupError(
                f"{target} already holds files. Restore into empty folders, or run again with "
                f"--force (make restore ... FORCE=1) to write the backup's files over them."
            )
    restore_database(connection, folder / manifest["database"]["file"], force=force)
    restored = {}
    with private_umask():
        for area, target in targets.items():
            if manifest[area]["included"] and target is not None:
                source = folder / area
                copy_tree(source, target, files_under(source))
                restored[area] = manifest[area]["count"]
            else:
                restored[area] = None
    # Pages and search filters kept from the database as it was must not be served again.
    start_new_generation()
    cache.delete(FILTER_OPTIONS_KEY)
    return manifest, restored
