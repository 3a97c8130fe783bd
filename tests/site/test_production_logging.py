"""Production logs: one JSON object per line, from Django's loggers and from gunicorn's."""

import json
import logging
import secrets
import sys

from config.logging import JsonFormatter

from .conftest import clean_env, run_python


def make_record(name="app", level=logging.INFO, msg="hello %s", args=("world",), **extra):
    record = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_record_is_one_json_line_with_time_level_logger_and_message():
    line = JsonFormatter().format(make_record())

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "app"
    assert entry["message"] == "hello world"
    assert entry["time"].endswith("+00:00")


def test_extras_are_kept_and_values_that_are_not_json_become_text():
    entry = json.loads(JsonFormatter().format(make_record(status_code=404, thing=object())))

    assert entry["status_code"] == 404
    assert entry["thing"].startswith("<object object")


def test_a_request_on_the_record_gives_method_and_path_not_the_object(rf):
    request = rf.post("/vragen/?q=1")

    entry = json.loads(JsonFormatter().format(make_record(request=request)))

    assert entry["method"] == "POST"
    assert entry["path"] == "/vragen/"
    assert "request" not in entry


def test_an_exception_keeps_its_traceback_inside_the_one_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = make_record(level=logging.ERROR, msg="failed", args=())
        record.exc_info = sys.exc_info()

    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


def test_gunicorn_access_records_become_fields():
    atoms = {"h": "10.0.0.5", "m": "GET", "U": "/vragen/", "q": "", "s": 200, "B": 5120, "M": 12}
    record = make_record(name="gunicorn.access", msg="%(h)s", args=())
    record.args = atoms

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "request"
    assert entry["remote_addr"] == "10.0.0.5"
    assert entry["path"] == "/vragen/"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 12
    assert "query" not in entry


def test_production_settings_log_django_records_as_json_lines_on_stdout():
    script = (
        "import django, logging; django.setup();"
        "from django.test import RequestFactory;"
        "logging.getLogger('django.request').warning('Not Found: %s', '/nergens',"
        " extra={'status_code': 404, 'request': RequestFactory().get('/nergens')});"
        "logging.getLogger('home').info('started')"
    )
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
    )

    result = run_python(["-c", script], env)

    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert entries[0]["logger"] == "django.request"
    assert entries[0]["status_code"] == 404
    assert entries[0]["path"] == "/nergens"
    assert entries[1] == {**entries[1], "logger": "home", "level": "INFO", "message": "started"}
