import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backup.services import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or a copy of the SQLite file) and the uploaded files "
        "(papers, member photos and complaint files) into a new folder under BACKUP_DIR "
        "(./backups unless set), with a manifest of checksums. The folder holds personal data: "
        "it is readable by this user only; encrypt it before it leaves the machine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="backup_dir",
            type=Path,
            default=None,
            help="Where to put the backup (default: BACKUP_DIR, else ./backups).",
        )

    def handle(self, *args, backup_dir=None, **options):
        backup_dir = backup_dir or Path(
            os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups"
        )
        try:
            folder, manifest = make_backup(backup_dir)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = manifest["database"]
        self.stdout.write(f"Database {database['name']} ({database['vendor']}): {database['file']}")
        for area in ("media", "private_media"):
            if manifest[area]["included"]:
                self.stdout.write(f"{area}: {manifest[area]['count']} file(s)")
            else:
                # Object storage is covered by the bucket's own versioning and replication.
                self.stderr.write(
                    f"{area}: NOT backed up: MEDIA_STORAGE=s3 keeps the uploads in a bucket; "
                    "bucket versioning and replication protect them (see docs/operations.md)."
                )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
