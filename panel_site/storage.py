from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed and compressed static files, with hashed names inside JavaScript module imports."""

    support_js_module_import_aggregation = True
