"""A backup restored into a fresh database serves the same pages and holds the same rows and files.

On PostgreSQL the backup is pg_dump's and the restore pg_restore's, into a database of its own; on
SQLite both are SQLite's backup API into a new file. Either way the restore runs as an operator runs
it (`manage.py restore` in another process, DATABASE_URL naming the new database), and another
process reads the restored copy back.
"""

import json
import os
import stat
import subprocess
import sys
from io import StringIO
from urllib.parse import quote

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client

from complaints.models import ComplaintFile
from meetings.models import Attachment
from tests.complaints.factories import PDF_BYTES as EVIDENCE_BYTES
from tests.complaints.factories import build_complaint
from tests.meetings.factories import build_meeting, build_member
from tests.meetings.test_member_photos import png
from tests.panel_site.test_settings import ROOT

# What a second process prints of the database it is pointed at: every row, and the pages.
READ_BACK = """
import json, sys
import django
django.setup()
from io import StringIO
from django.core.management import call_command
from django.test import Client

rows = StringIO()
call_command("dumpdata", "--all", "--indent", "0", stdout=rows)
client = Client()
pages = {}
for url in sys.argv[1:]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    pages[url] = [response.status_code, body.decode("latin-1")]
print(json.dumps({"rows": json.loads(rows.getvalue()), "pages": pages}))
"""


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private_media"},
        },
    }
    return tmp_path


def postgres_url(name):
    """The address of database `name` on the test database's server."""
    source = connection.settings_dict
    credentials = quote(source["USER"] or "", safe="")
    if source["PASSWORD"]:
        credentials += ":" + quote(source["PASSWORD"], safe="")
    return f"postgres://{credentials}@{source['HOST']}:{source['PORT'] or 5432}/{name}"


def original_rows():
    """Every row of the test database, read as the restored copy is read."""
    rows = StringIO()
    call_command("dumpdata", "--all", "--indent", "0", stdout=rows)
    return json.loads(rows.getvalue())


@pytest.fixture
def fresh_database(tmp_path):
    """DATABASE_URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = connection.settings_dict
    name = f"{source['NAME']}_restore"
    admin = psycopg2.connect(
        dbname="postgres",
        user=source["USER"],
        password=source["PASSWORD"],
        host=source["HOST"],
        port=source["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(arguments, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def site_data():
    meeting = build_meeting(attachments=True, items=2)
    member = build_member()
    member.photo.save("akhtar.png", ContentFile(png()), save=False)
    member.photo_alt = "Councillor Akhtar"
    member.save()
    complaint = build_complaint()
    evidence = ComplaintFile(complaint=complaint, original_name="letter.pdf", file_type="pdf")
    evidence.file.save("letter.pdf", ContentFile(EVIDENCE_BYTES), save=False)
    evidence.size = len(EVIDENCE_BYTES)
    evidence.save()
    attachment = Attachment.objects.filter(paper__agenda_item__meeting=meeting).first()
    return [
        meeting.get_absolute_url(),
        f"/meetings/{meeting.slug}/items/1/",
        f"/meetings/documents/{attachment.pk}/",
        member.get_absolute_url(),
        f"/members/{member.slug}/photo/",
        "/meetings/",
        "/members/",
    ]


def all_files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_backup_restored_into_a_fresh_database_serves_the_same_pages(
    transactional_db, uploads, fresh_database
):
    urls = site_data()
    backups = uploads / "backups"

    out = StringIO()
    call_command("backup", "--dir", str(backups), stdout=out)

    (backup,) = backups.iterdir()
    assert f"Backup written to {backup}" in out.getvalue()
    # Complainants' personal data: this user alone may read any of it.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for path in backup.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["media"] == {"included": True, "count": 3}  # 2 appendices and a photo
    assert manifest["private_media"] == {"included": True, "count": 1}

    # The restore, as an operator runs it: new database, empty upload folders.
    restored = uploads / "restored"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=fresh_database,
        MEDIA_ROOT=str(restored / "media"),
        PRIVATE_MEDIA_ROOT=str(restored / "private_media"),
    )
    result = run(["manage.py", "restore", str(backup)], env)
    assert result.returncode == 0, result.stderr
    assert "media: 3 file(s) put back" in result.stdout
    assert "private_media: 1 file(s) put back" in result.stdout

    # Every file back, byte for byte, and nothing else.
    assert all_files(restored / "media") == all_files(uploads / "media")
    assert all_files(restored / "private_media") == all_files(uploads / "private_media")
    assert len(all_files(restored / "private_media")) == 1

    # Every row of every table, and the same pages, served from the restored copy.
    result = run(["-c", READ_BACK, *urls], env)
    assert result.returncode == 0, result.stderr
    copy = json.loads(result.stdout)
    assert copy["rows"] == original_rows()
    assert any(row["model"] == "complaints.complaintfile" for row in copy["rows"])
    client = Client()
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert copy["pages"][url] == [200, body.decode("latin-1")], url
    assert "Item 1" in copy["pages"][urls[0]][1]

    # A second restore would overwrite what is now there: refused without --force.
    result = run(["manage.py", "restore", str(backup)], env)
    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert "--force" in result.stderr
    result = run(["manage.py", "restore", "--force", str(backup)], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(run(["-c", READ_BACK], env).stdout)["rows"] == copy["rows"]


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    transactional_db, uploads, fresh_database
):
    build_meeting(attachments=True)
    backups = uploads / "backups"
    call_command("backup", "--dir", str(backups), stdout=StringIO())
    (backup,) = backups.iterdir()
    appendix = next((backup / "media").rglob("*.pdf"))
    appendix.write_bytes(b"changed")

    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=fresh_database,
        MEDIA_ROOT=str(uploads / "restored"),
        PRIVATE_MEDIA_ROOT=str(uploads / "restored_private"),
    )
    result = run(["manage.py", "restore", str(backup)], env)

    assert result.returncode != 0
    assert "is damaged" in result.stderr
    assert not (uploads / "restored").exists()


def test_backups_refuse_to_go_inside_the_uploads_folder(db, uploads):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must not be inside the uploads folder"):
        call_command("backup", "--dir", str(uploads / "media" / "backups"), stdout=StringIO())


def test_uploads_in_object_storage_are_said_to_be_left_out(db, uploads, settings):
    # What MEDIA_STORAGE=s3 gives: storages that are not folders on this machine.
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": memory, "private": memory}
    out, err = StringIO(), StringIO()

    call_command("backup", "--dir", str(uploads / "backups"), stdout=out, stderr=err)

    assert "media: NOT backed up" in err.getvalue()
    assert "private_media: NOT backed up" in err.getvalue()
    assert "bucket versioning and replication" in err.getvalue()
    (backup,) = (uploads / "backups").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["media"]["included"] is False
    assert list(manifest["files"]) == [manifest["database"]["file"]]
