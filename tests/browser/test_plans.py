import pytest
from playwright.sync_api import expect

from plans import demo
from plans.models import Plan
from tests.plans.factories import build_plan

pytestmark = pytest.mark.browser

PRIORITY = "reducing-crime-and-anti-social-behaviour"


@pytest.fixture
def demo_plan(transactional_db):
    demo.load()
    return Plan.objects.get(slug=demo.PLAN_SLUG)


def check_page(page, assert_accessible, url, heading):
    response = page.goto(url)

    assert response.status == 200
    assert page.locator("h1").inner_text() == heading
    assert page.locator("body.govuk-frontend-supported [data-govuk-skip-link-init]").count() == 1
    assert page.locator(".govuk-breadcrumbs").count() == 1
    assert_accessible(page)
    assert page.console_errors == []


def test_current_plan_page(page, assert_accessible, demo_plan):
    check_page(page, assert_accessible, "/plan/", "Police and Crime Plan")
    expect(page.get_by_role("link", name="Protecting vulnerable people")).to_be_visible()


def test_current_plan_page_when_there_is_none(page, assert_accessible):
    check_page(page, assert_accessible, "/plan/", "Police and Crime Plan")
    assert page.get_by_text("The current plan has not been published on this site yet.").count()


def test_plan_list_page(page, assert_accessible, demo_plan):
    check_page(page, assert_accessible, "/plans/", "All Police and Crime Plans")


def test_plan_page(page, assert_accessible, demo_plan):
    check_page(page, assert_accessible, demo_plan.get_absolute_url(), demo_plan.title)
    funding = page.get_by_role("table", name="Funding")
    assert funding.get_by_role("row", name="Total funding 256.6 254.3 -2.3").count() == 1


def test_priority_page_with_charts(page, assert_accessible, demo_plan):
    check_page(
        page,
        assert_accessible,
        f"{demo_plan.get_absolute_url()}{PRIORITY}/",
        "Reducing crime and anti-social behaviour",
    )
    chart = page.get_by_role("img", name="Reoffending rate, South Yorkshire")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    expect(page.get_by_role("table", name="Reoffending rate, South Yorkshire")).to_be_visible()


def test_following_the_plan_from_the_navigation_to_a_chart(page, demo_plan):
    page.goto("/")
    page.get_by_role("link", name="Police and Crime Plan").first.click()
    page.get_by_role("link", name="Improving visible policing").click()

    expect(page.get_by_role("img", name="Special Constables, South Yorkshire")).to_be_visible()
    assert page.console_errors == []


def test_superseded_plan_with_many_readings_is_accessible(page, assert_accessible):
    plan = build_plan(slug="older", status=Plan.Status.SUPERSEDED, priorities=2, readings=8)

    check_page(page, assert_accessible, plan.get_absolute_url(), plan.title)
    check_page(page, assert_accessible, "/plans/", "All Police and Crime Plans")
    check_page(page, assert_accessible, plan.priorities.first().get_absolute_url(), "Priority 0")
    assert page.get_by_role("img").locator("rect").count() == 8


@pytest.fixture
def two_versions(transactional_db):
    old = build_plan(slug="older", status=Plan.Status.SUPERSEDED, priorities=2)
    new = build_plan(slug="newer", priorities=3)
    new.priorities.filter(slug="priority-0").update(title="Renamed priority")
    return old, new


def test_comparing_two_versions_from_the_plan_list(page, assert_accessible, two_versions):
    page.goto("/plans/")
    page.get_by_label("Earlier version").select_option("older")
    page.get_by_label("Later version").select_option("newer")
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_role("heading", name="Priorities added")).to_be_visible()
    assert page.locator("h1").inner_text() == "Compare two versions of the plan"
    expect(page.get_by_role("link", name="Priority 2")).to_be_visible()
    expect(page.get_by_text("Renamed priority").first).to_be_visible()
    assert page.locator(".govuk-breadcrumbs").count() == 1
    assert_accessible(page)
    assert page.console_errors == []


def test_comparison_errors_are_accessible(page, assert_accessible, two_versions):
    page.goto("/plans/compare/?from=older&to=older")

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Later version: Choose a different plan").click()
    expect(page.get_by_label("Later version")).to_be_focused()
    assert page.console_errors == []


