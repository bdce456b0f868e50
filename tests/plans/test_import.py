import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changes.models import Change
from plans.models import MeasureReading
from plans.services import import_measure_readings, validate_readings_csv
from staff.groups import SCRUTINY_OFFICERS

pytestmark = pytest.mark.django_db

URL = reverse("admin:plans_measure_import_readings")
MEASURE = "measure-test-plan-0-0"
HEADER = "measure,area,period,period_end,value\n"
# The factory's one reading is 2010/11, ending 31 March 2011, value 1000.
GOOD = (
    HEADER + f"{MEASURE},south_yorkshire,2010/11,2011-03-31,990\n"
    f"{MEASURE},South Yorkshire,2011/12,2012-03-31,975.5\n"
    f"{MEASURE},sheffield,2011/12,2012-03-31,-12\n"
)


def upload(content, name="readings.csv"):
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def officer(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    return staff_user


def problems_of(response):
    return [(p.row, p.column) for p in response.context["problems"]]


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_permission_is_refused(client, login_staff, staff_user, plan):
    login_staff(client, staff_user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(GOOD)}).status_code == 403
    assert MeasureReading.objects.count() == 1


def test_scrutiny_officer_sees_the_link_and_the_form(client, officer):
    changelist = client.get(reverse("admin:plans_measure_changelist"))
    response = client.get(URL)

    assert f'href="{URL}">Import readings from CSV</a>' in changelist.text
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "<script>" not in response.text


def test_staff_without_the_permission_does_not_see_the_link(
    admin_client, client, login_staff, staff_user
):
    group = Group.objects.create(name="Readers")
    group.permissions.set(
        Group.objects.get(name=SCRUTINY_OFFICERS).permissions.filter(codename="view_measure")
    )
    staff_user.groups.add(group)
    login_staff(client, staff_user)

    response = client.get(reverse("admin:plans_measure_changelist"))

    assert response.status_code == 200
    assert "Import readings from CSV" not in response.text


