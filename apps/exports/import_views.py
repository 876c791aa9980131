"""Word drafts in: upload, preview, confirm (apps/exports/word/importing.py).

A whole draft is read into a document by the planning office; a returned file for
one node by whoever may edit that node. Reading happens in the request, inside
the reader's limits (apps/exports/word/reader.py); nothing is written before the
preview is confirmed.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.core.diff import diff_html
from apps.core.text import safe_filename
from apps.exports.uploads import LimitedUploadForm
from apps.exports.word import importing
from apps.exports.word.reader import ReadResult, WordFileError, read_docx
from apps.plans.access import get_document_for_user
from apps.plans.models import OutlineNode, WordImport
from apps.plans.outline import numbered
from apps.plans.pages import overview_url, page_context
from apps.plans.policy import Action


class WordUploadForm(LimitedUploadForm):
    file = forms.FileField(
        label=gettext_lazy("Word 文件（.docx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    limit_setting = "WORD_IMPORT_MAX_BYTES"
    too_large_hint = gettext_lazy("请删去图片等内容后再上传。")


def _read(form: WordUploadForm, *, require_headings: bool = True) -> ReadResult | None:
    upload = form.cleaned_data["file"]
    try:
        return read_docx(upload.read(), require_headings=require_headings)
    except WordFileError as exc:
        form.add_error("file", str(exc))
        return None


def _new_import(document, form, result: ReadResult, user, **extra) -> WordImport:
    upload = form.cleaned_data["file"]
    data = result.as_data()
    data.update(extra.pop("data", {}))
    return WordImport.objects.create(
        document=document,
        filename=safe_filename(upload.name, max_length=200),
        size=upload.size,
        uploaded_by=user,
        result=data,
        **extra,
    )


@require_http_methods(["GET", "POST"])
def word_import(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id, manage=True)
    form = WordUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = _read(form)
        if result is not None:
            imported = _new_import(document, form, result, request.user)
            return redirect("word_import_preview", document_id=document.pk, import_id=imported.pk)
    recent = WordImport.objects.filter(document=document, node=None).select_related("uploaded_by")[
        :10
    ]
    return render(
        request, "plans/word_import.html", page_context(access, form=form, imports=recent)
    )


@require_http_methods(["GET", "POST"])
def word_import_preview(request: HttpRequest, document_id: int, import_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id, manage=True)
    imported = get_object_or_404(
        WordImport.objects.filter(document=document, node=None), pk=import_id
    )
    result = ReadResult.from_data(imported.result)
    entries = numbered(document.nodes.all())
    chosen = None  # the coordinator's choices, when a confirmation was refused
    if request.method == "POST" and imported.status == WordImport.Status.PENDING:
        if "discard" in request.POST:
            importing.discard(imported)
            messages.info(request, _("已放弃这次导入，没有写入任何内容。"))
            return redirect("word_import", document_id=document.pk)
        if "confirm" in request.POST:
            choices = [
                request.POST.get(f"h{i}", importing.NEW) for i in range(len(result.headings))
            ]
            try:
                outcome = importing.apply_import(imported, choices, actor=request.user)
            except importing.ImportRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("已导入：新建 %(c)s 个节点，更新 %(u)s 个节点的正文，%(n)s 个未变。")
                    % {"c": outcome.created, "u": outcome.updated, "n": outcome.unchanged},
                )
                return redirect(overview_url(document))
            chosen = choices
    if chosen is None:
        chosen = importing.proposed_choices([e.node for e in entries], result.headings)
    labels = dict(OutlineNode.Level.choices)
    rows = [
        {
            "index": i,
            "heading": h,
            "choice": c,
            "depth": importing.RANK.get(h.level, 2),
            "level_label": labels.get(h.level, h.level),
        }
        for i, (h, c) in enumerate(zip(result.headings, chosen, strict=True))
    ]
    return render(
        request,
        "plans/word_import_preview.html",
        page_context(
            access,
            imported=imported,
            result=result,
            rows=rows,
            entries=entries,
            new=importing.NEW,
            skip=importing.SKIP,
        ),
    )


def _node_for_edit(request, document_id: int, node_id: int):
    document, access = get_document_for_user(request, document_id)
    node = get_object_or_404(document.nodes, pk=node_id)
    access.require(Action.EDIT, node, request)
    return document, access, node


@require_http_methods(["GET", "POST"])
def node_word_import(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    """A returned file for one node: its text replaces the node's after a diff."""
    document, access, node = _node_for_edit(request, document_id, node_id)
    form = WordUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = _read(form, require_headings=False)
        if result is not None:
            body, left = importing.node_text_from(result, node)
            imported = _new_import(
                document,
                form,
                result,
                request.user,
                node=node,
                data={"node_body": body, "version": node.version, "left_out": left},
            )
            return redirect(
                "node_word_import_preview",
                document_id=document.pk,
                node_id=node.pk,
                import_id=imported.pk,
            )
    return render(
        request, "plans/node_word_import.html", page_context(access, form=form, node=node)
    )


@require_http_methods(["GET", "POST"])
def node_word_import_preview(
    request: HttpRequest, document_id: int, node_id: int, import_id: int
) -> HttpResponse:
    document, access, node = _node_for_edit(request, document_id, node_id)
    imported = get_object_or_404(
        WordImport.objects.filter(document=document, node=node), pk=import_id
    )
    result = ReadResult.from_data(imported.result)
    if request.method == "POST" and imported.status == WordImport.Status.PENDING:
        if "discard" in request.POST:
            importing.discard(imported)
            messages.info(request, _("已放弃这次导入，没有写入任何内容。"))
            return redirect("node_edit", document_id=document.pk, node_id=node.pk)
        if "confirm" in request.POST:
            imported.node = node
            try:
                changed = importing.apply_node_import(imported, actor=request.user)
            except importing.ImportRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("已用 Word 文件替换本节正文。")
                    if changed
                    else _("文件的正文与本节相同，没有变化。"),
                )
                return redirect("node_edit", document_id=document.pk, node_id=node.pk)
    body = imported.result.get("node_body", "")
    return render(
        request,
        "plans/node_word_import_preview.html",
        page_context(
            access,
            node=node,
            imported=imported,
            result=result,
            diff=diff_html(node.body, body),
            left_out=imported.result.get("left_out", []),
            stale=node.version != imported.result.get("version"),
        ),
    )
