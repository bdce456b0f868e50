"""The demo's complaints: invented people, invented office holders, every stage, safe to reload."""

import pytest
from django.core.management import call_command

from complaints import demo
from complaints.models import Complaint, StageChange
from meetings import demo as meetings_demo
from plans import demo as plans_demo
from plans.models import OfficeHolder

pytestmark = pytest.mark.django_db


def load_all():
    plans_demo.load()
    meetings_demo.load()
    demo.load()


def test_demo_complaints_are_invented_and_spread_across_the_stages():
    load_all()

    complaints = Complaint.objects.select_related("holder")
    assert complaints.count() == len(demo.SAMPLE_COMPLAINTS)
    assert {c.holder.name for c in complaints} == {"Chris Sample", "Jane Example"}
    assert all(c.what_happened.startswith("Sample complaint:") for c in complaints)
    assert all(c.email.endswith(("@example.com", "@example.org")) for c in complaints if c.email)
    assert set(complaints.values_list("stage", flat=True)) >= {
        "received",
        "recorded",
        "not_recorded",
        "referred",
        "informal",
        "closed",
        "withdrawn",
        "disapplied",
    }
    closed = complaints.get(reference="C-DEMO06")
    assert list(closed.stage_changes.values_list("to_stage", flat=True)) == [
        "recorded",
        "informal",
        "outcome_sent",
        "closed",
    ]
    assert StageChange.objects.get(to_stage="disapplied").ground == "late"
    # The real office holders of the plans demo have no complaint made up about them.
    assert not complaints.filter(holder__name__in=plans_demo.HOLDERS).exists()


def test_demo_statistics_show_on_the_public_page(client):
    load_all()

    text = client.get("/complaints/statistics/").text

    assert "fewer than 5" in text
    assert "Casey Invented" not in text


def test_the_form_and_the_back_office_name_the_demo_holders_as_a_person_would(client, admin_client):
    load_all()

    text = client.get("/complaints/make/").text
    back_office = admin_client.get("/admin/complaints/complaint/").text

    for page in (text, back_office):
        assert "Chris Sample, Mayor of South Yorkshire" in page
        assert "Jane Example, Deputy Mayor for Policing and Crime" in page
    assert "Shaun Wright" not in text


def test_demo_reload_is_idempotent_and_reset_clears_complaints_made_meanwhile():
    load_all()
    demo.load()
    assert Complaint.objects.count() == len(demo.SAMPLE_COMPLAINTS)

    holder = OfficeHolder.objects.get(name="Chris Sample")
    Complaint.objects.create(
        holder=holder,
        complainant_name="Tried The Site",
        address_line_1="1 Road",
        town="Town",
        postcode="S1 1AA",
        what_happened="Trying it out.",
        outcome_wanted="Nothing.",
    )
    call_command("load_demo", "--reset")
    assert Complaint.objects.count() == len(demo.SAMPLE_COMPLAINTS)
    assert not Complaint.objects.filter(complainant_name="Tried The Site").exists()
    assert OfficeHolder.objects.filter(name="Chris Sample").count() == 1
