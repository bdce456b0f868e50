from django.conf import settings


def site(request):
    """What every page needs: the panel's name and the page's canonical address."""
    return {
        "panel_name": settings.PANEL_NAME,
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "sign_in_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
