"""Searching a plan: what is found, where it links, how it ranks, who may search."""

import pytest
from django.urls import reverse

from apps.plans import indexing
from apps.plans.actions import node_text_save
from apps.review import actions
from apps.search.index import PASSAGE_CHARS, reindex_plan
from apps.search.models import SearchEntry
from tests import factories as f
from tests.search.rows import index_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(plan, coordinator, reviewer):
    """A chapter, an indicator, a key task, an opinion and its reply, each with one
    of the words, written through the app's write paths (items through the call
    every item write makes)."""
    livelihood = f.node(plan, "task_livelihood")
    node_text_save(
        livelihood,
        body="<p>发展普惠托育服务，每个乡镇建成一所托育机构。</p><p>推进5G基站建设。</p>",
        loaded_version=livelihood.version,
        user=coordinator,
    )
    indicator = f.IndicatorFactory(plan=plan, name="每千人口拥有托育机构托位数", unit="个")
    task = f.KeyTaskFactory(
        plan=plan, title="建设5G网络", description="实现城区5G网络全覆盖，守住耕地红线。"
    )
    indexing.items_changed(indicator, task)
    fin = reviewer.memberships.get().department
    opinion = actions.opinion_add(
        livelihood, actor=reviewer, department=fin, text="请说明耕地占补平衡的资金来源。"
    )
    reply = actions.opinion_add(
        livelihood,
        actor=coordinator,
        department=None,
        text="已补充高标准农田和耕地保护资金安排。",
        parent=opinion,
    )
    return {
        "node": livelihood,
        "indicator": indicator,
        "task": task,
        "opinion": opinion,
        "reply": reply,
    }


def _search(client, plan, q, **params):
    return client.get(reverse("plan_search", args=[plan.pk]), {"q": q, **params})


def _links(response) -> list[str]:
    return [r.url for r in response.context["results"]]


def test_it_finds_the_chapter_passage_the_indicator_and_the_task(as_user, plan, content, drafter):
    response = _search(as_user(drafter), plan, "托育")
    assert response.status_code == 200
    links = _links(response)
    node = content["node"]
    assert reverse("node_edit", args=[plan.outline.pk, node.pk]) in links
    assert reverse("part_edit", args=[plan.pk, "indicators", content["indicator"].pk]) in links
    body = response.content.decode()
    assert "<mark>托育</mark>" in body


@pytest.mark.parametrize(
    ("q", "kinds"),
    [
        ("5G", {"node", "item"}),
        ("５ｇ", {"node", "item"}),
        ("耕地", {"item", "opinion"}),
        ("耕地 资金", {"opinion"}),
        ("托育机构", {"node", "item"}),
        ("托", {"node", "item"}),
    ],
)
def test_it_finds_two_character_words_wherever_they_are(as_user, plan, content, leader, q, kinds):
    response = _search(as_user(leader), plan, q)
    assert {r.kind for r in response.context["results"]} == kinds


def test_an_opinion_and_its_reply_link_to_their_thread(as_user, plan, content, leader):
    response = _search(as_user(leader), plan, "耕地")
    node_url = reverse("node_edit", args=[plan.outline.pk, content["node"].pk])
    thread = f"{node_url}#opinion-{content['opinion'].pk}"
    assert _links(response).count(thread) == 2  # the opinion and the reply


def test_a_disposition_reason_is_found(as_user, plan, content, coordinator):
    actions.opinion_dispose(
        content["opinion"],
        actor=coordinator,
        disposition="adopted",
        reason="已在第十三章补充托管安排",
    )
    response = _search(as_user(coordinator), plan, "托管安排")
    assert [r.kind for r in response.context["results"]] == ["opinion"]


def test_a_frozen_version_is_searched_on_its_own(as_user, plan, content, coordinator):
    version = actions.document_stage_move(
        plan.outline, actor=coordinator, stage="approach", name="基本思路稿"
    )
    node = content["node"]
    node_text_save(
        node,
        body="<p>改为发展婴幼儿照护。</p>",
        loaded_version=node.refresh_from_db() or node.version,
        user=coordinator,
    )
    client = as_user(coordinator)
    current = _search(client, plan, "托育")
    assert "node" not in {r.kind for r in current.context["results"]}
    frozen = _search(client, plan, "托育", v=version.pk)
    urls = _links(frozen)
    assert f"{reverse('version_detail', args=[plan.outline.pk, version.pk])}#node-{node.pk}" in urls
    assert {r.kind for r in frozen.context["results"]} == {"version"}
    # The frozen rows of structured content too, by their item's name.
    titles = [str(r.title) for r in frozen.context["results"]]
    assert "每千人口拥有<mark>托育</mark>机构托位数" in titles
    assert "照护" not in frozen.content.decode().split("search-results")[-1]


def test_a_version_of_another_plan_is_not_a_filter(
    as_user, plan, other_plan, content, coordinator, outsider
):
    theirs = actions.document_stage_move(
        other_plan.outline, actor=outsider, stage="approach", name="邻县稿"
    )
    response = _search(as_user(coordinator), plan, "托育", v=theirs.pk)
    # An unknown version id is the current text, not the other plan's version.
    assert response.context["version"] is None
    assert {r.kind for r in response.context["results"]} >= {"node", "item"}


