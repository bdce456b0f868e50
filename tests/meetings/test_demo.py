import pytest
from django.apps import apps
from django.urls import reverse

from meetings import demo
from meetings.models import AgendaItem, Meeting, Member, Minute, Resolution
from plans import demo as plans_demo

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("meetings").get_models()
        if not model.__name__.startswith("Historical")
    }


def test_demo_load_is_idempotent():
    plans_demo.load()
    demo.load()
    first = counts()
    history = Meeting.history.count()
    demo.load()

    assert counts() == first
    assert Meeting.history.count() == history
    assert first["Meeting"] == 4
    assert first["Member"] == 11
    assert first["Minute"] == 6
    assert first["Resolution"] == 9


def test_demo_holds_the_seed_facts():
    plans_demo.load()
    demo.load()

    assert list(
        Minute.objects.filter(agenda_item__meeting__slug=demo.MARCH).values_list(
            "number", flat=True
        )
    ) == ["J32", "J33", "J34", "J35", "J36", "J37"]
    assert Resolution.objects.filter(minute__number="J36").count() == 3
    may = Meeting.objects.get(slug="police-and-crime-panel-2014-05-02")
    assert may.items.count() == 9
    assert may.items.get(number=6).priorities.count() == 3
    assert "| 13 |" in may.items.get(number=7).papers.get().body_markdown
    chair = Member.objects.get(slug="j-akhtar")
    assert chair.memberships.get(committee__slug=demo.PANEL).role == "chair"
    assert Member.objects.filter(council__isnull=True).count() == 2
    assert Meeting.objects.published().upcoming().first().slug == demo.SAMPLE_SLUG
    assert all(
        "Sample content" in item.summary
        for item in AgendaItem.objects.filter(meeting__slug=demo.SAMPLE_SLUG)
    )


def test_demo_pages_render(client):
    plans_demo.load()
    demo.load()

    item = AgendaItem.objects.get(meeting__slug="police-and-crime-panel-2014-05-02", number=7)
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "within the Sheffield district" not in response.text
    assert "Within six months" in response.text
    assert '<table class="govuk-table">' in response.text
    march = client.get(reverse("meetings:meeting-detail", args=[demo.MARCH]))
    assert "Minute J35" in march.text
    assert "That the Joint Working Protocol be submitted to a future meeting" in march.text
    assert "Councillor J. Akhtar" in client.get(reverse("meetings:members")).text


def test_demo_loads_without_the_plan_and_clear_removes_it():
    demo.load()
    assert not AgendaItem.objects.get(meeting__slug=demo.MAY, number=6).priorities.exists()

    demo.clear()
    assert all(count == 0 for count in counts().values())