def test_officer_imports_readings_from_a_csv_file_in_the_admin(
    page, django_user_model, staff_groups, tmp_path, sign_in
):
    from django.contrib.auth.models import Group

    from staff.groups import SCRUTINY_OFFICERS

    plan = build_plan(readings=2)
    officer = django_user_model.objects.create_user(
        "officer", password="a-long-test-password", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    measure = plan.priorities.get().measures.get()
    csv_file = tmp_path / "quarter.csv"
    csv_file.write_text(
        "measure,area,period,period_end,value\n"
        f"{measure.slug},south_yorkshire,2012/13,2013-03-31,987.5\n"
        f"{measure.slug},sheffield,2012/13,2013-03-31,321\n"
    )

    sign_in(page, officer, "a-long-test-password")
    expect(page.get_by_role("heading", name="Publish and manage")).to_be_visible()

    page.goto("/admin/plans/measure/")
    page.get_by_role("link", name="Import readings from CSV").click()
    expect(page.get_by_role("heading", name="Import readings from CSV")).to_be_visible()
    page.get_by_label("CSV file").set_input_files(csv_file)
    page.get_by_role("button", name="Preview the import").click()

    preview = page.get_by_role("table", name="Readings in the file")
    expect(preview).to_be_visible()
    assert preview.locator("tbody tr").count() == 2
    page.get_by_role("button", name="Confirm and import").click()

    expect(page.locator("ul.messagelist")).to_contain_text("Imported 2 readings: 2 new")
    page.goto(plan.priorities.get().get_absolute_url())
    table = page.get_by_role("table", name=f"{measure.name}, South Yorkshire")
    expect(table.get_by_role("row", name="2012/13 987.5")).to_be_visible()
    chart = page.get_by_role("img", name=f"{measure.name}, South Yorkshire")
    assert chart.locator("rect").count() == 3
    assert page.console_errors == []


def test_a_bad_csv_file_is_reported_in_the_admin(page, django_user_model, tmp_path, sign_in):
    build_plan()
    chief = django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "a-long-test-password"
    )
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "measure,area,period,period_end,value\nnope,sheffield,2012/13,2013-03-31,x\n"
    )

    sign_in(page, chief, "a-long-test-password")
    page.goto("/admin/plans/measure/import-readings/")
    page.get_by_label("CSV file").set_input_files(csv_file)
    page.get_by_role("button", name="Preview the import").click()

    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems).to_be_visible()
    assert problems.locator("tbody tr").count() == 2
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert page.console_errors == []


def test_priority_page_with_a_scrutiny_trail_and_a_district_chart(
    page, assert_accessible, demo_plan
):
    import datetime
    from decimal import Decimal

    from meetings import demo as meetings_demo
    from plans.models import Measure, MeasureReading

    meetings_demo.load()
    # The seeds hold no district figures: these are the test's own.
    measure = Measure.objects.get(slug="recorded-crime-change-number")
    for area, value in [("barnsley", "-410"), ("doncaster", "-1200"), ("sheffield", "-1430")]:
        MeasureReading.objects.create(
            measure=measure,
            period="January to December 2013",
            period_end=datetime.date(2013, 12, 31),
            area=area,
            value=Decimal(value),
        )
    check_page(
        page,
        assert_accessible,
        f"{demo_plan.get_absolute_url()}{PRIORITY}/",
        "Reducing crime and anti-social behaviour",
    )

    name = f"{measure.name} by district, January to December 2013"
    chart = page.get_by_role("img", name=name)
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 3
    table = page.get_by_role("table", name=name)
    expect(table.get_by_role("row", name="Doncaster -1,200")).to_be_visible()
    every = page.get_by_role("table", name=f"{measure.name}: Every reading")
    expect(every.get_by_role("columnheader", name="Sheffield")).to_be_visible()
    expect(page.get_by_role("img", name=f"{measure.name}, South Yorkshire")).to_be_visible()

    trail = page.get_by_role("heading", name="How the panel has scrutinised this priority")
    expect(trail).to_be_visible()
    page.get_by_role(
        "link", name="Item 6: Report of the Police and Crime Commissioner - Refreshed Police"
    ).click()
    expect(
        page.get_by_role(
            "heading", level=1, name="Report of the Police and Crime Commissioner - Refreshed"
        )
    ).to_be_visible()
    assert page.url.endswith("/meetings/police-and-crime-panel-2014-05-02/items/6/")
    assert page.console_errors == []


