from django.apps import AppConfig


class BackupConfig(AppConfig):
    """Backups of the database and the uploaded files, and restoring them (`manage.py backup`,
    `manage.py restore`; docs/operations.md). No models: a backup is a folder, not a row."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backup"
    verbose_name = "Backup"
