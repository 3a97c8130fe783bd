"""A GIN index on Wagtail's search entries for ``title || body``, PostgreSQL only.

Wagtail's PostgreSQL search backend matches a query against the two vectors joined
(``(title || body) @@ query``), an expression its own per-column GIN indexes cannot serve, so
every search read the whole index table (43 ms for 42,000 entries; 1 ms with this index, see
docs/performance.md). Other databases have no such expression index and need none.
"""

from django.db import migrations

INDEX = "community_search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_topic_retirement"),
        ("wagtailsearch", "0006_customise_indexentry"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