def test_good_file_is_previewed_then_imported_and_shown_on_the_priority_page(client, officer, plan):
    preview = client.post(URL, {"file": upload(GOOD)})

    assert preview.status_code == 200
    assert [line.action for line in preview.context["lines"]] == ["update", "create", "create"]
    assert "Confirm and import" in preview.text
    assert MeasureReading.objects.count() == 1  # Nothing written yet.
    data = preview.context["confirm_form"]["data"].value()

    response = client.post(URL, {"data": data, "confirm": "Confirm and import"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:plans_measure_changelist")
    assert "Imported 3 readings: 2 new, 1 updated, 0 unchanged." in response.text
    readings = MeasureReading.objects.filter(measure__slug=MEASURE)
    assert {(r.period, r.area, r.value) for r in readings} == {
        ("2010/11", "south_yorkshire", Decimal("990")),
        ("2011/12", "south_yorkshire", Decimal("975.5")),
        ("2011/12", "sheffield", Decimal("-12")),
    }
    created = readings.get(area="sheffield")
    assert created.history.get().history_user == officer
    assert readings.get(period="2010/11").history.first().history_user == officer

    page = client.get(plan.priorities.get().get_absolute_url()).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert ">990<" in svg and ">975.5<" in svg
    table = page[page.index("<table", page.index("</svg>")) :]
    assert ">990</td>" in table and ">975.5</td>" in table
    assert "-12" not in svg  # The chart shows South Yorkshire only.


def test_importing_the_same_file_twice_changes_nothing(officer, plan):
    rows, problems = validate_readings_csv(GOOD)
    assert problems == []
    import_measure_readings(rows, user=officer)

    assert import_measure_readings(rows, user=officer) == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
    }
    assert MeasureReading.objects.count() == 3
    # The first import is a public change of the measure; the second changed nothing.
    measure = MeasureReading.objects.first().measure
    assert list(Change.objects.values_list("what", "summary")) == [
        ("revised", f"New readings: {measure}")
    ]


def test_a_tampered_preview_is_refused(client, officer, plan):
    preview = client.post(URL, {"file": upload(GOOD)})
    data = preview.context["confirm_form"]["data"].value()

    response = client.post(URL, {"data": data[:-2] + "xx", "confirm": "1"})

    assert response.status_code == 200
    assert "The preview could not be read. Upload the file again." in response.text
    assert MeasureReading.objects.count() == 1


def test_a_preview_signed_for_someone_else_is_refused(client, officer, plan, django_user_model):
    from plans.forms import ReadingsConfirmForm

    other = django_user_model.objects.create_user("other", is_staff=True)
    data = ReadingsConfirmForm.sign(GOOD, other)

    response = client.post(URL, {"data": data, "confirm": "1"})

    assert "The preview could not be read." in response.text
    assert MeasureReading.objects.count() == 1


def test_confirm_checks_the_file_again(client, officer, plan):
    preview = client.post(URL, {"file": upload(GOOD)})
    data = preview.context["confirm_form"]["data"].value()
    plan.priorities.get().measures.get().delete()

    response = client.post(URL, {"data": data, "confirm": "1"})

    assert response.status_code == 200
    assert problems_of(response) == [(2, "measure"), (3, "measure"), (4, "measure")]
    assert not MeasureReading.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            HEADER + "no-such-measure,south_yorkshire,2011/12,2012-03-31,1\n",
            [(2, "measure")],
        ),
        (HEADER + f"{MEASURE},yorkshire,2011/12,2012-03-31,1\n", [(2, "area")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,about ten\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,NaN\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1.234\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1e20\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,31/03/2012,1\n", [(2, "period_end")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-02-30,1\n", [(2, "period_end")]),
        (HEADER + f"{MEASURE},sheffield,,2012-03-31,1\n", [(2, "period")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31\n", [(2, None)]),
        (
            HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1\n"
            f"{MEASURE},doncaster,2011/12,2012-03-31,2\n"
            f"{MEASURE},Sheffield,Q4 2011/12,2012-03-31,3\n",
            [(4, None)],
        ),
        (
            HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1\n"
            f"unknown,wales,2011/12,2012-13-01,x\n",
            [(3, "measure"), (3, "area"), (3, "period_end"), (3, "value")],
        ),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1_000\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1e3\n", [(2, "value")]),
        (HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,\u0661\n", [(2, "value")]),
        (HEADER + f'{MEASURE},sheffield,2011/12,2012-03-31,"3,040"\n', [(2, "value")]),
        (
            "\n\n" + HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1\n"
            f"{MEASURE},sheffield,2011/12,2012-03-31,x\n",
            [(5, "value")],
        ),
        ("measure,area,period,period_end,value,value\n", [(1, None), (1, None)]),
        ("measure,area,period,value\n", [(1, None), (1, None)]),
        ("measure,area,period,period_end,value,notes\n", [(1, None), (1, None)]),
        ("Measure,Area,Period,Period_End,Value\n", [(None, None)]),  # Header, no rows.
        ("", [(None, None)]),
        ("\n\n", [(None, None)]),
    ],
)
def test_a_bad_file_is_reported_by_row_and_column_and_nothing_is_imported(
    client, officer, plan, content, expected
):
    response = client.post(URL, {"file": upload(content)})

    assert response.status_code == 200
    assert problems_of(response) == expected
    assert "Nothing has been imported." in response.text
    assert "Confirm and import" not in response.text
    assert list(MeasureReading.objects.values_list("value", flat=True)) == [1000]


def test_the_row_and_column_are_shown_to_the_officer(client, officer, plan):
    content = (
        HEADER + f"{MEASURE},sheffield,2011/12,2012-03-31,1\n{MEASURE},x,2011/12,2012-03-31,1\n"
    )

    response = client.post(URL, {"file": upload(content)})

    assert (
        "<tr><td>3</td><td>area</td><td>&quot;x&quot; is not an area. Use one of: "
        "south_yorkshire, barnsley, doncaster, rotherham, sheffield.</td></tr>" in response.text
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "readings.csv", "not a CSV file"),
        (GOOD.encode(), "readings.xlsx", "must be a CSV file"),
        (GOOD.encode("utf-16"), "readings.csv", "not a CSV file"),
        (
            (HEADER + f"{MEASURE},sheffield,Caf\xe9,2012-03-31,1\n").encode("latin-1"),
            "readings.csv",
            "not UTF-8",
        ),
        (b"", "readings.csv", "The file is empty"),
        (HEADER.encode() + b"x" * (1024 * 1024), "readings.csv", "larger than 1 MB"),
    ],
)
def test_a_file_that_is_not_good_csv_is_refused(client, officer, plan, content, name, message):
    response = client.post(URL, {"file": upload(content, name)})

    assert response.status_code == 200
    assert message in response.text
    assert MeasureReading.objects.count() == 1


def test_no_file_is_a_form_error(client, officer):
    response = client.post(URL, {})

    assert response.status_code == 200
    assert "This field is required." in response.text


def test_a_byte_order_mark_and_crlf_line_endings_are_fine(client, officer, plan):
    content = "\ufeff" + GOOD.replace("\n", "\r\n")

    response = client.post(URL, {"file": upload(content.encode("utf-8"))})

    assert len(response.context["lines"]) == 3


def test_import_runs_in_one_transaction(officer, plan, monkeypatch):
    rows, _ = validate_readings_csv(GOOD)
    calls = []
    original = MeasureReading.save

    def failing_save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MeasureReading, "save", failing_save)
    with pytest.raises(RuntimeError):
        import_measure_readings(rows, user=officer)

    assert list(MeasureReading.objects.values_list("value", flat=True)) == [1000]
    assert MeasureReading.objects.get().period_end == datetime.date(2011, 3, 31)


def test_a_measure_deleted_during_the_import_is_reported(client, officer, plan, monkeypatch):
    from plans import admin as plans_admin

    preview = client.post(URL, {"file": upload(GOOD)})
    data = preview.context["confirm_form"]["data"].value()

    def import_after_deletion(rows, *, user):
        plan.priorities.get().measures.all().delete()
        return import_measure_readings(rows, user=user)

    monkeypatch.setattr(plans_admin, "import_measure_readings", import_after_deletion)
    response = client.post(URL, {"data": data, "confirm": "1"})

    assert response.status_code == 200
    assert f"Unknown measure(s): {MEASURE}. Nothing was imported." in response.text
