"""Production overrides, selected with DJANGO_ENV=production.

Every secret and host comes from the environment; missing ones stop the start-up
instead of falling back to the embedded defaults.
"""

from django.core.exceptions import ImproperlyConfigured

from planner.settings.base import MIDDLEWARE as BASE_MIDDLEWARE
from planner.settings.env import env_bool, env_int, env_list, env_str, storage_from_env

DEBUG = False

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random string of 50+ characters")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names the site answers to")

if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")

# Email: SMTP (EMAIL_SMTP_HOST…, see base.py), or explicitly none on an intranet
# without a relay. Printing mail to the console is not an option in production.
if not env_str("EMAIL_SMTP_HOST"):
    if not env_bool("PLANNER_EMAIL_DISABLED"):
        raise ImproperlyConfigured(
            "Set EMAIL_SMTP_HOST (and EMAIL_SMTP_USER/PASSWORD) for notification emails, "
            "or PLANNER_EMAIL_DISABLED=true to rely on the in-app inbox only"
        )
    MAILERS = {"default": {"BACKEND": "apps.notifications.backends.DisabledEmailBackend"}}

# gunicorn serves static files through WhiteNoise, right after the security middleware.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *BASE_MIDDLEWARE[1:],
]

# Export files: the same environment variables as base.py (DJANGO_STORAGE_BACKEND,
# DJANGO_STORAGE_OPTIONS); with more than one host, a storage they all reach.
STORAGES = {
    "default": storage_from_env(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    # __Host- cookies are only accepted over HTTPS, for this exact host and path /:
    # no subdomain and no plain-HTTP page can set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
