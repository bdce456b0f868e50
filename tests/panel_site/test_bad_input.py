"""Bad input on every public form and URL parameter: a styled 4xx page, never a 500, never the
input echoed unescaped (issue 9).

Django's test client re-raises an exception a view lets out, so every test here that passes also
proves the request did not end in a 500.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from complaints.models import Complaint, ComplaintFile
from tests.complaints.factories import (
    PDF_BYTES,
    build_holder,
    build_question,
    complaint_form_data,
    form_data,
    open_meeting,
    upload,
)
from tests.meetings.factories import build_action, build_meeting, build_member

pytestmark = pytest.mark.django_db

SITE_NAME = "South Yorkshire Police and Crime Panel"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "script": SCRIPT,
    "html": '"><img src=x onerror=alert(1)>',
    "sql": "1' OR '1'='1'; DROP TABLE meetings_meeting; --",
    "nul": "abc\x00def",
    "traversal": "../../../../etc/passwd",
    "huge": "9" * 5000,
    "big": "99999999999999999999",
    "negative": "-1",
    "zero": "0",
    "unicode": "²³ ٣ 𝟘 \u202e",
    "long": "x" * 20_000,
}
# Bytes that are not UTF-8, percent-encoded as a browser or a script would send them.
INVALID_UTF8 = "%FF%FE%C0%AF"


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    """Something on every list, a member, a paper's file, an open meeting and an office holder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    cache.clear()
    meeting = build_meeting(attachments=True)
    build_action(meeting.items.first())
    build_member()
    open_meeting()
    build_holder()
    yield
    cache.clear()


