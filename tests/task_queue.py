"""The production mail queue in tests: django-tasks-db on the "community" alias, and one
pass of the worker `make worker` starts."""

import logging

from django.core.management import call_command

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
DATABASE = "django_tasks_db.DatabaseBackend"


def use_database_queue(settings):
    """Queue the community's e-mails in the database, as production does; other tasks stay
    immediate."""
    settings.TASKS = {
        "default": {"BACKEND": IMMEDIATE},
        "community": {"BACKEND": DATABASE},
    }


def run_worker():
    """One pass of the worker `make worker` starts: every queued task, then exit."""
    # The command sets its loggers' levels from verbosity; later tests get them back as found.
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        call_command(
            "db_worker",
            "--backend=community",
            "--queue-name=*",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
