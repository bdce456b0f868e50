"""At most so many public form submissions per client address in any window of time.

Counted by the `limits` library over a moving window (docs/decisions.md): in Redis when the site
has one (PUBLIC_FORM_RATE_LIMIT_STORAGE), so that every app container shares the count; otherwise
in the memory of each process. Whose address it is comes from the one function the settings name
(CLIENT_IP_CALLABLE), which the login lock-outs use too.
"""

import functools
import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

logger = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600}
# A Redis that does not answer must not hold up a form for long: the submission goes through.
REDIS_TIMEOUT_SECONDS = 1


def parse_rate(rate):
    """ "5/10m" means 5 per 10 minutes; "20/1h" 20 an hour; "3/30s" 3 per 30 seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smh])\s*", rate or "")
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(f'A rate must look like "5/10m", not "{rate}".')
    return int(match.group(1)), int(match.group(2) or 1) * UNITS[match.group(3)]


def storage():
    """Where the counts are kept."""
    return _storage_at(settings.PUBLIC_FORM_RATE_LIMIT_STORAGE)


@functools.cache
def _storage_at(uri):
    # Made on first use, after gunicorn has forked its workers: no two processes share a
    # connection.
    options = {}
    if not uri.startswith("memory://"):
        options = {
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
        }
    # Errors of the store come as limits' StorageError, whatever the store.
    return storage_from_string(uri, wrap_exceptions=True, **options)


@dataclass
class Limit:
    allowed: bool
    retry_at: float  # seconds since the epoch when one more submission will be accepted


def hit(request, scope):
    """Count one submission from the request's address; whether it is within the limit. When the
    store cannot be reached the submission is allowed, uncounted: a form that works matters more
    than the limit."""
    amount, seconds = parse_rate(settings.PUBLIC_FORM_RATE_LIMIT)
    limit = RateLimitItemPerSecond(amount, seconds)
    client_ip = import_string(settings.CLIENT_IP_CALLABLE)
    # The address is hashed so that the store holds no addresses in the clear.
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    limiter = MovingWindowRateLimiter(storage())
    try:
        if limiter.hit(limit, "public-form", scope, address):
            return Limit(allowed=True, retry_at=0)
        retry_at = limiter.get_window_stats(limit, "public-form", scope, address).reset_time
    except StorageError as error:
        logger.warning("Rate limit not counted: %s unavailable", type(error.storage_error).__name__)
        return Limit(allowed=True, retry_at=0)
    return Limit(allowed=False, retry_at=retry_at)
