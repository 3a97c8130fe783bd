"""Hammer a file-based SQLite database from several threads the way concurrent requests do.

Run as a script (the test starts it in a fresh interpreter with DATABASE_URL pointing at a
temporary file): each thread reads a counter, waits a moment, and writes it back plus one, in
a transaction, through Django's own connection handling and the project's settings.
Prints JSON: the journal mode, the final count, the expected count and the errors seen.
"""

import json
import os
import sys
import threading
import time

THREADS = 8
INCREMENTS = 15


def main(mode):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    from django.conf import settings

    if mode == "deferred":
        # Only to show that the workload does contend: without IMMEDIATE it must fail.
        settings.DATABASES["default"]["OPTIONS"].pop("transaction_mode")
    django.setup()

    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS probe_counter (id INTEGER PRIMARY KEY, n INT)")
        cursor.execute("INSERT OR REPLACE INTO probe_counter (id, n) VALUES (1, 0)")
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    connection.close()

    errors = []
    start = threading.Barrier(THREADS)

    def worker():
        start.wait()
        try:
            for _ in range(INCREMENTS):
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.execute("SELECT n FROM probe_counter WHERE id = 1")
                        value = cursor.fetchone()[0]
                        time.sleep(0.002)  # a request doing some work between read and write
                        cursor.execute("UPDATE probe_counter SET n = %s WHERE id = 1", [value + 1])
                except Exception as error:  # noqa: BLE001 - every failure is the finding
                    errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM probe_counter WHERE id = 1")
        count = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "journal_mode": journal_mode,
                "count": count,
                "expected": THREADS * INCREMENTS,
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "immediate")
