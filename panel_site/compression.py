from django.middleware.gzip import GZipMiddleware

# Pages, feeds, calendars and data compress well; papers' PDFs and photos are compressed already.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
)


class TextCompressionMiddleware(GZipMiddleware):
    """Gzip for text responses only. Django's GZipMiddleware pads each response with random bytes,
    which defeats the BREACH attack on the CSRF token in a compressed form."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