def test_a_title_outranks_the_same_word_in_text(as_user, plan, coordinator):
    target = f.node(plan, "task_rural")
    body = "<p>" + "耕地保护耕地保护，耕地质量提升。" * 30 + "</p>"
    node_text_save(target, body=body, loaded_version=target.version, user=coordinator)
    titled = f.KeyTaskFactory(plan=plan, title="耕地保护")
    indexing.items_changed(titled)
    results = _search(as_user(coordinator), plan, "耕地").context["results"]
    assert results[0].kind == "item"


def test_a_chapter_of_200000_characters_is_indexed_in_passages(as_user, plan, coordinator):
    target = f.node(plan, "task_industry")
    paragraph = "推进制造业高质量发展，培育先进制造业集群，促进数字经济和实体经济深度融合。" * 10
    paragraphs = [paragraph] * (200_000 // len(paragraph))
    paragraphs[-1] = paragraph[:-10] + "末尾的托育字样。"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    assert sum(len(p) for p in paragraphs) >= 199_000
    node_text_save(target, body=body, loaded_version=target.version, user=coordinator)
    entries = SearchEntry.objects.filter(kind="node", object_id=target.pk)
    assert entries.count() >= 150
    assert max(len(e.text) for e in entries) <= PASSAGE_CHARS
    response = _search(as_user(coordinator), plan, "末尾的托育")
    (result,) = response.context["results"]
    assert "<mark>末尾的托育</mark>" in result.passage


def test_hostile_text_is_shown_escaped(as_user, plan, coordinator):
    task = f.KeyTaskFactory(
        plan=plan,
        title="<script>alert(1)</script>托育",
        description="<img src=x onerror=alert(1)>托育",
    )
    indexing.items_changed(task)
    body = _search(as_user(coordinator), plan, "托育").content.decode()
    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>托育</mark>" in body


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("", "输入要找的词"),
        ("。，！？", "没有找到"),
        ("托\x00育", "没有找到"),
        ("\x01\x02", "没有找到"),
        ("托" * 101, "最多100个字"),
        (" ".join("托育耕地5G一二三四五六七"), "最多可同时搜索10个词"),
        ("'; SELECT 1; --", "没有找到"),
    ],
)
def test_odd_queries_answer_in_words_not_errors(as_user, plan, content, coordinator, q, expected):
    response = _search(as_user(coordinator), plan, q)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_results_come_twenty_to_a_page(as_user, plan, coordinator):
    tasks = [f.KeyTaskFactory(plan=plan, title=f"托育任务{i}") for i in range(45)]
    indexing.items_changed(*tasks)
    client = as_user(coordinator)
    first = _search(client, plan, "托育任务")
    assert len(first.context["results"]) == 20
    assert first.context["total"] == 45
    third = _search(client, plan, "托育任务", page=3)
    assert len(third.context["results"]) == 5
    assert "page=2" in third.content.decode()
    past = _search(client, plan, "托育任务", page=99)
    assert past.context["results"] == [] and past.context["total"] == 45
    odd = _search(client, plan, "托育任务", page="²")
    assert len(odd.context["results"]) == 20


def test_another_countys_plan_is_404(as_user, plan, content, outsider):
    assert _search(as_user(outsider), plan, "托育").status_code == 404


def test_the_search_across_plans_shows_only_your_countys(
    as_user, plan, other_plan, content, outsider, coordinator
):
    theirs = f.KeyTaskFactory(plan=other_plan, title="邻县托育中心")
    indexing.items_changed(theirs)
    mine = as_user(coordinator).get(reverse("search"), {"q": "托育"}).context["results"]
    assert {r.plan.pk for r in mine} == {plan.pk}
    client = as_user(outsider)
    response = client.get(reverse("search"), {"q": "托育"})
    assert {r.plan.pk for r in response.context["results"]} == {other_plan.pk}
    assert "示范县" not in response.content.decode().split('role="search"')[-1]


def test_the_search_page_costs_a_fixed_number_of_queries(
    as_user, plan, content, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    """Session, user, the plan with its outline, the memberships, the versions to
    choose from, the search, then the page's entries, their nodes, opinions and
    plans, the sidebar's outline and the inbox count: as many for 40 hits as for 5."""
    client = as_user(coordinator)
    _search(client, plan, "耕地")  # the session and the caches, warmed
    with django_assert_num_queries(12):
        response = _search(client, plan, "耕地")
    assert {r.kind for r in response.context["results"]} == {"item", "opinion"}
    tasks = [f.KeyTaskFactory(plan=plan, title=f"耕地保护任务{i}") for i in range(40)]
    indexing.items_changed(*tasks)
    # (One fewer when the first page holds no opinion.)
    with django_assert_max_num_queries(12):
        response = _search(client, plan, "耕地")
    assert len(response.context["results"]) == 20


def test_reindex_changes_nothing_after_the_write_paths(plan, content):
    before = index_rows(plan)
    reindex_plan(plan)
    assert index_rows(plan) == before
