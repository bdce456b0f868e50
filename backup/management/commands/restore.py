from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from backup.services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database named by DATABASE_URL and "
        "the upload folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT). Checks every file's checksum first. "
        "Refuses a database with tables in it, or upload folders with files in them, unless "
        "--force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", type=Path, help="The backup folder, e.g. backups/panel-backup-…"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database holds and write the backup's files over existing ones.",
        )

    def handle(self, *args, backup, force=False, **options):
        try:
            manifest, restored = restore_backup(backup, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = manifest["database"]
        self.stdout.write(
            f"Restored the backup of {database['name']} made {manifest['created_at']} into "
            f"the {database['vendor']} database {connection.settings_dict['NAME']}."
        )
        for area, count in restored.items():
            if count is not None:
                self.stdout.write(f"{area}: {count} file(s) put back")
            else:
                # Object storage (MEDIA_STORAGE=s3) is protected by bucket versioning and
                # replication, not by these backups.
                self.stderr.write(
                    f"{area}: NOT restored: the uploads are in object storage (MEDIA_STORAGE=s3) "
                    "then or now; recover them from the bucket's versions (docs/operations.md)."
                )
        self.stdout.write(
            self.style.SUCCESS(
                "Done. Next: manage.py migrate (if the code is newer than the backup), then "
                "manage.py apply_retention, as the backup may hold complaints since anonymised."
            )
        )
