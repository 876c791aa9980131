"""One submission per form, however often its button is pressed.

Every form that creates or saves something carries a random token, rendered with
the form (``{% submission_token %}``). The view records the token in the same
transaction as its write; a second request with the same token (a double click, a
browser retrying, a reload of the POST) finds it taken, writes nothing, and is sent
where the first one went. The unique index makes this hold under concurrency: on
PostgreSQL the second insert waits for the first transaction and then fails; on
SQLite transactions are taken one at a time.
"""

import re
import secrets
from contextlib import contextmanager

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.core.models import Submission

FIELD = "submission"
_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    return secrets.token_hex(16)


class AlreadySubmitted(Exception):
    """The form was submitted before; ``url`` is where that submission led."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url

    def response(self, request, fallback: str):
        messages.info(request, _("这张表单已经提交过，没有重复保存。"))
        return redirect(self.url or fallback)


class _Claim:
    def __init__(self, submission: Submission | None) -> None:
        self.submission = submission

    def done(self, url: str) -> None:
        """Say where this submission led, for a repeat to be sent to."""
        if self.submission is not None:
            self.submission.url = url[:300]
            self.submission.save(update_fields=["url"])


@contextmanager
def once(request):
    """A transaction in which the request's form token is claimed first.

    Raises AlreadySubmitted when the token was used before. A block that decides
    not to write (a version conflict) calls ``transaction.set_rollback(True)``,
    which gives the token back with everything else.
    """
    token = request.POST.get(FIELD, "")
    with transaction.atomic():
        submission = None
        if _TOKEN_RE.match(token):
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(token=token, user=request.user)
            except IntegrityError:
                previous = Submission.objects.filter(token=token, user=request.user).first()
                raise AlreadySubmitted(previous.url if previous else "") from None
        yield _Claim(submission)
