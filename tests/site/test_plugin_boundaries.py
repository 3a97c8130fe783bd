"""The three plugin apps must install into any Wagtail project: they import nothing from the
site (home/, config/), their imports run one way (community <- panels <- questions), and
their templates reference no template that only this site has."""

import ast
import re

import pytest

from .conftest import REPO_ROOT

PLUGIN_APPS = ("community", "panels", "questions")
SITE_PACKAGES = {"home", "config"}
# What each app may not import besides the site: the floors of the house.
FORBIDDEN = {
    "community": SITE_PACKAGES | {"panels", "questions"},
    "panels": SITE_PACKAGES | {"questions"},
    "questions": SITE_PACKAGES,
}
TEMPLATE_REFERENCE = re.compile(r"{%\s*(?:extends|include)\s+[\"']([^\"']+)[\"']")
# Every Wagtail project has a base.html (the `wagtail start` template ships one), so the
# apps may extend it; the rest of the site's root templates/ folder is this site's own.
SITE_TEMPLATES_THE_APPS_MAY_USE = {"base.html"}


def python_files(app):
    return sorted((REPO_ROOT / app).rglob("*.py"))


def imported_modules(path, source=None):
    """Absolute names of every module ``path`` imports, relative imports resolved."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(REPO_ROOT).parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.args[0].value


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_plugin_app_imports_stay_on_their_floor(app):
    offences = [
        f"{path.relative_to(REPO_ROOT)} imports {module}"
        for path in python_files(app)
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[app]
    ]

    assert python_files(app), f"{app}/ has no Python files"
    assert offences == []


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_plugin_templates_reference_no_site_template(app):
    site_templates = {
        str(path.relative_to(REPO_ROOT / "templates"))
        for path in (REPO_ROOT / "templates").rglob("*.html")
    } - SITE_TEMPLATES_THE_APPS_MAY_USE
    forbidden_prefixes = tuple(f"{name}/" for name in FORBIDDEN[app] - SITE_PACKAGES)
    offences = []
    for path in sorted((REPO_ROOT / app / "templates").rglob("*.html")):
        for name in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            if name in site_templates or name.startswith(forbidden_prefixes):
                offences.append(f"{path.relative_to(REPO_ROOT)} uses {name}")

    assert offences == []


def test_the_import_scan_sees_absolute_relative_and_dynamic_imports():
    """Guard the guard: a scan that found nothing would pass every app."""
    source = (
        "from home.models import HomePage\n"
        "from ..config import settings\n"
        "from . import blocks\n"
        "import panels.models\n"
        "importlib.import_module('home.views')\n"
    )

    modules = list(imported_modules(REPO_ROOT / "questions" / "models.py", source))

    assert modules == ["home.models", "config", "questions", "panels.models", "home.views"]
