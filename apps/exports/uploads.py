"""The file field of the import pages: a file over its page's limit is refused
on its declared size, before anything reads it."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


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
                _("文件有 %(size).1f MB，超过了 %(limit)d MB 的上限。")
                % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024}
                + str(self.too_large_hint)
            )
        return upload
