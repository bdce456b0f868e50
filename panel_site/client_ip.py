from django.conf import settings


def client_ip(request):
    """
    The address of the person making the request. Behind our proxy (BEHIND_PROXY=1) every request
    comes from the proxy, which appends the real client address to X-Forwarded-For: the last entry
    is the one our proxy wrote. Earlier entries come from the client and are never trusted.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
