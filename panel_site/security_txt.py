from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a security problem."""
    contact = settings.SECURITY_CONTACT
    if ":" not in contact:
        contact = f"mailto:{contact}"
    # Always just under a year ahead (the RFC asks for less than a year), so it never goes stale;
    # midnight, so that the file stays the same all day.
    expires = datetime.combine(datetime.now(UTC).date(), time(), UTC) + timedelta(days=364)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
