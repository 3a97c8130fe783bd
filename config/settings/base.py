"""Settings shared by every environment; everything secret or machine-specific comes
from the environment, and the defaults fail closed (DEBUG off, no hosts allowed)."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def read_env_file(path):
    """Load KEY=value lines from ``path`` into the environment without overriding it.

    Lets `make run` and production pick up a local ``.env`` (see ``.env.example``) with no
    extra dependency; the real environment always wins, so CI and tests stay in control.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, IsADirectoryError):
        return
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


# ENV_FILE names another file; an empty ENV_FILE switches the file off (the test settings do).
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    read_env_file(ENV_FILE)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "questions",
    "panels",
    "community",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # The database task queue (its table and the db_worker command); see TASKS below.
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # sitemap.xml's template (wagtail.contrib.sitemaps renders through Django's view).
    "django.contrib.sitemaps",
    # Members' accounts on the public site (the community app's sign-up, login and e-mail).
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.middleware.ExplicitLanguageChoiceMiddleware",
    # Before sessions, locale, CSRF, auth and messages: a hit skips them all (home/page_cache.py).
    "home.page_cache.AnonymousPageCacheMiddleware",
    # The Wagtail site and its settings without a query on every request (home/site_context.py).
    "home.site_context.SiteContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default. WAL and a busy timeout let concurrent requests from
# `make run` wait for the write lock instead of failing with "database is locked";
# IMMEDIATE transactions take the write lock up front so a read-then-write cannot deadlock.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (django-tasks). "community" carries the members' e-mails (questions app:
# QUESTIONS_TASK_BACKEND). "immediate" runs each task in the web process right after the
# transaction commits, so `make run` needs no worker; "database" (django-tasks-db) stores the
# task in the database on commit and `manage.py db_worker --backend community` sends it, so
# mail leaves the request. Production defaults to "database". A dotted backend path also works.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_backend_path(value, default="immediate"):
    """The django-tasks backend path for ``value``: "immediate", "database" or a dotted path;
    ``default`` when the value is empty."""
    value = (value or "").strip() or default
    return TASK_BACKENDS.get(value, value)


TASKS = {
    "default": {"BACKEND": task_backend_path(os.environ.get("TASK_BACKEND"))},
    "community": {"BACKEND": task_backend_path(os.environ.get("COMMUNITY_TASK_BACKEND"))},
}

# Members log in on the public site; the Wagtail admin keeps its own login page.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    # Editors' username login in the Wagtail admin.
    "django.contrib.auth.backends.ModelBackend",
    # Members' e-mail login on the public site, with verification and rate limits.
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "community.signup.SignupDetailsForm"
ACCOUNT_USER_DISPLAY = "community.accounts.user_display"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# One address per member, changed through a verified switch rather than a list of addresses.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_REDIRECT_URL = "community:profile_edit"
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one address in five minutes lock that address for the rest of
    # the window; twenty a minute from one address covers guessing across many accounts.
    "login_failed": "20/m/ip,5/5m/key",
}

WAGTAIL_SITE_NAME = "Kennisdeling jeugdprofessionals"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{WAGTAIL_SITE_NAME}: "
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search backend (the search page, community/search_views.py). On PostgreSQL
# it indexes with the Dutch text configuration, whose stemming lets "polariserende" find
# "polarisatie"; SQLite uses its FTS5 index, which matches whole words only. After changing
# SEARCH_CONFIG, run `manage.py update_index`: the stored vectors were built with the old one.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].startswith(
    ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")
):
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
TAGGIT_CASE_INSENSITIVE = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Seconds a Wagtail page is served from the cache to anonymous visitors (home/page_cache.py);
# 0 turns the page cache off. Writes invalidate it at once; this bounds time-dependent text.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# Cached pages each process also keeps in memory (~100 kB each), served after a check of the
# shared generation only (home/page_cache.py).
PAGE_CACHE_LOCAL_PAGES = int(os.environ.get("PAGE_CACHE_LOCAL_PAGES", "200"))
# Longest a process keeps the site, its settings and the menu without seeing the shared
# cache's generation change: matters only when the cache is not shared (home/site_context.py).
SITE_CONTEXT_MAX_AGE = int(os.environ.get("SITE_CONTEXT_MAX_AGE", "60"))
