"""The expression index that lets PostgreSQL answer Wagtail's ``(title || body) @@ query``."""

from django.db import connection

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="an index for PostgreSQL's full-text search; SQLite searches through FTS5",
    ),
]


def test_searches_can_use_the_title_body_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["community_search_indexentry_title_body_gin"],
        )
        (definition,) = cursor.fetchone()
        assert "gin" in definition and "(title || body)" in definition

        # The planner picks it for the backend's condition once scans are made expensive.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('dutch', 'polarisatie')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "community_search_indexentry_title_body_gin" in plan
