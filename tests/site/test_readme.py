"""The README is a contract: the make targets it names exist, and it documents every
environment variable the settings read and every setting the plugin apps read."""

import ast
import importlib
import re

import pytest

from .conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")


def make_targets():
    return set(re.findall(r"^([a-zA-Z][\w-]*):", MAKEFILE, flags=re.MULTILINE))


def environment_variables_read(path):
    """Names passed to os.environ.get / os.environ[...] / env_bool / env_list in ``path``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = getattr(func, "attr", getattr(func, "id", ""))
            if called in {"get", "env_bool", "env_list"} and (
                called != "get" or ast.unparse(func.value) == "os.environ"
            ):
                names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def test_every_make_target_the_readme_names_exists():
    named = set(re.findall(r"`make ([a-z][\w-]*)", README))

    assert {"run", "test"} <= named
    assert named - make_targets() == set()


def test_make_help_lists_every_target():
    described = set(re.findall(r"^([a-zA-Z][\w-]*):.*## ", MAKEFILE, flags=re.MULTILINE))

    assert make_targets() - described == set()


def test_readme_documents_every_environment_variable_the_settings_read():
    read = set()
    for path in (REPO_ROOT / "config" / "settings").glob("*.py"):
        read |= environment_variables_read(path)
    # Internal switches, not configuration a deployer sets.
    read -= {"ENV_FILE"}

    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MEDIA_ROOT"} <= read
    # dj_database_url.config() reads DATABASE_URL itself.
    read.add("DATABASE_URL")
    assert sorted(name for name in read if f"`{name}`" not in README) == []


# Each plugin app that has settings of its own keeps them in <app>/conf.py with DEFAULTS.
APPS_WITH_SETTINGS = [
    app for app in ("community", "panels", "questions") if (REPO_ROOT / app / "conf.py").exists()
]


def test_the_apps_keep_their_settings_in_conf_modules():
    assert "community" in APPS_WITH_SETTINGS


@pytest.mark.parametrize("app", APPS_WITH_SETTINGS)
def test_readme_documents_every_setting_a_plugin_app_reads(app):
    defaults = importlib.import_module(f"{app}.conf").DEFAULTS

    assert sorted(name for name in defaults if f"`{name}`" not in README) == []


@pytest.mark.parametrize(
    "app",
    [app for app in ("community", "panels", "questions") if (REPO_ROOT / app / "urls.py").exists()],
)
def test_readme_tells_how_to_include_every_apps_urls(app):
    assert f'include("{app}.urls")' in README
