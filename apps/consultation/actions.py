from django.db import transaction

from apps.consultation.models import Consultation
from apps.core.activity import log_activity


def default_topics(version) -> list[str]:
    """The 篇 of the version (or its 章 when it has none) as topics."""
    nodes = version.snapshot.get("nodes", [])
    parts = [n["title"] for n in nodes if n.get("level") == "part"]
    chapters = [n["title"] for n in nodes if n.get("level") == "chapter"]
    return (parts or chapters)[:30]


def consultation_publish(document, *, actor, version, topics: list[str], **fields) -> Consultation:
    """Publish ``version`` of ``document`` for the public's suggestions."""
    with transaction.atomic():
        consultation = Consultation.objects.create(
            document=document,
            version=version,
            topics=topics or default_topics(version),
            published_by=actor,
            **fields,
        )
        log_activity(
            actor,
            "consultation_publish",
            consultation,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            version=version.name,
            starts_on=consultation.starts_on.isoformat(),
            ends_on=consultation.ends_on.isoformat(),
        )
    return consultation
