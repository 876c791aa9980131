from django.urls import reverse

from apps.accounts.models import Department


def test_the_coordinator_adds_departments_from_the_catalogue(client, county, coordinator):
    client.force_login(coordinator)
    url = reverse("departments", args=[county.pk])
    response = client.post(url, {"catalogue_code": "health", "name": ""})
    assert response.status_code == 302
    assert Department.objects.get(county=county, name="卫生健康局").catalogue_code == "health"


def test_a_custom_name_and_duplicates(client, county, coordinator, department):
    client.force_login(coordinator)
    url = reverse("departments", args=[county.pk])
    client.post(url, {"catalogue_code": "", "name": "县融媒体中心"})
    assert Department.objects.filter(county=county, name="县融媒体中心").exists()
    response = client.post(url, {"catalogue_code": "", "name": department.name})
    assert "已经在部门列表中" in response.content.decode()
    response = client.post(url, {"catalogue_code": "", "name": ""})
    assert "请选择一个部门或填写部门名称" in response.content.decode()


def test_members_read_the_list_without_the_form(client, county, drafter, department):
    client.force_login(drafter)
    page = client.get(reverse("departments", args=[county.pk])).content.decode()
    assert department.name in page
    assert "添加部门" not in page
