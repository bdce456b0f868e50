import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import demo
from plans.models import Plan, PlanVariationStep
from staff.groups import SCRUTINY_OFFICERS

pytestmark = pytest.mark.django_db


def test_steps_are_in_date_order(plan):
    assert [str(step) for step in plan.variation_steps.all()] == [
        "Draft sent to the panel, 10 April 2014",
        "Panel review, 2 May 2014",
    ]


def test_plan_page_shows_the_timeline_as_an_ordered_list(client, plan):
    html = client.get(plan.get_absolute_url()).text

    timeline = html[html.index('<ol class="govuk-list govuk-list--number plans-timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert timeline.index("Draft sent to the panel") < timeline.index("Panel review")
    assert '<time datetime="2014-05-02">2 May 2014</time>' in timeline
    assert "Reviewed at the meeting." in timeline
    assert 'href="https://example.org/draft.pdf">Read the document' in timeline


def test_plan_list_shows_each_plans_timeline(client, plan):
    html = client.get(reverse("plans:plan-list")).text

    assert "How it was made and reviewed" in html
    assert '<time datetime="2014-04-10">10 April 2014</time>' in html


def test_a_plan_without_steps_says_so(client, plan):
    plan.variation_steps.all().delete()

    html = client.get(plan.get_absolute_url()).text

    assert "No steps of the variation process have been entered for this plan yet." in html
    assert "How it was made and reviewed" not in client.get(reverse("plans:plan-list")).text


def test_an_uploaded_document_is_linked(client, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    step = plan.variation_steps.get(step=PlanVariationStep.Step.PANEL_REVIEW)
    step.document = SimpleUploadedFile("report.pdf", b"%PDF-1.4")
    step.save()

    html = client.get(plan.get_absolute_url()).text

    assert f'href="{step.document.url}">Read the document' in html


def test_scrutiny_officer_adds_a_step_in_the_plan_form_and_it_is_kept_in_history(
    client, login_staff, staff_user, plan
):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    form = client.get(url)
    assert "Variation steps" in form.text

    # Post the form back as it came, with one more step.
    data = {}
    forms = [form.context["adminform"].form]
    for inline in form.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    for each in forms:
        for field in each:
            value = field.value()
            if hasattr(value, "storage"):
                continue  # A file field: nothing to upload again.
            if value is not None and value is not False:
                data[field.html_name] = value
    prefix = "variation_steps"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = total + 1
    data[f"{prefix}-{total}-plan"] = plan.pk
    data[f"{prefix}-{total}-date"] = "2014-06-01"
    data[f"{prefix}-{total}-step"] = PlanVariationStep.Step.RESPONSE
    data[f"{prefix}-{total}-summary"] = "The Commissioner responded."

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    step = plan.variation_steps.get(step=PlanVariationStep.Step.RESPONSE)
    assert step.date == datetime.date(2014, 6, 1)
    assert step.history.get().history_user == staff_user


def test_scrutiny_officers_may_record_steps():
    codenames = set(
        Group.objects.get(name=SCRUTINY_OFFICERS)
        .permissions.filter(content_type__app_label="plans")
        .values_list("codename", flat=True)
    )

    assert {
        "view_planvariationstep",
        "add_planvariationstep",
        "change_planvariationstep",
        "delete_planvariationstep",
    } <= codenames


def test_demo_has_the_panel_review_of_the_refresh_and_nothing_more(client):
    demo.load()
    demo.load()
    plan = Plan.objects.get(slug=demo.PLAN_SLUG)

    (step,) = plan.variation_steps.all()
    assert step.step == PlanVariationStep.Step.PANEL_REVIEW
    assert step.date == datetime.date(2014, 5, 2)
    assert "agenda item 6" in step.summary
    assert "Refreshed Police and Crime Plan" in step.summary
    assert step.document_link == ""
    assert "2 May 2014" in client.get(plan.get_absolute_url()).text


def test_a_step_document_must_be_an_office_document_never_html(plan):
    from django.core.exceptions import ValidationError

    step = plan.variation_steps.first()
    step.document = SimpleUploadedFile("page.html", b"<script>alert(1)</script>")

    with pytest.raises(ValidationError, match="File extension"):
        step.full_clean()
