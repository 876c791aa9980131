from django import forms
from django.utils.translation import gettext_lazy as _

from apps.checks.models import Wording
from apps.checks.textfacts import normalise

# A glossary is read into one expression on every check run: kept to a size a
# county can maintain by hand.
MAX_WORDINGS = 500


class WordingForm(forms.ModelForm):
    class Meta:
        model = Wording
        fields = ["discouraged", "preferred", "reason"]
        widgets = {
            "discouraged": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "preferred": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "reason": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        self.instance.county = county

    def clean_discouraged(self) -> str:
        value = normalise(self.cleaned_data["discouraged"].strip())
        if len(value) < 2:
            raise forms.ValidationError(_("不宜使用的表述至少写两个字。"))
        duplicate = Wording.objects.filter(county=self.county, discouraged=value).exclude(
            pk=self.instance.pk
        )
        if duplicate.exists():
            raise forms.ValidationError(_("词表中已有“%(p)s”。") % {"p": value})
        return value

    def clean_preferred(self) -> str:
        return self.cleaned_data["preferred"].strip()

    def clean(self):
        cleaned = super().clean()
        bad, good = cleaned.get("discouraged"), cleaned.get("preferred")
        if bad and good and bad in normalise(good):
            # The preferred wording would itself be reported as a use.
            self.add_error("preferred", _("规范表述不能包含不宜使用的表述本身。"))
        if self.instance.pk is None and (
            Wording.objects.filter(county=self.county).count() >= MAX_WORDINGS
        ):
            raise forms.ValidationError(
                _("词表最多%(n)s条，请先删除不再需要的条目。") % {"n": MAX_WORDINGS}
            )
        return cleaned
