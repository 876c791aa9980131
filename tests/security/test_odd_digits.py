"""Characters Python calls digits but int() refuses (², ①), or a number no bigint
holds, in an id or a filter: the page answers as if the value were absent, never a
500."""

from datetime import date

import pytest
from django.urls import reverse

from apps.monitoring.actions import year_open

ODD = ["²", "①", "٣٣٣３", "9" * 25]


@pytest.mark.parametrize("odd", ODD)
def test_odd_digits_in_query_strings(client, plan, coordinator, odd):
    period = year_open(plan, year=2021, due_date=date(2022, 3, 31), actor=coordinator)
    client.force_login(coordinator)
    pages = [
        reverse("monitoring_year", args=[plan.pk, period.year]) + f"?department={odd}",
        reverse("monitoring_entry", args=[plan.pk, period.year]) + f"?department={odd}",
        reverse("node_add", args=[plan.outline.pk]) + f"?parent={odd}",
        reverse("sheet_template", args=[plan.outline.pk, "indicators"]) + f"?department={odd}",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
