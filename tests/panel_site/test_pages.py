import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("home", "Home"),
        ("about", "About the panel"),
        ("contact", "Contact the panel"),
        ("accessibility", "Accessibility statement"),
        ("privacy", "Privacy notice"),
        ("cookies", "Cookies"),
        ("open-data", "Open data"),
        ("feeds", "Feeds"),
    ],
)
def test_site_page_has_title_description_and_canonical_link(client, url_name, title):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert f"<title>{title} – South Yorkshire Police and Crime Panel</title>" in response.text
    assert '<meta name="description" content="' in response.text
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000{reverse(url_name)}">' in response.text
    )
    assert '<html lang="en-GB"' in response.text


def test_home_page_has_honest_empty_states_and_ways_to_take_part(client):
    response = client.get(reverse("home"))

    assert "No meeting is scheduled yet." in response.text
    assert "No papers or minutes have been published yet." in response.text
    assert 'href="/questions/">Ask the panel a question</a>' in response.text
    assert 'href="/complaints/">Complain about the Mayor or the Deputy Mayor</a>' in response.text


def test_base_template_has_skip_link_navigation_search_and_footer(client):
    response = client.get(reverse("about"))

    assert '<a href="#main-content" class="govuk-skip-link"' in response.text
    assert '<main class="govuk-main-wrapper" id="main-content">' in response.text
    for label in ["Meetings", "Members", "Police and Crime Plan", "Questions", "Complaints"]:
        assert f">{label}</a>" in response.text or f">{label}</strong>" in response.text
    assert 'role="search"' in response.text
    for label in ["About the panel", "Contact", "Accessibility", "Privacy", "Cookies", "Open data"]:
        assert re.search(rf'class="govuk-footer__link" href="/[^"]*">{label}</a>', response.text)
    assert 'aria-label="Breadcrumb"' in response.text


def test_no_inline_script_or_gov_uk_branding_anywhere(client):
    html = client.get(reverse("home")).text

    assert "<script>" not in html
    assert '<script type="module" src="/static/js/panel.js"></script>' in html
    assert '<script src="/static/js/supported.js"></script>' in html
    assert "govuk-header__logotype" not in html
    assert "crown" not in html.lower()
    assert "GDS Transport" not in html


def test_search_echoes_the_query_escaped(client):
    response = client.get(reverse("search:index"), {"q": "<b>HMIC</b>"})

    assert response.status_code == 200
    assert "No results for ‘&lt;b&gt;HMIC&lt;/b&gt;’" in response.text
    assert "<b>HMIC</b>" not in response.text


def test_not_found_page_uses_the_site_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.text
    assert "govuk-service-navigation" in response.text


def test_server_error_page_renders_without_a_request():
    # Django renders 500.html with no context at all when something has gone wrong.
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert 'href="/contact/"' in html


def test_form_from_another_site_gets_the_csrf_failure_page(staff_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "officer", "password": "x"})

    assert response.status_code == 403
    assert "Sorry, your form could not be sent" in response.text


def test_robots_txt_keeps_crawlers_out_of_the_back_office(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert "Disallow: /admin/" in response.text


def test_request_for_an_unknown_host_gets_the_styled_bad_request_page(client):
    response = client.get(reverse("home"), HTTP_HOST="attacker.example.com")

    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.text


def test_permission_denied_page_uses_the_site_layout(rf):
    from django.core.exceptions import PermissionDenied

    from panel_site.views import permission_denied

    response = permission_denied(rf.get("/"), PermissionDenied())

    assert response.status_code == 403
    assert b"You do not have permission to see this page" in response.content
    assert b"govuk-service-navigation" in response.content


@pytest.mark.parametrize(
    # Search queries its index: search/test_search.py pins its number of queries.
    "url_name",
    ["about", "contact", "accessibility", "privacy", "cookies", "feeds"],
)
def test_site_pages_need_no_database_queries(client, django_assert_max_num_queries, url_name):
    with django_assert_max_num_queries(0):
        assert client.get(reverse(url_name), {"q": "HMIC"}).status_code == 200