def assert_styled(response, status):
    """The site's own page (its header), with the status asked for."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert SITE_NAME in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert_not_echoed(response)
    if status in {400, 404, 405, 413}:  # the site's own error pages
        assert "\x00" not in html and 'rel="canonical"' not in html


def assert_not_echoed(response):
    if getattr(response, "streaming", False):
        return
    body = response.content.decode(errors="replace")
    assert SCRIPT not in body
    assert "<img src=x" not in body


# URL parameters of public pages ---------------------------------------------------------------

LIST_PAGES = {
    "/meetings/": ["page", "committee", "year"],
    "/action-log/": ["page", "status", "kind", "committee", "year"],
    "/search/": ["q", "page", "kind", "committee", "year"],
    "/members/": ["date", "date-day", "date-month", "date-year"],
    "/questions/": ["page"],
}


@pytest.mark.parametrize(
    ("path", "name"), [(path, name) for path, names in LIST_PAGES.items() for name in names]
)
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_parameters_on_list_pages_get_a_page_or_a_styled_error(client, path, name, value):
    params = {name: value}
    if path == "/search/" and name != "q":
        params["q"] = "item"
    response = client.get(path, params)

    if "\x00" in value:
        assert_styled(response, 400)
    elif response.status_code == 404:
        assert_styled(response, 404)  # a page number past the last page
    else:
        assert_styled(response, 200)


@pytest.mark.parametrize("path", [*LIST_PAGES, "/api/meetings/", "/api/attendance.csv"])
def test_query_strings_that_are_not_utf8_are_read_with_replacement_characters(client, path):
    response = client.get(f"{path}?q={INVALID_UTF8}&page={INVALID_UTF8}&committee={INVALID_UTF8}")

    assert response.status_code in {200, 400, 404}
    if path.startswith("/api/"):
        assert response.status_code == 400  # unknown or unreadable parameters, said in JSON
    else:
        assert_styled(response, response.status_code)


def test_search_echoes_a_hostile_query_escaped(client):
    response = client.get("/search/", {"q": SCRIPT})

    assert_styled(response, 200)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/api/meetings/", "/api/attendance/", "/api/actions/", "/api/attendance.csv"],
)
@pytest.mark.parametrize("name", ["page", "page_size", "meeting", "year", "organization", "x"])
@pytest.mark.parametrize("value", [HOSTILE[key] for key in ("script", "sql", "huge", "negative")])
def test_hostile_api_parameters_get_a_json_400_or_404(client, path, name, value):
    response = client.get(path, {name: value})

    assert response.status_code in {200, 400, 404}
    assert_not_echoed(response)
    if response.status_code != 200:
        assert json.loads(response.content)["status"] == response.status_code


# Slugs and ids in addresses ------------------------------------------------------------------

BAD_SEGMENTS = {
    "script": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "sql": "1%27%20OR%20%271%27%3D%271",
    "traversal": "..%2F..%2F..%2Fetc%2Fpasswd",
    "huge": "9" * 5000,
    "big": "99999999999999999999",
    "negative": "-1",
    "invalid-utf8": INVALID_UTF8,
    "unicode": "%C2%B2",
}
ADDRESSES = [
    "/meetings/{}/",
    "/meetings/{}.ics",
    "/meetings/test-meeting/items/{}/",
    "/meetings/{}/items/1/",
    "/meetings/documents/{}/",
    "/members/{}/",
    "/members/{}/photo/",
    "/questions/status/{}/",
    "/complaints/go-to/{}/",
    "/plans/{}/",
    "/api/meetings/{}/",
    "/api/{}/",
    "/api/{}/1/",
    "/api/organizations/{}/",
    "/{}/",
]


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("segment", BAD_SEGMENTS.values(), ids=BAD_SEGMENTS.keys())
def test_bad_slugs_and_ids_in_addresses_are_not_found(client, address, segment):
    response = client.get(address.format(segment))

    if response["Content-Type"] == "application/json":  # open data answers in JSON
        assert response.status_code in {400, 404}
        assert_not_echoed(response)
        assert json.loads(response.content)["status"] == response.status_code
    else:
        assert_styled(response, 404)


@pytest.mark.parametrize("address", [*ADDRESSES, "/search/?q={}", "/meetings/?committee={}"])
def test_a_nul_byte_in_an_address_is_a_bad_request(client, address):
    assert_styled(client.get(address.format("abc%00def")), 400)


@pytest.mark.parametrize("path", ["/", "/meetings/", "/api/meetings/", "/feeds/papers/rss/"])
def test_a_cookie_with_a_nul_byte_is_taken_as_no_cookie(client, path):
    """The session key would reach the database on every page (the session is saved on the way
    out), and PostgreSQL refuses a NUL in a query: a 500 everywhere. Browsers never send one."""
    nuls = "\\000" * 8
    response = client.get(path, HTTP_COOKIE=f'sessionid="{nuls}"; csrftoken="{nuls}"')

    assert response.status_code == 200
    assert "sessionid" not in response.cookies  # no session was begun from the NUL key


# Wrong methods ----------------------------------------------------------------------------------

PAGES = [
    "/",
    "/about/",
    "/search/?q=item",
    "/meetings/",
    "/meetings/test-meeting/",
    "/meetings/test-meeting/items/1/",
    "/meetings/test-meeting.ics",
    "/meetings/calendar.ics",
    "/action-log/",
    "/members/",
    "/members/j-akhtar/",
    "/plan/",
    "/questions/",
    "/complaints/",
    "/complaints/go-to/police-officer/",
    "/complaints/statistics/",
    "/feeds/papers/rss/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/",
]
FORMS = ["/questions/ask/", "/complaints/who/", "/complaints/what/", "/complaints/make/"]


@pytest.mark.parametrize("path", PAGES + FORMS)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_methods_on_pages_and_forms_get_the_styled_405(client, path, method):
    response = getattr(client, method)(path, data="answer=x", content_type="text/plain")

    assert_styled(response, 405)
    assert "Sorry, this page cannot do that" in response.content.decode()
    allowed = response["Allow"].split(", ")
    assert "GET" in allowed and "HEAD" in allowed
    assert ("POST" in allowed) == (path in FORMS)


@pytest.mark.parametrize("path", ["/", "/meetings/", "/members/j-akhtar/", "/about/"])
def test_a_post_to_a_page_without_a_form_gets_the_styled_405(client, path):
    response = client.post(path, {"q": SCRIPT})

    assert_styled(response, 405)


@pytest.mark.parametrize("path", ["/meetings/documents/1/", "/questions/ask/sent/", "/api/"])
def test_function_views_only_read(client, path):
    response = client.delete(path)

    assert_styled(response, 405)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/api/meetings/", "/api/meetings/1/", "/api/attendance.csv"])
def test_wrong_methods_on_open_data_get_a_json_405(client, path):
    response = client.post(path, {"q": "x"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["status"] == 405


def test_the_csrf_check_does_not_hide_the_405(rf):
    """A real browser's PUT carries no CSRF token: the answer is still 405, not a forged form."""
    client = Client(enforce_csrf_checks=True)

    assert_styled(client.put("/meetings/"), 405)
    assert_styled(client.delete("/questions/ask/"), 405)


