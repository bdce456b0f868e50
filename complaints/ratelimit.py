"""At most so many public form submissions per client address in a window of time.

A fixed window counted in the cache (Redis in production, so that every app container shares the
count). A burst straddling two windows may get up to twice the limit: good enough to stop a script
flooding the officers' queue, and one atomic increment per submission.
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from panel_site.client_ip import client_ip

UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate):
    """ "5/10m" means 5 per 10 minutes; "20/1h" 20 an hour; "3/30s" 3 per 30 seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smh])\s*", rate or "")
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(f'A rate must look like "5/10m", not "{rate}".')
    return int(match.group(1)), int(match.group(2) or 1) * UNITS[match.group(3)]


@dataclass
class Limit:
    allowed: bool
    retry_at: float  # seconds since the epoch when a new window starts


def hit(request, scope):
    """Count one submission from the request's address; whether it is within the limit."""
    limit, seconds = parse_rate(settings.PUBLIC_FORM_RATE_LIMIT)
    now = time.time()
    window = int(now // seconds)
    # The address is hashed so that the cache holds no addresses in the clear.
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return Limit(allowed=count <= limit, retry_at=(window + 1) * seconds)
