"""gunicorn in production: `gunicorn --config python:panel_site.gunicorn_conf panel_site.wsgi`."""

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual rule for synchronous workers, two per core plus one, counting the cores this process may
# use (a container's limit, not the host's) and capped so that the database's connections suffice.
workers = int(os.environ.get("GUNICORN_WORKERS", min(len(os.sched_getaffinity(0)) * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Django is loaded once, before the workers are forked: a recycled worker starts in milliseconds
# instead of loading Django again (about a second of a core, several times a minute under load).
# Django opens no database or cache connection while loading, so none is shared between workers.
preload_app = True
accesslog = "-"
errorlog = "-"
# The query string is left out of the access log: a search or a status link is nobody's business.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
# A question's status page is found by the secret in its address: that part is never logged.
SECRET_PATHS = re.compile(r"^(/questions/status/)[^/]+")


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = SECRET_PATHS.sub(r"\1[secret]", atoms["U"] or "")
        atoms["r"] = "-"  # the request line repeats the address with its query string
        return atoms


logger_class = "panel_site.gunicorn_conf.AccessLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Worker heartbeats in memory: a container's /tmp may sit on a slow overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
