from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.plans.models import Document, OutlineNode, Plan


class SearchEntry(models.Model):
    """One searchable passage: a piece of a node's text (with its title on the
    first piece), a structured item, an opinion or reply, or a piece of a frozen
    version's text.

    ``tokens`` and ``title_tokens`` are the text as apps/search/tokens.py cuts it;
    the database's full-text index is built from them (a generated tsvector
    column with a GIN index on PostgreSQL, an FTS5 table kept by triggers on
    SQLite: migration 0002). Rows are written in the transaction of the write
    that changed their source (apps/search/index.py)."""

    class Kind(models.TextChoices):
        NODE = "node", _("正文")
        ITEM = "item", _("结构化内容")
        OPINION = "opinion", _("意见")
        VERSION = "version", _("阶段版本")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    version = models.ForeignKey(
        "review.DocumentVersion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind)
    # The node, item or opinion (for a version's passage: the node as frozen).
    object_id = models.BigIntegerField()
    part = models.CharField(_("内容"), max_length=40, blank=True)
    # Where the live passage is shown; a version's passages keep no live node (the
    # node may be deleted, the version stays).
    node = models.ForeignKey(
        OutlineNode, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)
    text = models.TextField(_("文字"), blank=True)
    title_tokens = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    position = models.PositiveIntegerField(_("段序"), default=0)

    class Meta:
        verbose_name = _("搜索条目")
        verbose_name_plural = _("搜索条目")
        indexes = [
            models.Index(fields=["kind", "object_id"]),
            models.Index(fields=["plan", "version"]),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:40]
