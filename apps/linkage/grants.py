"""What a county has handed to the divisions above it, for the policy.

The policy decides; this only loads, in one query, the 衔接 rounds a county has
opened to the divisions where the user reviews (apps/plans/policy.py
``Share``).
"""

from collections import defaultdict

from apps.plans.policy import Share, register_share_loader


def load_shares(county_id: int, divisions: frozenset[int]) -> dict[int, Share]:
    from apps.linkage.models import Linkage

    rounds = Linkage.objects.filter(document__plan__county_id=county_id, city_id__in=divisions)
    by_document: dict[int, list[tuple]] = defaultdict(list)
    for row in rounds.values_list(
        "document_id", "document__plan_id", "pk", "status", "version_id", "share_draft"
    ):
        by_document[row[0]].append(row)
    shares = {}
    for document_id, rows in by_document.items():
        open_ids = frozenset(pk for _d, _p, pk, status, _v, _s in rows if status == "open")
        shares[document_id] = Share(
            plan_id=rows[0][1],
            linkage_ids=frozenset(pk for _d, _p, pk, _st, _v, _s in rows),
            open_ids=open_ids,
            version_ids=frozenset(version for _d, _p, _pk, _st, version, _s in rows),
            draft=any(share and pk in open_ids for _d, _p, pk, _st, _v, share in rows),
        )
    return shares


register_share_loader(load_shares)