@pytest.mark.parametrize("path", ["/api/meetings/", "/api/meetings/1/", "/api/attendance.csv"])
def test_the_csrf_check_does_not_hide_open_datas_json_405(path):
    """Open data never takes a POST: say so in JSON, not with the HTML page for a forged form."""
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, {"q": "x"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["status"] == 405


def test_a_form_sent_without_its_csrf_token_still_gets_the_csrf_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/questions/ask/", {"action": "send"})

    assert_styled(response, 403)
    assert "Allow" not in response


# The forms: hostile values in every field ---------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize(
    "field",
    [
        "meeting",
        "addressed_to",
        "text",
        "individual_case",
        "asker_name",
        "email",
        "postcode",
        "consents_to_name",
        "action",
    ],
)
def test_hostile_values_in_the_question_form_are_refused_or_escaped(client, field, value):
    from meetings.models import Meeting

    data = form_data(Meeting.objects.get(slug="open-meeting"), **{field: value})

    # A question with hostile words in it may be valid: then the confirmation is checked.
    response = client.post("/questions/ask/", data, follow=True)

    assert_styled(response, 200)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize(
    "field",
    [
        "complainant_name",
        "address_line_1",
        "postcode",
        "email",
        "phone",
        "acting_for_someone",
        "holder",
        "what_happened",
        "happened_on_0",
        "happened_on_2",
        "late_reason",
        "witnesses",
        "consent_to_share",
    ],
)
def test_hostile_values_in_the_complaint_form_are_refused_or_escaped(client, field, value):
    from plans.models import OfficeHolder

    data = complaint_form_data(OfficeHolder.objects.get(), **{field: value})

    response = client.post("/complaints/make/", data, follow=True)

    assert_styled(response, 200)


@pytest.mark.parametrize("path", ["/complaints/who/", "/complaints/what/"])
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_triage_answers_get_the_question_again(client, path, value):
    response = client.post(path, {"answer": value})

    assert_styled(response, 200)
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("path", FORMS)
def test_form_bodies_that_are_not_utf8_are_read_with_replacement_characters(client, path):
    body = b"answer=%FF%FE&text=\xff\xfe\xc0\xaf&asker_name=" + INVALID_UTF8.encode()

    response = client.post(path, body, content_type="application/x-www-form-urlencoded")

    assert_styled(response, 200)


@pytest.mark.parametrize("path", FORMS)
def test_a_body_in_an_unknown_charset_is_read_as_utf8(client, path):
    response = client.post(
        path,
        b"answer=x",
        content_type="application/x-www-form-urlencoded",
        # Past the test client, which would itself fail to encode in an unknown charset.
        CONTENT_TYPE="application/x-www-form-urlencoded; charset=no-such-code",
    )

    assert_styled(response, 200)


@pytest.mark.parametrize("path", FORMS)
def test_a_broken_multipart_body_is_a_bad_request(client, path):
    response = client.post(
        path, b"--nothing\r\n\r\n", content_type="multipart/form-data; boundary=\x00\x01"
    )

    assert_styled(response, 400)


