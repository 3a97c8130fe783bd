"""gunicorn settings for `make serve`; every value can be overridden on the command line.

Environment: GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default
2 per core + 1, gunicorn's own rule), GUNICORN_TIMEOUT (seconds, default 30).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Workers restart after a number of requests (with jitter so they do not all restart at once):
# a slow leak in any dependency cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front sets X-Forwarded-Proto; gunicorn trusts it from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn 25+ opens a control socket at one fixed path per user; a second gunicorn on the
# same machine (CI next to a benchmark, two sites) would take it over. Older versions ignore this.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


def post_worker_init(worker):
    """Pay a worker's one-time costs before it takes requests. Django compiles the e-mail
    validator's patterns (Unicode domain ranges, about 50 ms of CPU) on first use, which
    would otherwise land on the first visitor of each worker who sends an address (under
    a burst of panel applications: on every worker at once)."""
    from django.core.validators import validate_email

    validate_email("warm-up@example.org")
    # Everything loaded so far (Django, Wagtail, the apps, the URL and template caches of the
    # master) lives as long as the worker: move it out of the garbage collector's reach, so a
    # full collection during a burst walks the objects of the requests only, not the whole
    # framework (gc.freeze, Python's advice for pre-fork servers).
    import gc

    gc.freeze()
