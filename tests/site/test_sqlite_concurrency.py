"""SQLite must survive concurrent requests from `make run`: WAL, a busy timeout and IMMEDIATE
transactions (config/settings/base.py) make writers queue instead of failing."""

import json

import pytest

from .conftest import clean_env, run_python


def run_probe(tmp_path, mode):
    database = tmp_path / "concurrency.sqlite3"
    env = clean_env(DATABASE_URL=f"sqlite:///{database}")
    result = run_python(["-m", "tests.site.sqlite_probe", mode], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path):
    outcome = run_probe(tmp_path, "immediate")

    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["count"] == outcome["expected"]


def test_the_probe_contends_enough_to_break_deferred_transactions(tmp_path):
    """Without IMMEDIATE the same workload loses writes to "database is locked": so the test
    above passes because of the settings, not because the threads never met."""
    outcome = run_probe(tmp_path, "deferred")

    if not outcome["errors"]:
        pytest.fail(f"no contention at all: {outcome}")
    assert any("database is locked" in error for error in outcome["errors"])
    assert outcome["count"] < outcome["expected"]
