"""The file field of the import pages: a file over its page's limit is refused
on its declared size, before anything reads it."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


def file_size(size: int) -> str:
    """10 MB, 1.5 MB, 512 KB: a limit below a megabyte is not “0 MB”."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{max(size // 1024, 1)} KB"


class LimitedUploadForm(forms.Form):
    """A form with one ``file`` field (declared by the subclass) and the name of
    the setting that limits it."""

    limit_setting = ""
    # What to do about a file that is too large, after the limit is stated.
    too_large_hint = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = getattr(settings, self.limit_setting)
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件有 %(size)s，超过了 %(limit)s 的上限。")
                % {"size": file_size(upload.size), "limit": file_size(limit)}
                + str(self.too_large_hint)
            )
        return upload
