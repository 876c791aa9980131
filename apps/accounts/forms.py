from crispy_forms.helper import FormHelper
from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from apps.accounts.catalogue import CATALOGUE_BY_CODE, DEPARTMENT_CATALOGUE
from apps.accounts.models import County, Department
from apps.core.activity import log_activity
from apps.core.apps import EMPTY_CHOICE_LABEL
from apps.core.text import quotable


class DepartmentAddForm(forms.Form):
    catalogue_code = forms.ChoiceField(label=_("从常见部门中选择"), required=False)
    name = forms.CharField(
        label=_("或填写部门名称"),
        max_length=60,
        required=False,
        help_text=_("本县的部门名称与目录不同时，直接填写。"),
    )

    def __init__(self, *args, county: County, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        taken = set(county.departments.values_list("name", flat=True))
        self.fields["catalogue_code"].choices = [("", EMPTY_CHOICE_LABEL)] + [
            (d.code, d.name) for d in DEPARTMENT_CATALOGUE if d.name not in taken
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        code, name = data.get("catalogue_code"), (data.get("name") or "").strip()
        if not code and not name:
            raise forms.ValidationError(_("请选择一个部门或填写部门名称。"))
        if not name:
            name = CATALOGUE_BY_CODE[code].name
        if Department.objects.filter(county=self.county, name=name).exists():
            self.add_error("name", _("“%(name)s”已经在部门列表中。") % {"name": quotable(name)})
        data["name"] = name
        return data

    def save(self, *, actor) -> tuple[Department, bool]:
        """The department, and whether it is new: two people adding the same one at
        once both pass clean(), and the second finds the first's row."""
        position = (self.county.departments.aggregate(m=Max("position"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                department = Department.objects.create(
                    county=self.county,
                    name=self.cleaned_data["name"],
                    catalogue_code=self.cleaned_data.get("catalogue_code") or "",
                    position=position,
                )
        except IntegrityError:
            return Department.objects.get(county=self.county, name=self.cleaned_data["name"]), False
        log_activity(actor, "department", department, county_id=self.county.pk)
        return department, True
