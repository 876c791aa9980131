"""Sign-in security: which address a request comes from, and the security log.

Brute-force protection is django-axes, keyed on username and address together
(settings ``AXES_LOCKOUT_PARAMETERS``), so one person's mistakes do not lock out a
whole office behind one shared address. The address is the socket's, unless the
deployment says how many reverse proxies it trusts: then it is the address the
outermost trusted proxy saw, taken from the right of ``X-Forwarded-For``, so a
client cannot choose it by sending the header itself.
"""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("planner.security")


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PLANNER_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Each trusted proxy appended the address it received the request from; the
    # last `proxies` entries are theirs, the one before them is the client.
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    from apps.core.middleware import SEEN, STARTED

    if request is not None:
        now = int(timezone.now().timestamp())
        request.session[STARTED] = now
        request.session[SEEN] = now
    logger.info("login user=%s ip=%s", user.get_username(), _ip(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        logger.info("logout user=%s ip=%s", user.get_username(), _ip(request))


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    logger.warning("login failed user=%s ip=%s", credentials.get("username", ""), _ip(request))


def _ip(request) -> str:
    return client_ip(request) if request is not None else "-"


def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning("locked out user=%s ip=%s", username, ip_address)
