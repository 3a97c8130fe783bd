"""Second half of .ci/plugin_check.sh, run with the fresh virtualenv's Python inside a project
made by `wagtail start checksite`.

    plugin_check.py configure REPO   add the apps to the project as the README says
    plugin_check.py verify REPO      check the installed wheel and render a question page

REPO is this repository: used only to list what the wheel must contain, never imported.
"""

import sys
from pathlib import Path

APPS = ["questions", "panels", "community"]

SETTINGS_ADDITION = """

# Added by the plugin check, exactly as README.md ("Use the apps in another Wagtail site") says.
INSTALLED_APPS = [
    "questions",
    "panels",
    "community",
    "wagtail.contrib.settings",
    *[app for app in INSTALLED_APPS if app != "wagtail.contrib.settings"],
    "allauth",
    "allauth.account",
]
for _app in ("modelcluster", "taggit"):
    if _app not in INSTALLED_APPS:
        INSTALLED_APPS.append(_app)
MIDDLEWARE = [*MIDDLEWARE, "allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
"""

# Each app's public pages go under its own prefix, before Wagtail's catch-all page route;
# the members' accounts (django-allauth) under accounts/.
URL_PREFIXES = {"panels": "panels/", "questions": "questions/", "community": "community/"}


def urls_addition(repo):
    includes = [
        f'path("{prefix}", include("{app}.urls"))'
        for app, prefix in URL_PREFIXES.items()
        if (repo / app / "urls.py").is_file()
    ]
    includes.append('path("accounts/", include("allauth.urls"))')
    lines = "".join(f"    {include},\n" for include in includes)
    return (
        "\n\n# Added by the plugin check, as README.md says.\n"
        f"urlpatterns = [\n{lines}    *urlpatterns,\n]\n"
    )


def fail(message):
    print(f"plugin check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def configure(repo):
    settings_file = Path("checksite/settings/base.py")
    urls_file = Path("checksite/urls.py")
    settings_file.write_text(settings_file.read_text() + SETTINGS_ADDITION)
    urls = urls_addition(repo)
    urls_file.write_text(urls_file.read_text() + urls)
    print("    apps added to checksite/settings/base.py; checksite/urls.py now starts with:")
    print(urls.strip())


def expected_files(repo, app, folder, pattern):
    root = repo / app
    return sorted(str(path.relative_to(root)) for path in (root / folder).rglob(pattern))


def check_wheel_contents(repo):
    """The installed apps come from site-packages and carry templates, static files,
    migrations and compiled translations."""
    import importlib

    for app in APPS:
        module = importlib.import_module(app)
        installed = Path(module.__file__).resolve().parent
        if Path(sys.prefix).resolve() not in installed.parents:
            fail(f"{app} was imported from {installed}, not from the wheel in {sys.prefix}")
        wanted = [
            *expected_files(repo, app, "templates", "*.html"),
            *expected_files(repo, app, "static", "*.*"),
            *expected_files(repo, app, "migrations", "0*.py"),
            *(po[: -len(".po")] + ".mo" for po in expected_files(repo, app, "locale", "django.po")),
        ]
        missing = [name for name in wanted if not (installed / name).is_file()]
        if missing:
            fail(f"the wheel's {app} lacks {missing}")
        print(f"    {app}: all {len(wanted)} templates, static, migration and .mo files present")


def render_question_page():
    from django.test import Client

    from wagtail.models import Site

    from questions.models import QuestionIndexPage, QuestionPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    index = home.add_child(instance=QuestionIndexPage(title="Vragen", slug="vragen", live=False))
    index.save_revision().publish()
    question = index.add_child(
        instance=QuestionPage(
            title="Hoe ga je om met polarisatie in de wijk?",
            slug="polarisatie-in-de-wijk",
            explanation="<p>Een vraag om te zien dat de apps buiten hun eigen site werken.</p>",
            live=False,
        )
    )
    question.save_revision().publish()

    client = Client()
    for page, text in [
        (question, "Hoe ga je om met polarisatie in de wijk?"),
        (question, "buiten hun eigen site werken"),
        (index, "Hoe ga je om met polarisatie in de wijk?"),
    ]:
        url = page.specific.get_url()
        response = client.get(url)
        if response.status_code != 200:
            fail(f"GET {url} answered {response.status_code}")
        if text not in response.content.decode():
            fail(f"GET {url} does not show {text!r}")
        print(f"    GET {url}: 200, shows {text!r}")


def verify(repo):
    import django

    django.setup()
    check_wheel_contents(repo)
    render_question_page()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"configure", "verify"}:
        fail(__doc__)
    sys.path.insert(0, str(Path.cwd()))
    if sys.argv[1] == "configure":
        configure(Path(sys.argv[2]))
    else:
        verify(Path(sys.argv[2]))
