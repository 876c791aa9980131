from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.consultation.models import MAX_TOPIC_LENGTH, MAX_TOPICS, Consultation
from apps.review.models import DocumentVersion


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
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
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
