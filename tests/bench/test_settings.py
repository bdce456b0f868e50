"""The bench settings add the bench to the site's settings; the site's own know nothing of it."""

import pytest
from django.core.management import CommandError, call_command, get_commands

from panel_site import settings as site_settings

pytestmark = pytest.mark.django_db


def test_the_hello_page_answers_under_the_bench_settings(client):
    response = client.get("/bench/hello/")
    assert response.status_code == 200
    assert response.content == b"Hello, world"


def test_the_bench_urls_serve_the_site_with_its_own_error_pages(client):
    assert client.get("/").status_code == 200
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_site_has_no_hello_page(client, settings):
    settings.ROOT_URLCONF = site_settings.ROOT_URLCONF
    assert client.get("/bench/hello/").status_code == 404


def test_the_site_has_no_bench_data_command(settings):
    settings.INSTALLED_APPS = site_settings.INSTALLED_APPS
    assert "generate_bench_data" not in get_commands()
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("generate_bench_data", "--scale", "0.001")


def test_the_site_settings_name_nothing_of_the_bench():
    assert site_settings.ROOT_URLCONF == "panel_site.urls"
    assert not [app for app in site_settings.INSTALLED_APPS if app.startswith("bench")]
