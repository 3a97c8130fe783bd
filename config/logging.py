"""Log records as JSON lines, one object per line, for log shippers (journald, Loki, ELK).

Used by the production settings and by gunicorn's own loggers (config/gunicorn.conf.py), so
that the application's records and the access log land in one machine-readable stream.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came in through ``extra=``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

# gunicorn's access logger passes its "atoms" as the record's args; these are the useful ones.
_ACCESS_ATOMS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message, and its extras.

    Values that are not JSON (a request object passed by django.request) are written as their
    ``str()``, never dropped silently and never breaking the line.
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            for atom, key in _ACCESS_ATOMS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[key] = value
        else:
            entry["message"] = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            # django.request's records carry the request; its method and path are what matter.
            entry["method"] = request.method
            entry["path"] = request.path
        for key, value in vars(record).items():
            if key in _RECORD_ATTRIBUTES or key in entry or key == "request":
                continue
            entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
