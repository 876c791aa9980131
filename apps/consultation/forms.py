import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.consultation.models import MAX_TOPIC_LENGTH, MAX_TOPICS, Consultation
from apps.review.models import DocumentVersion

STARTED_SALT = "consultation.suggestion.started"
STARTED_MAX_AGE = 24 * 3600


class ConsultationForm(forms.ModelForm):
    topics_text = forms.CharField(
        label=_("意见主题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个，最多30个，每个不超过30字；留空时按纲要的各篇标题。"),
    )

    class Meta:
        model = Consultation
        fields = ["version", "title", "explanation", "starts_on", "ends_on", "channels"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "explanation": forms.Textarea(attrs={"rows": 8}),
            "channels": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        versions = DocumentVersion.objects.filter(document=document).order_by("-created_at")
        self.fields["version"].queryset = versions
        self.fields["version"].empty_label = None
        self.fields["version"].help_text = _(
            "公开的是冻结的版本，之后对草稿的修改不会出现在公开页面上。"
        )
        self.fields["version"].error_messages["invalid_choice"] = _(
            "所选版本不属于本规划，请重新选择。"
        )
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("ends_on", today + timezone.timedelta(days=30))
            self.initial.setdefault("title", f"{document.title}（征求意见稿）公开征求意见")

    def clean_topics_text(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["topics_text"].splitlines()]
        topics = list(dict.fromkeys(line for line in lines if line))
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(_("意见主题最多30个。"))
        if any(len(topic) > MAX_TOPIC_LENGTH for topic in topics):
            raise forms.ValidationError(_("每个意见主题不超过30字。"))
        return topics

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("截止日期不能早于开始日期。"))
        return data


class SuggestionForm(forms.Form):
    """The public's form. ``website`` is a field people never see (a robot fills
    it in); ``started`` is a signed time the page was made, so a form sent faster
    than a person can type, or from a page older than a day, is refused."""

    quote = forms.CharField(
        label=_("引用原文"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label=_("意见建议"),
        max_length=2000,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请填写意见建议。"),
            "min_length": _("意见建议至少5个字。"),
            "max_length": _("意见建议不超过2000字，请精简后再提交。"),
        },
    )
    topic = forms.ChoiceField(label=_("主题"), required=False)
    name = forms.CharField(label=_("姓名（可不填）"), required=False, max_length=50)
    organisation = forms.CharField(label=_("单位（可不填）"), required=False, max_length=100)
    contact = forms.CharField(
        label=_("联系方式（可不填）"),
        required=False,
        max_length=100,
        help_text=_(
            "仅供规划编制部门就您的意见与您联系，不公开、不转交他人，征求意见结束后按规定删除。"
        ),
    )
    website = forms.CharField(required=False, label=_("请勿填写"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("（不选）"))] + [
            (topic, topic) for topic in consultation.topics
        ]
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "form-control"}
        )
        self.consultation = consultation
        if not self.is_bound:
            self.initial["started"] = signing.dumps(
                {"c": consultation.pk, "t": int(time.time())}, salt=STARTED_SALT
            )

    def _started(self) -> dict | None:
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=STARTED_SALT, max_age=STARTED_MAX_AGE
            )
        except signing.BadSignature:
            return None
        return started if started.get("c") == self.consultation.pk else None

    @property
    def is_robot(self) -> bool:
        """Filled in the field people never see, or sent faster than a person types
        (a form whose page is merely old is a person's: see ``clean_started``)."""
        if self.data.get("website"):
            return True
        started = self._started()
        return started is not None and (
            time.time() - started.get("t", 0) < settings.PLANNER_SUGGESTION_MIN_SECONDS
        )

    def clean_started(self) -> str:
        if self._started() is None:
            raise forms.ValidationError(
                _("这个页面打开已超过一天或已失效，请复制您的意见、刷新页面后重新提交。")
            )
        return self.cleaned_data["started"]