# Sizes and counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", FORMS)
def test_a_form_body_over_the_field_limit_gets_the_styled_413(client, path, settings):
    body = "text=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(path, body, content_type="application/x-www-form-urlencoded")

    assert_styled(response, 413)
    assert "What you sent is too large" in response.content.decode()


def test_fields_over_the_limit_in_a_form_with_files_get_the_styled_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = {"what_happened": "a" * 2000, "evidence": upload("a.pdf", PDF_BYTES)}

    assert_styled(client.post("/complaints/make/", data), 413)


@pytest.mark.parametrize("path", [*FORMS, "/meetings/", "/search/"])
def test_a_declared_length_over_the_body_limit_is_refused_before_reading(client, path, settings):
    response = client.post(
        path,
        b"answer=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + 1),
    )

    assert_styled(response, 413)


def test_files_over_the_body_limit_get_the_styled_413_and_nothing_is_kept(client, settings):
    from plans.models import OfficeHolder

    settings.REQUEST_BODY_MAX_BYTES = 100_000
    data = complaint_form_data(OfficeHolder.objects.get())
    big = upload("big.pdf", PDF_BYTES + b"0" * 200_000, "application/pdf")

    response = client.post("/complaints/make/", {**data, "evidence": big})

    assert_styled(response, 413)
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("path", FORMS)
def test_more_than_1000_fields_is_a_bad_request(client, path):
    body = "&".join(f"f{n}=x" for n in range(1001))

    response = client.post(path, body, content_type="application/x-www-form-urlencoded")

    assert_styled(response, 400)


def test_more_than_1000_fields_in_the_address_is_a_bad_request(client):
    query = "&".join(f"f{n}=x" for n in range(1001))

    assert_styled(client.get(f"/search/?{query}"), 400)


def test_more_files_than_django_allows_is_a_bad_request(client, settings):
    from plans.models import OfficeHolder

    data = complaint_form_data(OfficeHolder.objects.get())
    files = [
        upload(f"{n}.pdf", PDF_BYTES) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]

    response = client.post("/complaints/make/", {**data, "evidence": files})

    assert_styled(response, 400)
    assert Complaint.objects.count() == 0


def test_more_evidence_files_than_the_form_takes_is_said_on_the_form(client):
    from plans.models import OfficeHolder

    data = complaint_form_data(OfficeHolder.objects.get())
    files = [upload(f"{n}.pdf", PDF_BYTES, "application/pdf") for n in range(6)]

    response = client.post("/complaints/make/", {**data, "evidence": files})

    assert_styled(response, 200)
    assert "You can upload up to 5 files: you chose 6" in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/passwd.pdf",
        "..\\..\\windows\\system32\\evil.pdf",
        "/etc/cron.d/evil.pdf",
        "%2e%2e%2fevil.pdf",
        "<script>alert(1)</script>.pdf",
        "evil\x00.pdf",
    ],
)
def test_path_traversal_in_file_names_never_leaves_the_private_folder(client, tmp_path, name):
    from plans.models import OfficeHolder

    data = complaint_form_data(OfficeHolder.objects.get())

    response = client.post(
        "/complaints/make/", {**data, "evidence": upload(name, PDF_BYTES, "application/pdf")}
    )

    assert response.status_code == 302
    stored = ComplaintFile.objects.get()
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    assert "\x00" not in stored.original_name
    path = (tmp_path / "private" / stored.file.name).resolve()
    assert path.is_file() and path.is_relative_to((tmp_path / "private").resolve())
    assert {p.name for p in (tmp_path / "private").rglob("*") if p.is_file()} == {path.name}


# The rate limit ----------------------------------------------------------------------------


def test_too_many_forms_get_the_styled_429_that_says_when_to_try_again(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "1/10m"
    build_question(text="Something else entirely about budgets")
    from meetings.models import Meeting

    data = form_data(Meeting.objects.get(slug="open-meeting"), action="send")
    client.post("/questions/ask/", data)

    response = client.post("/questions/ask/", data)

    assert_styled(response, 429)
    assert "You can try again after" in response.content.decode()
    assert int(response["Retry-After"]) > 0
