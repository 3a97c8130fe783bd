"""Migrations must run on every Wagtail the plugin declares (7.4 LTS up to 8.x).

makemigrations on Wagtail 8 writes two things Wagtail 7.4 does not know: the swappable page
model setting ``settings.WAGTAIL_PAGE_MODEL`` (and a swappable_dependency on it), and a
dependency on wagtailcore migrations newer than 7.4's last one. Refer to the page model as
``"wagtailcore.page"`` and depend on an older wagtailcore migration instead; Django treats
both spellings as the same model, so makemigrations stays quiet on Wagtail 8.
"""

import ast

import pytest

from .conftest import REPO_ROOT

APPS = ("community", "panels", "questions", "home")
# Wagtail 7.4 LTS ends at wagtailcore 0097_baselogentry_uuid_action_timestamp_indexes.
LAST_WAGTAILCORE_MIGRATION_IN_7_4 = 97


def migration_files():
    return sorted(path for app in APPS for path in (REPO_ROOT / app / "migrations").glob("0*.py"))


def wagtailcore_dependencies(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 2
            and all(isinstance(elt, ast.Constant) for elt in node.elts)
            and node.elts[0].value == "wagtailcore"
        ):
            yield node.elts[1].value


@pytest.mark.parametrize(
    "path", migration_files(), ids=lambda path: str(path.relative_to(REPO_ROOT))
)
def test_migration_runs_on_wagtail_7_4(path):
    names_swappable_page_model = "WAGTAIL_PAGE_MODEL" in path.read_text(encoding="utf-8")
    too_new = [
        name
        for name in wagtailcore_dependencies(path)
        if int(name.split("_")[0]) > LAST_WAGTAILCORE_MIGRATION_IN_7_4
    ]

    assert not names_swappable_page_model, 'use to="wagtailcore.page" (see module docstring)'
    assert too_new == [], f"depends on wagtailcore migrations Wagtail 7.4 lacks: {too_new}"


def test_there_are_migrations_to_check():
    assert len(migration_files()) >= len(APPS)