def test_officer_starts_a_new_version_and_previews_its_comparison(
    page, assert_accessible, django_user_model, staff_groups, sign_in
):
    from django.contrib.auth.models import Group

    from staff.groups import SCRUTINY_OFFICERS

    build_plan(slug="current", priorities=2)
    officer = django_user_model.objects.create_user(
        "officer", password="a-long-test-password", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    sign_in(page, officer, "a-long-test-password")
    expect(page.get_by_role("heading", name="Publish and manage")).to_be_visible()

    page.goto("/admin/plans/plan/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("start_new_version")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Started a draft new version")
    page.get_by_role("link", name="Compare with").click()

    expect(page.get_by_text("Preview: one of these versions is a draft.")).to_be_visible()
    expect(page.get_by_role("heading", name="Priorities with no changes")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


# Every <text> of each chart as drawn on the screen: none may run into another or out of the chart.
CHART_TEXT_CLASHES = """() => [...document.querySelectorAll("svg.panel-chart")].flatMap(chart => {
  const frame = chart.getBoundingClientRect();
  const texts = [...chart.querySelectorAll("text")].map(text =>
    ({name: text.textContent.trim(), box: text.getBoundingClientRect()}));
  const meet = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const clashes = [];
  texts.forEach((text, index) => {
    const box = text.box;
    if (box.left < frame.left || box.right > frame.right || box.bottom > frame.bottom) {
      clashes.push(`"${text.name}" runs out of the chart`);
    }
    for (const other of texts.slice(index + 1)) {
      if (meet(box, other.box)) clashes.push(`"${text.name}" runs into "${other.name}"`);
    }
  });
  return clashes.map(clash => `${chart.querySelector("title").textContent}: ${clash}`);
})"""


def test_chart_labels_never_run_into_each_other(browser, live_server, transactional_db):
    import datetime
    from decimal import Decimal

    from plans.models import Measure, MeasureReading

    plan = build_plan(readings=0)
    priority = plan.priorities.get()
    for count in (2, 3, 5, 8, 12):
        measure = Measure.objects.create(
            priority=priority, name=f"{count} years", slug=f"years-{count}", unit="crimes"
        )
        for year in range(2014 - count, 2014):
            MeasureReading.objects.create(
                measure=measure,
                period=f"January to December {year}",
                period_end=datetime.date(year, 12, 31),
                value=Decimal(-1200 if year % 2 else 3040),
            )
    for area in ("barnsley", "doncaster", "rotherham", "sheffield"):
        MeasureReading.objects.create(
            measure=measure,
            period="January to December 2013",
            period_end=datetime.date(2013, 12, 31),
            area=area,
            value=Decimal(-410),
        )

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    clashes = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(priority.get_absolute_url())
        assert page.locator("svg.panel-chart").count() == 6
        clashes += [f"{width}px: {clash}" for clash in page.evaluate(CHART_TEXT_CLASHES)]
        # Where there is room, each label is shown whole, over as many lines as it needs.
        chart = page.get_by_role("img", name="3 years, South Yorkshire")
        labels = chart.locator("text:not([font-weight])").evaluate_all(
            "texts => texts.map(text => [...text.children].map(line => line.textContent))"
        )
        assert [" ".join(lines) for lines in labels] == [
            "January to December 2011",
            "January to December 2012",
            "January to December 2013",
        ]
    context.close()

    assert clashes == [], "\n".join(clashes)


def test_comparing_the_demo_plan_with_the_plan_it_refreshed(page, assert_accessible, demo_plan):
    page.goto(demo_plan.get_absolute_url())
    page.get_by_role("link", name="See what changed").click()

    expect(page.locator("h1")).to_have_text("Compare two versions of the plan")
    changed = page.get_by_role("heading", name="Priority changed: Protecting vulnerable people")
    expect(changed).to_be_visible()
    expect(page.get_by_text("women's safety is prioritised too")).to_be_visible()
    expect(page.get_by_role("heading", name="Priorities not compared")).to_be_visible()
    expect(page.get_by_role("heading", name="Outcomes added")).to_have_count(0)
    assert_accessible(page)
    assert page.console_errors == []


def test_the_demo_priority_page_compares_the_districts_as_sample_content(
    page, assert_accessible, demo_plan
):
    page.goto(f"{demo_plan.get_absolute_url()}{PRIORITY}/")

    name = "Sample measure (not real figures) by district, Sample year"
    chart = page.get_by_role("img", name=name)
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 4
    expect(
        page.get_by_text("Sample content: the plan gives no figures by district")
    ).to_be_visible()
    expect(
        page.get_by_role("table", name=name).get_by_role("row", name="Sheffield 250")
    ).to_be_visible()
    assert_accessible(page)
