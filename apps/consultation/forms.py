import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.consultation.models import MAX_TOPIC_LENGTH, MAX_TOPICS, Consultation, Suggestion
from apps.exports.uploads import LimitedUploadForm
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


# The planning office's forms --------------------------------------------------------


def chapter_choices(consultation: Consultation) -> list[tuple[str, str]]:
    return [("", _("（规划整体）"))] + [
        (str(node["id"]), f"{node.get('label', '')} {node['title']}".strip())
        for node in consultation.chapters()
    ]


def topic_choices(consultation: Consultation, empty=None) -> list[tuple[str, str]]:
    return [("", empty or _("（不选）"))] + [(t, t) for t in consultation.topics]


class OfflineSuggestionForm(forms.ModelForm):
    """A suggestion that came by letter, e-mail, a forum or a deputy's proposal."""

    node = forms.ChoiceField(label=_("涉及章节"), required=False)

    class Meta:
        model = Suggestion
        fields = [
            "channel",
            "source",
            "received_on",
            "node",
            "topic",
            "quote",
            "text",
            "people",
            "name",
            "organisation",
            "contact",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "quote": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "people": _("座谈会、联名信等多人提出的，填人数。"),
            "contact": _("仅规划编制部门可见，征求意见结束后按规定删除。"),
        }

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["channel"].choices = [
            c for c in Suggestion.Channel.choices if c[0] != Suggestion.Channel.ONLINE
        ]
        self.fields["node"].choices = chapter_choices(consultation)
        self.fields["topic"] = forms.ChoiceField(
            label=_("主题"), required=False, choices=topic_choices(consultation)
        )
        self.fields["people"].min_value = 1
        self.fields["people"].widget.attrs["min"] = 1
        self.fields["people"].max_value = 100000
        self.fields["people"].validators.append(_people_limit)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            self.initial.setdefault("channel", Suggestion.Channel.LETTER)

    def clean_node(self) -> dict | None:
        return self.consultation.chapter(self.cleaned_data.get("node"))


def _people_limit(value: int) -> None:
    if value < 1 or value > 100000:
        raise forms.ValidationError(_("人数应在1到100000之间。"))


class SortForm(forms.Form):
    """Topic, chapter and department for the suggestions ticked on the list."""

    topic = forms.ChoiceField(label=_("主题"), required=False)
    node = forms.ChoiceField(label=_("涉及章节"), required=False)
    department = forms.ModelChoiceField(
        label=_("承办部门"), required=False, queryset=Department.objects.none()
    )

    KEEP = "keep"

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        keep = (self.KEEP, _("（不改）"))
        self.fields["topic"].choices = [keep, *topic_choices(consultation, _("（清除主题）"))]
        self.fields["node"].choices = [keep, *chapter_choices(consultation)]
        self.fields["department"].queryset = Department.objects.filter(
            county_id=consultation.document.plan.county_id
        ).order_by("name")
        self.fields["department"].empty_label = _("（不改）")
        self.fields["department"].error_messages["invalid_choice"] = _(
            "所选部门不属于本县，请重新选择。"
        )
        self.initial.setdefault("topic", self.KEEP)
        self.initial.setdefault("node", self.KEEP)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def changes(self) -> dict:
        data = self.cleaned_data
        changes: dict = {}
        if data["topic"] != self.KEEP:
            changes["topic"] = data["topic"]
        if data["node"] != self.KEEP:
            node = self.consultation.chapter(data["node"])
            if node is None:
                changes["clear_node"] = True
            else:
                changes["node"] = node
        if data["department"] is not None:
            changes["department"] = data["department"]
        return changes


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("采纳情况"), choices=Suggestion.Answer.choices)
    answer_text = forms.CharField(
        label=_("答复"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("不采纳、部分采纳的须写明理由；将在采纳情况反馈中公开。"),
    )
    revision = forms.ModelChoiceField(
        label=_("体现在版本"), required=False, queryset=DocumentVersion.objects.none()
    )
    revision_note = forms.CharField(
        label=_("修改情况"),
        max_length=200,
        required=False,
        help_text=_("如：第五章第二节增加了托育服务设施建设的内容。"),
    )
    summary = forms.CharField(
        label=_("公开摘要"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("反馈中公开的意见表述；留空时公开原文（隐去电话、邮箱等）。"),
    )
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        consultation = suggestion.consultation
        self.fields["revision"].queryset = DocumentVersion.objects.filter(
            document_id=consultation.document_id, created_at__gt=consultation.version.created_at
        ).order_by("-created_at")
        self.fields["revision"].empty_label = _("（尚未冻结新版本）")
        self.fields["revision"].error_messages["invalid_choice"] = _(
            "所选版本不是本规划在征求意见之后冻结的版本，请重新选择。"
        )
        if not self.is_bound:
            self.initial.update(
                answer=suggestion.answer or None,
                answer_text=suggestion.answer_text,
                revision=suggestion.revision_id,
                revision_note=suggestion.revision_note,
                summary=suggestion.summary,
                row_version=suggestion.row_version,
            )

    def clean(self):
        data = super().clean()
        answer = data.get("answer")
        if answer in Suggestion.NEEDS_REASON and not data.get("answer_text", "").strip():
            self.add_error("answer_text", _("不采纳或部分采纳的，请写明理由。"))
        if answer not in Suggestion.TAKEN_IN and (
            data.get("revision") or data.get("revision_note")
        ):
            self.add_error("revision_note", _("只有采纳或部分采纳的意见才填写修改情况。"))
        return data


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["feedback_intro"]
        widgets = {"feedback_intro": forms.Textarea(attrs={"rows": 5})}


class ImportForm(LimitedUploadForm):
    file = forms.FileField(
        label=_("问卷导出文件（.xlsx 或 .csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": _("请选择要上传的文件。"),
            "empty": _("文件是空的。"),
        },
    )
    limit_setting = "SHEET_IMPORT_MAX_BYTES"
    too_large_hint = _("请只导出意见建议相关的列。")
